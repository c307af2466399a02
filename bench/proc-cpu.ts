/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- the benchmark runs in Node, never inside n8n */
import { readFile } from 'node:fs/promises';

/** Clock ticks per second of /proc/<pid>/stat's times: 100 on every Linux the benchmark runs on. */
const TICKS_PER_SECOND = 100;

/** CPU seconds a process has used so far, all its threads, user and system (/proc/<pid>/stat). */
export async function cpuSeconds(pid: number): Promise<number> {
	const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
	// The command name in brackets may hold spaces; the fields after it are plain.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU used from now until `stop()`, by a process and by this one, as shares of one core. */
export async function watchCpu(
	pid: number,
): Promise<{ stop(): Promise<{ process: number; bench: number }> }> {
	const startedAt = performance.now();
	const processBefore = await cpuSeconds(pid);
	const benchBefore = process.cpuUsage();
	return {
		async stop() {
			const seconds = (performance.now() - startedAt) / 1000;
			const bench = process.cpuUsage(benchBefore);
			return {
				process: ((await cpuSeconds(pid)) - processBefore) / seconds,
				bench: (bench.user + bench.system) / 1e6 / seconds,
			};
		},
	};
}
