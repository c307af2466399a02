/**
 * A small Node.js program between us and n8n, so that n8n never outlives us. It starts n8n in a
 * process group of its own (n8n spawns its task runner into it) and stops that group when we
 * disconnect the IPC channel: on stop(), and also when we die in any way, Ctrl-C and SIGKILL
 * included, since the OS then closes the channel. SIGTERM first, so that n8n closes SQLite and its
 * runner; SIGKILL after the grace time, and for whatever is left once n8n has exited.
 * Run as `node -e <source> <node> <n8n> start`; it sends `{ n8nPid }` once n8n is spawned. We may
 * be gone before that: then it stops n8n at once.
 */
export function supervisorSource(graceMs: number): string {
	return `
const { spawn } = require('node:child_process');
const [command, ...args] = process.argv.slice(1);
const n8n = spawn(command, args, { detached: true, stdio: 'inherit' });
const signalGroup = (signal) => {
	try {
		process.kill(-n8n.pid, signal);
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
n8n.on('error', (error) => {
	console.error(error);
	process.exit(1);
});
n8n.on('exit', (code) => {
	signalGroup('SIGKILL');
	process.exit(code ?? 1);
});
process.send({ n8nPid: n8n.pid }, (error) => error && stop());
`;
}
