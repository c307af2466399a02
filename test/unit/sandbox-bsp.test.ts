import axios, { type AxiosInstance } from 'axios';
import { checkRequestSignature } from '../../nodes/WhatsAppTrigger/signature';
import { matchSendPath } from '../../sandbox/bsp-router';
import { createSandbox, type Sandbox } from '../../sandbox/server';
import {
	startReceiver,
	type ReceivedWebhook,
	type WebhookReceiver,
} from '../fixtures/sandbox/webhook-receiver';

const token = 'bsp-key';
const appSecret = 'platform-secret';
const appId = '1234567890123456';
const phoneNumberId = '106540352242922';
const metaPath = `/v25.0/${phoneNumberId}/messages`;
const text = {
	messaging_product: 'whatsapp',
	to: '16505551234',
	type: 'text',
	text: { body: 'hello' },
};

let sandbox: Sandbox;
let receiver: WebhookReceiver;
let api: AxiosInstance;

const post = (path: string, headers: Record<string, string>, body: object = text) =>
	api.post(path, body, { headers });
const statusesOf = (webhook: ReceivedWebhook) =>
	webhook.body.entry.flatMap((e) =>
		e.changes.flatMap((c) => (c.value.statuses ?? []) as Array<Record<string, unknown>>),
	);

beforeAll(async () => {
	receiver = await startReceiver();
	sandbox = await createSandbox({
		accessToken: token,
		appSecret,
		appId,
		statusDelaysMs: { sent: 10, delivered: 20, read: 30 },
		webhookRetryDelaysMs: [],
	});
	api = axios.create({ baseURL: sandbox.url, validateStatus: () => true });
});

beforeEach(() => {
	sandbox.reset();
	sandbox.configure({ callbackUrl: receiver.url });
	receiver.posts.length = 0;
});

afterAll(async () => {
	await sandbox.close();
	await receiver.close();
});

describe('sandbox BSP mode: configuration', () => {
	it('plays Meta unless told otherwise, and reset goes back to Meta', async () => {
		expect(sandbox.config.bsp).toBeNull();
		sandbox.configure({ bsp: '360dialog' });
		sandbox.reset();
		expect(sandbox.config.bsp).toBeNull();
		expect((await post(metaPath, { Authorization: `Bearer ${token}` })).status).toBe(200);
	});

	it('takes a provider by name and shows its whole profile', () => {
		expect(sandbox.configure({ bsp: '360dialog' }).bsp).toEqual({
			profile: '360dialog',
			sendPath: '/messages',
			authHeaderName: 'D360-API-KEY',
			authHeaderValue: '{token}',
			answer: 'meta',
			referenceMaxLength: 512,
			signatureHeader: 'x-360dialog-signature',
			signaturePrefix: '',
		});
		expect(sandbox.configure({ bsp: null }).bsp).toBeNull();
	});

	it('starts a custom profile from Meta’s conventions and changes only the fields given', () => {
		expect(
			sandbox.configure({ bsp: { profile: 'custom', answer: 'queueId', referenceMaxLength: 200 } })
				.bsp,
		).toEqual({
			profile: 'custom',
			sendPath: '/{version}/{phoneNumberId}/messages',
			authHeaderName: 'Authorization',
			authHeaderValue: 'Bearer {token}',
			answer: 'queueId',
			referenceMaxLength: 200,
			signatureHeader: 'X-Hub-Signature-256',
			signaturePrefix: 'sha256=',
		});
	});

	it('is set over POST /__sandbox/config, which names every wrong field', async () => {
		const good = await api.post('/__sandbox/config', { bsp: 'kapso' });
		expect([good.status, good.data.bsp.sendPath]).toEqual([
			200,
			'/meta/whatsapp/{version}/{phoneNumberId}/messages',
		]);

		const bad = await api.post('/__sandbox/config', {
			bsp: {
				profile: 'custom',
				sendPath: 'messages/{wabaId}',
				authHeaderValue: 'Bearer',
				answer: 'wamid',
				referenceMaxLength: 0,
				colour: 'red',
			},
		});
		expect(bad.status).toBe(400);
		for (const field of [
			'sendPath',
			'authHeaderValue',
			'answer',
			'referenceMaxLength',
			'unknown field colour',
		]) {
			expect(bad.data.error).toContain(field);
		}
		expect((await api.post('/__sandbox/config', { bsp: 'twilio' })).data.error).toMatch(
			/360dialog, gupshupPartner, kapso, telepie, custom/,
		);
		expect(sandbox.config.bsp?.profile).toBe('kapso');
	});
});

describe('sandbox BSP mode: the send path and key header', () => {
	const profiles = [
		['360dialog', '/messages', { 'D360-API-KEY': token }],
		['kapso', `/meta/whatsapp/v24.0/${phoneNumberId}/messages`, { 'X-API-Key': token }],
		['telepie', `/v3/${phoneNumberId}/messages`, { apikey: token }],
		['gupshupPartner', `/partner/app/${appId}/v3/message`, { Authorization: token }],
	] as const;

	it.each(profiles)(
		'%s: takes a message at %s with its key and answers like Meta',
		async (name, path, headers) => {
			sandbox.configure({ bsp: name });
			const answer = await post(path, headers, { ...text, biz_opaque_callback_data: 'crm-1' });
			expect(answer.status).toBe(200);
			expect(answer.data).toEqual({
				messaging_product: 'whatsapp',
				contacts: [{ input: '16505551234', wa_id: '16505551234' }],
				messages: [{ id: expect.stringMatching(/^wamid\./) }],
			});
			expect(sandbox.state.messages).toEqual([
				expect.objectContaining({ phoneNumberId, referenceId: 'crm-1' }),
			]);
			expect(sandbox.state.messages[0].queueId).toBeUndefined();
		},
	);

	it.each(profiles)(
		'%s: refuses a missing or wrong key, and a Bearer token, with 401',
		async (name, path, headers) => {
			sandbox.configure({ bsp: name });
			const [header] = Object.keys(headers);
			expect((await post(path, {})).status).toBe(401);
			expect((await post(path, { [header]: 'wrong' })).status).toBe(401);
			expect((await post(path, { Authorization: `Bearer ${token}` })).status).toBe(401);
			expect(sandbox.state.messages).toHaveLength(0);
		},
	);

	it("serves nothing of Meta's Graph API", async () => {
		sandbox.configure({ bsp: '360dialog' });
		for (const [method, path] of [
			['post', metaPath],
			['get', '/v25.0/me'],
			['get', '/messages'],
		] as const) {
			const answer = await api.request({
				method,
				url: path,
				data: text,
				headers: { 'D360-API-KEY': token, Authorization: `Bearer ${token}` },
			});
			expect(answer.status).toBe(404);
			expect(answer.data.error.message).toMatch(/360dialog.*takes POST \/messages only/);
		}
	});

	it('answers an unknown phone number or app like Graph', async () => {
		sandbox.configure({ bsp: 'telepie' });
		expect((await post('/v3/999/messages', { apikey: token })).data.error).toMatchObject({
			code: 100,
			error_subcode: 33,
		});
		sandbox.configure({ bsp: 'gupshupPartner' });
		expect(
			(await post('/partner/app/other-app/v3/message', { Authorization: token })).data.error,
		).toMatchObject({ code: 100, error_subcode: 33 });
	});

	it('answers mark-as-read on the send path', async () => {
		sandbox.configure({ bsp: '360dialog' });
		const answer = await post(
			'/messages',
			{ 'D360-API-KEY': token },
			{ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.X' },
		);
		expect([answer.status, answer.data]).toEqual([200, { success: true }]);
	});

	it("applies Meta's message checks on the send path", async () => {
		sandbox.configure({ bsp: '360dialog' });
		const answer = await post('/messages', { 'D360-API-KEY': token }, { ...text, text: {} });
		expect([answer.status, answer.data.error.code]).toEqual([400, 131008]);
	});
});

describe('sandbox BSP mode: a custom queued-send platform', () => {
	const queued = {
		profile: 'custom',
		sendPath: '/api/{version}/{phoneNumberId}/send',
		authHeaderName: 'X-API-KEY',
		authHeaderValue: 'Key {token}',
		answer: 'queueId',
		referenceMaxLength: 200,
		signatureHeader: 'X-Signature',
		signaturePrefix: 'sha256=',
	} as const;
	const path = `/api/v25.0/${phoneNumberId}/send`;
	const headers = { 'X-API-KEY': `Key ${token}` };

	it('answers with a queue ID and no wamid; the status webhooks carry the wamid and the reference', async () => {
		sandbox.configure({ bsp: queued });
		const reference = 'r'.repeat(200);
		const answer = await post(path, headers, { ...text, biz_opaque_callback_data: reference });

		expect(answer.status).toBe(200);
		expect(answer.data).toEqual({ queueId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
		const [message] = sandbox.state.messages;
		expect(message).toMatchObject({
			queueId: answer.data.queueId,
			referenceId: reference,
			id: expect.stringMatching(/^wamid\./),
		});
		const webhooks = await receiver.waitForPosts(3);
		expect(
			webhooks.flatMap(statusesOf).map((s) => [s.status, s.id, s.biz_opaque_callback_data]),
		).toEqual(['sent', 'delivered', 'read'].map((status) => [status, message.id, reference]));
		expect(JSON.stringify(webhooks.map((w) => w.body))).not.toContain(answer.data.queueId);
	});

	it("refuses a reference over the profile's limit with Meta's 100", async () => {
		sandbox.configure({ bsp: queued });
		const answer = await post(path, headers, {
			...text,
			biz_opaque_callback_data: 'r'.repeat(201),
		});
		expect([answer.status, answer.data.error.code]).toEqual([400, 100]);
		expect(sandbox.state.messages).toHaveLength(0);
	});

	it('takes the limit from the profile, not from Meta mode’s referenceMaxLength', async () => {
		sandbox.configure({ referenceMaxLength: 100, bsp: { profile: '360dialog' } });
		const answer = await post(
			'/messages',
			{ 'D360-API-KEY': token },
			{ ...text, biz_opaque_callback_data: 'r'.repeat(512) },
		);
		expect(answer.status).toBe(200);
	});
});

describe('sandbox BSP mode: webhook signatures', () => {
	const sendAndReceive = async (path: string, headers: Record<string, string>) => {
		expect(
			(await post(path, headers, { ...text, biz_opaque_callback_data: 'café-1' })).status,
		).toBe(200);
		return await receiver.waitForPosts(3);
	};

	it('signs 360dialog webhooks in x-360dialog-signature, as the WhatsApp Trigger checks them', async () => {
		sandbox.configure({ bsp: '360dialog' });
		const [webhook] = await sendAndReceive('/messages', { 'D360-API-KEY': token });

		expect(webhook.headers['x-360dialog-signature']).toMatch(/^[0-9a-f]{64}$/);
		expect(webhook.headers['x-hub-signature-256']).toBeUndefined();
		expect(webhook.headers['x-hub-signature']).toBeUndefined();
		const credentials = { signatureProfile: '360dialog', appSecret };
		expect(checkRequestSignature(credentials, webhook.headers, webhook.raw)).toEqual({
			accepted: true,
		});
		expect(
			checkRequestSignature({ ...credentials, appSecret: 'other' }, webhook.headers, webhook.raw),
		).toMatchObject({ accepted: false });
		expect(
			checkRequestSignature({ signatureProfile: 'meta', appSecret }, webhook.headers, webhook.raw),
		).toMatchObject({ accepted: false });
	});

	it('signs with a custom header and prefix, as the WhatsApp Trigger checks them', async () => {
		sandbox.configure({
			bsp: {
				profile: 'telepie',
				signatureHeader: 'X-Telepie-Signature',
				signaturePrefix: 'sha256=',
			},
		});
		const [webhook] = await sendAndReceive(`/v3/${phoneNumberId}/messages`, { apikey: token });

		expect(webhook.headers['x-telepie-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
		const credentials = {
			signatureProfile: 'custom',
			signatureHeaderName: 'X-Telepie-Signature',
			signaturePrefix: 'sha256=',
			appSecret,
		};
		expect(checkRequestSignature(credentials, webhook.headers, webhook.raw)).toEqual({
			accepted: true,
		});
	});

	it('signs Kapso webhooks in X-Webhook-Signature, bare hex', async () => {
		sandbox.configure({ bsp: 'kapso' });
		const [webhook] = await sendAndReceive(`/meta/whatsapp/v25.0/${phoneNumberId}/messages`, {
			'X-API-Key': token,
		});
		const credentials = {
			signatureProfile: 'custom',
			signatureHeaderName: 'X-Webhook-Signature',
			signaturePrefix: '',
			appSecret,
		};
		expect(checkRequestSignature(credentials, webhook.headers, webhook.raw)).toEqual({
			accepted: true,
		});
	});

	it('sends webhooks unsigned for a profile without a signature', async () => {
		sandbox.configure({ bsp: 'gupshupPartner' });
		const [webhook] = await sendAndReceive(`/partner/app/${appId}/v3/message`, {
			Authorization: token,
		});
		expect(Object.keys(webhook.headers).filter((name) => name.includes('signature'))).toEqual([]);
	});

	it('signs posted webhook bodies the provider’s way too', async () => {
		sandbox.configure({ bsp: '360dialog' });
		const delivery = await sandbox.sendWebhook({ object: 'whatsapp_business_account', entry: [] });
		expect(delivery.ok).toBe(true);
		const [webhook] = receiver.posts;
		expect(
			checkRequestSignature(
				{ signatureProfile: '360dialog', appSecret },
				webhook.headers,
				webhook.raw,
			),
		).toEqual({ accepted: true });
	});
});

describe('matchSendPath', () => {
	it('fills the placeholders, decoded, and takes the template’s other characters literally', () => {
		expect(
			matchSendPath('/{version}/{phoneNumberId}/messages', '/v25.0/106%2B1/messages/'),
		).toEqual({ version: 'v25.0', phoneNumberId: '106+1' });
		expect(matchSendPath('/partner/app/{appId}/v3/message', '/partner/app/abc/v3/message')).toEqual(
			{ appId: 'abc' },
		);
		expect(matchSendPath('/messages', '/messages')).toEqual({});
		expect(matchSendPath('/api.v1/send', '/apiXv1/send')).toBeNull();
		expect(matchSendPath('/{version}/{phoneNumberId}/messages', '/25.0/106/messages')).toBeNull();
		expect(matchSendPath('/{phoneNumberId}/messages', '/%E0/messages')).toBeNull();
	});
});
