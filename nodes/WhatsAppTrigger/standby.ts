import type {
	ChangeContext,
	EchoItem,
	HandoverItem,
	MessageItem,
	StatusItem,
	WebhookChangeValue,
	WebhookHandover,
	WebhookMessageEcho,
} from '../shared/webhook-types';
import { fieldOf, objectOrNull, textOrNull, unixSecondsToIso } from './webhook-values';

/**
 * Meta Business Agent's webhook fields (Meta, 2026-08). A number with Meta's AI agent has one
 * holder per conversation; the other sender listens:
 * - `standby`: the conversations the agent holds, as `value.standby.{contacts, messages,
 *   statuses, message_echoes}` (an echo wraps the agent's send request in `message`).
 *   https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/standby/
 * - `messaging_handovers`: each change of holder, `value.{type, sender, recipient, timestamp}`
 *   and the object named by `type` (`control_passed`, `control_taken`) with the owner roles.
 *   https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messaging-handovers/
 * How the fields map to a conversation, and what they carry: 360dialog, "Webhooks" (MBA),
 * https://docs.360dialog.com/docs/mba/webhooks. Fixtures: test/fixtures/webhooks/standby_*,
 * messaging_handovers_*.
 */

export const STANDBY_FIELD = 'standby';
export const HANDOVERS_FIELD = 'messaging_handovers';
/** Trigger On values; see subscriptionFields in registration.ts for the fields they subscribe. */
export const STANDBY_EVENT = 'standby';
export const HANDOVERS_EVENT = 'handovers';

/**
 * A status or message item from the `standby` field: marked with its source, and with an event
 * ID of its own, so a copy of the same update from `messages` is never taken for a repeat.
 */
export function markStandby<T extends StatusItem | MessageItem>(item: T): T {
	const { raw, ...fields } = item;
	return {
		...fields,
		eventId: `standby:${item.eventId}`,
		source: 'standby',
		...(raw === undefined ? {} : { raw }),
	} as T;
}

export function toEchoItem(
	echo: WebhookMessageEcho,
	context: ChangeContext,
	includeRaw: boolean,
): EchoItem {
	const message = echo.message;
	const messageId = textOrNull(echo.id);
	return {
		event: 'echo',
		messageId,
		to: textOrNull(message?.to) ?? textOrNull(message?.recipient),
		type: textOrNull(message?.type),
		text:
			textOrNull(fieldOf(message?.text, 'body')) ??
			textOrNull(fieldOf(fieldOf(message?.interactive, 'body'), 'text')),
		timestamp: unixSecondsToIso(echo.timestamp),
		phoneNumberId: context.phoneNumberId,
		displayPhoneNumber: context.displayPhoneNumber,
		businessAccountId: context.businessAccountId,
		eventId: `standby:${messageId ?? ''}:echo:${echo.timestamp ?? ''}`,
		source: 'standby',
		...(includeRaw ? { raw: echo } : {}),
	};
}

export function toHandoverItem(
	value: WebhookChangeValue & WebhookHandover,
	businessAccountId: string | null,
	includeRaw: boolean,
): HandoverItem {
	const handoverType = textOrNull(value.type);
	const details = handoverType === null ? undefined : value[handoverType];
	const userPhoneNumber = textOrNull(value.sender?.phone_number);
	const userId = textOrNull(value.sender?.user_id);
	const phoneNumberId = textOrNull(value.recipient?.phone_number_id);
	return {
		event: 'handover',
		handoverType,
		newOwnerRole: textOrNull(fieldOf(details, 'new_owner_role')),
		previousOwnerRole: textOrNull(fieldOf(details, 'previous_owner_role')),
		previousOwnerAppId: textOrNull(fieldOf(details, 'previous_owner_app_id')),
		userPhoneNumber,
		userId,
		metadata: textOrNull(fieldOf(details, 'metadata')),
		conversationContext: objectOrNull(fieldOf(details, 'conversation_context')),
		timestamp: unixSecondsToIso(value.timestamp),
		phoneNumberId,
		displayPhoneNumber: textOrNull(value.recipient?.display_phone_number),
		businessAccountId,
		eventId: `handover:${phoneNumberId ?? ''}:${userId ?? userPhoneNumber ?? ''}:${handoverType ?? ''}:${value.timestamp ?? ''}`,
		...(includeRaw ? { raw: value } : {}),
	};
}
