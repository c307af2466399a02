/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { flattenWebhook } from '../../nodes/WhatsAppTrigger/flatten';
import type { WhatsAppWebhookBody } from '../../nodes/shared/webhook-types';
import {
	META_SPEC_FILE,
	checkMessagesRequest,
	checkWebhookPayload,
	readMetaSpec,
	type SpecVerdict,
} from '../../sandbox/meta-spec/meta-spec';
import { repairs } from '../../sandbox/meta-spec/repairs';
import type { SentMessage } from '../../sandbox/state';
import { statusEnvelope, statusObject, type StatusName } from '../../sandbox/status-objects';
import { ENVIRONMENT_VARIABLE } from '../e2e/support/environment';
import { messagesWebhook } from '../e2e/support/webhook-bodies';
import { WEBHOOK_FIXTURES, webhookFixture } from './support/webhook-fixtures';

const specDir = join(__dirname, '../../sandbox/meta-spec');
const spec = readMetaSpec();
const examplesOf = (path: string) =>
	Object.entries(spec.paths[path].post.requestBody!.content['application/json'].examples!).map(
		([name, example]) => [name, example.value] as [string, unknown],
	);
const sendExamples = examplesOf('/{Version}/{Phone-Number-ID}/messages');
const webhookExamples = examplesOf('/whatsapp/webhooks');

/** Meta's examples that disagree with Meta's own schema, and so stay refused: each with where. */
const disagreeing: Record<string, string> = {
	'Send Audio Message by URL':
		"link '<http(s)://audio-url>' is a placeholder, not a URL (format: url)",
	'Send Document Message by URL': 'link is a placeholder, not a URL',
	'Send Image Message by URL': 'link is a placeholder, not a URL',
	'Send Video Message by URL': 'link is a placeholder, not a URL',
	'Send Sticker Message by URL': 'link is a placeholder, not a URL',
	'Send Reply to Audio Message by URL': 'link is a placeholder, not a URL',
	'Send Reply to Document Message by URL': 'link is a placeholder, not a URL',
	'Send Reply to Image Message by URL': 'link is a placeholder, not a URL',
	'Send Reply to Video Message by URL': 'link is a placeholder, not a URL',
	'Send Reply to Sticker Message by URL': 'link is a placeholder, not a URL',
	'Send Message Template Interactive':
		"header image link 'http(s)://the-image-url' is a placeholder",
	'Send Message Template Media': "header image link 'http(s)://the-image-url' is a placeholder",
	'Send Multi-Product Message':
		"header type '<HEADER_TYPE>' is a placeholder, not one of the header types",
	'Send Order Details Message':
		'interactive type order_details is not in the spec (payments, India only)',
	'Send Order Status Message':
		'interactive type order_status is not in the spec (payments, India only)',
	'Send Reply to List Message': 'no type: interactive, so the body is read as a text without text',
	'Send Sample Issue Resolution Template':
		'button text parameters true and false are booleans, not strings',
	'Group Create Message': 'participant input and wa_id are numbers, the schema says strings',
	'Group Remove Participants': 'participant input and wa_id are numbers, the schema says strings',
};

describe("Meta's OpenAPI spec, vendored", () => {
	it('is the copy SOURCE.md names, byte for byte, with its licence', () => {
		const sha256 = createHash('sha256')
			.update(readFileSync(join(specDir, META_SPEC_FILE)))
			.digest('hex');
		expect(readFileSync(join(specDir, 'SOURCE.md'), 'utf8')).toContain(sha256);
		expect(readFileSync(join(specDir, 'LICENSE'), 'utf8')).toContain('MIT License');
		expect(spec.info.version).toBe('v23.0');
	});

	it('holds the 66 example bodies the repairs are judged on, and every repair names its source', () => {
		expect(sendExamples.length + webhookExamples.length).toBe(66);
		for (const repair of repairs) expect(repair.source).toMatch(/Meta's|spec's own/);
	});
});

describe('the repaired spec accepts Meta’s own examples that agree with their schema', () => {
	it.each(sendExamples.filter(([name]) => !(name in disagreeing)))('send: %s', (_name, body) => {
		expect(checkMessagesRequest(body)).toEqual({ ok: true });
	});

	it.each(webhookExamples.filter(([name]) => !(name in disagreeing)))(
		'webhook: %s',
		(_name, body) => {
			expect(checkWebhookPayload(body)).toEqual({ ok: true });
		},
	);

	it.each(Object.entries(disagreeing))('and still refuses %s: %s', (name) => {
		const body = [...sendExamples, ...webhookExamples].find(([example]) => example === name)![1];
		const verdict = name.startsWith('Send')
			? checkMessagesRequest(body)
			: checkWebhookPayload(body);
		expect(verdict.ok).toBe(false);
	});
});

const to = { messaging_product: 'whatsapp', to: '16505551234' };
const text = { ...to, type: 'text', text: { body: 'Hi' } };
const template = (components: unknown[], language: unknown = { code: 'en_US' }) => ({
	...to,
	type: 'template',
	template: { name: 'order_update', language, components },
});
const interactive = (body: Record<string, unknown>) => ({
	...to,
	type: 'interactive',
	interactive: body,
});

const wrongBodies: Array<[string, unknown, SpecVerdict]> = [
	[
		'a key the message does not take (the closing of the whole message)',
		{ ...text, image: { id: '1' } },
		{ ok: false, code: 100, details: 'Unexpected key "image" on param body.' },
	],
	[
		'a reference over 512 characters',
		{ ...text, biz_opaque_callback_data: 'r'.repeat(513) },
		{
			ok: false,
			code: 100,
			details: 'Param biz_opaque_callback_data must be at most 512 characters long.',
		},
	],
	[
		'the reference inside the text object',
		{ ...text, text: { body: 'Hi', biz_opaque_callback_data: 'r' } },
		{ ok: false, code: 100, details: 'Unexpected key "biz_opaque_callback_data" on param text.' },
	],
	[
		'neither to nor recipient',
		{ messaging_product: 'whatsapp', text: { body: 'Hi' } },
		{ ok: false, code: 131008, details: 'The parameter to or recipient is required.' },
	],
	[
		'messaging_product other than whatsapp',
		{ ...text, messaging_product: 'sms' },
		{
			ok: false,
			code: 131009,
			details: 'Param messaging_product must be one of {whatsapp} - got "sms".',
		},
	],
	[
		'a text over 4096 characters',
		{ ...text, text: { body: 'x'.repeat(4097) } },
		{ ok: false, code: 100, details: "Param text['body'] must be at most 4096 characters long." },
	],
	[
		'latitude as a string',
		{ ...to, type: 'location', location: { latitude: '37.7', longitude: -122.4 } },
		{ ok: false, code: 100, details: "Param location['latitude'] must be a number." },
	],
	[
		'a caption on audio',
		{ ...to, type: 'audio', audio: { id: '1', caption: 'x' } },
		{ ok: false, code: 100, details: 'Unexpected key "caption" on param audio.' },
	],
	[
		'media by id and link at once',
		{ ...to, type: 'image', image: { id: '1', link: 'https://example.com/a.png' } },
		{ ok: false, code: 131009, details: "Param image must have either 'id' or 'link', not both." },
	],
	[
		'a media link that is not http(s)',
		{ ...to, type: 'image', image: { link: 'ftp://example.com/a.png' } },
		{ ok: false, code: 131009, details: "Param image['link'] must be a valid URL." },
	],
	[
		'a phone type Meta does not list',
		{
			...to,
			type: 'contacts',
			contacts: [{ name: { formatted_name: 'A' }, phones: [{ phone: '+1', type: 'MOBILE' }] }],
		},
		{
			ok: false,
			code: 131009,
			details:
				"Param contacts[0]['phones'][0]['type'] must be one of {CELL, MAIN, IPHONE, HOME, WORK} - got \"MOBILE\".",
		},
	],
	[
		'a reaction without emoji',
		{ ...to, type: 'reaction', reaction: { message_id: 'wamid.X' } },
		{ ok: false, code: 131008, details: "The parameter reaction['emoji'] is required." },
	],
	[
		'a template language without code',
		template([], { policy: 'deterministic' }),
		{ ok: false, code: 131008, details: "The parameter template['language']['code'] is required." },
	],
	[
		'a button index of 10',
		template([
			{
				type: 'button',
				sub_type: 'quick_reply',
				index: '10',
				parameters: [{ type: 'payload', payload: 'p' }],
			},
		]),
		{
			ok: false,
			code: 131009,
			details: "Param template['components'][0]['index'] must match pattern \"^[0-9]$\".",
		},
	],
	[
		'a body parameter without its text',
		template([{ type: 'body', parameters: [{ type: 'text' }] }]),
		{
			ok: false,
			code: 131008,
			details: "The parameter template['components'][0]['parameters'][0]['text'] is required.",
		},
	],
	[
		'a coupon code over 15 characters',
		template([
			{
				type: 'button',
				sub_type: 'copy_code',
				index: 0,
				parameters: [{ type: 'coupon_code', coupon_code: 'C'.repeat(16) }],
			},
		]),
		{
			ok: false,
			code: 100,
			details:
				"Param template['components'][0]['parameters'][0]['coupon_code'] must be at most 15 characters long.",
		},
	],
	[
		'a location header without longitude',
		template([{ type: 'header', parameters: [{ type: 'location', location: { latitude: 1 } }] }]),
		{
			ok: false,
			code: 131008,
			details:
				"The parameter template['components'][0]['parameters'][0]['location']['longitude'] is required.",
		},
	],
	[
		'an offer without its expiry',
		template([
			{
				type: 'limited_time_offer',
				parameters: [{ type: 'limited_time_offer', limited_time_offer: {} }],
			},
		]),
		{
			ok: false,
			code: 131008,
			details:
				"The parameter template['components'][0]['parameters'][0]['limited_time_offer']['expiration_time_ms'] is required.",
		},
	],
	[
		'a carousel of eleven cards',
		template([
			{
				type: 'carousel',
				cards: Array.from({ length: 11 }, (_, card_index) => ({ card_index, components: [] })),
			},
		]),
		{
			ok: false,
			code: 131009,
			details: "Param template['components'][0]['cards'] must have at most 10 elements.",
		},
	],
	[
		'a list with an image header',
		interactive({
			type: 'list',
			header: { type: 'image', image: { id: '1' } },
			body: { text: 'x' },
			action: { button: 'b', sections: [{ rows: [{ id: 'r', title: 't' }] }] },
		}),
		{
			ok: false,
			code: 131009,
			details: "Param interactive['header']['type'] must be one of {text} - got \"image\".",
		},
	],
	[
		'a cta_url button label over 20',
		interactive({
			type: 'cta_url',
			body: { text: 'x' },
			action: {
				name: 'cta_url',
				parameters: { display_text: 'x'.repeat(21), url: 'https://example.com' },
			},
		}),
		{
			ok: false,
			code: 100,
			details:
				"Param interactive['action']['parameters']['display_text'] must be at most 20 characters long.",
		},
	],
	[
		'a location request with another action',
		interactive({
			type: 'location_request_message',
			body: { text: 'x' },
			action: { name: 'send_flow' },
		}),
		{
			ok: false,
			code: 131009,
			details: "Param interactive['action']['name'] must be \"send_location\".",
		},
	],
	[
		'mark as read with a reference',
		{
			messaging_product: 'whatsapp',
			status: 'read',
			message_id: 'wamid.X',
			biz_opaque_callback_data: 'r',
		},
		{ ok: false, code: 100, details: 'Unexpected key "biz_opaque_callback_data" on param body.' },
	],
	[
		'a typing indicator of another type',
		{
			messaging_product: 'whatsapp',
			status: 'read',
			message_id: 'wamid.X',
			typing_indicator: { type: 'audio' },
		},
		{
			ok: false,
			code: 131009,
			details: 'Param typing_indicator[\'type\'] must be one of {text} - got "audio".',
		},
	],
];

describe('the repaired spec refuses wrong bodies, each for its reason, with Meta’s code', () => {
	it.each(wrongBodies)('%s', (_reason, body, verdict) => {
		expect(checkMessagesRequest(body)).toEqual(verdict);
	});
});

const statusWebhook = (status: Record<string, unknown>) => ({
	object: 'whatsapp_business_account',
	entry: [
		{
			id: '102290129340398',
			changes: [
				{
					field: 'messages',
					value: {
						messaging_product: 'whatsapp',
						metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
						statuses: [{ id: 'wamid.X', status: 'read', timestamp: '1750030073', ...status }],
					},
				},
			],
		},
	],
});

describe('webhooks against the repaired spec', () => {
	it.each(WEBHOOK_FIXTURES)('the fixture %s validates', (name) => {
		expect(checkWebhookPayload(webhookFixture(name))).toEqual({ ok: true });
	});

	it.each([
		'inbound_text_meta.json',
		'status_failed_meta_131049.json',
		'status_sent_meta_pmp.json',
	])('the sandbox fixture %s validates', (name) => {
		const body: unknown = JSON.parse(
			readFileSync(join(__dirname, '../fixtures/sandbox', name), 'utf8'),
		);
		expect(checkWebhookPayload(body)).toEqual({ ok: true });
	});

	it("the e2e tests' webhook builder gives Meta's envelope, for statuses and for inbound messages", () => {
		process.env[ENVIRONMENT_VARIABLE] = JSON.stringify({
			businessAccountId: '102290129340398',
			phoneNumberId: '106540352242922',
		});
		const status = {
			id: 'wamid.X',
			status: 'delivered',
			timestamp: '1750030073',
			recipient_id: '16505551234',
			biz_opaque_callback_data: 'crm-1',
		};
		const inbound = {
			contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }],
			messages: [
				{
					from: '16505551234',
					id: 'wamid.IN',
					timestamp: '1750030073',
					type: 'image',
					image: {
						caption: 'Receipt',
						mime_type: 'image/png',
						sha256: 'abc',
						id: '1602186516975000',
					},
				},
			],
		};
		expect(checkWebhookPayload(messagesWebhook({ statuses: [status] }))).toEqual({ ok: true });
		expect(
			checkWebhookPayload(messagesWebhook(inbound, { phoneNumberId: '106540352242923' })),
		).toEqual({ ok: true });
	});

	const sent: SentMessage = {
		id: 'wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA',
		phoneNumberId: '106540352242922',
		displayPhoneNumber: '15550783881',
		type: 'text',
		to: '16505551234',
		waId: '16505551234',
		recipient: null,
		group: false,
		referenceId: 'crm-42',
		category: 'service',
		conversationId: 'c0ffee',
		acceptedAt: 1750030000000,
		failing: false,
		statuses: [],
	};
	const variants: Record<string, SentMessage> = {
		'with a Reference ID': sent,
		'without a Reference ID': { ...sent, referenceId: null },
		'to a business-scoped user ID (no recipient_id)': {
			...sent,
			to: null,
			waId: null,
			recipient: 'US.13491208655302741918',
		},
		'to a group': {
			...sent,
			to: 'Y2FwaV9ncm91cDox',
			waId: null,
			group: true,
			category: 'marketing',
		},
	};
	const statuses: StatusName[] = ['sent', 'delivered', 'read', 'failed'];
	it.each(Object.keys(variants))(
		"the sandbox's status webhooks validate: a message %s",
		(variant) => {
			for (const conversation of [true, false]) {
				const objects = statuses.map((status) =>
					statusObject(variants[variant], status, 1750030073000, {
						pricingOn: 'sent',
						conversation,
					}),
				);
				const body = statusEnvelope('102290129340398', [
					{
						phoneNumberId: sent.phoneNumberId,
						displayPhoneNumber: sent.displayPhoneNumber,
						statuses: objects,
					},
				]);
				expect(checkWebhookPayload(body)).toEqual({ ok: true });
			}
		},
	);

	it.each([
		['played', { status: 'played', recipient_id: '16505551234' }],
		[
			'a status without recipient_id (business-scoped user ID)',
			{ recipient_user_id: 'US.13491208655302741918' },
		],
	])('accepts %s', (_case, status) => {
		expect(checkWebhookPayload(statusWebhook(status))).toEqual({ ok: true });
	});

	it.each([
		[
			'a status Meta does not send',
			{ status: 'deleted' },
			"statuses'][0]['status'] must be one of",
		],
		[
			'a reference over 512 characters',
			{ biz_opaque_callback_data: 'r'.repeat(513) },
			'must be at most 512 characters long',
		],
		[
			'a status without timestamp',
			{ timestamp: undefined },
			"The parameter entry[0]['changes'][0]['value']['statuses'][0]['timestamp'] is required.",
		],
	])('refuses %s', (_case, status, detail) => {
		const verdict = checkWebhookPayload(JSON.parse(JSON.stringify(statusWebhook(status))));
		expect(verdict.ok === false && verdict.details).toContain(detail);
	});
});

const ALL_EVENTS = {
	events: ['statuses', 'messages', 'templateStatusUpdates'],
	statuses: [],
	phoneNumberIds: [],
	parseReferenceJson: false,
};
type Example = {
	entry: Array<{
		id: string;
		changes: Array<{
			field: string;
			value: {
				metadata: Record<string, string>;
				contacts?: Array<{ profile: { name: string } }>;
				messages?: Array<Record<string, unknown>>;
			};
		}>;
	}>;
};

describe("WhatsApp Trigger's flatten on every webhook example of the spec", () => {
	it.each(webhookExamples)('%s', (_name, example) => {
		const body = example as Example;
		const items = flattenWebhook(example as WhatsAppWebhookBody, ALL_EVENTS);
		const expected = body.entry.flatMap((entry) =>
			entry.changes
				.filter((change) => change.field === 'messages')
				.flatMap((change) =>
					(change.value.messages ?? []).map((message) => {
						const type = message.type as string;
						const own = message[type] as Record<string, unknown>;
						const context = message.context as { id?: string } | undefined;
						return expect.objectContaining({
							event: 'message',
							messageId: message.id,
							from: message.from,
							type,
							mediaId: ['image', 'video', 'audio', 'document', 'sticker'].includes(type)
								? own.id
								: null,
							// A reaction names the message it answers in reaction.message_id, not in context (the
							// spec's 'Reaction Message' example): the Trigger's own tests say which field carries it.
							...(type === 'reaction' ? {} : { contextMessageId: context?.id ?? null }),
							timestamp: new Date(Number(message.timestamp) * 1000).toISOString(),
							phoneNumberId: change.value.metadata.phone_number_id,
							displayPhoneNumber: change.value.metadata.display_phone_number,
							businessAccountId: entry.id,
							contactName: change.value.contacts?.[0]?.profile.name ?? null,
							raw: message,
						});
					}),
				),
		);
		expect(items).toEqual(expected);
	});
});
