import fc from 'fast-check';

import type {
	StatusItem,
	TriggerItem,
	WebhookChange,
	WebhookEntry,
	WebhookStatus,
	WhatsAppWebhookBody,
} from '../../nodes/shared/webhook-types';
import {
	flattenWebhook,
	parsePhoneNumberIds,
	type FlattenOptions,
} from '../../nodes/WhatsAppTrigger/flatten';
import { unixSecondsToIso } from '../../nodes/WhatsAppTrigger/webhook-values';
import { WEBHOOK_FIXTURES, webhookFixture } from './support/webhook-fixtures';

const STATUSES_ONLY: FlattenOptions = {
	events: ['statuses'],
	statuses: [],
	phoneNumberIds: [],
	parseReferenceJson: false,
};

const WABA_ID = '102290129340398';
const PHONE_NUMBER_ID = '106540352242922';
const DISPLAY_PHONE_NUMBER = '15550783881';

function firstStatus(body: WhatsAppWebhookBody): WebhookStatus {
	return body.entry[0].changes[0].value!.statuses![0];
}

function statusChange(statuses: WebhookStatus[], phoneNumberId = PHONE_NUMBER_ID): WebhookChange {
	return {
		field: 'messages',
		value: {
			messaging_product: 'whatsapp',
			metadata: { display_phone_number: DISPLAY_PHONE_NUMBER, phone_number_id: phoneNumberId },
			statuses,
		},
	};
}

function envelope(entry: WebhookEntry[]): WhatsAppWebhookBody {
	return { object: 'whatsapp_business_account', entry };
}

function messageIds(items: TriggerItem[]): Array<string | null> {
	return items.map((item) => ('messageId' in item ? item.messageId : null));
}

function status(id: string, value: string, extra: Partial<WebhookStatus> = {}): WebhookStatus {
	return { id, status: value, timestamp: '1750030073', recipient_id: '16505551234', ...extra };
}

describe('flattenWebhook: Meta status examples', () => {
	it('turns the sent example (pricing, conversation, no reference) into one item with every field', () => {
		const body = webhookFixture('status_sent_meta_pmp.json');
		expect(flattenWebhook(body, STATUSES_ONLY)).toEqual([
			{
				event: 'status',
				status: 'sent',
				referenceId: null,
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
				recipientId: '16505551234',
				recipientUserId: null,
				timestamp: '2025-06-15T23:27:53.000Z',
				phoneNumberId: PHONE_NUMBER_ID,
				displayPhoneNumber: DISPLAY_PHONE_NUMBER,
				businessAccountId: WABA_ID,
				conversation: {
					id: '72b14d6bd5407799e66f64d1b338e567',
					expiration_timestamp: '1750116480',
					origin: { type: 'marketing' },
				},
				pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' },
				errors: [],
				eventId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=:sent:1750030073',
				raw: firstStatus(body),
			},
		]);
	});

	it('gives null conversation and pricing for the v24 read example', () => {
		const body = webhookFixture('status_read_meta_v24.json');
		expect(flattenWebhook(body, STATUSES_ONLY)).toEqual([
			{
				event: 'status',
				status: 'read',
				referenceId: null,
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
				recipientId: '16505551234',
				recipientUserId: null,
				timestamp: '2025-06-15T23:27:53.000Z',
				phoneNumberId: PHONE_NUMBER_ID,
				displayPhoneNumber: DISPLAY_PHONE_NUMBER,
				businessAccountId: WABA_ID,
				conversation: null,
				pricing: null,
				errors: [],
				eventId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=:read:1750030073',
				raw: firstStatus(body),
			},
		]);
	});

	it("carries Meta's errors[] on the failed example", () => {
		const body = webhookFixture('status_failed_meta_131049.json');
		expect(flattenWebhook(body, STATUSES_ONLY)).toEqual([
			{
				event: 'status',
				status: 'failed',
				referenceId: null,
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0QUQ2MjA4NEYyRkExNjMyREUA',
				recipientId: '16505551234',
				recipientUserId: null,
				timestamp: '2025-06-28T20:34:48.000Z',
				phoneNumberId: PHONE_NUMBER_ID,
				displayPhoneNumber: DISPLAY_PHONE_NUMBER,
				businessAccountId: WABA_ID,
				conversation: null,
				pricing: null,
				errors: [
					{
						code: 131049,
						title: 'This message was not delivered to maintain healthy ecosystem engagement.',
						message: 'This message was not delivered to maintain healthy ecosystem engagement.',
						error_data: {
							details:
								'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
						},
						href: '/documentation/business-messaging/whatsapp/support/error-codes',
					},
				],
				eventId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0QUQ2MjA4NEYyRkExNjMyREUA:failed:1751142888',
				raw: firstStatus(body),
			},
		]);
	});

	it('keeps the CONTRACT.md fields plus raw, and nothing else, for a one-to-one status', () => {
		const [item] = flattenWebhook(webhookFixture('status_sent_meta_pmp.json'), STATUSES_ONLY);
		expect(Object.keys(item).sort()).toEqual(
			[
				'businessAccountId',
				'conversation',
				'displayPhoneNumber',
				'errors',
				'event',
				'eventId',
				'messageId',
				'phoneNumberId',
				'pricing',
				'raw',
				'recipientId',
				'recipientUserId',
				'referenceId',
				'status',
				'timestamp',
			].sort(),
		);
	});
});

describe('flattenWebhook: batches', () => {
	it('emits every status across entries and changes, in the order Meta sent them', () => {
		const body = envelope([
			{
				id: 'waba-1',
				changes: [
					statusChange([
						status('wamid.A', 'sent', { biz_opaque_callback_data: 'order-1' }),
						status('wamid.B', 'delivered', { biz_opaque_callback_data: 'order-2' }),
					]),
					statusChange([status('wamid.C', 'read')], 'phone-2'),
				],
			},
			{
				id: 'waba-2',
				changes: [
					statusChange([status('wamid.D', 'failed', { biz_opaque_callback_data: 'order-4' })]),
				],
			},
		]);

		const items = flattenWebhook(body, STATUSES_ONLY) as StatusItem[];

		expect(
			items.map((item) => [
				item.messageId,
				item.status,
				item.referenceId,
				item.businessAccountId,
				item.phoneNumberId,
			]),
		).toEqual([
			['wamid.A', 'sent', 'order-1', 'waba-1', PHONE_NUMBER_ID],
			['wamid.B', 'delivered', 'order-2', 'waba-1', PHONE_NUMBER_ID],
			['wamid.C', 'read', null, 'waba-1', 'phone-2'],
			['wamid.D', 'failed', 'order-4', 'waba-2', PHONE_NUMBER_ID],
		]);
	});

	it('gives the same eventId to the same status when Meta retries it', () => {
		const body = envelope([{ id: WABA_ID, changes: [statusChange([status('wamid.A', 'read')])] }]);
		const [first] = flattenWebhook(body, STATUSES_ONLY);
		const [retry] = flattenWebhook(structuredClone(body), STATUSES_ONLY);
		expect(retry.eventId).toBe(first.eventId);
		expect(first.eventId).toBe('wamid.A:read:1750030073');
	});

	it('emits nothing for the system-level errors example, which has no statuses', () => {
		expect(
			flattenWebhook(webhookFixture('errors_system_level_meta_130429.json'), STATUSES_ONLY),
		).toEqual([]);
	});

	it('emits no status items from fields other than messages', () => {
		const body = envelope([
			{
				id: WABA_ID,
				changes: [{ ...statusChange([status('wamid.X', 'sent')]), field: 'smb_message_echoes' }],
			},
		]);
		expect(
			flattenWebhook(body, {
				...STATUSES_ONLY,
				events: ['statuses', 'messages', 'templateStatusUpdates'],
			}),
		).toEqual([]);
	});
});

describe('flattenWebhook: status fields', () => {
	function onlyItem(
		extra: Partial<WebhookStatus>,
		options: Partial<FlattenOptions> = {},
	): StatusItem {
		const body = envelope([
			{ id: WABA_ID, changes: [statusChange([status('wamid.A', 'sent', extra)])] },
		]);
		const items = flattenWebhook(body, { ...STATUSES_ONLY, ...options });
		expect(items).toHaveLength(1);
		return items[0] as StatusItem;
	}

	it('takes a numeric timestamp and keeps it as sent in the eventId', () => {
		const item = onlyItem({ timestamp: 1750030073 });
		expect(item.timestamp).toBe('2025-06-15T23:27:53.000Z');
		expect(item.eventId).toBe('wamid.A:sent:1750030073');
	});

	it('gives null recipientId and the business-scoped user ID where Meta leaves the phone out', () => {
		const item = onlyItem({
			recipient_id: undefined,
			recipient_user_id: 'US.13491208655302741918',
		});
		expect(item.recipientId).toBeNull();
		expect(item.recipientUserId).toBe('US.13491208655302741918');
	});

	it('keeps group fields and anything Meta adds later', () => {
		const item = onlyItem({
			recipient_id: '120363040000000000@g.us',
			recipient_type: 'group',
			recipient_participant_id: '16505550000',
			recipient_participant_user_id: 'US.1',
			new_meta_field: { x: 1 },
		});
		expect(item.recipientType).toBe('group');
		expect(item.recipientParticipantId).toBe('16505550000');
		expect(item.recipientParticipantUserId).toBe('US.1');
		expect(item.raw?.new_meta_field).toEqual({ x: 1 });
	});

	it('passes unknown future status values through unchanged', () => {
		expect(onlyItem({ status: 'archived_by_user' }).status).toBe('archived_by_user');
	});

	it('leaves a JSON reference as text unless asked to parse it', () => {
		const reference = '{"contactId":42,"campaign":"spring"}';
		expect(onlyItem({ biz_opaque_callback_data: reference }).referenceId).toBe(reference);
		expect(
			onlyItem({ biz_opaque_callback_data: reference }, { parseReferenceJson: true }).referenceId,
		).toEqual({
			contactId: 42,
			campaign: 'spring',
		});
	});

	it('keeps a reference that is not a JSON object as a string even when parsing', () => {
		for (const reference of ['order-10045', '42', '[1,2]', '{broken']) {
			expect(
				onlyItem({ biz_opaque_callback_data: reference }, { parseReferenceJson: true }).referenceId,
			).toBe(reference);
		}
	});

	it('turns an object reference from a provider into the JSON text the Send node sends', () => {
		expect(onlyItem({ biz_opaque_callback_data: { contactId: 42 } }).referenceId).toBe(
			'{"contactId":42}',
		);
	});
});

describe('flattenWebhook: filters', () => {
	const body = () =>
		envelope([
			{
				id: WABA_ID,
				changes: [
					statusChange([
						status('wamid.A', 'sent'),
						status('wamid.B', 'read'),
						status('wamid.C', 'deleted_future'),
					]),
					statusChange([status('wamid.D', 'failed')], 'phone-2'),
				],
			},
		]);

	it('keeps only the chosen statuses, dropping unknown ones', () => {
		const items = flattenWebhook(body(), { ...STATUSES_ONLY, statuses: ['read', 'failed'] });
		expect(messageIds(items)).toEqual(['wamid.B', 'wamid.D']);
	});

	it('keeps every status, unknown ones too, when none is chosen', () => {
		expect(messageIds(flattenWebhook(body(), STATUSES_ONLY))).toEqual([
			'wamid.A',
			'wamid.B',
			'wamid.C',
			'wamid.D',
		]);
	});

	it('keeps only the chosen phone numbers', () => {
		const items = flattenWebhook(body(), { ...STATUSES_ONLY, phoneNumberIds: ['phone-2'] });
		expect(messageIds(items)).toEqual(['wamid.D']);
	});

	it('emits nothing when no event is chosen', () => {
		expect(flattenWebhook(body(), { ...STATUSES_ONLY, events: [] })).toEqual([]);
	});

	it('reads the comma-separated phone number option', () => {
		expect(parsePhoneNumberIds(' 1065, 2070 ,,3080 ')).toEqual(['1065', '2070', '3080']);
		expect(parsePhoneNumberIds('')).toEqual([]);
	});
});

describe('flattenWebhook: inbound messages', () => {
	const withMessages: FlattenOptions = { ...STATUSES_ONLY, events: ['statuses', 'messages'] };

	it('emits no item for an inbound message unless messages are chosen', () => {
		expect(flattenWebhook(webhookFixture('inbound_text_meta.json'), STATUSES_ONLY)).toEqual([]);
	});

	it('turns the inbound text example into a message item', () => {
		const body = webhookFixture('inbound_text_meta.json');
		expect(flattenWebhook(body, withMessages)).toEqual([
			{
				event: 'message',
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
				from: '16505551234',
				type: 'text',
				text: 'Does it come in another color?',
				replyId: null,
				mediaId: null,
				contextMessageId: null,
				timestamp: '2025-06-08T20:59:43.000Z',
				phoneNumberId: PHONE_NUMBER_ID,
				displayPhoneNumber: DISPLAY_PHONE_NUMBER,
				businessAccountId: WABA_ID,
				contactName: 'Sheena Nelson',
				eventId:
					'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=:message:1749416383',
				raw: body.entry[0].changes[0].value!.messages![0],
			},
		]);
	});

	it('takes the button title, its ID and the replied-to message from the button reply example', () => {
		const [item] = flattenWebhook(webhookFixture('inbound_button_reply_meta.json'), withMessages);
		expect(item).toMatchObject({
			event: 'message',
			type: 'interactive',
			text: 'Change',
			replyId: 'change-button',
			contextMessageId: 'wamid.HBgLMTY0NjcwNDM1OTUVAgARGBJBM0Y4RUU0RUNFQkFDMjYzQUMA',
			contactName: 'Pablo Morales',
			timestamp: '2024-04-30T20:46:43.000Z',
		});
	});

	it("gives a list row's ID and a template quick reply's payload as replyId", () => {
		const body = webhookFixture('inbound_button_reply_meta.json');
		const message = body.entry[0].changes[0].value!.messages![0];
		message.interactive = { type: 'list_reply', list_reply: { id: 'row-2', title: 'Tuesday' } };
		expect(flattenWebhook(body, withMessages)[0]).toMatchObject({
			text: 'Tuesday',
			replyId: 'row-2',
		});
		message.type = 'button';
		delete message.interactive;
		message.button = { text: 'Stop promotions', payload: 'opt-out' };
		expect(flattenWebhook(body, withMessages)[0]).toMatchObject({
			text: 'Stop promotions',
			replyId: 'opt-out',
		});
	});

	it("ties Meta's reaction example to the message it reacts to", () => {
		const body = webhookFixture('inbound_reaction_meta.json');
		expect(flattenWebhook(body, withMessages)).toEqual([
			{
				event: 'message',
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
				from: '16505551234',
				type: 'reaction',
				text: null,
				replyId: null,
				mediaId: null,
				contextMessageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0RTJEOTc2ODVERUY5RDlGNkYA',
				timestamp: '2025-06-08T21:52:24.000Z',
				phoneNumberId: PHONE_NUMBER_ID,
				displayPhoneNumber: DISPLAY_PHONE_NUMBER,
				businessAccountId: '419561257915477',
				contactName: 'Sheena Nelson',
				eventId:
					'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=:message:1749419544',
				raw: body.entry[0].changes[0].value!.messages![0],
			},
		]);
	});

	it('keeps context.id over reaction.message_id, and null when a reaction names no message', () => {
		const body = webhookFixture('inbound_reaction_meta.json');
		const message = body.entry[0].changes[0].value!.messages![0];
		message.context = { id: 'wamid.CONTEXT' };
		expect(flattenWebhook(body, withMessages)[0]).toMatchObject({
			contextMessageId: 'wamid.CONTEXT',
		});
		delete message.context;
		message.reaction = { emoji: '👍' };
		expect(flattenWebhook(body, withMessages)[0]).toMatchObject({ contextMessageId: null });
	});

	it('gives the media ID of a media message', () => {
		const body = webhookFixture('inbound_text_meta.json');
		const message = body.entry[0].changes[0].value!.messages![0];
		delete message.text;
		message.type = 'image';
		message.image = { id: '1602186516975000', mime_type: 'image/jpeg' };
		const [item] = flattenWebhook(body, withMessages);
		expect(item).toMatchObject({ type: 'image', mediaId: '1602186516975000', text: null });
	});
});

describe('flattenWebhook: template status updates', () => {
	it('produces no status item from a template status update', () => {
		expect(
			flattenWebhook(webhookFixture('template_status_update_approved_meta.json'), STATUSES_ONLY),
		).toEqual([]);
	});

	it('produces a templateStatus item when chosen', () => {
		const body = webhookFixture('template_status_update_rejected_meta.json');
		expect(flattenWebhook(body, { ...STATUSES_ONLY, events: ['templateStatusUpdates'] })).toEqual([
			{
				event: 'templateStatus',
				status: 'REJECTED',
				templateId: '1689556908129835',
				templateName: 'abandoned_cart',
				templateLanguage: 'en',
				templateCategory: 'MARKETING',
				reason: 'INVALID_FORMAT',
				timestamp: '2025-06-30T01:39:08.000Z',
				businessAccountId: WABA_ID,
				eventId: '1689556908129835:REJECTED:1751247548',
				raw: body.entry[0].changes[0].value,
			},
		]);
	});

	it('is not held back by the phone number filter, since it belongs to no number', () => {
		const items = flattenWebhook(webhookFixture('template_status_update_approved_meta.json'), {
			...STATUSES_ONLY,
			events: ['templateStatusUpdates'],
			phoneNumberIds: ['some-other-number'],
		});
		expect(items.map((item) => item.event === 'templateStatus' && item.status)).toEqual([
			'APPROVED',
		]);
	});
});

describe('unixSecondsToIso', () => {
	it.each([
		['1750030073', '2025-06-15T23:27:53.000Z'],
		[1750030073, '2025-06-15T23:27:53.000Z'],
		[' 1750030073 ', '2025-06-15T23:27:53.000Z'],
		['0', '1970-01-01T00:00:00.000Z'],
	])('%p → %p', (input, expected) => {
		expect(unixSecondsToIso(input)).toBe(expected);
	});

	it.each([undefined, null, '', 'yesterday', '-5', -5, Number.NaN, 1e20, {}])(
		'%p → null',
		(input) => {
			expect(unixSecondsToIso(input)).toBeNull();
		},
	);
});

describe('flattenWebhook: property over generated bodies', () => {
	type GeneratedStatus = { status: string; timestamp: string; hasReference: boolean };
	type GeneratedChange = { field: string; statuses: GeneratedStatus[] | undefined };

	const statusValue = fc.constantFrom(
		'sent',
		'delivered',
		'read',
		'played',
		'failed',
		'some_future_status',
	);
	const statusArbitrary: fc.Arbitrary<GeneratedStatus> = fc.record({
		status: statusValue,
		timestamp: fc.integer({ min: 0, max: 4_000_000_000 }).map(String),
		hasReference: fc.boolean(),
	});
	const changeArbitrary: fc.Arbitrary<GeneratedChange> = fc.record({
		field: fc.constantFrom(
			'messages',
			'messages',
			'messages',
			'message_template_status_update',
			'account_update',
		),
		statuses: fc.option(fc.array(statusArbitrary, { maxLength: 6 }), { nil: undefined }),
	});
	const bodyArbitrary = fc.array(fc.array(changeArbitrary, { maxLength: 4 }), { maxLength: 4 });

	/** Numbers every generated status so each has a unique message ID and reference. */
	function build(shape: GeneratedChange[][]) {
		let counter = 0;
		const expected: Array<{ messageId: string; referenceId: string | null }> = [];
		const entry = shape.map((changes, entryIndex) => ({
			id: `waba-${entryIndex}`,
			changes: changes.map((change) => {
				const statuses = change.statuses?.map((generated) => {
					counter += 1;
					const messageId = `wamid.${counter}`;
					const referenceId = generated.hasReference ? `ref-${counter}` : null;
					if (change.field === 'messages') {
						expected.push({ messageId, referenceId });
					}
					return {
						id: messageId,
						status: generated.status,
						timestamp: generated.timestamp,
						recipient_id: '16505551234',
						...(referenceId === null ? {} : { biz_opaque_callback_data: referenceId }),
					};
				});
				return {
					field: change.field,
					value: {
						metadata: {
							phone_number_id: PHONE_NUMBER_ID,
							display_phone_number: DISPLAY_PHONE_NUMBER,
						},
						...(statuses ? { statuses } : {}),
					},
				};
			}),
		}));
		return { body: envelope(entry), expected };
	}

	it('emits one item per status of the messages field, each ID and reference once, in order', () => {
		fc.assert(
			fc.property(bodyArbitrary, (shape) => {
				const { body, expected } = build(shape);
				const items = flattenWebhook(body, STATUSES_ONLY) as StatusItem[];
				expect(items).toHaveLength(expected.length);
				expect(
					items.map((item) => ({ messageId: item.messageId, referenceId: item.referenceId })),
				).toEqual(expected);
				expect(new Set(items.map((item) => item.eventId)).size).toBe(items.length);
			}),
		);
	});
});

describe('flattenWebhook: omitRaw (version 1.2 without Include Raw Update)', () => {
	const EVERY_EVENT: FlattenOptions = {
		...STATUSES_ONLY,
		events: ['statuses', 'messages', 'templateStatusUpdates', 'standby', 'handovers'],
	};

	it.each(WEBHOOK_FIXTURES)(
		'leaves raw out of every item of %s and changes nothing else',
		(name) => {
			const body = webhookFixture(name);
			const withRaw = flattenWebhook(body, EVERY_EVENT);
			const withoutRaw = flattenWebhook(body, { ...EVERY_EVENT, omitRaw: true });
			expect(withoutRaw).toHaveLength(withRaw.length);
			withoutRaw.forEach((item, index) => {
				expect(item).not.toHaveProperty('raw');
				const { raw, ...fields } = withRaw[index];
				expect(raw).toBeDefined();
				expect(item).toStrictEqual(fields);
			});
		},
	);

	it('emits items from every fixture, so the check above covers each kind of item', () => {
		const kinds = new Set(
			WEBHOOK_FIXTURES.flatMap((name) =>
				flattenWebhook(webhookFixture(name), { ...EVERY_EVENT, omitRaw: true }).map(
					(item) => `${item.event}${'source' in item ? `:${item.source}` : ''}`,
				),
			),
		);
		expect([...kinds].sort()).toEqual([
			'echo:standby',
			'handover',
			'message',
			'message:standby',
			'status',
			'status:standby',
			'templateStatus',
		]);
	});
});
