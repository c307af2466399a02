import type { ParameterReader } from '../../../nodes/WhatsAppSend/types';

/**
 * Reads parameters the way getNodeParameter does: dotted paths into nested collections, the
 * fallback when a value is absent, and an error when both are missing, as n8n throws then.
 */
export function readerFor(parameters: Record<string, unknown>): ParameterReader {
	return (name, fallback) => {
		let value: unknown = parameters;
		for (const key of name.split('.')) {
			value =
				typeof value === 'object' && value !== null
					? (value as Record<string, unknown>)[key]
					: undefined;
		}
		if (value !== undefined) return value;
		if (fallback === undefined) throw new Error(`Could not get parameter "${name}"`);
		return fallback;
	};
}
