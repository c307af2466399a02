import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { InvalidInputError } from '../../shared/invalid-input';
import type { ParameterReader } from '../types';

export function showFor(operations: string[]): INodeProperties['displayOptions'] {
	return { show: { resource: ['message'], operation: operations } };
}

export function requiredText(
	read: ParameterReader,
	name: string,
	label: string,
	fix: string,
): string {
	const value = read(name, '');
	const text =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (text === '') throw new InvalidInputError(`${label} is empty. ${fix}`);
	return text;
}

export function optionalText(read: ParameterReader, name: string): string | undefined {
	const value = read(name, '');
	if (typeof value === 'number') return String(value);
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A text field's value: a string trimmed, a number as text; anything else (an object, a boolean) is empty. */
export function textValue(value: unknown): string {
	if (typeof value === 'number') return String(value);
	return typeof value === 'string' ? value.trim() : '';
}

/** Meta's limit on a text field, counted in characters (code points), as Meta counts them. */
export function withinLimit(text: string, max: number, label: string): string {
	const length = [...text].length;
	if (length > max) {
		throw new InvalidInputError(
			`${label} is ${length} characters long; WhatsApp allows at most ${max}. Shorten it.`,
		);
	}
	return text;
}

/**
 * Whether a value is an uploaded media ID, as Meta gives it: digits (a BSP's may have letters and
 * . _ = -), never a link. The one rule for Send Media, the template's media headers, Download and Delete.
 */
export function isMediaId(value: string): boolean {
	return /^[A-Za-z0-9._=-]+$/.test(value);
}

export function mediaIdText(value: string, label: string): string {
	if (!isMediaId(value)) {
		throw new InvalidInputError(
			`${label} "${value}" is neither a public https:// link nor a media ID. Use a link such as https://example.com/banner.png, or the ID Meta gave the uploaded media.`,
		);
	}
	return value;
}

export function httpUrl(value: string, label: string): string {
	if (!/^https?:\/\/\S+$/i.test(value)) {
		throw new InvalidInputError(
			`${label} "${value}" is not an http(s) link. Use a public https:// address.`,
		);
	}
	return value;
}

/** A JSON parameter may arrive as text (typed in) or already parsed (from an expression). */
export function parseJsonParameter(value: unknown, label: string): unknown {
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return undefined;
	const parsed = tryJsonParse(value);
	if ('problem' in parsed)
		throw new InvalidInputError(`${label} is not valid JSON (${parsed.problem}).`);
	return parsed.value;
}

function tryJsonParse(text: string): { value: unknown } | { problem: string } {
	try {
		return { value: JSON.parse(text) };
	} catch (error) {
		return { problem: (error as Error).message };
	}
}

export function withoutEmpty(object: IDataObject): IDataObject {
	return Object.fromEntries(
		Object.entries(object).filter(([, value]) => value !== undefined && value !== ''),
	);
}
