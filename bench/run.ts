/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals,
	no-console
	-- the benchmark runs in Node, never inside n8n */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

import { repoRoot } from '../scripts/repo-root';
import { runCommand } from '../scripts/run-command';
import { BENCH_IDENTITY, startBenchStack, type BenchStack } from './bench-stack';
import {
	CAMPAIGN_LATENCY_MS,
	CAMPAIGN_VARIANTS,
	campaignItems,
	deployCampaigns,
	runCampaign,
	targetKey,
	type CampaignPlan,
	type CampaignRun,
	type CampaignTarget,
} from './campaign';
import { campaignCurveSvg, type CurvePanel } from './campaign-curve-svg';
import { runBareClient, type BareClientRun } from './bare-client';
import { runFanOut, type FanOutRun } from './fan-out';
import { measureMemoryGrowth } from './memory-growth';
import { measureNodeOverhead } from './node-overhead';
import { profileCampaigns } from './profile-campaigns';
import { profileFanOut, type FanOutProfile } from './profile-fan-out';
import { formatConnection, formatFanOut, formatReport, formatSkipSent } from './report-table';
import { startReportCollector, type ReportCollector } from './report-collector';
import {
	checkTargets,
	connectionTargets,
	skipSentTargets,
	summarizeBareClient,
	summarizeCampaign,
	summarizeFanOut,
	type BenchResults,
	type CampaignResult,
	type FanOutResult,
	type TransportMemory,
} from './results';
import { measureSkipSent } from './skip-sent';
import { watchSockets } from './socket-watch';
import { statusWebhook } from './status-webhook';

const CAMPAIGN_PLANS: CampaignPlan[] = [
	{ tier: 80, count: 1000, maxConcurrency: 100 },
	{ tier: 1000, count: 5000, maxConcurrency: 200 },
];
const FAN_OUT_SIZES = [1, 100, 1000];
const PROFILED_FAN_OUT = 1000;
const PROFILED_FAN_OUT_POSTS = 10;
const MEMORY_ITEMS = 10_000;
const N8N_VERSION = '2.40.7';

const usage = [
	'usage: node build/bench/run.js [options]',
	'  --repetitions N    each campaign N times (≥ 3, default 3)',
	'  --profile          add a CPU profile of one campaign per node',
	"  --package <.tgz>   measure this packed build instead of the repository's",
	'  --output <folder>  write the results there instead of bench/results',
	'  --skip-sent-only   only the Skip References Already Sent row, into <output>/skip-sent.json',
	'  --fan-out-only     only the status fan-out rows, into <output>/fan-out.json; with --profile,',
	'                     a CPU profile of each trigger during fan-outs of 1,000 too',
	'  --trigger-version V  our trigger at version V in the fan-out (default: the newest, 1.2)',
	'  --connection-only  only the Reuse Connections rows (1,000/s campaign, bare client, memory,',
	'                     profiles with --profile), into <output>/connection.json',
].join('\n');

interface Options {
	repetitions: number;
	profile: boolean;
	tarball?: string;
	output: string;
	skipSentOnly: boolean;
	fanOutOnly: boolean;
	triggerVersion?: number;
	connectionOnly: boolean;
}

function parseOptions(args: string[]): Options {
	const options: Options = {
		repetitions: 3,
		profile: false,
		output: join(repoRoot(), 'bench', 'results'),
		skipSentOnly: false,
		fanOutOnly: false,
		connectionOnly: false,
	};
	for (let index = 0; index < args.length; index++) {
		if (args[index] === '--profile') options.profile = true;
		else if (args[index] === '--skip-sent-only') options.skipSentOnly = true;
		else if (args[index] === '--fan-out-only') options.fanOutOnly = true;
		else if (args[index] === '--connection-only') options.connectionOnly = true;
		else if (args[index] === '--package' && args[index + 1])
			options.tarball = resolve(args[++index]);
		else if (args[index] === '--output' && args[index + 1]) options.output = resolve(args[++index]);
		else if (args[index] === '--trigger-version' && Number(args[index + 1]) >= 1)
			options.triggerVersion = Number(args[++index]);
		else if (args[index] === '--repetitions' && Number(args[index + 1]) >= 3)
			options.repetitions = Number(args[++index]);
		else throw new Error(usage);
	}
	return options;
}

/** A fan-out takes well under a second: more repetitions, against the noise of a shared machine. */
function fanOutRepetitions(options: Options): number {
	return Math.max(11, options.repetitions);
}

/** The checked-out commit, marked when files differ from it. */
async function headCommit(): Promise<string> {
	const commit = (
		await runCommand('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot() })
	).trim();
	const changed = (
		await runCommand('git', ['status', '--porcelain', '--', 'nodes', 'credentials'], {
			cwd: repoRoot(),
		})
	).trim();
	return changed === '' ? commit : `${commit} with uncommitted changes in nodes/ or credentials/`;
}

const started = Date.now();
function progress(message: string): void {
	process.stderr.write(
		`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`,
	);
}

function fanOutPoster(stack: BenchStack, collector: ReportCollector) {
	const make = (count: number) =>
		statusWebhook({
			count,
			wabaId: BENCH_IDENTITY.wabaId,
			phoneNumberId: BENCH_IDENTITY.phoneNumberId,
			appSecret: BENCH_IDENTITY.appSecret,
		});
	const post = (
		target: BenchStack['fanOutTargets'][number],
		statuses: number,
		webhook = make(statuses),
	) =>
		runFanOut({
			target,
			webhook,
			statuses,
			collector,
			n8nPid: stack.harness.n8n.n8nPid,
			client: stack.harness.client,
		});
	return { make, post };
}

async function fanOut(
	stack: BenchStack,
	collector: ReportCollector,
	repetitions: number,
): Promise<FanOutResult[]> {
	const { make, post } = fanOutPoster(stack, collector);
	for (const target of stack.fanOutTargets) await post(target, 100);
	const results: FanOutResult[] = [];
	for (const statuses of FAN_OUT_SIZES) {
		const webhook = make(statuses);
		const runs: FanOutRun[] = [];
		for (let repetition = 0; repetition < repetitions; repetition++) {
			for (const target of stack.fanOutTargets) runs.push(await post(target, statuses, webhook));
		}
		results.push(summarizeFanOut(statuses, runs));
		progress(`fan-out of ${statuses}: done`);
	}
	return results;
}

async function campaigns(
	stack: BenchStack,
	targets: Map<string, CampaignTarget>,
	repetitions: number,
	plans = CAMPAIGN_PLANS,
): Promise<CampaignResult[]> {
	const results: CampaignResult[] = [];
	for (const plan of plans) {
		const runs: CampaignRun[] = [];
		for (let repetition = 0; repetition < repetitions; repetition++) {
			// A different variant goes first in each repetition, so none always runs on the freshest n8n.
			const order = CAMPAIGN_VARIANTS.map(
				(_, index) => CAMPAIGN_VARIANTS[(index + repetition) % CAMPAIGN_VARIANTS.length],
			);
			for (const variant of order) {
				const target = lookup(targets, variant, plan.tier);
				const run = await runCampaign(
					stack,
					target,
					plan.tier,
					campaignItems(plan.count, `${variant}-${repetition}`),
				);
				runs.push(run);
				progress(
					`${plan.tier}/s ${variant} #${repetition + 1}: ${(run.runMs / 1000).toFixed(1)} s, ${run.accepted} accepted, ${run.acceptedPerSecond.toFixed(0)} msg/s`,
				);
			}
		}
		results.push(summarizeCampaign(plan, runs, CAMPAIGN_VARIANTS));
	}
	return results;
}

/** Memory of 10,000 items over TLS with each Connection. */
async function transportMemoryRuns(
	stack: BenchStack,
	targets: Map<string, CampaignTarget>,
): Promise<TransportMemory[]> {
	const transportMemory: TransportMemory[] = [];
	for (const variant of ['ours-tls', 'ours-tls-reuse'] as const) {
		progress(`memory: ${MEMORY_ITEMS} items, ${variant}`);
		transportMemory.push({
			variant,
			growth: await measureMemoryGrowth(stack, lookup(targets, variant, 1000), 1000, MEMORY_ITEMS),
		});
	}
	return transportMemory;
}

async function transportProfiles(stack: BenchStack, targets: Map<string, CampaignTarget>) {
	return await profileCampaigns(
		stack,
		(['ours-tls', 'ours-tls-reuse', 'built-in-tls'] as const).map((variant) =>
			lookup(targets, variant, 1000),
		),
		progress,
	);
}

/** The ceiling row at the fastest tier: a bare Node.js keep-alive client, as often as each campaign. */
async function bareClientRuns(
	stack: BenchStack,
	campaignResults: CampaignResult[],
	repetitions: number,
) {
	const plan = CAMPAIGN_PLANS[CAMPAIGN_PLANS.length - 1];
	const runs: BareClientRun[] = [];
	for (let repetition = 0; repetition < repetitions; repetition++) {
		const run = await runBareClient(
			stack,
			plan.tier,
			plan.maxConcurrency,
			campaignItems(plan.count, `bare-${repetition}`),
		);
		runs.push(run);
		progress(
			`${plan.tier}/s bare Node.js client #${repetition + 1}: ${(run.runMs / 1000).toFixed(1)} s, ${run.accepted} accepted, ${run.acceptedPerSecond.toFixed(0)} msg/s`,
		);
	}
	return summarizeBareClient(
		plan,
		runs,
		campaignResults.find((campaign) => campaign.tier === plan.tier),
	);
}

/** 100 messages through each variant's 1,000/s workflow, so that no measured run pays n8n's first-use costs. */
async function warmUp(stack: BenchStack, targets: Map<string, CampaignTarget>): Promise<void> {
	progress('warming up each node');
	for (const variant of CAMPAIGN_VARIANTS) {
		await runCampaign(
			stack,
			lookup(targets, variant, 1000),
			1000,
			campaignItems(100, `warm-up-${variant}`),
		);
	}
}

function lookup(
	targets: Map<string, CampaignTarget>,
	variant: CampaignRun['variant'],
	tier: number,
): CampaignTarget {
	const target = targets.get(targetKey(variant, tier));
	if (!target) throw new Error(`no campaign workflow for ${variant} at ${tier}/s`);
	return target;
}

/** The run whose wall time is the median of its variant's, for the curve. */
function medianRun(runs: CampaignRun[]): CampaignRun {
	const sorted = [...runs].sort((a, b) => a.runMs - b.runMs);
	return sorted[Math.floor((sorted.length - 1) / 2)];
}

function curvePanels(results: CampaignResult[]): CurvePanel[] {
	const styles = {
		'ours-tls': { label: 'ours, TLS', color: '#1b7f3b' },
		'ours-http': { label: 'ours, plain HTTP', color: '#6fbf73', dashed: true },
		'built-in-tls': { label: "n8n's built-in node, TLS", color: '#c0392b' },
		'ours-tls-reuse': { label: 'ours, TLS, Reuse Connections', color: '#1f5fa8' },
	};
	return results.map((campaign) => ({
		title: `${campaign.count.toLocaleString('en-US')} messages at the ${campaign.tier.toLocaleString('en-US')}/s tier`,
		tier: campaign.tier,
		count: campaign.count,
		series: CAMPAIGN_VARIANTS.map((variant) => ({
			...styles[variant],
			points: medianRun(campaign.runs.filter((run) => run.variant === variant)).curve,
		})),
	}));
}

async function measure(
	stack: BenchStack,
	collector: ReportCollector,
	options: Options,
): Promise<Omit<BenchResults, 'targets' | 'overhead' | 'machine' | 'durationS' | 'generatedAt'>> {
	const sockets = watchSockets(stack.harness.n8n.n8nPid);
	try {
		return await measureWatched(stack, collector, options, sockets);
	} finally {
		await sockets.stop();
	}
}

async function measureWatched(
	stack: BenchStack,
	collector: ReportCollector,
	options: Options,
	sockets: ReturnType<typeof watchSockets>,
): Promise<Omit<BenchResults, 'targets' | 'overhead' | 'machine' | 'durationS' | 'generatedAt'>> {
	const targets = await deployCampaigns(stack, CAMPAIGN_PLANS);
	await warmUp(stack, targets);
	const fanOutResults = await fanOut(stack, collector, fanOutRepetitions(options));
	const campaignResults = await campaigns(stack, targets, options.repetitions);
	const bareClient = await bareClientRuns(stack, campaignResults, options.repetitions);
	const skipSent = await measureSkipSent(
		stack,
		lookup(targets, 'ours-tls', 80),
		options.repetitions,
		progress,
	);
	progress(`memory: ${MEMORY_ITEMS} items`);
	const memory = await measureMemoryGrowth(
		stack,
		lookup(targets, 'ours-http', 1000),
		1000,
		MEMORY_ITEMS,
	);
	const transportMemory = await transportMemoryRuns(stack, targets);
	const profile = options.profile ? await transportProfiles(stack, targets) : undefined;
	const refused = (await readFile(stack.egressLog, 'utf8').catch(() => ''))
		.split('\n')
		.filter((line) => line !== '')
		.map((line) => (JSON.parse(line) as { what: string }).what);
	const graphRequests = campaignResults
		.flatMap((campaign) => campaign.runs)
		.filter((run) => run.variant !== 'ours-http')
		.reduce((sum, run) => sum + run.requests, 0);
	return {
		settings: {
			package: options.tarball ?? `this repository's build at ${await headCommit()}`,
			latencyMs: CAMPAIGN_LATENCY_MS,
			campaignRepetitions: options.repetitions,
			fanOutRepetitions: fanOutRepetitions(options),
		},
		campaign: campaignResults,
		skipSent,
		fanOut: fanOutResults,
		memory,
		bareClient,
		transportMemory,
		loopback: { refused, sockets: await sockets.stop(), graphRequests },
		...(profile ? { profile } : {}),
	};
}

async function main(): Promise<void> {
	const options = parseOptions(process.argv.slice(2));
	if (options.skipSentOnly) return await skipSentOnly(options);
	if (options.fanOutOnly) return await fanOutOnly(options);
	if (options.connectionOnly) return await connectionOnly(options);
	const loadAverageAtStart = loadavg();
	progress('node overhead');
	const overhead = measureNodeOverhead(
		statusWebhook({
			count: 1000,
			wabaId: BENCH_IDENTITY.wabaId,
			phoneNumberId: BENCH_IDENTITY.phoneNumberId,
			appSecret: BENCH_IDENTITY.appSecret,
		}),
		1000,
		BENCH_IDENTITY.appSecret,
	);
	const collector = await startReportCollector();
	let measured: Awaited<ReturnType<typeof measure>>;
	try {
		progress('starting the sandboxes and n8n');
		const stack = await startBenchStack({
			collectorUrl: collector.url,
			tarball: options.tarball,
			triggerVersion: options.triggerVersion,
		});
		try {
			measured = await measure(stack, collector, options);
		} finally {
			await stack.stop();
		}
	} finally {
		await collector.close();
	}
	const partial = {
		generatedAt: new Date().toISOString(),
		durationS: (Date.now() - started) / 1000,
		machine: {
			cpus: cpus().length,
			cpuModel: cpus()[0]?.model ?? 'unknown',
			memoryGb: totalmem() / 1024 ** 3,
			loadAverageAtStart,
			loadAverageAtEnd: loadavg(),
			benchNode: process.version,
			n8n: N8N_VERSION,
		},
		overhead,
		...measured,
	};
	const results: BenchResults = { ...partial, targets: checkTargets(partial) };
	const folder = options.output;
	await mkdir(folder, { recursive: true });
	await writeFile(join(folder, 'latest.json'), `${JSON.stringify(results, null, '\t')}\n`);
	await writeFile(
		join(folder, 'campaign-curve.svg'),
		campaignCurveSvg(
			curvePanels(results.campaign),
			`Median runs, sandbox latency ${CAMPAIGN_LATENCY_MS} ms, n8n ${N8N_VERSION} on ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.generatedAt.slice(0, 10)}`,
		),
	);
	console.log(formatReport(results));
	progress(`wrote ${join(folder, 'latest.json')} and ${join(folder, 'campaign-curve.svg')}`);
}

/** Just the fan-out rows (and, with --profile, where n8n's main thread spends a fan-out of 1,000). */
async function fanOutOnly(options: Options): Promise<void> {
	await withBenchStack(options, async (stack, collector) => {
		const fanOutResults = await fanOut(stack, collector, fanOutRepetitions(options));
		const profiles: FanOutProfile[] = [];
		if (options.profile) {
			const { make, post } = fanOutPoster(stack, collector);
			const webhook = make(PROFILED_FAN_OUT);
			for (const target of stack.fanOutTargets) {
				const { profile, cpuProfile } = await profileFanOut(
					stack.control,
					target,
					PROFILED_FAN_OUT,
					PROFILED_FAN_OUT_POSTS,
					async () => await post(target, PROFILED_FAN_OUT, webhook),
				);
				profiles.push(profile);
				await mkdir(options.output, { recursive: true });
				await writeFile(
					join(options.output, `fan-out-${target.name}.cpuprofile`),
					JSON.stringify(cpuProfile),
				);
				progress(`profiled the ${target.name} fan-out`);
			}
		}
		const result = {
			generatedAt: new Date().toISOString(),
			package: options.tarball ?? `this repository's build at ${await headCommit()}`,
			triggerVersion: options.triggerVersion ?? 'newest',
			loadAverage: loadavg(),
			fanOutRepetitions: fanOutRepetitions(options),
			fanOut: fanOutResults,
			...(options.profile ? { profiles } : {}),
		};
		await writePartialResult(options, 'fan-out.json', result);
		console.log(formatFanOut(fanOutResults, fanOutRepetitions(options)));
		for (const profile of profiles) {
			console.log(
				`\n${profile.target}: ${profile.posts} fan-outs of ${profile.statuses}, main thread ${profile.summary.totalMs.toFixed(0)} ms, busy ${(profile.summary.busyShare * 100).toFixed(0)} %`,
			);
			const { byArea, inclusiveByArea, inclusive } = profile.summary;
			for (const [title, shares] of Object.entries({ byArea, inclusiveByArea, inclusive }))
				for (const share of shares)
					console.log(`  ${title} ${share.name}: ${share.ms.toFixed(0)} ms`);
		}
	});
}

/** Just the Reuse Connections rows, for a machine too busy for the whole bench. */
async function connectionOnly(options: Options): Promise<void> {
	const loadAverageAtStart = loadavg();
	await withBenchStack(options, async (stack) => {
		const plans = CAMPAIGN_PLANS.filter((plan) => plan.tier === 1000);
		const targets = await deployCampaigns(stack, plans);
		await warmUp(stack, targets);
		const campaignResults = await campaigns(stack, targets, options.repetitions, plans);
		const bareClient = await bareClientRuns(stack, campaignResults, options.repetitions);
		const transportMemory = await transportMemoryRuns(stack, targets);
		const profile = options.profile ? await transportProfiles(stack, targets) : undefined;
		const result = {
			generatedAt: new Date().toISOString(),
			package: options.tarball ?? `this repository's build at ${await headCommit()}`,
			latencyMs: CAMPAIGN_LATENCY_MS,
			repetitions: options.repetitions,
			loadAverageAtStart,
			loadAverageAtEnd: loadavg(),
			campaign: campaignResults[0],
			bareClient,
			transportMemory,
			...(profile ? { profile } : {}),
			targets: connectionTargets(campaignResults, bareClient),
		};
		await writePartialResult(options, 'connection.json', result);
		console.log(formatConnection(result));
	});
}

/** Just the Skip References Already Sent row, for a machine too busy for the whole bench. */
async function skipSentOnly(options: Options): Promise<void> {
	await withBenchStack(options, async (stack) => {
		const targets = await deployCampaigns(
			stack,
			CAMPAIGN_PLANS.filter((plan) => plan.tier === 80),
		);
		const plain = lookup(targets, 'ours-tls', 80);
		await runCampaign(stack, plain, 80, campaignItems(100, 'warm-up'));
		const skipSent = await measureSkipSent(stack, plain, options.repetitions, progress);
		const result = {
			generatedAt: new Date().toISOString(),
			loadAverage: loadavg(),
			skipSent,
			targets: skipSentTargets(skipSent),
		};
		await writePartialResult(options, 'skip-sent.json', result);
		console.log(formatSkipSent(skipSent));
		for (const check of result.targets)
			console.log(`${check.met ? 'met' : 'NOT MET'}: ${check.target}: ${check.value}`);
	});
}

/** Starts the collector, the sandboxes and n8n, runs `measure` and stops them all again. */
async function withBenchStack(
	options: Options,
	measure: (stack: BenchStack, collector: ReportCollector) => Promise<void>,
): Promise<void> {
	const collector = await startReportCollector();
	try {
		progress('starting the sandboxes and n8n');
		const stack = await startBenchStack({
			collectorUrl: collector.url,
			tarball: options.tarball,
			triggerVersion: options.triggerVersion,
		});
		try {
			await measure(stack, collector);
		} finally {
			await stack.stop();
		}
	} finally {
		await collector.close();
	}
}

/** Writes a partial run's results as `<output>/<name>`. */
async function writePartialResult(options: Options, name: string, result: unknown): Promise<void> {
	await mkdir(options.output, { recursive: true });
	await writeFile(join(options.output, name), `${JSON.stringify(result, null, '\t')}\n`);
}

main().catch((error: unknown) => {
	const message = (error as Error).message;
	console.error(message.startsWith('usage:') ? message : error);
	process.exitCode = 1;
});
