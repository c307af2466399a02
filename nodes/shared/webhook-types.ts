import type { IDataObject } from 'n8n-workflow';

/**
 * What Meta POSTs to a WhatsApp webhook (the parts the Trigger reads), and the items the
 * Trigger emits. Meta adds fields over time, so every Meta shape keeps an index signature.
 */

export interface WebhookMetadata extends IDataObject {
	display_phone_number?: string;
	phone_number_id?: string;
}

export interface WebhookStatus extends IDataObject {
	id: string;
	status: string;
	/** Unix seconds; Meta sends a string, some providers a number. */
	timestamp?: string | number;
	recipient_id?: string;
	recipient_user_id?: string;
	recipient_type?: string;
	recipient_participant_id?: string;
	recipient_participant_user_id?: string;
	biz_opaque_callback_data?: string | IDataObject;
	conversation?: IDataObject;
	pricing?: IDataObject;
	errors?: IDataObject[];
}

export interface WebhookMessage extends IDataObject {
	id?: string;
	from?: string;
	timestamp?: string | number;
	type?: string;
	context?: { id?: string; from?: string };
}

export interface WebhookContact extends IDataObject {
	wa_id?: string;
	/** Business-scoped user ID (2026 onwards). */
	user_id?: string;
	profile?: { name?: string };
}

export interface WebhookChangeValue extends IDataObject {
	metadata?: WebhookMetadata;
	contacts?: WebhookContact[];
	statuses?: WebhookStatus[];
	messages?: WebhookMessage[];
}

export interface WebhookChange extends IDataObject {
	field?: string;
	value?: WebhookChangeValue;
}

export interface WebhookEntry extends IDataObject {
	id?: string | number;
	/** Unix seconds; present on account-level fields such as template status updates. */
	time?: number;
	changes: WebhookChange[];
}

export interface WhatsAppWebhookBody extends IDataObject {
	object: 'whatsapp_business_account';
	entry: WebhookEntry[];
}

/** One output item per status object (README.md, WhatsApp Trigger → Output: one item per status). */
export type StatusItem = {
	event: 'status';
	status: string;
	referenceId: string | IDataObject | null;
	messageId: string;
	recipientId: string | null;
	recipientUserId: string | null;
	timestamp: string | null;
	phoneNumberId: string | null;
	displayPhoneNumber: string | null;
	businessAccountId: string | null;
	conversation: IDataObject | null;
	pricing: IDataObject | null;
	errors: IDataObject[];
	eventId: string;
	/** Group statuses only, where Meta sends them. */
	recipientType?: string;
	recipientParticipantId?: string;
	recipientParticipantUserId?: string;
	raw: WebhookStatus;
};

export type MessageItem = {
	event: 'message';
	messageId: string | null;
	from: string | null;
	type: string | null;
	text: string | null;
	mediaId: string | null;
	contextMessageId: string | null;
	timestamp: string | null;
	phoneNumberId: string | null;
	displayPhoneNumber: string | null;
	businessAccountId: string | null;
	contactName: string | null;
	eventId: string;
	raw: WebhookMessage;
};

export type TemplateStatusItem = {
	event: 'templateStatus';
	status: string | null;
	templateId: string | null;
	templateName: string | null;
	templateLanguage: string | null;
	templateCategory: string | null;
	reason: string | null;
	timestamp: string | null;
	businessAccountId: string | null;
	eventId: string;
	raw: WebhookChangeValue;
};

export type TriggerItem = StatusItem | MessageItem | TemplateStatusItem;
