/**
 * Meta counts messages per second as they arrive. Requests sent at exact intervals arrive with
 * jitter, so two of them can fall into one second; 3 % slack keeps the count under the tier.
 */
const PACING_HEADROOM = 1.03;

/** Meta's throughput window (130429): messages per phone number per second. */
const WINDOW_MS = 1000;

/**
 * A refusal while Meta accepts at least this share of our pace is jitter around the tier, not a
 * lower tier: the message is retried, the pace kept.
 */
const JITTER_SHARE = 0.95;

/** After a cut, the pace grows back by this factor per second without a cut. */
const RECOVERY_PER_SECOND = 1.05;

const SLOWEST_RATE = 1;

/**
 * The pace of the Send queue: Messages Per Second, or none with 0, until Meta answers 130429
 * while accepting clearly less than that. The phone number's tier is then lower than the setting
 * (80/s by default, Meta's "Throughput":
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/throughput), and the
 * pace drops to what Meta accepted in the last second, then grows back by 5 % a second, so a
 * campaign set above its number's tier slows down instead of failing its items after their
 * retries.
 */
export class ThroughputGovernor {
	/** Messages Per Second; Infinity for 0, no pacing. */
	private readonly cap: number;
	/** The pace set by the last cut (the cap before any); it grows back from there. */
	private rate: number;
	private cutAt = 0;
	/** Acceptance times; those before `oldest` have left the window. */
	private acceptedAt: number[] = [];
	private oldest = 0;

	constructor(
		messagesPerSecond: number,
		private readonly startedAt: number,
	) {
		this.cap = messagesPerSecond > 0 ? messagesPerSecond : Infinity;
		this.rate = this.cap;
	}

	/** Milliseconds between two starts now; 0 means no pacing. */
	intervalMs(now: number): number {
		const rate = this.currentRate(now);
		return rate === Infinity ? 0 : (1000 / rate) * PACING_HEADROOM;
	}

	accepted(now: number): void {
		this.acceptedAt.push(now);
		this.forgetBefore(now - WINDOW_MS);
	}

	/** A 130429: slows down to Meta's accepted rate unless that is within jitter of the pace. */
	throttled(now: number): void {
		this.forgetBefore(now - WINDOW_MS);
		const inWindow = this.acceptedAt.length - this.oldest;
		if (inWindow === 0) return;
		// In the run's first second the window is not full yet: scale what it holds to a second.
		const observedMs = Math.min(WINDOW_MS, Math.max(100, now - this.startedAt));
		const acceptedRate = (inWindow * WINDOW_MS) / observedMs;
		const rate = this.currentRate(now);
		if (acceptedRate >= rate * JITTER_SHARE) return;
		this.rate = Math.max(SLOWEST_RATE, acceptedRate);
		this.cutAt = now;
	}

	private currentRate(now: number): number {
		if (this.rate >= this.cap) return this.cap;
		const grown = this.rate * RECOVERY_PER_SECOND ** ((now - this.cutAt) / 1000);
		return Math.min(this.cap, grown);
	}

	private forgetBefore(time: number): void {
		while (this.oldest < this.acceptedAt.length && this.acceptedAt[this.oldest] <= time)
			this.oldest++;
		if (this.oldest > 1024 && this.oldest * 2 > this.acceptedAt.length) {
			this.acceptedAt = this.acceptedAt.slice(this.oldest);
			this.oldest = 0;
		}
	}
}
