import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { InvalidInputError } from '../../shared/invalid-input';

/** Reads one parameter of the item being built; the node binds it to getNodeParameter. */
export type ParameterReader = (name: string, fallback?: unknown) => unknown;

/** A message's type-specific part: `type` and the object named after it in Meta's body. */
export interface MessageContent {
	type: string;
	content: IDataObject | IDataObject[];
	/** Set when the media must first be uploaded from the item's binary data; its ID then goes in `content.id`. */
	uploadFromBinary?: string;
}

export function showFor(operations: string[]): INodeProperties['displayOptions'] {
	return { show: { resource: ['message'], operation: operations } };
}

export function requiredText(read: ParameterReader, name: string, label: string, fix: string): string {
	const value = read(name, '');
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (text === '') throw new InvalidInputError(`${label} is empty. ${fix}`);
	return text;
}

export function optionalText(read: ParameterReader, name: string): string | undefined {
	const value = read(name, '');
	if (typeof value === 'number') return String(value);
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function httpUrl(value: string, label: string): string {
	if (!/^https?:\/\/\S+$/i.test(value)) {
		throw new InvalidInputError(`${label} "${value}" is not an http(s) link. Use a public https:// address.`);
	}
	return value;
}

/** A JSON parameter may arrive as text (typed in) or already parsed (from an expression). */
export function parseJsonParameter(value: unknown, label: string): unknown {
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return undefined;
	const parsed = tryJsonParse(value);
	if ('problem' in parsed) throw new InvalidInputError(`${label} is not valid JSON (${parsed.problem}).`);
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
