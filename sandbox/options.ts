import { bspProblem, toBspProfile, type BspProfile, type BspSetting } from './bsp-profiles';
import { isLoopbackUrl } from './loopback';
import { defaultTemplates, type MessageTemplate } from './templates';

export interface PhoneNumber {
	id: string;
	/** As Meta lists it (`+1 555-078-3881`); webhook metadata carries its digits only. */
	display_phone_number: string;
	verified_name: string;
	quality_rating: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';
}

export interface StatusDelays {
	sent: number;
	delivered: number;
	read: number;
}

export interface ForcedFailure {
	/** How many of the next API requests get this answer. */
	count: number;
	status: number;
	/** An HTML error page, as a proxy or load balancer in front of the API would send. */
	html: boolean;
	/** Adds a `Retry-After` header, as BSP proxies do. */
	retryAfterSeconds?: number;
	/** Handle the request first (a message is accepted and its webhooks follow), then fail: the ambiguous outcome. */
	afterAccepting?: boolean;
}

/** Everything that shapes the sandbox's behaviour; all of it can change at runtime. */
export interface SandboxConfig {
	accessToken: string;
	appId: string;
	appSecret: string;
	wabaId: string;
	phoneNumbers: PhoneNumber[];
	templates: MessageTemplate[];
	/** The app-level callback URL (what the dashboard or `POST /{appId}/subscriptions` sets). */
	callbackUrl: string | null;
	verifyToken: string;
	statusDelaysMs: StatusDelays;
	latencyMs: number;
	/** Throughput tier: accepted messages per sliding second; 0 means unlimited. */
	messagesPerSecond: number;
	/** Messages to one recipient allowed within 6 s before 131056; 0 turns the pair limit off. */
	pairRateLimit: number;
	failingRecipients: string[];
	duplicateWebhooks: boolean;
	reorderWebhooks: boolean;
	batchStatuses: boolean;
	/** With `batchStatuses`, statuses that fall due within this window share one POST. */
	batchWindowMs: number;
	pricingOn: 'sent' | 'delivered';
	/** Meta leaves `conversation` out from v24.0 on; false does the same. */
	conversation: boolean;
	referenceMaxLength: number;
	/** Waits between delivery attempts of one webhook; attempts = length + 1. */
	webhookRetryDelaysMs: number[];
	webhookTimeoutMs: number;
	failNextRequests: ForcedFailure | null;
	/** Most recent requests, webhook attempts and messages kept for inspection. */
	recordLimit: number;
	/** A Business Solution Provider the sandbox plays instead of Meta's Graph API; null is Meta. */
	bsp: BspProfile | null;
	/** The account's `marketing_messages_onboarding_status`; only ONBOARDED may send through `/marketing_messages`. */
	marketingMessagesOnboarding: MarketingMessagesOnboarding;
}

export const marketingMessagesOnboardingStatuses = ['ONBOARDED', 'ELIGIBLE', 'INELIGIBLE'] as const;
export type MarketingMessagesOnboarding = (typeof marketingMessagesOnboardingStatuses)[number];

/** A change of configuration: `bsp` may name a provider, or give its profile with fields changed. */
export type ConfigPatch = Partial<Omit<SandboxConfig, 'bsp'>> & { bsp?: BspSetting };

export interface SandboxOptions extends ConfigPatch {
	accessToken: string;
	/** 0 picks a free port. */
	port?: number;
	/** Serve HTTPS with this key and certificate (PEM). */
	tls?: { key: string | Buffer; cert: string | Buffer };
	/** Called with one line per API request and webhook attempt. */
	log?: (line: string) => void;
}

export const defaultConfig: Omit<SandboxConfig, 'accessToken'> = {
	appId: '1234567890123456',
	appSecret: 'sandbox-app-secret',
	wabaId: '102290129340398',
	phoneNumbers: [
		{
			id: '106540352242922',
			display_phone_number: '+1 555-078-3881',
			verified_name: 'Sandbox Business',
			quality_rating: 'GREEN',
		},
	],
	templates: defaultTemplates,
	callbackUrl: null,
	verifyToken: 'sandbox-verify-token',
	statusDelaysMs: { sent: 200, delivered: 400, read: 600 },
	latencyMs: 0,
	messagesPerSecond: 80,
	pairRateLimit: 0,
	failingRecipients: [],
	duplicateWebhooks: false,
	reorderWebhooks: false,
	batchStatuses: false,
	batchWindowMs: 100,
	pricingOn: 'sent',
	conversation: true,
	referenceMaxLength: 512,
	webhookRetryDelaysMs: [250, 1000, 4000],
	webhookTimeoutMs: 5000,
	failNextRequests: null,
	recordLimit: 10000,
	bsp: null,
	marketingMessagesOnboarding: 'ONBOARDED',
};

type Check = (value: unknown) => string | null;

const isRecord = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

const text: Check = (v) => (typeof v === 'string' && v !== '' ? null : 'a non-empty string');
const natural: Check = (v) => (count(v) ? null : 'an integer ≥ 0');
const flag: Check = (v) => (typeof v === 'boolean' ? null : 'true or false');

const checks: Record<keyof SandboxConfig, Check> = {
	accessToken: text,
	appId: text,
	appSecret: text,
	wabaId: text,
	verifyToken: text,
	phoneNumbers: (v) =>
		Array.isArray(v) &&
		v.length > 0 &&
		v.every(
			(p) => isRecord(p) && typeof p.id === 'string' && typeof p.display_phone_number === 'string',
		)
			? null
			: 'a non-empty array of {id, display_phone_number, verified_name, quality_rating}',
	templates: (v) =>
		Array.isArray(v) &&
		v.every((t) => isRecord(t) && typeof t.name === 'string' && typeof t.language === 'string')
			? null
			: 'an array of templates with name and language',
	callbackUrl: (v) =>
		v === null || (typeof v === 'string' && isLoopbackUrl(v))
			? null
			: 'null or an http(s) URL on loopback',
	statusDelaysMs: (v) =>
		isRecord(v) && count(v.sent) && count(v.delivered) && count(v.read)
			? null
			: '{sent, delivered, read} in ms',
	latencyMs: natural,
	messagesPerSecond: natural,
	pairRateLimit: natural,
	failingRecipients: (v) =>
		Array.isArray(v) && v.every((r) => typeof r === 'string') ? null : 'an array of strings',
	duplicateWebhooks: flag,
	reorderWebhooks: flag,
	batchStatuses: flag,
	batchWindowMs: natural,
	pricingOn: (v) => (v === 'sent' || v === 'delivered' ? null : "'sent' or 'delivered'"),
	conversation: flag,
	referenceMaxLength: natural,
	webhookRetryDelaysMs: (v) =>
		Array.isArray(v) && v.length <= 10 && v.every(count)
			? null
			: 'an array of at most 10 delays in ms',
	webhookTimeoutMs: natural,
	failNextRequests: (v) =>
		v === null ||
		(isRecord(v) &&
			count(v.count) &&
			count(v.status) &&
			v.status >= 400 &&
			v.status <= 599 &&
			typeof v.html === 'boolean' &&
			(v.retryAfterSeconds === undefined || count(v.retryAfterSeconds)) &&
			(v.afterAccepting === undefined || typeof v.afterAccepting === 'boolean'))
			? null
			: 'null or {count, status (400–599), html, retryAfterSeconds?, afterAccepting?}',
	recordLimit: natural,
	bsp: bspProblem,
	marketingMessagesOnboarding: (v) =>
		(marketingMessagesOnboardingStatuses as readonly unknown[]).includes(v)
			? null
			: marketingMessagesOnboardingStatuses.join(', '),
};

/** Applies a partial config; throws with every offending field named so an admin call can say why. */
export function patchConfig(current: SandboxConfig, patch: unknown): SandboxConfig {
	if (!isRecord(patch)) throw new Error('config must be a JSON object');
	const problems: string[] = [];
	for (const [key, value] of Object.entries(patch)) {
		const check = checks[key as keyof SandboxConfig] as Check | undefined;
		if (!check) {
			problems.push(`unknown option ${key}`);
			continue;
		}
		const expected = check(value);
		if (expected) problems.push(`${key} must be ${expected}`);
	}
	if (problems.length > 0) throw new Error(problems.join('; '));
	const next = structuredClone({ ...current, ...patch } as SandboxConfig);
	if ('bsp' in patch) next.bsp = toBspProfile(patch.bsp as BspSetting);
	return next;
}

const creationOnly = new Set(['port', 'tls', 'log']);

export function resolveConfig(options: SandboxOptions): SandboxConfig {
	const config = Object.fromEntries(
		Object.entries(options).filter(([key, value]) => value !== undefined && !creationOnly.has(key)),
	);
	return patchConfig({ ...defaultConfig, accessToken: options.accessToken }, config);
}
