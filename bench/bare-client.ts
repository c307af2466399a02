/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- the benchmark runs in Node, never inside n8n */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { DEFAULT_GRAPH_API_VERSION } from '../nodes/shared/graph-api-version';
import { BENCH_IDENTITY, type BenchStack } from './bench-stack';
import { CAMPAIGN_LATENCY_MS, type CampaignItem, sandboxFigures } from './campaign';

export interface BareClientRun {
	runMs: number;
	accepted: number;
	acceptedPerSecond: number;
	shareOfTier: number;
	/** As the campaign's: from the 10th to the 90th percentile of acceptances. */
	sustainedPerSecond: number;
	throughputErrors: number;
	lost: number;
	duplicated: number;
}

/**
 * Sends the items with a bare Node.js keep-alive client (`bare-client-process.ts`) to the TLS
 * sandbox at graph.facebook.com, with the campaign's latency and tier, and reads what it accepted.
 * It runs on n8n's own Node.js: `fetch` is undici, whose cost per request differs between Node.js
 * majors (on the benchmark's Node 20 it used about a quarter more CPU than on n8n's Node 24).
 */
export async function runBareClient(
	stack: BenchStack,
	tier: number,
	maxConcurrency: number,
	items: CampaignItem[],
): Promise<BareClientRun> {
	const sandbox = stack.graphSandbox;
	sandbox.reset();
	sandbox.configure({ messagesPerSecond: tier, latencyMs: CAMPAIGN_LATENCY_MS });
	const job = {
		url: `https://graph.facebook.com/${DEFAULT_GRAPH_API_VERSION}/${BENCH_IDENTITY.phoneNumberId}/messages`,
		accessToken: BENCH_IDENTITY.accessToken,
		tier,
		maxConcurrency,
		items,
	};
	// The job is too large for a command line: it goes in a file.
	const folder = await mkdtemp(join(tmpdir(), 'bare-client-'));
	const jobFile = join(folder, 'job.json');
	await writeFile(jobFile, JSON.stringify(job));
	let stdout: string;
	try {
		({ stdout } = await promisify(execFile)(
			stack.harness.ctx.install.nodeBin,
			[
				'--require',
				join(__dirname, 'graph-host-preload.js'),
				join(__dirname, 'bare-client-process.js'),
				jobFile,
			],
			{ env: { ...process.env, ...stack.clientEnv }, maxBuffer: 1024 * 1024 },
		));
	} finally {
		await rm(folder, { recursive: true, force: true });
	}
	const { startedAt, stoppedAt } = JSON.parse(stdout) as { startedAt: number; stoppedAt: number };
	const runMs = stoppedAt - startedAt;
	const figures = sandboxFigures(sandbox, items, false, startedAt);
	const acceptedPerSecond = figures.accepted / (runMs / 1000);
	return {
		runMs,
		accepted: figures.accepted,
		acceptedPerSecond,
		shareOfTier: acceptedPerSecond / tier,
		sustainedPerSecond: figures.sustainedPerSecond,
		throughputErrors: figures.throughputErrors,
		lost: figures.lost,
		duplicated: figures.duplicated,
	};
}
