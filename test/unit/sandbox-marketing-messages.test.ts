import axios, { type AxiosInstance } from 'axios';
import { createSandbox, type Sandbox } from '../../sandbox/server';

const token = 'test-token';
const wabaId = '102290129340398';
const phoneNumberId = '106540352242922';

let sandbox: Sandbox;
let api: AxiosInstance;

beforeAll(async () => {
	sandbox = await createSandbox({
		accessToken: token,
		statusDelaysMs: { sent: 10, delivered: 20, read: 30 },
	});
	api = axios.create({
		baseURL: sandbox.url,
		validateStatus: () => true,
		headers: { Authorization: `Bearer ${token}` },
	});
});

afterEach(() => sandbox.reset());
afterAll(() => sandbox.close());

const template = (name: string, language = 'en_US') => ({
	messaging_product: 'whatsapp',
	to: '+16505551234',
	type: 'template',
	template: { name, language: { code: language } },
	biz_opaque_callback_data: 'campaign-7',
});

describe('sandbox: the Marketing Messages API', () => {
	it('reports the onboarding status on the account', async () => {
		expect(
			(
				await api.get(`/v25.0/${wabaId}`, {
					params: { fields: 'marketing_messages_onboarding_status' },
				})
			).data,
		).toEqual({
			id: wabaId,
			marketing_messages_onboarding_status: 'ONBOARDED',
		});
		sandbox.configure({ marketingMessagesOnboarding: 'ELIGIBLE' });
		expect(
			(
				await api.get(`/v25.0/${wabaId}`, {
					params: { fields: 'marketing_messages_onboarding_status' },
				})
			).data.marketing_messages_onboarding_status,
		).toBe('ELIGIBLE');
		expect(() => sandbox.configure({ marketingMessagesOnboarding: 'MAYBE' as never })).toThrow(
			/marketingMessagesOnboarding must be ONBOARDED, ELIGIBLE, INELIGIBLE/,
		);
	});

	it('accepts a marketing template, with the Reference ID coming back in its statuses', async () => {
		const answer = await api.post(
			`/v25.0/${phoneNumberId}/marketing_messages`,
			template('seasonal_promotion'),
		);
		expect(answer.status).toBe(200);
		expect(answer.data).toEqual({
			messaging_product: 'whatsapp',
			contacts: [{ input: '+16505551234', wa_id: '16505551234' }],
			messages: [{ id: expect.stringMatching(/^wamid\./), message_status: 'accepted' }],
		});
		expect(sandbox.state.messages[0]).toMatchObject({
			endpoint: 'marketing_messages',
			referenceId: 'campaign-7',
			category: 'marketing',
		});
	});

	it("refuses what Meta's Marketing Messages API refuses", async () => {
		const utility = await api.post(
			`/v25.0/${phoneNumberId}/marketing_messages`,
			template('order_update'),
		);
		expect(utility.data.error).toMatchObject({
			code: 134100,
			message: '(#134100) Marketing messages can only be sent with marketing templates',
		});
		const text = await api.post(`/v25.0/${phoneNumberId}/marketing_messages`, {
			messaging_product: 'whatsapp',
			to: '+16505551234',
			type: 'text',
			text: { body: 'hi' },
		});
		expect(text.data.error).toMatchObject({
			code: 100,
			error_data: { messaging_product: 'whatsapp', details: 'Message must be a template message.' },
		});
		const missing = await api.post(
			`/v25.0/${phoneNumberId}/marketing_messages`,
			template('no_such_template'),
		);
		expect(missing.data.error.code).toBe(132001);
		sandbox.configure({ marketingMessagesOnboarding: 'ELIGIBLE' });
		const notOnboarded = await api.post(
			`/v25.0/${phoneNumberId}/marketing_messages`,
			template('seasonal_promotion'),
		);
		expect(notOnboarded.status).toBe(400);
		expect(notOnboarded.data.error).toMatchObject({
			code: 134102,
			error_data: { details: expect.stringMatching(/ELIGIBLE/) },
		});
		expect(sandbox.state.messages).toHaveLength(0);
	});
});
