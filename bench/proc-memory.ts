/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- the benchmark runs in Node, never inside n8n */
import { readFile, writeFile } from 'node:fs/promises';

/** Resident memory of a Linux process, from /proc/<pid>/status, in bytes. */
export async function residentBytes(pid: number): Promise<{ rss: number; peak: number }> {
	const status = await readFile(`/proc/${pid}/status`, 'utf8');
	const kB = (field: string) =>
		Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
	return { rss: kB('VmRSS'), peak: kB('VmHWM') };
}

/**
 * The highest resident memory of a process during a stretch of work: the kernel's own peak
 * (VmHWM), reset at the start by writing 5 to /proc/<pid>/clear_refs, and VmRSS sampled every
 * 25 ms in case the reset is not allowed.
 */
export async function watchPeak(pid: number): Promise<{ before: number; stop(): Promise<number> }> {
	const kernelPeak = await writeFile(`/proc/${pid}/clear_refs`, '5').then(
		() => true,
		() => false,
	);
	const { rss: before } = await residentBytes(pid);
	let sampled = before;
	const timer = setInterval(() => {
		residentBytes(pid).then(
			({ rss }) => (sampled = Math.max(sampled, rss)),
			() => undefined,
		);
	}, 25);
	return {
		before,
		async stop() {
			clearInterval(timer);
			const { rss, peak } = await residentBytes(pid);
			return Math.max(sampled, rss, kernelPeak ? peak : 0);
		},
	};
}
