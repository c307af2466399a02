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
import { NodeConnectionTypes } from 'n8n-workflow';

import { triggerProperties } from './description';
import { receiveWebhook } from './receive-webhook';
import { checkWebhookCredential } from './registration';
import { checkSignatureSetting } from './require-signature';
import { isRegistered, register, unregister } from './webhook-registration';

/**
 * WhatsApp Trigger: the parameters (`description.ts`), a POST to items (`receive-webhook.ts`), and
 * activation, which checks Require Signature (`require-signature.ts`) and registers the URL with
 * Meta (`webhook-registration.ts`).
 */
export class WhatsAppTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Trigger',
		name: 'whatsAppTrigger',
		icon: { light: 'file:whatsappReference.svg', dark: 'file:whatsappReference.dark.svg' },
		group: ['trigger'],
		// 1.1: Require Signature, on by default. Saved 1.0 nodes keep accepting unsigned posts
		// where their credential has no app secret, as they always did.
		// 1.2: `raw` only with the option Include Raw Update; saved 1.0 and 1.1 nodes keep it.
		version: [1, 1.1, 1.2],
		defaultVersion: 1.2,
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
		properties: triggerProperties,
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
		return await receiveWebhook.call(this);
	}
}
