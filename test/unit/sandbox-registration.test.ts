import axios, { type AxiosInstance } from 'axios';
import { createSandbox, type Sandbox } from '../../sandbox/server';
import { startReceiver, type WebhookReceiver } from '../fixtures/sandbox/webhook-receiver';

const token = 'test-token';
const appId = '1234567890123456';
const appSecret = 'test-app-secret';
const appToken = `${appId}|${appSecret}`;
const wabaId = '102290129340398';
const phoneNumberId = '106540352242922';
const verifyToken = 'sandbox-verify-token';

let sandbox: Sandbox;
let receiver: WebhookReceiver;
let other: WebhookReceiver;
let api: AxiosInstance;

const sendText = () =>
	api.post(`/v25.0/${phoneNumberId}/messages`, {
		messaging_product: 'whatsapp',
		to: '16505551234',
		text: { body: 'x' },
	});

beforeAll(async () => {
	[receiver, other] = await Promise.all([startReceiver(verifyToken), startReceiver(verifyToken)]);
	sandbox = await createSandbox({
		accessToken: token,
		appId,
		appSecret,
		statusDelaysMs: { sent: 10, delivered: 20, read: 30 },
	});
	api = axios.create({
		baseURL: sandbox.url,
		validateStatus: () => true,
		headers: { Authorization: `Bearer ${token}` },
	});
});

beforeEach(() => {
	sandbox.reset();
	receiver.posts.length = 0;
	other.posts.length = 0;
});

afterAll(async () => {
	await sandbox.close();
	await Promise.all([receiver.close(), other.close()]);
});

describe('sandbox app subscriptions', () => {
	const subscriptions = `/v25.0/${appId}/subscriptions`;

	it('verifies the callback URL with the GET handshake before answering success, then uses it', async () => {
		const handshakesBefore = receiver.handshakes.length;
		const answer = await axios.post(
			`${sandbox.url}${subscriptions}`,
			{
				object: 'whatsapp_business_account',
				callback_url: receiver.url,
				verify_token: verifyToken,
				fields: 'messages',
				include_values: true,
			},
			{ params: { access_token: appToken } },
		);
		expect(answer.data).toEqual({ success: true });
		expect(receiver.handshakes.length).toBe(handshakesBefore + 1);
		expect(sandbox.config.callbackUrl).toBe(receiver.url);

		const listed = await axios.get(`${sandbox.url}${subscriptions}`, {
			params: { access_token: appToken },
		});
		expect(listed.data).toEqual({
			data: [
				{
					object: 'whatsapp_business_account',
					callback_url: receiver.url,
					active: true,
					fields: [{ name: 'messages', version: 'v25.0' }],
				},
			],
		});
		await sendText();
		await receiver.waitForPosts(3);
	});

	it('refuses a callback that does not echo the challenge with 2200, keeping the old URL', async () => {
		const answer = await api.post(subscriptions, null, {
			params: {
				access_token: appToken,
				object: 'whatsapp_business_account',
				callback_url: receiver.url,
				verify_token: 'wrong',
				fields: '["messages"]',
			},
			headers: { Authorization: undefined },
		});
		expect(answer.status).toBe(400);
		expect(answer.data.error).toMatchObject({ code: 2200 });
		expect(answer.data.error.message).toContain('does not match challenge');
		expect(sandbox.config.callbackUrl).toBeNull();
	});

	it('wants the app access token, not the system-user token', async () => {
		const answer = await api.get(subscriptions);
		expect([answer.status, answer.data.error.code]).toEqual([400, 15]);
	});

	it('trades the app ID and secret for the app token, as n8n’s built-in trigger asks first', async () => {
		const tokenFor = (clientId: string, clientSecret: string) =>
			axios.post(`${sandbox.url}/v19.0/oauth/access_token`, undefined, {
				params: {
					grant_type: 'client_credentials',
					client_id: clientId,
					client_secret: clientSecret,
				},
				validateStatus: () => true,
			});
		const granted = await tokenFor(appId, appSecret);
		expect([granted.status, granted.data]).toEqual([
			200,
			{ access_token: appToken, token_type: 'bearer' },
		]);
		const wrongSecret = await tokenFor(appId, 'not-the-secret');
		expect([
			wrongSecret.status,
			wrongSecret.data.error.code,
			wrongSecret.data.error.message,
		]).toEqual([400, 1, 'Error validating client secret.']);
		const wrongApp = await tokenFor('999', appSecret);
		expect([wrongApp.status, wrongApp.data.error.code]).toEqual([400, 101]);
		const subscribed = await axios.get(`${sandbox.url}${subscriptions}`, {
			params: { access_token: granted.data.access_token },
		});
		expect(subscribed.status).toBe(200);
	});

	it('DELETE removes the subscription', async () => {
		sandbox.configure({ callbackUrl: receiver.url });
		const removed = await api.delete(subscriptions, {
			params: { access_token: appToken, object: 'whatsapp_business_account' },
			headers: { Authorization: undefined },
		});
		expect(removed.data).toEqual({ success: true });
		expect(
			(
				await axios.get(
					`${sandbox.url}${subscriptions}?access_token=${encodeURIComponent(appToken)}`,
				)
			).data,
		).toEqual({ data: [] });
		await sendText();
		await sandbox.idle();
		expect(receiver.posts).toHaveLength(0);
	});
});

describe('sandbox WABA and phone number overrides', () => {
	it('POST subscribed_apps with override_callback_uri verifies it and routes status webhooks there', async () => {
		sandbox.configure({ callbackUrl: receiver.url });
		const answer = await api.post(`/v25.0/${wabaId}/subscribed_apps`, {
			override_callback_uri: other.url,
			verify_token: verifyToken,
		});
		expect(answer.data).toEqual({ success: true });
		expect(other.handshakes).not.toHaveLength(0);
		const listed = await api.get(`/v25.0/${wabaId}/subscribed_apps`);
		expect(listed.data.data).toEqual([
			{
				whatsapp_business_api_data: expect.objectContaining({ id: appId }),
				override_callback_uri: other.url,
			},
		]);
		await sendText();
		await other.waitForPosts(3);
		expect(receiver.posts).toHaveLength(0);

		expect((await api.post(`/v25.0/${wabaId}/subscribed_apps`)).data).toEqual({ success: true });
		expect(
			(await api.get(`/v25.0/${wabaId}/subscribed_apps`)).data.data[0].override_callback_uri,
		).toBeUndefined();
	});

	it('refuses an override without verify_token, over 200 characters, or failing the handshake', async () => {
		const path = `/v25.0/${wabaId}/subscribed_apps`;
		const noToken = await api.post(path, { override_callback_uri: other.url });
		const tooLong = await api.post(path, {
			override_callback_uri: `${other.url}?${'x'.repeat(200)}`,
			verify_token: verifyToken,
		});
		const wrong = await api.post(path, { override_callback_uri: other.url, verify_token: 'nope' });
		expect([noToken, tooLong, wrong].map((a) => [a.status, a.data.error.code])).toEqual([
			[400, 100],
			[400, 100],
			[400, 2200],
		]);
	});

	it('refuses an override while the app is not subscribed to the WABA, as Meta does', async () => {
		const path = `/v25.0/${wabaId}/subscribed_apps`;
		await api.delete(path);
		const refused = await api.post(path, {
			override_callback_uri: other.url,
			verify_token: verifyToken,
		});
		expect([refused.status, refused.data.error.code]).toEqual([400, 100]);
		expect(refused.data.error.message).toContain('your app must be subscribed');
		expect((await api.post(path)).data).toEqual({ success: true });
		expect(
			(await api.post(path, { override_callback_uri: other.url, verify_token: verifyToken })).data,
		).toEqual({ success: true });
	});

	it('DELETE subscribed_apps stops all webhooks', async () => {
		sandbox.configure({ callbackUrl: receiver.url });
		expect((await api.delete(`/v25.0/${wabaId}/subscribed_apps`)).data).toEqual({ success: true });
		expect((await api.get(`/v25.0/${wabaId}/subscribed_apps`)).data).toEqual({ data: [] });
		await sendText();
		await sandbox.idle();
		expect(receiver.posts).toHaveLength(0);
		expect(sandbox.state.webhooks[0].error).toBe('the app is not subscribed to the WABA');
	});

	it("a phone number's override wins over the WABA's and the app's", async () => {
		sandbox.configure({ callbackUrl: receiver.url });
		const answer = await api.post(`/v25.0/${phoneNumberId}`, {
			webhook_configuration: { override_callback_uri: other.url, verify_token: verifyToken },
		});
		expect(answer.data).toEqual({ success: true });
		const read = await api.get(`/v25.0/${phoneNumberId}`, {
			params: { fields: 'webhook_configuration' },
		});
		expect(read.data).toEqual({
			webhook_configuration: { phone_number: other.url, application: receiver.url },
			id: phoneNumberId,
		});
		await sendText();
		await other.waitForPosts(3);
		expect(receiver.posts).toHaveLength(0);
	});
});
