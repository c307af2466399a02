/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import axios from 'axios';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { N8nRestClient } from '../../scripts/n8n-rest-client';
import { type Collector, startCollector } from './support/collector';
import { e2eEnvironment } from './support/environment';
import { sandboxAdmin } from './support/sandbox-admin';
import { deploy, ownerClient, triggerUrl, triggerWorkflow } from './support/workflows';

const fixtures = join(__dirname, '../fixtures');
const webhookFixture = (name: string) =>
	JSON.parse(readFileSync(join(fixtures, 'webhooks', name), 'utf8')) as Record<string, unknown>;

let client: N8nRestClient;
let collector: Collector;
const statusesTrigger = `e2e-statuses-${randomUUID()}`;
const messagesTrigger = `e2e-messages-${randomUUID()}`;
const currentTrigger = `e2e-current-${randomUUID()}`;
const currentTriggerWithRaw = `e2e-current-raw-${randomUUID()}`;

const signed = (body: string, secret = e2eEnvironment().appSecret) => ({
	'content-type': 'application/json',
	'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
});

async function postSigned(webhookId: string, body: unknown) {
	await sandboxAdmin.configure({ callbackUrl: triggerUrl(webhookId) });
	return await sandboxAdmin.sendWebhook(body);
}

beforeAll(async () => {
	client = await ownerClient();
	collector = await startCollector();
	await deploy(client, triggerWorkflow(statusesTrigger, collector.url));
	await deploy(client, triggerWorkflow(messagesTrigger, collector.url, { events: ['messages'] }));
	await deploy(client, triggerWorkflow(currentTrigger, collector.url, {}, 1.2));
	await deploy(
		client,
		triggerWorkflow(currentTriggerWithRaw, collector.url, { options: { includeRaw: true } }, 1.2),
	);
});

afterAll(async () => {
	await collector.close();
});

beforeEach(async () => {
	await sandboxAdmin.reset();
	collector.clear();
});

describe("WhatsApp Trigger in a real n8n, receiving Meta's webhooks", () => {
	it("answers Meta's verification handshake with the challenge, and refuses a wrong token", async () => {
		const url = triggerUrl(statusesTrigger);
		const right = await axios.get(url, {
			params: {
				'hub.mode': 'subscribe',
				'hub.verify_token': e2eEnvironment().verifyToken,
				'hub.challenge': '1158201444',
			},
			validateStatus: () => true,
		});
		expect(right.status).toBe(200);
		expect(right.data).toBe(1158201444);
		expect(String(right.headers['content-type'])).toMatch(/text\/plain/);

		const wrong = await axios.get(url, {
			params: { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' },
			validateStatus: () => true,
		});
		expect(wrong.status).toBe(403);
		const missing = await axios.get(url, { validateStatus: () => true });
		expect(missing.status).toBe(403);
	});

	it('the sandbox, playing Meta, completes the handshake against the production URL', async () => {
		const verification = (
			await axios.post(`${e2eEnvironment().sandboxUrl}/__sandbox/verify`, {
				url: triggerUrl(statusesTrigger),
				verifyToken: e2eEnvironment().verifyToken,
			})
		).data as { ok: boolean };
		expect(verification.ok).toBe(true);
	});

	it('emits one item per status with every documented field, for sent (with pricing), read (v24) and failed bodies', async () => {
		for (const name of [
			'status_sent_meta_pmp.json',
			'status_read_meta_v24.json',
			'status_failed_meta_131049.json',
		]) {
			expect((await postSigned(statusesTrigger, webhookFixture(name))).status).toBe(200);
		}
		const items = await collector.waitFor(3);
		const byStatus = Object.fromEntries(items.map((item) => [item.status, item]));
		expect(byStatus.sent).toEqual({
			event: 'status',
			status: 'sent',
			referenceId: null,
			messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
			recipientId: '16505551234',
			recipientUserId: null,
			timestamp: new Date(1750030073 * 1000).toISOString(),
			phoneNumberId: '106540352242922',
			displayPhoneNumber: '15550783881',
			businessAccountId: '102290129340398',
			conversation: {
				id: '72b14d6bd5407799e66f64d1b338e567',
				expiration_timestamp: '1750116480',
				origin: { type: 'marketing' },
			},
			pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' },
			errors: [],
			eventId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=:sent:1750030073',
			raw: expect.objectContaining({ status: 'sent', timestamp: '1750030073' }),
		});
		expect(byStatus.read).toMatchObject({ conversation: null, pricing: null, errors: [] });
		expect(byStatus.failed).toMatchObject({
			errors: [
				expect.objectContaining({
					code: 131049,
					error_data: { details: expect.stringMatching(/healthy ecosystem/) },
				}),
			],
		});
	});

	it('version 1.2 emits the same fields without raw, and raw again with Include Raw Update', async () => {
		const sent = webhookFixture('status_sent_meta_pmp.json');
		expect((await postSigned(statusesTrigger, sent)).status).toBe(200);
		const [withRaw] = await collector.waitFor(1);
		collector.clear();
		expect((await postSigned(currentTrigger, sent)).status).toBe(200);
		const [current] = await collector.waitFor(1);
		collector.clear();
		expect(current).not.toHaveProperty('raw');
		const { raw, ...fields } = withRaw;
		expect(raw).toMatchObject({ status: 'sent' });
		expect(current).toEqual(fields);
		expect((await postSigned(currentTriggerWithRaw, sent)).status).toBe(200);
		expect(await collector.waitFor(1)).toEqual([withRaw]);
	});

	it('emits every status of a batch across entries and changes, in order, each with its reference', async () => {
		const statuses = Array.from({ length: 60 }, (_, index) => ({
			id: `wamid.BATCH${index}`,
			status: ['sent', 'delivered', 'read'][index % 3],
			timestamp: String(1750030000 + index),
			recipient_id: '16505551234',
			...(index % 10 === 9 ? {} : { biz_opaque_callback_data: `crm-${index}` }),
		}));
		const change = (slice: typeof statuses, phoneNumberId: string) => ({
			field: 'messages',
			value: {
				messaging_product: 'whatsapp',
				metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
				statuses: slice,
			},
		});
		const body = {
			object: 'whatsapp_business_account',
			entry: [
				{
					id: '102290129340398',
					changes: [
						change(statuses.slice(0, 20), '106540352242922'),
						change(statuses.slice(20, 40), '106540352242923'),
					],
				},
				{ id: '102290129340399', changes: [change(statuses.slice(40), '106540352242924')] },
			],
		};

		expect((await postSigned(statusesTrigger, body)).status).toBe(200);

		const items = await collector.waitFor(60);
		expect(items.map((item) => item.messageId)).toEqual(statuses.map((status) => status.id));
		for (const item of items) {
			const index = Number(String(item.messageId).replace('wamid.BATCH', ''));
			expect(item.referenceId).toBe(index % 10 === 9 ? null : `crm-${index}`);
			expect(item.businessAccountId).toBe(index < 40 ? '102290129340398' : '102290129340399');
		}
	});

	it('refuses forged, unsigned and wrongly signed posts with 401 and starts nothing', async () => {
		const body = JSON.stringify(webhookFixture('status_sent_meta_pmp.json'));
		const url = triggerUrl(statusesTrigger);
		const attempts = [
			{ 'content-type': 'application/json' },
			signed(body, 'not-the-app-secret'),
			{ 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=abc' },
			signed(JSON.stringify({ ...JSON.parse(body), entry: [] })),
		];
		for (const headers of attempts) {
			const response = await axios.post(url, body, {
				headers,
				validateStatus: () => true,
				transformRequest: (data) => data,
			});
			expect(response.status).toBe(401);
		}
		const genuine = await axios.post(url, body, {
			headers: signed(body),
			validateStatus: () => true,
			transformRequest: (data) => data,
		});
		expect(genuine.status).toBe(200);
		await collector.waitFor(1);
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(collector.received).toHaveLength(1);
	});

	it('refuses a body that is not a WhatsApp Business Account webhook with 400', async () => {
		const body = JSON.stringify({ object: 'page', entry: [] });
		const response = await axios.post(triggerUrl(statusesTrigger), body, {
			headers: signed(body),
			validateStatus: () => true,
			transformRequest: (data) => data,
		});
		expect(response.status).toBe(400);
		expect(String(response.data)).toMatch(/whatsapp_business_account/);
	});

	it('starts nothing for template status updates when only statuses are chosen', async () => {
		expect(
			(
				await postSigned(
					statusesTrigger,
					webhookFixture('template_status_update_approved_meta.json'),
				)
			).status,
		).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(collector.received).toHaveLength(0);
	});

	it('emits inbound replies with the replied-to message ID, which ties a reply to its reference', async () => {
		expect(
			(await postSigned(messagesTrigger, webhookFixture('inbound_button_reply_meta.json'))).status,
		).toBe(200);
		const [item] = await collector.waitFor(1);
		expect(item).toMatchObject({
			event: 'message',
			messageId: 'wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQThBREYwNzc2RDc2QjA1QTIwMgA=',
			from: '16505551234',
			type: 'interactive',
			text: 'Change',
			replyId: 'change-button',
			contextMessageId: 'wamid.HBgLMTY0NjcwNDM1OTUVAgARGBJBM0Y4RUU0RUNFQkFDMjYzQUMA',
		});
	});

	it('checks the signature over the raw bytes Meta sent, unicode escapes included', async () => {
		const vector = JSON.parse(
			readFileSync(join(fixtures, 'signature/inbound_text_unicode_signature.json'), 'utf8'),
		) as Record<string, string>;
		const rawBody = readFileSync(join(fixtures, 'signature', vector.raw_body_file));
		const credential = await client.createCredential({
			name: 'Unicode vector webhook',
			type: 'whatsAppWebhookApi',
			data: { verifyToken: 'v', appSecret: vector.app_secret },
		});
		const webhookId = `e2e-unicode-${randomUUID()}`;
		const workflow = triggerWorkflow(webhookId, collector.url, { events: ['messages'] });
		workflow.nodes[0].credentials = {
			whatsAppWebhookApi: { id: credential.id, name: 'Unicode vector webhook' },
		};
		await deploy(client, workflow);
		const post = (signature: string) =>
			axios.post(triggerUrl(webhookId), rawBody, {
				headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
				validateStatus: () => true,
				transformRequest: (data) => data,
			});

		expect((await post(vector.wrong_signature_if_body_is_reparsed_and_restringified)).status).toBe(
			401,
		);
		expect((await post(vector.x_hub_signature_256)).status).toBe(200);
		const [item] = await collector.waitFor(1);
		expect(item.event).toBe('message');
		expect(String(item.text)).toMatch(/[\u0080-\uffff]/);
	});
});
