import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { MAX_BODY_BYTES, parseEnvelope } from './envelope';
import { flattenWebhook, parsePhoneNumberIds, type FlattenOptions } from './flatten';
import { answerHandshake } from './handshake';
import { checkWebhookCredential } from './registration';
import { checkRequestSignature, signatureRuleFor } from './signature';
import { isRegistered, register, unregister } from './webhook-registration';

const CREDENTIAL_TYPE = 'whatsAppWebhookApi';

const UNSIGNED_REFUSAL =
	'Signature required, but the credential has no signing secret to check it with';

export class WhatsAppTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Trigger',
		name: 'whatsAppTrigger',
		icon: { light: 'file:whatsappReference.svg', dark: 'file:whatsappReference.dark.svg' },
		group: ['trigger'],
		// 1.1: Require Signature, on by default. Saved 1.0 nodes keep accepting unsigned posts
		// where their credential has no app secret, as they always did.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{"On " + $parameter["events"].join(", ")}}',
		description:
			'Starts the workflow on WhatsApp Cloud API webhooks: one item per message status, with its Reference ID',
		defaults: { name: 'WhatsApp Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'whatsAppWebhookApi', required: true, testedBy: 'whatsAppWebhookApiTest' },
			{
				// Its System User token changes overrides, which Meta refuses to the app access token.
				name: 'whatsAppCloudApi',
				required: false,
				displayOptions: { show: { registration: ['app', 'businessAccount', 'phoneNumber'] } },
			},
		],
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Meta reads only the status code; n8n would otherwise answer with the text "firstEntryJson".
				responseData: 'noData',
				path: 'webhook',
			},
		],
		properties: [
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
						description:
							'Sent, delivered, read, played and failed updates of the messages you send',
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
						description:
							'Change nothing at Meta; enter the URL and verify token in the Meta dashboard',
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
		],
	};

	methods = {
		credentialTest: {
			async whatsAppWebhookApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				return checkWebhookCredential(credential.data ?? {});
			},
		},
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				await checkSignatureSetting(this);
				return await isRegistered(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				await checkSignatureSetting(this);
				return await register(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await unregister(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const credentials = await this.getCredentials(CREDENTIAL_TYPE);

		if (this.getWebhookName() === 'setup') {
			const verifyToken =
				typeof credentials.verifyToken === 'string' ? credentials.verifyToken : '';
			const answer = answerHandshake(this.getQueryData() as Record<string, unknown>, verifyToken);
			return answer.accepted
				? respond(this, 200, answer.challenge)
				: reject(this, 403, 'Verification request refused');
		}

		if (requiresSignature(this) && signatureRuleFor(credentials).check === 'none') {
			return reject(this, 401, UNSIGNED_REFUSAL);
		}
		const rawBody = (this.getRequestObject() as { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);
		if (rawBody.length > MAX_BODY_BYTES) {
			return reject(
				this,
				413,
				`Body is ${rawBody.length} bytes; WhatsApp Trigger takes at most ${MAX_BODY_BYTES} (Meta sends at most 3 MB)`,
			);
		}
		const signature = checkRequestSignature(credentials, this.getHeaderData(), rawBody);
		if (!signature.accepted) {
			return reject(this, 401, signature.reason);
		}

		const envelope = parseEnvelope(rawBody);
		if (!envelope.ok) {
			return reject(this, 400, envelope.reason);
		}

		const items = flattenWebhook(envelope.body, flattenOptions(this));
		if (items.length === 0) {
			return respond(this, 200, 'No matching events');
		}
		return { workflowData: [items.map((json) => ({ json }))] };
	}
}

function respond(
	context: IWebhookFunctions,
	statusCode: number,
	text: string,
): IWebhookResponseData {
	context.getResponseObject().status(statusCode).type('text/plain').send(text);
	return { noWebhookResponse: true };
}

function reject(
	context: IWebhookFunctions,
	statusCode: number,
	reason: string,
): IWebhookResponseData {
	context.logger.warn(`WhatsApp Trigger answered ${statusCode}: ${reason}`);
	return respond(context, statusCode, reason);
}

function flattenOptions(context: IWebhookFunctions): FlattenOptions {
	const options = context.getNodeParameter('options', {}) as {
		parseReferenceJson?: boolean;
		phoneNumberIds?: string;
	};
	return {
		events: context.getNodeParameter('events', []) as string[],
		statuses: context.getNodeParameter('statuses', []) as string[],
		phoneNumberIds: parsePhoneNumberIds(options.phoneNumberIds ?? ''),
		parseReferenceJson: options.parseReferenceJson === true,
	};
}

/** Require Signature: on by default from version 1.1; a saved 1.0 node without the parameter means off. */
function requiresSignature(context: IHookFunctions | IWebhookFunctions): boolean {
	const byDefault = context.getNode().typeVersion >= 1.1;
	return context.getNodeParameter('requireSignature', byDefault) === true;
}

/**
 * On activation: with Require Signature on, a credential that cannot check signatures stops it,
 * saying what to change; with it off, an unsigned set-up is logged as a warning on every start.
 */
async function checkSignatureSetting(context: IHookFunctions): Promise<void> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const rule = signatureRuleFor(credentials);
	if (rule.check === 'hmac') {
		return;
	}
	const node = context.getNode();
	const problem =
		rule.check === 'invalid'
			? `the WhatsApp Webhook credential cannot check signatures: ${rule.problem}`
			: 'the WhatsApp Webhook credential has no signing secret';
	if (requiresSignature(context)) {
		throw new NodeOperationError(node, `Require Signature is on, but ${problem}`, {
			description:
				'Enter the app secret (Meta App Dashboard → App settings → Basic → App secret) as Signing Secret in the credential, or turn Require Signature off in this trigger to accept unsigned posts.',
		});
	}
	context.logger.warn(
		rule.check === 'invalid'
			? `WhatsApp Trigger "${node.name}" refuses every post: ${problem}`
			: `WhatsApp Trigger "${node.name}" checks no signatures: anyone who knows its webhook URL can post into the workflow. Set the app secret in its credential.`,
	);
}
