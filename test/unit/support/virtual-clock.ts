/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import type { QueueClock } from '../../../nodes/WhatsAppSend/send-queue';

/**
 * A clock whose time moves only when every pending promise has settled: each sleep resolves at
 * its virtual wake time, in order, so queue tests take milliseconds and are exact.
 */
export function virtualClock(randomValue = 0.5): QueueClock & { sleeps: number[] } {
	let now = 0;
	const timers: Array<{ at: number; resolve: () => void }> = [];
	const sleeps: number[] = [];
	let tickScheduled = false;
	const tick = () => {
		tickScheduled = false;
		if (timers.length === 0) return;
		timers.sort((a, b) => a.at - b.at);
		const first = timers[0].at;
		now = Math.max(now, first);
		while (timers.length > 0 && timers[0].at <= now) timers.shift()!.resolve();
		schedule();
	};
	const schedule = () => {
		if (!tickScheduled) {
			tickScheduled = true;
			setImmediate(tick);
		}
	};
	return {
		sleeps,
		now: () => now,
		random: () => randomValue,
		sleep: (ms: number) => {
			sleeps.push(ms);
			return new Promise<void>((resolve) => {
				timers.push({ at: now + ms, resolve });
				schedule();
			});
		},
	};
}
