import type { INodeProperties } from 'n8n-workflow';
import { mediaOperation, mediaResourceDescription } from './media/media.description';
import { showFor } from './operations/parameters';
import * as contacts from './operations/contacts.operation';
import * as interactive from './operations/interactive.operation';
import * as location from './operations/location.operation';
import * as markAsRead from './operations/markAsRead.operation';
import * as media from './operations/media.operation';
import * as reaction from './operations/reaction.operation';
import * as template from './operations/template.operation';
import * as text from './operations/text.operation';
import { SEND_AND_WAIT, sendAndWaitDescription } from './send-and-wait/description';
import {
	FORGET_SENT_REFERENCES,
	forgetDescription,
	sentReferencesOptions,
} from './sent-references';

/**
 * WhatsApp Send's description: the resource and operation menus and the parameters every message
 * has; each operation's own parameters live beside its build (`operations/`, `media/`, `send-and-wait/`).
 */

const MESSAGE_OPERATIONS = [
	'text',
	'template',
	'media',
	'interactive',
	'location',
	'contacts',
	'reaction',
	SEND_AND_WAIT,
];

const operationDescriptions = [
	...text.description,
	...template.description,
	...media.description,
	...interactive.description,
	...location.description,
	...contacts.description,
	...reaction.description,
	...markAsRead.description,
];

const messageOperation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['message'] } },
	options: [
		{
			name: 'Forget Sent References',
			value: FORGET_SENT_REFERENCES,
			action: 'Forget references already sent',
			description:
				'Clear what Skip References Already Sent recorded for this workflow, so those references can be sent again',
		},
		{
			name: 'Mark as Read',
			value: 'markAsRead',
			action: 'Mark a message as read',
			description: 'Show blue ticks on a received message, optionally with a typing indicator',
		},
		{
			name: 'Send Contacts',
			value: 'contacts',
			action: 'Send contact cards',
			description: 'Send one or more contact cards',
		},
		{
			name: 'Send Interactive',
			value: 'interactive',
			action: 'Send an interactive message',
			description: 'Send reply buttons, a list, a call-to-action link or any interactive JSON',
		},
		{
			name: 'Send Location',
			value: 'location',
			action: 'Send a location',
			description: 'Send a pin on the map',
		},
		{
			name: 'Send Media',
			value: 'media',
			action: 'Send media',
			description: 'Send an image, video, audio, document or sticker',
		},
		{
			name: 'Send Reaction',
			value: 'reaction',
			action: 'React to a message',
			description: 'React to a message with an emoji',
		},
		{
			name: 'Send Template',
			value: 'template',
			action: 'Send a template',
			description: 'Send an approved template, the only kind allowed outside the 24-hour window',
		},
		{
			name: 'Send and Wait for Response',
			value: SEND_AND_WAIT,
			action: 'Send message and wait for response',
			description:
				'Ask a question and wait for the answer: approve, decline or free text, through a link or a reply button',
		},
		{
			name: 'Send Text',
			value: 'text',
			action: 'Send a text message',
			description: 'Send a text message',
		},
	],
	default: 'text',
};

/** The subtitle under the node: the operation's name as its menu shows it. */
export const sendSubtitle = `={{ $parameter["resource"] === "media" ? "Media: " + ${namesOf(mediaOperation)}[$parameter["operation"]] : ${namesOf(messageOperation)}[$parameter["operation"]] }}`;

export const sendProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Media', value: 'media', description: 'Upload, download or delete media by its ID' },
			{ name: 'Message', value: 'message' },
		],
		default: 'message',
	},
	messageOperation,
	mediaOperation,
	{
		displayName: 'Sender Phone Number',
		name: 'phoneNumberId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: { hide: { operation: ['download', 'delete', FORGET_SENT_REFERENCES] } },
		description:
			'The business phone number to send from. With Gupshup Partner the app ID goes here; with 360dialog the key already picks the number, so this ID is not sent.',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchPhoneNumbers', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '106540352242922',
				hint: 'The Phone Number ID from WhatsApp Manager → API Setup (not the phone number itself). With Gupshup Partner: your Gupshup app ID.',
			},
		],
	},
	{
		displayName: 'Recipient',
		name: 'to',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+16505551234',
		description:
			'Phone number in international format (+, spaces, dashes and brackets are fine), or a business-scoped user ID such as US.13491208655302741918',
		displayOptions: showFor(MESSAGE_OPERATIONS),
	},
	{
		displayName: 'Reference ID',
		name: 'referenceId',
		type: 'string',
		default: '',
		placeholder: '{{ $json.crmContactId }}',
		description:
			'Your own key for this message, such as a CRM record ID. Sent as biz_opaque_callback_data and returned by WhatsApp Trigger on every status (sent, delivered, read, failed). Up to 512 bytes, or the limit of the provider in the credential; an object is sent as JSON text.',
		hint: 'Returned as referenceId by WhatsApp Trigger on every status of this message',
		displayOptions: showFor(MESSAGE_OPERATIONS),
	},
	...operationDescriptions,
	...mediaResourceDescription,
	...sendAndWaitDescription,
	...forgetDescription,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor(['text', 'template', 'media', 'interactive', 'location', 'contacts']),
		options: [
			{
				displayName: 'Check Parameters Against the Template',
				name: 'checkTemplate',
				type: 'boolean',
				default: true,
				description:
					"Whether to refuse, before any request, manual parameters that do not fit the template's definition (a wrong count, a missing variable or button parameter). Needs the credential's Business Account ID; without it nothing is checked. The template form is always checked.",
				displayOptions: { show: { '/operation': ['template'] } },
			},
			{
				displayName: 'Fall Back to Cloud API',
				name: 'marketingMessagesFallback',
				type: 'boolean',
				default: true,
				description:
					'Whether to send through /messages when the Marketing Messages API (if chosen) refuses the route (account not onboarded, not a marketing template, template not yet synced). The output says why in fallbackReason.',
				displayOptions: { show: { '/operation': ['template'] } },
			},
			{
				displayName: 'Preview URL',
				name: 'previewUrl',
				type: 'boolean',
				default: false,
				description: 'Whether to show a preview of the first link in the text',
				displayOptions: { show: { '/operation': ['text'] } },
			},
			{
				displayName: 'Reply To Message ID',
				name: 'replyToMessageId',
				type: 'string',
				default: '',
				placeholder: 'wamid.HBgL…',
				description:
					'Quote an earlier message of the chat: its wamid, such as the Message ID of a WhatsApp Trigger item',
			},
			{
				displayName: 'Send Through Marketing Messages API',
				name: 'marketingMessagesApi',
				type: 'boolean',
				default: false,
				description:
					"Whether to send marketing templates through Meta's Marketing Messages API for WhatsApp (/marketing_messages), with Meta's delivery optimisation. The Reference ID is sent as always.",
				displayOptions: { show: { '/operation': ['template'] } },
			},
		],
	},
	{
		displayName: 'Sending Options',
		name: 'sendingOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description:
			'How the items of one run are sent: pace, parallel requests, retries, and skipping references already sent',
		displayOptions: { hide: { operation: [FORGET_SENT_REFERENCES] } },
		options: [
			{
				displayName: 'Connection',
				name: 'connection',
				displayOptions: { hide: { '/resource': ['media'], '/operation': [SEND_AND_WAIT] } },
				type: 'options',
				default: 'requestHelper',
				description:
					'How messages reach the API. Reuse Connections is faster at high rates (Meta’s 1,000/s tier) but bypasses n8n’s proxy settings.',
				options: [
					{
						name: 'New Connection per Message',
						value: 'requestHelper',
						description:
							'Through n8n’s request helper (the default): a new connection, and TLS handshake, per message, with n8n’s proxy settings and outbound network policy',
					},
					{
						name: 'Reuse Connections',
						value: 'reuseConnections',
						description:
							'Keeps connections open between messages (Node.js fetch): no TLS handshake per message. Ignores n8n’s proxy settings (HTTP(S)_PROXY only with NODE_USE_ENV_PROXY=1); n8n’s outbound network policy checks the address before sending, not the IP it resolves to when connecting; no redirects followed.',
					},
				],
			},
			{
				displayName: 'Max Parallel Requests',
				name: 'maxConcurrency',
				displayOptions: { hide: { '/operation': [SEND_AND_WAIT] } },
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1000 },
				default: 100,
				description: 'How many requests may wait for an answer at once',
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				displayOptions: { hide: { '/operation': [SEND_AND_WAIT] } },
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 10 },
				default: 5,
				description:
					"How often a message is sent again after a rate limit or a temporary error. Throughput limits back off exponentially; Meta's per-recipient limit waits 1, 4, 16, 64 s, then 64 s before each further retry, holding only that recipient's messages while the others go on.",
			},
			{
				displayName: 'Messages Per Second',
				name: 'messagesPerSecond',
				displayOptions: { hide: { '/resource': ['media'], '/operation': [SEND_AND_WAIT] } },
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 80,
				description:
					"The most messages sent per second. Meta allows 80 per phone number by default and up to 1,000 after an upgrade; 0 sends as fast as Meta's answers allow. If Meta accepts fewer, the run slows down to its pace instead of failing messages.",
			},
			{
				displayName: 'Request Timeout (Ms)',
				name: 'requestTimeout',
				type: 'number',
				typeOptions: { minValue: 1000 },
				default: 30000,
				description: 'How long to wait for each answer',
			},
			{
				displayName: 'Retry After Timeouts',
				name: 'retryAmbiguousFailures',
				displayOptions: { hide: { '/resource': ['media'], '/operation': [SEND_AND_WAIT] } },
				type: 'boolean',
				default: false,
				description:
					'Whether to send again when a request timed out or the connection dropped after it was sent. Meta may already have accepted it, so the customer can get the message twice.',
			},
			...sentReferencesOptions,
		],
	},
];

/** The menu's names by value, as an object literal for the subtitle expression ("Mark as Read", not "markAsRead"). */
function namesOf(property: INodeProperties): string {
	const names = Object.fromEntries(
		(property.options ?? []).map((option) => [
			'value' in option ? String(option.value) : '',
			option.name,
		]),
	);
	return JSON.stringify(names);
}
