/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/require-node-api-error
	-- the benchmark runs in Node, never inside n8n */
import type { Sandbox } from '../sandbox/server';
import type { N8nRestClient } from '../scripts/n8n-rest-client';
import type { BenchStack } from './bench-stack';
import { BENCH_IDENTITY } from './bench-stack';
import { builtInCampaign, deploy, ourCampaign } from './bench-workflows';
import { isTransient, whenReady } from './n8n-ready';
import { watchCpu } from './proc-cpu';
import { watchPeak } from './proc-memory';

export const CAMPAIGN_VARIANTS = [
	'ours-tls',
	'built-in-tls',
	'ours-http',
	'ours-tls-reuse',
] as const;
export type CampaignVariant = (typeof CAMPAIGN_VARIANTS)[number];

/** Meta's answer time the sandbox adds to every request during a campaign. */
export const CAMPAIGN_LATENCY_MS = 100;

export interface CampaignPlan {
	/** Meta's throughput tier (the sandbox's limit) and our node's Messages Per Second. */
	tier: number;
	count: number;
	/** Our node's Max Parallel Requests. */
	maxConcurrency: number;
}

export interface CampaignRun {
	variant: CampaignVariant;
	tier: number;
	count: number;
	/** n8n's execution status: `error` when the node stopped the workflow. */
	status: string;
	/** The execution, from n8n's start to its stop (webhook, Split Out, send). */
	runMs: number;
	/** From the first request reaching the sandbox to the last message accepted. */
	sendSpanMs: number;
	accepted: number;
	/** Accepted messages per second of `runMs`. */
	acceptedPerSecond: number;
	shareOfTier: number;
	/**
	 * Accepted per second from the 10th to the 90th percentile of acceptances: the pace once
	 * connections are open, without the execution's start and the last retries' tail.
	 */
	sustainedPerSecond: number;
	requests: number;
	/** Answers with 130429 (throughput limit reached). */
	throughputErrors: number;
	/** Items with no accepted message, and accepted messages beyond one per item. */
	lost: number;
	duplicated: number;
	/** Accepted messages carrying their item's Reference ID; null for the built-in node, which sends none. */
	withReference: number | null;
	/** The most requests the sandbox was answering at once. */
	maxInFlight: number;
	rssBeforeBytes: number;
	peakRssBytes: number;
	/** Shares of one core from the POST to its answer: n8n's process, and the benchmark's with the sandbox. */
	n8nCpu: number;
	benchCpu: number;
	/** [ms since the execution started, messages accepted so far], thinned to about 300 points. */
	curve: Array<[number, number]>;
}

export interface CampaignTarget {
	variant: CampaignVariant;
	sandbox: Sandbox;
	workflowId: string;
	webhookUrl: string;
}

export interface CampaignItem {
	to: string;
	text: string;
	ref: string;
}

export interface ExecutionSummary {
	id: string;
	status: string;
	startedAt: string;
	stoppedAt: string | null;
}

/** One workflow per variant and tier, created and activated. */
export async function deployCampaigns(
	stack: BenchStack,
	plans: CampaignPlan[],
): Promise<Map<string, CampaignTarget>> {
	const targets = new Map<string, CampaignTarget>();
	const { credentials } = stack;
	for (const plan of plans) {
		for (const variant of CAMPAIGN_VARIANTS) {
			const key = targetKey(variant, plan.tier);
			if (targets.has(key)) continue;
			const path = `bench-${variant}-${plan.tier}`;
			const common = { path, phoneNumberId: BENCH_IDENTITY.phoneNumberId };
			const workflow =
				variant === 'built-in-tls'
					? builtInCampaign({ ...common, credential: credentials.builtIn })
					: ourCampaign({
							...common,
							credential: variant === 'ours-http' ? credentials.oursPlain : credentials.oursTls,
							messagesPerSecond: plan.tier,
							maxConcurrency: plan.maxConcurrency,
							reuseConnections: variant === 'ours-tls-reuse',
						});
			const workflowId = await deploy(stack.harness.client, workflow);
			targets.set(key, {
				variant,
				sandbox: variant === 'ours-http' ? stack.plainSandbox : stack.graphSandbox,
				workflowId,
				webhookUrl: `${stack.harness.n8n.url}/webhook/${path}`,
			});
		}
	}
	return targets;
}

export function targetKey(variant: CampaignVariant, tier: number): string {
	return `${variant}@${tier}`;
}

/** `count` text messages to distinct recipients, each with its own Reference ID. */
export function campaignItems(count: number, tag: string): CampaignItem[] {
	return Array.from({ length: count }, (_, index) => ({
		to: `+1 650 ${String(index).padStart(7, '0')}`,
		text: `Hello contact ${index + 1}, your spring offer is waiting for you.`,
		ref: `${tag}-${index}`,
	}));
}

export interface PostedItems {
	execution: ExecutionSummary;
	rssBeforeBytes: number;
	peakRssBytes: number;
	/** CPU from the POST to its answer, as shares of one core: n8n's process (all its threads), and the benchmark's with the sandbox. */
	n8nCpu: number;
	benchCpu: number;
}

/** Posts the items to a campaign-shaped workflow once n8n is ready, and waits until its execution stopped. */
export async function postItems(
	stack: BenchStack,
	workflowId: string,
	webhookUrl: string,
	items: CampaignItem[],
): Promise<PostedItems> {
	const { client, n8n } = stack.harness;
	await whenReady(n8n.url);
	const previous = await latestExecution(client, workflowId);
	const memory = await watchPeak(n8n.n8nPid);
	const cpu = await watchCpu(n8n.n8nPid);
	const response = await fetch(webhookUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ items }),
		signal: AbortSignal.timeout(15 * 60_000),
	});
	await response.arrayBuffer();
	const used = await cpu.stop();
	if (response.status === 503) throw new Error(`n8n refused the items (503): ${webhookUrl}`);
	const peakRssBytes = await memory.stop();
	const execution = await finishedExecution(client, workflowId, previous?.id);
	return {
		execution,
		rssBeforeBytes: memory.before,
		peakRssBytes,
		n8nCpu: used.process,
		benchCpu: used.bench,
	};
}

/**
 * Posts the items to the variant's workflow with the sandbox at the tier, waits for the execution
 * to end, and reads what the sandbox accepted.
 */
export async function runCampaign(
	stack: BenchStack,
	target: CampaignTarget,
	tier: number,
	items: CampaignItem[],
): Promise<CampaignRun> {
	const { sandbox } = target;
	sandbox.reset();
	sandbox.configure({ messagesPerSecond: tier, latencyMs: CAMPAIGN_LATENCY_MS });
	const { execution, rssBeforeBytes, peakRssBytes, n8nCpu, benchCpu } = await postItems(
		stack,
		target.workflowId,
		target.webhookUrl,
		items,
	);
	const startedAt = Date.parse(execution.startedAt);
	const runMs = Date.parse(execution.stoppedAt ?? '') - startedAt;
	const figures = sandboxFigures(sandbox, items, target.variant === 'built-in-tls', startedAt);
	const acceptedPerSecond = figures.accepted / (runMs / 1000);
	return {
		...figures,
		variant: target.variant,
		tier,
		count: items.length,
		status: execution.status,
		runMs,
		acceptedPerSecond,
		shareOfTier: acceptedPerSecond / tier,
		rssBeforeBytes,
		peakRssBytes,
		n8nCpu,
		benchCpu,
	};
}

type SandboxFigures = Omit<
	CampaignRun,
	| 'variant'
	| 'tier'
	| 'count'
	| 'status'
	| 'runMs'
	| 'acceptedPerSecond'
	| 'shareOfTier'
	| 'rssBeforeBytes'
	| 'peakRssBytes'
	| 'n8nCpu'
	| 'benchCpu'
>;

export function sandboxFigures(
	sandbox: Sandbox,
	items: CampaignItem[],
	builtIn: boolean,
	startedAt: number,
): SandboxFigures {
	const sends = sandbox.state.requests.filter(
		(request) => request.method === 'POST' && request.path.endsWith('/messages'),
	);
	const messages = sandbox.state.messages;
	const expected = new Map(items.map((item) => [item.to.replace(/\D/g, ''), item.ref]));
	const perRecipient = new Map<string, number>();
	let withReference = 0;
	for (const message of messages) {
		const key = message.waId ?? '';
		perRecipient.set(key, (perRecipient.get(key) ?? 0) + 1);
		if (message.referenceId !== null && message.referenceId === expected.get(key)) withReference++;
	}
	const acceptedAt = messages.map((message) => message.acceptedAt).sort((a, b) => a - b);
	const firstRequestAt = Math.min(...sends.map((request) => Date.parse(request.at)));
	return {
		sendSpanMs: acceptedAt.length > 0 ? acceptedAt[acceptedAt.length - 1] - firstRequestAt : 0,
		accepted: messages.length,
		requests: sends.length,
		throughputErrors: sends.filter((request) => errorCode(request.response) === 130429).length,
		lost: [...expected.keys()].filter((key) => !perRecipient.has(key)).length,
		duplicated: [...perRecipient.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
		withReference: builtIn ? null : withReference,
		maxInFlight: Math.max(0, ...sends.map((request) => request.inFlight)),
		sustainedPerSecond: sustainedRate(acceptedAt),
		curve: thinnedCurve(acceptedAt, startedAt),
	};
}

function sustainedRate(acceptedAt: number[]): number {
	const first = Math.floor(acceptedAt.length * 0.1);
	const last = Math.floor(acceptedAt.length * 0.9);
	const spanMs = (acceptedAt[last] ?? 0) - (acceptedAt[first] ?? 0);
	return spanMs > 0 ? ((last - first) / spanMs) * 1000 : 0;
}

function thinnedCurve(acceptedAt: number[], startedAt: number): Array<[number, number]> {
	const step = Math.max(1, Math.ceil(acceptedAt.length / 300));
	const points: Array<[number, number]> = [[0, 0]];
	acceptedAt.forEach((at, index) => {
		if ((index + 1) % step === 0 || index === acceptedAt.length - 1)
			points.push([at - startedAt, index + 1]);
	});
	return points;
}

function errorCode(response: unknown): unknown {
	return (response as { error?: { code?: unknown } } | null)?.error?.code;
}

/** The workflow's newest execution, asked again while n8n is briefly unavailable. */
export async function latestExecution(
	client: N8nRestClient,
	workflowId: string,
): Promise<ExecutionSummary | undefined> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		try {
			const list = await client.get<{ results: ExecutionSummary[] }>('/executions', {
				filter: JSON.stringify({ workflowId }),
				limit: 1,
			});
			return list.results[0];
		} catch (error) {
			if (!isTransient(error) || Date.now() > deadline) throw error;
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}
}

/** The workflow's newest execution once it is newer than `previousId` and has stopped. */
export async function finishedExecution(
	client: N8nRestClient,
	workflowId: string,
	previousId: string | undefined,
): Promise<ExecutionSummary> {
	const deadline = Date.now() + 120_000;
	for (;;) {
		const latest = await latestExecution(client, workflowId);
		if (latest && latest.id !== previousId && latest.stoppedAt) return latest;
		if (Date.now() > deadline)
			throw new Error(`workflow ${workflowId}: no finished execution within 2 minutes`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}
