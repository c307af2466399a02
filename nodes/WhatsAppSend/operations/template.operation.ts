import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { InvalidInputError } from '../../shared/invalid-input';
import { templateKey } from '../template-definitions';
import type { BuildContext, MessageContent, ParameterReader } from '../types';
import { skipReasonFor } from '../marketing-messages';
import { checkComponents, checkSendable } from './template-check';
import { type TemplateShape, describeTemplate, templateLabel } from './template-definition';
import { COUPON_CODE_MAX } from './template-components';
import { componentsFromForm } from './template-form';
import {
	httpUrl,
	mediaIdText,
	parseJsonParameter,
	requiredText,
	showFor,
	textValue,
	withoutEmpty,
} from './parameters';

const show = showFor(['template']);
const showManual = { show: { ...show?.show, templateParametersMode: ['manual'] } };
const showForm = { show: { ...show?.show, templateParametersMode: ['form'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Template',
		name: 'templateName',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'An approved message template of the WhatsApp Business Account',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchTemplates', searchable: true },
			},
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: 'order_update',
			},
		],
		displayOptions: show,
	},
	{
		displayName: 'Language',
		name: 'templateLanguage',
		type: 'resourceLocator',
		default: { mode: 'code', value: 'en_US' },
		required: true,
		description: 'The language of the template to send',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchTemplateLanguages' },
			},
			{
				displayName: 'By Code',
				name: 'code',
				type: 'string',
				placeholder: 'en_US',
				hint: 'The language code the template was approved in, such as en_US or pt_BR',
			},
		],
		displayOptions: show,
	},
	{
		displayName: 'Template Parameters',
		name: 'templateParametersMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: "From the Template's Definition",
				value: 'form',
				description:
					'One field per variable, media, location, product or button parameter the chosen template has',
			},
			{
				name: 'Manual',
				value: 'manual',
				description:
					'Header, body and button parameters entered by hand, checked against the template where the account can be read',
			},
		],
		default: 'manual',
		displayOptions: show,
	},
	{
		displayName: 'Template Fields',
		name: 'templateFields',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['templateName.value', 'templateLanguage.value'],
			resourceMapper: {
				resourceMapperMethod: 'getTemplateFields',
				mode: 'add',
				fieldWords: { singular: 'parameter', plural: 'parameters' },
				addAllFields: true,
				supportAutoMap: false,
				noFieldsError: 'The template has no variables and no parameters to fill in.',
			},
		},
		hint: 'A currency or date variable takes Meta\'s JSON, e.g. {"type":"currency","currency":{"fallback_value":"$10.99","code":"USD","amount_1000":10990}}',
		displayOptions: showForm,
	},
	{
		displayName: 'Header Parameter',
		name: 'headerParameter',
		type: 'fixedCollection',
		placeholder: 'Add Header Parameter',
		default: {},
		description: "Fills the template's header variable, if it has one",
		displayOptions: showManual,
		options: [
			{
				displayName: 'Header',
				name: 'header',
				values: [
					{
						displayName: 'Address',
						name: 'address',
						type: 'string',
						default: '',
					},
					{
						displayName: 'File Name',
						name: 'filename',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Latitude',
						name: 'latitude',
						type: 'number',
						default: 0,
					},
					{
						displayName: 'Location Name',
						name: 'locationName',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Longitude',
						name: 'longitude',
						type: 'number',
						default: 0,
					},
					{
						displayName: 'Media Link or ID',
						name: 'media',
						type: 'string',
						default: '',
						placeholder: 'https://example.com/banner.png',
						description: 'A public https:// link, or the ID of uploaded media',
					},
					{
						displayName: 'Parameter Name',
						name: 'parameterName',
						type: 'string',
						default: '',
						description: 'For templates with named variables: the variable name, without braces',
					},
					{
						displayName: 'Text',
						name: 'text',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: [
							{
								name: 'Document',
								value: 'document',
							},
							{
								name: 'Image',
								value: 'image',
							},
							{
								name: 'Location',
								value: 'location',
							},
							{
								name: 'Text',
								value: 'text',
							},
							{
								name: 'Video',
								value: 'video',
							},
						],
						default: 'text',
					},
				],
			},
		],
	},
	{
		displayName: 'Body Parameters',
		name: 'bodyParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Body Parameter',
		default: {},
		description: "The template body's variables, in order ({{1}}, {{2}}, …) or by name",
		displayOptions: showManual,
		options: [
			{
				displayName: 'Parameter',
				name: 'parameter',
				values: [
					{
						displayName: 'Amount',
						name: 'amount',
						type: 'number',
						default: 0,
						description: 'The amount, such as 100.99',
					},
					{
						displayName: 'Currency Code',
						name: 'currencyCode',
						type: 'string',
						default: 'USD',
						description: 'ISO 4217 code, such as USD or EUR',
					},
					{
						displayName: 'Fallback Text',
						name: 'fallbackValue',
						type: 'string',
						default: '',
						placeholder: '$100.99',
						description:
							'What the recipient sees. For currency, leave empty to show the amount and code; for a date, WhatsApp always shows this text.',
					},
					{
						displayName: 'Parameter Name',
						name: 'parameterName',
						type: 'string',
						default: '',
						description: 'For templates with named variables: the variable name, without braces',
					},
					{
						displayName: 'Text',
						name: 'text',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: [
							{
								name: 'Currency',
								value: 'currency',
							},
							{
								name: 'Date and Time',
								value: 'dateTime',
							},
							{
								name: 'Text',
								value: 'text',
							},
						],
						default: 'text',
					},
				],
			},
		],
	},
	{
		displayName: 'Button Parameters',
		name: 'buttonParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Button Parameter',
		default: {},
		description: "Values for the template's buttons that take one",
		displayOptions: showManual,
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{
						displayName: 'Button Type',
						name: 'subType',
						type: 'options',
						options: [
							{ name: 'Copy Code', value: 'copy_code', description: 'A coupon code copied on tap' },
							{
								name: 'Quick Reply',
								value: 'quick_reply',
								description: 'A payload returned when tapped',
							},
							{ name: 'URL', value: 'url', description: 'The variable end of a dynamic URL' },
						],
						default: 'quick_reply',
					},
					{
						displayName: 'Button Index',
						name: 'index',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 9 },
						default: 0,
						description: "The button's position in the template, counting from 0",
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'The payload, URL suffix or coupon code',
					},
				],
			},
		],
	},
	{
		displayName: 'Extra Components (JSON)',
		name: 'templateComponentsJson',
		type: 'json',
		default: '',
		description:
			"Components in Meta's JSON, added after the ones above: for carousels, Flow or catalog buttons, limited-time offers and anything the form does not cover",
		placeholder: '[{"type": "button", "sub_type": "flow", "index": "0", "parameters": [...]}]',
		displayOptions: show,
	},
];

type Parameters = IDataObject[];

/** Meta's rule for template names. */
const TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/;
/** Meta's template language codes: en, fil, en_US, pt_BR, zh_HK, … */
const LANGUAGE_CODE = /^[a-z]{2,3}(_[A-Z0-9]{2,4})?$/;

function mediaObject(value: string): IDataObject {
	return /^https?:\/\//i.test(value)
		? { link: httpUrl(value, 'Header media link') }
		: { id: mediaIdText(value, 'Header media') };
}

const MEDIA_HEADER_TYPES = ['image', 'video', 'document'];

function headerComponent(header: IDataObject): IDataObject {
	const type = String(header.type ?? 'text');
	let parameter: IDataObject;
	if (type === 'text') {
		const text = String(header.text ?? '');
		if (text.trim() === '')
			throw new InvalidInputError('The text header has no text. Enter the value of its variable.');
		parameter = withoutEmpty({ type, text, parameter_name: textValue(header.parameterName) });
	} else if (type === 'location') {
		const latitude = Number(header.latitude);
		const longitude = Number(header.longitude);
		if (
			!(Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180) ||
			header.latitude === '' ||
			header.longitude === ''
		) {
			throw new InvalidInputError(
				'The location header needs a latitude from -90 to 90 and a longitude from -180 to 180.',
			);
		}
		parameter = {
			type,
			location: withoutEmpty({
				latitude,
				longitude,
				name: textValue(header.locationName),
				address: textValue(header.address),
			}),
		};
	} else if (MEDIA_HEADER_TYPES.includes(type)) {
		const media = String(header.media ?? '').trim();
		if (media === '') {
			throw new InvalidInputError(
				`The ${type} header has no media. Enter a public https:// link or a media ID.`,
			);
		}
		const filename = type === 'document' ? textValue(header.filename) : undefined;
		parameter = { type, [type]: withoutEmpty({ ...mediaObject(media), filename }) };
	} else {
		throw new InvalidInputError(
			`Header type "${type}" is not text, image, video, document or location.`,
		);
	}
	return { type: 'header', parameters: [parameter] };
}

function bodyParameter(parameter: IDataObject, position: number): IDataObject {
	const type = String(parameter.type ?? 'text');
	const name = textValue(parameter.parameterName);
	if (type === 'currency') {
		const amount = Number(parameter.amount);
		const code = String(parameter.currencyCode ?? '')
			.trim()
			.toUpperCase();
		if (!Number.isFinite(amount) || !/^[A-Z]{3}$/.test(code)) {
			throw new InvalidInputError(
				`Body parameter ${position} needs an amount and a three-letter currency code such as USD.`,
			);
		}
		return withoutEmpty({
			type: 'currency',
			parameter_name: name,
			currency: {
				fallback_value: textValue(parameter.fallbackValue) || `${amount} ${code}`,
				code,
				amount_1000: Math.round(amount * 1000),
			},
		});
	}
	if (type === 'dateTime') {
		const fallback = String(parameter.fallbackValue ?? '');
		if (fallback.trim() === '') {
			throw new InvalidInputError(
				`Body parameter ${position} is a date without Fallback Text; WhatsApp shows only that text, so enter it.`,
			);
		}
		return withoutEmpty({
			type: 'date_time',
			parameter_name: name,
			date_time: { fallback_value: fallback },
		});
	}
	const text = String(parameter.text ?? '');
	if (text.trim() === '')
		throw new InvalidInputError(
			`Body parameter ${position} has no text. Enter the value of its variable.`,
		);
	return withoutEmpty({ type: 'text', parameter_name: name, text });
}

const BUTTON_PARAMETER: Record<string, (value: string) => IDataObject> = {
	quick_reply: (value) => ({ type: 'payload', payload: value }),
	url: (value) => ({ type: 'text', text: value }),
	copy_code: (value) => {
		if (value.length > COUPON_CODE_MAX) {
			throw new InvalidInputError(
				`The coupon code "${value}" is longer than ${COUPON_CODE_MAX} characters, Meta's limit for a copy-code button.`,
			);
		}
		return { type: 'coupon_code', coupon_code: value };
	},
};

function buttonComponent(button: IDataObject, position: number): IDataObject {
	const subType = String(button.subType ?? 'quick_reply');
	const toParameter = BUTTON_PARAMETER[subType];
	if (!toParameter)
		throw new InvalidInputError(`Button type "${subType}" is not quick_reply, url or copy_code.`);
	// Meta's template messages take a button's position on the template, 0 to 9.
	const index = Number(button.index ?? 0);
	if (
		!Number.isInteger(index) ||
		index < 0 ||
		index > 9 ||
		(typeof button.index === 'string' && button.index.trim() === '')
	) {
		throw new InvalidInputError(
			`Button parameter ${position}: Button Index must be a whole number from 0 to 9, not ${JSON.stringify(button.index)}.`,
		);
	}
	const value = String(button.value ?? '');
	if (value.trim() === '')
		throw new InvalidInputError(
			`Button parameter ${position} has no value. Enter the value of its variable.`,
		);
	return {
		type: 'button',
		sub_type: subType,
		index: String(index),
		parameters: [toParameter(value)],
	};
}

function extraComponents(value: unknown): IDataObject[] {
	const parsed = parseJsonParameter(value, 'Extra Components (JSON)');
	if (parsed === undefined) return [];
	const list = Array.isArray(parsed) ? parsed : [parsed];
	if (
		!list.every(
			(component) => typeof component === 'object' && component !== null && 'type' in component,
		)
	) {
		throw new InvalidInputError(
			'Extra Components (JSON) must be an array of component objects, each with a "type" such as "body" or "button".',
		);
	}
	return list as IDataObject[];
}

function manualComponents(read: ParameterReader): IDataObject[] {
	const components: IDataObject[] = [];
	const header = read('headerParameter.header', null) as IDataObject | null;
	if (header) components.push(headerComponent(header));
	const bodyParameters = (read('bodyParameters.parameter', []) as Parameters).map(
		(parameter, index) => bodyParameter(parameter, index + 1),
	);
	if (bodyParameters.length > 0) components.push({ type: 'body', parameters: bodyParameters });
	components.push(
		...(read('buttonParameters.button', []) as Parameters).map((button, index) =>
			buttonComponent(button, index + 1),
		),
	);
	return components;
}

/** The resource mapper's values: `{ mappingMode, value: { [fieldId]: value }, schema }`. */
function formValues(read: ParameterReader): Record<string, unknown> {
	const mapper = read('templateFields', {}) as { value?: Record<string, unknown> | null } | null;
	return mapper?.value ?? {};
}

function shapeFor(
	context: BuildContext,
	name: string,
	language: string,
	required: boolean,
): TemplateShape | undefined {
	const lookup = context.templates?.get(templateKey(name, language));
	if (lookup && 'definition' in lookup) return describeTemplate(lookup.definition);
	if (required) {
		const problem =
			lookup && 'problem' in lookup ? lookup.problem : 'its definition was not looked up';
		throw new InvalidInputError(
			`${templateLabel({ name, language })}: the form needs the template's definition, but ${problem}. Switch Template Parameters to Manual to send without it.`,
		);
	}
	return undefined;
}

export function build(read: ParameterReader, context: BuildContext = {}): MessageContent {
	const name = requiredText(read, 'templateName', 'Template', 'Pick a template or enter its name.');
	if (!TEMPLATE_NAME.test(name)) {
		throw new InvalidInputError(
			`Template "${name.slice(0, 80)}" is not a template name. Meta's names have up to 512 lower-case letters, digits and underscores, such as order_update: copy it from WhatsApp Manager.`,
		);
	}
	const language = requiredText(
		read,
		'templateLanguage',
		'Language',
		'Enter the template language code, such as en_US.',
	);
	if (!LANGUAGE_CODE.test(language)) {
		throw new InvalidInputError(
			`Language "${language.slice(0, 80)}" is not a template language code. Use the code the template was approved in, such as en, en_US or pt_BR.`,
		);
	}
	const fromForm = read('templateParametersMode', 'manual') === 'form';
	const shape = shapeFor(context, name, language, fromForm);
	if (shape) checkSendable(shape);
	const extra = extraComponents(read('templateComponentsJson', ''));
	let components: IDataObject[];
	if (fromForm && shape) {
		components = [...componentsFromForm(shape, formValues(read)), ...extra];
	} else {
		components = [...manualComponents(read), ...extra];
		if (shape && read('options.checkTemplate', true) !== false) checkComponents(shape, components);
	}
	const content: MessageContent = {
		type: 'template',
		content: {
			name,
			language: { code: language },
			...(components.length > 0 ? { components } : {}),
		},
	};
	if (read('options.marketingMessagesApi', false) === true) {
		const fallback = read('options.marketingMessagesFallback', true) !== false;
		const skipReason = skipReasonFor(
			shape?.category ?? null,
			context.marketingMessagesOnboarding ?? null,
		);
		if (skipReason !== null && !fallback) {
			throw new InvalidInputError(
				`${templateLabel({ name, language })} cannot go through the Marketing Messages API: ${skipReason}.`,
			);
		}
		content.marketingMessages = { fallback, skipReason };
	}
	return content;
}
