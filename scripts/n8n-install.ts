/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- a dev script run by Node, never loaded by n8n */
import { dirname, join } from 'node:path';

import { repoRoot } from './repo-root';
import { runCommand } from './run-command';

export interface N8nInstall {
	installDir: string;
	/** Node.js 24, which n8n 2.x requires. */
	nodeBin: string;
	/** n8n's CLI script, run with `nodeBin`. */
	n8nBin: string;
}

/**
 * Runs scripts/install-n8n.sh (a no-op once the cache is ready; a few minutes the first time) with
 * its progress on our stderr, and returns where n8n and its Node.js live.
 */
export async function ensureN8nInstalled(): Promise<N8nInstall> {
	const stdout = await runCommand('bash', [join(repoRoot(), 'scripts', 'install-n8n.sh')], {
		inheritStderr: true,
	});
	const installDir = stdout.trim().split('\n').pop() ?? '';
	return {
		installDir,
		nodeBin: join(installDir, 'node_modules', 'node', 'bin', 'node'),
		n8nBin: join(installDir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

/**
 * PATH with Node.js 24 first, so that whatever n8n spawns by name runs on it. Only a few of our
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
