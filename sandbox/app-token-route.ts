import { graphParams, type GraphRequest, type SandboxContext } from './context';
import { appCredentialsError, type ApiAnswer } from './meta-errors';

export const appTokenPath = /^\/v\d+\.\d+\/oauth\/access_token\/?$/;

/**
 * `GET|POST /{v}/oauth/access_token?grant_type=client_credentials&client_id=…&client_secret=…`:
 * trades the app's ID and secret for an app access token, `{app-id}|{app-secret}` as Meta's are,
 * which is what n8n's built-in WhatsApp Trigger does before it registers its URL.
 */
export function appAccessToken(ctx: SandboxContext, req: GraphRequest): ApiAnswer {
	const params = graphParams(req);
	const { appId, appSecret } = ctx.config;
	if (params.grant_type !== 'client_credentials') {
		return appCredentialsError(
			'Unsupported grant_type; only client_credentials is supported here.',
			100,
		);
	}
	if (params.client_id !== appId) {
		return appCredentialsError('Error validating application. Invalid application ID.', 101);
	}
	if (params.client_secret !== appSecret)
		return appCredentialsError('Error validating client secret.', 1);
	return { status: 200, body: { access_token: `${appId}|${appSecret}`, token_type: 'bearer' } };
}
