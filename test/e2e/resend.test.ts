/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- a test run by Jest in Node, never loaded by n8n */
import axios from 'axios';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { INodeParameters } from 'n8n-workflow';
import { demoN8nEnv } from '../../demo/n8n-settings';
import { startN8nHarness, type N8nHarness } from '../../scripts/n8n-harness';
import { startN8n } from '../../scripts/n8n-process';
import { login, type N8nRestClient } from '../../scripts/n8n-rest-client';
import { e2eEnvironment } from './support/environment';
import { sandboxAdmin } from './support/sandbox-admin';
import { deploy, executionIdsOf, ownerClient, sendWorkflow } from './support/workflows';

/**
 * Skip References Already Sent in a real n8n: a campaign killed halfway and run again, a failed run
 * retried through n8n's REST API and run again with the input fixed. The sandbox counts how often
 * each reference was accepted.
 */

jest.setTimeout(600_000);

type Item = Record<string, unknown>;

const KILL_CAMPAIGN = 2_000;
const KILL_RATE = 100;

function campaignItems(prefix: string, count: number): Item[] {
	return Array.from({ length: count }, (_, index) => ({
		to: `+4915113${String(100000 + index)}`,
		referenceId: `${prefix}-${index}`,
	}));
}

function textCampaign(
	path: string,
	sendingOptions: INodeParameters,
	options: { continueOnFail?: boolean } = {},
) {
	return sendWorkflow(
		path,
		{
			to: '={{ $json.to }}',
			referenceId: '={{ $json.referenceId }}',
			operation: 'text',
			text: 'Your order shipped',
			sendingOptions,
		},
		options,
	);
}

/** How often the sandbox accepted each reference that starts with `prefix-`. */
async function acceptedCounts(prefix: string): Promise<Map<string, number>> {
	const counts = new Map<string, number>();
	for (const message of await sandboxAdmin.messages()) {
		const reference = String(message.referenceId);
		if (reference.startsWith(`${prefix}-`)) counts.set(reference, (counts.get(reference) ?? 0) + 1);
	}
	return counts;
}

async function acceptedTotal(prefix: string): Promise<number> {
	return [...(await acceptedCounts(prefix)).values()].reduce((sum, count) => sum + count, 0);
}

/** Waits until the sandbox has accepted `count` messages of the campaign. */
async function waitForAccepted(prefix: string, count: number): Promise<void> {
	while ((await acceptedTotal(prefix)) < count)
		await new Promise((resolve) => setTimeout(resolve, 50));
}

/** The count once it stays the same for a second: whatever was still on its way has arrived. */
async function settledTotal(prefix: string): Promise<number> {
	let last = -1;
	for (;;) {
		const total = await acceptedTotal(prefix);
		if (total === last) return total;
		last = total;
		await new Promise((resolve) => setTimeout(resolve, 1_000));
	}
}

/**
 * How many references n8n's deduplication store holds for the workflow, read from n8n's SQLite
 * database (table processed_data, scope Workflow = context '') with Node 24's built-in SQLite, while
 * n8n is down.
 */
async function recordedReferences(harness: N8nHarness, workflowId: string): Promise<number> {
	const script = `
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(process.argv[1], { readOnly: true });
const row = db.prepare("SELECT value FROM processed_data WHERE workflowId = ? AND context = ''").get(process.argv[2]);
const value = row ? (typeof row.value === 'string' ? JSON.parse(row.value) : row.value) : { data: [] };
process.stdout.write(String(value.data.length));`;
	const { stdout } = await promisify(execFile)(harness.ctx.install.nodeBin, [
		'--no-warnings',
		'-e',
		script,
		join(harness.ctx.userFolder, '.n8n', 'database.sqlite'),
		workflowId,
	]);
	return Number(stdout);
}

describe('a campaign killed halfway, run again', () => {
	let harness: N8nHarness;

	beforeAll(async () => {
		// n8n of its own: this one is killed.
		harness = await startN8nHarness({ env: demoN8nEnv });
	}, 15 * 60_000);

	afterAll(async () => {
		await harness?.stop();
	}, 60_000);

	it(`${KILL_CAMPAIGN} texts at ${KILL_RATE}/s, n8n SIGKILLed at about half: every reference accepted, repeats no more than those in flight at the kill`, async () => {
		const { id } = await harness.client.createCredential({
			name: 'Sandbox',
			type: 'whatsAppCloudApi',
			data: {
				accessToken: e2eEnvironment().accessToken,
				baseUrl: e2eEnvironment().sandboxUrl,
				apiVersion: 'v25.0',
			},
		});
		const path = `resend-kill-${Date.now()}`;
		const prefix = `kill${Date.now()}`;
		const workflow = textCampaign(path, {
			messagesPerSecond: KILL_RATE,
			skipReferencesAlreadySent: true,
		});
		workflow.nodes[2].credentials = { whatsAppCloudApi: { id, name: 'Sandbox' } };
		const workflowId = await deploy(harness.client, workflow);
		const items = campaignItems(prefix, KILL_CAMPAIGN);

		const first = axios
			.post(`${harness.n8n.url}/webhook/${path}`, { items }, { timeout: 300_000 })
			.catch((error: Error) => error);
		await waitForAccepted(prefix, KILL_CAMPAIGN / 2);
		process.kill(-harness.n8n.n8nPid, 'SIGKILL');
		expect(await first).toBeInstanceOf(Error);
		await harness.n8n.stop();
		const acceptedBeforeKill = await settledTotal(prefix);
		const recorded = await recordedReferences(harness, workflowId);
		const inFlight = acceptedBeforeKill - recorded;

		const restarted = await startN8n({ ...harness.ctx, env: demoN8nEnv });
		try {
			const client = await login(restarted);
			await client.waitUntilPublished(workflowId);
			const second = await axios.post<Item[]>(
				`${restarted.url}/webhook/${path}`,
				{ items },
				{ timeout: 300_000 },
			);

			expect(second.data).toHaveLength(KILL_CAMPAIGN);
			second.data.forEach((item, index) => expect(item.referenceId).toBe(items[index].referenceId));
			const skipped = second.data.filter((item) => item.skipped === 'alreadySent').length;
			const counts = await acceptedCounts(prefix);
			const missing = items.filter((item) => !counts.has(String(item.referenceId))).length;
			const twice = [...counts.values()].filter((count) => count === 2).length;
			process.stderr.write(
				`[resend] killed after ${acceptedBeforeKill} of ${KILL_CAMPAIGN} accepted, ${recorded} recorded: ${inFlight} in flight at the kill; ` +
					`the second run skipped ${skipped} and sent ${KILL_CAMPAIGN - skipped}; references accepted twice: ${twice}, missing: ${missing}\n`,
			);
			expect(missing).toBe(0);
			expect([...counts.values()].every((count) => count <= 2)).toBe(true);
			expect(twice).toBeLessThanOrEqual(inFlight);
			expect(skipped).toBe(recorded);
			expect(recorded).toBeGreaterThan(0);
		} finally {
			await restarted.stop();
		}
	});
});

describe('a run that failed at item N, retried and run again', () => {
	let client: N8nRestClient;

	beforeAll(async () => {
		client = await ownerClient();
	});

	beforeEach(async () => {
		await sandboxAdmin.reset();
	});

	it('the Retry of the failed execution and the run with the input fixed skip the items before N', async () => {
		// The sandbox takes references of up to 40 bytes here, so item 5's long one is refused (a permanent error).
		await sandboxAdmin.configure({ referenceMaxLength: 40 });
		const path = `resend-retry-${Date.now()}`;
		const prefix = `retry${Date.now()}`;
		const workflowId = await deploy(
			client,
			textCampaign(path, {
				maxConcurrency: 1,
				messagesPerSecond: 0,
				skipReferencesAlreadySent: true,
			}),
		);
		const items = campaignItems(prefix, 10);
		const broken = items.map((item, index) =>
			index === 5 ? { ...item, referenceId: `${prefix}-5-${'x'.repeat(60)}` } : item,
		);
		const url = `${e2eEnvironment().n8nUrl}/webhook/${path}`;

		const failedRun = await axios.post(
			url,
			{ items: broken },
			{ validateStatus: () => true, timeout: 120_000 },
		);
		expect(failedRun.status).toBeGreaterThanOrEqual(400);
		const counts = async () =>
			Object.fromEntries([...(await acceptedCounts(prefix)).entries()].sort());
		const firstFive = Object.fromEntries(
			items.slice(0, 5).map((item) => [String(item.referenceId), 1]),
		);
		expect(await counts()).toEqual(firstFive);

		const [failed] = await executionIdsOf(client, workflowId, 1);
		expect(failed.status).toBe('error');
		await client.post(`/executions/${failed.id}/retry`, { loadWorkflow: false });
		const [retried] = await executionIdsOf(client, workflowId, 1);
		expect(retried.id).not.toBe(failed.id);
		expect(retried.status).toBe('error');
		// The retry sent item 5 again (refused again) and none of the items before it.
		const refusedAttempts = (await sandboxAdmin.requests()).filter((request) =>
			JSON.stringify(request.body ?? '').includes(`${prefix}-5-x`),
		);
		expect(refusedAttempts).toHaveLength(2);
		expect(await counts()).toEqual(firstFive);

		const fixedRun = await axios.post<Item[]>(url, { items }, { timeout: 120_000 });
		expect(
			fixedRun.data.map(
				(item) => item.skipped ?? (typeof item.messageId === 'string' ? 'sent' : 'error'),
			),
		).toEqual([...Array(5).fill('alreadySent'), ...Array(5).fill('sent')]);
		expect(fixedRun.data.map((item) => item.referenceId)).toEqual(
			items.map((item) => item.referenceId),
		);
		expect(await counts()).toEqual(
			Object.fromEntries(items.map((item) => [String(item.referenceId), 1]).sort()),
		);
	});

	it('Forget Sent References clears the record of the workflow: the same campaign goes out again', async () => {
		const path = `resend-forget-${Date.now()}`;
		const prefix = `forget${Date.now()}`;
		// One workflow with two webhooks: the campaign, and Forget Sent References, which clears the campaign's record.
		const workflow = textCampaign(path, { messagesPerSecond: 0, skipReferencesAlreadySent: true });
		const forget = sendWorkflow(`${path}-forget`, {
			operation: 'forgetSentReferences',
			forget: 'all',
		});
		const renamed = forget.nodes.map((node) => ({ ...node, name: `Forget · ${node.name}` }));
		workflow.nodes.push(renamed[0], renamed[2]);
		workflow.connections[renamed[0].name] = {
			main: [[{ node: renamed[2].name, type: 'main', index: 0 }]],
		};
		await deploy(client, workflow);
		const items = campaignItems(prefix, 5);
		const url = `${e2eEnvironment().n8nUrl}/webhook/${path}`;

		await axios.post(url, { items });
		const again = await axios.post<Item[]>(url, { items });
		expect(again.data.map((item) => item.skipped)).toEqual(Array(5).fill('alreadySent'));
		const forgotten = await axios.post<Item[]>(`${url}-forget`, {});
		expect(forgotten.data).toEqual([{ forgotten: 'all', referencesForgotten: 5 }]);
		const afterForget = await axios.post<Item[]>(url, { items });
		expect(afterForget.data.map((item) => typeof item.messageId)).toEqual(Array(5).fill('string'));
		expect([...(await acceptedCounts(prefix)).values()]).toEqual(Array(5).fill(2));
	});
});
