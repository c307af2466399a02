import type { WhatsAppWebhookBody } from '../shared/webhook-types';

export type EnvelopeResult =
	| { ok: true; body: WhatsAppWebhookBody }
	| { ok: false; reason: string };

const WHATSAPP_OBJECT = 'whatsapp_business_account';

/**
 * Meta sends at most 1,000 updates and 3 MB in one POST; a body far larger is refused with 413.
 * Bodies over n8n's own N8N_PAYLOAD_SIZE_MAX (16 MB by default) never reach the node: n8n
 * answers them itself (with 500 in n8n 2.40).
 */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * Meta's deepest webhook (an inbound message's nested reply) is about a dozen levels deep. A body
 * nested far deeper is refused: JSON.parse takes it, but n8n could not store the items of one.
 */
export const MAX_BODY_DEPTH = 64;

/** What n8n's body parser leaves on the webhook request (n8n's `middlewares/body-parser`). */
export interface ParsedRequest {
	/** The media type of Content-Type, lowercased, without parameters. */
	contentType?: string;
	/** Content-Type's charset, lowercased; n8n assumes utf-8 when there is none. */
	encoding?: string;
	body?: unknown;
}

const UTF8_BOM_FIRST_BYTE = 0xef;

/**
 * The envelope of a POST. Where n8n has already parsed the body as JSON with `JSON.parse` of its
 * UTF-8 text, exactly as `parseEnvelope` would (Content-Type application/json, UTF-8, no byte
 * order mark, which n8n 2.x strips and `parseEnvelope` refuses), its result is checked instead of
 * parsing the bytes a second time; any other body is parsed here.
 */
export function readEnvelope(request: ParsedRequest, rawBody: Buffer): EnvelopeResult {
	const parsedAsWeWould =
		rawBody.length > 0 &&
		rawBody[0] !== UTF8_BOM_FIRST_BYTE &&
		request.contentType === 'application/json' &&
		(request.encoding === 'utf-8' || request.encoding === 'utf8') &&
		typeof request.body === 'object' &&
		request.body !== null;
	return parsedAsWeWould ? validateEnvelope(request.body) : parseEnvelope(rawBody);
}

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
 * `metadata`, `statuses[]` (each with `id` and `status`) and `messages[]`, directly or inside
 * `standby` (with `message_echoes[]`). Everything else Meta
 * sends, and the keys a BSP adds around Meta's (Gupshup's `gs_app_id`, `gs_id`), passes through
 * untouched. A body of another shape is refused whole, so no part of it is read.
 */
export function validateEnvelope(body: unknown): EnvelopeResult {
	if (!isObject(body)) {
		return { ok: false, reason: 'Body is not a JSON object' };
	}
	if (depthExceeds(body, MAX_BODY_DEPTH)) {
		return { ok: false, reason: `Body is nested deeper than ${MAX_BODY_DEPTH} levels` };
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
	const { metadata, standby } = change.value;
	if (metadata !== undefined && !isObject(metadata)) {
		return `${path}.value.metadata is not an object`;
	}
	if (standby !== undefined) {
		if (!isObject(standby)) {
			return `${path}.value.standby is not an object`;
		}
		const { message_echoes: echoes } = standby;
		if (echoes !== undefined && !(Array.isArray(echoes) && echoes.every(isObject))) {
			return `${path}.value.standby.message_echoes is not an array of objects`;
		}
		const standbyProblem = updatesProblem(standby, `${path}.value.standby`);
		if (standbyProblem !== undefined) return standbyProblem;
	}
	return updatesProblem(change.value, `${path}.value`);
}

/** `statuses` and `messages` of a `messages` change, or of the conversation nested in `standby`. */
function updatesProblem(updates: Record<string, unknown>, path: string): string | undefined {
	const { statuses, messages } = updates;
	if (statuses !== undefined) {
		if (!Array.isArray(statuses)) {
			return `${path}.statuses is not an array`;
		}
		const badIndex = statuses.findIndex((status) => !isStatus(status));
		if (badIndex !== -1) {
			return `${path}.statuses[${badIndex}] needs a string id and status`;
		}
	}
	if (messages !== undefined && !(Array.isArray(messages) && messages.every(isObject))) {
		return `${path}.messages is not an array of objects`;
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

/** Whether objects and arrays nest deeper than `limit`; iterative, so no depth can overflow the stack. */
function depthExceeds(root: object, limit: number): boolean {
	const pending: Array<[unknown, number]> = [[root, 1]];
	while (pending.length > 0) {
		const [value, depth] = pending.pop()!;
		if (depth > limit) {
			return true;
		}
		for (const child of Object.values(value as object)) {
			if (typeof child === 'object' && child !== null) {
				pending.push([child, depth + 1]);
			}
		}
	}
	return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
