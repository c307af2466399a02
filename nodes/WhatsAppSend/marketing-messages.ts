import { parseMetaError } from '../shared/meta-errors';
import type { GraphResponse } from '../shared/transport';

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
	134101:
		'the template is not yet synced with the linked ad account (about 10 minutes after it was created or last used)',
	134102: 'the business is not onboarded to it',
	2500: 'the address is unknown to the API',
};

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
export function skipReasonFor(
	category: string | null,
	onboardingStatus: string | null,
): string | null {
	if (category !== null && category !== 'MARKETING') {
		return `the template's category is ${category}; the Marketing Messages API takes only MARKETING templates`;
	}
	if (onboardingStatus !== null && onboardingStatus !== ONBOARDED) {
		return `the account's marketing_messages_onboarding_status is ${onboardingStatus}, not ${ONBOARDED}: accept the Marketing Messages API terms in WhatsApp Manager first`;
	}
	return null;
}
