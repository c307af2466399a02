/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-dangerous-functions
	-- a dev script run by Node, never loaded by n8n */
import { spawn } from 'node:child_process';

export interface RunCommandOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Show the command's stderr live (long installs) instead of keeping it for the error message. */
	inheritStderr?: boolean;
	/** Run as this user (we must be root). */
	user?: { uid: number; gid: number };
}

/** Runs a program to completion; rejects with its output when it exits non-zero. Returns its stdout. */
export async function runCommand(
	command: string,
	args: string[],
	options: RunCommandOptions = {},
): Promise<string> {
	return await new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: ['ignore', 'pipe', options.inheritStderr ? 'inherit' : 'pipe'],
			...options.user,
		});
		let stdout = '';
		let stderr = '';
		child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (code === 0) {
				resolve(stdout);
				return;
			}
			const output = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
			reject(
				new Error(
					`${command} ${args.join(' ')} failed (${signal ?? `exit ${String(code)}`}):\n${output}`,
				),
			);
		});
	});
}
