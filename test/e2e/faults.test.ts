/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import axios from 'axios';
import { createHmac, randomUUID } from 'node:crypto';
import net from 'node:net';
import type { INodeParameters } from 'n8n-workflow';
import type { N8nRestClient } from '../../scripts/n8n-rest-client';
import type { SentMessage } from '../../sandbox/state';
import { type Collector, startCollector } from './support/collector';
import { e2eEnvironment } from './support/environment';
import { sandboxAdmin } from './support/sandbox-admin';
import { type SwitchableProxy, startSwitchableProxy } from './support/switchable-proxy';
import { nodeOutputs } from './support/execution-data';
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
 * Faults from the sandbox (and a proxy in front of it) while a campaign runs in a real n8n.
 * Whatever happens, every input item ends as exactly one output item, a success or an error;
 * no message is accepted twice because the node retried; the trigger answers a burst at once.
 */

jest.setTimeout(240_000);

type Item = Record<string, unknown>;

let client: N8nRestClient;
let pathCounter = 0;

async function cloudCredential(
	name: string,
	baseUrl: string,
): Promise<{ id: string; name: string }> {
	const { id } = await client.createCredential({
		name,
		type: 'whatsAppCloudApi',
		data: { accessToken: e2eEnvironment().accessToken, baseUrl, apiVersion: 'v25.0' },
	});
	return { id, name };
}

/** Deploys Webhook → Split Out → WhatsApp Send (Continue On Fail) and starts a campaign; resolves with its output. */
async function campaign(
	sendingOptions: INodeParameters,
	count: number,
	options: { credential?: { id: string; name: string }; prefix?: string } = {},
) {
	const path = `faults-${++pathCounter}-${Date.now()}`;
	const workflow = sendWorkflow(
		path,
		{
			to: '={{ $json.to }}',
			referenceId: '={{ $json.referenceId }}',
			operation: 'text',
			text: 'Your order shipped',
			sendingOptions,
		},
		{ continueOnFail: true },
	);
	if (options.credential) workflow.nodes[2].credentials = { whatsAppCloudApi: options.credential };
	await deploy(client, workflow);
	const prefix = options.prefix ?? `c${pathCounter}`;
	const items = Array.from({ length: count }, (_, index) => ({
		to: `+4915112${String(100000 + index)}`,
		referenceId: `${prefix}-${index}`,
	}));
	const response = await axios.post<Item[]>(
		`${e2eEnvironment().n8nUrl}/webhook/${path}`,
		{ items },
		{ validateStatus: () => true, timeout: 220_000 },
	);
	return { status: response.status, output: response.data, items };
}

/** Exactly one output item per input item, in order, each a success or an error; returns both kinds. */
function oneEach(output: Item[], items: Item[]) {
	expect(output).toHaveLength(items.length);
	output.forEach((item, index) => {
		expect(item.referenceId).toBe(items[index].referenceId);
		const succeeded = typeof item.messageId === 'string';
		expect(succeeded).toBe(item.error === undefined);
	});
	return {
		succeeded: output
			.filter((item) => item.error === undefined)
			.map((item) => String(item.referenceId)),
		failed: output.filter((item) => item.error !== undefined),
	};
}

/** The references the sandbox accepted, checking none of them twice. */
async function acceptedOnce(prefix: string): Promise<string[]> {
	const accepted = (await sandboxAdmin.messages())
		.map((message: SentMessage) => String(message.referenceId))
		.filter((reference) => reference.startsWith(`${prefix}-`));
	expect(accepted.length).toBe(new Set(accepted).size);
	return accepted.sort();
}

async function waitForAccepted(count: number): Promise<void> {
	while ((await sandboxAdmin.messages()).length < count)
		await new Promise((resolve) => setTimeout(resolve, 10));
}

async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

beforeAll(async () => {
	client = await ownerClient();
});

beforeEach(async () => {
	await sandboxAdmin.reset();
});

describe('Meta down during a campaign', () => {
	let proxy: SwitchableProxy;
	let viaProxy: { id: string; name: string };

	beforeAll(async () => {
		proxy = await startSwitchableProxy(e2eEnvironment().sandboxUrl);
		viaProxy = await cloudCredential('Sandbox behind a switchable proxy', proxy.url);
	});

	afterAll(async () => {
		await proxy.close();
	});

	afterEach(async () => {
		await proxy.up();
	});

	it('connection refused for 1.5 s mid-campaign: retried, every message accepted exactly once', async () => {
		const run = campaign({ maxConcurrency: 4, messagesPerSecond: 20, maxRetries: 6 }, 40, {
			credential: viaProxy,
			prefix: 'outage',
		});
		await waitForAccepted(8);
		await proxy.down();
		const acceptedBefore = (await sandboxAdmin.messages()).length;
		await new Promise((resolve) => setTimeout(resolve, 1500));
		await proxy.up();
		const { status, output, items } = await run;

		expect(status).toBe(200);
		const { succeeded, failed } = oneEach(output, items);
		expect(failed).toEqual([]);
		expect(acceptedBefore).toBeLessThan(40);
		expect(await acceptedOnce('outage')).toEqual([...succeeded].sort());
	});

	it('an outage that outlasts the retries: sent items succeed, the rest fail as not sent, none twice', async () => {
		const run = campaign({ maxConcurrency: 2, messagesPerSecond: 20, maxRetries: 1 }, 20, {
			credential: viaProxy,
			prefix: 'down',
		});
		await waitForAccepted(5);
		await proxy.down();
		const { output, items } = await run;

		const { succeeded, failed } = oneEach(output, items);
		expect(succeeded.length).toBeGreaterThanOrEqual(5);
		expect(failed.length).toBeGreaterThan(0);
		for (const item of failed) {
			expect(item.error).toMatchObject({
				message: expect.stringMatching(/ECONNREFUSED/),
				details: 'The API could not be reached; the message was not sent.',
			});
		}
		expect(await acceptedOnce('down')).toEqual([...succeeded].sort());
	});

	it('a Base URL on a closed port: every item an error saying it was not sent', async () => {
		const credential = await cloudCredential(
			'Nothing listens here',
			`http://127.0.0.1:${await closedPort()}`,
		);
		const { output, items } = await campaign({ maxRetries: 1 }, 5, {
			credential,
			prefix: 'closed',
		});
		const { failed } = oneEach(output, items);
		expect(failed).toHaveLength(5);
		expect(failed[0].error).toMatchObject({
			details: 'The API could not be reached; the message was not sent.',
		});
		expect(await acceptedOnce('closed')).toEqual([]);
	});
});

describe('Meta answering 500 and 503 during a campaign', () => {
	it.each([
		['500 (131000)', { status: 500, html: false }],
		['503 (131016) with Retry-After', { status: 503, html: false, retryAfterSeconds: 1 }],
		['503 from a load balancer (HTML)', { status: 503, html: true }],
	])('%s for six requests: retried until each message is accepted once', async (_case, failure) => {
		const prefix = `e${String(failure.status)}${failure.html ? 'h' : ''}`;
		const run = campaign({ maxConcurrency: 3, messagesPerSecond: 30, maxRetries: 6 }, 30, {
			prefix,
		});
		await waitForAccepted(6);
		await sandboxAdmin.configure({ failNextRequests: { count: 6, ...failure } });
		const { output, items } = await run;

		const { succeeded, failed } = oneEach(output, items);
		expect(failed).toEqual([]);
		const refused = (await sandboxAdmin.requests()).filter(
			(request) => request.status === failure.status,
		);
		expect(refused).toHaveLength(6);
		expect(await acceptedOnce(prefix)).toEqual([...succeeded].sort());
	});

	it('a gateway timeout (504) after Meta accepted: not sent again, and the item says it may have gone out', async () => {
		// Paced, so that the run is still going when the failures are set, however busy the machine.
		const run = campaign({ maxConcurrency: 1, messagesPerSecond: 10, maxRetries: 5 }, 10, {
			prefix: 'gw',
		});
		await waitForAccepted(3);
		await sandboxAdmin.configure({
			failNextRequests: { count: 2, status: 504, html: true, afterAccepting: true },
		});
		const { output, items } = await run;

		const { succeeded, failed } = oneEach(output, items);
		expect(failed).toHaveLength(2);
		for (const item of failed)
			expect(item.error).toMatchObject({
				httpStatus: 504,
				details: expect.stringMatching(/may have accepted the message; it was not sent again/),
			});
		const accepted = await acceptedOnce('gw');
		// The two items behind the 504 were accepted by Meta all the same, once each.
		expect(accepted).toEqual(
			[...succeeded, ...failed.map((item) => String(item.referenceId))].sort(),
		);
	});
});

describe('Latency spikes', () => {
	it('1.5 s answers mid-campaign: slower, every message accepted once', async () => {
		const run = campaign({ maxConcurrency: 10, messagesPerSecond: 20 }, 30, { prefix: 'slow' });
		await waitForAccepted(5);
		await sandboxAdmin.configure({ latencyMs: 1500 });
		const { output, items } = await run;
		const { succeeded, failed } = oneEach(output, items);
		expect(failed).toEqual([]);
		expect(await acceptedOnce('slow')).toEqual([...succeeded].sort());
	});

	it('a spike past the request timeout: those items fail as "may have been accepted" and are not sent again', async () => {
		const run = campaign(
			{ maxConcurrency: 2, messagesPerSecond: 8, requestTimeout: 1000, maxRetries: 5 },
			12,
			{ prefix: 'spike' },
		);
		await waitForAccepted(4);
		await sandboxAdmin.configure({ latencyMs: 2500 });
		await new Promise((resolve) => setTimeout(resolve, 1200));
		await sandboxAdmin.configure({ latencyMs: 0 });
		const { output, items } = await run;

		const { succeeded, failed } = oneEach(output, items);
		expect(failed.length).toBeGreaterThan(0);
		for (const item of failed)
			expect(item.error).toMatchObject({
				details: expect.stringMatching(
					/may have accepted the message before the connection failed, so it was not sent again/,
				),
			});
		const accepted = await acceptedOnce('spike');
		// Timed-out items were accepted by the sandbox all the same: each once, never resent.
		expect(accepted).toEqual(items.map((item) => String(item.referenceId)).sort());
		expect(accepted).toEqual(expect.arrayContaining(succeeded));
	});
});

describe('130429 storms', () => {
	it('a number limited to 3 messages per second, 15 sent at once: all accepted once, after many 130429', async () => {
		await sandboxAdmin.configure({ messagesPerSecond: 3 });
		const { output, items } = await campaign(
			{ maxConcurrency: 15, messagesPerSecond: 0, maxRetries: 10 },
			15,
			{ prefix: 'storm' },
		);
		const { succeeded, failed } = oneEach(output, items);
		expect(failed).toEqual([]);
		const throttled = (await sandboxAdmin.requests()).filter(
			(request) => (request.response as { error?: { code?: number } }).error?.code === 130429,
		);
		expect(throttled.length).toBeGreaterThan(10);
		expect(await acceptedOnce('storm')).toEqual([...succeeded].sort());
	});
});

describe('WhatsApp Trigger under duplicates, reordering and a burst', () => {
	let collector: Collector;
	const webhookId = `e2e-faults-${randomUUID()}`;

	beforeAll(async () => {
		collector = await startCollector();
		await deploy(client, triggerWorkflow(webhookId, collector.url));
	});

	afterAll(async () => {
		await collector.close();
	});

	beforeEach(() => {
		collector.clear();
	});

	it('every webhook delivered twice and out of order: each status passes twice with one eventId, timestamps in true order', async () => {
		await sandboxAdmin.configure({
			callbackUrl: triggerUrl(webhookId),
			duplicateWebhooks: true,
			reorderWebhooks: true,
		});
		const { output, items } = await campaign({ messagesPerSecond: 0 }, 5, { prefix: 'dup' });
		oneEach(output, items);
		await sandboxAdmin.idle();
		const received = await collector.waitFor(30);

		// Every delivery ends answered 200; on a busy machine a slow answer brings a retry, as from Meta.
		const attempts = await sandboxAdmin.webhooks();
		const delivered = new Set(
			attempts.filter((attempt) => attempt.status === 200).map((attempt) => attempt.deliveryId),
		);
		expect(new Set(attempts.map((attempt) => attempt.deliveryId))).toEqual(delivered);
		const byEvent = new Map<string, Item[]>();
		for (const item of received)
			byEvent.set(String(item.eventId), [...(byEvent.get(String(item.eventId)) ?? []), item]);
		expect(byEvent.size).toBe(15);
		for (const copies of byEvent.values()) {
			expect(copies.length).toBeGreaterThanOrEqual(2);
			for (const copy of copies) expect(copy).toEqual(copies[0]);
		}
		for (const reference of items.map((item) => item.referenceId)) {
			const statuses = received.filter((item) => item.referenceId === reference);
			const at = (status: string) =>
				statuses.find((item) => item.status === status)?.timestamp as string;
			expect(at('sent') <= at('delivered') && at('delivered') <= at('read')).toBe(true);
		}
	});

	it('50 concurrent posts of 20 statuses each: every one answered 200, 1,000 items exactly once', async () => {
		// The trigger alone, so the answer time is the trigger's and n8n's, not a downstream node's.
		const burstId = `e2e-burst-${randomUUID()}`;
		const workflow = triggerWorkflow(burstId, collector.url);
		workflow.nodes = [workflow.nodes[0]];
		workflow.connections = {};
		const workflowId = await deploy(client, workflow);
		const body = (post: number, count: number) =>
			JSON.stringify(
				messagesWebhook({
					statuses: Array.from({ length: count }, (_, index) => ({
						id: `wamid.BURST${post}x${index}`,
						status: 'delivered',
						timestamp: String(1750030000 + index),
						recipient_id: '16505551234',
						biz_opaque_callback_data: `burst-${post}-${index}`,
					})),
				}),
			);
		const sign = (text: string) =>
			`sha256=${createHmac('sha256', e2eEnvironment().appSecret).update(text).digest('hex')}`;
		const post = async (text: string) => {
			const started = Date.now();
			const response = await axios.post(triggerUrl(burstId), text, {
				headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(text) },
				validateStatus: () => true,
				transformRequest: (data) => data,
				timeout: 60_000,
			});
			return { status: response.status, ms: Date.now() - started };
		};
		expect((await post(body(-1, 1))).status).toBe(200);

		const answers = await Promise.all(
			Array.from({ length: 50 }, async (_, index) => await post(body(index, 20))),
		);

		expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
		const times = answers.map((answer) => answer.ms).sort((a, b) => a - b);
		process.stderr.write(
			`[faults] 50 concurrent posts: median answer ${times[25]} ms, slowest ${times[49]} ms\n`,
		);
		// The answer times are printed, not asserted: this machine is shared. The bench measures speed.
		let statuses: Item[] = [];
		for (let waited = 0; statuses.length < 1001 && waited < 60_000; waited += 500) {
			await new Promise((resolve) => setTimeout(resolve, 500));
			statuses = nodeOutputs(await executionsOf(client, workflowId), 'WhatsApp Trigger')[0] ?? [];
		}
		expect(statuses).toHaveLength(1001);
		expect(new Set(statuses.map((item) => item.referenceId)).size).toBe(1001);
	});
});
