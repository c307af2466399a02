import type { FanOutTarget } from './bench-stack';
import { summarizeProfile, type CpuProfile, type ProfileSummary } from './cpu-profile-summary';
import type { N8nControl } from './n8n-control';

export interface FanOutProfile {
	target: FanOutTarget['name'];
	statuses: number;
	posts: number;
	summary: ProfileSummary;
}

/** Frames that say where a fan-out goes: the trigger's own work, n8n's run of the nodes, storage. */
const FOCUS = [
	'webhook',
	'receiveWebhook',
	'readEnvelope',
	'parseEnvelope',
	'validateEnvelope',
	'flattenWebhook',
	'checkRequestSignature',
	'executeWebhook',
	'runWorkflow',
	'processRunExecutionData',
	'runNode',
	'execute',
	'getNodeParameter',
	'resolveSimpleParameterValue',
	'deepCopy',
	'stringify',
	'parse',
	'saveExecution',
	'updateExistingExecution',
	'(garbage collector)',
];

/**
 * Several fan-outs of one size on one trigger with n8n's main thread under the CPU profiler,
 * summarised, and the profile itself for a closer look. Profiling slows n8n: not figures.
 */
export async function profileFanOut(
	control: N8nControl,
	target: FanOutTarget,
	statuses: number,
	posts: number,
	post: () => Promise<unknown>,
): Promise<{ profile: FanOutProfile; cpuProfile: CpuProfile }> {
	await control.startProfile();
	for (let index = 0; index < posts; index++) await post();
	const cpuProfile = await control.stopProfile();
	return {
		profile: {
			target: target.name,
			statuses,
			posts,
			summary: summarizeProfile(cpuProfile, FOCUS),
		},
		cpuProfile,
	};
}
