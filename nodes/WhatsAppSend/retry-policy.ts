import type { FailureClass } from '../shared/meta-errors';

export interface RetrySettings {
	maxRetries: number;
	/** Whether a request that may have reached Meta (a timeout, a dropped connection) is sent again. */
	retryAmbiguousFailures: boolean;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
	maxRetries: 5,
	retryAmbiguousFailures: false,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
};

/** Meta's advice for 131056: wait 4^n seconds, up to 64 s; the last wait repeats for further retries. */
const PAIR_RATE_LIMIT_WAITS_MS = [1000, 4000, 16_000, 64_000];

export interface Failure {
	failureClass: FailureClass;
	/** From a Retry-After header, when the answer had one. */
	retryAfterMs?: number;
}

export type RetryDecision =
	| { retry: false }
	| { retry: true; delayMs: number; holdRecipient: boolean };

/**
 * When to send a failed request again. Throughput and transient errors back off exponentially
 * with jitter (or as Retry-After says); the pair rate limit (131056) waits Meta's 1, 4, 16, 64
 * seconds, then 64 s for every further retry, for that recipient alone (Meta's "About the
 * WhatsApp Business Platform", Pair rate limits:
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/about-the-platform);
 * everything else, and anything past the retry budget, is final.
 * `retriesSoFar` counts earlier retries of this request; `random` is in [0, 1).
 */
export function decideRetry(
	failure: Failure,
	retriesSoFar: number,
	settings: RetrySettings,
	random: number,
): RetryDecision {
	if (retriesSoFar >= settings.maxRetries) return { retry: false };
	switch (failure.failureClass) {
		case 'pairRateLimit':
			return {
				retry: true,
				delayMs:
					PAIR_RATE_LIMIT_WAITS_MS[Math.min(retriesSoFar, PAIR_RATE_LIMIT_WAITS_MS.length - 1)],
				holdRecipient: true,
			};
		case 'throughput':
		case 'transient': {
			const exponential = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** retriesSoFar);
			const jittered = exponential / 2 + (exponential / 2) * random;
			return {
				retry: true,
				delayMs: Math.max(jittered, failure.retryAfterMs ?? 0),
				holdRecipient: false,
			};
		}
		case 'ambiguous':
			return settings.retryAmbiguousFailures
				? decideRetry({ ...failure, failureClass: 'transient' }, retriesSoFar, settings, random)
				: { retry: false };
		default:
			return { retry: false };
	}
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(header: unknown, nowMs: number): number | undefined {
	if (typeof header !== 'string' || header.trim() === '') return undefined;
	const seconds = Number(header);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(header);
	return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
