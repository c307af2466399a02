import type { INodeProperties } from 'n8n-workflow';

/** The webhook credential: verify token, signing secret, and the app's registration settings. */
export const WEBHOOK_CREDENTIAL = 'whatsAppWebhookApi';

/**
 * WhatsApp Trigger's parameters. `receive-webhook.ts` reads the event filters and Options,
 * `require-signature.ts` Require Signature, `webhook-registration.ts` the registration settings.
 */
export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'Meta calls this trigger at its production URL. Activating the workflow registers that URL with Meta: for the whole app (App ID and App Access Token in the webhook credential), or for chosen phone numbers or one business account (a WhatsApp Cloud API credential too), so several workflows can share one app. With Registration set to Manual, paste the production URL and the credential’s verify token into the Meta dashboard: App → WhatsApp → Configuration.',
		name: 'registrationNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Require Signature',
		name: 'requireSignature',
		type: 'boolean',
		default: true,
		description:
			'Whether every POST must carry a valid signature. The workflow then cannot be activated without a signing secret (the app secret) in the credential.',
		displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
	},
	{
		displayName: 'Require Signature',
		name: 'requireSignature',
		type: 'boolean',
		default: false,
		description:
			'Whether every POST must carry a valid signature. The workflow then cannot be activated without a signing secret (the app secret) in the credential.',
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName:
			'Signatures are not required: with no app secret in the credential, anyone who knows the webhook URL can post fake statuses and messages into this workflow.',
		name: 'unsignedNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { requireSignature: [false] } },
	},
	{
		displayName: 'Trigger On',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: ['statuses'],
		options: [
			{
				name: 'Conversation Handovers',
				value: 'handovers',
				description:
					'Each change of who holds a conversation, AI agent or you (webhook field messaging_handovers)',
			},
			{
				name: 'Inbound Messages',
				value: 'messages',
				description: 'Messages users send to your number',
			},
			{
				name: 'Message Statuses',
				value: 'statuses',
				description: 'Sent, delivered, read, played and failed updates of the messages you send',
			},
			{
				name: 'Standby (Meta Business Agent)',
				value: 'standby',
				description:
					'Conversations Meta’s AI agent holds on your number: the user’s messages, the agent’s replies and their statuses (webhook field standby)',
			},
			{
				name: 'Template Status Updates',
				value: 'templateStatusUpdates',
				description: 'Approval, rejection and other changes of your message templates',
			},
		],
	},
	{
		displayName: 'Statuses',
		name: 'statuses',
		type: 'multiOptions',
		default: [],
		description:
			'The statuses to start the workflow on. None selected means every status, including ones Meta adds later.',
		displayOptions: { show: { events: ['statuses'] } },
		options: [
			{ name: 'Delivered', value: 'delivered' },
			{ name: 'Failed', value: 'failed' },
			{ name: 'Played', value: 'played' },
			{ name: 'Read', value: 'read' },
			{ name: 'Sent', value: 'sent' },
		],
	},
	{
		displayName: 'Registration',
		name: 'registration',
		type: 'options',
		default: 'app',
		description:
			'How the webhook URL gets to Meta. Without App ID and App Access Token in the credential it is always Manual.',
		options: [
			{
				name: 'App Subscription',
				value: 'app',
				description:
					'Register this URL as the Meta app’s WhatsApp callback URL (one per app) and remove it on deactivation',
			},
			{
				name: 'Business Account Override',
				value: 'businessAccount',
				description:
					'Point one WhatsApp Business Account’s webhooks at this URL, so several workflows can share one app. Template status updates still go to the app’s URL.',
			},
			{
				name: 'Phone Number Override',
				value: 'phoneNumber',
				description:
					'Point only the chosen phone numbers’ webhooks at this URL: one workflow per number on one app. Template status updates still go to the app’s URL.',
			},
			{
				name: 'Manual',
				value: 'manual',
				description: 'Change nothing at Meta; enter the URL and verify token in the Meta dashboard',
			},
		],
	},
	{
		displayName: 'WhatsApp Business Account ID',
		name: 'businessAccountId',
		type: 'string',
		required: true,
		default: '',
		description: 'The account whose webhooks this trigger receives',
		displayOptions: { show: { registration: ['businessAccount'] } },
	},
	{
		displayName: 'Phone Number IDs',
		name: 'overridePhoneNumberIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: '106540352242922, 106540352242923',
		description:
			'Comma-separated IDs of the phone numbers whose webhooks this trigger receives (WhatsApp Manager → Phone numbers). Their overrides are set on activation and removed on deactivation.',
		displayOptions: { show: { registration: ['phoneNumber'] } },
	},
	{
		displayName:
			'Overrides are changed with the System User token of the WhatsApp Cloud API credential above (Meta refuses the app access token for them); the one WhatsApp Send uses works.',
		name: 'overrideCredentialNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['businessAccount', 'phoneNumber'] } },
	},
	{
		displayName: 'Replace Existing Override',
		name: 'replaceExistingOverride',
		type: 'boolean',
		default: false,
		description:
			'Whether to take over an override that points elsewhere, and put it back on deactivation. Off: activation stops and names the URL that holds it.',
		displayOptions: { show: { registration: ['businessAccount', 'phoneNumber'] } },
	},
	{
		displayName: 'Test Phone Number ID',
		name: 'testPhoneNumberId',
		type: 'string',
		default: '',
		placeholder: '106540352242924',
		description:
			'A number whose webhooks may go to the editor for a moment, such as a test number no workflow overrides. Listening for a test event points only this number at the test URL and removes that when the listen ends, so active workflows keep their webhooks. Empty: a test listen goes ahead only where it takes webhooks from no one, and otherwise says why not.',
		displayOptions: { show: { registration: ['app', 'businessAccount', 'phoneNumber'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Include Raw Update',
				name: 'includeRaw',
				type: 'boolean',
				default: false,
				description:
					'Whether to add raw to each item: the status, message or update as Meta sent it, beside the fields read from it. Off keeps executions smaller and faster to store.',
				displayOptions: { show: { '@version': [{ _cnd: { gte: 1.2 } }] } },
			},
			{
				displayName: 'Parse Reference ID JSON',
				name: 'parseReferenceJson',
				type: 'boolean',
				default: false,
				description:
					'Whether to turn a Reference ID that is JSON object text back into an object. Other Reference IDs stay strings.',
			},
			{
				displayName: 'Phone Number IDs',
				name: 'phoneNumberIds',
				type: 'string',
				default: '',
				placeholder: '106540352242922, 106540352242923',
				description:
					'Comma-separated phone number IDs to accept, for one app serving several numbers. Empty accepts all. Template status updates belong to no number and always pass.',
			},
		],
	},
];
