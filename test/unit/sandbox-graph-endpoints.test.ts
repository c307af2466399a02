import { createHash } from 'node:crypto';
import axios, { type AxiosInstance } from 'axios';
import { createSandbox, type Sandbox } from '../../sandbox/server';

const token = 'test-token';
const wabaId = '102290129340398';
const phoneNumberId = '106540352242922';

let sandbox: Sandbox;
let api: AxiosInstance;

beforeAll(async () => {
	sandbox = await createSandbox({ accessToken: token });
	api = axios.create({
		baseURL: sandbox.url,
		validateStatus: () => true,
		headers: { Authorization: `Bearer ${token}` },
	});
});

afterEach(() => sandbox.reset());
afterAll(() => sandbox.close());

describe('sandbox account endpoints', () => {
	it('GET /me checks the token', async () => {
		expect((await api.get('/v25.0/me')).data).toEqual({
			name: expect.any(String),
			id: expect.stringMatching(/^\d+$/),
		});
		expect((await api.get('/v25.0/me', { headers: { Authorization: 'Bearer x' } })).status).toBe(
			401,
		);
	});

	it('lists phone numbers, honouring fields', async () => {
		const all = await api.get(`/v25.0/${wabaId}/phone_numbers`);
		expect(all.data.data[0]).toMatchObject({
			id: phoneNumberId,
			display_phone_number: '+1 555-078-3881',
			verified_name: expect.any(String),
			quality_rating: 'GREEN',
		});
		const some = await api.get(`/v25.0/${wabaId}/phone_numbers`, {
			params: { fields: 'id,display_phone_number' },
		});
		expect(some.data.data).toEqual([
			{ display_phone_number: '+1 555-078-3881', id: phoneNumberId },
		]);
	});

	it('lists approved templates with components, paged with cursors', async () => {
		const first = await api.get(`/v25.0/${wabaId}/message_templates`, { params: { limit: 2 } });
		expect(first.data.data).toHaveLength(2);
		expect(first.data.data[0]).toMatchObject({
			name: 'hello_world',
			language: 'en_US',
			status: 'APPROVED',
			components: expect.any(Array),
		});
		expect(first.data.paging.cursors).toEqual({
			before: expect.any(String),
			after: expect.any(String),
		});
		const next = await axios.get(first.data.paging.next, {
			headers: { Authorization: `Bearer ${token}` },
		});
		expect(next.data.data.map((t: { name: string }) => t.name)).toEqual([
			'seasonal_promotion',
			'verification_code',
		]);
		const approved = await api.get(`/v25.0/${wabaId}/message_templates`, {
			params: { status: 'APPROVED', limit: 100 },
		});
		expect(approved.data.data.every((t: { status: string }) => t.status === 'APPROVED')).toBe(true);
		expect(approved.data.paging.next).toBeUndefined();
	});

	it('answers unknown paths and objects like Graph', async () => {
		expect((await api.get(`/v25.0/${wabaId}/nothing`)).data.error.code).toBe(2500);
		expect((await api.get('/v25.0/4242')).data.error).toMatchObject({
			code: 100,
			error_subcode: 33,
		});
		expect((await api.get(`/v25.0/${phoneNumberId}/messages`)).data.error).toMatchObject({
			code: 100,
			error_subcode: 33,
		});
	});
});

describe('sandbox media endpoints', () => {
	const bytes = Buffer.from('\x89PNG fake image bytes');

	async function upload(): Promise<string> {
		const form = new FormData();
		form.append('messaging_product', 'whatsapp');
		form.append('type', 'image/png');
		form.append('file', new Blob([bytes], { type: 'image/png' }), 'photo.png');
		const answer = await api.post(`/v25.0/${phoneNumberId}/media`, form);
		expect(answer.status).toBe(200);
		expect(answer.data).toEqual({ id: expect.stringMatching(/^\d{16}$/) });
		return answer.data.id;
	}

	it('uploads, describes, downloads (with the token) and deletes media', async () => {
		const id = await upload();
		const info = await api.get(`/v25.0/${id}`);
		expect(info.data).toEqual({
			messaging_product: 'whatsapp',
			url: expect.stringContaining(sandbox.url),
			mime_type: 'image/png',
			sha256: createHash('sha256').update(bytes).digest('hex'),
			file_size: bytes.length,
			id,
		});
		const download = await axios.get(info.data.url, {
			responseType: 'arraybuffer',
			headers: { Authorization: `Bearer ${token}` },
		});
		expect(Buffer.from(download.data)).toEqual(bytes);
		expect(download.headers['content-type']).toBe('image/png');
		expect((await axios.get(info.data.url, { validateStatus: () => true })).status).toBe(401);

		expect((await api.delete(`/v25.0/${id}`)).data).toEqual({ success: true });
		expect((await api.get(`/v25.0/${id}`)).data.error.error_subcode).toBe(33);
	});

	it('refuses an upload without a file or messaging_product', async () => {
		const form = new FormData();
		form.append('messaging_product', 'whatsapp');
		const noFile = await api.post(`/v25.0/${phoneNumberId}/media`, form);
		expect([noFile.status, noFile.data.error.code]).toEqual([400, 131008]);
		const noProduct = new FormData();
		noProduct.append('file', new Blob([bytes]), 'a.bin');
		expect(
			(await api.post(`/v25.0/${phoneNumberId}/media`, noProduct)).data.error.error_data.details,
		).toContain('messaging_product');
	});
});

describe('sandbox admin endpoints', () => {
	it('reports health, changes config at runtime, refuses bad config, and resets', async () => {
		expect((await api.get('/__sandbox/health')).data).toMatchObject({
			status: 'ok',
			url: sandbox.url,
		});
		const changed = await api.post('/__sandbox/config', {
			latencyMs: 5,
			failingRecipients: ['+1 650'],
		});
		expect(changed.data).toMatchObject({ latencyMs: 5, failingRecipients: ['+1 650'] });
		expect(sandbox.config.latencyMs).toBe(5);
		const refused = await api.post('/__sandbox/config', { latencyMs: -1, nonsense: true });
		expect(refused.status).toBe(400);
		expect(refused.data.error).toMatch(/latencyMs.*nonsense|nonsense.*latencyMs/);
		await api.get('/v25.0/me');
		expect((await api.post('/__sandbox/reset')).data).toEqual({ success: true });
		expect(sandbox.config.latencyMs).toBe(0);
		expect((await api.get('/__sandbox/requests')).data).toEqual([]);
	});
});
