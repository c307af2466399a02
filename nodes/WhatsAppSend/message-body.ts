import type { IDataObject } from 'n8n-workflow';
import { InvalidInputError } from '../shared/invalid-input';
import type { Recipient } from '../shared/recipient';
import type { MessageContent } from './types';

/** Meta's message envelope: the type-specific part plus recipient, reply context and reference. */
export function buildMessageBody(
	content: MessageContent,
	recipient: Recipient,
	referenceId: string | undefined,
	replyToMessageId: string | undefined,
): IDataObject {
	return {
		messaging_product: 'whatsapp',
		recipient_type: 'individual',
		...recipient,
		type: content.type,
		[content.type]: content.content,
		...(replyToMessageId ? { context: { message_id: replyToMessageId } } : {}),
		...(referenceId !== undefined ? { biz_opaque_callback_data: referenceId } : {}),
	};
}

export function toPhoneNumberId(value: unknown): string {
	const id = String(value ?? '').trim();
	if (id === '') {
		throw new InvalidInputError(
			'Phone Number ID is empty. Pick a number, or paste the ID from WhatsApp Manager → API Setup (with Gupshup Partner: your Gupshup app ID).',
		);
	}
	if (!/^[A-Za-z0-9_-]+$/.test(id)) {
		throw new InvalidInputError(
			`Phone Number ID "${id}" is not an ID. Use the numeric Phone Number ID from WhatsApp Manager → API Setup, not the phone number itself (with Gupshup Partner: your Gupshup app ID).`,
		);
	}
	return id;
}
