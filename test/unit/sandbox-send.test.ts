/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import axios, { type AxiosInstance } from 'axios';
import { createSandbox, type Sandbox } from '../../sandbox/server';
import error100 from '../fixtures/sandbox/error_100_meta_mmapi.json';
import error130429 from '../fixtures/sandbox/error_130429_meta.json';
import error190 from '../fixtures/sandbox/error_190_graph.json';
import markReadSuccess from '../fixtures/sandbox/mark_read_typing_success_meta.json';
import { validBodies } from '../fixtures/sandbox/message-bodies';
import sendResponse from '../fixtures/sandbox/send_response_meta.json';
import templateResponse from '../fixtures/sandbox/send_response_template_accepted_kapso.json';

const token = 'test-token';
const phoneNumberId = '106540352242922';
const messagesPath = `/v25.0/${phoneNumberId}/messages`;

let sandbox: Sandbox;
let api: AxiosInstance;

const keysOf = (value: unknown): unknown =>
	typeof value === 'object' && value !== null
		? Object.fromEntries(
				Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? v.map(keysOf) : keysOf(v)]),
			)
		: typeof value;

const send = (body: Record<string, unknown>) =>
	api.post(messagesPath, { messaging_product: 'whatsapp', to: '+1 650-555-1234', ...body });

beforeAll(async () => {
	sandbox = await createSandbox({
		accessToken: token,
		statusDelaysMs: { sent: 60000, delivered: 60000, read: 60000 },
	});
	api = axios.create({
		baseURL: sandbox.url,
		validateStatus: () => true,
		headers: { Authorization: `Bearer ${token}` },
	});
});

afterEach(() => sandbox.reset());
afterAll(() => sandbox.close());

describe('sandbox send endpoint', () => {
	it.each(Object.entries(validBodies).filter(([name]) => name !== 'template'))(
		'answers a valid %s message like Meta',
		async (_name, body) => {
			const answer = await send(body);
			expect(answer.status).toBe(200);
			expect(answer.headers['content-type']).toMatch(/^application\/json/);
			expect(keysOf(answer.data)).toEqual(keysOf(sendResponse));
			expect(answer.data.contacts).toEqual([{ input: '+1 650-555-1234', wa_id: '16505551234' }]);
			expect(answer.data.messages[0].id).toMatch(/^wamid\.[A-Za-z0-9+/]+=*$/);
		},
	);

	it('adds message_status accepted to template sends', async () => {
		const answer = await send(validBodies.template);
		expect(answer.status).toBe(200);
		expect(keysOf(answer.data)).toEqual(keysOf(templateResponse));
		expect(answer.data.messages[0].message_status).toBe('accepted');
	});

	it('leaves wa_id out for a user-ID recipient', async () => {
		const answer = await api.post(messagesPath, {
			messaging_product: 'whatsapp',
			recipient: 'US.13491208655302741918',
			type: 'text',
			text: { body: 'hi' },
		});
		expect(answer.data.contacts).toEqual([{ input: 'US.13491208655302741918' }]);
	});

	it('gives every message a unique wamid', async () => {
		const answers = await Promise.all(Array.from({ length: 20 }, () => send(validBodies.text)));
		expect(new Set(answers.map((a) => a.data.messages[0].id)).size).toBe(20);
	});

	it('answers mark-as-read and typing indicators with success', async () => {
		const read = { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.HBgL' };
		for (const body of [read, { ...read, typing_indicator: { type: 'text' } }]) {
			const answer = await api.post(messagesPath, body);
			expect([answer.status, answer.data]).toEqual([200, markReadSuccess]);
		}
		expect(sandbox.state.messages).toHaveLength(0);
	});

	it('refuses a wrong or missing token with 190 and HTTP 401', async () => {
		const wrong = await api.post(messagesPath, {}, { headers: { Authorization: 'Bearer nope' } });
		const missing = await axios.post(
			`${sandbox.url}${messagesPath}`,
			{},
			{ validateStatus: () => true },
		);
		for (const answer of [wrong, missing]) {
			expect(answer.status).toBe(401);
			expect(answer.data.error).toMatchObject({ code: 190, type: 'OAuthException' });
			expect(typeof answer.data.error.fbtrace_id).toBe('string');
		}
		expect(Object.keys(wrong.data.error)).toEqual(Object.keys(error190.error));
	});

	it("refuses an invalid payload with Meta's error shape and HTTP 400", async () => {
		const answer = await send({ type: 'text', text: {} });
		expect(answer.status).toBe(400);
		expect(keysOf(answer.data)).toEqual(keysOf(error100));
		expect(answer.data.error).toMatchObject({
			message: '(#131008) Required parameter is missing',
			code: 131008,
			error_data: {
				messaging_product: 'whatsapp',
				details: "The parameter text['body'] is required.",
			},
		});
	});

	it('refuses a reference over 512 characters', async () => {
		const answer = await send({ text: { body: 'x' }, biz_opaque_callback_data: 'r'.repeat(513) });
		expect(answer.status).toBe(400);
		expect(answer.data.error).toMatchObject({ code: 100, message: '(#100) Invalid parameter' });
		expect(answer.data.error.error_data.details).toContain('512');
		expect(
			(await send({ text: { body: 'x' }, biz_opaque_callback_data: 'r'.repeat(512) })).status,
		).toBe(200);
	});

	it('refuses a body that is not JSON', async () => {
		const answer = await api.post(messagesPath, '{"messaging_product":', {
			headers: { 'Content-Type': 'application/json' },
		});
		expect([answer.status, answer.data.error.code]).toEqual([400, 100]);
	});

	it('refuses an unknown phone number ID like Graph', async () => {
		const answer = await api.post('/v25.0/999/messages', { messaging_product: 'whatsapp' });
		expect(answer.status).toBe(400);
		expect(answer.data.error).toMatchObject({
			code: 100,
			error_subcode: 33,
			type: 'GraphMethodException',
		});
	});

	it("answers 130429 with HTTP 400, exactly as Meta's fixture, above messagesPerSecond", async () => {
		sandbox.configure({ messagesPerSecond: 5 });
		const answers = await Promise.all(Array.from({ length: 8 }, () => send(validBodies.text)));
		const refused = answers.filter((a) => a.status !== 200);
		expect(refused).toHaveLength(3);
		for (const answer of refused) {
			expect(answer.status).toBe(400);
			expect({ ...answer.data, error: { ...answer.data.error, fbtrace_id: 'x' } }).toEqual({
				...error130429,
				error: { ...error130429.error, fbtrace_id: 'x' },
			});
		}
		await new Promise((resolve) => setTimeout(resolve, 1050));
		expect((await send(validBodies.text)).status).toBe(200);
	});

	it('answers 131056 to more than pairRateLimit messages to one recipient within 6 s', async () => {
		sandbox.configure({ pairRateLimit: 2 });
		const statuses = [];
		for (let i = 0; i < 3; i += 1) statuses.push((await send(validBodies.text)).status);
		const refused = await send(validBodies.text);
		expect(statuses).toEqual([200, 200, 400]);
		expect(refused.data.error.code).toBe(131056);
		expect((await send({ ...validBodies.text, to: '+44 7700 900123' })).status).toBe(200);
	});

	it('fails the next N requests with 500, 503 or an HTML page, then recovers', async () => {
		sandbox.configure({ failNextRequests: { count: 1, status: 500, html: false } });
		const five = await send(validBodies.text);
		expect([five.status, five.data.error.code]).toEqual([500, 131000]);
		sandbox.configure({ failNextRequests: { count: 2, status: 503, html: true } });
		for (let i = 0; i < 2; i += 1) {
			const html = await send(validBodies.text);
			expect(html.status).toBe(503);
			expect(html.headers['content-type']).toMatch(/^text\/html/);
			expect(html.data).toContain('<html');
		}
		expect((await send(validBodies.text)).status).toBe(200);
		expect(sandbox.state.messages).toHaveLength(1);
	});

	it('can fail after accepting (the ambiguous outcome) and send Retry-After', async () => {
		sandbox.configure({
			failNextRequests: {
				count: 1,
				status: 503,
				html: false,
				retryAfterSeconds: 2,
				afterAccepting: true,
			},
		});
		const answer = await send(validBodies.text);
		expect([answer.status, answer.headers['retry-after'], answer.data.error.code]).toEqual([
			503,
			'2',
			131016,
		]);
		expect(sandbox.state.messages).toHaveLength(1);
	});

	it('adds latencyMs to every answer', async () => {
		sandbox.configure({ latencyMs: 150 });
		const started = Date.now();
		await api.get('/v25.0/me');
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
	});

	it('records every API request with its parsed body and answer status', async () => {
		await send(validBodies.text);
		await api.post(messagesPath, {}, { headers: { Authorization: 'Bearer nope' } });
		const { data } = await api.get('/__sandbox/requests');
		expect(data).toEqual([
			expect.objectContaining({
				method: 'POST',
				path: messagesPath,
				status: 200,
				body: expect.objectContaining({ type: 'text' }),
			}),
			expect.objectContaining({ method: 'POST', path: messagesPath, status: 401 }),
		]);
		expect(data[0].headers.authorization).toBe(`Bearer ${token}`);
	});
});
