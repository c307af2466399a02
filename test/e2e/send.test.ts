import axios from 'axios';
import type { INodeParameters } from 'n8n-workflow';
import type { N8nRestClient } from '../../scripts/n8n-rest-client';
import type { RecordedRequest } from '../../sandbox/state';
import { e2eEnvironment } from './support/environment';
import { metaSpecProblems } from './support/meta-spec-check';
import { itNeeds } from './support/n8n-features';
import { sandboxAdmin } from './support/sandbox-admin';
import {
	SEND_CONNECTION,
	deploy,
	executionsOf,
	ownerClient,
	sendWorkflow,
} from './support/workflows';

type Item = Record<string, unknown>;

let client: N8nRestClient;
let pathCounter = 0;

/** Deploys a Webhook → Split Out → WhatsApp Send workflow and posts the given items through it. */
async function sendThrough(
	parameters: INodeParameters,
	items: Item[],
	options: Parameters<typeof sendWorkflow>[2] = {},
) {
	const path = `send-${++pathCounter}-${Date.now()}`;
	const workflowId = await deploy(client, sendWorkflow(path, parameters, options));
	const response = await axios.post<Item[] | Item>(
		`${e2eEnvironment().n8nUrl}/webhook/${path}`,
		{ items },
		{ validateStatus: () => true, timeout: 120_000 },
	);
	return Object.assign(response, { workflowId });
}

/** What n8n recorded of the run: the node's error message lives in the execution, not the webhook answer. */
async function recordedRun(workflowId: string): Promise<string> {
	const [execution] = await executionsOf(client, workflowId);
	return JSON.stringify(execution);
}

const messageRequests = async (): Promise<RecordedRequest[]> =>
	(await sandboxAdmin.requests()).filter((request) => request.path.endsWith('/messages'));

const fromItem = { to: '={{ $json.to }}', referenceId: '={{ $json.referenceId }}' };

beforeAll(async () => {
	client = await ownerClient();
});

beforeEach(async () => {
	await sandboxAdmin.reset();
});

// Every body the node sent and the sandbox accepted, and every status webhook, per Meta's spec.
afterEach(async () => {
	expect(await metaSpecProblems()).toEqual([]);
});

describe('WhatsApp Send in a real n8n, against the sandbox', () => {
	const cases: Array<[string, INodeParameters, Item]> = [
		[
			'text',
			{ operation: 'text', text: 'Your order has shipped', options: { previewUrl: true } },
			{ type: 'text', text: { body: 'Your order has shipped', preview_url: true } },
		],
		[
			'template',
			{
				operation: 'template',
				templateName: { __rl: true, mode: 'name', value: 'order_update' },
				templateLanguage: { __rl: true, mode: 'code', value: 'en_US' },
				headerParameter: { header: { type: 'image', media: 'https://example.com/banner.png' } },
				bodyParameters: {
					parameter: [
						{ type: 'text', text: 'Ana' },
						{ type: 'currency', amount: 12.5, currencyCode: 'EUR' },
						{ type: 'dateTime', fallbackValue: 'May 2' },
					],
				},
				buttonParameters: { button: [{ subType: 'url', index: 0, value: '10045' }] },
			},
			{
				type: 'template',
				template: {
					name: 'order_update',
					language: { code: 'en_US' },
					components: [
						{
							type: 'header',
							parameters: [{ type: 'image', image: { link: 'https://example.com/banner.png' } }],
						},
						{
							type: 'body',
							parameters: [
								{ type: 'text', text: 'Ana' },
								{
									type: 'currency',
									currency: { fallback_value: '12.5 EUR', code: 'EUR', amount_1000: 12500 },
								},
								{ type: 'date_time', date_time: { fallback_value: 'May 2' } },
							],
						},
						{
							type: 'button',
							sub_type: 'url',
							index: '0',
							parameters: [{ type: 'text', text: '10045' }],
						},
					],
				},
			},
		],
		[
			'media',
			{
				operation: 'media',
				mediaType: 'document',
				mediaSource: 'link',
				mediaLink: 'https://example.com/invoice.pdf',
				caption: 'Your invoice',
				filename: 'invoice.pdf',
			},
			{
				type: 'document',
				document: {
					link: 'https://example.com/invoice.pdf',
					caption: 'Your invoice',
					filename: 'invoice.pdf',
				},
			},
		],
		[
			'interactive',
			{
				operation: 'interactive',
				interactiveType: 'buttons',
				bodyText: 'Keep the booking?',
				replyButtons: {
					button: [
						{ id: 'keep', title: 'Keep' },
						{ id: 'cancel', title: 'Cancel' },
					],
				},
			},
			{
				type: 'interactive',
				interactive: {
					type: 'button',
					body: { text: 'Keep the booking?' },
					action: {
						buttons: [
							{ type: 'reply', reply: { id: 'keep', title: 'Keep' } },
							{ type: 'reply', reply: { id: 'cancel', title: 'Cancel' } },
						],
					},
				},
			},
		],
		[
			'location',
			{
				operation: 'location',
				latitude: 37.758056,
				longitude: -122.425332,
				locationName: 'Philz Coffee',
				address: '101 Forest Ave',
			},
			{
				type: 'location',
				location: {
					latitude: 37.758056,
					longitude: -122.425332,
					name: 'Philz Coffee',
					address: '101 Forest Ave',
				},
			},
		],
		[
			'contacts',
			{
				operation: 'contacts',
				contacts: { contact: [{ formattedName: 'Acme Support', phone: '+15550001111' }] },
			},
			{
				type: 'contacts',
				contacts: [
					{
						name: { formatted_name: 'Acme Support' },
						phones: [{ phone: '+15550001111', type: 'CELL' }],
					},
				],
			},
		],
		[
			'reaction',
			{
				operation: 'reaction',
				reactToMessageId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI4',
				emoji: '👍',
			},
			{
				type: 'reaction',
				reaction: { message_id: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI4', emoji: '👍' },
			},
		],
	];

	it.each(cases)(
		'%s reaches the sandbox with the Reference ID in biz_opaque_callback_data',
		async (_, parameters, expectedContent) => {
			const response = await sendThrough({ ...fromItem, ...parameters }, [
				{ to: '+1 (650) 555-1234', referenceId: 'crm-42' },
			]);

			expect(response.status).toBe(200);
			const [request] = await messageRequests();
			expect(request.headers.authorization).toBe(`Bearer ${e2eEnvironment().accessToken}`);
			expect(request.path).toBe(`/v25.0/${e2eEnvironment().phoneNumberId}/messages`);
			expect(request.body).toEqual({
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '16505551234',
				biz_opaque_callback_data: 'crm-42',
				...expectedContent,
			});
			const [item] = response.data as Item[];
			const accepted = request.response as { messages: Array<{ id: string }> };
			expect(item).toEqual({
				messageId: accepted.messages[0].id,
				referenceId: 'crm-42',
				to: '16505551234',
				waId: '16505551234',
				messageStatus: 'accepted',
				providerMessageId: accepted.messages[0].id,
				response: request.response,
			});
		},
	);

	it('marks a message as read with the typing indicator', async () => {
		const response = await sendThrough(
			{ operation: 'markAsRead', messageId: '={{ $json.messageId }}', showTypingIndicator: true },
			[{ messageId: 'wamid.INBOUND1' }],
		);

		expect(response.status).toBe(200);
		const [request] = await messageRequests();
		expect(request.body).toEqual({
			messaging_product: 'whatsapp',
			status: 'read',
			message_id: 'wamid.INBOUND1',
			typing_indicator: { type: 'text' },
		});
		expect(response.data).toEqual([
			expect.objectContaining({
				messageId: 'wamid.INBOUND1',
				referenceId: null,
				to: null,
				response: { success: true },
			}),
		]);
	});

	it('sends 100 items in one run, one output item each, in order, within the concurrency cap', async () => {
		await sandboxAdmin.configure({ latencyMs: 100 });
		const items = Array.from({ length: 100 }, (_, index) => ({
			to: `+1650555${String(1000 + index)}`,
			referenceId: `contact-${index}`,
		}));

		const response = await sendThrough(
			{
				...fromItem,
				operation: 'text',
				text: 'Hello',
				sendingOptions: { maxConcurrency: 5, messagesPerSecond: 0 },
			},
			items,
		);

		expect(response.status).toBe(200);
		const output = response.data as Item[];
		expect(output.map((item) => item.referenceId)).toEqual(items.map((item) => item.referenceId));
		expect(new Set(output.map((item) => item.messageId)).size).toBe(100);
		const requests = await messageRequests();
		expect(requests).toHaveLength(100);
		expect(
			new Set(requests.map((request) => (request.body as Item).biz_opaque_callback_data)).size,
		).toBe(100);
		expect(Math.max(...requests.map((request) => request.inFlight))).toBeLessThanOrEqual(5);
		expect(Math.max(...requests.map((request) => request.inFlight))).toBeGreaterThan(1);
		// The Connection under test: n8n's helper closes every connection after its message; Reuse
		// Connections only each of the 5 parallel requests' last one.
		const closing = requests.filter((request) => request.headers.connection === 'close').length;
		if (SEND_CONNECTION === 'reuseConnections') expect(closing).toBeLessThanOrEqual(5);
		else expect(closing).toBe(100);
	});

	it('retries throughput errors (130429, HTTP 400) until every message is accepted once', async () => {
		await sandboxAdmin.configure({ messagesPerSecond: 10 });
		const items = Array.from({ length: 30 }, (_, index) => ({
			to: `+4915112345${String(100 + index)}`,
			referenceId: `r-${index}`,
		}));

		const response = await sendThrough(
			{
				...fromItem,
				operation: 'text',
				text: 'Hi',
				sendingOptions: { messagesPerSecond: 0, maxRetries: 10 },
			},
			items,
		);

		expect(response.status).toBe(200);
		expect((response.data as Item[]).every((item) => typeof item.messageId === 'string')).toBe(
			true,
		);
		const requests = await messageRequests();
		const rejected = requests.filter((request) => request.status === 400);
		expect(rejected.length).toBeGreaterThan(0);
		expect(
			rejected.every(
				(request) => (request.response as { error: { code: number } }).error.code === 130429,
			),
		).toBe(true);
		const accepted = requests
			.filter((request) => request.status === 200)
			.map((request) => (request.body as Item).biz_opaque_callback_data);
		expect(accepted.sort()).toEqual(items.map((item) => item.referenceId).sort());
	});

	it('slows down to a tier below Messages Per Second: every item sent once with the default retries', async () => {
		await sandboxAdmin.configure({ messagesPerSecond: 20, latencyMs: 50 });
		const items = Array.from({ length: 200 }, (_, index) => ({
			to: `+4915112346${String(100 + index)}`,
			referenceId: `tier-${index}`,
		}));

		const response = await sendThrough(
			{
				...fromItem,
				operation: 'text',
				text: 'Hi',
				sendingOptions: { messagesPerSecond: 500, maxConcurrency: 50 },
			},
			items,
		);

		expect(response.status).toBe(200);
		const output = response.data as Item[];
		expect(output).toHaveLength(200);
		expect(output.every((item) => typeof item.messageId === 'string')).toBe(true);
		const requests = await messageRequests();
		const accepted = requests
			.filter((request) => request.status === 200)
			.map((request) => (request.body as Item).biz_opaque_callback_data);
		expect(accepted.sort()).toEqual(items.map((item) => item.referenceId).sort());
		// Kept at 500/s, most of the 200 would be refused again and again; slowed to Meta's 20/s,
		// a few are.
		expect(requests.filter((request) => request.status === 400).length).toBeLessThan(200);
	});

	it("with Continue On Fail, a failing item comes out with Meta's error and the others are sent", async () => {
		const response = await sendThrough(
			{
				...fromItem,
				operation: 'template',
				templateName: { __rl: true, mode: 'name', value: '={{ $json.template }}' },
				templateLanguage: { __rl: true, mode: 'code', value: 'en_US' },
			},
			[
				{ to: '+16505550001', referenceId: 'ok-1', template: 'hello_world' },
				{ to: '+16505550002', referenceId: 'bad-2', template: 'no_such_template' },
				{ to: '+16505550003', referenceId: 'ok-3', template: 'hello_world' },
			],
			{ continueOnFail: true },
		);

		expect(response.status).toBe(200);
		const [first, second, third] = response.data as Item[];
		expect(first).toMatchObject({ referenceId: 'ok-1', messageId: expect.any(String) });
		expect(third).toMatchObject({ referenceId: 'ok-3', messageId: expect.any(String) });
		expect(second).toEqual({
			referenceId: 'bad-2',
			to: '16505550002',
			error: expect.objectContaining({
				code: 132001,
				httpStatus: 400,
				fbtraceId: expect.any(String),
				hint: expect.stringMatching(/template/),
			}),
		});
	});

	it("without Continue On Fail, the run stops with an error naming Meta's code", async () => {
		const response = await sendThrough(
			{
				...fromItem,
				operation: 'template',
				templateName: { __rl: true, mode: 'name', value: 'no_such_template' },
				templateLanguage: { __rl: true, mode: 'code', value: 'en_US' },
			},
			[{ to: '+16505550002', referenceId: 'bad' }],
		);

		expect(response.status).toBe(500);
		expect(await recordedRun(response.workflowId)).toMatch(/\(#132001\)/);
	});

	it('refuses a Reference ID over 512 characters before any request', async () => {
		const response = await sendThrough({ ...fromItem, operation: 'text', text: 'Hi' }, [
			{ to: '+16505550001', referenceId: 'ok' },
			{ to: '+16505550002', referenceId: 'x'.repeat(513) },
		]);

		expect(response.status).toBe(500);
		expect(await recordedRun(response.workflowId)).toMatch(/513 bytes long; the limit is 512/);
		expect(await messageRequests()).toHaveLength(0);
	});

	it("uploads media from the item's binary data, then sends it by the media ID Meta gave", async () => {
		const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
		const response = await sendThrough(
			{
				// Convert to File puts out the file alone; the recipient and reference come from its input item.
				to: "={{ $('Items').item.json.to }}",
				referenceId: "={{ $('Items').item.json.referenceId }}",
				operation: 'media',
				mediaType: 'image',
				mediaSource: 'binary',
				binaryPropertyName: 'photo',
				caption: 'Your receipt',
			},
			[{ to: '+16505551234', referenceId: 'receipt-7', base64: png.toString('base64') }],
			{
				prepare: {
					type: 'n8n-nodes-base.convertToFile',
					typeVersion: 1.1,
					parameters: {
						operation: 'toBinary',
						sourceProperty: 'base64',
						binaryPropertyName: 'photo',
						options: { fileName: 'receipt.png', mimeType: 'image/png' },
					},
				},
			},
		);

		expect(response.status).toBe(200);
		const [upload, message] = await sandboxAdmin.requests();
		expect(upload.path).toBe(`/v25.0/${e2eEnvironment().phoneNumberId}/media`);
		expect(upload.body).toEqual({
			fields: { messaging_product: 'whatsapp', type: 'image/png' },
			files: [
				{ field: 'file', filename: 'receipt.png', contentType: 'image/png', size: png.length },
			],
		});
		const mediaId = (upload.response as { id: string }).id;
		expect(message.body).toMatchObject({
			type: 'image',
			image: { id: mediaId, caption: 'Your receipt' },
			biz_opaque_callback_data: 'receipt-7',
		});
		expect(response.data).toEqual([
			expect.objectContaining({
				referenceId: 'receipt-7',
				messageId: expect.stringMatching(/^wamid\./),
			}),
		]);
	});
});

describe('WhatsApp Send lists from the WhatsApp Business Account, as the editor asks for them', () => {
	const search = async (methodName: string, currentNodeParameters: INodeParameters) =>
		await client.post<{ results: Array<{ name: string; value: string }> }>(
			'/dynamic-node-parameters/resource-locator-results',
			{
				path: 'parameters.templateName',
				methodName,
				nodeTypeAndVersion: { name: 'n8n-nodes-whatsapp-reference.whatsAppSend', version: 1 },
				currentNodeParameters,
				credentials: { whatsAppCloudApi: e2eEnvironment().cloudCredential },
			},
		);

	it('lists phone numbers, templates, and the languages of the chosen template', async () => {
		const numbers = await search('searchPhoneNumbers', { resource: 'message', operation: 'text' });
		expect(numbers.results).toEqual([
			expect.objectContaining({ value: e2eEnvironment().phoneNumberId }),
		]);

		const templates = await search('searchTemplates', {
			resource: 'message',
			operation: 'template',
		});
		expect(templates.results.map((template) => template.value)).toEqual(
			expect.arrayContaining(['hello_world', 'order_update']),
		);
		expect(templates.results.find((template) => template.value === 'order_update')?.name).toMatch(
			/en_US/,
		);

		const languages = await search('searchTemplateLanguages', {
			resource: 'message',
			operation: 'template',
			templateName: { __rl: true, mode: 'list', value: 'order_update' },
		});
		expect(languages.results.map((language) => language.value)).toContain('en_US');
	});
});

describe('WhatsApp Send for AI agents', () => {
	itNeeds('humanReviewTool')(
		'n8n makes a human-review tool of it that sends and waits for the answer',
		async () => {
			const tool = (await client.nodeTypes()).find(
				(type) => type.name === 'n8n-nodes-whatsapp-reference.whatsAppSendHitlTool',
			);

			expect(tool?.properties).toEqual(
				expect.arrayContaining([
					expect.objectContaining({ name: 'operation', default: 'sendAndWait' }),
				]),
			);
		},
	);
});
