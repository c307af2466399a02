/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import axios from 'axios';
import { createHmac, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INodeParameters } from 'n8n-workflow';
import type { N8nWorkflow } from '../../scripts/n8n-cli';
import type { N8nRestClient } from '../../scripts/n8n-rest-client';
import { type Collector, startCollector } from './support/collector';
import { e2eEnvironment } from './support/environment';
import { sandboxAdmin } from './support/sandbox-admin';
import {
	deploy,
	executionsOf,
	ownerClient,
	sendWorkflow,
	triggerUrl,
	triggerWorkflow,
} from './support/workflows';
import { messagesWebhook } from './support/webhook-bodies';

/**
 * The bad-input matrix in a real n8n: what a user sees for each bad value, proven where n8n itself
 * takes part (expressions, credentials, n8n's request helper and body parser). The rules behind
 * each message are unit-tested in test/unit/*-bad-input.test.ts.
 */

jest.setTimeout(180_000);

type Item = Record<string, unknown>;

let client: N8nRestClient;
let collector: Collector;
let pathCounter = 0;
/** Every signature sent in this file, to check none of them is logged or stored. */
const signaturesSent: string[] = [];
/** The workflows this file deployed, whose executions must hold no secret. */
const workflowsDeployed: string[] = [];

async function deployHere(workflow: N8nWorkflow): Promise<string> {
	const id = await deploy(client, workflow);
	workflowsDeployed.push(id);
	return id;
}

function signature(body: Buffer | string, secret = e2eEnvironment().appSecret): string {
	const value = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
	signaturesSent.push(value.slice(7));
	return value;
}

async function sendThrough(
	parameters: INodeParameters,
	items: Item[],
	options: { continueOnFail?: boolean; credential?: { id: string; name: string } } = {},
) {
	const path = `bad-${++pathCounter}-${Date.now()}`;
	const workflow = sendWorkflow(path, parameters, options);
	if (options.credential) workflow.nodes[2].credentials = { whatsAppCloudApi: options.credential };
	const workflowId = await deployHere(workflow);
	const response = await axios.post<Item[] | Item>(
		`${e2eEnvironment().n8nUrl}/webhook/${path}`,
		{ items },
		{ validateStatus: () => true, timeout: 150_000 },
	);
	return Object.assign(response, { workflowId });
}

async function recordedRun(workflowId: string): Promise<string> {
	const [execution] = await executionsOf(client, workflowId);
	return JSON.stringify(execution);
}

async function cloudCredential(
	name: string,
	data: Record<string, unknown>,
): Promise<{ id: string; name: string }> {
	const credential = await client.createCredential({
		name,
		type: 'whatsAppCloudApi',
		data: { accessToken: e2eEnvironment().accessToken, apiVersion: 'v25.0', ...data },
	});
	return { id: credential.id, name };
}

const messageRequests = async () =>
	(await sandboxAdmin.requests()).filter((request) => request.path.endsWith('/messages'));
const fromItem = { to: '={{ $json.to }}', referenceId: '={{ $json.referenceId }}' };

beforeAll(async () => {
	client = await ownerClient();
	collector = await startCollector();
});

afterAll(async () => {
	await collector.close();
});

beforeEach(async () => {
	await sandboxAdmin.reset();
	collector.clear();
});

describe('WhatsApp Send: bad values from expressions, one error item each, naming the fix', () => {
	it('refuses bad recipients and Reference IDs per item, and sends the good ones once', async () => {
		const items: Item[] = [
			{ to: '+1 (650) 555-0001', referenceId: 'ok-1' },
			{ to: '', referenceId: 'no-recipient' },
			{ to: 'call me maybe', referenceId: 'not-a-number' },
			{ to: '+16505550004', referenceId: 'é'.repeat(257) },
			{ to: '+16505550005', referenceId: { contactId: 42, campaign: 'spring' } },
			{ to: '+16505550006', referenceId: 42 },
			{ to: '+16505550007', referenceId: '😀'.repeat(128) },
		];

		const response = await sendThrough({ ...fromItem, operation: 'text', text: 'Hi' }, items, {
			continueOnFail: true,
		});

		expect(response.status).toBe(200);
		const output = response.data as Item[];
		expect(output).toHaveLength(items.length);
		expect(output[0]).toMatchObject({ referenceId: 'ok-1', messageId: expect.any(String) });
		expect(output[1]).toMatchObject({
			error: {
				message:
					'The recipient is empty. Enter a phone number in international format, such as +16505551234. [item 1]',
			},
		});
		expect(output[2]).toMatchObject({
			error: {
				message: expect.stringMatching(
					/"call me maybe" is not a phone number in international format.*\[item 2\]/,
				),
			},
		});
		expect(output[3]).toMatchObject({
			error: {
				message: expect.stringMatching(
					/The Reference ID is 514 bytes long; the limit is 512.*\[item 3\]/,
				),
			},
		});
		expect(output[4]).toMatchObject({
			referenceId: '{"contactId":42,"campaign":"spring"}',
			messageId: expect.any(String),
		});
		expect(output[5]).toMatchObject({ referenceId: '42', messageId: expect.any(String) });
		expect(output[6]).toMatchObject({
			referenceId: '😀'.repeat(128),
			messageId: expect.any(String),
		});
		const sent = (await messageRequests()).map(
			(request) => (request.body as Item).biz_opaque_callback_data,
		);
		expect(sent.sort()).toEqual(
			['42', 'ok-1', '{"contactId":42,"campaign":"spring"}', '😀'.repeat(128)].sort(),
		);
	});

	it('refuses malformed template names and languages, and a media link that is not http(s), before any request', async () => {
		const template = await sendThrough(
			{
				...fromItem,
				operation: 'template',
				templateName: { __rl: true, mode: 'name', value: '={{ $json.template }}' },
				templateLanguage: { __rl: true, mode: 'code', value: '={{ $json.language }}' },
			},
			[
				{ to: '+16505550001', referenceId: 'a', template: 'Order Update', language: 'en_US' },
				{ to: '+16505550002', referenceId: 'b', template: 'order_update', language: 'English' },
				{ to: '+16505550003', referenceId: 'c', template: '', language: 'en_US' },
			],
			{ continueOnFail: true },
		);
		const [name, language, empty] = template.data as Item[];
		expect(name).toMatchObject({
			error: {
				message: expect.stringMatching(
					/Template "Order Update" is not a template name.*order_update/,
				),
			},
		});
		expect(language).toMatchObject({
			error: {
				message: expect.stringMatching(/Language "English" is not a template language code.*en_US/),
			},
		});
		expect(empty).toMatchObject({
			error: {
				message: expect.stringMatching(/Template is empty. Pick a template or enter its name/),
			},
		});

		const media = await sendThrough(
			{
				...fromItem,
				operation: 'media',
				mediaType: 'image',
				mediaSource: 'link',
				mediaLink: '={{ $json.link }}',
			},
			[{ to: '+16505550001', referenceId: 'm', link: 'ftp://example.com/a.png' }],
			{ continueOnFail: true },
		);
		expect((media.data as Item[])[0]).toMatchObject({
			error: {
				message: expect.stringMatching(
					/Media Link "ftp:\/\/example.com\/a.png" is not an http\(s\) link/,
				),
			},
		});
		expect(await messageRequests()).toHaveLength(0);
	});

	it('names the missing binary field of an item, and sends nothing for it', async () => {
		const response = await sendThrough(
			{
				...fromItem,
				operation: 'media',
				mediaType: 'document',
				mediaSource: 'binary',
				binaryPropertyName: 'invoice',
			},
			[{ to: '+16505550001', referenceId: 'no-file' }],
			{ continueOnFail: true },
		);
		expect((response.data as Item[])[0]).toMatchObject({
			referenceId: 'no-file',
			error: {
				message: expect.stringMatching(
					/binary file 'invoice', but none was found|no binary field 'invoice'/,
				),
			},
		});
		expect(await sandboxAdmin.requests()).toHaveLength(0);
	});
});

describe('WhatsApp Send: credential Base URL and API Version', () => {
	it('takes a Base URL with a trailing slash and an API Version without v', async () => {
		const credential = await cloudCredential('Trailing slash, 25.0', {
			baseUrl: `${e2eEnvironment().sandboxUrl}/`,
			apiVersion: '25.0',
		});
		const response = await sendThrough(
			{ ...fromItem, operation: 'text', text: 'Hi' },
			[{ to: '+16505550001', referenceId: 'slash' }],
			{ credential },
		);
		expect(response.status).toBe(200);
		const [request] = await messageRequests();
		expect(request.path).toBe(`/v25.0/${e2eEnvironment().phoneNumberId}/messages`);
	});

	it.each([
		[
			'a Base URL that ends in the version',
			{ baseUrl: `${'SANDBOX'}/v25.0` },
			/Base URL .* ends in an API version. Enter it without it, such as http:\/\/127.0.0.1:\d+: the version goes in API Version/,
		],
		[
			'an API Version that is no version',
			{ baseUrl: 'SANDBOX', apiVersion: 'v25' },
			/API Version .{1,8}v25.{1,8} is not a Graph API version. Use a value such as v25\.0/,
		],
	])('stops the run on %s, naming the fix, before any request', async (label, data, message) => {
		const credential = await cloudCredential(`Bad: ${label}`, {
			...data,
			baseUrl: data.baseUrl.replace('SANDBOX', e2eEnvironment().sandboxUrl),
		});
		const response = await sendThrough(
			{ ...fromItem, operation: 'text', text: 'Hi' },
			[{ to: '+16505550001', referenceId: 'x' }],
			{ credential, continueOnFail: true },
		);
		expect(response.status).toBe(500);
		expect(await recordedRun(response.workflowId)).toMatch(message);
		expect(await sandboxAdmin.requests()).toHaveLength(0);
	});
});

describe('WhatsApp Send: answers that are not Meta’s JSON', () => {
	let fake: http.Server;
	let fakeUrl: string;

	beforeAll(async () => {
		// Where a wrong Base URL leads: a web page that answers 200 with HTML, or 200 with nothing.
		fake = http.createServer((request, response) => {
			request.resume();
			request.on('end', () => {
				if (request.url?.startsWith('/html/'))
					response
						.writeHead(200, { 'content-type': 'text/html' })
						.end('<!doctype html><html><body>Sign in to continue</body></html>');
				else response.writeHead(200).end();
			});
		});
		await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
		fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await new Promise<void>((resolve) => fake.close(() => resolve()));
	});

	it.each([
		[
			'an HTML page with 200',
			'html',
			/HTTP 200 with a body that is not Meta's JSON: "<!doctype html><html><body>Sign in to continue/,
		],
		['an empty 200', 'empty', /HTTP 200 with an empty body/],
	])('%s is an error item naming the Base URL, not a success', async (_case, path, message) => {
		const credential = await cloudCredential(`Fake ${path}`, { baseUrl: `${fakeUrl}/${path}` });
		const response = await sendThrough(
			{ ...fromItem, operation: 'text', text: 'Hi' },
			[{ to: '+16505550001', referenceId: 'html' }],
			{ credential, continueOnFail: true },
		);
		expect(response.status).toBe(200);
		expect((response.data as Item[])[0]).toEqual({
			referenceId: 'html',
			to: '16505550001',
			error: expect.objectContaining({
				message: expect.stringMatching(message),
				details: expect.stringMatching(/Base URL/),
				httpStatus: 200,
			}),
		});
	});

	it("a proxy's HTML error page (502) is retried, then reported with its first words", async () => {
		await sandboxAdmin.configure({ failNextRequests: { count: 10, status: 502, html: true } });
		const response = await sendThrough(
			{ ...fromItem, operation: 'text', text: 'Hi', sendingOptions: { maxRetries: 2 } },
			[{ to: '+16505550001', referenceId: 'proxy' }],
			{ continueOnFail: true },
		);
		expect((response.data as Item[])[0]).toMatchObject({
			error: {
				httpStatus: 502,
				message: expect.stringMatching(/HTTP 502 with a body that is not Meta's JSON: "</),
			},
		});
		expect(await messageRequests()).toHaveLength(3);
	});
});

describe('WhatsApp Send: the token expires mid-run (190)', () => {
	it('sent items succeed; every later one fails once with the fix; nothing is sent twice', async () => {
		await sandboxAdmin.configure({ latencyMs: 150 });
		const items = Array.from({ length: 12 }, (_, index) => ({
			to: `+1650555${String(2000 + index)}`,
			referenceId: `expiry-${index}`,
		}));
		const run = sendThrough(
			{
				...fromItem,
				operation: 'text',
				text: 'Hi',
				sendingOptions: { maxConcurrency: 1, messagesPerSecond: 0 },
			},
			items,
			{ continueOnFail: true },
		);
		while ((await sandboxAdmin.messages()).length < 3)
			await new Promise((resolve) => setTimeout(resolve, 20));
		await sandboxAdmin.configure({ accessToken: 'rotated-by-the-admin' });
		const response = await run;

		const output = response.data as Item[];
		expect(output).toHaveLength(12);
		const succeeded = output.filter((item) => typeof item.messageId === 'string');
		const failed = output.filter((item) => item.error !== undefined);
		expect(succeeded.length).toBeGreaterThanOrEqual(3);
		expect(succeeded.length + failed.length).toBe(12);
		for (const item of failed) {
			expect(item.error).toMatchObject({
				code: 190,
				httpStatus: 401,
				hint: expect.stringMatching(/update the WhatsApp Cloud API credential/),
			});
		}
		const accepted = (await sandboxAdmin.messages()).map((message) => message.referenceId);
		expect(accepted.sort()).toEqual(succeeded.map((item) => item.referenceId).sort());
		const refused = (await messageRequests()).filter((request) => request.status === 401);
		expect(refused).toHaveLength(failed.length);
	});
});

describe('WhatsApp Trigger: bodies that are empty, not JSON, of the wrong shape, huge or deep', () => {
	const webhookId = `e2e-bad-trigger-${randomUUID()}`;
	const post = (body: Buffer | string, headers: Record<string, string> = {}) =>
		axios.post(triggerUrl(webhookId), body, {
			headers: {
				'content-type': 'application/json',
				'x-hub-signature-256': signature(body),
				...headers,
			},
			validateStatus: () => true,
			transformRequest: (data) => data,
			maxBodyLength: Infinity,
			timeout: 60_000,
		});
	const status = (index: number, extra: Item = {}) => ({
		id: `wamid.E2EBAD${index}`,
		status: 'delivered',
		timestamp: String(1750030000 + index),
		recipient_id: '16505551234',
		biz_opaque_callback_data: `crm-${index}`,
		...extra,
	});
	const envelope = (statuses: unknown[], extra: Item = {}) => ({
		...messagesWebhook({ statuses }),
		...extra,
	});

	beforeAll(async () => {
		await deployHere(triggerWorkflow(webhookId, collector.url));
	});

	it('answers an empty body 400, and n8n itself answers 422 to a JSON body that does not parse', async () => {
		expect((await post('')).status).toBe(400);
		const garbage = await post('{"object":');
		expect(garbage.status).toBe(422);
		expect(JSON.stringify(garbage.data)).not.toContain(e2eEnvironment().appSecret);
		const asText = await post('not json', { 'content-type': 'text/plain' });
		expect({ status: asText.status, data: asText.data }).toEqual({
			status: 400,
			data: 'Body is not valid JSON',
		});
	});

	it.each([
		['no entry', { object: 'whatsapp_business_account' }, 'entry is not an array'],
		[
			'changes not an array',
			{ object: 'whatsapp_business_account', entry: [{ id: '1', changes: 'x' }] },
			'entry[0].changes is not an array',
		],
		[
			'statuses not an array',
			envelope({ id: 'w' } as unknown as unknown[]),
			'entry[0].changes[0].value.statuses is not an array',
		],
		[
			'a status without id',
			envelope([{ status: 'sent' }]),
			'entry[0].changes[0].value.statuses[0] needs a string id and status',
		],
	])(
		'answers a body with %s 400 and the reason, and starts nothing',
		async (_case, body, reason) => {
			const response = await post(JSON.stringify(body));
			expect({ status: response.status, data: response.data }).toEqual({
				status: 400,
				data: reason,
			});
		},
	);

	it("takes Meta's largest batch, 1,000 statuses in 3 MB, and emits 1,000 items", async () => {
		const padding = 'p'.repeat(2900);
		const body = JSON.stringify(
			envelope(Array.from({ length: 1000 }, (_, index) => status(index, { pad: padding }))),
		);
		expect(body.length).toBeGreaterThan(3_000_000);
		const started = Date.now();
		const response = await post(body);
		expect(response.status).toBe(200);
		expect(Date.now() - started).toBeLessThan(10_000);
		const items = await collector.waitFor(1000, 120_000);
		expect(new Set(items.map((item) => item.referenceId)).size).toBe(1000);
	});

	it('refuses 10 MB with 413 (the node), and 20 MB is refused by n8n before the node runs', async () => {
		const ofSize = (bytes: number) =>
			JSON.stringify({ ...envelope([status(0)]), pad: 'x'.repeat(bytes) });
		const tenMegabytes = ofSize(10 * 1024 * 1024);
		const ten = await post(tenMegabytes);
		expect({ status: ten.status, data: ten.data }).toEqual({
			status: 413,
			data: `Body is ${Buffer.byteLength(tenMegabytes)} bytes; WhatsApp Trigger takes at most 8388608 (Meta sends at most 3 MB)`,
		});
		const twenty = await post(ofSize(20 * 1024 * 1024));
		// n8n 2.40 reads at most N8N_PAYLOAD_SIZE_MAX (16 MB) and answers 500 beyond it, before the node runs.
		expect(twenty.status).toBe(500);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(collector.received).toHaveLength(0);
		expect((await axios.get(`${e2eEnvironment().n8nUrl}/healthz`)).status).toBe(200);
	});

	it('refuses a body nested 20,000 levels deep with 400, and n8n stays up', async () => {
		const deep = `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"statuses":[{"id":"w","status":"sent","x":${'{"a":'.repeat(20000)}1${'}'.repeat(20000)}}]}}]}]}`;
		const response = await post(deep);
		expect({ status: response.status, data: response.data }).toEqual({
			status: 400,
			data: 'Body is nested deeper than 64 levels',
		});
		expect((await axios.get(`${e2eEnvironment().n8nUrl}/healthz`)).status).toBe(200);
	});

	it('passes unknown new fields through in raw; numeric and string timestamps both work', async () => {
		const body = JSON.stringify(
			envelope(
				[status(1, { brand_new_field: { nested: true } }), status(2, { timestamp: 1750030002 })],
				{ new_top_level_field: 1 },
			),
		);
		expect((await post(body)).status).toBe(200);
		const items = await collector.waitFor(2);
		const byId = Object.fromEntries(items.map((item) => [item.messageId, item]));
		expect(byId['wamid.E2EBAD1']).toMatchObject({
			timestamp: '2025-06-15T23:26:41.000Z',
			raw: { brand_new_field: { nested: true } },
		});
		expect(byId['wamid.E2EBAD2']).toMatchObject({
			timestamp: '2025-06-15T23:26:42.000Z',
			eventId: 'wamid.E2EBAD2:delivered:1750030002',
		});
	});

	it('reads the signature header in any case and with spaces around the value', async () => {
		const body = JSON.stringify(envelope([status(3)]));
		const response = await axios.post(triggerUrl(webhookId), body, {
			headers: {
				'Content-Type': 'application/json',
				'X-HUB-SIGNATURE-256': `   ${signature(body)}   `,
			},
			validateStatus: () => true,
			transformRequest: (data) => data,
		});
		expect(response.status).toBe(200);
		await collector.waitFor(1);
	});
});

describe('WhatsApp Trigger 1.1: Require Signature', () => {
	async function webhookCredential(name: string, data: Record<string, unknown>) {
		return {
			id: (await client.createCredential({ name, type: 'whatsAppWebhookApi', data })).id,
			name,
		};
	}

	function trigger(
		webhookId: string,
		credential: { id: string; name: string },
		typeVersion: number,
		parameters: INodeParameters = {},
	): N8nWorkflow {
		const workflow = triggerWorkflow(webhookId, collector.url, parameters);
		workflow.nodes[0].typeVersion = typeVersion;
		workflow.nodes[0].credentials = { whatsAppWebhookApi: credential };
		return workflow;
	}

	it('refuses to activate a new trigger whose credential has no app secret, naming the fix', async () => {
		const unsigned = await webhookCredential('Unsigned webhook', { verifyToken: 'v' });
		const created = await client.createWorkflow(
			trigger(`e2e-unsigned-${randomUUID()}`, unsigned, 1.1),
		);
		const failure = await client.activateWorkflow(created.id, created.versionId).then(
			() => undefined,
			(error: Error) => error,
		);
		expect(failure?.message).toMatch(
			/Require Signature is on, but the WhatsApp Webhook credential has no signing secret/,
		);
	});

	it('keeps a saved 1.0 trigger without an app secret working, and a 1.1 trigger checks signatures', async () => {
		const unsigned = await webhookCredential('Unsigned webhook 1.0', { verifyToken: 'v' });
		const oldId = `e2e-old-${randomUUID()}`;
		await deployHere(trigger(oldId, unsigned, 1));
		const body = JSON.stringify({
			object: 'whatsapp_business_account',
			entry: [
				{
					id: '1',
					changes: [
						{
							field: 'messages',
							value: { statuses: [{ id: 'wamid.OLD', status: 'sent', timestamp: '1' }] },
						},
					],
				},
			],
		});
		const old = await axios.post(triggerUrl(oldId), body, {
			headers: { 'content-type': 'application/json' },
			validateStatus: () => true,
			transformRequest: (data) => data,
		});
		expect(old.status).toBe(200);

		const newId = `e2e-new-${randomUUID()}`;
		await deployHere(trigger(newId, e2eEnvironment().webhookCredential, 1.1));
		const forged = await axios.post(triggerUrl(newId), body, {
			headers: { 'content-type': 'application/json' },
			validateStatus: () => true,
			transformRequest: (data) => data,
		});
		expect(forged.status).toBe(401);
		const genuine = await axios.post(triggerUrl(newId), body, {
			headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature(body) },
			validateStatus: () => true,
			transformRequest: (data) => data,
		});
		expect(genuine.status).toBe(200);
		const items = await collector.waitFor(2);
		expect(items.map((item) => item.messageId)).toEqual(['wamid.OLD', 'wamid.OLD']);
	});
});

describe('Nothing n8n logged or stored holds a secret', () => {
	it("n8n's log and this file's executions are free of the access token, app secret, verify token and the signatures sent", async () => {
		const { n8nLogFile, accessToken, appSecret, verifyToken } = e2eEnvironment();
		expect(n8nLogFile).toBeDefined();
		const log = await readFile(n8nLogFile!, 'utf8');
		const stored = (
			await Promise.all(workflowsDeployed.map(async (id) => await executionsOf(client, id)))
		)
			.flat()
			.map((execution) => JSON.stringify(execution));
		expect(stored.length).toBeGreaterThan(10);
		for (const secret of [
			accessToken,
			appSecret,
			verifyToken,
			'rotated-by-the-admin',
			...signaturesSent,
		]) {
			expect(log).not.toContain(secret);
			for (const execution of stored) expect(execution).not.toContain(secret);
		}
	});
});
