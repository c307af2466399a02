import type { BenchStack } from './bench-stack';
import { BENCH_IDENTITY } from './bench-stack';
import { deploy, ourCampaign } from './bench-workflows';
import { campaignItems, runCampaign, type CampaignRun, type CampaignTarget } from './campaign';
import { median, ratio } from './stats';

/** The campaign of the 80/s tier, run with and without Skip References Already Sent. */
const TIER = 80;
const COUNT = 1000;
const MAX_CONCURRENCY = 100;

export interface SkipSentResult {
	tier: number;
	count: number;
	repetitions: number;
	/** Medians of the runs' wall time: the option off, on (nothing to skip), and on again with the same items (all skipped). */
	withoutMs: number;
	withMs: number;
	allSkippedMs: number;
	/** withMs ÷ withoutMs. */
	withOverWithout: number;
	/** The median share of the tier without the option: the pacing's own ceiling on this machine. */
	withoutShareOfTier: number;
	/** n8n's CPU per message (ms of one core, medians), without and with the option: their difference is what checking and recording cost. */
	withoutCpuMsPerMessage: number;
	withCpuMsPerMessage: number;
	/** With the option on: the median share of the tier, and the worst run's accepted, lost and duplicated. */
	withShareOfTier: number;
	withAccepted: number;
	withLost: number;
	withDuplicated: number;
	/** Messages accepted by the runs that should have skipped everything. */
	acceptedWhenAllSkipped: number;
	runs: Array<CampaignRun & { option: 'off' | 'on' | 'on, all skipped' }>;
}

/**
 * The cost of the option, as a ratio measured in one run: the same campaign (fresh references each
 * time, so nothing is skipped) alternately without and with it, then once more with the same
 * references, when every item is skipped. Our node over TLS.
 */
export async function measureSkipSent(
	stack: BenchStack,
	without: CampaignTarget,
	repetitions: number,
	progress: (message: string) => void,
): Promise<SkipSentResult> {
	const path = `bench-skip-sent-${TIER}`;
	const workflowId = await deploy(
		stack.harness.client,
		ourCampaign({
			path,
			phoneNumberId: BENCH_IDENTITY.phoneNumberId,
			credential: stack.credentials.oursTls,
			messagesPerSecond: TIER,
			maxConcurrency: MAX_CONCURRENCY,
			skipReferencesAlreadySent: true,
		}),
	);
	const withOption: CampaignTarget = {
		...without,
		workflowId,
		webhookUrl: `${stack.harness.n8n.url}/webhook/${path}`,
	};
	const runs: SkipSentResult['runs'] = [];
	for (let repetition = 0; repetition < repetitions; repetition++) {
		const pair: Array<['off' | 'on', CampaignTarget]> = [
			['off', without],
			['on', withOption],
		];
		if (repetition % 2 === 1) pair.reverse();
		for (const [option, target] of pair) {
			const items = campaignItems(COUNT, `skip-sent-${option}-${repetition}`);
			runs.push({ ...(await runCampaign(stack, target, TIER, items)), option });
			if (option === 'on')
				runs.push({
					...(await runCampaign(stack, target, TIER, items)),
					option: 'on, all skipped',
				});
		}
		progress(`skip references already sent #${repetition + 1}: done`);
	}
	const of = (option: SkipSentResult['runs'][number]['option']) =>
		runs.filter((run) => run.option === option);
	const withMs = median(of('on').map((run) => run.runMs));
	const withoutMs = median(of('off').map((run) => run.runMs));
	return {
		tier: TIER,
		count: COUNT,
		repetitions,
		withoutMs,
		withMs,
		allSkippedMs: median(of('on, all skipped').map((run) => run.runMs)),
		withOverWithout: ratio(withMs, withoutMs),
		withoutShareOfTier: median(of('off').map((run) => run.shareOfTier)),
		withoutCpuMsPerMessage: median(of('off').map(cpuMsPerMessage)),
		withCpuMsPerMessage: median(of('on').map(cpuMsPerMessage)),
		withShareOfTier: median(of('on').map((run) => run.shareOfTier)),
		withAccepted: Math.min(...of('on').map((run) => run.accepted)),
		withLost: Math.max(...of('on').map((run) => run.lost)),
		withDuplicated: Math.max(...of('on').map((run) => run.duplicated)),
		acceptedWhenAllSkipped: Math.max(...of('on, all skipped').map((run) => run.accepted)),
		runs,
	};
}

/** n8n's CPU (`n8nCpu` is a share of one core over the run) spread over the run's messages. */
function cpuMsPerMessage(run: CampaignRun): number {
	return (run.n8nCpu * run.runMs) / run.count;
}
