import type { INodeProperties, IWebhookDescription } from 'n8n-workflow';
import { showFor } from '../operations/parameters';

/**
 * "Send and Wait for Response", as n8n's built-in WhatsApp node offers it, on n8n's public node API:
 * the message carries links to the execution's resume webhook (`getSignedResumeUrl`), the execution
 * waits (`putExecutionToWait`), and the restart webhooks below resume it with the answer. The
 * operation value must be `sendAndWait`: n8n checks the links' signature for that operation only.
 */

export const SEND_AND_WAIT = 'sendAndWait';

const show = showFor([SEND_AND_WAIT]);

/** The execution's resume webhook, one path per node, as n8n's own send-and-wait nodes declare it. */
export const sendAndWaitWebhooks: IWebhookDescription[] = ['GET', 'POST'].map((httpMethod) => ({
	name: 'default',
	httpMethod,
	responseMode: 'onReceived',
	responseData: '',
	path: '={{ $nodeId }}',
	restartWebhook: true,
	isFullPath: true,
}));

export const SEND_AND_WAIT_TOOLTIP = `={{ $parameter["operation"] === "${SEND_AND_WAIT}" ? "Execution will continue after the recipient answers" : "" }}`;

export const sendAndWaitDescription: INodeProperties[] = [
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: 'The question to ask. The links (or buttons) to answer are added below it.',
		displayOptions: show,
	},
	{
		displayName: 'Response Type',
		name: 'responseType',
		type: 'options',
		options: [
			{
				name: 'Approval',
				value: 'approval',
				description: 'The recipient approves (or declines) with a tap',
			},
			{
				name: 'Free Text',
				value: 'freeText',
				description: 'The recipient answers in a short form',
			},
		],
		default: 'approval',
		displayOptions: show,
	},
	{
		displayName: 'Approval Options',
		name: 'approvalOptions',
		type: 'fixedCollection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { ...show?.show, responseType: ['approval'] } },
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Type of Approval',
						name: 'approvalType',
						type: 'options',
						options: [
							{ name: 'Approve Only', value: 'single' },
							{ name: 'Approve and Decline', value: 'double' },
						],
						default: 'double',
					},
					{
						displayName: 'Approve Button Label',
						name: 'approveLabel',
						type: 'string',
						default: '✓ Approve',
					},
					{
						displayName: 'Decline Button Label',
						name: 'disapproveLabel',
						type: 'string',
						default: '✗ Decline',
						displayOptions: { show: { approvalType: ['double'] } },
					},
				],
			},
		],
	},
	{
		displayName: 'Answer With',
		name: 'answerWith',
		type: 'options',
		options: [
			{
				name: 'Links in the Message',
				value: 'links',
				description:
					'Each answer is a link that opens a page to confirm it (or a form for free text)',
			},
			{
				name: 'Reply Buttons',
				value: 'buttons',
				description:
					'WhatsApp buttons that carry the answer links as their IDs: a WhatsApp Trigger workflow resumes this execution by posting to the ID of the button tapped. Works only within the 24-hour customer-service window.',
			},
		],
		default: 'links',
		displayOptions: { show: { ...show?.show, responseType: ['approval'] } },
	},
	{
		displayName: 'Options',
		name: 'waitOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Limit Wait Time',
				name: 'limitWaitTime',
				type: 'fixedCollection',
				description:
					'Whether to stop waiting after a time; the execution then goes on with the input items, without an answer',
				default: {
					values: { limitType: 'afterTimeInterval', resumeAmount: 45, resumeUnit: 'minutes' },
				},
				options: [
					{
						displayName: 'Values',
						name: 'values',
						values: [
							{
								displayName: 'Limit Type',
								name: 'limitType',
								type: 'options',
								default: 'afterTimeInterval',
								options: [
									{
										name: 'After Time Interval',
										value: 'afterTimeInterval',
										description: 'Waits for a certain amount of time',
									},
									{
										name: 'At Specified Time',
										value: 'atSpecifiedTime',
										description: 'Waits until a date and time',
									},
								],
							},
							{
								displayName: 'Amount',
								name: 'resumeAmount',
								type: 'number',
								typeOptions: { minValue: 0, numberPrecision: 2 },
								default: 45,
								displayOptions: { show: { limitType: ['afterTimeInterval'] } },
							},
							{
								displayName: 'Unit',
								name: 'resumeUnit',
								type: 'options',
								options: [
									{ name: 'Minutes', value: 'minutes' },
									{ name: 'Hours', value: 'hours' },
									{ name: 'Days', value: 'days' },
								],
								default: 'minutes',
								displayOptions: { show: { limitType: ['afterTimeInterval'] } },
							},
							{
								displayName: 'Max Date and Time',
								name: 'maxDateAndTime',
								type: 'dateTime',
								default: '',
								displayOptions: { show: { limitType: ['atSpecifiedTime'] } },
							},
						],
					},
				],
			},
			{
				displayName: 'Message Button Label',
				name: 'messageButtonLabel',
				type: 'string',
				default: 'Respond',
				description: 'The label of the free-text link',
			},
			{
				displayName: 'Response Form Button Label',
				name: 'responseFormButtonLabel',
				type: 'string',
				default: 'Submit',
			},
			{
				displayName: 'Response Form Description',
				name: 'responseFormDescription',
				type: 'string',
				default: '',
				description: 'Shown above the answer field; the message when empty',
			},
			{
				displayName: 'Response Form Title',
				name: 'responseFormTitle',
				type: 'string',
				default: '',
			},
		],
	},
];
