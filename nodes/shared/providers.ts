import type { IDataObject } from 'n8n-workflow';
import { InvalidInputError } from './invalid-input';
import { META_REFERENCE_MAX_LENGTH } from './reference';

/**
 * Business Solution Providers (BSPs) that speak Meta's message format behind their own address
 * and key, as plain data: where a message goes, which header carries the key, how long a
 * Reference ID may be, and where the provider's own message ID sits in its answer.
 * Sources: each provider's API documentation, as README.md's "Using a BSP" lists them; the
 * sandbox speaks each profile (`sandbox/bsp-profiles.ts`).
 */

export const PROVIDER_NAMES = [
	'meta',
	'360dialog',
	'gupshupPartner',
	'kapso',
	'telepie',
	'custom',
] as const;

export type ProviderName = (typeof PROVIDER_NAMES)[number];

export type ReadyProviderName = Exclude<ProviderName, 'custom'>;

export interface ProviderProfile {
	provider: ProviderName;
	/** The provider's name in messages. */
	label: string;
	/** Under the base URL; `{version}` and `{phoneNumberId}` are filled in per request. */
	sendPath: string;
	authHeaderName: string;
	/** `{token}` stands for the credential's access token. */
	authHeaderValue: string;
	/** Longest Reference ID the provider takes, in UTF-8 bytes. */
	referenceMaxLength: number;
	/** Where the provider's own message or queue ID sits in its answer (dot/bracket path). */
	messageIdPath: string;
}

export interface ReadyProfile extends ProviderProfile {
	provider: ReadyProviderName;
	/** Used when the credential's Base URL is empty. */
	baseUrl: string;
	/** A read-only call that proves the key, where the provider documents one; else the base URL itself. */
	credentialTestPath: string;
}

export const META_BASE_URL = 'https://graph.facebook.com';

const META_ID_PATH = 'messages[0].id';

export const READY_PROFILES: Record<ReadyProviderName, ReadyProfile> = {
	meta: {
		provider: 'meta',
		label: 'Meta',
		baseUrl: META_BASE_URL,
		sendPath: '/{version}/{phoneNumberId}/messages',
		authHeaderName: 'Authorization',
		authHeaderValue: 'Bearer {token}',
		referenceMaxLength: META_REFERENCE_MAX_LENGTH,
		messageIdPath: META_ID_PATH,
		credentialTestPath: '/{version}/me',
	},
	'360dialog': {
		provider: '360dialog',
		label: '360dialog',
		baseUrl: 'https://waba-v2.360dialog.io',
		// The key belongs to one number, so the path names none.
		sendPath: '/messages',
		authHeaderName: 'D360-API-KEY',
		authHeaderValue: '{token}',
		referenceMaxLength: META_REFERENCE_MAX_LENGTH,
		messageIdPath: META_ID_PATH,
		credentialTestPath: '/health_status',
	},
	gupshupPartner: {
		provider: 'gupshupPartner',
		label: 'Gupshup Partner',
		baseUrl: 'https://partner.gupshup.io',
		// The node's Phone Number ID field carries the Gupshup app ID.
		sendPath: '/partner/app/{phoneNumberId}/v3/message',
		authHeaderName: 'Authorization',
		authHeaderValue: '{token}',
		referenceMaxLength: META_REFERENCE_MAX_LENGTH,
		messageIdPath: META_ID_PATH,
		credentialTestPath: '',
	},
	kapso: {
		provider: 'kapso',
		label: 'Kapso',
		baseUrl: 'https://api.kapso.ai',
		sendPath: '/meta/whatsapp/{version}/{phoneNumberId}/messages',
		authHeaderName: 'X-API-Key',
		authHeaderValue: '{token}',
		referenceMaxLength: META_REFERENCE_MAX_LENGTH,
		messageIdPath: META_ID_PATH,
		credentialTestPath: '/platform/v1/whatsapp/phone_numbers',
	},
	telepie: {
		provider: 'telepie',
		label: 'Telepie',
		baseUrl: 'https://one.telepie.com',
		sendPath: '/v3/{phoneNumberId}/messages',
		authHeaderName: 'apikey',
		authHeaderValue: '{token}',
		referenceMaxLength: META_REFERENCE_MAX_LENGTH,
		messageIdPath: META_ID_PATH,
		credentialTestPath: '',
	},
};

/** What the Custom profile's fields hold until the user changes them: Meta's own conventions. */
export const CUSTOM_DEFAULTS = {
	sendPath: READY_PROFILES.meta.sendPath,
	authHeaderName: READY_PROFILES.meta.authHeaderName,
	authHeaderValue: READY_PROFILES.meta.authHeaderValue,
	referenceMaxLength: META_REFERENCE_MAX_LENGTH,
	messageIdPath: META_ID_PATH,
} as const;

/** Ready profiles whose documentation offers no read-only call, so the credential test cannot prove their key. */
export const UNTESTABLE_PROVIDERS: ProviderName[] = [
	...(Object.values(READY_PROFILES) as ReadyProfile[])
		.filter((profile) => profile.credentialTestPath === '')
		.map((profile) => profile.provider),
	'custom',
];

const TOKEN_PLACEHOLDER = '{token}';
const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const UNKNOWN_PLACEHOLDER_PATTERN = /\{(?!version\}|phoneNumberId\})[^}]*\}/;

/** A credential saved before providers existed has no `provider`: it means Meta. */
export function providerNameOf(credentials: IDataObject): ProviderName {
	const value = credentials.provider;
	if (value === undefined || value === null || value === '') return 'meta';
	if (typeof value === 'string' && (PROVIDER_NAMES as readonly string[]).includes(value)) {
		return value as ProviderName;
	}
	throw new InvalidInputError(
		`The credential's Provider "${String(value)}" is not one this node knows. Pick one of: ${PROVIDER_NAMES.join(', ')}.`,
	);
}

/** The profile a credential chooses: a ready one as it is, or Custom from its fields, checked. */
export function providerProfile(credentials: IDataObject): ProviderProfile {
	const provider = providerNameOf(credentials);
	if (provider !== 'custom') return READY_PROFILES[provider];
	const profile: ProviderProfile = {
		provider,
		label: 'Custom provider',
		sendPath: textOr(credentials.sendPath, CUSTOM_DEFAULTS.sendPath),
		authHeaderName: textOr(credentials.authHeaderName, CUSTOM_DEFAULTS.authHeaderName),
		authHeaderValue: textOr(credentials.authHeaderValue, CUSTOM_DEFAULTS.authHeaderValue),
		referenceMaxLength: referenceLimitOf(credentials.referenceMaxLength),
		messageIdPath: textOr(credentials.messageIdPath, CUSTOM_DEFAULTS.messageIdPath),
	};
	checkCustomProfile(profile);
	return profile;
}

/**
 * The base URL requests go to: the credential's, or the ready profile's when it is empty.
 * A ready BSP profile never sends its key to Meta's host: that is a credential switched from Meta
 * whose Base URL was left behind.
 */
export function providerBaseUrl(credentials: IDataObject, profile: ProviderProfile): string {
	const entered = String(credentials.baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');
	if (entered === '') {
		if (profile.provider === 'custom') {
			throw new InvalidInputError(
				"The credential's Provider is Custom, so it needs a Base URL: your provider's API address, such as https://api.example.com.",
			);
		}
		return READY_PROFILES[profile.provider].baseUrl;
	}
	if (/[?#]/.test(entered)) {
		throw new InvalidInputError(
			`The credential's Base URL "${entered.split(/[?#]/)[0]}…" has a query or fragment. Enter the address alone, such as ${META_BASE_URL}.`,
		);
	}
	if (!/^https?:\/\/[^/\s]+/i.test(entered)) {
		throw new InvalidInputError(
			`The credential's Base URL "${entered}" is not an http(s) address. Leave it empty for the provider's own address, or enter your provider's API address.`,
		);
	}
	// A Graph version (vNN.0) at the end doubles the one the send path adds; a BSP's own /v1 is fine.
	if (profile.sendPath.includes('{version}') && /\/v\d+\.\d+$/i.test(entered)) {
		throw new InvalidInputError(
			`The credential's Base URL "${entered}" ends in an API version. Enter it without it, such as ${entered.replace(/\/v\d+\.\d+$/i, '')}: the version goes in API Version.`,
		);
	}
	if (
		profile.provider !== 'meta' &&
		profile.provider !== 'custom' &&
		sameHost(entered, META_BASE_URL)
	) {
		throw new InvalidInputError(
			`The credential's Provider is ${profile.label}, but its Base URL is Meta's ${META_BASE_URL}. Leave Base URL empty to use ${READY_PROFILES[profile.provider].baseUrl}, or enter your provider's address.`,
		);
	}
	return entered;
}

/** The header that carries the key, as the credential's `authenticate` adds it to every request. */
export function authHeaderFor(credentials: IDataObject): { name: string; value: string } {
	const profile = providerProfile(credentials);
	const token = String(credentials.accessToken ?? '');
	return {
		name: profile.authHeaderName,
		value: profile.authHeaderValue.split(TOKEN_PLACEHOLDER).join(token),
	};
}

/** A path template with `{version}` and `{phoneNumberId}` filled in. */
export function fillPath(template: string, apiVersion: string, phoneNumberId: string): string {
	return template
		.split('{version}')
		.join(apiVersion)
		.split('{phoneNumberId}')
		.join(encodeURIComponent(phoneNumberId));
}

/**
 * Where binary media is uploaded: beside the send path, `/media` for `/messages`, as Meta,
 * 360dialog and Kapso have it. A send path of another shape has no known upload address.
 */
export function mediaPathOf(profile: ProviderProfile): string {
	if (!profile.sendPath.endsWith('/messages')) {
		throw new InvalidInputError(
			`Uploading media from a binary field needs the provider's media address, which ${profile.label} (send path ${profile.sendPath}) does not have in this node. Send the media by link or by a media ID instead.`,
		);
	}
	return `${profile.sendPath.slice(0, -'/messages'.length)}/media`;
}

type PathStep = string | number;

/** `messages[0].id`, `queueId`, `data.items[2].ref`: names joined by dots, array indexes in brackets. */
export function parseIdPath(path: string): PathStep[] {
	const steps: PathStep[] = [];
	let rest = path.trim();
	while (rest !== '') {
		const match = (
			steps.length === 0 ? /^(?:([^.[\]\s]+)|\[(\d+)\])/ : /^(?:\.([^.[\]\s]+)|\[(\d+)\])/
		).exec(rest);
		if (!match) {
			throw new InvalidInputError(
				`The credential's Message ID Path "${path}" is not a path such as messages[0].id or queueId: names joined by dots, array positions in brackets.`,
			);
		}
		steps.push(match[1] ?? Number(match[2]));
		rest = rest.slice(match[0].length);
	}
	if (steps.length === 0) {
		throw new InvalidInputError(
			"The credential's Message ID Path is empty. Use messages[0].id for Meta's answer, or where your provider puts its ID, such as queueId.",
		);
	}
	return steps;
}

/** The ID at `path` in the provider's answer: a non-empty string, or a number as text; else null. */
export function idAtPath(response: unknown, path: string): string | null {
	let value: unknown = response;
	for (const step of parseIdPath(path)) {
		if (typeof step === 'number') {
			value = Array.isArray(value) ? value[step] : undefined;
		} else {
			value =
				typeof value === 'object' && value !== null && !Array.isArray(value)
					? (value as IDataObject)[step]
					: undefined;
		}
	}
	if (typeof value === 'string' && value !== '') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

/**
 * The credential test's URL as an n8n expression (credential tests cannot call code): the
 * profile's read-only call under the base URL, or the base URL itself where none is documented.
 */
export function credentialTestUrlExpression(): string {
	const profiles = Object.values(READY_PROFILES) as ReadyProfile[];
	const baseUrls = JSON.stringify(
		Object.fromEntries(profiles.map((profile) => [profile.provider, profile.baseUrl])),
	);
	const testPaths = JSON.stringify(
		Object.fromEntries(profiles.map((profile) => [profile.provider, profile.credentialTestPath])),
	);
	const provider = '($credentials.provider || "meta")';
	return (
		`={{ ((String($credentials.baseUrl || "").trim() || ${baseUrls}[${provider}] || "").replace(/\\/+$/, "")` +
		` + (${testPaths}[${provider}] || "")).replace("{version}", String($credentials.apiVersion || "").trim()) }}`
	);
}

function checkCustomProfile(profile: ProviderProfile): void {
	if (!/^\/\S*$/.test(profile.sendPath) || UNKNOWN_PLACEHOLDER_PATTERN.test(profile.sendPath)) {
		throw new InvalidInputError(
			`The credential's Send Path "${profile.sendPath}" is not a path such as /{version}/{phoneNumberId}/messages: it starts with /, has no spaces, and its only placeholders are {version} and {phoneNumberId}.`,
		);
	}
	if (!HEADER_NAME_PATTERN.test(profile.authHeaderName)) {
		throw new InvalidInputError(
			`The credential's Auth Header Name "${profile.authHeaderName}" is not a header name, such as Authorization or X-API-Key.`,
		);
	}
	if (
		!profile.authHeaderValue.includes(TOKEN_PLACEHOLDER) ||
		/[\r\n]/.test(profile.authHeaderValue)
	) {
		throw new InvalidInputError(
			"The credential's Auth Header Value needs {token} where the access token goes, such as Bearer {token} or {token}, on one line.",
		);
	}
	parseIdPath(profile.messageIdPath);
}

function referenceLimitOf(value: unknown): number {
	if (value === undefined || value === null || value === '')
		return CUSTOM_DEFAULTS.referenceMaxLength;
	const limit = Number(value);
	if (!Number.isInteger(limit) || limit < 1) {
		throw new InvalidInputError(
			`The credential's Reference ID Limit "${String(value)}" is not a whole number of at least 1. Meta's is 512; use your provider's.`,
		);
	}
	return limit;
}

function textOr(value: unknown, fallback: string): string {
	const text = typeof value === 'string' ? value.trim() : '';
	return text === '' ? fallback : text;
}

function sameHost(url: string, other: string): boolean {
	try {
		return new URL(url).hostname.toLowerCase() === new URL(other).hostname.toLowerCase();
	} catch {
		return false;
	}
}
