import { InvalidInputError } from '../../shared/invalid-input';

export interface WaitLimit {
	limitType?: string;
	resumeAmount?: number;
	resumeUnit?: string;
	maxDateAndTime?: string;
}

const UNIT_MS: Record<string, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/**
 * Until when the execution waits for the answer: the time limit's end, or `indefinitely` (n8n's
 * WAIT_INDEFINITELY) without one.
 */
export function waitUntil(limit: WaitLimit | undefined, now: number, indefinitely: Date): Date {
	if (!limit || Object.keys(limit).length === 0) return indefinitely;
	if ((limit.limitType ?? 'afterTimeInterval') === 'afterTimeInterval') {
		const amount = Number(limit.resumeAmount ?? 45);
		const unit = UNIT_MS[limit.resumeUnit ?? 'minutes'];
		if (!Number.isFinite(amount) || amount < 0 || unit === undefined) {
			throw new InvalidInputError(
				`Limit Wait Time: "${String(limit.resumeAmount)} ${String(limit.resumeUnit)}" is not an amount of minutes, hours or days.`,
			);
		}
		return new Date(now + amount * unit);
	}
	const until = new Date(String(limit.maxDateAndTime ?? ''));
	if (Number.isNaN(until.getTime())) {
		throw new InvalidInputError(
			`Limit Wait Time: "${String(limit.maxDateAndTime ?? '')}" is not a date and time.`,
		);
	}
	return until;
}
