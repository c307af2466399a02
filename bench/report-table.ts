import type { CampaignVariant } from './campaign';
import {
	mb,
	type BenchResults,
	type CampaignResult,
	type FanOutResult,
	type TargetCheck,
} from './results';
import type { SkipSentResult } from './skip-sent';

const VARIANT_LABELS: Record<CampaignVariant, string> = {
	'ours-tls': 'ours, TLS',
	'built-in-tls': 'built-in, TLS',
	'ours-http': 'ours, plain HTTP',
	'ours-tls-reuse': 'ours, TLS, Reuse Connections',
};

function table(header: string[], rows: string[][]): string {
	const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
	return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const n = (value: number, digits = 0) =>
	value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The side-by-side tables, as Markdown, for the terminal and the README alike. */
export function formatReport(results: BenchResults): string {
	const { machine, settings } = results;
	const sections: string[] = [
		`Machine: ${machine.cpus} × ${machine.cpuModel}, ${n(machine.memoryGb, 1)} GB; load average ${machine.loadAverageAtStart.map((load) => n(load, 2)).join(' ')} at the start, ${machine.loadAverageAtEnd.map((load) => n(load, 2)).join(' ')} at the end. n8n ${machine.n8n}; bench on Node.js ${machine.benchNode}. Measured: ${settings.package}. ${n(results.durationS)} s in all.`,
	];
	for (const campaign of results.campaign)
		sections.push(...campaignSections(campaign, settings.latencyMs, settings.campaignRepetitions));
	sections.push(formatSkipSent(results.skipSent));
	sections.push(formatFanOut(results.fanOut, settings.fanOutRepetitions));
	const { overhead } = results;
	sections.push(
		`### Node overhead (Node.js ${overhead.node}, a ${n(overhead.bodyBytes / 1024)} kB body of ${n(overhead.statuses)} statuses)`,
		table(
			['per status', 'µs', '÷ JSON.parse'],
			[
				['JSON.parse (the floor)', n(overhead.perStatusUs.jsonParse, 2), '1.00×'],
				[
					'signature check',
					n(overhead.perStatusUs.signature, 2),
					`${n(overhead.perStatusUs.signature / overhead.perStatusUs.jsonParse, 2)}×`,
				],
				[
					'envelope checks',
					n(overhead.perStatusUs.validateEnvelope, 2),
					`${n(overhead.perStatusUs.validateEnvelope / overhead.perStatusUs.jsonParse, 2)}×`,
				],
				[
					'flattenWebhook',
					n(overhead.perStatusUs.flattenWebhook, 2),
					`${n(overhead.perStatusUs.flattenWebhook / overhead.perStatusUs.jsonParse, 2)}×`,
				],
				[
					'all our trigger does (signature, parse, checks, flatten)',
					n(overhead.perStatusUs.triggerTotal, 2),
					`${n(overhead.triggerOverJsonParse, 2)}×`,
				],
			],
		),
		table(
			['per message', 'µs'],
			[
				['buildRequest (text, with Reference ID)', n(overhead.perMessageUs.buildRequest, 2)],
				['JSON.parse of the message body (the floor)', n(overhead.perMessageUs.jsonParse, 2)],
			],
		),
	);
	sections.push(...connectionSections(results));
	const { memory } = results;
	sections.push(
		`### Memory: our node sending ${n(memory.items)} items in one execution (plain HTTP, ${n(memory.run.tier)}/s)`,
		table(
			[
				'n8n RSS before',
				'peak RSS',
				'heap before',
				'heap after',
				'the items in memory (JSON)',
				'peak growth ÷ items',
				'kept ÷ items',
			],
			[
				[
					`${mb(memory.rssBeforeBytes)} MB`,
					`${mb(memory.peakRssBytes)} MB`,
					`${mb(memory.heapBeforeBytes)} MB`,
					`${mb(memory.heapAfterBytes)} MB`,
					`${mb(memory.itemsHeapBytes)} MB (${mb(memory.itemsJsonBytes)} MB)`,
					`${n(memory.peakGrowthOverItems, 1)}×`,
					`${n(memory.retainedOverItems, 2)}×`,
				],
			],
		),
		`Heap figures after a full GC. The same items through Webhook → Split Out → No Op, nothing sent: peak RSS +${mb(memory.baselinePeakGrowthBytes)} MB. Sent in ${n(memory.run.runMs / 1000, 1)} s (first message accepted after ${n((memory.run.curve[1]?.[0] ?? 0) / 1000, 1)} s), lost ${memory.run.lost}, duplicated ${memory.run.duplicated}.`,
	);
	const { loopback } = results;
	sections.push(
		'### Loopback only',
		`${n(loopback.graphRequests)} requests reached the sandbox as graph.facebook.com; refused outside lookups or connections in n8n: ${loopback.refused.length === 0 ? 'none' : loopback.refused.join(', ')}; ${
			loopback.sockets.available
				? `n8n's TCP peers over ${loopback.sockets.samples} ss samples: ${loopback.sockets.peers.join(', ') || 'none'}${loopback.sockets.outside.length > 0 ? ` (OUTSIDE LOOPBACK: ${loopback.sockets.outside.join(', ')})` : ''}`
				: 'ss was not available for a socket check'
		}.`,
		...profileSections(results.profile),
		'### Targets',
		table(
			['target', 'figure', 'met'],
			results.targets.map((check) => [check.target, check.value, check.met ? 'yes' : '**no**']),
		),
	);
	return sections.join('\n\n');
}

/** The row of Skip References Already Sent: the same campaign without and with the option. */
export function formatSkipSent(skipSent: SkipSentResult): string {
	return [
		`### Skip References Already Sent: ${n(skipSent.count)} texts at the ${n(skipSent.tier)}/s tier, ours over TLS (medians of ${skipSent.repetitions}, alternating)`,
		table(
			[
				'option',
				'wall s',
				'share of tier',
				'accepted (worst)',
				'lost / duplicated (worst)',
				'on ÷ off',
				'n8n CPU ms / message',
			],
			[
				[
					'off',
					n(skipSent.withoutMs / 1000, 1),
					`${n(skipSent.withoutShareOfTier * 100, 1)} %`,
					'',
					'',
					'',
					n(skipSent.withoutCpuMsPerMessage, 2),
				],
				[
					'on, nothing to skip',
					n(skipSent.withMs / 1000, 1),
					`${n(skipSent.withShareOfTier * 100, 1)} %`,
					`${n(skipSent.withAccepted)} / ${n(skipSent.count)}`,
					`${n(skipSent.withLost)} / ${n(skipSent.withDuplicated)}`,
					`${n(skipSent.withOverWithout, 2)}×`,
					n(skipSent.withCpuMsPerMessage, 2),
				],
				[
					'on, the same campaign again (all skipped)',
					n(skipSent.allSkippedMs / 1000, 1),
					'',
					`${n(skipSent.acceptedWhenAllSkipped)} sent`,
					'',
					'',
					'',
				],
			],
		),
	].join('\n\n');
}

/** The fan-out table: each size, both triggers, medians with quartiles. */
export function formatFanOut(fanOuts: FanOutResult[], repetitions: number): string {
	return [
		`### Status fan-out: POST to the downstream node holding one item per status (medians of ${repetitions}, quartiles in brackets)`,
		table(
			[
				'statuses',
				'ours ms',
				'built-in + Split Out ms',
				'ours ÷ built-in',
				'peak RSS ours MB (growth)',
				'peak RSS built-in MB (growth)',
			],
			fanOuts.map((fanOut) => [
				n(fanOut.statuses),
				`${n(fanOut.oursMs)} (${fanOut.oursQuartilesMs.map((ms) => n(ms)).join('–')})`,
				`${n(fanOut.builtInMs)} (${fanOut.builtInQuartilesMs.map((ms) => n(ms)).join('–')})`,
				`${n(fanOut.oursOverBuiltIn, 2)}×`,
				`${mb(fanOut.oursPeakRssBytes)} (+${mb(fanOut.oursPeakGrowthBytes)})`,
				`${mb(fanOut.builtInPeakRssBytes)} (+${mb(fanOut.builtInPeakGrowthBytes)})`,
			]),
		),
	].join('\n\n');
}

/** One campaign's table and its ratios. */
export function campaignSections(
	campaign: CampaignResult,
	latencyMs: number,
	repetitions: number,
): string[] {
	return [
		`### Campaign: ${n(campaign.count)} text messages at the ${n(campaign.tier)}/s tier (latency ${latencyMs} ms, medians of ${repetitions}; lost and duplicated: worst run)`,
		table(
			[
				'node',
				'wall s',
				'accepted',
				'msg/s',
				'share of tier',
				'sustained',
				'130429 seen',
				'lost',
				'duplicated',
				'most in flight',
				'CPU n8n / sandbox',
				'failed runs',
			],
			campaign.summaries.map((summary) => [
				VARIANT_LABELS[summary.variant],
				n(summary.runMs / 1000, 1),
				n(summary.accepted),
				n(summary.acceptedPerSecond, 1),
				`${n(summary.shareOfTier * 100, 1)} %`,
				`${n(summary.sustainedShareOfTier * 100, 1)} %`,
				n(summary.throughputErrors),
				n(summary.lost),
				n(summary.duplicated),
				n(summary.maxInFlight),
				`${n(summary.n8nCpu * 100)} % / ${n(summary.benchCpu * 100)} %`,
				`${summary.failedRuns} of ${summary.runs}`,
			]),
		),
		`Ours ÷ built-in, msg/s, both over TLS: **${n(campaign.oursOverBuiltIn, 2)}×**, with Reuse Connections **${n(campaign.reuseOverBuiltIn, 2)}×** (ours over plain HTTP ÷ built-in over TLS: ${n(campaign.oursHttpOverBuiltIn, 2)}×). Sustained: the pace from the 10th to the 90th percentile of acceptances, without the execution's start and the last retries; at most 97 % of the tier, since every sender paces with 3 % headroom. CPU: % of one core, n8n's process (all threads) / the benchmark with the sandbox, from the POST to its answer.`,
	];
}

/** The ceiling row and the memory by Connection. */
export function connectionSections(
	results: Pick<BenchResults, 'bareClient' | 'transportMemory'>,
): string[] {
	const sections: string[] = [];
	const { bareClient } = results;
	sections.push(
		`### The ceiling: a bare Node.js keep-alive client, ${n(bareClient.count)} messages at the ${n(bareClient.tier)}/s tier (same sandbox, latency and ${n(bareClient.maxConcurrency)} in flight; medians of ${bareClient.runs.length})`,
		table(
			[
				'client',
				'msg/s',
				'share of tier',
				'sustained',
				'lost',
				'duplicated',
				'130429 seen',
				'ours ÷ it',
			],
			[
				[
					'Node.js fetch, keep-alive, no n8n',
					n(bareClient.acceptedPerSecond, 1),
					`${n(bareClient.shareOfTier * 100, 1)} %`,
					`${n(bareClient.sustainedShareOfTier * 100, 1)} %`,
					n(Math.max(...bareClient.runs.map((run) => run.lost))),
					n(Math.max(...bareClient.runs.map((run) => run.duplicated))),
					n(Math.max(...bareClient.runs.map((run) => run.throughputErrors))),
					`Reuse Connections ${n(bareClient.reuseOverBare, 2)}, request helper ${n(bareClient.oursOverBare, 2)}`,
				],
			],
		),
	);
	sections.push(
		`### Memory by Connection: our node sending ${n(results.transportMemory[0]?.growth.items ?? 0)} items over TLS in one execution`,
		table(
			['connection', 'RSS before', 'RSS peak', 'peak growth', 'heap after GC − before', 'sent in'],
			results.transportMemory.map(({ variant, growth }) => [
				VARIANT_LABELS[variant],
				`${mb(growth.rssBeforeBytes)} MB`,
				`${mb(growth.peakRssBytes)} MB`,
				`+${mb(growth.peakRssBytes - growth.rssBeforeBytes)} MB`,
				`${mb(growth.heapAfterBytes - growth.heapBeforeBytes)} MB`,
				`${n(growth.run.runMs / 1000, 1)} s`,
			]),
		),
	);
	return sections;
}

/** Each CPU profile's summary tables. */
export function profileSections(profiles: BenchResults['profile']): string[] {
	return (profiles ?? []).flatMap((profile) => [
		`### CPU profile: ${VARIANT_LABELS[profile.variant]}, ${n(profile.count)} messages at ${n(profile.tier)}/s (${n(profile.acceptedPerSecond, 1)} msg/s under the profiler; main thread busy ${n(profile.summary.busyShare * 100)} %, ${n((profile.summary.totalMs * profile.summary.busyShare) / profile.count, 2)} ms of it per message)`,
		table(
			['code on the stack (package or Node.js module)', 'ms', 'share'],
			profile.summary.inclusiveByArea.map((share) => [
				share.name,
				n(share.ms),
				`${n(share.share * 100, 1)} %`,
			]),
		),
		table(
			['frame on the stack', 'ms', 'share'],
			profile.summary.inclusive.map((share) => [
				share.name,
				n(share.ms),
				`${n(share.share * 100, 1)} %`,
			]),
		),
	]);
}

/** The --connection-only report: the fastest tier's campaign, the ceiling, memory and profiles by Connection. */
export function formatConnection(
	results: Pick<BenchResults, 'bareClient' | 'transportMemory' | 'profile'> & {
		campaign: CampaignResult;
		latencyMs: number;
		repetitions: number;
		loadAverageAtStart: number[];
		loadAverageAtEnd: number[];
		targets: TargetCheck[];
	},
): string {
	return [
		`Load average ${results.loadAverageAtStart.map((load) => n(load, 2)).join(' ')} at the start, ${results.loadAverageAtEnd.map((load) => n(load, 2)).join(' ')} at the end.`,
		...campaignSections(results.campaign, results.latencyMs, results.repetitions),
		...connectionSections(results),
		...profileSections(results.profile),
		'### Targets',
		table(
			['target', 'figure', 'met'],
			results.targets.map((check) => [check.target, check.value, check.met ? 'yes' : '**no**']),
		),
	].join('\n\n');
}
