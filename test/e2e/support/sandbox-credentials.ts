/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import type { N8nRestClient } from '../../../scripts/n8n-rest-client';
import type { SandboxOptions } from '../../../sandbox/options';
import { ENVIRONMENT_VARIABLE, type E2eEnvironment } from './environment';
import { SANDBOX_IDENTITY } from './sandbox-identity';

/** The sandbox's side of SANDBOX_IDENTITY, for createSandbox. */
export const sandboxIdentityOptions: Pick<
	SandboxOptions,
	'accessToken' | 'appId' | 'appSecret' | 'verifyToken' | 'wabaId'
> = {
	accessToken: SANDBOX_IDENTITY.accessToken,
	appId: SANDBOX_IDENTITY.appId,
	appSecret: SANDBOX_IDENTITY.appSecret,
	verifyToken: SANDBOX_IDENTITY.verifyToken,
	wabaId: SANDBOX_IDENTITY.wabaId,
};

/**
 * Creates the two credentials that reach the sandbox in a running n8n, and hands the test files
 * what they need (support/environment.ts) through process.env, which Jest passes on to them.
 */
export async function publishE2eEnvironment(
	client: N8nRestClient,
	n8n: { url: string; logFile?: string },
	sandboxUrl: string,
): Promise<E2eEnvironment> {
	const cloudName = 'Sandbox WhatsApp Cloud API';
	const cloud = await client.createCredential({
		name: cloudName,
		type: 'whatsAppCloudApi',
		data: {
			accessToken: SANDBOX_IDENTITY.accessToken,
			baseUrl: sandboxUrl,
			apiVersion: 'v25.0',
			businessAccountId: SANDBOX_IDENTITY.wabaId,
		},
	});
	const webhookName = 'Sandbox WhatsApp Webhook';
	const webhook = await client.createCredential({
		name: webhookName,
		type: 'whatsAppWebhookApi',
		data: { verifyToken: SANDBOX_IDENTITY.verifyToken, appSecret: SANDBOX_IDENTITY.appSecret },
	});
	const environment: E2eEnvironment = {
		n8nUrl: n8n.url,
		n8nVersion: client.version,
		n8nLogFile: n8n.logFile,
		sandboxUrl,
		accessToken: SANDBOX_IDENTITY.accessToken,
		appSecret: SANDBOX_IDENTITY.appSecret,
		verifyToken: SANDBOX_IDENTITY.verifyToken,
		phoneNumberId: SANDBOX_IDENTITY.phoneNumberId,
		businessAccountId: SANDBOX_IDENTITY.wabaId,
		cloudCredential: { id: cloud.id, name: cloudName },
		webhookCredential: { id: webhook.id, name: webhookName },
	};
	process.env[ENVIRONMENT_VARIABLE] = JSON.stringify(environment);
	return environment;
}
