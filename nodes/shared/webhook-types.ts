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
	/** `standby` field: the conversation another sender (Meta Business Agent) holds. */
	standby?: WebhookStandby;
}

/** What the `standby` field nests under `value.standby`; see nodes/WhatsAppTrigger/standby.ts. */
export interface WebhookStandby extends IDataObject {
	contacts?: WebhookContact[];
	statuses?: WebhookStatus[];
	messages?: WebhookMessage[];
	message_echoes?: WebhookMessageEcho[];
}

/** A message another sender on the number sent: Meta echoes the send request as `message`. */
export interface WebhookMessageEcho extends IDataObject {
	id?: string;
	timestamp?: string | number;
	message?: IDataObject & { to?: string; recipient?: string; type?: string };
}

/** The `messaging_handovers` field's value: a change of who holds a conversation. */
export interface WebhookHandover extends IDataObject {
	/** `control_passed`, `control_taken`; the object of that name holds the details. */
	type?: string;
	timestamp?: string | number;
	/** The WhatsApp user whose conversation changed hands. */
	sender?: { phone_number?: string; user_id?: string };
	/** The business number (a handover has no `metadata`). */
	recipient?: WebhookMetadata;
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
	/** `standby` on statuses of conversations another sender holds; absent on `messages` ones. */
	source?: 'standby';
	/** The update as Meta sent it: always on versions 1 and 1.1, with Include Raw Update from 1.2. */
	raw?: WebhookStatus;
};

export type MessageItem = {
	event: 'message';
	messageId: string | null;
	from: string | null;
	type: string | null;
	text: string | null;
	/** The ID of the reply button or list row tapped, or a template quick reply's payload. */
	replyId: string | null;
	mediaId: string | null;
	contextMessageId: string | null;
	timestamp: string | null;
	phoneNumberId: string | null;
	displayPhoneNumber: string | null;
	businessAccountId: string | null;
	contactName: string | null;
	eventId: string;
	/** `standby` on messages of conversations another sender holds; absent on `messages` ones. */
	source?: 'standby';
	/** The update as Meta sent it: always on versions 1 and 1.1, with Include Raw Update from 1.2. */
	raw?: WebhookMessage;
};

/** A message another sender on the number (Meta Business Agent) sent, from the `standby` field. */
export type EchoItem = {
	event: 'echo';
	messageId: string | null;
	to: string | null;
	type: string | null;
	text: string | null;
	timestamp: string | null;
	phoneNumberId: string | null;
	displayPhoneNumber: string | null;
	businessAccountId: string | null;
	eventId: string;
	source: 'standby';
	/** The update as Meta sent it: always on versions 1 and 1.1, with Include Raw Update from 1.2. */
	raw?: WebhookMessageEcho;
};

/** One change of who holds a conversation, from the `messaging_handovers` field. */
export type HandoverItem = {
	event: 'handover';
	handoverType: string | null;
	/** Who holds the conversation now: `ai_agent`, `escalation`, `customer_service`, … */
	newOwnerRole: string | null;
	previousOwnerRole: string | null;
	previousOwnerAppId: string | null;
	userPhoneNumber: string | null;
	userId: string | null;
	metadata: string | null;
	conversationContext: IDataObject | null;
	timestamp: string | null;
	phoneNumberId: string | null;
	displayPhoneNumber: string | null;
	businessAccountId: string | null;
	eventId: string;
	/** The update as Meta sent it: always on versions 1 and 1.1, with Include Raw Update from 1.2. */
	raw?: WebhookHandover;
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
	/** The update as Meta sent it: always on versions 1 and 1.1, with Include Raw Update from 1.2. */
	raw?: WebhookChangeValue;
};

export type TriggerItem = StatusItem | MessageItem | TemplateStatusItem | EchoItem | HandoverItem;

/** The business number a change belongs to, and its account. */
export interface ChangeContext {
	businessAccountId: string | null;
	phoneNumberId: string | null;
	displayPhoneNumber: string | null;
}
