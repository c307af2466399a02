/**
 * A small Node.js program between us and a program we start (n8n, Postgres, Redis), so that the
 * program never outlives us. It starts the program in a process group of its own (n8n spawns its
 * task runner into it, Postgres its backends) and stops that group when we disconnect the IPC
 * channel: on stop(), and also when we die in any way, Ctrl-C and SIGKILL included, since the OS
 * then closes the channel. SIGTERM first, so that n8n closes its database and runner; SIGKILL after
 * the grace time, and for whatever is left once the program has exited.
 * Run as `node -e <source> <program> <args...>`; it sends `{ pid }` once the program is spawned. We
 * may be gone before that: then it stops the program at once.
 */
export function supervisorSource(graceMs: number): string {
	return `
const { spawn } = require('node:child_process');
const [command, ...args] = process.argv.slice(1);
const child = spawn(command, args, { detached: true, stdio: 'inherit' });
const signalGroup = (signal) => {
	try {
		process.kill(-child.pid, signal);
	} catch {}
};
let stopping = false;
const stop = () => {
	if (stopping) return;
	stopping = true;
	signalGroup('SIGTERM');
	setTimeout(() => signalGroup('SIGKILL'), ${graceMs}).unref();
};
process.on('disconnect', stop);
if (!process.connected) stop();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, stop);
child.on('error', (error) => {
	console.error(error);
	process.exit(1);
});
child.on('exit', (code) => {
	signalGroup('SIGKILL');
	process.exit(code ?? 1);
});
process.send({ pid: child.pid }, (error) => error && stop());
`;
}
