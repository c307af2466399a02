/**
 * Meta serialises webhook bodies as compact JSON with every non-ASCII UTF-16 unit written as a
 * lowercase `\uXXXX` escape, and signs those bytes (fixtures/signature). Anything else would give
 * receivers a body whose signature only matches by accident.
 */
export function metaJson(value: object): string {
	return JSON.stringify(value).replace(
		/[\u0080-\uffff]/g,
		(char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
	);
}
