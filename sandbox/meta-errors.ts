import { randomBytes } from 'node:crypto';
import type { ForcedFailure } from './options';

/** What a route answers: a JSON value, or a string sent with `contentType`. */
export interface ApiAnswer {
	status: number;
	body: unknown;
	contentType?: string;
	headers?: Record<string, string>;
}

/** Meta's titles; the error's `message` is `(#code) title`. */
const titles: Record<number, string> = {
	100: 'Invalid parameter',
	130429: 'Rate limit hit',
	131000: 'Something went wrong',
	131008: 'Required parameter is missing',
	131009: 'Parameter value is not valid',
	131016: 'Service unavailable',
	131026: 'Message undeliverable',
	131056: '(Business Account, Consumer Account) pair rate limit hit',
	132001: 'Template name does not exist in the translation',
	// Marketing Messages API for WhatsApp (Meta's MM API "Support" page; 134102 as n8n-nodes-whatsapp-advanced reads it).
	134100: 'Marketing messages can only be sent with marketing templates',
	134102: 'Business is not onboarded to the Marketing Messages API',
};

/** Subcodes Meta still sends although it calls them deprecated. */
const subcodes: Record<number, number> = { 130429: 2494055 };

export const errorCodesHref = '/documentation/business-messaging/whatsapp/support/error-codes';

export function fbtraceId(): string {
	return randomBytes(17).toString('base64url').slice(0, 23);
}

export function whatsappTitle(code: number): string {
	return titles[code] ?? 'Unknown error';
}

/** A WhatsApp error as the Cloud API answers it (fixtures error_100_meta_mmapi.json, error_130429_meta.json). */
export function whatsappError(code: number, details: string, status = 400): ApiAnswer {
	const error: Record<string, unknown> = {
		message: `(#${code}) ${whatsappTitle(code)}`,
		type: 'OAuthException',
		code,
		error_data: { messaging_product: 'whatsapp', details },
	};
	if (subcodes[code] !== undefined) error.error_subcode = subcodes[code];
	error.fbtrace_id = fbtraceId();
	return { status, body: { error } };
}

/** Meta's 130429 answer, word for word (fixture error_130429_meta.json), sent with HTTP 400. */
export function throughputError(): ApiAnswer {
	return whatsappError(130429, 'Cloud API message throughput has been reached.');
}

export function pairRateError(): ApiAnswer {
	return whatsappError(
		131056,
		'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
	);
}

/** The `errors[]` entry of a failed status (fixture status_failed_meta_131049.json, with Meta's 131026 texts). */
export function undeliverableStatusError(): Record<string, unknown> {
	return {
		code: 131026,
		title: whatsappTitle(131026),
		message: whatsappTitle(131026),
		error_data: {
			details:
				'Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number; the recipient has not accepted the new Terms of Service and Privacy Policy; the recipient is using an old WhatsApp version.',
		},
		href: errorCodesHref,
	};
}

/** Graph's own errors (token, unknown objects, paths) carry no `error_data`. */
function graphError(status: number, fields: Record<string, unknown>): ApiAnswer {
	return { status, body: { error: { ...fields, fbtrace_id: fbtraceId() } } };
}

/** Missing or wrong token: HTTP 401 with Graph's 190 (fixture error_190_graph.json). */
export function tokenError(tokenGiven: boolean): ApiAnswer {
	const answer = graphError(401, {
		message: tokenGiven
			? 'Error validating access token: The session is invalid or the token has expired.'
			: 'An active access token must be used to query information about the current user.',
		type: 'OAuthException',
		code: 190,
		...(tokenGiven ? { error_subcode: 463 } : {}),
		error_user_title: 'Invalid access token',
		error_user_msg: tokenGiven
			? 'The access token is invalid or has expired. Generate a new one.'
			: 'This request needs an access token.',
	});
	answer.headers = {
		'WWW-Authenticate': 'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token"',
	};
	return answer;
}

export function unknownObjectError(method: string, id: string): ApiAnswer {
	return graphError(400, {
		message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
		type: 'GraphMethodException',
		code: 100,
		error_subcode: 33,
	});
}

export function unknownPathError(path: string): ApiAnswer {
	return graphError(400, {
		message: `Unknown path components: ${path}`,
		type: 'OAuthException',
		code: 2500,
	});
}

export function graphParameterError(details: string): ApiAnswer {
	return graphError(400, { message: `(#100) ${details}`, type: 'OAuthException', code: 100 });
}

export function appTokenRequiredError(): ApiAnswer {
	return graphError(400, {
		message: '(#15) This method must be called with an app access_token.',
		type: 'OAuthException',
		code: 15,
	});
}

/** The app ID or secret given for an app token is wrong. */
export function appCredentialsError(message: string, code: number): ApiAnswer {
	return graphError(400, { message, type: 'OAuthException', code });
}

export function callbackVerificationError(reason: string): ApiAnswer {
	return graphError(400, {
		message: `(#2200) Callback verification failed with the following errors: ${reason}`,
		type: 'OAuthException',
		code: 2200,
	});
}

const htmlErrorPage =
	'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Error</title></head>' +
	"<body><h1>Sorry, something went wrong.</h1><p>We're working on it and we'll get it fixed as soon as we can.</p></body></html>\n";

/** A forced fault: Meta's transient codes as JSON, or the HTML page a proxy sends. */
export function forcedFailure({ status, html, retryAfterSeconds }: ForcedFailure): ApiAnswer {
	let answer: ApiAnswer;
	if (html) answer = { status, body: htmlErrorPage, contentType: 'text/html; charset=utf-8' };
	else if (status === 500)
		answer = whatsappError(131000, 'Something went wrong. Please retry your request.', status);
	else
		answer = whatsappError(
			131016,
			'A service is temporarily unavailable. Please retry your request.',
			status,
		);
	if (retryAfterSeconds !== undefined)
		answer.headers = { 'Retry-After': String(retryAfterSeconds) };
	return answer;
}
