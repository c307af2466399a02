/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import axios from 'axios';
import { statusWebhook, type StatusWebhook } from '../../bench/status-webhook';
import { executionsByWorker, startN8nQueue, type N8nQueue } from '../../scripts/n8n-queue';
import { createSandbox, type Sandbox } from '../../sandbox/server';
import { startCollector, type Collector } from '../e2e/support/collector';
import { publishE2eEnvironment, sandboxIdentityOptions } from '../e2e/support/sandbox-credentials';
import { SANDBOX_IDENTITY } from '../e2e/support/sandbox-identity';
import { deploy, executionIdsOf, sendWorkflow, triggerWorkflow } from '../e2e/support/workflows';

/**
 * n8n in queue mode (Postgres, Redis, a main instance, two workers, a webhook processor), with the
 * package installed in each: a burst of status webhooks through WhatsApp Trigger and a campaign
 * through WhatsApp Send, each item exactly once, the executions spread over both workers.
 */

const WORKERS = 2;
const WORKER_CONCURRENCY = 10;
const POSTS = 100;
const STATUSES_PER_POST = 50;
const BATCHES = 20;
const MESSAGES_PER_BATCH = 100;
const SKIP_SENT_MESSAGES = 200;
/** After the last expected item, how long we keep watching for a duplicate. */
const SETTLE_MS = 3_000;

jest.setTimeout(10 * 60_000);

let queue: N8nQueue;
let sandbox: Sandbox;
let collector: Collector;

beforeAll(async () => {
	sandbox = await createSandbox({ ...sandboxIdentityOptions, messagesPerSecond: 0 });
	collector = await startCollector();
	queue = await startN8nQueue({ workers: WORKERS, workerConcurrency: WORKER_CONCURRENCY });
	await publishE2eEnvironment(queue.main.client, queue.main.n8n, sandbox.url);
	report('set-up', {
		main: `${queue.main.n8n.url} (${seconds(queue.main.n8n.startupMs)})`,
		workers: queue.workers
			.map((worker) => `health ${worker.url} (${seconds(worker.startupMs)})`)
			.join(', '),
		'webhook processor': `${queue.webhookProcessor.url} (${seconds(queue.webhookProcessor.startupMs)})`,
		postgres: `127.0.0.1:${queue.services.postgres.port}`,
		redis: `127.0.0.1:${queue.services.redis.port}`,
	});
}, 15 * 60_000);

afterAll(async () => {
	await queue?.stop();
	await collector?.close();
	await sandbox?.close();
}, 120_000);

describe('n8n in queue mode', () => {
	it(`${POSTS * STATUSES_PER_POST} statuses in ${POSTS} signed POSTs to the webhook processor reach the downstream node exactly once, run by both workers`, async () => {
		const webhookId = 'queue-statuses';
		const workflowId = await deploy(queue.main.client, triggerWorkflow(webhookId, collector.url));
		const url = `${queue.webhookProcessor.url}/webhook/${webhookId}/webhook`;
		await waitForHandshake(url);
		const webhooks = Array.from({ length: POSTS }, (_, post) =>
			statusWebhook({
				count: STATUSES_PER_POST,
				wabaId: SANDBOX_IDENTITY.wabaId,
				phoneNumberId: SANDBOX_IDENTITY.phoneNumberId,
				appSecret: SANDBOX_IDENTITY.appSecret,
				referencePrefix: `post-${post}`,
			}),
		);
		const expected = webhooks.flatMap(eventIds);

		const started = Date.now();
		const answers = await Promise.all(
			webhooks.map(async (webhook) => await postSigned(url, webhook)),
		);
		const answeredMs = Date.now() - started;
		await collector.waitFor(expected.length, 5 * 60_000);
		const deliveredMs = Date.now() - started;
		await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

		expect(answers.filter((status) => status !== 200)).toEqual([]);
		const received = collector.received.map((item) => String(item.eventId));
		const duplicates = received.length - new Set(received).size;
		const lost = missing(expected, received);
		expect({ received: received.length, duplicates, lost }).toEqual({
			received: expected.length,
			duplicates: 0,
			lost: 0,
		});
		// Each status still carries its own Reference ID after the hop through Redis to a worker.
		const references = new Set(collector.received.map((item) => String(item.referenceId)));
		expect(references.size).toBe(expected.length);
		expect(references.has(`post-${POSTS - 1}-${STATUSES_PER_POST - 1}`)).toBe(true);

		const perWorker = await workerShares(workflowId, POSTS);
		report('statuses', {
			POSTs: `${POSTS} × ${STATUSES_PER_POST} statuses, all at once`,
			'all POSTs answered 200': seconds(answeredMs),
			'all statuses downstream': seconds(deliveredMs),
			'statuses/s': perSecond(expected.length, deliveredMs),
			lost,
			duplicates,
			'executions per worker': perWorker.join(' / '),
		});
	});

	it(`a ${BATCHES * MESSAGES_PER_BATCH}-message campaign in ${BATCHES} runs sends every message exactly once, run by both workers`, async () => {
		const path = 'queue-campaign';
		const workflowId = await deploy(
			queue.main.client,
			sendWorkflow(path, {
				to: '={{ $json.to }}',
				referenceId: '={{ $json.referenceId }}',
				operation: 'text',
				text: 'Your order shipped',
				sendingOptions: { messagesPerSecond: 0 },
			}),
		);
		const batches = Array.from({ length: BATCHES }, (_, batch) =>
			Array.from({ length: MESSAGES_PER_BATCH }, (_, index) => ({
				to: `+4915112${String(100000 + batch * MESSAGES_PER_BATCH + index)}`,
				referenceId: `campaign-${batch}-${index}`,
			})),
		);
		const expected = batches.flat().map((item) => item.referenceId);

		const started = Date.now();
		const answers = await Promise.all(
			batches.map(
				async (items) =>
					await axios.post<Array<Record<string, unknown>>>(
						`${queue.webhookProcessor.url}/webhook/${path}`,
						{ items },
						{ validateStatus: () => true, timeout: 5 * 60_000 },
					),
			),
		);
		const sentMs = Date.now() - started;
		await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

		expect(answers.map((answer) => answer.status)).toEqual(batches.map(() => 200));
		const succeeded = answers
			.flatMap((answer) => answer.data)
			.filter((item) => typeof item.messageId === 'string');
		expect(succeeded.map((item) => item.referenceId).sort()).toEqual([...expected].sort());
		const accepted = sandbox.state.messages.map((message) => String(message.referenceId));
		const duplicates = accepted.length - new Set(accepted).size;
		const lost = missing(expected, accepted);
		expect({ accepted: accepted.length, duplicates, lost }).toEqual({
			accepted: expected.length,
			duplicates: 0,
			lost: 0,
		});

		const perWorker = await workerShares(workflowId, BATCHES);
		report('campaign', {
			runs: `${BATCHES} × ${MESSAGES_PER_BATCH} messages, all at once`,
			'all runs answered': seconds(sentMs),
			'messages/s': perSecond(expected.length, sentMs),
			lost,
			duplicates,
			'executions per worker': perWorker.join(' / '),
		});
	});

	it('Skip References Already Sent: the same campaign run again, on the other worker, sends nothing', async () => {
		const path = 'queue-skip-sent';
		const workflowId = await deploy(
			queue.main.client,
			sendWorkflow(path, {
				to: '={{ $json.to }}',
				referenceId: '={{ $json.referenceId }}',
				operation: 'text',
				text: 'Your order shipped',
				sendingOptions: { messagesPerSecond: 0, skipReferencesAlreadySent: true },
			}),
		);
		const items = Array.from({ length: SKIP_SENT_MESSAGES }, (_, index) => ({
			to: `+4915113${String(100000 + index)}`,
			referenceId: `skip-sent-${index}`,
		}));
		const url = `${queue.webhookProcessor.url}/webhook/${path}`;
		const accepted = () =>
			sandbox.state.messages.filter((message) =>
				String(message.referenceId).startsWith('skip-sent-'),
			).length;

		const first = await axios.post<Array<Record<string, unknown>>>(
			url,
			{ items },
			{ timeout: 5 * 60_000 },
		);
		expect(first.data.filter((item) => typeof item.messageId === 'string')).toHaveLength(
			SKIP_SENT_MESSAGES,
		);
		expect(accepted()).toBe(SKIP_SENT_MESSAGES);
		const workerOf = async (runs: number) => {
			const [newest] = await finishedExecutions(workflowId, runs);
			return (await executionsByWorker(queue.workers)).findIndex((ids) => ids.has(newest.id));
		};
		const firstWorker = await workerOf(1);

		// Which worker takes a run is Redis's choice: run again until one lands on the other worker. Each sends nothing.
		const workers: number[] = [];
		while (workers.length < 10 && !workers.some((worker) => worker !== firstWorker)) {
			const again = await axios.post<Array<Record<string, unknown>>>(
				url,
				{ items },
				{ timeout: 5 * 60_000 },
			);
			expect(again.data.map((item) => item.skipped)).toEqual(items.map(() => 'alreadySent'));
			expect(again.data.map((item) => item.referenceId)).toEqual(
				items.map((item) => item.referenceId),
			);
			workers.push(await workerOf(workers.length + 2));
		}
		expect(workers).toContain(1 - firstWorker);
		expect(accepted()).toBe(SKIP_SENT_MESSAGES);
		report('skip references already sent', {
			messages: SKIP_SENT_MESSAGES,
			'first run on worker': firstWorker + 1,
			'runs again on workers': workers.map((worker) => worker + 1).join(', '),
			'accepted in all': accepted(),
		});
	});
});

/** The eventId the trigger gives each status of a webhook: `<messageId>:<status>:<timestamp>`. */
function eventIds(webhook: StatusWebhook): string[] {
	const body = JSON.parse(webhook.raw.toString('utf8')) as {
		entry: Array<{
			changes: Array<{
				value: { statuses: Array<{ id: string; status: string; timestamp: string }> };
			}>;
		}>;
	};
	return body.entry.flatMap((entry) =>
		entry.changes.flatMap((change) =>
			change.value.statuses.map((status) => `${status.id}:${status.status}:${status.timestamp}`),
		),
	);
}

async function postSigned(url: string, webhook: StatusWebhook): Promise<number> {
	const answer = await axios.post(url, webhook.raw, {
		headers: { 'content-type': 'application/json', 'x-hub-signature-256': webhook.signature },
		validateStatus: () => true,
		timeout: 120_000,
	});
	return answer.status;
}

/**
 * Meta's GET handshake, answered by the trigger without starting an execution: once the webhook
 * processor answers it, it has found the workflow the main instance published.
 */
async function waitForHandshake(url: string): Promise<void> {
	const challenge = '1158201444';
	const deadline = Date.now() + 30_000;
	for (;;) {
		const answer = await axios.get(url, {
			params: {
				'hub.mode': 'subscribe',
				'hub.verify_token': SANDBOX_IDENTITY.verifyToken,
				'hub.challenge': challenge,
			},
			validateStatus: () => true,
		});
		if (answer.status === 200 && String(answer.data) === challenge) return;
		if (Date.now() > deadline)
			throw new Error(
				`the webhook processor does not answer ${url}: ${answer.status} ${JSON.stringify(answer.data)}`,
			);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/**
 * Which worker ran each of the workflow's executions, from the workers' logs: every execution was
 * run by exactly one worker, and every worker ran some. Returns the count per worker.
 */
async function workerShares(workflowId: string, runs: number): Promise<number[]> {
	const executions = await finishedExecutions(workflowId, runs);
	expect(executions.map((execution) => execution.status)).toEqual(
		Array.from({ length: runs }, () => 'success'),
	);
	const byWorker = await executionsByWorker(queue.workers);
	const ranBy = executions.map(({ id }) => byWorker.filter((ids) => ids.has(id)).length);
	expect(ranBy).toEqual(executions.map(() => 1));
	const counts = byWorker.map((ids) => executions.filter(({ id }) => ids.has(id)).length);
	for (const count of counts) expect(count).toBeGreaterThan(0);
	return counts;
}

/** The workflow's executions once `runs` of them have ended: the last may still be saving its result. */
async function finishedExecutions(
	workflowId: string,
	runs: number,
): Promise<Array<{ id: string; status: string }>> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const executions = await executionIdsOf(queue.main.client, workflowId, runs + 1);
		const ended = executions.every(
			(execution) => !['new', 'running', 'waiting'].includes(execution.status),
		);
		if ((executions.length >= runs && ended) || Date.now() > deadline) return executions;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** How many of `expected` are not among `seen`. */
function missing(expected: string[], seen: string[]): number {
	const found = new Set(seen);
	return expected.filter((key) => !found.has(key)).length;
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

function perSecond(count: number, ms: number): number {
	return Math.round((count / ms) * 1000);
}

function report(title: string, figures: Record<string, string | number>): void {
	const lines = Object.entries(figures).map(([name, value]) => `  ${name}: ${value}`);
	process.stderr.write(`[queue] ${title}\n${lines.join('\n')}\n`);
}
