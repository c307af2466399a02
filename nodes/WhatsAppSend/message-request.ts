import type { IDataObject } from 'n8n-workflow';
import type { Recipient } from '../shared/recipient';
import type { MarketingMessagesRoute } from './marketing-messages';
import type { MessageContent } from './operations/parameters';

/** One request the queue sends for one input item, with what its output item needs to say. */
export interface MessageRequest {
	itemIndex: number;
	phoneNumberId: string;
	body: IDataObject;
	/** The recipient as sent, or null for requests that are not messages (mark as read). */
	to: string | null;
	referenceId: string | null;
	uploadFromBinary?: string;
	/** Through `/marketing_messages` first (Marketing Messages API option of templates). */
	marketingMessages?: MarketingMessagesRoute;
}

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
