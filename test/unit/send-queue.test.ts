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
