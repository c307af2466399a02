import type { WhatsAppWebhookBody } from '../shared/webhook-types';

export type EnvelopeResult =
	| { ok: true; body: WhatsAppWebhookBody }
	| { ok: false; reason: string };

const WHATSAPP_OBJECT = 'whatsapp_business_account';

/** Parses the raw POST bytes and checks they form a WhatsApp Business Account webhook. */
export function parseEnvelope(rawBody: Buffer): EnvelopeResult {
	let parsed: unknown;
	try {
		parsed = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return { ok: false, reason: 'Body is not valid JSON' };
	}
	return validateEnvelope(parsed);
}

/**
 * The shape the Trigger relies on: `object`, `entry[]`, `changes[]`, and where present
 * `metadata`, `statuses[]` (each with `id` and `status`) and `messages[]`. Everything else Meta
 * sends, and the keys a BSP adds around Meta's (Gupshup's `gs_app_id`, `gs_id`), passes through
 * untouched. A body of another shape is refused whole, so no part of it is read.
 */
export function validateEnvelope(body: unknown): EnvelopeResult {
	if (!isObject(body)) {
		return { ok: false, reason: 'Body is not a JSON object' };
	}
	if (body.object !== WHATSAPP_OBJECT) {
		return { ok: false, reason: `object is not "${WHATSAPP_OBJECT}"` };
	}
	if (!Array.isArray(body.entry)) {
		return { ok: false, reason: 'entry is not an array' };
	}
	for (const [entryIndex, entry] of body.entry.entries()) {
		const reason = entryProblem(entry, `entry[${entryIndex}]`);
		if (reason) {
			return { ok: false, reason };
		}
	}
	return { ok: true, body: body as WhatsAppWebhookBody };
}

function entryProblem(entry: unknown, path: string): string | undefined {
	if (!isObject(entry) || !Array.isArray(entry.changes)) {
		return `${path}.changes is not an array`;
	}
	for (const [changeIndex, change] of entry.changes.entries()) {
		const reason = changeProblem(change, `${path}.changes[${changeIndex}]`);
		if (reason) {
			return reason;
		}
	}
	return undefined;
}

function changeProblem(change: unknown, path: string): string | undefined {
	if (!isObject(change)) {
		return `${path} is not an object`;
	}
	if (change.value === undefined) {
		return undefined;
	}
	if (!isObject(change.value)) {
		return `${path}.value is not an object`;
	}
	const { statuses, messages, metadata } = change.value;
	if (metadata !== undefined && !isObject(metadata)) {
		return `${path}.value.metadata is not an object`;
	}
	if (statuses !== undefined) {
		if (!Array.isArray(statuses)) {
			return `${path}.value.statuses is not an array`;
		}
		const badIndex = statuses.findIndex((status) => !isStatus(status));
		if (badIndex !== -1) {
			return `${path}.value.statuses[${badIndex}] needs a string id and status`;
		}
	}
	if (messages !== undefined && !(Array.isArray(messages) && messages.every(isObject))) {
		return `${path}.value.messages is not an array of objects`;
	}
	return undefined;
}

function isStatus(status: unknown): boolean {
	return (
		isObject(status) &&
		typeof status.id === 'string' &&
		status.id !== '' &&
		typeof status.status === 'string' &&
		status.status !== ''
	);
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
