/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import axios from 'axios';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { INode, INodeParameters, ResourceMapperField } from 'n8n-workflow';
import type { N8nWorkflow } from '../../scripts/n8n-cli';
import type { N8nRestClient } from '../../scripts/n8n-rest-client';
import { boundaryOf, parseMultipart, type MultipartBody } from '../../sandbox/multipart';
import type { RecordedRequest } from '../../sandbox/state';
import { defaultTemplates } from '../../sandbox/templates';
import { extraTemplates } from '../fixtures/templates/definitions';
import { type Collector, startCollector } from './support/collector';
import { e2eEnvironment } from './support/environment';
import { metaSpecProblems } from './support/meta-spec-check';
import { sandboxAdmin } from './support/sandbox-admin';
import { deploy, executionsOf, ownerClient, sendWorkflow, triggerUrl } from './support/workflows';
import { messagesWebhook } from './support/webhook-bodies';

type Item = Record<string, unknown>;

const SEND_NODE = 'n8n-nodes-whatsapp-reference.whatsAppSend';

let client: N8nRestClient;
let pathCounter = 0;

async function run(
	parameters: INodeParameters,
	items: Item[],
	options: Parameters<typeof sendWorkflow>[2] & { credential?: { id: string; name: string } } = {},
) {
	const path = `templates-media-${++pathCounter}-${Date.now()}`;
	const workflow = sendWorkflow(path, parameters, options);
	if (options.credential) {
		const send = workflow.nodes.find((node) => node.name === 'WhatsApp Send');
		if (send) send.credentials = { whatsAppCloudApi: options.credential };
	}
	const workflowId = await deploy(client, workflow);
	const response = await axios.post<Item[] | Item>(
		`${e2eEnvironment().n8nUrl}/webhook/${path}`,
		{ items },
		{ validateStatus: () => true, timeout: 120_000 },
	);
	return Object.assign(response, { workflowId });
}

/** The error a run stopped with, as n8n stored it: the first line of its stack (`NodeOperationError: …`). */
async function failureOf(workflowId: string): Promise<string> {
	const [execution] = await executionsOf(client, workflowId);
	const values = JSON.parse(execution.data) as unknown[];
	const stack = values.find(
		(value): value is string => typeof value === 'string' && /^Node\w*Error: /.test(value),
	);
	return stack?.split('\n')[0] ?? `no error recorded: ${execution.status}`;
}

const sends = async (): Promise<RecordedRequest[]> =>
	(await sandboxAdmin.requests()).filter(
		(request) => request.method === 'POST' && /\/(messages|marketing_messages)$/.test(request.path),
	);

const templateParameters = (name: string, language = 'en_US') => ({
	operation: 'template',
	to: '={{ $json.to }}',
	referenceId: '={{ $json.referenceId }}',
	templateName: { __rl: true, mode: 'name', value: name },
	templateLanguage: { __rl: true, mode: 'code', value: language },
});

async function templateFields(name: string, language = 'en_US'): Promise<ResourceMapperField[]> {
	const answer = await client.post<{ fields: ResourceMapperField[] }>(
		'/dynamic-node-parameters/resource-mapper-fields',
		{
			path: 'parameters.templateFields',
			methodName: 'getTemplateFields',
			nodeTypeAndVersion: { name: SEND_NODE, version: 1 },
			currentNodeParameters: {
				resource: 'message',
				...templateParameters(name, language),
				templateParametersMode: 'form',
			},
			credentials: { whatsAppCloudApi: e2eEnvironment().cloudCredential },
		},
	);
	return answer.fields;
}

/** The resource mapper's value as the editor saves it: the fields it loaded, and a value per field. */
async function formFor(name: string, value: Record<string, string>) {
	return {
		templateParametersMode: 'form',
		templateFields: {
			mappingMode: 'defineBelow',
			value,
			matchingColumns: [],
			schema: await templateFields(name),
			attemptToConvertTypes: false,
			convertFieldsToString: false,
		},
	};
}

beforeAll(async () => {
	client = await ownerClient();
});

beforeEach(async () => {
	await sandboxAdmin.reset();
	await sandboxAdmin.configure({ templates: [...defaultTemplates, ...extraTemplates] });
});

// Every body the node sent and the sandbox accepted, and every status webhook, per Meta's spec.
afterEach(async () => {
	expect(await metaSpecProblems()).toEqual([]);
});

describe('templates: the form built from the template, in a real n8n against the sandbox', () => {
	it("n8n's resource mapper gets one field per variable and parameter of the chosen template", async () => {
		const named = await templateFields('order_confirmation_named');
		expect(named.map((field) => [field.id, field.displayName, field.required])).toEqual([
			['header-order_number', 'Header {{order_number}} (e.g. 10045)', true],
			['body-first_name', 'Body {{first_name}} (e.g. Pablo)', true],
			['body-order_total', 'Body {{order_total}} (e.g. $100.99)', true],
			['body-ship_date', 'Body {{ship_date}} (e.g. May 2)', true],
		]);
		expect((await templateFields('limited_offer')).map((field) => field.id)).toEqual([
			'header-image',
			'body-1',
			'body-2',
			'button0-coupon_code',
			'button1-url',
			'offer-expiration',
		]);
		const missing = await axios.post(
			`${e2eEnvironment().n8nUrl}/rest/dynamic-node-parameters/resource-mapper-fields`,
			{},
			{ validateStatus: () => true },
		);
		expect(missing.status).toBeGreaterThanOrEqual(400);
	});

	it('sends named variables from each item, with parameter_name and the Reference ID', async () => {
		const form = await formFor('order_confirmation_named', {
			'header-order_number': '={{ $json.order }}',
			'body-first_name': '={{ $json.name }}',
			'body-order_total':
				'={{ JSON.stringify({ type: "currency", currency: { fallback_value: "$" + $json.total, code: "USD", amount_1000: $json.total * 1000 } }) }}',
			'body-ship_date': 'May 2',
		});
		const response = await run({ ...templateParameters('order_confirmation_named'), ...form }, [
			{ to: '+16505550001', referenceId: 'order-1', order: '1001', name: 'Ana', total: 12.5 },
			{ to: '+16505550002', referenceId: 'order-2', order: '1002', name: 'Ben', total: 7 },
		]);

		expect(response.status).toBe(200);
		const bodies = (await sends()).map((request) => request.body as Item);
		expect(bodies).toHaveLength(2);
		expect(bodies[0]).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '16505550001',
			biz_opaque_callback_data: 'order-1',
			type: 'template',
			template: {
				name: 'order_confirmation_named',
				language: { code: 'en_US' },
				components: [
					{
						type: 'header',
						parameters: [{ type: 'text', parameter_name: 'order_number', text: '1001' }],
					},
					{
						type: 'body',
						parameters: [
							{ type: 'text', parameter_name: 'first_name', text: 'Ana' },
							{
								type: 'currency',
								parameter_name: 'order_total',
								currency: { fallback_value: '$12.5', code: 'USD', amount_1000: 12500 },
							},
							{ type: 'text', parameter_name: 'ship_date', text: 'May 2' },
						],
					},
				],
			},
		});
		expect((bodies[1].template as { components: Item[] }).components[0]).toEqual({
			type: 'header',
			parameters: [{ type: 'text', parameter_name: 'order_number', text: '1002' }],
		});
		expect((response.data as Item[]).map((item) => item.referenceId)).toEqual([
			'order-1',
			'order-2',
		]);
	});

	it('sends a limited-time offer with its copy code and URL button, and a media-card carousel', async () => {
		const offer = await run(
			{
				...templateParameters('limited_offer'),
				...(await formFor('limited_offer', {
					'header-image': 'https://example.com/caribe.png',
					'body-1': 'Pablo',
					'body-2': 'CARIBE25',
					'button0-coupon_code': 'CARIBE25',
					'button1-url': 'n3mtql',
					'offer-expiration': '2026-12-31T23:00:00Z',
				})),
			},
			[{ to: '+16505550003', referenceId: 'lto-1' }],
		);
		expect(offer.status).toBe(200);
		const [offerRequest] = await sends();
		expect((offerRequest.body as { template: { components: Item[] } }).template.components).toEqual(
			[
				{
					type: 'header',
					parameters: [{ type: 'image', image: { link: 'https://example.com/caribe.png' } }],
				},
				{
					type: 'body',
					parameters: [
						{ type: 'text', text: 'Pablo' },
						{ type: 'text', text: 'CARIBE25' },
					],
				},
				{
					type: 'limited_time_offer',
					parameters: [
						{
							type: 'limited_time_offer',
							limited_time_offer: { expiration_time_ms: Date.parse('2026-12-31T23:00:00Z') },
						},
					],
				},
				{
					type: 'button',
					sub_type: 'copy_code',
					index: '0',
					parameters: [{ type: 'coupon_code', coupon_code: 'CARIBE25' }],
				},
				{
					type: 'button',
					sub_type: 'url',
					index: '1',
					parameters: [{ type: 'text', text: 'n3mtql' }],
				},
			],
		);

		await sandboxAdmin.reset();
		await sandboxAdmin.configure({ templates: [...defaultTemplates, ...extraTemplates] });
		const cards: Record<string, string> = { 'body-1': 'Pablo' };
		for (const card of [0, 1]) {
			Object.assign(cards, {
				[`card${card}-header-image`]: `https://example.com/${card}.png`,
				[`card${card}-body-1`]: 'BLUE15',
				[`card${card}-body-2`]: '15%',
				[`card${card}-button1-url`]: `elf-${card}`,
			});
		}
		const carousel = await run(
			{ ...templateParameters('summer_carousel'), ...(await formFor('summer_carousel', cards)) },
			[{ to: '+16505550004', referenceId: 'car-1' }],
		);
		expect(carousel.status).toBe(200);
		const [carouselRequest] = await sends();
		const [, component] = (carouselRequest.body as { template: { components: Item[] } }).template
			.components;
		expect(component.type).toBe('carousel');
		expect((component.cards as Item[]).map((card) => (card.components as Item[]).length)).toEqual([
			3, 3,
		]);
	});

	it('refuses a missing variable before any request, naming the template, the component and the variable', async () => {
		const form = await formFor('order_update', {
			'header-image': 'https://example.com/a.png',
			'body-1': '={{ $json.name }}',
			'body-2': '10045',
			'body-3': 'May 2',
			'button0-url': '10045',
		});
		const response = await run({ ...templateParameters('order_update'), ...form }, [
			{ to: '+16505550005', referenceId: 'ok', name: 'Ana' },
			{ to: '+16505550006', referenceId: 'no-name' },
		]);

		expect(response.status).toBe(500);
		expect(await failureOf(response.workflowId)).toBe(
			'NodeOperationError: Template "order_update" (en_US): body variable {{1}} is empty. Fill it in, or map it from the input with an expression. [item 1]',
		);
		expect(await sends()).toHaveLength(0);
	});

	it('manual parameters: a wrong count is refused before any request; the existing fixed form still sends', async () => {
		const manual = {
			...templateParameters('order_update'),
			headerParameter: { header: { type: 'image', media: 'https://example.com/a.png' } },
			buttonParameters: { button: [{ subType: 'url', index: 0, value: '10045' }] },
		};
		const wrong = await run(
			{
				...manual,
				bodyParameters: {
					parameter: [
						{ type: 'text', text: 'Ana' },
						{ type: 'text', text: '10045' },
					],
				},
			},
			[{ to: '+16505550007', referenceId: 'r' }],
		);
		expect(wrong.status).toBe(500);
		expect(await failureOf(wrong.workflowId)).toBe(
			'NodeOperationError: Template "order_update" (en_US): the body has 3 variables ({{1}}, {{2}}, {{3}}), but 2 body parameters were given: {{3}} is missing. [item 0]',
		);
		expect(await sends()).toHaveLength(0);

		const right = await run(
			{
				...manual,
				bodyParameters: {
					parameter: [
						{ type: 'text', text: 'Ana' },
						{ type: 'text', text: '10045' },
						{ type: 'dateTime', fallbackValue: 'May 2' },
					],
				},
			},
			[{ to: '+16505550008', referenceId: 'r2' }],
		);
		expect(right.status).toBe(200);
		expect(await sends()).toHaveLength(1);
	});
});

describe("templates through Meta's Marketing Messages API", () => {
	const promo = async () => ({
		...templateParameters('seasonal_promotion'),
		...(await formFor('seasonal_promotion', {
			'header-1': 'Summer Sale',
			'body-1': 'August',
			'body-2': '25OFF',
			'body-3': '25%',
		})),
	});

	it('sends a marketing template to /marketing_messages, Reference ID kept, and says so in the output', async () => {
		const response = await run({ ...(await promo()), options: { marketingMessagesApi: true } }, [
			{ to: '+16505550010', referenceId: 'mm-1' },
		]);

		expect(response.status).toBe(200);
		const [request] = await sends();
		expect(request.path).toBe(`/v25.0/${e2eEnvironment().phoneNumberId}/marketing_messages`);
		expect(request.body).toMatchObject({ biz_opaque_callback_data: 'mm-1', type: 'template' });
		expect(response.data).toEqual([
			expect.objectContaining({
				referenceId: 'mm-1',
				messageId: expect.stringMatching(/^wamid\./),
				sentVia: 'marketing_messages',
				fallbackReason: null,
			}),
		]);
		const [message] = await sandboxAdmin.messages();
		expect(message).toMatchObject({ endpoint: 'marketing_messages', referenceId: 'mm-1' });
	});

	it('an account not onboarded: /messages, with the reason in the output', async () => {
		await sandboxAdmin.configure({ marketingMessagesOnboarding: 'ELIGIBLE' });
		const response = await run({ ...(await promo()), options: { marketingMessagesApi: true } }, [
			{ to: '+16505550011', referenceId: 'mm-2' },
		]);

		expect(response.status).toBe(200);
		expect((await sends()).map((request) => request.path.split('/').pop())).toEqual(['messages']);
		expect(response.data).toEqual([
			expect.objectContaining({
				referenceId: 'mm-2',
				sentVia: 'messages',
				fallbackReason:
					"the account's marketing_messages_onboarding_status is ELIGIBLE, not ONBOARDED: accept the Marketing Messages API terms in WhatsApp Manager first",
			}),
		]);
	});

	it("without the account ID to look first, Meta's refusal of the route sends through /messages, once", async () => {
		await sandboxAdmin.configure({ marketingMessagesOnboarding: 'INELIGIBLE' });
		const credential = await client.createCredential({
			name: `Sandbox without account ID ${Date.now()}`,
			type: 'whatsAppCloudApi',
			data: {
				accessToken: e2eEnvironment().accessToken,
				baseUrl: e2eEnvironment().sandboxUrl,
				apiVersion: 'v25.0',
			},
		});
		const response = await run(
			{
				...templateParameters('seasonal_promotion'),
				templateParametersMode: 'manual',
				headerParameter: { header: { type: 'text', text: 'Sale' } },
				bodyParameters: { parameter: [{ text: 'a' }, { text: 'b' }, { text: 'c' }] },
				options: { marketingMessagesApi: true },
			},
			[{ to: '+16505550012', referenceId: 'mm-3' }],
			{ credential: { id: credential.id, name: 'no account' } },
		);

		expect(response.status).toBe(200);
		const requests = await sends();
		expect(requests.map((request) => [request.path.split('/').pop(), request.status])).toEqual([
			['marketing_messages', 400],
			['messages', 200],
		]);
		expect(requests[1].body).toEqual(requests[0].body);
		expect(response.data).toEqual([
			expect.objectContaining({
				referenceId: 'mm-3',
				sentVia: 'messages',
				fallbackReason: expect.stringMatching(
					/^Marketing Messages API refused the route: the business is not onboarded to it \(\(#134102\)/,
				),
			}),
		]);
	});
});

/** A loopback server standing in for a file store: keeps each multipart upload posted to it. */
async function startFileStore() {
	const received: MultipartBody[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push(
				parseMultipart(
					Buffer.concat(chunks),
					boundaryOf(String(req.headers['content-type'])) ?? '',
				),
			);
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"stored":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/files`,
		received,
		async waitFor(count: number, timeoutMs = 30_000) {
			const deadline = Date.now() + timeoutMs;
			while (received.length < count) {
				if (Date.now() > deadline)
					throw new Error(`expected ${count} files, got ${received.length}`);
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			return received;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** Uploads a file to the sandbox as Meta's media endpoint takes it, as a phone would have sent it. */
async function uploadToSandbox(data: Buffer, mimeType: string, fileName: string): Promise<string> {
	const form = new FormData();
	form.append('messaging_product', 'whatsapp');
	form.append('type', mimeType);
	form.append('file', new Blob([data], { type: mimeType }), fileName);
	const { sandboxUrl, accessToken, phoneNumberId } = e2eEnvironment();
	const answer = await axios.post<{ id: string }>(
		`${sandboxUrl}/v25.0/${phoneNumberId}/media`,
		form,
		{ headers: { Authorization: `Bearer ${accessToken}` } },
	);
	return answer.data.id;
}

function inboundImage(mediaId: string) {
	return messagesWebhook({
		contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }],
		messages: [
			{
				from: '16505551234',
				id: `wamid.IMAGE${Date.now()}`,
				timestamp: String(Math.floor(Date.now() / 1000)),
				type: 'image',
				image: { caption: 'My receipt', mime_type: 'image/png', sha256: 'abc', id: mediaId },
			},
		],
	});
}

const PNG = Buffer.from(
	'89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e2b2d2330000000049454e44ae426082',
	'hex',
);

function node(
	name: string,
	type: string,
	typeVersion: number,
	parameters: INodeParameters,
	x: number,
	extra: Partial<INode> = {},
): INode {
	return { id: randomUUID(), name, type, typeVersion, position: [x, 0], parameters, ...extra };
}

describe('the Media resource, in a real n8n against the sandbox', () => {
	it('WhatsApp Trigger (inbound image) → Download → a file with the right type and name', async () => {
		const store = await startFileStore();
		try {
			const webhookId = `e2e-media-${randomUUID()}`;
			const { webhookCredential, cloudCredential } = e2eEnvironment();
			const workflow: N8nWorkflow = {
				id: randomUUID().replace(/-/g, '').slice(0, 16),
				name: `e2e trigger → download ${webhookId}`,
				nodes: [
					node(
						'WhatsApp Trigger',
						'n8n-nodes-whatsapp-reference.whatsAppTrigger',
						1,
						{ registration: 'manual', events: ['messages'] },
						0,
						{
							webhookId,
							credentials: { whatsAppWebhookApi: webhookCredential },
						},
					),
					node(
						'Download',
						SEND_NODE,
						1,
						{ resource: 'media', operation: 'download', mediaId: '={{ $json.mediaId }}' },
						220,
						{
							credentials: { whatsAppCloudApi: cloudCredential },
						},
					),
					node(
						'To File Store',
						'n8n-nodes-base.httpRequest',
						4.2,
						{
							method: 'POST',
							url: store.url,
							sendBody: true,
							contentType: 'multipart-form-data',
							bodyParameters: {
								parameters: [
									{ parameterType: 'formBinaryData', name: 'file', inputDataFieldName: 'data' },
									{
										parameterType: 'formData',
										name: 'meta',
										value: '={{ JSON.stringify($json) }}',
									},
								],
							},
						},
						440,
					),
				],
				connections: {
					'WhatsApp Trigger': { main: [[{ node: 'Download', type: 'main', index: 0 }]] },
					Download: { main: [[{ node: 'To File Store', type: 'main', index: 0 }]] },
				} as N8nWorkflow['connections'],
			};
			await deploy(client, workflow);
			const mediaId = await uploadToSandbox(PNG, 'image/png', 'receipt.png');
			await sandboxAdmin.configure({ callbackUrl: triggerUrl(webhookId) });

			expect((await sandboxAdmin.sendWebhook(inboundImage(mediaId))).status).toBe(200);

			const [stored] = await store.waitFor(1);
			expect(stored.files).toEqual([
				{ field: 'file', filename: `${mediaId}.png`, contentType: 'image/png', data: PNG },
			]);
			expect(JSON.parse(stored.fields.meta)).toEqual({
				mediaId,
				mimeType: 'image/png',
				fileName: `${mediaId}.png`,
				fileSize: PNG.length,
				sha256: expect.any(String),
			});
			const paths = (await sandboxAdmin.requests()).map(
				(request) => `${request.method} ${request.path}`,
			);
			expect(paths).toEqual(
				expect.arrayContaining([`GET /v25.0/${mediaId}`, 'GET /whatsapp_business/attachments/']),
			);
		} finally {
			await store.close();
		}
	});

	it('uploads a binary field and answers with the media ID; refuses a type or size Meta does not take, before any request', async () => {
		const convert = (mimeType: string, fileName: string) => ({
			prepare: {
				type: 'n8n-nodes-base.convertToFile',
				typeVersion: 1.1,
				parameters: {
					operation: 'toBinary',
					sourceProperty: 'base64',
					binaryPropertyName: 'data',
					options: { fileName, mimeType },
				},
			},
		});
		const upload = { resource: 'media', operation: 'upload', binaryPropertyName: 'data' };
		const ok = await run(
			upload,
			[{ base64: PNG.toString('base64') }],
			convert('image/png', 'receipt.png'),
		);
		expect(ok.status).toBe(200);
		const [request] = await sandboxAdmin.requests();
		expect(request.path).toBe(`/v25.0/${e2eEnvironment().phoneNumberId}/media`);
		const mediaId = (request.response as { id: string }).id;
		expect(ok.data).toEqual([
			{
				mediaId,
				mimeType: 'image/png',
				fileName: 'receipt.png',
				fileSize: PNG.length,
				response: { id: mediaId },
			},
		]);

		await sandboxAdmin.reset();
		const gif = await run(
			upload,
			[{ base64: PNG.toString('base64') }],
			convert('image/gif', 'cat.gif'),
		);
		expect(gif.status).toBe(500);
		expect(await failureOf(gif.workflowId)).toMatch(
			/^NodeOperationError: "cat\.gif" \(image\/gif\) is not a media type WhatsApp takes\. .* \[item 0\]$/,
		);
		const big = await run(
			upload,
			[{ base64: Buffer.alloc(5 * 1024 * 1024 + 1).toString('base64') }],
			convert('image/jpeg', 'huge.jpg'),
		);
		expect(big.status).toBe(500);
		expect(await failureOf(big.workflowId)).toContain(
			'"huge.jpg" (image/jpeg) is 5 MB (5242881 bytes); Meta\'s limit for images (image/jpeg) is 5 MB (5242880 bytes).',
		);
		expect((await sandboxAdmin.requests()).filter((r) => r.path.endsWith('/media'))).toHaveLength(
			0,
		);
	});

	it("deletes media by ID; an unknown ID comes out with Meta's error under Continue On Fail", async () => {
		const mediaId = await uploadToSandbox(PNG, 'image/png', 'a.png');
		const deleted = await run(
			{ resource: 'media', operation: 'delete', mediaId: '={{ $json.id }}' },
			[{ id: mediaId }, { id: '999000111' }],
			{ continueOnFail: true },
		);

		expect(deleted.status).toBe(200);
		const [first, second] = deleted.data as Item[];
		expect(first).toEqual({ mediaId, deleted: true, response: { success: true } });
		expect(second).toEqual({
			mediaId: '999000111',
			error: expect.objectContaining({
				code: 100,
				httpStatus: 400,
				message: expect.stringMatching(/Object with ID '999000111' does not exist/),
			}),
		});
		const after = await axios.get(`${e2eEnvironment().sandboxUrl}/v25.0/${mediaId}`, {
			headers: { Authorization: `Bearer ${e2eEnvironment().accessToken}` },
			validateStatus: () => true,
		});
		expect(after.status).toBe(400);
	});
});

describe('Send and Wait for Response, in a real n8n against the sandbox', () => {
	let collector: Collector;

	beforeAll(async () => {
		collector = await startCollector();
	});

	afterAll(async () => {
		await collector.close();
	});

	beforeEach(() => collector.clear());

	/** Webhook (answers at once) → WhatsApp Send, Send and Wait → HTTP Request posting the answer to the collector. */
	const workflowOfPath = new Map<string, string>();
	async function waitingWorkflow(sendParameters: INodeParameters): Promise<string> {
		const path = `send-and-wait-${++pathCounter}-${Date.now()}`;
		const { cloudCredential, phoneNumberId } = e2eEnvironment();
		const workflowId = await deploy(client, {
			id: randomUUID().replace(/-/g, '').slice(0, 16),
			name: `e2e send and wait ${path}`,
			nodes: [
				node(
					'Webhook',
					'n8n-nodes-base.webhook',
					2,
					{ path, httpMethod: 'POST', responseMode: 'onReceived' },
					0,
					{ webhookId: randomUUID() },
				),
				node(
					'Ask',
					SEND_NODE,
					1,
					{
						resource: 'message',
						operation: 'sendAndWait',
						phoneNumberId: { __rl: true, mode: 'id', value: phoneNumberId },
						to: '={{ $json.body.to }}',
						referenceId: '={{ $json.body.ref }}',
						message: 'Refund order 10045 for $12.50?',
						...sendParameters,
					},
					220,
					{ credentials: { whatsAppCloudApi: cloudCredential } },
				),
				node(
					'To CRM',
					'n8n-nodes-base.httpRequest',
					4.2,
					{
						method: 'POST',
						url: collector.url,
						sendBody: true,
						specifyBody: 'json',
						jsonBody: '={{ JSON.stringify($json) }}',
					},
					440,
				),
			],
			connections: {
				Webhook: { main: [[{ node: 'Ask', type: 'main', index: 0 }]] },
				Ask: { main: [[{ node: 'To CRM', type: 'main', index: 0 }]] },
			} as N8nWorkflow['connections'],
		});
		workflowOfPath.set(path, workflowId);
		return path;
	}

	/** Starts a run and resolves with the message the sandbox received. */
	async function ask(path: string, to: string, ref: string): Promise<RecordedRequest> {
		await axios.post(`${e2eEnvironment().n8nUrl}/webhook/${path}`, { to, ref });
		const deadline = Date.now() + 30_000;
		let message: RecordedRequest | undefined;
		while (Date.now() < deadline) {
			[message] = await sends();
			// n8n answers 409 to a link of a run that has sent its question but not yet stored itself as
			// waiting: a person is never that quick, a test is.
			if (message && (await isWaiting(workflowOfPath.get(path) ?? ''))) return message;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		throw new Error(
			message
				? 'the question was sent, but the run never stored itself as waiting'
				: `the question never reached the sandbox: ${await failureOf(workflowOfPath.get(path) ?? '')}`,
		);
	}

	const isWaiting = async (workflowId: string) =>
		(await executionsOf(client, workflowId)).some((run) => run.status === 'waiting');

	const linksIn = (text: string) => [...text.matchAll(/^(http\S+)$/gm)].map((match) => match[1]);
	const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

	it('approve: the link shows a page, only its button answers; the answer carries messageId, Reference ID and recipient', async () => {
		const path = await waitingWorkflow({
			responseType: 'approval',
			approvalOptions: { values: { approvalType: 'double' } },
		});
		const question = await ask(path, '+16505551234', 'refund-10045');

		const body = question.body as {
			type: string;
			text: { body: string };
			biz_opaque_callback_data: string;
		};
		expect(body).toMatchObject({
			type: 'text',
			to: '16505551234',
			biz_opaque_callback_data: 'refund-10045',
		});
		expect(body.text.body).toMatch(
			/^Refund order 10045 for \$12\.50\?\n\n\*✓ Approve\*\nhttp.*\n\n\*✗ Decline\*\nhttp/,
		);
		const [approve, decline] = linksIn(body.text.body);
		expect(approve).toMatch(
			new RegExp(
				`^${e2eEnvironment().n8nUrl}/webhook-waiting/\\d+/[\\w-]+\\?approved=true&signature=[0-9a-f]{64}$`,
			),
		);
		expect(decline).toMatch(/approved=false&signature=/);

		const page = await axios.get<string>(approve, { validateStatus: () => true });
		expect(page.status).toBe(200);
		expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
		expect(page.data).toContain(
			'<form method="post"><button type="submit">✓ Approve</button></form>',
		);
		await settle();
		expect(collector.received).toHaveLength(0);

		const forged = await axios.post(
			approve.replace(/signature=[0-9a-f]{4}/, 'signature=0000'),
			'',
			{ validateStatus: () => true },
		);
		expect(forged.status).toBe(401);

		const answered = await axios.post<string>(approve, '', { validateStatus: () => true });
		expect(answered.status).toBe(200);
		expect(answered.data).toContain('Got it, thanks');
		const [item] = await collector.waitFor(1);
		const wamid = (question.response as { messages: Array<{ id: string }> }).messages[0].id;
		expect(item).toEqual({
			data: { approved: true, respondedAt: expect.any(String) },
			messageId: wamid,
			referenceId: 'refund-10045',
			to: '16505551234',
		});

		// Once the run has finished, a second answer changes nothing (n8n's "no action required" page).
		const workflowId = workflowOfPath.get(path) ?? '';
		for (
			let tries = 0;
			(await executionsOf(client, workflowId)).some((run) => run.status !== 'success') &&
			tries < 100;
			tries++
		) {
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		const again = await axios.post<string>(decline, '', { validateStatus: () => true });
		expect(again.status).toBe(200);
		await settle();
		expect(collector.received).toHaveLength(1);
	});

	it('decline, through the second link', async () => {
		const path = await waitingWorkflow({
			approvalOptions: {
				values: { approvalType: 'double', approveLabel: 'Yes', disapproveLabel: 'No' },
			},
		});
		const question = await ask(path, '+16505551235', 'refund-2');
		const [, decline] = linksIn((question.body as { text: { body: string } }).text.body);
		expect((question.body as { text: { body: string } }).text.body).toContain('*No*');

		await axios.post(decline, '');
		const [item] = await collector.waitFor(1);
		expect(item).toMatchObject({
			data: { approved: false },
			referenceId: 'refund-2',
			to: '16505551235',
		});
	});

	it('free text: the link opens a form; the text submitted resumes the run', async () => {
		const path = await waitingWorkflow({
			responseType: 'freeText',
			waitOptions: { messageButtonLabel: 'Answer here', responseFormTitle: 'Why?' },
		});
		const question = await ask(path, '+16505551236', 'survey-1');
		const text = (question.body as { text: { body: string } }).text.body;
		expect(text).toContain('*Answer here*');
		const [link] = linksIn(text);

		const form = await axios.get<string>(link);
		expect(form.data).toContain('<h1>Why?</h1>');
		expect(form.data).toContain('<textarea name="response"');
		const empty = await axios.post(link, 'response=', {
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			validateStatus: () => true,
		});
		expect(empty.status).toBe(400);
		await axios.post(
			link,
			new URLSearchParams({ response: 'The parcel arrived broken' }).toString(),
			{
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
			},
		);
		const [item] = await collector.waitFor(1);
		expect(item).toMatchObject({
			data: { text: 'The parcel arrived broken', respondedAt: expect.any(String) },
			referenceId: 'survey-1',
		});
	});

	it('reply buttons: a tap comes back through WhatsApp Trigger, whose workflow posts to the button ID', async () => {
		const path = await waitingWorkflow({
			answerWith: 'buttons',
			approvalOptions: { values: { approvalType: 'double' } },
		});
		const question = await ask(path, '+16505551237', 'refund-3');
		const interactive = (
			question.body as {
				interactive: {
					type: string;
					body: { text: string };
					action: { buttons: Array<{ reply: { id: string; title: string } }> };
				};
			}
		).interactive;
		expect(interactive.type).toBe('button');
		expect(interactive.body.text).toBe('Refund order 10045 for $12.50?');
		expect(interactive.action.buttons.map((button) => button.reply.title)).toEqual([
			'✓ Approve',
			'✗ Decline',
		]);

		// The route back: WhatsApp Trigger (inbound messages) → HTTP Request POST to the tapped button's ID.
		const webhookId = `e2e-route-back-${randomUUID()}`;
		await deploy(client, {
			id: randomUUID().replace(/-/g, '').slice(0, 16),
			name: `e2e route back ${webhookId}`,
			nodes: [
				node(
					'WhatsApp Trigger',
					'n8n-nodes-whatsapp-reference.whatsAppTrigger',
					1.2,
					{ registration: 'manual', events: ['messages'] },
					0,
					{
						webhookId,
						credentials: { whatsAppWebhookApi: e2eEnvironment().webhookCredential },
					},
				),
				// The e2e n8n runs one production execution at a time (N8N_CONCURRENCY_PRODUCTION_LIMIT=1, for the demo):
				// the resumed run waits for this one to end, so this one must not wait for its answer.
				node(
					'Answer',
					'n8n-nodes-base.httpRequest',
					4.2,
					{
						method: 'POST',
						url: '={{ $json.replyId }}',
						options: { timeout: 1000 },
					},
					220,
					{
						onError: 'continueRegularOutput',
					},
				),
			],
			connections: {
				'WhatsApp Trigger': { main: [[{ node: 'Answer', type: 'main', index: 0 }]] },
			} as N8nWorkflow['connections'],
		});
		await sandboxAdmin.configure({ callbackUrl: triggerUrl(webhookId) });
		const declined = interactive.action.buttons[1].reply;
		const tap = JSON.parse(
			readFileSync(join(__dirname, '../fixtures/webhooks/inbound_button_reply_meta.json'), 'utf8'),
		) as {
			entry: Array<{ changes: Array<{ value: { messages: Array<Record<string, unknown>> } }> }>;
		};
		const inbound = tap.entry[0].changes[0].value.messages[0];
		inbound.interactive = {
			type: 'button_reply',
			button_reply: { id: declined.id, title: declined.title },
		};
		inbound.context = {
			from: '15550783881',
			id: (question.response as { messages: Array<{ id: string }> }).messages[0].id,
		};
		expect((await sandboxAdmin.sendWebhook(tap)).status).toBe(200);

		const [item] = await collector.waitFor(1);
		expect(item).toMatchObject({
			data: { approved: false },
			referenceId: 'refund-3',
			to: '16505551237',
		});
	});

	it('goes on without an answer when the time limit passes', async () => {
		const path = await waitingWorkflow({
			waitOptions: {
				limitWaitTime: {
					values: { limitType: 'afterTimeInterval', resumeAmount: 0.01, resumeUnit: 'minutes' },
				},
			},
		});
		await ask(path, '+16505551238', 'late-1');

		// n8n's wait tracker looks for due executions once a minute.
		const [item] = await collector.waitFor(1, 150_000);
		expect(item).toMatchObject({ body: { to: '+16505551238', ref: 'late-1' } });
		expect(item.data).toBeUndefined();
	}, 180_000);
});
