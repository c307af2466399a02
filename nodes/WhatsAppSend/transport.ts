import type { IExecuteFunctions } from 'n8n-workflow';
import { InvalidInputError } from '../shared/invalid-input';
import {
	type CloudApiSettings,
	type GraphResponse,
	graphRequest,
	isSuccessStatus,
	marketingMessagesUrl,
	messagesUrl,
} from '../shared/transport';
import { MARKETING_MESSAGES_EDGE, routeRefusal } from './marketing-messages';
import type { MessageRequest, PooledSend, RouteNote } from './types';

/** The Send node's requests on the shared Graph client (`../shared/transport.ts`): the message POST. */

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
	pooled?: PooledSend,
): Promise<GraphResponse> {
	const post = async (url: string) =>
		pooled === undefined
			? await graphRequest.call(this, { method: 'POST', url, body: request.body, timeoutMs })
			: await pooled.connections.post({
					url,
					body: request.body,
					timeoutMs,
					lastOnConnection: pooled.lastOnConnection,
				});
	const toMessages = async () => await post(messagesUrl(settings, request.phoneNumberId));
	const route = request.marketingMessages;
	if (route === undefined) return await toMessages();
	const url = marketingMessagesUrl(settings, request.phoneNumberId);
	const skip =
		route.skipReason ??
		(url === null
			? `${settings.profile.label}'s send path ${settings.profile.sendPath} has no Marketing Messages address beside it`
			: null);
	if (skip !== null) {
		if (!route.fallback)
			throw new InvalidInputError(`Not sent through the Marketing Messages API: ${skip}.`);
		notes.set(request.itemIndex, { sentVia: 'messages', fallbackReason: skip });
		return await toMessages();
	}
	const response = await post(url as string);
	if (isSuccessStatus(response.statusCode)) {
		notes.set(request.itemIndex, { sentVia: MARKETING_MESSAGES_EDGE, fallbackReason: null });
		return response;
	}
	const refusal = route.fallback ? routeRefusal(response) : null;
	if (refusal === null) return response;
	notes.set(request.itemIndex, { sentVia: 'messages', fallbackReason: refusal });
	return await toMessages();
}
