import { DEFAULT_RETRY_SETTINGS } from '../../nodes/WhatsAppSend/retry-policy';
import {
	type AttemptOutcome,
	type QueueSettings,
	runSendQueue,
} from '../../nodes/WhatsAppSend/send-queue';
import type { FailureClass } from '../../nodes/shared/meta-errors';
import { virtualClock } from './support/virtual-clock';

interface Job {
	id: number;
	recipientKey: string | null;
}

const settings = (overrides: Partial<QueueSettings> = {}): QueueSettings => ({
	concurrency: 10,
	messagesPerSecond: 0,
	retry: DEFAULT_RETRY_SETTINGS,
	stopOnFailure: false,
	...overrides,
});

const jobs = (count: number, recipient = (id: number) => `r${id}`): Job[] =>
	Array.from({ length: count }, (_, id) => ({ id, recipientKey: recipient(id) }));

const ok = (job: Job): AttemptOutcome<number, string> => ({ ok: true, value: job.id });
const fail = (
	failureClass: FailureClass,
	problem = failureClass,
): AttemptOutcome<number, string> => ({
	ok: false,
	problem,
	failure: { failureClass },
});

describe('runSendQueue', () => {
	it('settles every job once, in input order, whatever order the answers come in', async () => {
		const clock = virtualClock();
		const results = await runSendQueue(
			jobs(100),
			async (job) => {
				await clock.sleep((job.id * 37) % 11);
				return ok(job);
			},
			settings(),
			clock,
		);
		expect(results.map((result) => result?.ok && result.value)).toEqual(
			Array.from({ length: 100 }, (_, id) => id),
		);
	});

	it('never has more requests in flight than the concurrency allows', async () => {
		const clock = virtualClock();
		let inFlight = 0;
		let peak = 0;
		await runSendQueue(
			jobs(50),
			async (job) => {
				inFlight++;
				peak = Math.max(peak, inFlight);
				await clock.sleep(100);
				inFlight--;
				return ok(job);
			},
			settings({ concurrency: 7 }),
			clock,
		);
		expect(peak).toBe(7);
	});

	it('paces starts to the messages-per-second cap', async () => {
		const clock = virtualClock();
		const startedAt: number[] = [];
		await runSendQueue(
			jobs(81),
			async (job) => {
				startedAt.push(clock.now());
				await clock.sleep(100);
				return ok(job);
			},
			settings({ concurrency: 100, messagesPerSecond: 80 }),
			clock,
		);
		// 1000 ms / 80, with 3 % slack for jitter on the way to Meta
		expect(startedAt[80]).toBeCloseTo(1030, 5);
		for (let index = 1; index < startedAt.length; index++) {
			expect(startedAt[index] - startedAt[index - 1]).toBeCloseTo(12.875, 5);
		}
	});

	it('keeps the pace when every timer fires late, without more than the tier in 1.03 s', async () => {
		const clock = virtualClock();
		// An event loop so busy that every timer fires 5 ms late, 40 % of the 12.875 ms slot
		const lateClock = { ...clock, sleep: async (ms: number) => await clock.sleep(ms + 5) };
		const startedAt: number[] = [];
		await runSendQueue(
			jobs(801),
			async (job) => {
				startedAt.push(clock.now());
				await clock.sleep(100);
				return ok(job);
			},
			settings({ concurrency: 100, messagesPerSecond: 80 }),
			lateClock,
		);
		// On the schedule (800 slots of 12.875 ms), not 800 late starts behind one another
		expect(startedAt[800]).toBeLessThanOrEqual(800 * 12.875 + 5);
		for (let index = 80; index < startedAt.length; index++) {
			expect(startedAt[index] - startedAt[index - 80]).toBeGreaterThanOrEqual(1030 - 1e-6);
		}
	});

	it('retries a throughput error with backoff until it succeeds', async () => {
		const clock = virtualClock(0);
		const calls = new Map<number, number[]>();
		const results = await runSendQueue(
			jobs(3),
			async (job) => {
				calls.set(job.id, [...(calls.get(job.id) ?? []), clock.now()]);
				return job.id === 1 && calls.get(1)!.length < 3 ? fail('throughput') : ok(job);
			},
			settings(),
			clock,
		);
		expect(results[1]).toEqual({ ok: true, value: 1, attempts: 3 });
		// base 500 ms doubling, half of it jittered away with random() = 0
		expect(calls.get(1)).toEqual([0, 250, 750]);
	});

	it('holds only the recipient that hit the pair rate limit, for 4^n seconds', async () => {
		const clock = virtualClock();
		const attemptsAt: Array<[number, number]> = [];
		let pairLimitAnswers = 2;
		const results = await runSendQueue(
			jobs(4, (id) => (id < 2 ? 'same-person' : `other-${id}`)),
			async (job) => {
				attemptsAt.push([job.id, clock.now()]);
				if (job.id === 0 && pairLimitAnswers > 0) {
					pairLimitAnswers--;
					return fail('pairRateLimit');
				}
				await clock.sleep(10);
				return ok(job);
			},
			settings({ concurrency: 1 }),
			clock,
		);
		expect(results.every((result) => result?.ok)).toBe(true);
		// others go on at once; item 0 retries at 1 s then 1 s + 4 s; item 1 (same person) waits behind it
		expect(attemptsAt).toEqual([
			[0, 0],
			[2, 0],
			[3, 10],
			[0, 1000],
			[0, 5000],
			[1, 5010],
		]);
	});

	it('does not retry permanent errors, nor ambiguous failures unless allowed', async () => {
		const clock = virtualClock();
		const attempts = new Map<number, number>();
		const run = (retryAmbiguousFailures: boolean) =>
			runSendQueue(
				jobs(2),
				async (job) => {
					attempts.set(job.id, (attempts.get(job.id) ?? 0) + 1);
					return fail(job.id === 0 ? 'permanent' : 'ambiguous');
				},
				settings({ retry: { ...DEFAULT_RETRY_SETTINGS, retryAmbiguousFailures } }),
				clock,
			);
		const strict = await run(false);
		expect(strict).toEqual([
			{ ok: false, problem: 'permanent', attempts: 1 },
			{ ok: false, problem: 'ambiguous', attempts: 1 },
		]);
		attempts.clear();
		const lenient = await run(true);
		expect(lenient[1]).toEqual({
			ok: false,
			problem: 'ambiguous',
			attempts: DEFAULT_RETRY_SETTINGS.maxRetries + 1,
		});
		expect(attempts.get(0)).toBe(1);
	});

	it('gives up after the retry budget and reports the last problem', async () => {
		const clock = virtualClock();
		const results = await runSendQueue(
			jobs(1),
			async () => fail('transient'),
			settings({ retry: { ...DEFAULT_RETRY_SETTINGS, maxRetries: 2 } }),
			clock,
		);
		expect(results[0]).toEqual({ ok: false, problem: 'transient', attempts: 3 });
	});

	it('stops starting new jobs after a final failure when asked to', async () => {
		const clock = virtualClock();
		const started: number[] = [];
		const results = await runSendQueue(
			jobs(10),
			async (job) => {
				started.push(job.id);
				return job.id === 2 ? fail('permanent') : ok(job);
			},
			settings({ concurrency: 1, stopOnFailure: true }),
			clock,
		);
		expect(started).toEqual([0, 1, 2]);
		expect(results.filter(Boolean)).toHaveLength(3);
		expect(results[2]).toEqual({ ok: false, problem: 'permanent', attempts: 1 });
	});
});

/**
 * Meta's throughput limit as the sandbox keeps it: at most `tier` accepted in any second, refused
 * with 130429 above it; each answer after 100 ms.
 */
function metaAtTier(clock: ReturnType<typeof virtualClock>, tier: (now: number) => number) {
	const acceptedAt: number[] = [];
	let refused = 0;
	const attempt = async (job: Job): Promise<AttemptOutcome<number, string>> => {
		await clock.sleep(100);
		const now = clock.now();
		while (acceptedAt.length > 0 && acceptedAt[0] <= now - 1000) acceptedAt.shift();
		if (acceptedAt.length >= tier(now)) {
			refused++;
			return fail('throughput');
		}
		acceptedAt.push(now);
		return ok(job);
	};
	return { attempt, refused: () => refused };
}

describe('runSendQueue when the phone number’s tier is below Messages Per Second', () => {
	it.each([
		['Messages Per Second 1,000, 50 parallel', 1000, 50],
		['no pacing (0), 200 parallel', 0, 200],
	])(
		'%s against 80/s: slows to the tier, every item sent, few refusals',
		async (_case, messagesPerSecond, concurrency) => {
			const clock = virtualClock();
			const meta = metaAtTier(clock, () => 80);
			const results = await runSendQueue(
				jobs(2000),
				meta.attempt,
				settings({ concurrency, messagesPerSecond }),
				clock,
			);
			// Before, the queue kept its pace: 270 to 1,280 of these items failed after 5 retries.
			expect(results.every((result) => result?.ok === true)).toBe(true);
			expect(meta.refused()).toBeLessThan(2000 / 3);
			// 2,000 at 80/s take 25 s; slowing down costs a little more, not the retries' backoff.
			expect(clock.now()).toBeLessThan(32_000);
		},
	);

	it('keeps its pace at the tier: a refusal while Meta accepts nearly all is retried, not a slowdown', async () => {
		const clock = virtualClock();
		const starts: number[] = [];
		let refusedOnce = false;
		const meta = metaAtTier(clock, () => 1000);
		await runSendQueue(
			jobs(3000),
			async (job) => {
				starts.push(clock.now());
				// One refusal in the middle of the run, as jitter gives now and then.
				if (job.id === 1500 && !refusedOnce) {
					refusedOnce = true;
					await clock.sleep(100);
					return fail('throughput');
				}
				return await meta.attempt(job);
			},
			settings({ concurrency: 200, messagesPerSecond: 1000 }),
			clock,
		);
		// Every start on the 1.03 ms schedule: 3,001 attempts, none slower.
		expect(starts[3000]).toBeLessThanOrEqual(3000 * 1.03 + 1e-6);
	});

	it('grows back to Messages Per Second after the tier rises', async () => {
		const clock = virtualClock();
		const starts: number[] = [];
		const meta = metaAtTier(clock, (now) => (now < 5000 ? 80 : 1000));
		await runSendQueue(
			jobs(5000),
			async (job) => {
				starts.push(clock.now());
				return await meta.attempt(job);
			},
			settings({ concurrency: 100, messagesPerSecond: 200 }),
			clock,
		);
		const startsIn = (from: number, to: number) =>
			starts.filter((at) => at >= from && at < to).length;
		expect(startsIn(2000, 5000)).toBeLessThan(3 * 80 * 1.1);
		// 5 % a second: from about 80/s back to 200/s in about 20 s.
		expect(startsIn(30_000, 31_000)).toBeGreaterThan(185);
	});
});
