import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import type { ParameterReader } from './types';

/** n8n's own parameter read for one item: getNodeParameter with the value extracted. */
export type EvaluateParameter = (name: string, itemIndex: number, fallback?: unknown) => unknown;

/** `={{ $json.field }}`, `={{ $json.a.b }}` or `={{ $json["field"] }}`: the commonest per-item expression. */
const JSON_FIELD_EXPRESSION =
	/^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*)+|\[\s*(['"])([^'"\\]*)\2\s*\])\s*\}\}$/;

function valueAt(parameters: unknown, path: string[]): unknown {
	let value = parameters;
	for (const key of path) {
		if (typeof value !== 'object' || value === null) return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (typeof value === 'object' && value !== null) return Object.values(value).some(hasExpression);
	return false;
}

function jsonFieldPath(expression: unknown): string[] | undefined {
	if (typeof expression !== 'string') return undefined;
	const match = JSON_FIELD_EXPRESSION.exec(expression);
	if (!match) return undefined;
	return match[3] !== undefined ? [match[3]] : match[1].slice(1).split('.');
}

/**
 * Reads a node's parameters for every item at a fraction of n8n's cost, with the same results.
 * n8n 2.x evaluates each expression in a sandbox (about 0.5 ms), which caps a node at a few
 * hundred items per second before it sends anything. So a parameter without any expression is
 * read once for the whole run, and `{{ $json.field }}` holding a string is read from the item
 * directly; everything else, and any value n8n might treat differently (not a string, absent),
 * goes to n8n's own evaluation.
 */
export function createParameterReader(
	rawParameters: INodeParameters,
	items: INodeExecutionData[],
	evaluate: EvaluateParameter,
): (itemIndex: number) => ParameterReader {
	const staticValues = new Map<string, unknown>();
	const fieldPaths = new Map<string, string[] | undefined>();

	const read = (name: string, itemIndex: number, fallback?: unknown): unknown => {
		const raw = valueAt(rawParameters, name.split('.'));
		if (raw === undefined) return evaluate(name, itemIndex, fallback);
		if (!hasExpression(raw)) {
			if (!staticValues.has(name)) staticValues.set(name, evaluate(name, itemIndex, fallback));
			return staticValues.get(name);
		}
		if (!fieldPaths.has(name)) fieldPaths.set(name, jsonFieldPath(raw));
		const path = fieldPaths.get(name);
		if (path !== undefined) {
			const value = valueAt(items[itemIndex]?.json as IDataObject | undefined, path);
			if (typeof value === 'string') return value;
		}
		return evaluate(name, itemIndex, fallback);
	};

	return (itemIndex) => (name, fallback) => read(name, itemIndex, fallback);
}

/** A reader that evaluates each parameter once, for an item read both before and while it is built. */
export function rememberingReader(read: ParameterReader): ParameterReader {
	const values = new Map<string, unknown>();
	return (name, fallback) => {
		const key = `${name}\u0000${JSON.stringify(fallback) ?? ''}`;
		if (!values.has(key)) values.set(key, read(name, fallback));
		return values.get(key);
	};
}
