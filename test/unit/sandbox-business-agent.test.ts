import axios from 'axios';
import { createHmac } from 'node:crypto';

import type { WhatsAppWebhookBody } from '../../nodes/shared/webhook-types';
import { flattenWebhook } from '../../nodes/WhatsAppTrigger/flatten';
import { createSandbox, type Sandbox } from '../../sandbox/server';
import {
	startReceiver,
	type ReceivedWebhook,
	type WebhookReceiver,
} from '../fixtures/sandbox/webhook-receiver';

const appId = '1234567890123456';
const appSecret = 'test-app-secret';
const USER = '16505551234';

let sandbox: Sandbox;
let receiver: WebhookReceiver;

const admin = (path: string, body: object = {}) =>
	axios
		.post(`${sandbox.url}/__sandbox/agent/${path}`, body)
		.then((answer) => answer.data as Record<string, unknown>);

async function subscribe(fields: string): Promise<void> {
	const answer = await axios.post(
		`${sandbox.url}/v25.0/${appId}/subscriptions`,
		{
			object: 'whatsapp_business_account',
			callback_url: receiver.url,
			verify_token: 'sandbox-verify-token',
			fields,
		},
		{ params: { access_token: `${appId}|${appSecret}` } },
	);
	expect(answer.data).toEqual({ success: true });
}

/** What WhatsApp Trigger makes of a post, with both new choices selected. */
const itemsOf = (post: ReceivedWebhook) =>
	flattenWebhook(post.body as unknown as WhatsAppWebhookBody, {
		events: ['standby', 'handovers'],
		statuses: [],
		phoneNumberIds: [],
		parseReferenceJson: false,
	});

beforeAll(async () => {
	receiver = await startReceiver();
	sandbox = await createSandbox({ accessToken: 'test-token', appId, appSecret });
});

beforeEach(() => {
	sandbox.reset();
	receiver.posts.length = 0;
});

afterAll(async () => {
	await sandbox.close();
	await receiver.close();
});

describe('sandbox Meta Business Agent webhooks', () => {
	it("sends the agent's conversation on standby: the user's message, the agent's echoed reply, its receipts", async () => {
		await subscribe('messages,standby');
		const answer = await admin('conversation', {
			userText: 'Where is my order?',
			agentReply: 'It ships today.',
		});
		const posts = await receiver.waitForPosts(4);

		for (const post of posts) {
			expect(post.body.entry[0].changes[0].field).toBe('standby');
			expect(post.headers['x-hub-signature-256']).toBe(
				`sha256=${createHmac('sha256', appSecret).update(post.raw).digest('hex')}`,
			);
		}
		const items = posts.flatMap(itemsOf);
		expect(items).toMatchObject([
			{
				event: 'message',
				messageId: answer.userMessageId,
				from: USER,
				text: 'Where is my order?',
				source: 'standby',
			},
			{
				event: 'echo',
				messageId: answer.agentMessageId,
				to: USER,
				text: 'It ships today.',
				source: 'standby',
			},
			{
				event: 'status',
				status: 'delivered',
				messageId: answer.agentMessageId,
				recipientId: USER,
				source: 'standby',
			},
			{ event: 'status', status: 'read', messageId: answer.agentMessageId, source: 'standby' },
		]);
		expect(items.map((item) => 'phoneNumberId' in item && item.phoneNumberId)).toEqual(
			Array(4).fill('106540352242922'),
		);
	});

	it('sends a change of holder on messaging_handovers, by default from the AI agent to a person', async () => {
		await subscribe('messaging_handovers');
		await admin('handover', {
			metadata: 'User asked for a person',
			summary: 'Order 10045 is late',
		});
		const [post] = await receiver.waitForPosts(1);
		expect(post.body.entry[0].changes[0].field).toBe('messaging_handovers');
		expect(itemsOf(post)).toMatchObject([
			{
				event: 'handover',
				handoverType: 'control_passed',
				previousOwnerRole: 'ai_agent',
				newOwnerRole: 'escalation',
				userPhoneNumber: USER,
				metadata: 'User asked for a person',
				conversationContext: { type: 'summary', summary: { text: 'Order 10045 is late' } },
				phoneNumberId: '106540352242922',
			},
		]);

		await admin('handover', {
			type: 'control_taken',
			previousOwnerRole: 'escalation',
			newOwnerRole: 'ai_agent',
		});
		const second = (await receiver.waitForPosts(2))[1];
		expect(itemsOf(second)).toMatchObject([
			{ handoverType: 'control_taken', previousOwnerRole: 'escalation', newOwnerRole: 'ai_agent' },
		]);
	});

	it('sends neither field to an app not subscribed to it, as Meta does', async () => {
		await subscribe('messages');
		const conversation = await admin('conversation');
		const handover = await admin('handover');
		expect(conversation.deliveries).toEqual(
			Array(4).fill(expect.objectContaining({ ok: false, attempts: 0 })),
		);
		expect(handover).toMatchObject({ ok: false, attempts: 0 });
		const skipped = sandbox.state.webhooks
			.filter((attempt) => attempt.kind !== 'verification')
			.map((attempt) => [attempt.kind, attempt.error]);
		expect(skipped).toEqual([
			...Array(4).fill(['standby', 'the app is not subscribed to the standby field']),
			['handover', 'the app is not subscribed to the messaging_handovers field'],
		]);
		expect(receiver.posts).toEqual([]);
	});
});
