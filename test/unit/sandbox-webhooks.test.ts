import { createHmac, timingSafeEqual } from 'node:crypto';
import axios, { type AxiosInstance } from 'axios';
import { createSandbox, type Sandbox } from '../../sandbox/server';
import inboundText from '../fixtures/sandbox/inbound_text_meta.json';
import failedFixture from '../fixtures/sandbox/status_failed_meta_131049.json';
import sentFixture from '../fixtures/sandbox/status_sent_meta_pmp.json';
import {
	startReceiver,
	type ReceivedWebhook,
	type WebhookReceiver,
} from '../fixtures/sandbox/webhook-receiver';

const token = 'test-token';
const appSecret = 'test-app-secret';
const messagesPath = '/v25.0/106540352242922/messages';
const delays = { sent: 40, delivered: 80, read: 120 };

let sandbox: Sandbox;
let receiver: WebhookReceiver;
let api: AxiosInstance;

type Status = Record<string, unknown> & { id: string; status: string };
const statusesOf = (post: ReceivedWebhook) =>
	post.body.entry.flatMap((e) => e.changes.flatMap((c) => (c.value.statuses ?? []) as Status[]));
const allStatuses = () => receiver.posts.filter((p) => p.answeredWith < 300).flatMap(statusesOf);

const keysOf = (value: unknown): unknown =>
	typeof value === 'object' && value !== null
		? Object.fromEntries(
				Object.entries(value).map(([k, v]) => [
					k,
					Array.isArray(v) ? v.map(keysOf).slice(0, 1) : keysOf(v),
				]),
			)
		: typeof value;

function signedCorrectly(post: ReceivedWebhook): boolean {
	const header = String(post.headers['x-hub-signature-256'] ?? '');
	const expected = `sha256=${createHmac('sha256', appSecret).update(post.raw).digest('hex')}`;
	return (
		header.length === expected.length && timingSafeEqual(Buffer.from(header), Buffer.from(expected))
	);
}

async function send(body: Record<string, unknown> = {}): Promise<string> {
	const answer = await api.post(messagesPath, {
		messaging_product: 'whatsapp',
		to: '16505551234',
		type: 'text',
		text: { body: 'hello' },
		...body,
	});
	expect(answer.status).toBe(200);
	return answer.data.messages[0].id;
}

beforeAll(async () => {
	receiver = await startReceiver();
	sandbox = await createSandbox({
		accessToken: token,
		appSecret,
		statusDelaysMs: delays,
		webhookRetryDelaysMs: [30, 30],
	});
	api = axios.create({
		baseURL: sandbox.url,
		validateStatus: () => true,
		headers: { Authorization: `Bearer ${token}` },
	});
});

beforeEach(() => {
	sandbox.reset();
	sandbox.configure({ callbackUrl: receiver.url });
	receiver.posts.length = 0;
	receiver.failNext(0);
});

afterAll(async () => {
	await sandbox.close();
	await receiver.close();
});

describe('sandbox status webhooks', () => {
	it('posts sent, delivered and read, signed over the raw bytes, echoing the reference', async () => {
		const id = await send({ biz_opaque_callback_data: 'order-10045 café' });
		const posts = await receiver.waitForPosts(3);
		await sandbox.idle();

		expect(posts.map((p) => statusesOf(p)[0].status)).toEqual(['sent', 'delivered', 'read']);
		for (const post of posts) {
			expect(signedCorrectly(post)).toBe(true);
			expect(post.headers['content-type']).toBe('application/json');
			expect(post.raw.toString('utf8')).toContain(
				'"biz_opaque_callback_data":"order-10045 caf\\u00e9"',
			);
			expect(post.body.entry[0]).toMatchObject({
				id: '102290129340398',
				changes: [{ field: 'messages' }],
			});
			expect(post.body.entry[0].changes[0].value).toMatchObject({
				messaging_product: 'whatsapp',
				metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
			});
			const status = statusesOf(post)[0];
			expect(status).toMatchObject({
				id,
				recipient_id: '16505551234',
				biz_opaque_callback_data: 'order-10045 café',
			});
			expect(status.timestamp).toMatch(/^\d{10}$/);
		}
	});

	it("shapes the sent status like Meta's fixture, with pricing only on one status", async () => {
		sandbox.configure({ pricingOn: 'delivered' });
		await send({
			type: 'template',
			text: undefined,
			template: { name: 'seasonal_promotion', language: { code: 'en_US' } },
		});
		const posts = await receiver.waitForPosts(3);
		const [sent, delivered, read] = posts.map((p) => statusesOf(p)[0]);
		const expected = structuredClone(sentFixture);
		const fixtureStatus = expected.entry[0].changes[0].value.statuses[0] as Record<string, unknown>;
		delete fixtureStatus.pricing;
		expect(keysOf(posts[0].body)).toEqual(keysOf(expected));
		expect(sent.conversation).toMatchObject({
			origin: { type: 'marketing' },
			expiration_timestamp: expect.any(String),
		});
		expect(delivered.pricing).toEqual({
			billable: true,
			pricing_model: 'PMP',
			type: 'regular',
			category: 'marketing',
		});
		expect([sent.pricing, read.pricing, read.conversation]).toEqual([
			undefined,
			undefined,
			undefined,
		]);
	});

	it('sends a failing recipient sent then failed with 131026', async () => {
		sandbox.configure({ failingRecipients: ['+1 650 555 1234'] });
		const id = await send({ biz_opaque_callback_data: 'ref-1' });
		const posts = await receiver.waitForPosts(2);
		await sandbox.idle();
		expect(allStatuses().map((s) => s.status)).toEqual(['sent', 'failed']);
		const failed = statusesOf(posts[1])[0];
		const fixture = failedFixture.entry[0].changes[0].value.statuses[0];
		expect(keysOf(failed.errors)).toEqual(keysOf(fixture.errors));
		expect(failed).toMatchObject({
			id,
			biz_opaque_callback_data: 'ref-1',
			errors: [{ code: 131026, title: 'Message undeliverable' }],
		});
	});

	it('delivers each webhook twice in duplicate mode', async () => {
		sandbox.configure({ duplicateWebhooks: true });
		await send();
		const posts = await receiver.waitForPosts(6);
		expect(posts.map((p) => statusesOf(p)[0].status)).toEqual([
			'sent',
			'sent',
			'delivered',
			'delivered',
			'read',
			'read',
		]);
		expect(posts[0].raw).toEqual(posts[1].raw);
	});

	it('delivers read before delivered in reorder mode, timestamps still in order', async () => {
		sandbox.configure({
			reorderWebhooks: true,
			statusDelaysMs: { sent: 10, delivered: 30, read: 1030 },
		});
		await send();
		const posts = await receiver.waitForPosts(3);
		const statuses = posts.map((p) => statusesOf(p)[0]);
		expect(statuses.map((s) => s.status)).toEqual(['sent', 'read', 'delivered']);
		expect(Number(statuses[1].timestamp)).toBeGreaterThan(Number(statuses[2].timestamp));
	});

	it('puts many statuses into one POST in batch mode', async () => {
		// Statuses a second apart, and a window wide enough for five sends on a busy machine.
		sandbox.configure({
			batchStatuses: true,
			batchWindowMs: 500,
			statusDelaysMs: { sent: 600, delivered: 1600, read: 2600 },
		});
		const ids = await Promise.all(
			Array.from({ length: 5 }, (_, i) => send({ biz_opaque_callback_data: `b-${i}` })),
		);
		await receiver.waitForPosts(3);
		await sandbox.idle();
		expect(receiver.posts).toHaveLength(3);
		for (const [index, status] of ['sent', 'delivered', 'read'].entries()) {
			const statuses = statusesOf(receiver.posts[index]);
			expect(statuses.map((s) => s.status)).toEqual(Array(5).fill(status));
			expect(statuses.map((s) => s.id).sort()).toEqual([...ids].sort());
			expect(signedCorrectly(receiver.posts[index])).toBe(true);
		}
	});

	it('retries a refused delivery, bounded, and records every attempt', async () => {
		sandbox.configure({ statusDelaysMs: { sent: 10, delivered: 200, read: 400 } });
		receiver.failNext(5, 503);
		await send();
		await receiver.waitForPosts(2);
		await sandbox.idle();
		const attempts = sandbox.state.webhooks.filter((w) => w.kind === 'status');
		expect(attempts.map((a) => [a.attempt, a.status])).toEqual([
			[1, 503],
			[2, 503],
			[3, 503],
			[1, 503],
			[2, 503],
			[3, 200],
			[1, 200],
		]);
		const { data } = await api.get('/__sandbox/webhooks');
		expect(data).toHaveLength(7);
	});

	it('records a status with nowhere to go without calling anything', async () => {
		sandbox.configure({ callbackUrl: null });
		await send();
		await sandbox.idle();
		expect(receiver.posts).toHaveLength(0);
		expect(sandbox.state.webhooks.map((w) => [w.attempt, w.error])).toEqual(
			Array(3).fill([0, 'no callback URL is set']),
		);
	});
});

describe('sandbox webhook tools', () => {
	it('posts a given body signed, serialised as Meta does', async () => {
		const payload = structuredClone(inboundText);
		payload.entry[0].changes[0].value.messages[0].text.body = 'Café äöå 😀';
		const { data } = await api.post('/__sandbox/webhooks/send', payload);
		expect(data).toMatchObject({ ok: true, status: 200, attempts: 1 });
		const [post] = receiver.posts;
		expect(signedCorrectly(post)).toBe(true);
		expect(post.raw.toString('utf8')).toContain(
			'"body":"Caf\\u00e9 \\u00e4\\u00f6\\u00e5 \\ud83d\\ude00"',
		);
		expect(post.body).toEqual(payload);
	});

	it('runs the GET handshake on demand and reports whether the challenge came back', async () => {
		const passed = await sandbox.verifyCallback();
		expect(passed).toMatchObject({ ok: true, status: 200 });
		expect(passed.received).toBe(passed.challenge);
		expect(receiver.handshakes[receiver.handshakes.length - 1].get('hub.verify_token')).toBe(
			'sandbox-verify-token',
		);
		const { data } = await api.post('/__sandbox/verify', { verifyToken: 'wrong' });
		expect(data).toMatchObject({ ok: false, status: 403 });
	});

	it('never calls a host outside loopback', async () => {
		expect(() => sandbox.configure({ callbackUrl: 'https://example.com/hook' })).toThrow(
			/loopback/,
		);
		const delivery = await sandbox.sendWebhook(inboundText, 'https://example.com/hook');
		expect(delivery).toMatchObject({ ok: false, attempts: 0 });
		expect((await sandbox.verifyCallback('http://10.0.0.1/hook')).ok).toBe(false);
	});
});
