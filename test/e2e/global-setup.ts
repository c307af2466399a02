import { demoN8nEnv } from '../../demo/n8n-settings';
import { startN8nHarness } from '../../scripts/n8n-harness';
import { createSandbox } from '../../sandbox/server';
import { ENVIRONMENT_VARIABLE, type E2eEnvironment } from './support/environment';
import { SANDBOX_IDENTITY } from './support/sandbox-identity';

/** One sandbox and one real n8n for the whole e2e run; each test file adds its own workflows. */
export default async function globalSetup(): Promise<void> {
	const sandbox = await createSandbox({
		accessToken: SANDBOX_IDENTITY.accessToken,
		appId: SANDBOX_IDENTITY.appId,
		appSecret: SANDBOX_IDENTITY.appSecret,
		verifyToken: SANDBOX_IDENTITY.verifyToken,
		wabaId: SANDBOX_IDENTITY.wabaId,
		statusDelaysMs: { sent: 50, delivered: 100, read: 150 },
		messagesPerSecond: 0,
		webhookRetryDelaysMs: [100, 300],
	});
	const harness = await startN8nHarness({ env: demoN8nEnv });
	globalThis.whatsAppReferenceE2e = { sandbox, harness };
	const { client } = harness;
	const cloudCredential = {
		name: 'Sandbox WhatsApp Cloud API',
		...(await client.createCredential({
			name: 'Sandbox WhatsApp Cloud API',
			type: 'whatsAppCloudApi',
			data: {
				accessToken: SANDBOX_IDENTITY.accessToken,
				baseUrl: sandbox.url,
				apiVersion: 'v25.0',
				businessAccountId: SANDBOX_IDENTITY.wabaId,
			},
		})),
	};
	const webhookCredential = {
		name: 'Sandbox WhatsApp Webhook',
		...(await client.createCredential({
			name: 'Sandbox WhatsApp Webhook',
			type: 'whatsAppWebhookApi',
			data: { verifyToken: SANDBOX_IDENTITY.verifyToken, appSecret: SANDBOX_IDENTITY.appSecret },
		})),
	};
	const environment: E2eEnvironment = {
		n8nUrl: harness.n8n.url,
		n8nLogFile: harness.n8n.logFile,
		sandboxUrl: sandbox.url,
		accessToken: SANDBOX_IDENTITY.accessToken,
		appSecret: SANDBOX_IDENTITY.appSecret,
		verifyToken: SANDBOX_IDENTITY.verifyToken,
		phoneNumberId: SANDBOX_IDENTITY.phoneNumberId,
		businessAccountId: SANDBOX_IDENTITY.wabaId,
		cloudCredential: { id: cloudCredential.id, name: cloudCredential.name },
		webhookCredential: { id: webhookCredential.id, name: webhookCredential.name },
	};
	process.env[ENVIRONMENT_VARIABLE] = JSON.stringify(environment);
}
