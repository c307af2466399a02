import { createHmac, timingSafeEqual } from 'crypto';

export const SIGNATURE_HEADER = 'x-hub-signature-256';

const SIGNATURE_PATTERN = /^sha256=([0-9a-f]{64})$/i;

export type SignatureCheck =
	| { valid: true }
	| { valid: false; reason: 'missing' | 'malformed' | 'mismatch' };

/** `sha256=<hex>` as Meta sends it: HMAC-SHA256 of the raw request bytes, keyed with the app secret. */
export function computeSignature(rawBody: Buffer, appSecret: string): string {
	return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** The `X-Hub-Signature-256` value, whatever the header name's case; undefined when absent. */
export function readSignatureHeader(headers: Record<string, unknown>): string | undefined {
	for (const [name, value] of Object.entries(headers)) {
		if (name.toLowerCase() === SIGNATURE_HEADER && typeof value === 'string') {
			return value;
		}
	}
	return undefined;
}

/**
 * Checks the header against the raw bytes Meta sent. Meta signs its own serialisation (non-ASCII
 * escaped as `\uXXXX`), so hashing a re-serialised body would reject valid deliveries.
 */
export function verifySignature(
	rawBody: Buffer,
	header: string | undefined,
	appSecret: string,
): SignatureCheck {
	if (header === undefined || header.trim() === '') {
		return { valid: false, reason: 'missing' };
	}
	const match = SIGNATURE_PATTERN.exec(header.trim());
	if (!match) {
		return { valid: false, reason: 'malformed' };
	}
	const received = Buffer.from(match[1], 'hex');
	const expected = createHmac('sha256', appSecret).update(rawBody).digest();
	if (received.length !== expected.length) {
		return { valid: false, reason: 'malformed' };
	}
	return timingSafeEqual(received, expected)
		? { valid: true }
		: { valid: false, reason: 'mismatch' };
}
