import { createHmac, timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * How a webhook POST proves where it came from: an HMAC-SHA256 of the raw request bytes, keyed
 * with a shared secret, sent as hex in a header (after an optional prefix). Each provider names
 * the header and prefix; the credential's `signatureProfile` picks one.
 */

export const SIGNATURE_PROFILES = ['meta', '360dialog', 'custom', 'none'] as const;

export type SignatureProfileName = (typeof SIGNATURE_PROFILES)[number];

export interface SignatureScheme {
	/** As the provider spells it, for messages; matched whatever its case. */
	header: string;
	/** Text before the hex digest, such as `sha256=`; matched whatever its case. */
	prefix: string;
	/** Whether a digest without the prefix is accepted too. */
	prefixOptional: boolean;
	secret: string;
}

export type SignatureRule =
	| { check: 'none' }
	| { check: 'hmac'; scheme: SignatureScheme }
	| { check: 'invalid'; problem: string };

export type SignatureCheck =
	| { valid: true }
	| { valid: false; reason: 'missing' | 'malformed' | 'mismatch' };

export const META_SIGNATURE_HEADER = 'X-Hub-Signature-256';

const META_PREFIX = 'sha256=';
const HEX_DIGEST_PATTERN = /^[0-9a-f]{64}$/i;
const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The check a webhook credential asks for. A credential saved before profiles existed means Meta;
 * Meta with an empty app secret skips the check, as such credentials always did. The other
 * signing profiles need their secret: without it nothing could pass, and the credential says why.
 */
export function signatureRuleFor(credentials: IDataObject): SignatureRule {
	const profile = textOf(credentials.signatureProfile) || 'meta';
	const secret = typeof credentials.appSecret === 'string' ? credentials.appSecret : '';
	switch (profile) {
		case 'none':
			return { check: 'none' };
		case 'meta':
			return secret === ''
				? { check: 'none' }
				: {
						check: 'hmac',
						scheme: {
							header: META_SIGNATURE_HEADER,
							prefix: META_PREFIX,
							prefixOptional: false,
							secret,
						},
					};
		case '360dialog':
			if (secret === '') {
				return {
					check: 'invalid',
					problem: 'The 360dialog signature check needs the platform secret in the credential',
				};
			}
			// 360dialog documents the HMAC but not the value's exact form: a bare hex digest, or one after sha256=.
			return {
				check: 'hmac',
				scheme: {
					header: 'x-360dialog-signature',
					prefix: META_PREFIX,
					prefixOptional: true,
					secret,
				},
			};
		case 'custom': {
			const header = textOf(credentials.signatureHeaderName);
			if (!HEADER_NAME_PATTERN.test(header)) {
				return {
					check: 'invalid',
					problem: 'The custom signature check needs a header name, such as X-Signature',
				};
			}
			if (secret === '') {
				return {
					check: 'invalid',
					problem: 'The custom signature check needs the signing secret in the credential',
				};
			}
			const prefix =
				typeof credentials.signaturePrefix === 'string' ? credentials.signaturePrefix.trim() : '';
			return { check: 'hmac', scheme: { header, prefix, prefixOptional: false, secret } };
		}
		default:
			return {
				check: 'invalid',
				problem: `Signature profile "${profile}" is not one of ${SIGNATURE_PROFILES.join(', ')}`,
			};
	}
}

/**
 * Whether a POST may be read: its signature, where the credential asks for one, matches its raw
 * bytes. `reason` is what the sender is told; it holds no secret and no signature.
 */
export function checkRequestSignature(
	credentials: IDataObject,
	headers: Record<string, unknown>,
	rawBody: Buffer,
): { accepted: true } | { accepted: false; reason: string } {
	const rule = signatureRuleFor(credentials);
	if (rule.check === 'none') return { accepted: true };
	if (rule.check === 'invalid') return { accepted: false, reason: rule.problem };
	const { scheme } = rule;
	const check = verifySignature(rawBody, readSignatureHeader(headers, scheme.header), scheme);
	if (check.valid) return { accepted: true };
	const reasons = {
		missing: `Missing ${scheme.header} header`,
		malformed: `${scheme.header} is not ${scheme.prefixOptional ? `[${scheme.prefix}]` : scheme.prefix}<64 hex digits>`,
		mismatch: `${scheme.header} does not match the body`,
	};
	return { accepted: false, reason: reasons[check.reason] };
}

/** The named header's value, whatever the case of its name; undefined when absent. */
export function readSignatureHeader(
	headers: Record<string, unknown>,
	name: string,
): string | undefined {
	const wanted = name.toLowerCase();
	for (const [header, value] of Object.entries(headers)) {
		if (header.toLowerCase() === wanted && typeof value === 'string') {
			return value;
		}
	}
	return undefined;
}

/**
 * Checks the header against the raw bytes the provider sent. Meta signs its own serialisation
 * (non-ASCII escaped as `\uXXXX`), so hashing a re-serialised body would reject valid deliveries.
 * The digests are compared as bytes, in constant time.
 */
export function verifySignature(
	rawBody: Buffer,
	header: string | undefined,
	scheme: SignatureScheme,
): SignatureCheck {
	if (header === undefined || header.trim() === '') {
		return { valid: false, reason: 'missing' };
	}
	const digest = digestText(header.trim(), scheme);
	if (digest === undefined || !HEX_DIGEST_PATTERN.test(digest)) {
		return { valid: false, reason: 'malformed' };
	}
	const received = Buffer.from(digest, 'hex');
	const expected = createHmac('sha256', scheme.secret).update(rawBody).digest();
	return timingSafeEqual(received, expected)
		? { valid: true }
		: { valid: false, reason: 'mismatch' };
}

/** The hex after the prefix; undefined when a required prefix is absent. */
function digestText(value: string, scheme: SignatureScheme): string | undefined {
	const hasPrefix =
		value.slice(0, scheme.prefix.length).toLowerCase() === scheme.prefix.toLowerCase();
	if (hasPrefix) return value.slice(scheme.prefix.length);
	return scheme.prefixOptional ? value : undefined;
}

function textOf(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}
