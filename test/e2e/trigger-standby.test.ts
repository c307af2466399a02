/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import axios from 'axios';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { N8nRestClient } from '../../scripts/n8n-rest-client';
import type { SandboxConfig } from '../../sandbox/options';
import { type Collector, startCollector } from './support/collector';
import { e2eEnvironment } from './support/environment';
import { sandboxAdmin } from './support/sandbox-admin';
import { SANDBOX_IDENTITY } from './support/sandbox-identity';
import { deploy, ownerClient, triggerUrl, triggerWorkflow } from './support/workflows';

/**
 * A number with Meta Business Agent, end to end: the trigger, activated in a real n8n, subscribes
 * the Meta app (the sandbox) to standby and messaging_handovers; the sandbox then sends the agent's
 * conversation and a handover to a person, and the user's next message on messages.
 */

let client: N8nRestClient;
let collector: Collector;
let workflowId: string;
const webhookId = `e2e-standby-${randomUUID()}`;
const USER = '16505551234';

const sandboxUrl = () => e2eEnvironment().sandboxUrl;
const agent = async (route: 'conversation' | 'handover', body: object) =>
	(await axios.post(`${sandboxUrl()}/__sandbox/agent/${route}`, body)).data as Record<
		string,
		unknown
	>;
const sandboxConfig = async () =>
	(await axios.get(`${sandboxUrl()}/__sandbox/config`)).data as SandboxConfig;

beforeAll(async () => {
	client = await ownerClient();
	collector = await startCollector();
	await sandboxAdmin.reset();
	const name = 'Standby WhatsApp Webhook';
	const credential = await client.createCredential({
		name,
		type: 'whatsAppWebhookApi',
		data: {
			verifyToken: e2eEnvironment().verifyToken,
			appSecret: e2eEnvironment().appSecret,
			appId: SANDBOX_IDENTITY.appId,
			appAccessToken: `${SANDBOX_IDENTITY.appId}|${SANDBOX_IDENTITY.appSecret}`,
			graphBaseUrl: sandboxUrl(),
			apiVersion: 'v25.0',
		},
	});
	const workflow = triggerWorkflow(webhookId, collector.url, {
		registration: 'app',
		events: ['messages', 'standby', 'handovers'],
	});
	workflow.nodes[0].credentials = { whatsAppWebhookApi: { id: credential.id, name } };
	workflowId = await deploy(client, workflow);
});

afterAll(async () => {
	// n8n 2.40 takes a workflow down asynchronously; wait until its registration is gone.
	await client.post(`/workflows/${workflowId}/deactivate`, {});
	const deadline = Date.now() + 30_000;
	while ((await sandboxConfig()).callbackUrl !== null && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	await collector.close();
	await sandboxAdmin.reset();
});

describe('WhatsApp Trigger with Meta Business Agent: standby and handovers in a real n8n', () => {
	it('subscribes the app to messages, standby and messaging_handovers on activation', async () => {
		const listed = await axios.get(
			`${sandboxUrl()}/v25.0/${SANDBOX_IDENTITY.appId}/subscriptions`,
			{
				params: { access_token: `${SANDBOX_IDENTITY.appId}|${SANDBOX_IDENTITY.appSecret}` },
			},
		);
		const [subscription] = listed.data.data as Array<{
			callback_url: string;
			fields: Array<{ name: string }>;
		}>;
		expect(subscription.callback_url).toBe(triggerUrl(webhookId));
		expect(subscription.fields.map((field) => field.name).sort()).toEqual([
			'messages',
			'messaging_handovers',
			'standby',
		]);
	});

	it("emits the agent's conversation as standby items, the handover to a person, then the user's next message as an ordinary one", async () => {
		collector.clear();
		const conversation = await agent('conversation', {
			userText: 'I want to talk to a person',
			agentReply: 'Let me get someone from our team.',
		});
		const standby = await collector.waitFor(4);
		expect(standby).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					event: 'message',
					source: 'standby',
					messageId: conversation.userMessageId,
					from: USER,
					text: 'I want to talk to a person',
					eventId: expect.stringMatching(/^standby:wamid\./),
				}),
				expect.objectContaining({
					event: 'echo',
					source: 'standby',
					messageId: conversation.agentMessageId,
					to: USER,
					text: 'Let me get someone from our team.',
				}),
				expect.objectContaining({
					event: 'status',
					source: 'standby',
					status: 'delivered',
					messageId: conversation.agentMessageId,
				}),
				expect.objectContaining({
					event: 'status',
					source: 'standby',
					status: 'read',
					messageId: conversation.agentMessageId,
				}),
			]),
		);

		collector.clear();
		await agent('handover', {
			metadata: 'User asked for a person',
			summary: 'Wants a refund for order 10045',
		});
		const [handover] = await collector.waitFor(1);
		expect(handover).toMatchObject({
			event: 'handover',
			handoverType: 'control_passed',
			previousOwnerRole: 'ai_agent',
			newOwnerRole: 'escalation',
			userPhoneNumber: USER,
			metadata: 'User asked for a person',
			conversationContext: { type: 'summary', summary: { text: 'Wants a refund for order 10045' } },
			phoneNumberId: SANDBOX_IDENTITY.phoneNumberId,
			businessAccountId: SANDBOX_IDENTITY.wabaId,
		});

		collector.clear();
		const inbound = JSON.parse(
			readFileSync(join(__dirname, '../fixtures/webhooks/inbound_text_meta.json'), 'utf8'),
		) as Record<string, unknown>;
		expect((await sandboxAdmin.sendWebhook(inbound)).status).toBe(200);
		const [message] = await collector.waitFor(1);
		expect(message).toMatchObject({
			event: 'message',
			from: USER,
			text: 'Does it come in another color?',
		});
		expect(message).not.toHaveProperty('source');
	});
});
