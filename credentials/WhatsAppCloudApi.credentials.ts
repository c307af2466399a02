import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import {
	DEFAULT_GRAPH_API_VERSION,
	DEFAULT_GRAPH_API_VERSION_SERVED_UNTIL,
} from '../nodes/shared/graph-api-version';
import {
	CUSTOM_DEFAULTS,
	META_BASE_URL,
	READY_PROFILES,
	type ReadyProfile,
	UNTESTABLE_PROVIDERS,
	authHeaderFor,
	credentialTestUrlExpression,
} from '../nodes/shared/providers';

/** Each ready provider's own address, for the Base URL description. */
const READY_ADDRESSES = (Object.values(READY_PROFILES) as ReadyProfile[])
	.map((profile) => `${profile.label} ${profile.baseUrl}`)
	.join(', ');

export class WhatsAppCloudApi implements ICredentialType {
	name = 'whatsAppCloudApi';

	displayName = 'WhatsApp Cloud API';

	icon = {
		light: 'file:whatsappReference.svg',
		dark: 'file:whatsappReference.dark.svg',
	} as const;

	documentationUrl =
		'https://developers.facebook.com/documentation/business-messaging/whatsapp/get-started';

	properties: INodeProperties[] = [
		{
			displayName: 'Provider',
			name: 'provider',
			type: 'options',
			default: 'meta',
			description:
				'Who carries your messages: Meta directly, or a Business Solution Provider that takes Meta’s message format at its own address with its own key',
			options: [
				{
					name: 'Meta',
					value: 'meta',
					description: 'Graph API: /{version}/{phoneNumberId}/messages, Authorization: Bearer',
				},
				{
					name: '360dialog',
					value: '360dialog',
					description: 'waba-v2.360dialog.io/messages, D360-API-KEY header',
				},
				{
					name: 'Gupshup Partner',
					value: 'gupshupPartner',
					description:
						'Passthrough API: /partner/app/{appId}/v3/message, Authorization: app token. Sender Phone Number holds the app ID.',
				},
				{
					name: 'Kapso',
					value: 'kapso',
					description:
						'api.kapso.ai/meta/whatsapp/{version}/{phoneNumberId}/messages, X-API-Key header',
				},
				{
					name: 'Telepie',
					value: 'telepie',
					description: 'one.telepie.com/v3/{phoneNumberId}/messages, apikey header',
				},
				{
					name: 'Custom',
					value: 'custom',
					description:
						'Any provider that takes Meta’s message format: set its path, key header, Reference ID limit and ID path',
				},
			],
		},
		{
			displayName:
				'The credential test cannot prove this key: the provider documents no read-only call, so the test only checks that the Base URL answers. The first message you send proves the key.',
			name: 'credentialTestNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { provider: UNTESTABLE_PROVIDERS } },
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Meta: a permanent System User token with the whatsapp_business_messaging permission (Meta Business Settings → Users → System users → Generate token). 360dialog: the number’s API key. Gupshup Partner: the app’s access token. Kapso: the project API key. Telepie: the API key. Custom: the key your provider gives you.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: META_BASE_URL,
			description: `Empty uses the provider’s own address: ${READY_ADDRESSES}. Custom needs one. A proxy or the local sandbox goes here too.`,
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: DEFAULT_GRAPH_API_VERSION,
			placeholder: DEFAULT_GRAPH_API_VERSION,
			description: `Graph API version, such as ${DEFAULT_GRAPH_API_VERSION} (supported by Meta until ${DEFAULT_GRAPH_API_VERSION_SERVED_UNTIL}), for providers whose path has {version} (Meta, Kapso, Custom). Any vNN.0 that the provider serves works.`,
		},
		{
			displayName: 'WhatsApp Business Account ID',
			name: 'businessAccountId',
			type: 'string',
			default: '',
			description:
				'Optional, Meta only. With it, the nodes list your phone numbers and message templates to pick from (WhatsApp Manager → Account tools → Phone numbers shows it).',
		},
		{
			displayName: 'Send Path',
			name: 'sendPath',
			type: 'string',
			default: CUSTOM_DEFAULTS.sendPath,
			description:
				'Path under the Base URL that takes messages and mark-as-read. {version} stands for API Version, {phoneNumberId} for the Sender Phone Number of the node.',
			displayOptions: { show: { provider: ['custom'] } },
		},
		{
			displayName: 'Auth Header Name',
			name: 'authHeaderName',
			type: 'string',
			default: CUSTOM_DEFAULTS.authHeaderName,
			placeholder: 'X-API-Key',
			description: 'The request header that carries the key',
			displayOptions: { show: { provider: ['custom'] } },
		},
		{
			displayName: 'Auth Header Value',
			name: 'authHeaderValue',
			type: 'string',
			default: CUSTOM_DEFAULTS.authHeaderValue,
			description:
				'The header’s value; {token} stands for the Access Token, such as Bearer {token} or {token}',
			displayOptions: { show: { provider: ['custom'] } },
		},
		{
			displayName: 'Reference ID Limit',
			name: 'referenceMaxLength',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: CUSTOM_DEFAULTS.referenceMaxLength,
			description:
				'The longest Reference ID the provider takes, in bytes (Meta: 512; some queued-send platforms: 200). A longer one is refused before any request.',
			displayOptions: { show: { provider: ['custom'] } },
		},
		{
			displayName: 'Message ID Path',
			name: 'messageIdPath',
			type: 'string',
			default: CUSTOM_DEFAULTS.messageIdPath,
			placeholder: 'queueId',
			description:
				'Where the provider’s own message or queue ID sits in its answer, such as messages[0].id (Meta’s wamid) or queueId. It comes out as providerMessageId.',
			displayOptions: { show: { provider: ['custom'] } },
		},
	];

	// A function rather than an expression block: n8n evaluates expression blocks on every request.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const header = authHeaderFor(credentials);
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, [header.name]: header.value },
		};
	}

	test: ICredentialTestRequest = {
		request: { method: 'GET', url: credentialTestUrlExpression() },
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'The provider refused the key (HTTP 401). Check Access Token, and with Custom the Auth Header Name and Value.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The provider refused the key (HTTP 403). Check Access Token, and with Custom the Auth Header Name and Value.',
				},
			},
		],
	};
}
