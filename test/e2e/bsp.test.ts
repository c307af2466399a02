/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- its tokens and secrets are made up for the sandbox */
import axios from 'axios';
import { randomUUID } from 'node:crypto';
import type { N8nRestClient } from '../../scripts/n8n-rest-client';
import type { BspSetting } from '../../sandbox/bsp-profiles';
import { type Collector, startCollector } from './support/collector';
import { e2eEnvironment } from './support/environment';
import { sandboxAdmin } from './support/sandbox-admin';
import { configureSandbox } from './support/sandbox-config';
import { SANDBOX_IDENTITY } from './support/sandbox-identity';
import {
	deploy,
	executionsOf,
	ownerClient,
	sendWorkflow,
	triggerUrl,
	triggerWorkflow,
} from './support/workflows';
import { messagesWebhook } from './support/webhook-bodies';

type Item = Record<string, unknown>;
type CredentialRef = { id: string; name: string };

/** One way to reach WhatsApp, as the sandbox plays it and as the nodes' credentials describe it. */
interface Platform {
	name: string;
	/** What the sandbox plays; null is Meta's Graph API. */
	bsp: BspSetting;
	/** The provider's key and the secret it signs webhooks with. */
	key: string;
	signingSecret: string;
	/** Fields of the WhatsApp Cloud API credential beside the key and the sandbox's URL; null uses the global Meta one. */
	cloudCredential: Item | null;
	/** Fields of the WhatsApp Webhook API credential beside the secret; null uses the global Meta one. */
	webhookCredential: Item | null;
	/** What the send request must look like. */
	path: string;
	authHeader: [name: string, value: string];
	/** The webhook header the signature rides in, and what precedes its hex digest. */
	signature: [header: string, prefix: string];
	referenceLimit: number;
	queued: boolean;
}

const { phoneNumberId } = SANDBOX_IDENTITY;

const platforms: Platform[] = [
	{
		name: 'Meta',
		bsp: null,
		key: SANDBOX_IDENTITY.accessToken,
		signingSecret: SANDBOX_IDENTITY.appSecret,
		cloudCredential: null,
		webhookCredential: null,
		path: `/v25.0/${phoneNumberId}/messages`,
		authHeader: ['authorization', `Bearer ${SANDBOX_IDENTITY.accessToken}`],
		signature: ['x-hub-signature-256', 'sha256='],
		referenceLimit: 512,
		queued: false,
	},
	{
		name: '360dialog',
		bsp: '360dialog',
		key: 'd360-channel-api-key',
		signingSecret: 'd360-platform-secret',
		cloudCredential: { provider: '360dialog' },
		webhookCredential: { signatureProfile: '360dialog' },
		path: '/messages',
		authHeader: ['d360-api-key', 'd360-channel-api-key'],
		signature: ['x-360dialog-signature', ''],
		referenceLimit: 512,
		queued: false,
	},
	{
		name: 'a Custom queued-send platform',
		bsp: {
			profile: 'custom',
			sendPath: '/tenant/acme/{phoneNumberId}/send',
			authHeaderName: 'apikey',
			authHeaderValue: '{token}',
			answer: 'queueId',
			referenceMaxLength: 200,
			signatureHeader: 'X-Signature',
			signaturePrefix: 'sha256=',
		},
		key: 'queued-platform-key',
		signingSecret: 'queued-platform-secret',
		cloudCredential: {
			provider: 'custom',
			sendPath: '/tenant/acme/{phoneNumberId}/send',
			authHeaderName: 'apikey',
			authHeaderValue: '{token}',
			referenceMaxLength: 200,
			messageIdPath: 'queueId',
		},
		webhookCredential: {
			signatureProfile: 'custom',
			signatureHeaderName: 'X-Signature',
			signaturePrefix: 'sha256=',
		},
		path: `/tenant/acme/${phoneNumberId}/send`,
		authHeader: ['apikey', 'queued-platform-key'],
		signature: ['x-signature', 'sha256='],
		referenceLimit: 200,
		queued: true,
	},
];

/** Every header a profile could carry its key in: a request must carry its own profile's only. */
const keyHeaders = ['authorization', 'd360-api-key', 'x-api-key', 'apikey'];
const signatureHeaders = [
	'x-hub-signature-256',
	'x-hub-signature',
	'x-360dialog-signature',
	'x-signature',
];

let client: N8nRestClient;
let collector: Collector;
let pathCounter = 0;
const deployed = new Map<string, { cloud: CredentialRef; triggerId: string }>();

async function deployPlatform(
	platform: Platform,
): Promise<{ cloud: CredentialRef; triggerId: string }> {
	const environment = e2eEnvironment();
	const cloud =
		platform.cloudCredential === null
			? environment.cloudCredential
			: await createCredential(`${platform.name} cloud`, 'whatsAppCloudApi', {
					accessToken: platform.key,
					baseUrl: environment.sandboxUrl,
					apiVersion: 'v25.0',
					...platform.cloudCredential,
				});
	const webhook =
		platform.webhookCredential === null
			? environment.webhookCredential
			: await createCredential(`${platform.name} webhook`, 'whatsAppWebhookApi', {
					verifyToken: environment.verifyToken,
					appSecret: platform.signingSecret,
					...platform.webhookCredential,
				});
	const triggerId = `e2e-bsp-${randomUUID()}`;
	const workflow = triggerWorkflow(triggerId, collector.url);
	workflow.nodes[0].credentials = { whatsAppWebhookApi: webhook };
	await deploy(client, workflow);
	return { cloud, triggerId };
}

async function createCredential(name: string, type: string, data: Item): Promise<CredentialRef> {
	return { name, ...(await client.createCredential({ name, type, data })) };
}

/** The sandbox playing the platform, its status webhooks going to the platform's trigger. */
async function playPlatform(platform: Platform): Promise<void> {
	const { triggerId } = deployed.get(platform.name)!;
	await configureSandbox({
		accessToken: platform.key,
		appSecret: platform.signingSecret,
		bsp: platform.bsp,
		callbackUrl: triggerUrl(triggerId),
	});
}

/** Webhook → Split Out → WhatsApp Send with the platform's credential; posts the items through it. */
async function sendThrough(platform: Platform, items: Item[]) {
	const path = `bsp-${++pathCounter}-${Date.now()}`;
	const workflow = sendWorkflow(path, {
		operation: 'text',
		text: 'Your order has shipped',
		to: '={{ $json.to }}',
		referenceId: '={{ $json.referenceId }}',
	});
	workflow.nodes[2].credentials = { whatsAppCloudApi: deployed.get(platform.name)!.cloud };
	const workflowId = await deploy(client, workflow);
	const response = await axios.post<Item[]>(
		`${e2eEnvironment().n8nUrl}/webhook/${path}`,
		{ items },
		{ validateStatus: () => true, timeout: 120_000 },
	);
	return Object.assign(response, { workflowId });
}

beforeAll(async () => {
	client = await ownerClient();
	collector = await startCollector();
	for (const platform of platforms) deployed.set(platform.name, await deployPlatform(platform));
});

afterAll(async () => {
	await collector.close();
});

beforeEach(async () => {
	await sandboxAdmin.reset();
	collector.clear();
});

// The other e2e files expect Meta mode with the global setup's key and secret.
afterEach(async () => {
	await sandboxAdmin.reset();
});

describe.each(platforms)('Sending and receiving through $name', (platform) => {
	it('sends exactly as the profile says, and the statuses come back through WhatsApp Trigger with the reference', async () => {
		await playPlatform(platform);
		// The longest reference the platform takes, unique to this run.
		const referenceId = `order-${randomUUID()}-`.padEnd(platform.referenceLimit, 'x');

		const response = await sendThrough(platform, [{ to: '+1 (650) 555-1234', referenceId }]);

		expect(response.status).toBe(200);
		const requests = await sandboxAdmin.requests();
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect([request.method, request.path, request.status]).toEqual(['POST', platform.path, 200]);
		const [authHeader, authValue] = platform.authHeader;
		expect(request.headers[authHeader]).toBe(authValue);
		expect(
			keyHeaders.filter((header) => header !== authHeader && request.headers[header] !== undefined),
		).toEqual([]);
		expect(request.body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '16505551234',
			biz_opaque_callback_data: referenceId,
			type: 'text',
			text: { body: 'Your order has shipped', preview_url: false },
		});

		const [message] = await sandboxAdmin.messages();
		const wamid = message.id;
		const [item] = response.data;
		if (platform.queued) {
			expect(request.response).toEqual({ queueId: message.queueId });
			expect(item).toEqual({
				messageId: null,
				referenceId,
				to: '16505551234',
				waId: null,
				messageStatus: 'accepted',
				providerMessageId: message.queueId,
				response: { queueId: message.queueId },
			});
		} else {
			expect(item).toEqual({
				messageId: wamid,
				referenceId,
				to: '16505551234',
				waId: '16505551234',
				messageStatus: 'accepted',
				providerMessageId: wamid,
				response: request.response,
			});
		}

		// One execution per webhook: they may reach the collector in any order.
		const order = ['sent', 'delivered', 'read'];
		const statuses = [...(await collector.waitFor(3))].sort(
			(a, b) => order.indexOf(String(a.status)) - order.indexOf(String(b.status)),
		);
		expect(
			statuses.map((status) => [status.event, status.status, status.messageId, status.referenceId]),
		).toEqual(order.map((status) => ['status', status, wamid, referenceId]));
		// With a queued-send platform the reference is the join key: the send's item and the trigger's items share it.
		expect(statuses.every((status) => status.referenceId === item.referenceId)).toBe(true);

		await sandboxAdmin.idle();
		const webhooks = (await sandboxAdmin.webhooks()).filter((webhook) => webhook.kind === 'status');
		expect(webhooks.map((webhook) => webhook.status)).toEqual([200, 200, 200]);
		const [signatureHeader, prefix] = platform.signature;
		for (const webhook of webhooks) {
			const sent = Object.fromEntries(
				Object.entries(webhook.headers).map(([name, value]) => [name.toLowerCase(), value]),
			);
			expect(sent[signatureHeader]).toMatch(new RegExp(`^${prefix}[0-9a-f]{64}$`));
			expect(signatureHeaders.filter((header) => header in sent).sort()).toEqual(
				(platform.bsp === null
					? ['x-hub-signature-256', 'x-hub-signature']
					: [signatureHeader]
				).sort(),
			);
		}
	});

	it(`refuses a Reference ID one byte over the platform's limit before any request`, async () => {
		await playPlatform(platform);
		const tooLong = 'r'.repeat(platform.referenceLimit + 1);

		const response = await sendThrough(platform, [{ to: '+16505550001', referenceId: tooLong }]);

		expect(response.status).toBe(500);
		const [execution] = await executionsOf(client, response.workflowId);
		expect(JSON.stringify(execution)).toContain(
			`The Reference ID is ${platform.referenceLimit + 1} bytes long; the limit is ${platform.referenceLimit}.`,
		);
		expect(await sandboxAdmin.requests()).toHaveLength(0);
	});

	it("its trigger refuses status webhooks signed another provider's way", async () => {
		const other = platforms.find((candidate) => candidate.signature[0] !== platform.signature[0])!;
		const { triggerId } = deployed.get(platform.name)!;
		await configureSandbox({
			appSecret: platform.signingSecret,
			bsp: other.bsp,
			callbackUrl: triggerUrl(triggerId),
		});
		const body = messagesWebhook(
			{
				statuses: [
					{
						id: 'wamid.FORGED',
						status: 'read',
						timestamp: '1750030073',
						recipient_id: '16505551234',
					},
				],
			},
			{ phoneNumberId },
		);

		expect((await sandboxAdmin.sendWebhook(body)).status).toBe(401);
		await configureSandbox({ bsp: platform.bsp });
		expect((await sandboxAdmin.sendWebhook(body)).status).toBe(200);
		expect((await collector.waitFor(1)).map((status) => status.messageId)).toEqual([
			'wamid.FORGED',
		]);
	});
});
