/** An error as Meta's Graph API reports it (`{ error: { message, code, error_data, fbtrace_id } }`). */
export interface MetaError {
	code: number | null;
	title: string;
	message: string;
	details: string | null;
	fbtraceId: string | null;
	httpStatus: number | null;
}

/** How the send queue treats a failure: Meta says to classify by `error.code`, not HTTP status. */
export type FailureClass = 'throughput' | 'pairRateLimit' | 'transient' | 'ambiguous' | 'permanent';

const THROUGHPUT_CODES = new Set([4, 17, 613, 80007, 130429]);
const TRANSIENT_CODES = new Set([1, 2, 131000, 131016, 131057, 133004]);
const PAIR_RATE_LIMIT_CODE = 131056;

export function classifyMetaError(error: MetaError): FailureClass {
	if (error.code === PAIR_RATE_LIMIT_CODE) return 'pairRateLimit';
	if (error.code !== null && THROUGHPUT_CODES.has(error.code)) return 'throughput';
	if (error.code !== null && TRANSIENT_CODES.has(error.code)) return 'transient';
	if (error.code === null && error.httpStatus === 429) return 'throughput';
	// A gateway timeout: the request reached the gateway, and the API behind it may have accepted it.
	if (error.code === null && error.httpStatus === GATEWAY_TIMEOUT) return 'ambiguous';
	if (error.code === null && error.httpStatus !== null && error.httpStatus >= 500)
		return 'transient';
	return 'permanent';
}

const HINTS: Record<number, string> = {
	0: 'The access token is not valid any more. Generate a new System User token and update the WhatsApp Cloud API credential.',
	190: 'The access token has expired or was revoked. Generate a new System User token and update the WhatsApp Cloud API credential.',
	10: 'The token lacks a permission. Give the System User the whatsapp_business_messaging permission and assign it the WhatsApp account.',
	100: 'Meta refused a parameter. Check the field named in the details, and the phone number ID.',
	131026:
		'The recipient cannot receive this message: the number may not be on WhatsApp, or has not accepted the latest terms.',
	131047:
		'More than 24 hours have passed since the customer last wrote. Send an approved template instead of a free-form message.',
	131049:
		'Meta held back this marketing message to protect engagement. Do not resend within 24 hours.',
	131050:
		'The customer stopped marketing messages from this business. Do not send them marketing templates.',
	131056:
		"Too many messages to this same recipient in a short time (about one every 6 seconds). The node held this recipient's messages for 1, 4, 16, then 64 s before each retry while the others went on, up to Max Retries; lower the pace for this recipient.",
	130429:
		"Meta's throughput limit for this phone number was reached. Lower Messages Per Second in Sending Options.",
	132000: "The number of template parameters does not match the template's variables.",
	132001:
		'The template does not exist in this language, or is not approved yet. Check its name and language in WhatsApp Manager.',
	132015:
		'The template is paused for low quality. Edit it in WhatsApp Manager before sending again.',
	132016: 'The template was disabled for low quality. Create a new template.',
	368: 'The WhatsApp Business Account is restricted for a policy violation. See Business Support Home.',
};

export function hintFor(error: MetaError): string | undefined {
	return error.code === null ? undefined : HINTS[error.code];
}

interface GraphErrorBody {
	error?: {
		message?: unknown;
		code?: unknown;
		error_data?: { details?: unknown };
		fbtrace_id?: unknown;
	};
}

const TITLE_FROM_MESSAGE = /^\(#\d+\)\s*/;

const GATEWAY_TIMEOUT = 504;
const GATEWAY_TIMEOUT_DETAILS =
	'The gateway in front of the API timed out, so the API may have accepted the message; it was not sent again unless Retry After Timeouts is on. Match it by its Reference ID in the status webhooks.';

/** Reads Meta's error object out of an answer body, whatever shape the answer took. */
export function parseMetaError(body: unknown, httpStatus: number | null): MetaError {
	const error =
		(typeof body === 'object' && body !== null ? (body as GraphErrorBody).error : undefined) ?? {};
	const code =
		typeof error.code === 'number' ? error.code : Number.parseInt(String(error.code ?? ''), 10);
	const message =
		typeof error.message === 'string' ? error.message : describeUnexpectedBody(body, httpStatus);
	const details = error.error_data?.details;
	return {
		code: Number.isFinite(code) ? code : null,
		title: message.replace(TITLE_FROM_MESSAGE, ''),
		message,
		details:
			typeof details === 'string'
				? details
				: httpStatus === GATEWAY_TIMEOUT && typeof error.message !== 'string'
					? GATEWAY_TIMEOUT_DETAILS
					: null,
		fbtraceId: typeof error.fbtrace_id === 'string' ? error.fbtrace_id : null,
		httpStatus,
	};
}

function describeUnexpectedBody(body: unknown, httpStatus: number | null): string {
	const status = httpStatus === null ? 'an answer' : `HTTP ${httpStatus}`;
	if (body === undefined || body === null || body === '')
		return `The API answered ${status} with an empty body`;
	if (typeof body === 'string') {
		const snippet = body.replace(/\s+/g, ' ').trim().slice(0, 120);
		return `The API answered ${status} with a body that is not Meta's JSON: "${snippet}"`;
	}
	return `The API answered ${status} without an error object`;
}

/**
 * A request that threw instead of answering. n8n wraps the HTTP client's error (as `cause`); an
 * answer either carries is read as Meta's, and otherwise the transport's own reason is given.
 * Never the request itself: its URL, query and headers may hold the token.
 */
export function parseRequestFailure(error: unknown): MetaError {
	const outer = recordOf(error);
	const response = [outer.response, recordOf(outer.cause).response].find(isRecord);
	const status = Number(response?.status ?? response?.statusCode ?? outer.httpCode);
	const httpStatus = Number.isInteger(status) ? status : null;
	if (response !== undefined) return parseMetaError(response.data ?? response.body, httpStatus);
	const message = [outer.description, outer.message].find(
		(text): text is string => typeof text === 'string' && text !== '',
	);
	return {
		code: null,
		title: message ?? 'no details',
		message: message ?? 'no details',
		details: null,
		fbtraceId: null,
		httpStatus,
	};
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function recordOf(value: unknown): Record<string, unknown> {
	return isRecord(value) ? value : {};
}
