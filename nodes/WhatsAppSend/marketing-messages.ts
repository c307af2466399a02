import type { IExecuteFunctions } from 'n8n-workflow';
import { InvalidInputError } from '../shared/invalid-input';
import { parseMetaError } from '../shared/meta-errors';
import { fillPath } from '../shared/providers';
import { type CloudApiSettings, type GraphResponse, graphRequest, isSuccessStatus, messagesUrl } from '../shared/transport';
import type { MessageRequest } from './message-request';

/**
 * Meta's Marketing Messages API for WhatsApp (formerly "MM Lite"): marketing templates sent to
 * `POST /{version}/{phone-number-id}/marketing_messages` with the very body `/messages` takes, so
 * `biz_opaque_callback_data` (the Reference ID) travels unchanged. Facts, as Meta documents them:
 * - the endpoint and body: Meta's reference "Marketing Messages Lite API" (v23.0: POST
 *   /{Version}/{Phone-Number-ID}/marketing_messages, type must be "template"), and 360dialog's
 *   guide ("the only difference is the endpoint /marketing_messages");
 * - only MARKETING templates: utility and authentication templates are refused (131055; 134100 from
 *   v23.0), a non-template message gets 100 "Message must be a template message", a template not yet
 *   synced to the linked ad account 134101 (wait about 10 minutes) — Meta's MM API "Support" page;
 * - onboarding is per business: `GET /{whatsapp-business-account-id}?fields=marketing_messages_onboarding_status`
 *   answers ONBOARDED once the terms are signed (ELIGIBLE before) — Meta's "Onboarding" page,
 *   updated 2025-12-10; 134102 is the send answer of an account not onboarded as
 *   n8n-nodes-whatsapp-advanced's ERRORS.md reads Meta's table **(unverified against Meta's own text)**.
 * A refusal of the route, not of the message, falls back to `/messages`, and the output says why.
 */

export const MARKETING_MESSAGES_EDGE = 'marketing_messages';
export const ONBOARDED = 'ONBOARDED';

/** Meta's codes for "this message cannot go through the Marketing Messages API (now)". */
const ROUTE_REFUSALS: Record<number, string> = {
	131055: 'the template is not a marketing template',
	134100: 'only marketing templates can be sent through it',
	134101: 'the template is not yet synced with the linked ad account (about 10 minutes after it was created or last used)',
	134102: 'the business is not onboarded to it',
	2500: 'the address is unknown to the API',
};

/** Set on a request when the template option asks for the Marketing Messages API. */
export interface MarketingMessagesRoute {
	/** Send through `/messages` when the Marketing Messages API refuses the route. */
	fallback: boolean;
	/** Known before any request (template category, onboarding status): go to `/messages` at once, for this reason. */
	skipReason: string | null;
}

/** What the output item of such a request says about its way. */
export interface RouteNote {
	sentVia: 'marketing_messages' | 'messages';
	fallbackReason: string | null;
}

/** The Marketing Messages address beside the profile's send path, or null when the path has none (not `…/messages`). */
export function marketingMessagesUrl(settings: CloudApiSettings, phoneNumberId: string): string | null {
	const path = settings.profile.sendPath;
	if (!path.endsWith('/messages')) return null;
	return settings.baseUrl + fillPath(`${path.slice(0, -'messages'.length)}${MARKETING_MESSAGES_EDGE}`, settings.apiVersion, phoneNumberId);
}

/** Why the route is refused, from the Marketing Messages API's answer; null for a refusal of the message itself. */
export function routeRefusal(response: Pick<GraphResponse, 'statusCode' | 'body'>): string | null {
	const error = parseMetaError(response.body, response.statusCode);
	const known = error.code === null ? undefined : ROUTE_REFUSALS[error.code];
	if (known !== undefined) {
		return `Marketing Messages API refused the route: ${known} (${error.message}${error.details ? `: ${error.details}` : ''})`;
	}
	if (error.code === null && response.statusCode === 404) {
		return `Marketing Messages API refused the route: its address answered HTTP 404`;
	}
	return null;
}

/** Why a template will not go through the Marketing Messages API, known before sending; null when it may. */
export function skipReasonFor(category: string | null, onboardingStatus: string | null): string | null {
	if (category !== null && category !== 'MARKETING') {
		return `the template's category is ${category}; the Marketing Messages API takes only MARKETING templates`;
	}
	if (onboardingStatus !== null && onboardingStatus !== ONBOARDED) {
		return `the account's marketing_messages_onboarding_status is ${onboardingStatus}, not ${ONBOARDED}: accept the Marketing Messages API terms in WhatsApp Manager first`;
	}
	return null;
}

/**
 * Sends one request: through `/messages`, or, for a request with the Marketing Messages option,
 * through `/marketing_messages` first, falling back to `/messages` when that route is refused.
 * The way taken is noted per item in `notes`.
 */
export async function postMessage(
	this: IExecuteFunctions,
	settings: CloudApiSettings,
	request: MessageRequest,
	timeoutMs: number,
	notes: Map<number, RouteNote>,
): Promise<GraphResponse> {
	const toMessages = async () =>
		await graphRequest.call(this, { method: 'POST', url: messagesUrl(settings, request.phoneNumberId), body: request.body, timeoutMs });
	const route = request.marketingMessages;
	if (route === undefined) return await toMessages();
	const url = marketingMessagesUrl(settings, request.phoneNumberId);
	const skip =
		route.skipReason ??
		(url === null ? `${settings.profile.label}'s send path ${settings.profile.sendPath} has no Marketing Messages address beside it` : null);
	if (skip !== null) {
		if (!route.fallback) throw new InvalidInputError(`Not sent through the Marketing Messages API: ${skip}.`);
		notes.set(request.itemIndex, { sentVia: 'messages', fallbackReason: skip });
		return await toMessages();
	}
	const response = await graphRequest.call(this, { method: 'POST', url: url as string, body: request.body, timeoutMs });
	if (isSuccessStatus(response.statusCode)) {
		notes.set(request.itemIndex, { sentVia: MARKETING_MESSAGES_EDGE, fallbackReason: null });
		return response;
	}
	const refusal = route.fallback ? routeRefusal(response) : null;
	if (refusal === null) return response;
	notes.set(request.itemIndex, { sentVia: 'messages', fallbackReason: refusal });
	return await toMessages();
}
