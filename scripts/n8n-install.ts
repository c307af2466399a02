import { dirname, join } from 'node:path';

import { selectedN8nVersion } from './n8n-versions';
import { repoRoot } from './repo-root';
import { runCommand } from './run-command';

export interface N8nInstall {
	/** n8n's version, such as 2.40.7: the harness picks version-specific behaviour by it. */
	version: string;
	installDir: string;
	/** The Node.js n8n runs on: 24 for n8n 2.x, 22 for 1.x (see scripts/install-n8n.sh). */
	nodeBin: string;
	/** n8n's CLI script, run with `nodeBin`. */
	n8nBin: string;
}

/**
 * Runs scripts/install-n8n.sh for `version` (a no-op once the cache is ready; a few minutes the
 * first time) with its progress on our stderr, and returns where n8n and its Node.js live.
 */
export async function ensureN8nInstalled(version = selectedN8nVersion()): Promise<N8nInstall> {
	const stdout = await runCommand('bash', [join(repoRoot(), 'scripts', 'install-n8n.sh')], {
		env: { ...process.env, N8N_VERSION: version },
		inheritStderr: true,
	});
	const installDir = stdout.trim().split('\n').pop() ?? '';
	return {
		version,
		installDir,
		nodeBin: join(installDir, 'node_modules', 'node', 'bin', 'node'),
		n8nBin: join(installDir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

/**
 * PATH with n8n's Node.js first, so that whatever n8n spawns by name runs on it. Only a few of our
 * variables are passed on: Jest's NODE_ENV=test would make n8n refuse to load nodes, and proxy
 * settings have nothing to reach.
 */
export function n8nBinaryEnv(install: N8nInstall): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { NODE_ENV: 'production' };
	for (const name of ['HOME', 'TMPDIR', 'LANG', 'TZ']) {
		if (process.env[name] !== undefined) env[name] = process.env[name];
	}
	env.PATH = [dirname(install.nodeBin), process.env.PATH].filter(Boolean).join(':');
	return env;
}
