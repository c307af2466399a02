/** Status objects and the webhook envelope exactly as Meta builds them (fixtures status_*_meta*.json). */
import { undeliverableStatusError } from './meta-errors';
import type { SandboxConfig, StatusDelays } from './options';
import type { SentMessage } from './state';

export type StatusName = 'sent' | 'delivered' | 'read' | 'failed';

export interface PlannedStatus {
	status: StatusName;
	/** When the webhook goes out, from acceptance. */
	delayMs: number;
	/** When the status happened, from acceptance: what its timestamp says. */
	happenedMs: number;
}

/** sent → delivered → read, or sent → failed; reordering swaps when delivered and read go out, not what they say. */
export function planStatuses(
	failing: boolean,
	delays: StatusDelays,
	reorder: boolean,
): PlannedStatus[] {
	if (failing) {
		return [
			{ status: 'sent', delayMs: delays.sent, happenedMs: delays.sent },
			{ status: 'failed', delayMs: delays.delivered, happenedMs: delays.delivered },
		];
	}
	return [
		{ status: 'sent', delayMs: delays.sent, happenedMs: delays.sent },
		{
			status: 'delivered',
			delayMs: reorder ? delays.read : delays.delivered,
			happenedMs: delays.delivered,
		},
		{ status: 'read', delayMs: reorder ? delays.delivered : delays.read, happenedMs: delays.read },
	];
}

const unixSeconds = (ms: number) => String(Math.floor(ms / 1000));

export function statusObject(
	message: SentMessage,
	status: StatusName,
	happenedAtMs: number,
	config: Pick<SandboxConfig, 'pricingOn' | 'conversation'>,
): Record<string, unknown> {
	const object: Record<string, unknown> = {
		id: message.id,
		status,
		timestamp: unixSeconds(happenedAtMs),
	};
	if (message.waId !== null) object.recipient_id = message.waId;
	else if (message.group && message.to !== null) object.recipient_id = message.to;
	if (message.recipient !== null) object.recipient_user_id = message.recipient;
	if (message.group) object.recipient_type = 'group';
	if (message.referenceId !== null) object.biz_opaque_callback_data = message.referenceId;
	if (status === 'failed') {
		object.errors = [undeliverableStatusError()];
		return object;
	}
	if (config.conversation && status !== 'read') {
		object.conversation = {
			id: message.conversationId,
			...(status === 'sent'
				? { expiration_timestamp: unixSeconds(message.acceptedAt + 24 * 3600 * 1000) }
				: {}),
			origin: { type: message.category },
		};
	}
	if (status === config.pricingOn) {
		const free = message.category === 'service';
		object.pricing = {
			billable: !free,
			pricing_model: 'PMP',
			type: free ? 'free_customer_service' : 'regular',
			category: message.category,
		};
	}
	return object;
}

export interface StatusGroup {
	phoneNumberId: string;
	displayPhoneNumber: string;
	statuses: Array<Record<string, unknown>>;
}

/** One entry for the WABA, one `messages` change per sending phone number. */
export function statusEnvelope(wabaId: string, groups: StatusGroup[]): object {
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: wabaId,
				changes: groups.map((group) => ({
					value: {
						messaging_product: 'whatsapp',
						metadata: {
							display_phone_number: group.displayPhoneNumber,
							phone_number_id: group.phoneNumberId,
						},
						statuses: group.statuses,
					},
					field: 'messages',
				})),
			},
		],
	};
}
