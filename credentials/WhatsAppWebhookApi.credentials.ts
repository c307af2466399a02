import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * What the WhatsApp Trigger needs to accept Meta's webhooks, and optionally to register itself
 * with Meta. A webhook credential cannot be tested by a request of its own: the verify token and
 * app secret are proven only when Meta calls the trigger. The trigger node tests it instead
 * (`testedBy`), checking what can be checked offline.
 */
export class WhatsAppWebhookApi implements ICredentialType {
	name = 'whatsAppWebhookApi';

	// CONTRACT.md names this credential "WhatsApp Webhook": it holds webhook secrets, not an API key.
	// eslint-disable-next-line n8n-nodes-base/cred-class-field-display-name-missing-api
	displayName = 'WhatsApp Webhook';

	icon = {
		light: 'file:whatsappReference.svg',
		dark: 'file:whatsappReference.dark.svg',
	} as const;

	documentationUrl =
		'https://github.com/n8n-nodes-whatsapp-reference/n8n-nodes-whatsapp-reference#whatsapp-webhook-credential';

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
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The Meta app secret (App settings → Basic). When set, every POST must carry a valid X-Hub-Signature-256 header; leave empty only for tests.',
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
				'Optional, used only to register the webhook. App Subscription needs an app access token ("{app-id}|{app-secret}"); Business Account Override needs a system-user token with whatsapp_business_management.',
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
			default: 'v25.0',
			description: 'Graph API version used to register the webhook, such as v25.0',
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
