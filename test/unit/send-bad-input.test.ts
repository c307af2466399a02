import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { buildRequest } from '../../nodes/WhatsAppSend/router';
import { InvalidInputError } from '../../nodes/shared/invalid-input';
import { hintFor, parseMetaError } from '../../nodes/shared/meta-errors';
import { META_REFERENCE_MAX_LENGTH, toReferenceId } from '../../nodes/shared/reference';
import { messagesUrl, toCloudApiSettings } from '../../nodes/shared/transport';
import { readerFor } from './support/parameters';
import { type Answer, metaAccepted, runSend } from './support/send-context';

/**
 * WhatsApp Send's bad-input matrix, the cases build-request.test.ts, reference-and-recipient.test.ts,
 * providers.test.ts and meta-errors-and-retry.test.ts leave open: each is refused before any
 * request, or reported per item, with a message that names the fix.
 */

const base = { phoneNumberId: '106540352242922', to: '+16505551234', referenceId: 'crm-42' };
const build = (operation: string, parameters: Record<string, unknown>) =>
	buildRequest(operation, readerFor({ ...base, ...parameters }), 0, META_REFERENCE_MAX_LENGTH);
const refuses = (operation: string, parameters: Record<string, unknown>, message: RegExp) => {
	expect(() => build(operation, parameters)).toThrow(InvalidInputError);
	expect(() => build(operation, parameters)).toThrow(message);
};

const META = { accessToken: 'unit-token', baseUrl: 'http://127.0.0.1:8790', apiVersion: 'v25.0' };
const textItem = (extra: IDataObject = {}): IDataObject => ({
	operation: 'text',
	...base,
	text: 'Hello',
	...extra,
});

describe('Send: template name and language', () => {
	it.each(['Order Update', 'order-update', 'ORDER_UPDATE', 'order_update!', 'x'.repeat(513)])(
		'refuses the name %#, naming Meta’s rule',
		(templateName) => {
			refuses(
				'template',
				{ templateName, templateLanguage: 'en_US' },
				/is not a template name.*lower-case letters, digits and underscores/,
			);
		},
	);

	it.each(['English', 'en-US', 'en_us', 'e', 'EN'])(
		'refuses the language %j, naming the form',
		(templateLanguage) => {
			refuses(
				'template',
				{ templateName: 'order_update', templateLanguage },
				/is not a template language code.*en_US/,
			);
		},
	);

	it.each(['en', 'en_US', 'pt_BR', 'fil', 'zh_HK', ' en_GB '])(
		'takes the language %j',
		(templateLanguage) => {
			expect(
				(
					build('template', { templateName: 'order_update', templateLanguage }).body
						.template as IDataObject
				).language,
			).toEqual({
				code: templateLanguage.trim(),
			});
		},
	);

	it('gives the fix for Meta’s parameter-count error, which only Meta can know', () => {
		const error = parseMetaError(
			{
				error: {
					code: 132000,
					message: '(#132000) Number of parameters does not match the expected number of params',
				},
			},
			400,
		);
		expect(hintFor(error)).toMatch(/number of template parameters does not match/);
	});
});

describe('Send: media links and IDs', () => {
	it.each([
		'ftp://example.com/banner.png',
		'www.example.com/banner.png',
		'file:///etc/passwd',
		'javascript:alert(1)',
		'12 34',
	])('refuses the template header media %j, which is neither a link nor an ID', (media) => {
		refuses(
			'template',
			{
				templateName: 'promo',
				templateLanguage: 'en',
				headerParameter: { header: { type: 'image', media } },
			},
			/neither a public https:\/\/ link nor a media ID/,
		);
	});

	it.each(['javascript:alert(1)', 'https://', '/images/a.png', 'https://exa mple.com/a.png'])(
		'refuses the media link %j',
		(mediaLink) => {
			refuses(
				'media',
				{ mediaType: 'image', mediaSource: 'link', mediaLink },
				/not an http\(s\) link/,
			);
		},
	);

	it('refuses a link given as a media ID, and an unknown media type', () => {
		refuses(
			'media',
			{ mediaType: 'image', mediaSource: 'id', mediaId: 'https://example.com/a.png' },
			/Media ID .* neither a public https:\/\/ link nor a media ID/,
		);
		refuses(
			'media',
			{ mediaType: 'gif', mediaSource: 'link', mediaLink: 'https://example.com/a.gif' },
			/Media Type "gif" is not one of image, video, audio, document, sticker/,
		);
	});

	it('takes a numeric media ID for the header', () => {
		expect(
			build('template', {
				templateName: 'promo',
				templateLanguage: 'en',
				headerParameter: { header: { type: 'video', media: '1602186516975000' } },
			}).body.template,
		).toMatchObject({
			components: [
				{ type: 'header', parameters: [{ type: 'video', video: { id: '1602186516975000' } }] },
			],
		});
	});
});

describe('Send: Meta’s length limits, counted in characters as Meta counts them', () => {
	it('text up to 4,096 characters, emoji counting one each', () => {
		expect((build('text', { text: '😀'.repeat(4096) }).body.text as IDataObject).body).toHaveLength(
			8192,
		);
		refuses(
			'text',
			{ text: 'x'.repeat(4097) },
			/Text is 4097 characters long; WhatsApp allows at most 4096/,
		);
	});

	it('captions up to 1,024', () => {
		refuses(
			'media',
			{
				mediaType: 'image',
				mediaSource: 'link',
				mediaLink: 'https://example.com/a.png',
				caption: 'c'.repeat(1025),
			},
			/Caption is 1025 characters long; WhatsApp allows at most 1024/,
		);
	});

	it.each([
		[
			'header over 60',
			{ headerText: 'h'.repeat(61) },
			/Header Text is 61 characters long; WhatsApp allows at most 60/,
		],
		['footer over 60', { footerText: 'f'.repeat(61) }, /Footer Text is 61 characters long/],
		[
			'body over 1,024',
			{ bodyText: 'b'.repeat(1025) },
			/Body Text is 1025 characters long; WhatsApp allows at most 1024/,
		],
		[
			'title over 20',
			{ replyButtons: { button: [{ id: 'a', title: 'A title over twenty ch' }] } },
			/Button 1 Title is 22 characters long; WhatsApp allows at most 20/,
		],
		['empty ID', { replyButtons: { button: [{ id: '', title: 'Yes' }] } }, /Button 1 ID is empty/],
		[
			'repeated title',
			{
				replyButtons: {
					button: [
						{ id: 'a', title: 'Yes' },
						{ id: 'b', title: 'Yes' },
					],
				},
			},
			/Button Titles must differ; "Yes" is there twice/,
		],
		[
			'repeated ID',
			{
				replyButtons: {
					button: [
						{ id: 'a', title: 'Yes' },
						{ id: 'a', title: 'No' },
					],
				},
			},
			/Button IDs must differ/,
		],
		[
			'an object as ID',
			{ replyButtons: { button: [{ id: { crm: 1 }, title: 'Yes' }] } },
			/Button 1 ID is empty/,
		],
	])('reply buttons: %s', (_case, parameters, message) => {
		refuses(
			'interactive',
			{
				interactiveType: 'buttons',
				bodyText: 'Pick',
				replyButtons: { button: [{ id: 'a', title: 'A' }] },
				...parameters,
			},
			message,
		);
	});

	it.each([
		[
			'button text over 20',
			{ listButtonText: 'A list button text that is long' },
			/List Button Text is 31 characters long; WhatsApp allows at most 20/,
		],
		[
			'description over 72',
			{ listRows: { row: [{ id: 'a', title: 'A', description: 'd'.repeat(73) }] } },
			/Row 1 Description is 73 characters long; WhatsApp allows at most 72/,
		],
		[
			'repeated row ID',
			{
				listRows: {
					row: [
						{ id: 'a', title: 'A' },
						{ id: 'a', title: 'B' },
					],
				},
			},
			/Row IDs must differ/,
		],
		[
			'titled and untitled sections',
			{
				listRows: {
					row: [
						{ section: 'Fast', id: 'a', title: 'A' },
						{ id: 'b', title: 'B' },
					],
				},
			},
			/every row needs a Section Title/,
		],
		[
			'body over 4,096',
			{ bodyText: 'b'.repeat(4097) },
			/Body Text is 4097 characters long; WhatsApp allows at most 4096/,
		],
	])('lists: %s', (_case, parameters, message) => {
		refuses(
			'interactive',
			{
				interactiveType: 'list',
				bodyText: 'Pick',
				listButtonText: 'Options',
				listRows: { row: [{ id: 'a', title: 'A' }] },
				...parameters,
			},
			message,
		);
	});

	it('a list body may be 4,096 characters, a call-to-action button text 20', () => {
		expect(
			build('interactive', {
				interactiveType: 'list',
				bodyText: 'b'.repeat(4096),
				listButtonText: 'Options',
				listRows: { row: [{ id: 'a', title: 'A' }] },
			}),
		).toBeDefined();
		refuses(
			'interactive',
			{
				interactiveType: 'ctaUrl',
				bodyText: 'Go',
				ctaDisplayText: 'A button text too long',
				ctaUrl: 'https://example.com',
			},
			/Button Text is 22 characters long/,
		);
	});
});

describe('Send: Reference ID of every type', () => {
	it.each([
		[true, 'true'],
		[0, '0'],
		[['crm', 42], '["crm",42]'],
		[{ id: 'é' }, '{"id":"é"}'],
	])('sends %j as its JSON text %j', (value, expected) => {
		expect(toReferenceId(value)).toBe(expected);
	});

	it.each([
		['NaN', Number.NaN],
		['Infinity', Number.POSITIVE_INFINITY],
		['a function', () => 'crm-42'],
		['a symbol', Symbol('crm')],
	])(
		'refuses %s, which has no JSON text, instead of sending "null" or failing the run',
		(_case, value) => {
			expect(() => toReferenceId(value)).toThrow(InvalidInputError);
			expect(() => toReferenceId(value)).toThrow(/Reference ID .* use text, a number or an object/);
		},
	);

	it('counts UTF-8 bytes: 128 four-byte emoji fit 512, 129 do not; an empty object is sent as {}', () => {
		expect(toReferenceId('😀'.repeat(128))).toHaveLength(256);
		expect(() => toReferenceId('😀'.repeat(129))).toThrow(/516 bytes long; the limit is 512/);
		expect(toReferenceId({})).toBe('{}');
	});
});

describe('Send: credential Base URL and API Version', () => {
	it('strips trailing slashes and keeps a proxy path as a prefix', () => {
		expect(
			messagesUrl(toCloudApiSettings({ ...META, baseUrl: 'https://graph.facebook.com///' }), '1'),
		).toBe('https://graph.facebook.com/v25.0/1/messages');
		expect(
			messagesUrl(
				toCloudApiSettings({ ...META, baseUrl: 'https://proxy.example.com/whatsapp/' }),
				'1',
			),
		).toBe('https://proxy.example.com/whatsapp/v25.0/1/messages');
	});

	it.each([
		'https://graph.facebook.com/v25.0',
		'https://graph.facebook.com/v25.0/',
		'https://proxy.example.com/meta/v24.0',
	])('refuses the Base URL %j, which ends in an API version, naming the fix', (baseUrl) => {
		expect(() => toCloudApiSettings({ ...META, baseUrl })).toThrow(InvalidInputError);
		expect(() => toCloudApiSettings({ ...META, baseUrl })).toThrow(
			/ends in an API version.*without it.*API Version/,
		);
	});

	it('keeps a BSP base URL that ends in its own /v1', () => {
		expect(
			messagesUrl(
				toCloudApiSettings({
					...META,
					provider: 'custom',
					baseUrl: 'https://bsp.example.com/api/v1',
				}),
				'1',
			),
		).toBe('https://bsp.example.com/api/v1/v25.0/1/messages');
	});

	it.each([
		'https://graph.facebook.com?access_token=x',
		'https://graph.facebook.com/#top',
		'graph.facebook.com?access_token=x',
	])('refuses the Base URL %j with a query or fragment, without repeating it', (baseUrl) => {
		expect(() => toCloudApiSettings({ ...META, baseUrl })).not.toThrow(/access_token/);
		expect(() => toCloudApiSettings({ ...META, baseUrl })).toThrow(/query or fragment/);
	});

	it.each(['v25', '25', 'V25.0', 'latest', 'v25.0.1'])(
		'refuses the API Version %j, naming v25.0',
		(apiVersion) => {
			expect(() => toCloudApiSettings({ ...META, apiVersion })).toThrow(
				/Use a value such as v25\.0/,
			);
		},
	);

	it('takes 25.0 as v25.0', () => {
		expect(toCloudApiSettings({ ...META, apiVersion: ' 25.0 ' }).apiVersion).toBe('v25.0');
	});
});

describe('Send: answers that are not Meta’s JSON', () => {
	const html = '<html><head><title>Sign in</title></head><body>Proxy login</body></html>';

	it.each([
		['HTML', html, /HTTP 200 with a body that is not Meta's JSON: "<html><head><title>Sign in/],
		['an empty body', '', /HTTP 200 with an empty body/],
		['no body', undefined, /HTTP 200 with an empty body/],
	])(
		'a 2xx answer with %s is an error naming the Base URL, sent once',
		async (_case, body, message) => {
			const run = await runSend({
				credentials: META,
				items: [textItem(), textItem({ referenceId: 'crm-43' })],
				continueOnFail: true,
				answer: () => ({ statusCode: 200, body }),
			});
			expect(run.sent).toHaveLength(2);
			for (const item of run.output ?? []) {
				expect(item.json.error).toMatchObject({
					message: expect.stringMatching(message),
					details: expect.stringMatching(/Base URL/),
					httpStatus: 200,
				});
			}
		},
	);

	it('a 502 HTML page is retried, then reported with the start of the page', async () => {
		const run = await runSend({
			credentials: META,
			items: [textItem({ sendingOptions: { maxRetries: 1 } })],
			continueOnFail: true,
			answer: () => ({
				statusCode: 502,
				body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
			}),
		});
		expect(run.sent).toHaveLength(2);
		expect(run.output?.[0].json.error).toMatchObject({
			message: expect.stringMatching(
				/HTTP 502 with a body that is not Meta's JSON: "<html><body><h1>502 Bad Gateway/,
			),
			httpStatus: 502,
		});
	});
});

describe('Send: a gateway timeout (504) may hide an accepted message', () => {
	const gatewayTimeout: Answer = {
		statusCode: 504,
		body: '<html><body><h1>504 Gateway Time-out</h1></body></html>',
	};

	it('is not sent again by default, and the item says why', async () => {
		const run = await runSend({
			credentials: META,
			items: [textItem()],
			continueOnFail: true,
			answer: () => gatewayTimeout,
		});
		expect(run.sent).toHaveLength(1);
		expect(run.output?.[0].json.error).toMatchObject({
			httpStatus: 504,
			details: expect.stringMatching(
				/may have accepted the message; it was not sent again unless Retry After Timeouts is on/,
			),
		});
	});

	it('is sent again with Retry After Timeouts on', async () => {
		const run = await runSend({
			credentials: META,
			items: [textItem({ sendingOptions: { retryAmbiguousFailures: true, maxRetries: 1 } })],
			continueOnFail: true,
			answer: (index) => (index === 0 ? gatewayTimeout : metaAccepted(index)),
		});
		expect(run.sent).toHaveLength(2);
		expect(run.output?.[0].json.messageId).toBe('wamid.OK1');
	});

	it("a 500 or 503 with Meta's error, or a bare 502 or 503, is still retried", async () => {
		for (const answer of [
			{
				statusCode: 500,
				body: { error: { code: 131000, message: '(#131000) Something went wrong' } },
			},
			{
				statusCode: 503,
				body: { error: { code: 131016, message: '(#131016) Service unavailable' } },
			},
			{ statusCode: 502, body: '' },
			{ statusCode: 503, body: '<html>503</html>' },
		]) {
			const run = await runSend({
				credentials: META,
				items: [textItem()],
				continueOnFail: true,
				answer: (index) => (index === 0 ? answer : metaAccepted(index)),
			});
			expect(run.sent).toHaveLength(2);
		}
	});
});

describe('Send: a token that expires mid-run (190)', () => {
	const expired: Answer = {
		statusCode: 401,
		body: {
			error: {
				message: 'Error validating access token: The session is invalid or the token has expired.',
				type: 'OAuthException',
				code: 190,
				error_subcode: 463,
				fbtrace_id: 'AbC',
			},
		},
	};
	const items = [0, 1, 2, 3, 4].map((index) =>
		textItem({
			to: `+1650555000${index}`,
			referenceId: `crm-${index}`,
			sendingOptions: { maxConcurrency: 1, messagesPerSecond: 0 },
		}),
	);

	it('with Continue On Fail: the sent items succeed, every later one fails with the fix, none is retried', async () => {
		const run = await runSend({
			credentials: META,
			items,
			continueOnFail: true,
			answer: (index) => (index < 2 ? metaAccepted(index) : expired),
		});
		expect(run.sent).toHaveLength(5);
		const output = (run.output ?? []).map((item) => item.json);
		expect(output.slice(0, 2).map((item) => item.messageId)).toEqual(['wamid.OK0', 'wamid.OK1']);
		for (const [index, item] of output.slice(2).entries()) {
			expect(item).toEqual({
				referenceId: `crm-${index + 2}`,
				to: `1650555000${index + 2}`,
				error: expect.objectContaining({
					code: 190,
					httpStatus: 401,
					hint: expect.stringMatching(
						/Generate a new System User token and update the WhatsApp Cloud API credential/,
					),
				}),
			});
		}
	});

	it('without it: the run stops with an error naming the item, Meta’s message and the fix', async () => {
		const run = await runSend({
			credentials: META,
			items,
			answer: (index) => (index < 2 ? metaAccepted(index) : expired),
		});
		expect(run.error).toBeInstanceOf(NodeApiError);
		const error = run.error as NodeApiError;
		expect(error.message).toMatch(/token has expired/);
		expect(error.description).toMatch(/update the WhatsApp Cloud API credential/);
		expect(error.context.itemIndex).toBe(2);
	});
});

describe('Send: binary media whose field is missing', () => {
	const mediaItem = (extra: IDataObject) => ({
		operation: 'media',
		...base,
		mediaType: 'image',
		mediaSource: 'binary',
		binaryPropertyName: 'photo',
		...extra,
	});

	it('reports the item, naming the field, and sends nothing for it', async () => {
		const run = await runSend({
			credentials: META,
			items: [
				mediaItem({ binary: { photo: {} } }),
				mediaItem({ binary: { other: {} } }),
				mediaItem({}),
			],
			continueOnFail: true,
			answer: (index, request) =>
				request.url.endsWith('/media')
					? { statusCode: 200, body: { id: '1602186516975000' } }
					: metaAccepted(index),
		});
		expect(run.sent.map((request) => request.url.split('/').pop())).toEqual(['media', 'messages']);
		const [sent, noField, noBinary] = (run.output ?? []).map((item) => item.json);
		expect(sent.messageId).toEqual(expect.any(String));
		expect(noField.error).toMatchObject({
			message: "The item has no binary field 'photo' [item 1]",
		});
		expect(noBinary.error).toMatchObject({
			message: expect.stringMatching(
				/contain a binary file 'photo', but none was found \[item 2\]/,
			),
		});
	});

	it('keeps the Reference ID and recipient on the failed item', async () => {
		const run = await runSend({
			credentials: META,
			items: [mediaItem({ referenceId: 'no-file', binary: { other: {} } })],
			continueOnFail: true,
			answer: (index) => metaAccepted(index),
		});
		expect(run.sent).toHaveLength(0);
		expect(run.output?.[0].json).toMatchObject({
			referenceId: 'no-file',
			to: expect.any(String),
			error: { message: expect.stringMatching(/no binary field 'photo'/) },
		});
	});
});
