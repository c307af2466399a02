/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- a dev script run by Node, never loaded by n8n */
/** The n8n that `npm start`, the benchmark and the full end-to-end suite run. */
export const pinnedN8nVersion = '2.40.7';

/**
 * The other n8n versions users run, on which `npm run test:compat` runs the core end-to-end files:
 * the 1.x LTS line (on Node.js 22) and the newest 2.x that installs from the registry (2.41.3
 * needs an `@n8n/agents` version that was never published).
 */
export const compatN8nVersions = ['1.123.81', '2.41.1'];

/** N8N_VERSION, or the pinned version. */
export function selectedN8nVersion(): string {
	return process.env.N8N_VERSION || pinnedN8nVersion;
}

export function n8nMajor(version: string): number {
	const major = Number(version.split('.')[0]);
	if (!Number.isInteger(major))
		throw new Error(`"${version}" is not an n8n version such as 2.40.7`);
	return major;
}

/** Features of this package that some n8n versions lack. */
export type N8nFeature = 'humanReviewTool';

/**
 * Why `version` cannot run `feature`, or undefined when it can. Tests that need a feature are
 * skipped on the versions that lack it, with this reason in their name.
 */
export function missingFeature(version: string, feature: N8nFeature): string | undefined {
	const reasons: Record<N8nFeature, string | undefined> = {
		// n8n 2.x makes a "…HitlTool" of every node with a sendAndWait operation (its tool-generation/hitl-tools.js).
		humanReviewTool:
			n8nMajor(version) < 2 ? 'n8n 1.x makes no human-review tools for AI agents' : undefined,
	};
	return reasons[feature];
}
