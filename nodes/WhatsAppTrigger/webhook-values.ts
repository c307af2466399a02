import type { IDataObject } from 'n8n-workflow';

/** Reading single values out of Meta's webhook JSON, where any field may be missing or mistyped. */

/** The largest instant a JavaScript Date holds, in seconds. */
const MAX_UNIX_SECONDS = 8.64e12;

/** Meta's unix seconds (a string, or a number from some providers) as ISO 8601 UTC, or null. */
export function unixSecondsToIso(value: unknown): string | null {
	let seconds = Number.NaN;
	if (typeof value === 'number') {
		seconds = value;
	} else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) {
		seconds = Number(value.trim());
	}
	if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_UNIX_SECONDS) {
		return null;
	}
	return new Date(seconds * 1000).toISOString();
}

export function fieldOf(value: unknown, key: string): unknown {
	return isPlainObject(value) ? value[key] : undefined;
}

export function idText(value: unknown): string | null {
	if (typeof value === 'number' && Number.isFinite(value)) {
		return String(value);
	}
	return textOrNull(value);
}

export function textOrNull(value: unknown): string | null {
	return typeof value === 'string' ? value : null;
}

export function objectOrNull(value: unknown): IDataObject | null {
	return isPlainObject(value) ? (value as IDataObject) : null;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
