import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { InvalidInputError } from '../../shared/invalid-input';
import {
	httpUrl,
	optionalText,
	parseJsonParameter,
	requiredText,
	showFor,
	textValue,
	withinLimit,
} from './parameters';
import type { MessageContent, ParameterReader } from '../types';

const show = showFor(['interactive']);
const showForType = (types: string[]) => ({ show: { ...show?.show, interactiveType: types } });

export const description: INodeProperties[] = [
	{
		displayName: 'Interactive Type',
		name: 'interactiveType',
		type: 'options',
		options: [
			{ name: 'Call-to-Action URL', value: 'ctaUrl', description: 'A button that opens a link' },
			{
				name: 'JSON',
				value: 'json',
				description: "Meta's interactive object as JSON: Flow, product, location request, …",
			},
			{ name: 'List', value: 'list', description: 'A menu of up to 10 rows in sections' },
			{
				name: 'Reply Buttons',
				value: 'buttons',
				description: 'Up to 3 buttons the recipient taps to answer',
			},
		],
		default: 'buttons',
		displayOptions: show,
	},
	{
		displayName: 'Body Text',
		name: 'bodyText',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		description: 'The message text above the buttons or list',
		displayOptions: showForType(['buttons', 'list', 'ctaUrl']),
	},
	{
		displayName: 'Buttons',
		name: 'replyButtons',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Button',
		default: {},
		description:
			'Up to 3 buttons. A tap comes back to WhatsApp Trigger as a message with the button ID.',
		displayOptions: showForType(['buttons']),
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{
						displayName: 'Button ID',
						name: 'id',
						type: 'string',
						default: '',
						description: 'Returned when tapped, up to 256 characters',
					},
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						description: 'Up to 20 characters, unique per message',
					},
				],
			},
		],
	},
	{
		displayName: 'List Button Text',
		name: 'listButtonText',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Choose an option',
		description: 'The button that opens the list, up to 20 characters',
		displayOptions: showForType(['list']),
	},
	{
		displayName: 'Rows',
		name: 'listRows',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Row',
		default: {},
		description: 'Up to 10 rows. Rows with the same section title are grouped, in the order given.',
		displayOptions: showForType(['list']),
		options: [
			{
				displayName: 'Row',
				name: 'row',
				values: [
					{
						displayName: 'Section Title',
						name: 'section',
						type: 'string',
						default: '',
						description: 'Up to 24 characters',
					},
					{
						displayName: 'Row ID',
						name: 'id',
						type: 'string',
						default: '',
						description: 'Returned when chosen, up to 200 characters',
					},
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						description: 'Up to 24 characters',
					},
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						default: '',
						description: 'Up to 72 characters',
					},
				],
			},
		],
	},
	{
		displayName: 'Button Text',
		name: 'ctaDisplayText',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'See Dates',
		description: 'Up to 20 characters',
		displayOptions: showForType(['ctaUrl']),
	},
	{
		displayName: 'URL',
		name: 'ctaUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/booking',
		displayOptions: showForType(['ctaUrl']),
	},
	{
		displayName: 'Header Text',
		name: 'headerText',
		type: 'string',
		default: '',
		description: 'Optional, up to 60 characters',
		displayOptions: showForType(['buttons', 'list', 'ctaUrl']),
	},
	{
		displayName: 'Footer Text',
		name: 'footerText',
		type: 'string',
		default: '',
		description: 'Optional, up to 60 characters',
		displayOptions: showForType(['buttons', 'list', 'ctaUrl']),
	},
	{
		displayName: 'Interactive (JSON)',
		name: 'interactiveJson',
		type: 'json',
		default:
			'{\n  "type": "location_request_message",\n  "body": { "text": "Where should we deliver?" },\n  "action": { "name": "send_location" }\n}',
		required: true,
		description: 'The "interactive" object of Meta\'s message body',
		displayOptions: showForType(['json']),
	},
];

function replyButtons(read: ParameterReader): IDataObject {
	const buttons = read('replyButtons.button', []) as IDataObject[];
	if (buttons.length === 0 || buttons.length > 3) {
		throw new InvalidInputError(`Reply buttons need 1 to 3 buttons; ${buttons.length} were given.`);
	}
	const replies = buttons.map((button, index) => ({
		id: requiredField(button.id, 256, `Button ${index + 1} ID`),
		title: requiredField(button.title, 20, `Button ${index + 1} Title`),
	}));
	unique(
		replies.map((reply) => reply.id),
		'Button IDs',
	);
	unique(
		replies.map((reply) => reply.title),
		'Button Titles',
	);
	return { buttons: replies.map((reply) => ({ type: 'reply', reply })) };
}

function listSections(read: ParameterReader): IDataObject {
	const rows = read('listRows.row', []) as IDataObject[];
	if (rows.length === 0 || rows.length > 10) {
		throw new InvalidInputError(`A list needs 1 to 10 rows; ${rows.length} were given.`);
	}
	const sections = new Map<string, IDataObject[]>();
	for (const [index, row] of rows.entries()) {
		const title = withinLimit(textValue(row.section), 24, `Row ${index + 1} Section Title`);
		const description = textValue(row.description);
		const sectionRows = sections.get(title) ?? [];
		sectionRows.push({
			id: requiredField(row.id, 200, `Row ${index + 1} ID`),
			title: requiredField(row.title, 24, `Row ${index + 1} Title`),
			...(description
				? { description: withinLimit(description, 72, `Row ${index + 1} Description`) }
				: {}),
		});
		sections.set(title, sectionRows);
	}
	if (sections.size > 1 && sections.has('')) {
		throw new InvalidInputError(
			'With several sections, every row needs a Section Title: WhatsApp shows a title for each section.',
		);
	}
	unique(
		[...sections.values()].flat().map((row) => String(row.id)),
		'Row IDs',
	);
	const button = requiredText(
		read,
		'listButtonText',
		'List Button Text',
		'Enter the text of the button that opens the list.',
	);
	return {
		button: withinLimit(button, 20, 'List Button Text'),
		sections: [...sections].map(([title, sectionRows]) => ({
			...(title ? { title } : {}),
			rows: sectionRows,
		})),
	};
}

/** A text a row or button needs, within Meta's limit. */
function requiredField(value: unknown, max: number, label: string): string {
	const text = textValue(value);
	if (text === '')
		throw new InvalidInputError(`${label} is empty. Enter it, up to ${max} characters.`);
	return withinLimit(text, max, label);
}

function unique(values: string[], label: string): void {
	const repeated = values.find((value, index) => values.indexOf(value) !== index);
	if (repeated !== undefined)
		throw new InvalidInputError(`${label} must differ; "${repeated}" is there twice.`);
}

function interactiveFromJson(read: ParameterReader): IDataObject {
	const interactive = parseJsonParameter(read('interactiveJson', ''), 'Interactive (JSON)');
	if (typeof interactive !== 'object' || interactive === null || !('type' in interactive)) {
		throw new InvalidInputError(
			'Interactive (JSON) must be an object with a "type", such as "flow" or "location_request_message".',
		);
	}
	return interactive as IDataObject;
}

export function build(read: ParameterReader): MessageContent {
	const kind = String(read('interactiveType', 'buttons'));
	if (kind === 'json') return { type: 'interactive', content: interactiveFromJson(read) };

	const header = optionalText(read, 'headerText');
	const footer = optionalText(read, 'footerText');
	const body = requiredText(read, 'bodyText', 'Body Text', 'Enter the message text.');
	const common = {
		...(header ? { header: { type: 'text', text: withinLimit(header, 60, 'Header Text') } } : {}),
		body: { text: withinLimit(body, kind === 'list' ? 4096 : 1024, 'Body Text') },
		...(footer ? { footer: { text: withinLimit(footer, 60, 'Footer Text') } } : {}),
	};
	if (kind === 'buttons')
		return {
			type: 'interactive',
			content: { type: 'button', ...common, action: replyButtons(read) },
		};
	if (kind === 'list')
		return {
			type: 'interactive',
			content: { type: 'list', ...common, action: listSections(read) },
		};
	if (kind === 'ctaUrl') {
		const url = httpUrl(
			requiredText(read, 'ctaUrl', 'URL', 'Enter the https:// address the button opens.'),
			'URL',
		);
		const displayText = withinLimit(
			requiredText(read, 'ctaDisplayText', 'Button Text', 'Enter the text of the button.'),
			20,
			'Button Text',
		);
		return {
			type: 'interactive',
			content: {
				type: 'cta_url',
				...common,
				action: { name: 'cta_url', parameters: { display_text: displayText, url } },
			},
		};
	}
	throw new InvalidInputError(`Interactive Type "${kind}" is not buttons, list, ctaUrl or json.`);
}
