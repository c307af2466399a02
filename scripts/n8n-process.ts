import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { freePort } from './free-port';
import { n8nEnv, type N8nContext } from './n8n-env';
import { supervisorSource } from './n8n-supervisor';

export interface StartN8nOptions extends N8nContext {
	/** Picked free when left out. */
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
 * Starts `n8n start` under a supervisor, logging to `<userFolder>/n8n.log`, and resolves once
 * GET /healthz/readiness answers 200 (database migrated, server started; workflows published
 * before start go live a moment later, see N8nRestClient.waitUntilPublished).
 */
export async function startN8n(options: StartN8nOptions): Promise<N8nHandle> {
	const port = options.port ?? (await freePort());
	const url = `http://127.0.0.1:${port}`;
	// n8n's temp files (data table uploads, ...) go into the user folder, which is removed with it.
	const tempDir = join(options.userFolder, 'tmp');
	await mkdir(tempDir, { recursive: true });
	const env = n8nEnv(options, {
		TMPDIR: tempDir,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_WEBHOOK_URL: `${url}/`,
		N8N_SECURE_COOKIE: 'false',
		...options.env,
	});
	const { nodeBin, n8nBin } = options.install;
	const logFile = join(options.userFolder, 'n8n.log');
	const logFd = openSync(logFile, 'a');
	const started = Date.now();
	const supervisor = spawn(
		nodeBin,
		['-e', supervisorSource(stopGraceMs), nodeBin, n8nBin, 'start'],
		{
			env,
			cwd: options.userFolder,
			detached: true,
			stdio: ['ignore', logFd, logFd, 'ipc'],
		},
	);
	closeSync(logFd);
	const exited = new Promise<void>((resolve) => supervisor.once('exit', () => resolve()));

	let stopping: Promise<void> | undefined;
	const stop = async () => {
		stopping ??= stopSupervisor(supervisor, exited);
		await stopping;
	};
	try {
		const n8nPid = await n8nPidFrom(supervisor, exited);
		await waitForReadiness(url, supervisor, options.readyTimeoutMs ?? 180_000);
		return {
			url,
			port,
			process: supervisor,
			n8nPid,
			logFile,
			startupMs: Date.now() - started,
			stop,
		};
	} catch (error) {
		await stop();
		throw new Error(
			`${(error as Error).message}\n--- tail of ${logFile} ---\n${await logTail(logFile)}`,
		);
	}
}

async function n8nPidFrom(supervisor: ChildProcess, exited: Promise<void>): Promise<number> {
	const message = new Promise<number>((resolve) =>
		supervisor.once('message', (value: { n8nPid: number }) => resolve(value.n8nPid)),
	);
	const pid = await Promise.race([message, exited.then(() => undefined)]);
	if (pid === undefined) throw new Error('n8n could not be spawned');
	return pid;
}

async function waitForReadiness(
	url: string,
	supervisor: ChildProcess,
	timeoutMs: number,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (supervisor.exitCode !== null || supervisor.signalCode !== null) {
			throw new Error(
				`n8n exited (${supervisor.exitCode ?? supervisor.signalCode}) before it was ready`,
			);
		}
		try {
			const response = await fetch(`${url}/healthz/readiness`, {
				signal: AbortSignal.timeout(2_000),
			});
			if (response.status === 200) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`n8n was not ready at ${url} within ${timeoutMs} ms`);
}

async function stopSupervisor(supervisor: ChildProcess, exited: Promise<void>): Promise<void> {
	if (supervisor.exitCode !== null || supervisor.signalCode !== null) return;
	if (supervisor.connected) supervisor.disconnect();
	else supervisor.kill('SIGTERM');
	await exited;
}

async function logTail(logFile: string): Promise<string> {
	const text = await readFile(logFile, 'utf8').catch(() => '');
	return text.split('\n').slice(-60).join('\n');
}
