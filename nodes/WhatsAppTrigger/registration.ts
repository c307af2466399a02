import type { IDataObject, INodeCredentialTestResult } from 'n8n-workflow';
import { DEFAULT_GRAPH_API_VERSION } from '../shared/graph-api-version';
import { type GraphHost, type GraphRequest, graphUrl } from '../shared/transport';

import { signatureRuleFor } from './signature';
import { HANDOVERS_EVENT, HANDOVERS_FIELD, STANDBY_EVENT, STANDBY_FIELD } from './standby';

/**
 * Registering the trigger's URL with Meta, as plain data: what to do (the plan), the requests to
 * send, and how to read Meta's answers. The app access token never appears here: the credential
 * adds it to each request (see WhatsAppWebhookApi.credentials.ts).
 */

export interface GraphApp extends GraphHost {
	appId: string;
}

export type ActivePlan =
	| { mode: 'app'; app: GraphApp; verifyToken: string }
	| { mode: 'businessAccount'; app: GraphApp; verifyToken: string; businessAccountId: string }
	| { mode: 'phoneNumber'; verifyToken: string; phoneNumberIds: string[] };

export type RegistrationPlan = { mode: 'manual' } | ActivePlan;

/** Whose URL Meta has on file: nobody's, this trigger's (maybe lacking fields), or another one. */
export type Ownership =
	| { owner: 'none' }
	| { owner: 'us'; missingFields: string[] }
	| { owner: 'other'; callbackUrl: string };

const SUBSCRIPTION_OBJECT = 'whatsapp_business_account';
const MAX_OVERRIDE_URL_LENGTH = 200;
const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com';

const API_VERSION_PATTERN = /^v\d+\.\d+$/;
const GRAPH_ID_PATTERN = /^\d+$/;

/**
 * App Subscription and Business Account Override without an app ID and app access token have
 * nothing to call, so registration is manual. Phone Number Override needs no app fields: its
 * calls carry the business token of the WhatsApp Cloud API credential.
 */
export function planRegistration(
	credentials: IDataObject,
	registration: string,
	businessAccountId: string,
	phoneNumberIds = '',
): RegistrationPlan | { mode: 'invalid'; problem: string } {
	if (registration === 'manual') {
		return { mode: 'manual' };
	}
	// Sent exactly as the handshake compares it, so a stray space cannot make the two disagree.
	const verifyToken = typeof credentials.verifyToken === 'string' ? credentials.verifyToken : '';
	const noVerifyToken = {
		mode: 'invalid' as const,
		problem: 'The credential has no Verify Token, which Meta requires to register a webhook',
	};
	if (registration === 'phoneNumber') {
		if (verifyToken.trim() === '') {
			return noVerifyToken;
		}
		const ids = parseGraphIds(phoneNumberIds);
		if (!ids.ok) {
			return { mode: 'invalid', problem: `Phone Number Override: ${ids.problem}` };
		}
		return { mode: 'phoneNumber', verifyToken, phoneNumberIds: ids.ids };
	}
	const appId = trimmed(credentials.appId);
	if (appId === '' || trimmed(credentials.appAccessToken) === '') {
		return { mode: 'manual' };
	}
	if (verifyToken.trim() === '') {
		return noVerifyToken;
	}
	const app: GraphApp = {
		baseUrl: (trimmed(credentials.graphBaseUrl) || DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, ''),
		apiVersion: (trimmed(credentials.apiVersion) || DEFAULT_GRAPH_API_VERSION).replace(
			/^\/+|\/+$/g,
			'',
		),
		appId,
	};
	if (registration === 'businessAccount') {
		const accountId = businessAccountId.trim();
		if (accountId === '') {
			return {
				mode: 'invalid',
				problem: 'Business Account Override needs the WhatsApp Business Account ID',
			};
		}
		return { mode: 'businessAccount', app, verifyToken, businessAccountId: accountId };
	}
	return { mode: 'app', app, verifyToken };
}

/** Comma-separated phone number IDs, as the Phone Number IDs parameter takes them. */
export function parseGraphIds(
	text: string,
): { ok: true; ids: string[] } | { ok: false; problem: string } {
	const ids = [...new Set(text.split(',').map((id) => id.trim()))].filter((id) => id !== '');
	if (ids.length === 0) {
		return {
			ok: false,
			problem: 'enter the phone number IDs whose webhooks this trigger receives, comma-separated',
		};
	}
	const wrong = ids.find((id) => !GRAPH_ID_PATTERN.test(id));
	if (wrong !== undefined) {
		return {
			ok: false,
			problem: `"${wrong}" is not a phone number ID: use the numeric ID from WhatsApp Manager → Phone numbers (not the phone number itself)`,
		};
	}
	return { ok: true, ids };
}

/** The webhook fields to subscribe the app to for the chosen events. */
export function subscriptionFields(events: readonly string[]): string[] {
	const fields: string[] = [];
	if (events.includes('statuses') || events.includes('messages')) {
		fields.push('messages');
	}
	if (events.includes('templateStatusUpdates')) {
		fields.push('message_template_status_update');
	}
	if (events.includes(STANDBY_EVENT)) {
		fields.push(STANDBY_FIELD);
	}
	if (events.includes(HANDOVERS_EVENT)) {
		fields.push(HANDOVERS_FIELD);
	}
	return fields;
}

export function listAppSubscriptionsRequest(app: GraphApp): GraphRequest {
	return { method: 'GET', url: graphUrl(app, app.appId, 'subscriptions') };
}

export function createAppSubscriptionRequest(
	app: GraphApp,
	callbackUrl: string,
	verifyToken: string,
	fields: readonly string[],
): GraphRequest {
	return {
		method: 'POST',
		url: graphUrl(app, app.appId, 'subscriptions'),
		body: {
			object: SUBSCRIPTION_OBJECT,
			callback_url: callbackUrl,
			verify_token: verifyToken,
			fields: fields.join(','),
			include_values: true,
		},
	};
}

export function deleteAppSubscriptionRequest(app: GraphApp): GraphRequest {
	return {
		method: 'DELETE',
		url: graphUrl(app, app.appId, 'subscriptions'),
		qs: { object: SUBSCRIPTION_OBJECT },
	};
}

/** Reads `GET /{app-id}/subscriptions`: `data[{ object, callback_url, active, fields[{ name }] }]`. */
export function appSubscriptionOwner(
	response: unknown,
	callbackUrl: string,
	fields: readonly string[],
): Ownership {
	const subscription = dataOf(response).find(
		(candidate) => candidate.object === SUBSCRIPTION_OBJECT && candidate.active !== false,
	);
	const registeredUrl = subscription ? trimmed(subscription.callback_url) : '';
	if (registeredUrl === '') {
		return { owner: 'none' };
	}
	if (registeredUrl !== callbackUrl) {
		return { owner: 'other', callbackUrl: registeredUrl };
	}
	const registeredFields = Array.isArray(subscription?.fields)
		? subscription.fields.map((field) => (isObject(field) ? field.name : field))
		: [];
	return {
		owner: 'us',
		missingFields: fields.filter((field) => !registeredFields.includes(field)),
	};
}

export function clashMessage(plan: Extract<ActivePlan, { mode: 'app' }>, otherUrl: string): string {
	return (
		`Meta app ${plan.app.appId} already sends its WhatsApp webhooks to ${otherUrl}. ` +
		'A Meta app has one callback URL, so this trigger cannot register its own. ' +
		'Remove that URL in the Meta dashboard (App → WhatsApp → Configuration), ' +
		'or set Registration to Phone Number Override (one workflow per number) or Business Account Override (one per account).'
	);
}

/** Meta refuses override URLs longer than 200 characters; say so before it does. */
export function overrideUrlProblem(callbackUrl: string): string | undefined {
	if (callbackUrl.length <= MAX_OVERRIDE_URL_LENGTH) {
		return undefined;
	}
	return (
		`Meta accepts override callback URLs of at most ${MAX_OVERRIDE_URL_LENGTH} characters, ` +
		`and this trigger's URL has ${callbackUrl.length}: ${callbackUrl}. ` +
		'Use a shorter n8n webhook host (WEBHOOK_URL), or set Registration to App Subscription.'
	);
}

/**
 * The credential test: what can be checked without Meta calling the webhook. The verify token
 * and app secret prove themselves on Meta's first GET and POST; the app access token on activation.
 */
export function checkWebhookCredential(data: IDataObject): INodeCredentialTestResult {
	const appId = trimmed(data.appId);
	const hasToken = trimmed(data.appAccessToken) !== '';
	if (trimmed(data.verifyToken) === '') {
		return {
			status: 'Error',
			message: 'Verify Token is empty: Meta’s verification request cannot succeed',
		};
	}
	const signature = signatureRuleFor(data);
	if (signature.check === 'invalid') {
		return { status: 'Error', message: signature.problem };
	}
	if ((appId === '') !== !hasToken) {
		return {
			status: 'Error',
			message:
				'Set both App ID and App Access Token to register the webhook on activation, or neither to register it by hand',
		};
	}
	if (appId !== '' && !GRAPH_ID_PATTERN.test(appId)) {
		return { status: 'Error', message: 'App ID is a number, as shown in the Meta dashboard' };
	}
	if (!isHttpUrl(trimmed(data.graphBaseUrl) || DEFAULT_GRAPH_BASE_URL)) {
		return { status: 'Error', message: 'Graph Base URL is not an http(s) URL' };
	}
	if (!API_VERSION_PATTERN.test(trimmed(data.apiVersion) || DEFAULT_GRAPH_API_VERSION)) {
		return { status: 'Error', message: `API Version looks like ${DEFAULT_GRAPH_API_VERSION}` };
	}
	const checks =
		appId === ''
			? 'Fields are consistent. Meta checks the verify token and app secret when it calls the webhook.'
			: 'Fields are consistent. Meta checks the verify token and app secret when it calls the webhook, and the app access token when the workflow is activated.';
	return {
		status: 'OK',
		message:
			signature.check === 'none'
				? `${checks} Signatures are not checked: anyone who knows the webhook URL can post.`
				: checks,
	};
}

function dataOf(response: unknown): Array<Record<string, unknown>> {
	return isObject(response) && Array.isArray(response.data) ? response.data.filter(isObject) : [];
}

function isHttpUrl(text: string): boolean {
	try {
		const { protocol } = new URL(text);
		return protocol === 'http:' || protocol === 'https:';
	} catch {
		return false;
	}
}

export function trimmed(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
