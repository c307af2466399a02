/* eslint-disable
	@n8n/community-nodes/no-dangerous-functions,
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- a dev script run by Node, never loaded by n8n */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

import { selectedN8nVersion } from './n8n-versions';
import { repoRoot } from './repo-root';

export interface N8nInstall {
	/** n8n's version, such as 2.40.7: the harness picks version-specific behaviour by it. */
	version: string;
	installDir: string;
	/** The Node.js that n8n runs on: 24 for n8n 2.x, 22 for n8n 1.x. */
	nodeBin: string;
	/** n8n's CLI script, run with `nodeBin`. */
	n8nBin: string;
}

/** The line of scripts/install-n8n.sh that starts its explanation of a failed install. */
const failureMarker = '[install-n8n] FAILED';

/**
 * Runs scripts/install-n8n.sh for `version` (a no-op once the cache is ready; a few minutes the
 * first time) with its progress on our stderr, and returns where n8n and its Node.js live.
 * N8N_NODE_MAJOR overrides the Node.js major picked for the version. A failed install rejects
 * with the script's explanation: the step, its log file, what to do.
 */
export async function ensureN8nInstalled(version = selectedN8nVersion()): Promise<N8nInstall> {
	const env = { ...process.env, N8N_VERSION: version };
	const stdout = await runInstaller(join(repoRoot(), 'scripts', 'install-n8n.sh'), env);
	const installDir = stdout.trim().split('\n').pop() ?? '';
	return {
		version,
		installDir,
		nodeBin: join(installDir, 'node', 'node_modules', '.bin', 'node'),
		n8nBin: join(installDir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

/**
 * Passes the script's progress lines on as they come, and keeps its explanation of a failure for
 * the error instead, so that the caller shows it once, as the reason it stopped.
 */
async function runInstaller(script: string, env: NodeJS.ProcessEnv): Promise<string> {
	const child = spawn('bash', [script], {
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	const explanation: string[] = [];
	createInterface({ input: child.stderr }).on('line', (line) => {
		if (explanation.length > 0 || line.startsWith(failureMarker)) explanation.push(line);
		else process.stderr.write(`${line}\n`);
	});
	const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
		(resolve, reject) => {
			child.on('error', reject);
			child.on('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
		},
	);
	if (code === 0) return stdout;
	if (explanation.length > 0) {
		throw new Error(`the n8n install stopped.\n${explanation.join('\n')}`);
	}
	throw new Error(
		`the n8n install (bash ${script}) stopped (${signal ?? `exit ${String(code)}`}) without ` +
			'saying why; its output is above. Run the same command again.',
	);
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
