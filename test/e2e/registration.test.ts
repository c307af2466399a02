/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import axios from 'axios';
import { randomUUID } from 'node:crypto';
import type { N8nRestClient } from '../../scripts/n8n-rest-client';
import type { SandboxConfig } from '../../sandbox/options';
import { type Collector, startCollector } from './support/collector';
import { e2eEnvironment } from './support/environment';
import { sandboxAdmin } from './support/sandbox-admin';
import { SANDBOX_IDENTITY } from './support/sandbox-identity';
import { deploy, ownerClient, triggerUrl, triggerWorkflow } from './support/workflows';

let client: N8nRestClient;
let collector: Collector;
let registeringCredential: { id: string; name: string };

const sandboxConfig = async () =>
	(await axios.get(`${e2eEnvironment().sandboxUrl}/__sandbox/config`)).data as SandboxConfig;

function registeringTrigger(webhookId: string) {
	const workflow = triggerWorkflow(webhookId, collector.url, { registration: 'app' });
	workflow.nodes[0].credentials = { whatsAppWebhookApi: registeringCredential };
	return workflow;
}

beforeAll(async () => {
	client = await ownerClient();
	collector = await startCollector();
	const name = 'Registering WhatsApp Webhook';
	const created = await client.createCredential({
		name,
		type: 'whatsAppWebhookApi',
		data: {
			verifyToken: e2eEnvironment().verifyToken,
			appSecret: e2eEnvironment().appSecret,
			appId: SANDBOX_IDENTITY.appId,
			appAccessToken: `${SANDBOX_IDENTITY.appId}|${SANDBOX_IDENTITY.appSecret}`,
			graphBaseUrl: e2eEnvironment().sandboxUrl,
			apiVersion: 'v25.0',
		},
	});
	registeringCredential = { id: created.id, name };
	await sandboxAdmin.reset();
});

afterAll(async () => {
	await collector.close();
	await sandboxAdmin.reset();
});

describe('WhatsApp Trigger registers its URL with the Meta app (the sandbox playing Meta)', () => {
	it("on activation subscribes the app, passing Meta's handshake; a second workflow on the same app is refused in plain words; deactivation removes it", async () => {
		const webhookId = `e2e-registered-${randomUUID()}`;
		const workflowId = await deploy(client, registeringTrigger(webhookId));

		expect((await sandboxConfig()).callbackUrl).toBe(triggerUrl(webhookId));
		const verification = (await sandboxAdmin.webhooks()).find(
			(attempt) => attempt.kind === 'verification',
		);
		expect(verification).toMatchObject({ url: expect.stringContaining(webhookId), status: 200 });

		const statuses = {
			object: 'whatsapp_business_account',
			entry: [
				{
					id: '1',
					changes: [
						{
							field: 'messages',
							value: {
								metadata: { phone_number_id: '1', display_phone_number: '1' },
								statuses: [
									{
										id: 'wamid.REG',
										status: 'sent',
										timestamp: '1750030073',
										biz_opaque_callback_data: 'registered',
									},
								],
							},
						},
					],
				},
			],
		};
		expect((await sandboxAdmin.sendWebhook(statuses)).status).toBe(200);
		expect((await collector.waitFor(1))[0]).toMatchObject({
			referenceId: 'registered',
			messageId: 'wamid.REG',
		});

		const second = await client.createWorkflow(registeringTrigger(`e2e-second-${randomUUID()}`));
		const clash = await client.activateWorkflow(second.id, second.versionId).then(
			() => 'activated',
			(error: Error) => error.message,
		);
		expect(clash).toContain(triggerUrl(webhookId));
		expect((await sandboxConfig()).callbackUrl).toBe(triggerUrl(webhookId));

		// n8n 2.40 takes a workflow down asynchronously, as it publishes one.
		await client.deactivateWorkflow(workflowId);
		const deadline = Date.now() + 30_000;
		while ((await sandboxConfig()).callbackUrl !== null && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		expect((await sandboxConfig()).callbackUrl).toBeNull();
	});
});
