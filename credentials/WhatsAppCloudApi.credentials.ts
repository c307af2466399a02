import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

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
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A permanent System User token with the whatsapp_business_messaging permission (Meta Business Settings → Users → System users → Generate token)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://graph.facebook.com',
			required: true,
			description:
				"Meta's Graph API host. Put a Business Solution Provider's proxy or the local sandbox here instead.",
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: 'v25.0',
			required: true,
			placeholder: 'v25.0',
			description:
				'Graph API version, such as v25.0 (supported by Meta until July 2028). Any vNN.0 that Meta still serves works.',
		},
		{
			displayName: 'WhatsApp Business Account ID',
			name: 'businessAccountId',
			type: 'string',
			default: '',
			description:
				'Optional. With it, the nodes list your phone numbers and message templates to pick from (WhatsApp Manager → Account tools → Phone numbers shows it).',
		},
	];

	// A function rather than an expression block: n8n evaluates expression blocks on every request.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${credentials.accessToken as string}` },
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}/{{$credentials.apiVersion}}',
			url: '/me',
		},
	};
}
