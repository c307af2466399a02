import type { INodeProperties } from 'n8n-workflow';
import { showFor } from './parameters';

/** The template operation's parameters, as the editor shows them; `template.operation.ts` reads them. */

const show = showFor(['template']);
const showManual = { show: { ...show?.show, templateParametersMode: ['manual'] } };
const showForm = { show: { ...show?.show, templateParametersMode: ['form'] } };

/** The fields a header and a body parameter share: the variable's name (named variables) and its text. */
const VARIABLE_FIELDS: INodeProperties[] = [
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
];

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
					...VARIABLE_FIELDS,
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
					...VARIABLE_FIELDS,
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
