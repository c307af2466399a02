import type { IDataObject } from 'n8n-workflow';
import type { MetaError } from '../shared/meta-errors';
import { hintFor } from '../shared/meta-errors';
import { idAtPath } from '../shared/providers';
import type { MessageRequest } from './types';

interface SendResponseBody {
	contacts?: Array<{ wa_id?: unknown }>;
	messages?: Array<{ id?: unknown; message_status?: unknown }>;
}

function textOrNull(value: unknown): string | null {
	return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * The output item of a request the provider accepted (README.md, WhatsApp Send → Output). An answer
 * without a wamid, such as a queued-send BSP's queue ID, is a success too: `messageId` is then
 * null, and `providerMessageId` holds what sits at the profile's `messageIdPath`.
 */
export function successOutput(
	request: MessageRequest,
	response: unknown,
	messageIdPath: string,
): IDataObject {
	const body = (
		typeof response === 'object' && response !== null ? response : {}
	) as SendResponseBody;
	const message = body.messages?.[0];
	const messageId =
		request.to === null ? textOrNull(request.body.message_id) : textOrNull(message?.id);
	return {
		messageId,
		referenceId: request.referenceId,
		to: request.to,
		waId: textOrNull(body.contacts?.[0]?.wa_id),
		messageStatus: textOrNull(message?.message_status) ?? 'accepted',
		providerMessageId: idAtPath(response, messageIdPath),
		response: response as IDataObject,
	};
}

/** What an item that failed carries under `error` (Continue On Fail), free of any secret. */
export function errorDetails(error: MetaError): IDataObject {
	return {
		code: error.code,
		title: error.title,
		message: error.message,
		details: error.details,
		fbtraceId: error.fbtraceId,
		httpStatus: error.httpStatus,
		hint: hintFor(error) ?? null,
	};
}
