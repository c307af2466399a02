import fc from 'fast-check';
import { type INode, type INodeExecutionData, type INodeParameters, Workflow } from 'n8n-workflow';
import { createParameterReader } from '../../nodes/WhatsAppSend/parameter-reader';

const nodeTypes = {
	getByName: () => undefined,
	getByNameAndVersion: () => ({ description: { properties: [] } }),
	getKnownTypes: () => ({}),
};

/** n8n's own expression evaluation of one parameter for one item, as getNodeParameter runs it. */
function n8nEvaluator(parameters: INodeParameters, items: INodeExecutionData[]) {
	const node: INode = {
		id: '1',
		name: 'Send',
		type: 'test.send',
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: nodeTypes as never,
	});
	return (name: string, itemIndex: number, fallback?: unknown): unknown => {
		const raw = name
			.split('.')
			.reduce<unknown>(
				(value, key) => (value as Record<string, unknown> | undefined)?.[key],
				parameters,
			);
		if (raw === undefined) return fallback;
		return workflow.expression.getParameterValue(
			raw as never,
			null,
			0,
			itemIndex,
			'Send',
			items,
			'manual',
			{},
		);
	};
}

const fieldName = fc
	.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/)
	.filter((name) => !['__proto__', 'constructor', 'prototype'].includes(name));
const fieldValue = fc.oneof(
	fc.string(),
	fc.integer(),
	fc.boolean(),
	fc.constant(null),
	fc.dictionary(fc.string({ maxLength: 4 }), fc.string(), { maxKeys: 2 }),
);

describe('createParameterReader', () => {
	it('reads {{ $json.field }} exactly as n8n evaluates it, for any field and value', () => {
		fc.assert(
			fc.property(
				fc.uniqueArray(fieldName, { minLength: 1, maxLength: 3 }),
				fc.array(fieldValue, { minLength: 3, maxLength: 3 }),
				fc.boolean(),
				(names, values, bracket) => {
					const parameters: INodeParameters = Object.fromEntries(
						names.map((name) => [
							`p_${name}`,
							bracket ? `={{ $json["${name}"] }}` : `={{ $json.${name} }}`,
						]),
					);
					const items: INodeExecutionData[] = values.map((value, index) => ({
						json: Object.fromEntries(names.map((name) => [name, index === 2 ? undefined : value])),
					}));
					const evaluate = n8nEvaluator(parameters, items);
					const reader = createParameterReader(parameters, items, evaluate);
					for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
						for (const name of names) {
							expect(reader(itemIndex)(`p_${name}`, '')).toEqual(
								evaluate(`p_${name}`, itemIndex, ''),
							);
						}
					}
				},
			),
			{ numRuns: 200 },
		);
	});

	it('reads nested paths, and leaves every other expression to n8n', () => {
		const parameters: INodeParameters = {
			nested: '={{ $json.contact.phone }}',
			computed: '={{ $json.first + " " + $json.last }}',
			mixed: 'Hi {{ $json.first }}',
		};
		const items: INodeExecutionData[] = [
			{ json: { contact: { phone: '+1 650' }, first: 'Ana', last: 'Lima' } },
		];
		const evaluate = jest.fn(n8nEvaluator(parameters, items));
		const read = createParameterReader(parameters, items, evaluate)(0);

		expect(read('nested')).toBe('+1 650');
		expect(evaluate).not.toHaveBeenCalled();
		expect(read('computed')).toBe('Ana Lima');
		expect(read('mixed')).toBe('Hi {{ $json.first }}');
		expect(evaluate).toHaveBeenCalledTimes(2);
	});

	it('reads a parameter without expressions once for the whole run', () => {
		const parameters: INodeParameters = { text: 'Hello', options: { previewUrl: true } };
		const items: INodeExecutionData[] = [{ json: {} }, { json: {} }, { json: {} }];
		const evaluate = jest.fn(n8nEvaluator(parameters, items));
		const reader = createParameterReader(parameters, items, evaluate);

		expect([0, 1, 2].map((index) => reader(index)('text'))).toEqual(['Hello', 'Hello', 'Hello']);
		expect([0, 1, 2].map((index) => reader(index)('options.previewUrl', false))).toEqual([
			true,
			true,
			true,
		]);
		expect(evaluate).toHaveBeenCalledTimes(2);
	});

	it('leaves absent parameters to n8n, which applies the fallback or says what is missing', () => {
		const evaluate = jest.fn((name: string, _itemIndex: number, fallback?: unknown) => {
			if (fallback === undefined) throw new Error(`Could not get parameter "${name}"`);
			return fallback;
		});
		const read = createParameterReader({}, [{ json: {} }], evaluate)(0);

		expect(read('options.replyToMessageId', '')).toBe('');
		expect(() => read('headerParameter.header')).toThrow('Could not get parameter');
	});
});
