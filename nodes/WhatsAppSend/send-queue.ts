import { type Failure, type RetrySettings, decideRetry } from './retry-policy';
import { ThroughputGovernor } from './throughput-governor';

/** Time and randomness, injected so the queue's tests run in virtual time. */
export interface QueueClock {
	now(): number;
	sleep(ms: number): Promise<void>;
	random(): number;
}

export interface QueueSettings {
	concurrency: number;
	/** 0 means no pacing: only concurrency and Meta's answers set the pace. */
	messagesPerSecond: number;
	retry: RetrySettings;
	/** Stop starting new jobs after the first final failure (the node without Continue On Fail). */
	stopOnFailure: boolean;
	/**
	 * Tell each attempt whether its worker will send again (AttemptState.workerSendsAgain): a worker
	 * then sends again only with a job kept for it, so its last attempt is known when it starts
	 * (Reuse Connections closes each connection on its last request).
	 */
	knowLastAttempts?: boolean;
}

export interface QueueJob {
	/** Jobs to the same recipient are held together when Meta reports the pair rate limit. */
	recipientKey: string | null;
}

/** What the queue knows as an attempt starts. */
export interface AttemptState {
	/** Whether this worker surely starts another attempt after this one (with `knowLastAttempts`). */
	workerSendsAgain: boolean;
}

export type AttemptOutcome<Value, Problem> =
	| { ok: true; value: Value }
	| { ok: false; problem: Problem; failure: Failure };

export type Settled<Value, Problem> =
	| { ok: true; value: Value; attempts: number }
	| { ok: false; problem: Problem; attempts: number };

interface Pending<Job> {
	position: number;
	job: Job;
	readyAt: number;
	retries: number;
}

/**
 * Sends every job with at most `concurrency` in flight, paced to `messagesPerSecond`, retrying
 * as the retry policy decides, and settles each job exactly once. Results keep the jobs' order;
 * a job left unstarted because the queue stopped on a failure stays `undefined`.
 */
export async function runSendQueue<Job extends QueueJob, Value, Problem>(
	jobs: Job[],
	attempt: (job: Job, state: AttemptState) => Promise<AttemptOutcome<Value, Problem>>,
	settings: QueueSettings,
	clock: QueueClock,
): Promise<Array<Settled<Value, Problem> | undefined>> {
	const results: Array<Settled<Value, Problem> | undefined> = new Array(jobs.length);
	const delayed: Array<Pending<Job>> = [];
	const recipientHeldUntil = new Map<string, number>();
	const governor = new ThroughputGovernor(settings.messagesPerSecond, clock.now());
	let nextFresh = 0;
	let nextSlotAt = 0;
	let stopped = false;
	/** Jobs kept for workers that were told they send again (knowLastAttempts). */
	let kept = 0;
	const waiting = () => jobs.length - nextFresh + delayed.length;

	const heldUntil = (job: Job, now: number) => {
		const until = job.recipientKey === null ? undefined : recipientHeldUntil.get(job.recipientKey);
		return until !== undefined && until > now ? until : undefined;
	};

	/** Kept in input order, so jobs to one recipient still go in the order they came. */
	const delay = (pending: Pending<Job>) => {
		const after = delayed.findIndex((other) => other.position > pending.position);
		delayed.splice(after === -1 ? delayed.length : after, 0, pending);
	};

	/** The next job that may go now, or the time to wait until one may, or null when none is left. */
	const take = (now: number): Pending<Job> | number | null => {
		let wakeAt = Infinity;
		for (let index = 0; index < delayed.length; index++) {
			const pending = delayed[index];
			const readyAt = Math.max(pending.readyAt, heldUntil(pending.job, now) ?? 0);
			if (readyAt <= now) return delayed.splice(index, 1)[0];
			wakeAt = Math.min(wakeAt, readyAt);
		}
		while (nextFresh < jobs.length) {
			const pending = { position: nextFresh, job: jobs[nextFresh], readyAt: now, retries: 0 };
			nextFresh++;
			const held = heldUntil(pending.job, now);
			if (held === undefined) return pending;
			delay({ ...pending, readyAt: held });
			wakeAt = Math.min(wakeAt, held);
		}
		return wakeAt === Infinity ? null : wakeAt;
	};

	const waitForSlot = async () => {
		const now = clock.now();
		const interval = governor.intervalMs(now);
		if (interval === 0) return;
		const slot = Math.max(now, nextSlotAt);
		nextSlotAt = slot + interval;
		if (slot > now) await clock.sleep(slot - now);
	};

	const worker = async () => {
		let jobKept = false;
		while (!stopped) {
			// Every job left is kept for a worker that was told it sends again.
			if (!jobKept && waiting() <= kept) return;
			const now = clock.now();
			const next = take(now);
			if (next === null) return;
			if (typeof next === 'number') {
				await clock.sleep(next - now);
				continue;
			}
			if (jobKept) {
				kept--;
				jobKept = false;
			}
			await waitForSlot();
			if (settings.knowLastAttempts === true && waiting() > kept) {
				kept++;
				jobKept = true;
			}
			const outcome = await attempt(next.job, { workerSendsAgain: jobKept });
			const attempts = next.retries + 1;
			if (outcome.ok) {
				governor.accepted(clock.now());
				results[next.position] = { ok: true, value: outcome.value, attempts };
				continue;
			}
			if (outcome.failure.failureClass === 'throughput') governor.throttled(clock.now());
			const decision = decideRetry(outcome.failure, next.retries, settings.retry, clock.random());
			if (decision.retry) {
				const readyAt = clock.now() + decision.delayMs;
				if (decision.holdRecipient && next.job.recipientKey !== null) {
					recipientHeldUntil.set(next.job.recipientKey, readyAt);
				}
				delay({ ...next, readyAt, retries: attempts });
				continue;
			}
			results[next.position] = { ok: false, problem: outcome.problem, attempts };
			if (settings.stopOnFailure) stopped = true;
		}
	};

	const workerCount = Math.max(1, Math.min(settings.concurrency, jobs.length));
	await Promise.all(Array.from({ length: workerCount }, worker));
	return results;
}
