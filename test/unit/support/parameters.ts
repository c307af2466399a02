import type { ParameterReader } from '../../../nodes/WhatsAppSend/operations/parameters';

/** Reads parameters the way getNodeParameter does: dotted paths into nested collections, with a fallback. */
export function readerFor(parameters: Record<string, unknown>): ParameterReader {
	return (name, fallback) => {
		let value: unknown = parameters;
		for (const key of name.split('.')) {
			value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
		}
		return value === undefined ? fallback : value;
	};
}
