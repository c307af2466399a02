/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- the sandbox is a Node program, never loaded by n8n */
import { setMaxListeners } from 'node:events';

/**
 * The sandbox's timers and webhook deliveries. Every task gets the current abort signal, so
 * `cancel()` (reset, close) stops them all, and `idle()` lets tests wait until nothing is pending.
 */
export class BackgroundWork {
	private controller = BackgroundWork.newController();
	private readonly pending = new Set<Promise<void>>();
	private readonly timers = new Map<NodeJS.Timeout, () => void>();

	constructor(private readonly onError: (error: unknown) => void) {}

	/** For work a caller awaits itself: cancelled with the rest, not counted by `idle()`. */
	get signal(): AbortSignal {
		return this.controller.signal;
	}

	get size(): number {
		return this.pending.size;
	}

	run(task: (signal: AbortSignal) => Promise<void>): void {
		const signal = this.controller.signal;
		const promise = task(signal)
			.catch((error: unknown) => {
				if (!signal.aborted) this.onError(error);
			})
			.finally(() => this.pending.delete(promise));
		this.pending.add(promise);
	}

	/**
	 * Runs `task` after `delayMs`. A plain timer that `cancel()` clears, rather than a sleep listening
	 * on the shared signal: Node's EventTarget walks its listeners on every add and remove, which made
	 * ten thousand pending statuses quadratic.
	 */
	after(delayMs: number, task: () => void): void {
		this.run(
			() =>
				new Promise<void>((resolve) => {
					const timer = setTimeout(() => {
						this.timers.delete(timer);
						task();
						resolve();
					}, delayMs);
					this.timers.set(timer, resolve);
				}),
		);
	}

	async idle(): Promise<void> {
		while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
	}

	cancel(): void {
		for (const [timer, settle] of this.timers) {
			clearTimeout(timer);
			settle();
		}
		this.timers.clear();
		this.controller.abort();
		this.controller = BackgroundWork.newController();
	}

	/** One signal is shared by every pending timer, thousands under load: no listener cap. */
	private static newController(): AbortController {
		const controller = new AbortController();
		setMaxListeners(0, controller.signal);
		return controller;
	}
}
