/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-dangerous-functions
	-- a dev script run by Node, never loaded by n8n */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

import { supervisorSource } from './n8n-supervisor';

export interface SupervisedOptions {
	command: string;
	args: string[];
	env: NodeJS.ProcessEnv;
	cwd: string;
	/** The program's stdout and stderr are appended here. */
	logFile: string;
	/** From SIGTERM to SIGKILL. */
	graceMs: number;
	/** Run as this user (we must be root): Postgres refuses to run as root. */
	user?: { uid: number; gid: number };
}

export interface SupervisedProcess {
	/** The supervisor that owns the program (see n8n-supervisor.ts). */
	supervisor: ChildProcess;
	/** The program's own process, leader of its process group. */
	pid: number;
	logFile: string;
	/** True once the supervisor has exited, which it does when the program exits. */
	exited(): boolean;
	/** Stops the program and its process group and waits for them; safe to call twice. */
	stop(): Promise<void>;
}

/** Starts a program under the supervisor; resolves once it is spawned. */
export async function startSupervised(options: SupervisedOptions): Promise<SupervisedProcess> {
	const logFd = openSync(options.logFile, 'a');
	const supervisor = spawn(
		process.execPath,
		['-e', supervisorSource(options.graceMs), options.command, ...options.args],
		{
			env: options.env,
			cwd: options.cwd,
			detached: true,
			stdio: ['ignore', logFd, logFd, 'ipc'],
			...options.user,
		},
	);
	closeSync(logFd);
	const exit = new Promise<void>((resolve) => supervisor.once('exit', () => resolve()));
	const exited = () => supervisor.exitCode !== null || supervisor.signalCode !== null;

	let stopping: Promise<void> | undefined;
	const stop = async () => {
		stopping ??= (async () => {
			if (exited()) return;
			if (supervisor.connected) supervisor.disconnect();
			else supervisor.kill('SIGTERM');
			await exit;
		})();
		await stopping;
	};
	const message = new Promise<number>((resolve) =>
		supervisor.once('message', (value: { pid: number }) => resolve(value.pid)),
	);
	const pid = await Promise.race([message, exit.then(() => undefined)]);
	if (pid === undefined) throw new Error(`${options.command} could not be spawned`);
	return { supervisor, pid, logFile: options.logFile, exited, stop };
}

/** The last lines of a log, for error messages. */
export async function logTail(logFile: string, lines = 60): Promise<string> {
	const text = await readFile(logFile, 'utf8').catch(() => '');
	return text.split('\n').slice(-lines).join('\n');
}

/** Polls `isReady` every 200 ms until it says yes; fails early when the program exits. */
export async function waitUntilReady(
	program: SupervisedProcess,
	what: string,
	isReady: () => Promise<boolean>,
	timeoutMs: number,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (program.exited()) {
			const { exitCode, signalCode } = program.supervisor;
			throw new Error(`${what} exited (${exitCode ?? signalCode}) before it was ready`);
		}
		if (await isReady().catch(() => false)) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`${what} was not ready within ${timeoutMs} ms`);
}
