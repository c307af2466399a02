import type { SandboxConfig } from './options';

const throughputWindowMs = 1000;
/** Meta's pair rate limit counts messages to one recipient over 6 seconds. */
const pairWindowMs = 6000;

class SlidingWindow {
	private readonly hits: number[] = [];

	constructor(private readonly windowMs: number) {}

	size(now: number): number {
		while (this.hits.length > 0 && this.hits[0] <= now - this.windowMs) this.hits.shift();
		return this.hits.length;
	}

	add(now: number): void {
		this.hits.push(now);
	}
}

/** Counts accepted messages; a refused one does not use up the window. */
export class RateLimiter {
	private throughput = new SlidingWindow(throughputWindowMs);
	private pairs = new Map<string, SlidingWindow>();

	/** The error code that refuses this message, or null after recording it as accepted. */
	acquire(recipient: string, config: SandboxConfig, now = Date.now()): 130429 | 131056 | null {
		if (config.messagesPerSecond > 0 && this.throughput.size(now) >= config.messagesPerSecond)
			return 130429;
		const pair = this.pairs.get(recipient) ?? new SlidingWindow(pairWindowMs);
		if (config.pairRateLimit > 0 && pair.size(now) >= config.pairRateLimit) return 131056;
		this.throughput.add(now);
		pair.add(now);
		this.pairs.set(recipient, pair);
		if (this.pairs.size > 10000) this.forgetIdle(now);
		return null;
	}

	reset(): void {
		this.throughput = new SlidingWindow(throughputWindowMs);
		this.pairs = new Map();
	}

	private forgetIdle(now: number): void {
		for (const [recipient, window] of this.pairs)
			if (window.size(now) === 0) this.pairs.delete(recipient);
	}
}
