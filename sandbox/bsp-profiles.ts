/**
 * BSP mode: the sandbox playing a Business Solution Provider that takes Meta's message body at its
 * own path, behind its own key header, instead of Meta's Graph API. The facts per provider come
 * from each provider's API documentation (README.md, "Using a BSP"); Kapso's webhook signature is from its SDK
 * (gokapso/whatsapp-cloud-api-js, src/webhooks/verify.ts). Kept apart from the node's own
 * profiles on purpose: the sandbox is the independent party the nodes are tested against.
 */

export const bspNames = ['360dialog', 'gupshupPartner', 'kapso', 'telepie', 'custom'] as const;

export type BspName = (typeof bspNames)[number];

export const bspAnswers = ['meta', 'queueId'] as const;

export interface BspProfile {
	profile: BspName;
	/** The one path messages and mark-as-read are posted to; `{version}`, `{phoneNumberId}` and `{appId}` are matched. */
	sendPath: string;
	authHeaderName: string;
	/** `{token}` stands for the sandbox's access token. */
	authHeaderValue: string;
	/** `meta`: Meta's answer with the wamid; `queueId`: `{queueId}` only, the wamid first shows in the status webhooks. */
	answer: (typeof bspAnswers)[number];
	/** `biz_opaque_callback_data` limit in characters. */
	referenceMaxLength: number;
	/** Where webhooks carry their HMAC-SHA256 (keyed with `appSecret`); null sends them unsigned. */
	signatureHeader: string | null;
	/** Text before the hex digest in that header. */
	signaturePrefix: string;
}

/** How `bsp` is given: null (Meta's Graph API), a provider's name, or its profile with fields changed. */
export type BspSetting = BspName | (Partial<BspProfile> & { profile: BspName }) | null;

const metaConventions = {
	sendPath: '/{version}/{phoneNumberId}/messages',
	authHeaderName: 'Authorization',
	authHeaderValue: 'Bearer {token}',
	answer: 'meta',
	referenceMaxLength: 512,
	signatureHeader: 'X-Hub-Signature-256',
	signaturePrefix: 'sha256=',
} as const;

const readyProfiles: Record<BspName, BspProfile> = {
	'360dialog': {
		profile: '360dialog',
		...metaConventions,
		// The key belongs to one number, so the path names none.
		sendPath: '/messages',
		authHeaderName: 'D360-API-KEY',
		authHeaderValue: '{token}',
		signatureHeader: 'x-360dialog-signature',
		signaturePrefix: '',
	},
	gupshupPartner: {
		profile: 'gupshupPartner',
		...metaConventions,
		sendPath: '/partner/app/{appId}/v3/message',
		authHeaderValue: '{token}',
		signatureHeader: null,
		signaturePrefix: '',
	},
	kapso: {
		profile: 'kapso',
		...metaConventions,
		sendPath: '/meta/whatsapp/{version}/{phoneNumberId}/messages',
		authHeaderName: 'X-API-Key',
		authHeaderValue: '{token}',
		signatureHeader: 'X-Webhook-Signature',
		signaturePrefix: '',
	},
	telepie: {
		profile: 'telepie',
		...metaConventions,
		sendPath: '/v3/{phoneNumberId}/messages',
		authHeaderName: 'apikey',
		authHeaderValue: '{token}',
		signatureHeader: null,
		signaturePrefix: '',
	},
	// Meta's conventions until a field says otherwise, as the node's Custom provider has it.
	custom: { profile: 'custom', ...metaConventions },
};

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const unknownPlaceholder = /\{(?!version\}|phoneNumberId\}|appId\})[^}]*\}/;

const isRecord = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

const fieldChecks: Record<Exclude<keyof BspProfile, 'profile'>, (v: unknown) => string | null> = {
	sendPath: (v) =>
		typeof v === 'string' && /^\/\S*$/.test(v) && !unknownPlaceholder.test(v)
			? null
			: 'a path starting with /, its only placeholders {version}, {phoneNumberId} and {appId}',
	authHeaderName: (v) => (typeof v === 'string' && headerName.test(v) ? null : 'a header name'),
	authHeaderValue: (v) =>
		typeof v === 'string' && v.includes('{token}') && !/[\r\n]/.test(v)
			? null
			: 'one line with {token} in it',
	answer: (v) =>
		(bspAnswers as readonly unknown[]).includes(v) ? null : `one of ${bspAnswers.join(', ')}`,
	referenceMaxLength: (v) =>
		typeof v === 'number' && Number.isInteger(v) && v >= 1 ? null : 'an integer ≥ 1',
	signatureHeader: (v) =>
		v === null || (typeof v === 'string' && headerName.test(v)) ? null : 'null or a header name',
	signaturePrefix: (v) =>
		typeof v === 'string' && !/[\r\n]/.test(v) ? null : 'a string on one line',
};

/** What is wrong with a `bsp` setting; null when nothing is. */
export function bspProblem(value: unknown): string | null {
	if (value === null || (bspNames as readonly unknown[]).includes(value)) return null;
	const expected = `null, one of ${bspNames.join(', ')}, or {profile, …fields}`;
	if (!isRecord(value)) return expected;
	if (!(bspNames as readonly unknown[]).includes(value.profile))
		return `${expected}; profile is missing or unknown`;
	const problems = Object.entries(value)
		.filter(([key]) => key !== 'profile')
		.map(([key, field]) => {
			const check = fieldChecks[key as keyof typeof fieldChecks] as
				| ((v: unknown) => string | null)
				| undefined;
			if (check === undefined) return `unknown field ${key}`;
			const wanted = check(field);
			return wanted === null ? null : `${key} must be ${wanted}`;
		})
		.filter((problem) => problem !== null);
	return problems.length === 0 ? null : problems.join(', ');
}

/** The full profile a checked `bsp` setting stands for; null for Meta's Graph API. */
export function toBspProfile(setting: BspSetting | undefined): BspProfile | null {
	if (setting === null || setting === undefined) return null;
	if (typeof setting === 'string') return { ...readyProfiles[setting] };
	return { ...readyProfiles[setting.profile], ...setting };
}
