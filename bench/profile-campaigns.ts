import type { BenchStack } from './bench-stack';
import { campaignItems, runCampaign, type CampaignTarget, type CampaignVariant } from './campaign';
import { summarizeProfile, type ProfileSummary } from './cpu-profile-summary';

export interface CampaignProfile {
	variant: CampaignVariant;
	tier: number;
	count: number;
	runMs: number;
	acceptedPerSecond: number;
	summary: ProfileSummary;
}

const PROFILED_ITEMS = 2000;

/** Frames whose inclusive time says where a send goes: item building, expressions, the request helper, TLS. */
const FOCUS = [
	'executeSend',
	'buildRequest',
	'runSendQueue',
	'runNode',
	'resolveBaseUrl',
	'getRequestOptionsFromParameters',
	'getNodeParameter',
	'renderExpression',
	'httpRequestWithAuthentication',
	'authenticate',
	'getDecrypted',
	'dispatchHttpRequest',
	'createSecureContext',
	'TLSSocket._start',
	'ClientRequest',
	'fetch',
	'(garbage collector)',
];

/**
 * One campaign per target with n8n's main thread under the CPU profiler, summarised. Profiling
 * slows n8n down: these runs are not figures.
 */
export async function profileCampaigns(
	stack: BenchStack,
	targets: CampaignTarget[],
	progress: (message: string) => void,
): Promise<CampaignProfile[]> {
	const profiles: CampaignProfile[] = [];
	for (const target of targets) {
		const tier = 1000;
		await stack.control.startProfile();
		const run = await runCampaign(
			stack,
			target,
			tier,
			campaignItems(PROFILED_ITEMS, `profile-${target.variant}`),
		);
		const profile = await stack.control.stopProfile();
		profiles.push({
			variant: target.variant,
			tier,
			count: PROFILED_ITEMS,
			runMs: run.runMs,
			acceptedPerSecond: run.acceptedPerSecond,
			summary: summarizeProfile(profile, FOCUS),
		});
		progress(`profiled ${target.variant}`);
	}
	return profiles;
}
