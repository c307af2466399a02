import type { IDataObject } from 'n8n-workflow';

import type {
	ChangeContext,
	MessageItem,
	StatusItem,
	TemplateStatusItem,
	TriggerItem,
	WebhookChangeValue,
	WebhookContact,
	WebhookEntry,
	WebhookMessage,
	WebhookStandby,
	WebhookStatus,
	WhatsAppWebhookBody,
} from '../shared/webhook-types';
import {
	HANDOVERS_EVENT,
	HANDOVERS_FIELD,
	STANDBY_EVENT,
	STANDBY_FIELD,
	markStandby,
	toEchoItem,
	toHandoverItem,
} from './standby';
import {
	fieldOf,
	idText,
	isPlainObject,
	objectOrNull,
	textOrNull,
	unixSecondsToIso,
} from './webhook-values';

export interface FlattenOptions {
	events: readonly string[];
	/** Status values to keep; empty keeps every status, including ones Meta adds later. */
	statuses: readonly string[];
	/** `phone_number_id`s to keep; empty keeps every number. */
	phoneNumberIds: readonly string[];
	parseReferenceJson: boolean;
	/**
	 * Leave out `raw`, the second copy of each update (version 1.2 unless Include Raw Update is on):
	 * n8n stores every item of an execution, so it is the bulk of what a large batch costs to keep.
	 */
	omitRaw?: boolean;
}

const MESSAGES_FIELD = 'messages';
const TEMPLATE_STATUS_FIELD = 'message_template_status_update';
const MEDIA_TYPES = new Set(['image', 'audio', 'video', 'document', 'sticker']);

/**
 * Every entry × change × status (and, when chosen, inbound message, template status update,
 * standby update and handover) as one item each, in the order Meta sent them. Within one change,
 * statuses come before messages (and, on `standby`, before the agent's echoed messages).
 */
export function flattenWebhook(body: WhatsAppWebhookBody, options: FlattenOptions): TriggerItem[] {
	const items: TriggerItem[] = [];
	const includeRaw = options.omitRaw !== true;
	for (const entry of body.entry) {
		const businessAccountId = idText(entry.id);
		for (const change of entry.changes) {
			const value = change.value;
			if (value === undefined) {
				continue;
			}
			if (change.field === MESSAGES_FIELD) {
				const context = changeContext(value, businessAccountId);
				if (!keepsPhoneNumber(options, context.phoneNumberId)) {
					continue;
				}
				if (options.events.includes('statuses')) {
					for (const status of value.statuses ?? []) {
						if (keepsStatus(options, status.status)) {
							items.push(toStatusItem(status, context, options.parseReferenceJson, includeRaw));
						}
					}
				}
				if (options.events.includes('messages')) {
					for (const message of value.messages ?? []) {
						items.push(toMessageItem(message, value.contacts, context, includeRaw));
					}
				}
			} else if (change.field === STANDBY_FIELD && options.events.includes(STANDBY_EVENT)) {
				const context = changeContext(value, businessAccountId);
				if (keepsPhoneNumber(options, context.phoneNumberId)) {
					addStandbyItems(items, value.standby, context, options.parseReferenceJson, includeRaw);
				}
			} else if (change.field === HANDOVERS_FIELD && options.events.includes(HANDOVERS_EVENT)) {
				const handover = toHandoverItem(value, businessAccountId, includeRaw);
				if (keepsPhoneNumber(options, handover.phoneNumberId)) {
					items.push(handover);
				}
			} else if (
				change.field === TEMPLATE_STATUS_FIELD &&
				options.events.includes('templateStatusUpdates')
			) {
				items.push(toTemplateStatusItem(value, entry, businessAccountId, includeRaw));
			}
		}
	}
	return items;
}

function changeContext(value: WebhookChangeValue, businessAccountId: string | null): ChangeContext {
	return {
		businessAccountId,
		phoneNumberId: textOrNull(value.metadata?.phone_number_id),
		displayPhoneNumber: textOrNull(value.metadata?.display_phone_number),
	};
}

/** Standby statuses are not narrowed by Statuses, which belongs to Message Statuses. */
function addStandbyItems(
	items: TriggerItem[],
	standby: WebhookStandby | undefined,
	context: ChangeContext,
	parseReferenceJson: boolean,
	includeRaw: boolean,
): void {
	for (const status of standby?.statuses ?? []) {
		items.push(markStandby(toStatusItem(status, context, parseReferenceJson, includeRaw)));
	}
	for (const message of standby?.messages ?? []) {
		items.push(markStandby(toMessageItem(message, standby?.contacts, context, includeRaw)));
	}
	for (const echo of standby?.message_echoes ?? []) {
		items.push(toEchoItem(echo, context, includeRaw));
	}
}

function toStatusItem(
	status: WebhookStatus,
	context: ChangeContext,
	parseReferenceJson: boolean,
	includeRaw: boolean,
): StatusItem {
	const groupFields: Partial<StatusItem> = {};
	if (typeof status.recipient_type === 'string') {
		groupFields.recipientType = status.recipient_type;
	}
	if (typeof status.recipient_participant_id === 'string') {
		groupFields.recipientParticipantId = status.recipient_participant_id;
	}
	if (typeof status.recipient_participant_user_id === 'string') {
		groupFields.recipientParticipantUserId = status.recipient_participant_user_id;
	}
	return {
		event: 'status',
		status: status.status,
		referenceId: referenceOf(status.biz_opaque_callback_data, parseReferenceJson),
		messageId: status.id,
		recipientId: textOrNull(status.recipient_id),
		recipientUserId: textOrNull(status.recipient_user_id),
		timestamp: unixSecondsToIso(status.timestamp),
		phoneNumberId: context.phoneNumberId,
		displayPhoneNumber: context.displayPhoneNumber,
		businessAccountId: context.businessAccountId,
		conversation: objectOrNull(status.conversation),
		pricing: objectOrNull(status.pricing),
		errors: Array.isArray(status.errors) ? status.errors : [],
		eventId: `${status.id}:${status.status}:${status.timestamp ?? ''}`,
		...groupFields,
		...(includeRaw ? { raw: status } : {}),
	};
}

function toMessageItem(
	message: WebhookMessage,
	contacts: WebhookContact[] | undefined,
	context: ChangeContext,
	includeRaw: boolean,
): MessageItem {
	const messageId = textOrNull(message.id);
	const from = textOrNull(message.from);
	const type = textOrNull(message.type);
	return {
		event: 'message',
		messageId,
		from,
		type,
		text: messageText(message),
		replyId: replyIdOf(message),
		mediaId:
			type !== null && MEDIA_TYPES.has(type) ? textOrNull(fieldOf(message[type], 'id')) : null,
		// A reaction names the message it reacts to in reaction.message_id, not in context.
		contextMessageId:
			textOrNull(message.context?.id) ??
			(type === 'reaction' ? textOrNull(fieldOf(message.reaction, 'message_id')) : null),
		timestamp: unixSecondsToIso(message.timestamp),
		phoneNumberId: context.phoneNumberId,
		displayPhoneNumber: context.displayPhoneNumber,
		businessAccountId: context.businessAccountId,
		contactName: contactName(contacts, from),
		eventId: `${messageId ?? ''}:message:${message.timestamp ?? ''}`,
		...(includeRaw ? { raw: message } : {}),
	};
}

function toTemplateStatusItem(
	value: WebhookChangeValue,
	entry: WebhookEntry,
	businessAccountId: string | null,
	includeRaw: boolean,
): TemplateStatusItem {
	const templateId = idText(value.message_template_id);
	const status = textOrNull(value.event);
	return {
		event: 'templateStatus',
		status,
		templateId,
		templateName: textOrNull(value.message_template_name),
		templateLanguage: textOrNull(value.message_template_language),
		templateCategory: textOrNull(value.message_template_category),
		reason: textOrNull(value.reason),
		timestamp: unixSecondsToIso(entry.time),
		businessAccountId,
		eventId: `${templateId ?? ''}:${status ?? ''}:${entry.time ?? ''}`,
		...(includeRaw ? { raw: value } : {}),
	};
}

/** Splits the comma-separated `phoneNumberIds` option. */
export function parsePhoneNumberIds(text: string): string[] {
	return text
		.split(',')
		.map((id) => id.trim())
		.filter((id) => id !== '');
}

function keepsStatus(options: FlattenOptions, status: string): boolean {
	return options.statuses.length === 0 || options.statuses.includes(status);
}

function keepsPhoneNumber(options: FlattenOptions, phoneNumberId: string | null): boolean {
	return (
		options.phoneNumberIds.length === 0 ||
		(phoneNumberId !== null && options.phoneNumberIds.includes(phoneNumberId))
	);
}

/**
 * Meta echoes `biz_opaque_callback_data` as the string the sender set. Some providers echo an
 * object; it becomes the JSON text the Send node would have sent, so both sides join on one value.
 */
function referenceOf(value: unknown, parseJson: boolean): string | IDataObject | null {
	if (value === undefined || value === null) {
		return null;
	}
	if (typeof value === 'string') {
		return parseJson ? (jsonObjectOrUndefined(value) ?? value) : value;
	}
	if (typeof value === 'object') {
		return parseJson ? (value as IDataObject) : JSON.stringify(value);
	}
	return String(value);
}

function jsonObjectOrUndefined(text: string): IDataObject | undefined {
	try {
		const parsed: unknown = JSON.parse(text);
		return isPlainObject(parsed) ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

function messageText(message: WebhookMessage): string | null {
	const interactive = message.interactive;
	return (
		textOrNull(fieldOf(message.text, 'body')) ??
		textOrNull(fieldOf(fieldOf(interactive, 'button_reply'), 'title')) ??
		textOrNull(fieldOf(fieldOf(interactive, 'list_reply'), 'title')) ??
		textOrNull(fieldOf(message.button, 'text'))
	);
}

/** What a tapped reply button or list row carries: its ID, or a template quick reply's payload. */
function replyIdOf(message: WebhookMessage): string | null {
	const interactive = message.interactive;
	return (
		textOrNull(fieldOf(fieldOf(interactive, 'button_reply'), 'id')) ??
		textOrNull(fieldOf(fieldOf(interactive, 'list_reply'), 'id')) ??
		textOrNull(fieldOf(message.button, 'payload'))
	);
}

function contactName(contacts: WebhookContact[] | undefined, from: string | null): string | null {
	if (!Array.isArray(contacts)) {
		return null;
	}
	const sender =
		contacts.find(
			(contact) => from !== null && (contact.wa_id === from || contact.user_id === from),
		) ?? (contacts.length === 1 ? contacts[0] : undefined);
	return textOrNull(sender?.profile?.name);
}
