import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import { DEFAULT_GRAPH_API_VERSION } from '../nodes/shared/graph-api-version';

/**
 * What the WhatsApp Trigger needs to accept Meta's webhooks, and optionally to register itself
 * with Meta. A webhook credential cannot be tested by a request of its own: the verify token and
 * app secret are proven only when Meta calls the trigger. The trigger node tests it instead
 * (`testedBy`), checking what can be checked offline.
 */
export class WhatsAppWebhookApi implements ICredentialType {
	name = 'whatsAppWebhookApi';

	// n8n's package scanner ignores inline disables and requires display names ending in "API";
	// saved workflows refer to the type name, which stays whatsAppWebhookApi.
	displayName = 'WhatsApp Webhook API';

	icon = {
		light: 'file:whatsappReference.svg',
		dark: 'file:whatsappReference.dark.svg',
	} as const;

	documentationUrl =
		'https://github.com/n8n-nodes-whatsapp-reference/n8n-nodes-whatsapp-reference#whatsapp-webhook-api-for-whatsapp-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Verify Token',
			name: 'verifyToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Any string you choose. Meta sends it back when it verifies the webhook URL; enter the same value in the Meta dashboard (App → WhatsApp → Configuration).',
		},
		{
			displayName: 'Signature Check',
			name: 'signatureProfile',
			type: 'options',
			default: 'meta',
			description: 'How each POST proves it comes from your provider',
			options: [
				{
					name: 'Meta',
					value: 'meta',
					description:
						'X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body, keyed with the app secret>',
				},
				{
					name: '360dialog',
					value: '360dialog',
					description:
						'x-360dialog-signature: HMAC-SHA256 of the body, keyed with the platform secret',
				},
				{
					name: 'Custom Header',
					value: 'custom',
					description:
						'A header of your choice: optional prefix, then the hex HMAC-SHA256 of the body',
				},
				{
					name: 'None',
					value: 'none',
					description: 'Accept every POST without a signature',
				},
			],
		},
		{
			displayName:
				'No signature check: anyone who knows the webhook URL can post fake statuses and messages into your workflow. Use it only where the URL is secret and the provider cannot sign.',
			name: 'unsignedNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { signatureProfile: ['none'] } },
		},
		{
			displayName: 'Signing Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Meta: the app secret (App settings → Basic); empty skips the check, for tests only. 360dialog: the platform secret (Partner Hub → Integration). Custom: the secret your provider signs with.',
			displayOptions: { hide: { signatureProfile: ['none'] } },
		},
		{
			displayName:
				'Without the app secret, anyone who knows the webhook URL can post fake statuses and messages into your workflow.',
			name: 'metaUnsignedNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { signatureProfile: ['meta'], appSecret: [''] } },
		},
		{
			displayName: 'Signature Header Name',
			name: 'signatureHeaderName',
			type: 'string',
			default: '',
			placeholder: 'X-Signature',
			description: 'The header your provider puts the signature in',
			displayOptions: { show: { signatureProfile: ['custom'] } },
		},
		{
			displayName: 'Signature Prefix',
			name: 'signaturePrefix',
			type: 'string',
			default: '',
			placeholder: 'sha256=',
			description:
				'Text before the hex digest in that header, such as sha256=; empty when the header holds the digest alone',
			displayOptions: { show: { signatureProfile: ['custom'] } },
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			description:
				'Optional. With the App Access Token, activating the workflow registers the webhook URL with Meta and deactivating removes it.',
		},
		{
			displayName: 'App Access Token',
			name: 'appAccessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional, used only to register the webhook. App Subscription needs an app access token ("{app-id}|{app-secret}"). Phone Number and Business Account Override use the System User token of the WhatsApp Cloud API credential added to the trigger instead.',
		},
		{
			displayName: 'Graph Base URL',
			name: 'graphBaseUrl',
			type: 'string',
			default: 'https://graph.facebook.com',
			description:
				"Meta's Graph API host. Change it only for a stand-in, such as the local sandbox.",
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: DEFAULT_GRAPH_API_VERSION,
			description: `Graph API version used to register the webhook, such as ${DEFAULT_GRAPH_API_VERSION}`,
		},
	];

	/**
	 * Meta's app edge (`/{app-id}/subscriptions`) takes the app token as the `access_token`
	 * parameter; the WhatsApp Business Account edges take it as a Bearer token.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const token = String(credentials.appAccessToken ?? '');
		const appEdge = `/${String(credentials.appId ?? '').trim()}/subscriptions`;
		if (requestOptions.url.split('?')[0].endsWith(appEdge)) {
			return { ...requestOptions, qs: { ...requestOptions.qs, access_token: token } };
		}
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${token}` },
		};
	}
}
