import { DEFAULT_GRAPH_API_VERSION } from '../nodes/shared/graph-api-version';
import type { N8nCredential } from '../scripts/n8n-cli';
import type { SandboxConfig } from '../sandbox/options';

/** The sandbox's values in the two n8n credentials the demo workflows use; fixed ids, so a new start updates them in place. */
export function demoCredentials(sandbox: { url: string; config: SandboxConfig }): {
	cloud: N8nCredential;
	webhook: N8nCredential;
} {
	const { config } = sandbox;
	return {
		cloud: {
			id: 'waDemoCloudApi01',
			name: 'WhatsApp sandbox (Cloud API)',
			type: 'whatsAppCloudApi',
			data: {
				accessToken: config.accessToken,
				baseUrl: sandbox.url,
				apiVersion: DEFAULT_GRAPH_API_VERSION,
				businessAccountId: config.wabaId,
			},
		},
		webhook: {
			id: 'waDemoWebhook001',
			name: 'WhatsApp sandbox (webhook)',
			type: 'whatsAppWebhookApi',
			data: { verifyToken: config.verifyToken, appSecret: config.appSecret },
		},
	};
}
