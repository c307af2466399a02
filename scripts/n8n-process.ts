/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/require-node-api-error
	-- a dev script run by Node, never loaded by n8n */
import type { ChildProcess } from 'node:child_process';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { freePort } from './free-port';
import { n8nEnv, type N8nContext } from './n8n-env';
import { n8nMajor } from './n8n-versions';
import { logTail, startSupervised, waitUntilReady } from './supervised-process';

/**
 * `start` is the main instance (or the only one); in queue mode `worker` runs executions taken from
 * Redis and `webhook` answers production webhooks and queues their executions.
 */
export type N8nCommand = 'start' | 'worker' | 'webhook';

export interface StartN8nOptions extends N8nContext {
	command?: N8nCommand;
	/** After the command, e.g. `--concurrency=10` for a worker. */
	args?: string[];
	/** Picked free when left out. A worker serves only its health check there. */
	port?: number;
	/** Extra variables for n8n, after ours. */
	env?: NodeJS.ProcessEnv;
	readyTimeoutMs?: number;
}

export interface N8nHandle {
	/** http://127.0.0.1:<port>, no trailing slash. Production webhooks are under `${url}/webhook/`. */
	url: string;
	port: number;
	/** The supervisor that owns n8n (see n8n-supervisor.ts). */
	process: ChildProcess;
	/** n8n's own process, leader of the process group that also holds its task runner. */
	n8nPid: number;
	/** n8n's stdout and stderr. */
	logFile: string;
	/** Milliseconds from spawn to the first 200 of /healthz/readiness. */
	startupMs: number;
	/** Stops n8n and its task runner and waits for them; safe to call twice. */
	stop(): Promise<void>;
}

const stopGraceMs = 20_000;

/**
 * Starts `n8n <command>` under a supervisor, logging to `<userFolder>/n8n.log`, and resolves once
 * GET /healthz/readiness answers 200 (database migrated, server started; workflows published
 * before start go live a moment later, see N8nRestClient.waitUntilPublished). n8n 1.x answers
 * ready before it activates the active workflows, and logs `Editor is now accessible via` once it
 * has (its commands/start.js): `n8n start` of 1.x is ready only then.
 */
export async function startN8n(options: StartN8nOptions): Promise<N8nHandle> {
	const command = options.command ?? 'start';
	const port = options.port ?? (await freePort());
	const url = `http://127.0.0.1:${port}`;
	// n8n's temp files (data table uploads, ...) go into the user folder, which is removed with it.
	const tempDir = join(options.userFolder, 'tmp');
	await mkdir(tempDir, { recursive: true });
	// A worker has no web server: its health check, served on a port of its own, tells when it is ready.
	const workerHealth = {
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(port),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	};
	const env = n8nEnv(options, {
		TMPDIR: tempDir,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_WEBHOOK_URL: `${url}/`,
		N8N_SECURE_COOKIE: 'false',
		...(command === 'worker' ? workerHealth : {}),
		...options.env,
	});
	const { nodeBin, n8nBin } = options.install;
	const logFile = join(options.userFolder, 'n8n.log');
	// The log is appended to: a restart in the same user folder must not read the last start's lines.
	const logStart = (await stat(logFile).catch(() => undefined))?.size ?? 0;
	const started = Date.now();
	const n8n = await startSupervised({
		command: nodeBin,
		args: [n8nBin, command, ...(options.args ?? [])],
		env,
		cwd: options.userFolder,
		logFile,
		graceMs: stopGraceMs,
	});
	const activatesAfterReadiness = command === 'start' && n8nMajor(options.install.version) < 2;
	try {
		await waitUntilReady(
			n8n,
			`n8n ${command} at ${url}`,
			async () =>
				(await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2_000) })).status ===
					200 &&
				(!activatesAfterReadiness ||
					(await readFile(n8n.logFile))
						.subarray(logStart)
						.includes('Editor is now accessible via')),
			options.readyTimeoutMs ?? 180_000,
		);
	} catch (error) {
		await n8n.stop();
		throw new Error(
			`${(error as Error).message}\n--- tail of ${n8n.logFile} ---\n${await logTail(n8n.logFile)}`,
		);
	}
	return {
		url,
		port,
		process: n8n.supervisor,
		n8nPid: n8n.pid,
		logFile: n8n.logFile,
		startupMs: Date.now() - started,
		stop: n8n.stop,
	};
}
