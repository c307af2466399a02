import { InvalidInputError } from './invalid-input';
/** Meta's documented limit for `biz_opaque_callback_data`. */
export const META_REFERENCE_MAX_LENGTH = 512;

/**
 * Turns the Reference ID parameter into what is sent as `biz_opaque_callback_data`.
 * Empty means the field is left out; a non-string value from an expression (an object, a number)
 * is sent as its JSON text, so several CRM keys can travel in one reference.
 * Length is counted in UTF-8 bytes: Meta says "characters", one SDK says "bytes", and bytes
 * satisfies both readings (ASCII references are unaffected).
 */
export function toReferenceId(
	value: unknown,
	maxLength = META_REFERENCE_MAX_LENGTH,
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = typeof value === 'string' ? value : jsonText(value);
	if (text === undefined) {
		throw new InvalidInputError(
			`The Reference ID is ${typeof value === 'number' ? String(value) : `a ${typeof value}`}, which cannot be sent: use text, a number or an object.`,
		);
	}
	if (text.trim() === '') return undefined;
	const length = Buffer.byteLength(text, 'utf8');
	if (length > maxLength) {
		throw new InvalidInputError(
			`The Reference ID is ${length} bytes long; the limit is ${maxLength}. Shorten it, or keep a longer record in your CRM and send only its key.`,
		);
	}
	return text;
}

/** JSON text of a value, or undefined where it has none (NaN, Infinity, BigInt, functions, symbols). */
function jsonText(value: unknown): string | undefined {
	if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
	try {
		return JSON.stringify(value) as string | undefined;
	} catch {
		return undefined;
	}
}
