/* eslint-disable
	@n8n/community-nodes/no-dangerous-functions,
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- a dev script run by Node, never loaded by n8n */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { compatN8nVersions, missingFeature, type N8nFeature } from './n8n-versions';
import { repoRoot } from './repo-root';

/**
 * The end-to-end files that check what every supported n8n version must do: the harness and both
 * install routes, sending (with each Connection), the trigger, the demo's round trip, the BSP
 * profiles and Skip References Already Sent (n8n's deduplication store). The full suite runs on the
 * pinned version
 * (npm run test:e2e).
 */
const coreE2eFiles = [
	'test/e2e/harness.test.ts',
	'test/e2e/install-routes.test.ts',
	'test/e2e/send.test.ts',
	'test/e2e/reuse-connections.test.ts',
	'test/e2e/trigger.test.ts',
	'test/e2e/round-trip.test.ts',
	'test/e2e/bsp.test.ts',
	'test/e2e/resend.test.ts',
];

const checkedFeatures: N8nFeature[] = ['humanReviewTool'];

/**
 * `npm run test:compat [version…]`: the core end-to-end files on each n8n version users run
 * besides the pinned one (scripts/n8n-versions.ts), each installed once into the user cache.
 */
function main(): void {
	const versions = process.argv.length > 2 ? process.argv.slice(2) : compatN8nVersions;
	const jest = join(repoRoot(), 'node_modules', 'jest', 'bin', 'jest.js');
	const failed: string[] = [];
	for (const version of versions) {
		process.stderr.write(
			`\n[compat] n8n ${version}: ${coreE2eFiles.length} core end-to-end files\n`,
		);
		for (const feature of checkedFeatures) {
			const reason = missingFeature(version, feature);
			if (reason)
				process.stderr.write(`[compat] skipping the tests that need ${feature}: ${reason}\n`);
		}
		const run = spawnSync(
			process.execPath,
			[jest, '--selectProjects', 'e2e', '--runInBand', ...coreE2eFiles],
			{ cwd: repoRoot(), env: { ...process.env, N8N_VERSION: version }, stdio: 'inherit' },
		);
		if (run.status !== 0) failed.push(version);
	}
	if (failed.length > 0) {
		process.stderr.write(`[compat] failed on n8n ${failed.join(', ')}\n`);
		process.exit(1);
	}
	process.stderr.write(`[compat] passed on n8n ${versions.join(', ')}\n`);
}

main();
