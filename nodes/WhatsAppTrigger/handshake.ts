import { createHash, timingSafeEqual } from 'crypto';

export type HandshakeAnswer = { accepted: true; challenge: string } | { accepted: false };

/**
 * Meta's verification GET: `hub.mode=subscribe`, `hub.verify_token`, `hub.challenge`.
 * Accepted only when the token equals the configured one; the caller then answers the
 * challenge as text/plain 200, anything else gets 403.
 */
export function answerHandshake(
	query: Record<string, unknown>,
	verifyToken: string,
): HandshakeAnswer {
	const mode = query['hub.mode'];
	const token = query['hub.verify_token'];
	const challenge = query['hub.challenge'];
	if (
		mode !== 'subscribe' ||
		typeof token !== 'string' ||
		typeof challenge !== 'string' ||
		challenge === '' ||
		verifyToken === ''
	) {
		return { accepted: false };
	}
	return sameText(token, verifyToken) ? { accepted: true, challenge } : { accepted: false };
}

/** Compares digests, which have equal lengths, so neither the token nor its length leaks through timing. */
function sameText(received: string, expected: string): boolean {
	const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
	return timingSafeEqual(digest(received), digest(expected));
}
