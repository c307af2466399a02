import type { WhatsAppWebhookBody } from '../../nodes/shared/webhook-types';
import { validateEnvelope } from '../../nodes/WhatsAppTrigger/envelope';
import { flattenWebhook, type FlattenOptions } from '../../nodes/WhatsAppTrigger/flatten';
import { webhookFixture } from './support/webhook-fixtures';

const WABA_ID = '102290129340398';
const PHONE_NUMBER_ID = '106540352242922';
const DISPLAY_PHONE_NUMBER = '15550783881';
const USER = '16505551234';
const TIMESTAMP = '2025-06-16T19:10:00.000Z';

const OPTIONS: FlattenOptions = {
	events: ['standby', 'handovers'],
	statuses: [],
	phoneNumberIds: [],
	parseReferenceJson: false,
};

const STANDBY_AND_HANDOVER_FIXTURES = [
	'standby_inbound_message_meta.json',
	'standby_status_delivered_meta.json',
	'standby_text_message_echo_meta.json',
	'messaging_handovers_control_passed_meta.json',
	'messaging_handovers_control_taken_meta.json',
];

function standbyOf(body: WhatsAppWebhookBody) {
	return body.entry[0].changes[0].value!.standby!;
}

describe('flattenWebhook: standby field (Meta Business Agent)', () => {
	it('turns a message of the conversation the agent holds into a message item marked standby', () => {
		const body = webhookFixture('standby_inbound_message_meta.json');
		const message = standbyOf(body).messages![0];
		expect(flattenWebhook(body, OPTIONS)).toEqual([
			{
				event: 'message',
				messageId: message.id,
				from: USER,
				type: 'text',
				text: 'Test standby message',
				replyId: null,
				mediaId: null,
				contextMessageId: null,
				timestamp: TIMESTAMP,
				phoneNumberId: PHONE_NUMBER_ID,
				displayPhoneNumber: DISPLAY_PHONE_NUMBER,
				businessAccountId: WABA_ID,
				contactName: 'Test User',
				eventId: `standby:${message.id}:message:1750101000`,
				source: 'standby',
				raw: message,
			},
		]);
	});

	it("turns the agent's reply into an echo item", () => {
		const body = webhookFixture('standby_text_message_echo_meta.json');
		const echo = standbyOf(body).message_echoes![0];
		expect(flattenWebhook(body, OPTIONS)).toEqual([
			{
				event: 'echo',
				messageId: echo.id,
				to: USER,
				type: 'text',
				text: 'Hello! Your order #12345 has shipped.',
				timestamp: TIMESTAMP,
				phoneNumberId: PHONE_NUMBER_ID,
				displayPhoneNumber: DISPLAY_PHONE_NUMBER,
				businessAccountId: WABA_ID,
				eventId: `standby:${echo.id}:echo:1750101000`,
				source: 'standby',
				raw: echo,
			},
		]);
	});

	it("turns a receipt of the agent's message into a status item marked standby", () => {
		const body = webhookFixture('standby_status_delivered_meta.json');
		const status = standbyOf(body).statuses![0];
		expect(flattenWebhook(body, OPTIONS)).toEqual([
			{
				event: 'status',
				status: 'delivered',
				referenceId: null,
				messageId: status.id,
				recipientId: USER,
				recipientUserId: null,
				timestamp: TIMESTAMP,
				phoneNumberId: PHONE_NUMBER_ID,
				displayPhoneNumber: DISPLAY_PHONE_NUMBER,
				businessAccountId: WABA_ID,
				conversation: { id: 'b1946ac92492d2347c6235b4d2611184', origin: { type: 'service' } },
				pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'service' },
				errors: [],
				eventId: `standby:${status.id}:delivered:1750101000`,
				source: 'standby',
				raw: status,
			},
		]);
	});

	it('reads the Reference ID of a standby status, and ignores the Statuses filter of Message Statuses', () => {
		const body = webhookFixture('standby_status_delivered_meta.json');
		standbyOf(body).statuses![0].biz_opaque_callback_data = '{"ticket":7}';
		const options = { ...OPTIONS, statuses: ['read'], parseReferenceJson: true };
		expect(flattenWebhook(body, options)).toMatchObject([
			{ event: 'status', status: 'delivered', referenceId: { ticket: 7 }, source: 'standby' },
		]);
	});

	it('gives statuses, then messages, then echoes of one standby change', () => {
		const body = webhookFixture('standby_inbound_message_meta.json');
		const standby = standbyOf(body);
		standby.message_echoes = standbyOf(
			webhookFixture('standby_text_message_echo_meta.json'),
		).message_echoes;
		standby.statuses = standbyOf(webhookFixture('standby_status_delivered_meta.json')).statuses;
		expect(flattenWebhook(body, OPTIONS).map((item) => item.event)).toEqual([
			'status',
			'message',
			'echo',
		]);
	});

	it('never shares an event ID with the same update on the messages field', () => {
		const standby = webhookFixture('standby_inbound_message_meta.json');
		const owner = webhookFixture('standby_inbound_message_meta.json');
		const change = owner.entry[0].changes[0];
		change.field = 'messages';
		change.value = { metadata: change.value!.metadata, ...standbyOf(owner) };
		const [copy] = flattenWebhook(standby, OPTIONS);
		const [original] = flattenWebhook(owner, { ...OPTIONS, events: ['messages'] });
		expect(original).not.toHaveProperty('source');
		expect(copy.eventId).toBe(`standby:${original.eventId}`);
	});

	it("accepts Meta's empty standby envelope and emits nothing for it", () => {
		const body = webhookFixture('standby_inbound_message_meta.json');
		body.entry[0].changes[0].value!.standby = {};
		const parsed = validateEnvelope(body);
		expect(parsed.ok && flattenWebhook(parsed.body, OPTIONS)).toEqual([]);
	});

	it.each([
		['a standby that is not an object', 'x', 'entry[0].changes[0].value.standby is not an object'],
		[
			'statuses that are not an array',
			{ statuses: 1 },
			'entry[0].changes[0].value.standby.statuses is not an array',
		],
		[
			'a status without id',
			{ statuses: [{ status: 'read' }] },
			'entry[0].changes[0].value.standby.statuses[0] needs a string id and status',
		],
		[
			'a message that is null',
			{ messages: [null] },
			'entry[0].changes[0].value.standby.messages is not an array of objects',
		],
		[
			'an echo that is text',
			{ message_echoes: ['hi'] },
			'entry[0].changes[0].value.standby.message_echoes is not an array of objects',
		],
	])('refuses a standby change with %s, naming where', (_case, standby, reason) => {
		const body = webhookFixture('standby_inbound_message_meta.json');
		(body.entry[0].changes[0].value as Record<string, unknown>).standby = standby;
		expect(validateEnvelope(body)).toEqual({ ok: false, reason });
	});
});

describe('flattenWebhook: messaging_handovers field', () => {
	it('turns control passed from the AI agent into one item saying who holds the conversation now', () => {
		const body = webhookFixture('messaging_handovers_control_passed_meta.json');
		expect(flattenWebhook(body, OPTIONS)).toEqual([
			{
				event: 'handover',
				handoverType: 'control_passed',
				newOwnerRole: 'escalation',
				previousOwnerRole: 'ai_agent',
				previousOwnerAppId: '1066355071287456',
				userPhoneNumber: USER,
				userId: null,
				metadata: 'WhatsApp user requested human agent',
				conversationContext: { type: 'summary', summary: { text: 'AI-generated summary string' } },
				timestamp: TIMESTAMP,
				phoneNumberId: PHONE_NUMBER_ID,
				displayPhoneNumber: DISPLAY_PHONE_NUMBER,
				businessAccountId: WABA_ID,
				eventId: `handover:${PHONE_NUMBER_ID}:${USER}:control_passed:1750101000`,
				raw: body.entry[0].changes[0].value,
			},
		]);
	});

	it('turns control taken into an item without a conversation context', () => {
		const [item] = flattenWebhook(
			webhookFixture('messaging_handovers_control_taken_meta.json'),
			OPTIONS,
		);
		expect(item).toMatchObject({
			event: 'handover',
			handoverType: 'control_taken',
			newOwnerRole: 'escalation',
			previousOwnerRole: 'ai_agent',
			metadata: 'Human agent stepping in',
			conversationContext: null,
		});
	});

	it('keys a handover by the business-scoped user ID where Meta gives one', () => {
		const body = webhookFixture('messaging_handovers_control_taken_meta.json');
		const value = body.entry[0].changes[0].value!;
		value.sender = { user_id: 'US.13491208655302741918' };
		expect(flattenWebhook(body, OPTIONS)[0]).toMatchObject({
			userPhoneNumber: null,
			userId: 'US.13491208655302741918',
			eventId: `handover:${PHONE_NUMBER_ID}:US.13491208655302741918:control_taken:1750101000`,
		});
	});

	it('reads a handover whose sender and recipient are not objects as having neither', () => {
		const body = webhookFixture('messaging_handovers_control_taken_meta.json');
		const value = body.entry[0].changes[0].value as Record<string, unknown>;
		value.sender = 'x';
		value.recipient = null;
		const parsed = validateEnvelope(body);
		expect(parsed.ok && flattenWebhook(parsed.body, OPTIONS)).toMatchObject([
			{
				event: 'handover',
				userPhoneNumber: null,
				userId: null,
				phoneNumberId: null,
				displayPhoneNumber: null,
			},
		]);
	});

	it('still emits one item for a handover type Meta adds later, with the roles left null', () => {
		const body = webhookFixture('messaging_handovers_control_taken_meta.json');
		const value = body.entry[0].changes[0].value!;
		value.type = 'control_shared';
		expect(flattenWebhook(body, OPTIONS)).toMatchObject([
			{
				event: 'handover',
				handoverType: 'control_shared',
				newOwnerRole: null,
				previousOwnerRole: null,
			},
		]);
	});
});

describe('flattenWebhook: standby and handovers are off unless chosen', () => {
	it.each(STANDBY_AND_HANDOVER_FIXTURES)(
		'%s gives nothing to a trigger of the earlier choices',
		(name) => {
			const earlierChoices = {
				...OPTIONS,
				events: ['statuses', 'messages', 'templateStatusUpdates'],
			};
			expect(flattenWebhook(webhookFixture(name), earlierChoices)).toEqual([]);
		},
	);

	it('takes standby without handovers, and handovers without standby', () => {
		const standby = webhookFixture('standby_inbound_message_meta.json');
		const handover = webhookFixture('messaging_handovers_control_passed_meta.json');
		expect(flattenWebhook(handover, { ...OPTIONS, events: ['standby'] })).toEqual([]);
		expect(flattenWebhook(standby, { ...OPTIONS, events: ['handovers'] })).toEqual([]);
		expect(flattenWebhook(standby, { ...OPTIONS, events: ['standby'] })).toHaveLength(1);
		expect(flattenWebhook(handover, { ...OPTIONS, events: ['handovers'] })).toHaveLength(1);
	});

	it.each(STANDBY_AND_HANDOVER_FIXTURES)(
		'%s passes the Phone Number IDs option only for its number',
		(name) => {
			const body = webhookFixture(name);
			expect(flattenWebhook(body, { ...OPTIONS, phoneNumberIds: [PHONE_NUMBER_ID] })).toHaveLength(
				1,
			);
			expect(flattenWebhook(body, { ...OPTIONS, phoneNumberIds: ['106540352242923'] })).toEqual([]);
		},
	);
});
