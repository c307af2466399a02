/* eslint-disable
	@n8n/community-nodes/no-dangerous-functions
	-- a test run by Jest in Node, never loaded by n8n */
import type { IDataObject, ILoadOptionsFunctions, INodeExecutionData } from 'n8n-workflow';

import { WhatsAppCloudApi } from '../../credentials/WhatsAppCloudApi.credentials';
import { searchTemplates } from '../../nodes/WhatsAppSend/methods/listSearch';
import { InvalidInputError } from '../../nodes/shared/invalid-input';
import {
	authHeaderFor,
	credentialTestUrlExpression,
	idAtPath,
	parseIdPath,
	providerBaseUrl,
	providerProfile,
	READY_PROFILES,
	UNTESTABLE_PROVIDERS,
} from '../../nodes/shared/providers';
import { toCloudApiSettings } from '../../nodes/shared/transport';
import { SEND_NODE, runSend as runSendWithStandIn, type SentRequest } from './support/send-context';

const META_ANSWER = {
	messaging_product: 'whatsapp',
	contacts: [{ input: '+16505551234', wa_id: '16505551234' }],
	messages: [{ id: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI4' }],
};

/** The how-to's queued-send platform: Meta's body in, a queue ID out, 200-byte references. */
const QUEUED_BSP = {
	provider: 'custom',
	accessToken: 'bsp-key',
	baseUrl: 'http://127.0.0.1:8790/bsp/',
	apiVersion: 'v25.0',
	sendPath: '/api/{phoneNumberId}/send',
	authHeaderName: 'X-Api-Key',
	authHeaderValue: '{token}',
	referenceMaxLength: 200,
	messageIdPath: 'queueId',
};

/**
 * The Send node through the shared stand-in for n8n, answering every request with `answer`, or a
 * media ID for an upload; without Continue On Fail the run's error is thrown.
 */
async function runSend(
	credentials: IDataObject,
	items: IDataObject[],
	answer: unknown,
	continueOnFail = false,
): Promise<{ sent: SentRequest[]; output: INodeExecutionData[] }> {
	const run = await runSendWithStandIn({
		credentials,
		items,
		continueOnFail,
		answer: (_index, request) => ({
			statusCode: 200,
			body: request.body instanceof FormData ? { id: 'media-1' } : answer,
		}),
	});
	if (run.error !== undefined) throw run.error;
	return { sent: run.sent, output: run.output ?? [] };
}

const textItem = (extra: IDataObject = {}): IDataObject => ({
	operation: 'text',
	phoneNumberId: '106540352242922',
	to: '+1 (650) 555-1234',
	referenceId: 'crm-42',
	text: 'Hello',
	...extra,
});

const TEXT_BODY = {
	messaging_product: 'whatsapp',
	recipient_type: 'individual',
	to: '16505551234',
	type: 'text',
	text: { body: 'Hello', preview_url: false },
	biz_opaque_callback_data: 'crm-42',
};

describe('WhatsApp Send through each provider profile: exact URL, headers and body', () => {
	it.each([
		[
			'a credential saved before providers existed (Meta)',
			{ accessToken: 'tok', baseUrl: 'https://graph.facebook.com', apiVersion: 'v25.0' },
			'https://graph.facebook.com/v25.0/106540352242922/messages',
			{ Authorization: 'Bearer tok' },
		],
		[
			'meta',
			{ provider: 'meta', accessToken: 'tok', baseUrl: '', apiVersion: 'v25.0' },
			'https://graph.facebook.com/v25.0/106540352242922/messages',
			{ Authorization: 'Bearer tok' },
		],
		[
			'360dialog',
			{ provider: '360dialog', accessToken: 'd360-key', baseUrl: '', apiVersion: 'v25.0' },
			'https://waba-v2.360dialog.io/messages',
			{ 'D360-API-KEY': 'd360-key' },
		],
		[
			'gupshupPartner (the phone number ID field carries the app ID)',
			{ provider: 'gupshupPartner', accessToken: 'sk_app', baseUrl: '', apiVersion: 'v25.0' },
			'https://partner.gupshup.io/partner/app/106540352242922/v3/message',
			{ Authorization: 'sk_app' },
		],
		[
			'kapso',
			{ provider: 'kapso', accessToken: 'kapso-key', baseUrl: '', apiVersion: 'v24.0' },
			'https://api.kapso.ai/meta/whatsapp/v24.0/106540352242922/messages',
			{ 'X-API-Key': 'kapso-key' },
		],
		[
			'telepie',
			{ provider: 'telepie', accessToken: 'tp-key', baseUrl: '', apiVersion: 'v25.0' },
			'https://one.telepie.com/v3/106540352242922/messages',
			{ apikey: 'tp-key' },
		],
		[
			'custom, pointed at the local sandbox',
			QUEUED_BSP,
			'http://127.0.0.1:8790/bsp/api/106540352242922/send',
			{ 'X-Api-Key': 'bsp-key' },
		],
	])('%s', async (_case, credentials, url, headers) => {
		const { sent, output } = await runSend(credentials, [textItem()], META_ANSWER);
		expect(sent).toEqual([{ method: 'POST', url, headers, body: TEXT_BODY }]);
		expect(output).toHaveLength(1);
	});

	it('a proxy in Base URL keeps the profile’s path and header', async () => {
		const { sent } = await runSend(
			{
				provider: '360dialog',
				accessToken: 'k',
				baseUrl: 'http://127.0.0.1:8790/360/',
				apiVersion: '',
			},
			[textItem()],
			META_ANSWER,
		);
		expect(sent[0]).toMatchObject({
			url: 'http://127.0.0.1:8790/360/messages',
			headers: { 'D360-API-KEY': 'k' },
		});
	});

	it('mark as read goes to the same send path, without a Reference ID', async () => {
		const { sent, output } = await runSend(
			{ provider: '360dialog', accessToken: 'k', baseUrl: '' },
			[{ operation: 'markAsRead', phoneNumberId: '106540352242922', messageId: 'wamid.IN' }],
			{ success: true },
		);
		expect(sent).toEqual([
			{
				method: 'POST',
				url: 'https://waba-v2.360dialog.io/messages',
				headers: { 'D360-API-KEY': 'k' },
				body: { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN' },
			},
		]);
		expect(output[0].json).toMatchObject({
			messageId: 'wamid.IN',
			providerMessageId: null,
			referenceId: null,
		});
	});

	it('uploads binary media beside the send path, /media for /messages', async () => {
		const { sent } = await runSend(
			{ provider: 'kapso', accessToken: 'k', baseUrl: '', apiVersion: 'v24.0' },
			[
				textItem({
					operation: 'media',
					mediaType: 'image',
					mediaSource: 'binary',
					binaryPropertyName: 'data',
					binary: { data: {} },
				}),
			],
			META_ANSWER,
		);
		expect(sent.map((request) => request.url)).toEqual([
			'https://api.kapso.ai/meta/whatsapp/v24.0/106540352242922/media',
			'https://api.kapso.ai/meta/whatsapp/v24.0/106540352242922/messages',
		]);
		expect(sent[1].body).toMatchObject({ type: 'image', image: { id: 'media-1' } });
	});

	it('refuses a binary upload where the send path has no /media beside it, sending nothing', async () => {
		const { sent, output } = await runSend(
			{ provider: 'gupshupPartner', accessToken: 'k', baseUrl: '' },
			[
				textItem({
					operation: 'media',
					mediaType: 'image',
					mediaSource: 'binary',
					binaryPropertyName: 'data',
					binary: { data: {} },
				}),
			],
			META_ANSWER,
			true,
		);
		expect(sent).toEqual([]);
		expect(output[0].json.error).toMatchObject({
			message: expect.stringMatching(/Send the media by link or by a media ID/),
		});
	});
});

describe('WhatsApp Send: Reference ID limit and answers of a queued-send BSP', () => {
	it('refuses a 201-byte reference under a limit of 200 before any request, naming item, length and limit', async () => {
		const run = runSend(QUEUED_BSP, [textItem({ referenceId: 'r'.repeat(201) })], {
			queueId: 'q-1',
		});
		await expect(run).rejects.toThrow(/201 bytes long; the limit is 200.*\[item 0\]/);
	});

	it('with Continue On Fail, sends the others and reports the long one in its place', async () => {
		const { sent, output } = await runSend(
			QUEUED_BSP,
			[textItem({ referenceId: 'r'.repeat(200) }), textItem({ referenceId: 'r'.repeat(201) })],
			{ queueId: 'q-1' },
			true,
		);
		expect(sent).toHaveLength(1);
		expect((sent[0].body as IDataObject).biz_opaque_callback_data).toHaveLength(200);
		expect(output[1].json).toMatchObject({
			error: { message: expect.stringMatching(/201 bytes long; the limit is 200.*\[item 1\]/) },
			to: null,
		});
	});

	it('takes an answer with a queue ID and no wamid as a success', async () => {
		const answer = { status: 'queued', queueId: 'q-7731' };
		const { output } = await runSend(QUEUED_BSP, [textItem()], answer);
		expect(output[0]).toEqual({
			json: {
				messageId: null,
				referenceId: 'crm-42',
				to: '16505551234',
				waId: null,
				messageStatus: 'accepted',
				providerMessageId: 'q-7731',
				response: answer,
			},
			pairedItem: { item: 0 },
		});
	});

	it('gives Meta’s wamid as both messageId and providerMessageId', async () => {
		const { output } = await runSend(
			{ accessToken: 't', baseUrl: 'https://graph.facebook.com', apiVersion: 'v25.0' },
			[textItem()],
			META_ANSWER,
		);
		expect(output[0].json).toMatchObject({
			messageId: META_ANSWER.messages[0].id,
			providerMessageId: META_ANSWER.messages[0].id,
			waId: '16505551234',
		});
	});

	it('gives null IDs for a queued-send answer that lacks the ID', async () => {
		const { output } = await runSend(QUEUED_BSP, [textItem()], { status: 'queued' });
		expect(output[0].json).toMatchObject({
			messageId: null,
			providerMessageId: null,
			response: { status: 'queued' },
		});
	});
});

describe('providerProfile', () => {
	it('reads a credential without a provider as Meta', () => {
		expect(providerProfile({})).toBe(READY_PROFILES.meta);
	});

	it('fills Custom from its fields, with Meta’s conventions as defaults', () => {
		expect(providerProfile({ provider: 'custom' })).toEqual({
			provider: 'custom',
			label: 'Custom provider',
			sendPath: '/{version}/{phoneNumberId}/messages',
			authHeaderName: 'Authorization',
			authHeaderValue: 'Bearer {token}',
			referenceMaxLength: 512,
			messageIdPath: 'messages[0].id',
		});
		expect(providerProfile(QUEUED_BSP)).toMatchObject({
			referenceMaxLength: 200,
			messageIdPath: 'queueId',
		});
	});

	it.each([
		['an unknown provider', { provider: 'twilio' }, /Provider "twilio" is not one this node knows/],
		[
			'a send path without a leading slash',
			{ provider: 'custom', sendPath: 'messages' },
			/Send Path "messages"/,
		],
		[
			'a send path with another placeholder',
			{ provider: 'custom', sendPath: '/{appId}/messages' },
			/only placeholders are \{version\} and \{phoneNumberId\}/,
		],
		[
			'a header name with a space',
			{ provider: 'custom', authHeaderName: 'Api Key' },
			/Auth Header Name "Api Key"/,
		],
		[
			'a header value without {token}',
			{ provider: 'custom', authHeaderValue: 'Bearer' },
			/needs \{token\}/,
		],
		[
			'a header value over two lines',
			{ provider: 'custom', authHeaderValue: '{token}\r\nX-Evil: 1' },
			/on one line/,
		],
		['a limit of 0', { provider: 'custom', referenceMaxLength: 0 }, /Reference ID Limit "0"/],
		[
			'a fractional limit',
			{ provider: 'custom', referenceMaxLength: 2.5 },
			/Reference ID Limit "2.5"/,
		],
		[
			'a broken ID path',
			{ provider: 'custom', messageIdPath: 'messages[0' },
			/Message ID Path "messages\[0"/,
		],
	])('refuses %s with the fix', (_case, credentials, message) => {
		expect(() => providerProfile(credentials)).toThrow(InvalidInputError);
		expect(() => providerProfile(credentials)).toThrow(message);
	});
});

describe('providerBaseUrl and toCloudApiSettings', () => {
	it.each([
		['meta', 'https://graph.facebook.com'],
		['360dialog', 'https://waba-v2.360dialog.io'],
		['gupshupPartner', 'https://partner.gupshup.io'],
		['kapso', 'https://api.kapso.ai'],
		['telepie', 'https://one.telepie.com'],
	])('an empty Base URL means %s’s own address', (provider, address) => {
		const credentials = { provider, baseUrl: '  ' };
		expect(providerBaseUrl(credentials, providerProfile(credentials))).toBe(address);
	});

	it('never sends a BSP key to Meta’s host, as a credential switched from Meta would', () => {
		const credentials = { provider: 'kapso', baseUrl: 'https://graph.facebook.com/' };
		expect(() => providerBaseUrl(credentials, providerProfile(credentials))).toThrow(
			/Provider is Kapso, but its Base URL is Meta's https:\/\/graph.facebook.com. Leave Base URL empty to use https:\/\/api.kapso.ai/,
		);
	});

	it('asks Custom for a Base URL, and refuses one that is not http(s)', () => {
		expect(() => toCloudApiSettings({ provider: 'custom', baseUrl: '' })).toThrow(
			/Custom, so it needs a Base URL/,
		);
		expect(() => toCloudApiSettings({ provider: 'telepie', baseUrl: 'one.telepie.com' })).toThrow(
			/is not an http\(s\) address/,
		);
	});

	it('checks API Version only where the send path uses it', () => {
		expect(() => toCloudApiSettings({ provider: 'meta', apiVersion: 'latest' })).toThrow(
			/API Version "latest"/,
		);
		expect(toCloudApiSettings({ provider: '360dialog', apiVersion: '' }).baseUrl).toBe(
			'https://waba-v2.360dialog.io',
		);
		expect(toCloudApiSettings({ provider: 'kapso', apiVersion: '24.0' }).apiVersion).toBe('v24.0');
	});
});

describe('the credential: authenticate and test per profile', () => {
	const credential = new WhatsAppCloudApi();

	it.each([
		[{}, 'Authorization', 'Bearer tok'],
		[{ provider: '360dialog' }, 'D360-API-KEY', 'tok'],
		[{ provider: 'gupshupPartner' }, 'Authorization', 'tok'],
		[{ provider: 'kapso' }, 'X-API-Key', 'tok'],
		[{ provider: 'telepie' }, 'apikey', 'tok'],
		[
			{ provider: 'custom', authHeaderName: 'X-Key', authHeaderValue: 'Token {token}' },
			'X-Key',
			'Token tok',
		],
	])('%j sends its key as %s', async (fields, name, value) => {
		expect(authHeaderFor({ ...fields, accessToken: 'tok' })).toEqual({ name, value });
		const request = await credential.authenticate(
			{ ...fields, accessToken: 'tok' },
			{ url: 'https://example.test/x', headers: { 'Content-Type': 'application/json' } },
		);
		expect(request.headers).toEqual({ 'Content-Type': 'application/json', [name]: value });
	});

	it('puts a token holding $ patterns into the header as it is', () => {
		expect(
			authHeaderFor({ provider: 'custom', authHeaderValue: 'Key {token}', accessToken: "a$&b$'c" })
				.value,
		).toBe("Key a$&b$'c");
	});

	/** Evaluates the test's URL expression the way n8n does, with $credentials bound. */
	function testUrl(credentials: IDataObject): string {
		const expression = String(credential.test.request.url);
		expect(expression.startsWith('={{') && expression.endsWith('}}')).toBe(true);
		const code = expression.slice(3, -2);
		expect(code).not.toContain('}}');
		return (new Function('$credentials', `return ${code}`) as (c: IDataObject) => string)(
			credentials,
		);
	}

	it.each([
		[
			{ baseUrl: 'https://graph.facebook.com/', apiVersion: 'v25.0' },
			'https://graph.facebook.com/v25.0/me',
		],
		[
			{ provider: 'meta', baseUrl: '', apiVersion: ' v24.0 ' },
			'https://graph.facebook.com/v24.0/me',
		],
		[{ provider: '360dialog', baseUrl: '' }, 'https://waba-v2.360dialog.io/health_status'],
		[{ provider: 'kapso', baseUrl: '' }, 'https://api.kapso.ai/platform/v1/whatsapp/phone_numbers'],
		[{ provider: 'gupshupPartner', baseUrl: '' }, 'https://partner.gupshup.io'],
		[{ provider: 'telepie', baseUrl: '' }, 'https://one.telepie.com'],
		[{ provider: 'custom', baseUrl: 'http://127.0.0.1:8790/bsp/' }, 'http://127.0.0.1:8790/bsp'],
		[
			{ provider: '360dialog', baseUrl: 'http://127.0.0.1:8790' },
			'http://127.0.0.1:8790/health_status',
		],
	])('%j is tested at %s', (credentials, url) => {
		expect(testUrl(credentials)).toBe(url);
	});

	it('says in the form which profiles the test cannot prove', () => {
		expect(UNTESTABLE_PROVIDERS).toEqual(['gupshupPartner', 'telepie', 'custom']);
		const notice = credential.properties.find(
			(property) => property.name === 'credentialTestNotice',
		);
		expect(notice?.displayOptions).toEqual({ show: { provider: UNTESTABLE_PROVIDERS } });
		expect(credentialTestUrlExpression()).toBe(credential.test.request.url);
	});

	it('keeps the CONTRACT field names and defaults', () => {
		const defaults = Object.fromEntries(
			credential.properties.map((property) => [property.name, property.default]),
		);
		expect(defaults).toMatchObject({
			provider: 'meta',
			sendPath: '/{version}/{phoneNumberId}/messages',
			authHeaderName: 'Authorization',
			authHeaderValue: 'Bearer {token}',
			referenceMaxLength: 512,
			messageIdPath: 'messages[0].id',
		});
		const providers = credential.properties.find(
			(property) => property.name === 'provider',
		)?.options;
		expect(providers?.map((option) => (option as { value: string }).value)).toEqual([
			'meta',
			'360dialog',
			'gupshupPartner',
			'kapso',
			'telepie',
			'custom',
		]);
	});
});

describe('message ID paths', () => {
	it.each([
		['messages[0].id', ['messages', 0, 'id']],
		['queueId', ['queueId']],
		[' data.items[2][0].ref ', ['data', 'items', 2, 0, 'ref']],
		['[0].id', [0, 'id']],
		['queue-id', ['queue-id']],
	])('parses %s', (path, steps) => {
		expect(parseIdPath(path)).toEqual(steps);
	});

	it.each(['', '.id', 'messages..id', 'messages[x]', 'messages[0', 'a b'])('refuses %p', (path) => {
		expect(() => parseIdPath(path)).toThrow(InvalidInputError);
	});

	it('reads strings and numbers; anything else is null', () => {
		const answer = {
			queueId: 42,
			messages: [{ id: 'wamid.A' }],
			empty: '',
			nested: { id: { deep: 1 } },
		};
		expect(idAtPath(answer, 'messages[0].id')).toBe('wamid.A');
		expect(idAtPath(answer, 'queueId')).toBe('42');
		expect(idAtPath(answer, 'empty')).toBeNull();
		expect(idAtPath(answer, 'nested.id')).toBeNull();
		expect(idAtPath(answer, 'messages.id')).toBeNull();
		expect(idAtPath(answer, 'queueId[0]')).toBeNull();
		expect(idAtPath('q-1', 'queueId')).toBeNull();
		expect(idAtPath(null, 'messages[0].id')).toBeNull();
	});
});

describe('account look-ups stay Meta-only', () => {
	it('tells a BSP user to pick by ID instead of calling anything', async () => {
		const httpRequestWithAuthentication = jest.fn();
		const context = {
			getCredentials: async () => ({
				provider: '360dialog',
				accessToken: 'k',
				businessAccountId: '1',
			}),
			getNode: () => SEND_NODE,
			helpers: { httpRequestWithAuthentication },
		} as unknown as ILoadOptionsFunctions;
		await expect(searchTemplates.call(context)).rejects.toThrow(
			/come from Meta's Graph API, which this node reaches only with the Meta provider, not through 360dialog/,
		);
		expect(httpRequestWithAuthentication).not.toHaveBeenCalled();
	});
});
