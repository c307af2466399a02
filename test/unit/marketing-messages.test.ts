import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { routeRefusal, skipReasonFor } from '../../nodes/WhatsAppSend/marketing-messages';
import { postMessage } from '../../nodes/WhatsAppSend/transport';
import type { MessageRequest, RouteNote } from '../../nodes/WhatsAppSend/types';
import type * as TemplateDefinitions from '../../nodes/WhatsAppSend/template-definitions';
import { InvalidInputError } from '../../nodes/shared/invalid-input';
import { marketingMessagesUrl, toCloudApiSettings } from '../../nodes/shared/transport';
import mmError from '../fixtures/api/error_100_meta_mmapi.json';

type Answer = { statusCode: number; body: unknown };

/** A stand-in for n8n's request helper: answers by URL, and records every request. */
function fakeContext(answer: (options: IHttpRequestOptions) => Answer) {
	const requests: IHttpRequestOptions[] = [];
	const context = {
		getNode: () => ({ credentials: { whatsAppCloudApi: { id: '1', name: 'WhatsApp account' } } }),
		getCredentials: async () => ({ accessToken: 't' }),
		helpers: {
			httpRequestWithAuthentication: async (_credential: string, options: IHttpRequestOptions) => {
				requests.push(options);
				return { headers: {}, ...answer(options) };
			},
		},
	} as unknown as IExecuteFunctions;
	return { context, requests };
}

const meta = toCloudApiSettings({
	accessToken: 't',
	baseUrl: 'http://127.0.0.1:9',
	apiVersion: 'v25.0',
	businessAccountId: '102290129340398',
});
const request: MessageRequest = {
	itemIndex: 3,
	phoneNumberId: '106540352242922',
	to: '16505551234',
	referenceId: 'crm-42',
	body: {
		messaging_product: 'whatsapp',
		to: '16505551234',
		type: 'template',
		template: { name: 'promo', language: { code: 'en_US' } },
		biz_opaque_callback_data: 'crm-42',
	},
	marketingMessages: { fallback: true, skipReason: null },
};
const accepted: Answer = { statusCode: 200, body: { messages: [{ id: 'wamid.1' }] } };
const graphError = (code: number, message: string, details = ''): Answer => ({
	statusCode: 400,
	body: {
		error: {
			message,
			code,
			error_data: { messaging_product: 'whatsapp', details },
			fbtrace_id: 'X',
		},
	},
});

describe('Marketing Messages API: address, route refusals, reasons', () => {
	it('sits beside the send path, for Meta and for BSPs that mirror it', () => {
		expect(marketingMessagesUrl(meta, '1065')).toBe(
			'http://127.0.0.1:9/v25.0/1065/marketing_messages',
		);
		expect(
			marketingMessagesUrl(toCloudApiSettings({ provider: '360dialog', accessToken: 'k' }), '1065'),
		).toBe('https://waba-v2.360dialog.io/marketing_messages');
		expect(
			marketingMessagesUrl(
				toCloudApiSettings({ provider: 'gupshupPartner', accessToken: 'k' }),
				'app',
			),
		).toBeNull();
	});

	it("tells a refused route from a refused message, by Meta's code", () => {
		expect(
			routeRefusal(graphError(134102, '(#134102) Business not onboarded', 'Accept the terms')),
		).toBe(
			'Marketing Messages API refused the route: the business is not onboarded to it ((#134102) Business not onboarded: Accept the terms)',
		);
		expect(routeRefusal(graphError(134100, '(#134100) Only marketing templates'))).toMatch(
			/only marketing templates/,
		);
		expect(routeRefusal(graphError(134101, '(#134101) Not synced'))).toMatch(/not yet synced/);
		expect(routeRefusal(graphError(131055, '(#131055) Method not allowed'))).toMatch(
			/not a marketing template/,
		);
		expect(routeRefusal({ statusCode: 404, body: '<html>' })).toMatch(/HTTP 404/);
		expect(routeRefusal(graphError(131026, '(#131026) Message undeliverable'))).toBeNull();
		expect(routeRefusal(graphError(130429, '(#130429) Rate limit hit'))).toBeNull();
		expect(routeRefusal({ statusCode: 400, body: mmError })).toBeNull();
	});

	it('knows before sending when the template or the account cannot use it', () => {
		expect(skipReasonFor('UTILITY', 'ONBOARDED')).toMatch(/category is UTILITY/);
		expect(skipReasonFor('MARKETING', 'ELIGIBLE')).toMatch(/onboarding_status is ELIGIBLE/);
		expect(skipReasonFor('MARKETING', 'ONBOARDED')).toBeNull();
		expect(skipReasonFor(null, null)).toBeNull();
	});
});

describe('postMessage: /marketing_messages first, /messages when the route is refused', () => {
	it('sends through the Marketing Messages API, same body, Reference ID kept', async () => {
		const { context, requests } = fakeContext(() => accepted);
		const notes = new Map<number, RouteNote>();
		const response = await postMessage.call(context, meta, request, 1000, notes);
		expect(response.statusCode).toBe(200);
		expect(requests.map((r) => r.url)).toEqual([
			'http://127.0.0.1:9/v25.0/106540352242922/marketing_messages',
		]);
		expect(requests[0].body).toBe(request.body);
		expect(notes.get(3)).toEqual({ sentVia: 'marketing_messages', fallbackReason: null });
	});

	it('falls back once, with the reason, when the account is not onboarded', async () => {
		const { context, requests } = fakeContext((options) =>
			String(options.url).endsWith('/marketing_messages')
				? graphError(134102, '(#134102) Business not onboarded')
				: accepted,
		);
		const notes = new Map<number, RouteNote>();
		expect((await postMessage.call(context, meta, request, 1000, notes)).statusCode).toBe(200);
		expect(requests.map((r) => String(r.url).split('/').pop())).toEqual([
			'marketing_messages',
			'messages',
		]);
		expect(requests[1].body).toBe(request.body);
		expect(notes.get(3)).toEqual({
			sentVia: 'messages',
			fallbackReason: expect.stringMatching(/not onboarded/),
		});
	});

	it('does not fall back on errors of the message itself, nor when fallback is off', async () => {
		const undeliverable = fakeContext(() => graphError(131026, '(#131026) Message undeliverable'));
		expect(
			(await postMessage.call(undeliverable.context, meta, request, 1000, new Map())).statusCode,
		).toBe(400);
		expect(undeliverable.requests).toHaveLength(1);
		const strict = fakeContext(() => graphError(134102, '(#134102) Business not onboarded'));
		const noFallback = { ...request, marketingMessages: { fallback: false, skipReason: null } };
		expect(
			(await postMessage.call(strict.context, meta, noFallback, 1000, new Map())).statusCode,
		).toBe(400);
		expect(strict.requests).toHaveLength(1);
	});

	it('goes straight to /messages for a reason known before, or refuses when fallback is off', async () => {
		const { context, requests } = fakeContext(() => accepted);
		const notes = new Map<number, RouteNote>();
		const skipped = {
			...request,
			marketingMessages: { fallback: true, skipReason: "the template's category is UTILITY" },
		};
		await postMessage.call(context, meta, skipped, 1000, notes);
		expect(requests.map((r) => String(r.url).split('/').pop())).toEqual(['messages']);
		expect(notes.get(3)).toEqual({
			sentVia: 'messages',
			fallbackReason: "the template's category is UTILITY",
		});
		const gupshup = toCloudApiSettings({ provider: 'gupshupPartner', accessToken: 'k' });
		await expect(
			postMessage.call(
				context,
				gupshup,
				{ ...request, marketingMessages: { fallback: false, skipReason: null } },
				1000,
				notes,
			),
		).rejects.toThrow(InvalidInputError);
	});

	it('without the option, /messages as always, and no note', async () => {
		const { context, requests } = fakeContext(() => accepted);
		const notes = new Map<number, RouteNote>();
		await postMessage.call(
			context,
			meta,
			{ ...request, marketingMessages: undefined },
			1000,
			notes,
		);
		expect(requests.map((r) => String(r.url).split('/').pop())).toEqual(['messages']);
		expect(notes.size).toBe(0);
	});
});

describe('template definitions from the account', () => {
	// A fresh module per test: its cache of definitions starts empty.
	let lookUpTemplate: typeof TemplateDefinitions.lookUpTemplate;
	beforeEach(async () => {
		jest.resetModules();
		({ lookUpTemplate } = await import('../../nodes/WhatsAppSend/template-definitions'));
	});
	const template = (name: string, language: string) => ({
		name,
		language,
		status: 'APPROVED',
		components: [],
	});

	it('follows pages, keeps exact names only, picks the language, and caches per credential', async () => {
		const { context, requests } = fakeContext((options) => {
			const after = (options.qs as { after?: string }).after;
			return after === undefined
				? {
						statusCode: 200,
						body: {
							data: [template('promo_v2', 'en_US'), template('promo', 'pt_BR')],
							paging: { cursors: { after: 'A' }, next: 'http://next' },
						},
					}
				: {
						statusCode: 200,
						body: { data: [template('promo', 'en_US')], paging: { cursors: { after: 'B' } } },
					};
		});
		expect(await lookUpTemplate.call(context, meta, 't', 'promo', 'en_US')).toEqual({
			definition: template('promo', 'en_US'),
		});
		expect(requests).toHaveLength(2);
		expect(requests[0].url).toBe('http://127.0.0.1:9/v25.0/102290129340398/message_templates');
		expect(requests[0].qs).toEqual({
			name: 'promo',
			fields: 'name,language,status,category,parameter_format,components',
			limit: 100,
		});
		expect(await lookUpTemplate.call(context, meta, 't', 'promo', 'pt_BR')).toEqual({
			definition: template('promo', 'pt_BR'),
		});
		expect(requests).toHaveLength(2);
		expect(await lookUpTemplate.call(context, meta, 't', 'promo', 'de')).toEqual({
			problem: 'template "promo" has no de version; it has pt_BR, en_US',
		});
		await lookUpTemplate.call(context, meta, 'another-token', 'promo', 'en_US');
		expect(requests).toHaveLength(4);
	});

	it('says why it cannot look: another provider, no account ID, an error from Meta (not cached)', async () => {
		const { context, requests } = fakeContext(() => graphError(200, '(#200) Permission denied'));
		expect(
			await lookUpTemplate.call(
				context,
				toCloudApiSettings({ provider: 'kapso', accessToken: 'k', apiVersion: 'v25.0' }),
				'k',
				'promo',
				'en_US',
			),
		).toEqual({
			problem: expect.stringMatching(/only with the Meta provider, not through Kapso/),
		});
		expect(
			await lookUpTemplate.call(context, { ...meta, businessAccountId: '' }, 't', 'promo', 'en_US'),
		).toEqual({ problem: expect.stringMatching(/no WhatsApp Business Account ID/) });
		expect(requests).toHaveLength(0);
		expect(await lookUpTemplate.call(context, meta, 't', 'promo', 'en_US')).toEqual({
			problem: expect.stringMatching(/could not be read: \(#200\) Permission denied/),
		});
		await lookUpTemplate.call(context, meta, 't', 'promo', 'en_US');
		expect(requests).toHaveLength(2);
	});
});
