/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import axios from 'axios';
import { randomUUID } from 'node:crypto';
import type { INodeParameters } from 'n8n-workflow';
import type { N8nRestClient } from '../../scripts/n8n-rest-client';
import type { SandboxConfig } from '../../sandbox/options';
import { type Collector, startCollector } from './support/collector';
import { e2eEnvironment } from './support/environment';
import { sandboxAdmin } from './support/sandbox-admin';
import { SANDBOX_IDENTITY } from './support/sandbox-identity';
import { ownerClient, triggerUrl, triggerWorkflow } from './support/workflows';
import { messagesWebhook } from './support/webhook-bodies';

/**
 * Several workflows on one Meta app (the sandbox playing Meta): each WhatsApp Trigger points its
 * own phone numbers at itself (phone-number `webhook_configuration` overrides), a test listen in
 * the editor takes only a chosen test number, and an app-level trigger keeps to its numbers by
 * the Phone Number IDs filter. A Business Account Override takes every number of the sandbox's
 * one WABA, save those with their own override (Meta: number override → WABA override → app URL).
 */

const FIRST = SANDBOX_IDENTITY.phoneNumberId;
const SECOND = '106540352242923';
const TEST_NUMBER = '106540352242924';
const UNCLAIMED = '106540352242925';
const WABA = SANDBOX_IDENTITY.wabaId;

let client: N8nRestClient;
let registering: { id: string; name: string } | undefined;
const active: string[] = [];
const collectors: Collector[] = [];

const phone = (id: string, display: string) => ({
	id,
	display_phone_number: display,
	verified_name: 'Sandbox Business',
	quality_rating: 'GREEN' as const,
});

beforeAll(async () => {
	client = await ownerClient();
	await sandboxAdmin.reset();
	await sandboxAdmin.configure({
		phoneNumbers: [
			phone(FIRST, '+1 555-078-3881'),
			phone(SECOND, '+1 555-078-3882'),
			phone(TEST_NUMBER, '+1 555-078-3883'),
		],
	});
});

afterAll(async () => {
	for (const id of active) await client.deactivateWorkflow(id).catch(() => undefined);
	await Promise.all(collectors.map(async (collector) => await collector.close()));
	await sandboxAdmin.reset();
});

async function collector(): Promise<Collector> {
	const started = await startCollector();
	collectors.push(started);
	return started;
}

/** A Graph API read at the sandbox with the business token, as the trigger reads overrides. */
async function graphGet<T>(path: string, params: Record<string, string> = {}): Promise<T> {
	const { sandboxUrl, accessToken } = e2eEnvironment();
	return (
		await axios.get<T>(`${sandboxUrl}/v25.0/${path}`, {
			params,
			headers: { Authorization: `Bearer ${accessToken}` },
		})
	).data;
}

/** Where Meta sends a number's webhooks now, read as the trigger reads it. */
async function phoneOverride(phoneNumberId: string): Promise<string | undefined> {
	const answer = await graphGet<{ webhook_configuration: { phone_number?: string } }>(
		phoneNumberId,
		{ fields: 'webhook_configuration' },
	);
	return answer.webhook_configuration.phone_number;
}

/** The WABA's override for the app, from `GET /{waba-id}/subscribed_apps`. */
async function accountOverride(): Promise<string | undefined> {
	const answer = await graphGet<{ data: Array<{ override_callback_uri?: string }> }>(
		`${WABA}/subscribed_apps`,
	);
	expect(answer.data).toHaveLength(1);
	return answer.data[0].override_callback_uri;
}

/** Where the app sends what no override takes (its App Subscription callback URL), or null. */
async function appCallback(): Promise<string | null> {
	return (await axios.get<SandboxConfig>(`${e2eEnvironment().sandboxUrl}/__sandbox/config`)).data
		.callbackUrl;
}

/** A WhatsApp Webhook credential with the app ID and app access token, which App Subscription and Business Account Override call with. */
async function registeringCredential(): Promise<{ id: string; name: string }> {
	if (registering === undefined) {
		const name = `Registering WhatsApp Webhook ${randomUUID()}`;
		const { verifyToken, appSecret, sandboxUrl } = e2eEnvironment();
		const credential = await client.createCredential({
			name,
			type: 'whatsAppWebhookApi',
			data: {
				verifyToken,
				appSecret,
				appId: SANDBOX_IDENTITY.appId,
				appAccessToken: `${SANDBOX_IDENTITY.appId}|${SANDBOX_IDENTITY.appSecret}`,
				graphBaseUrl: sandboxUrl,
				apiVersion: 'v25.0',
			},
		});
		registering = { id: credential.id, name };
	}
	return registering;
}

async function eventually(
	check: () => Promise<boolean>,
	what: string,
	timeoutMs = 30_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

function routedTrigger(
	webhookId: string,
	to: Collector,
	parameters: INodeParameters,
	webhookCredential = e2eEnvironment().webhookCredential,
) {
	const workflow = triggerWorkflow(webhookId, to.url, parameters);
	workflow.nodes[0].credentials = {
		whatsAppWebhookApi: webhookCredential,
		whatsAppCloudApi: e2eEnvironment().cloudCredential,
	};
	return workflow;
}

/** A trigger that registers through the Meta app: App Subscription or Business Account Override. */
async function appTrigger(webhookId: string, to: Collector, parameters: INodeParameters) {
	return routedTrigger(webhookId, to, parameters, await registeringCredential());
}

async function activate(
	workflow: ReturnType<typeof triggerWorkflow>,
): Promise<{ id: string; outcome: string }> {
	const created = await client.createWorkflow(workflow);
	const outcome = await client.activateWorkflow(created.id, created.versionId).then(
		() => 'activated',
		(error: Error) => error.message,
	);
	if (outcome === 'activated') active.push(created.id);
	return { id: created.id, outcome };
}

async function deactivate(id: string): Promise<void> {
	await client.deactivateWorkflow(id);
	active.splice(active.indexOf(id), 1);
}

/** Deactivates every workflow still active, and waits until Meta has none of their URLs on file. */
async function deactivateAll(): Promise<void> {
	for (const id of [...active]) await deactivate(id);
	const registered = async () => [
		await appCallback(),
		await accountOverride(),
		...(await Promise.all([FIRST, SECOND, TEST_NUMBER].map(phoneOverride))),
	];
	await eventually(
		async () => (await registered()).every((url) => url === null || url === undefined),
		'every registration removed',
	);
}

function statusBody(phoneNumberId: string, messageId: string, status = 'delivered') {
	return messagesWebhook(
		{
			statuses: [
				{
					id: messageId,
					status,
					timestamp: '1750030073',
					recipient_id: '16315551181',
					biz_opaque_callback_data: `ref-${messageId}`,
				},
			],
		},
		{ phoneNumberId, displayPhoneNumber: phoneNumberId },
	);
}

async function send(phoneNumberId: string, messageId: string): Promise<number | null> {
	return (await sandboxAdmin.sendWebhook(statusBody(phoneNumberId, messageId))).status;
}

/** Sends a status for each [phone number ID, message ID] at once; Meta's delivery must succeed for each. */
async function sendAll(statuses: Array<[string, string]>): Promise<void> {
	expect(await Promise.all(statuses.map(async ([number, id]) => await send(number, id)))).toEqual(
		statuses.map(() => 200),
	);
}

/** Starts a test listen in the editor: 'listening', or the message n8n answers with. */
async function testListen(workflowId: string): Promise<string> {
	return await client
		.post(`/workflows/${workflowId}/run`, { triggerToStartFrom: { name: 'WhatsApp Trigger' } })
		.then(
			() => 'listening',
			(error: Error & { response?: { data?: { message?: string } } }) =>
				error.response?.data?.message ?? error.message,
		);
}

const messageIdsOf = (received: Array<Record<string, unknown>>) =>
	received.map((item) => item.messageId).sort();
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));

describe('Several numbers, one app: phone-number overrides per workflow', () => {
	let first: Collector;
	let second: Collector;
	let firstWorkflow: string;
	let secondWorkflow: string;
	const firstHook = `e2e-route-first-${randomUUID()}`;
	const secondHook = `e2e-route-second-${randomUUID()}`;

	beforeAll(async () => {
		first = await collector();
		second = await collector();
		const a = await activate(
			routedTrigger(firstHook, first, {
				registration: 'phoneNumber',
				overridePhoneNumberIds: FIRST,
				testPhoneNumberId: TEST_NUMBER,
			}),
		);
		const b = await activate(
			routedTrigger(secondHook, second, {
				registration: 'phoneNumber',
				overridePhoneNumberIds: SECOND,
			}),
		);
		expect([a.outcome, b.outcome]).toEqual(['activated', 'activated']);
		firstWorkflow = a.id;
		secondWorkflow = b.id;
	});

	it('registers each workflow for its own number, and each gets only its own statuses: nothing lost or crossed', async () => {
		expect(await phoneOverride(FIRST)).toBe(triggerUrl(firstHook));
		expect(await phoneOverride(SECOND)).toBe(triggerUrl(secondHook));

		const sent = ['1', '2', '3'].flatMap((n) => [
			send(FIRST, `wamid.FIRST.${n}`),
			send(SECOND, `wamid.SECOND.${n}`),
		]);
		expect(await Promise.all(sent)).toEqual([200, 200, 200, 200, 200, 200]);
		await first.waitFor(3);
		await second.waitFor(3);
		await settle();
		expect(messageIdsOf(first.received)).toEqual([
			'wamid.FIRST.1',
			'wamid.FIRST.2',
			'wamid.FIRST.3',
		]);
		expect(messageIdsOf(second.received)).toEqual([
			'wamid.SECOND.1',
			'wamid.SECOND.2',
			'wamid.SECOND.3',
		]);
		expect(first.received.every((item) => item.phoneNumberId === FIRST)).toBe(true);
	});

	it('refuses a second workflow for a number another one holds, naming that URL and the ways out', async () => {
		const clash = await activate(
			routedTrigger(`e2e-route-clash-${randomUUID()}`, first, {
				registration: 'phoneNumber',
				overridePhoneNumberIds: FIRST,
			}),
		);
		expect(clash.outcome).toContain(
			`Phone number ${FIRST} already sends its webhooks to ${triggerUrl(firstHook)}`,
		);
		expect(clash.outcome).toContain('Replace Existing Override');
		expect(await phoneOverride(FIRST)).toBe(triggerUrl(firstHook));
	});

	it('refuses a URL longer than Meta allows for an override, saying why, and changes nothing', async () => {
		const longWorkflow = routedTrigger(`e2e-route-long-${'x'.repeat(200)}`, first, {
			registration: 'phoneNumber',
			overridePhoneNumberIds: TEST_NUMBER,
		});
		longWorkflow.name = 'e2e trigger with a long webhook URL';
		const tooLong = await activate(longWorkflow);
		expect(tooLong.outcome).toContain(
			'Meta accepts override callback URLs of at most 200 characters',
		);
		expect(await phoneOverride(TEST_NUMBER)).toBeUndefined();
	});

	it('takes over a number with Replace Existing Override, and puts the previous override back on deactivation', async () => {
		const third = await collector();
		const thirdHook = `e2e-route-third-${randomUUID()}`;
		const taking = await activate(
			routedTrigger(thirdHook, third, {
				registration: 'phoneNumber',
				overridePhoneNumberIds: SECOND,
				replaceExistingOverride: true,
			}),
		);
		expect(taking.outcome).toBe('activated');
		expect(await phoneOverride(SECOND)).toBe(triggerUrl(thirdHook));
		await send(SECOND, 'wamid.TAKEN');
		expect(messageIdsOf(await third.waitFor(1))).toEqual(['wamid.TAKEN']);

		await deactivate(taking.id);
		await eventually(
			async () => (await phoneOverride(SECOND)) === triggerUrl(secondHook),
			'the second workflow’s override back on its number',
		);
		second.clear();
		await send(SECOND, 'wamid.BACK');
		expect(messageIdsOf(await second.waitFor(1))).toEqual(['wamid.BACK']);
		expect(messageIdsOf(third.received)).toEqual(['wamid.TAKEN']);
	});

	it('a test listen takes only the test number, and production keeps every delivery', async () => {
		first.clear();
		second.clear();
		const listening = await client.post<{ waitingForWebhook?: boolean }>(
			`/workflows/${firstWorkflow}/run`,
			{ triggerToStartFrom: { name: 'WhatsApp Trigger' } },
		);
		expect(listening.waitingForWebhook).toBe(true);
		const testUrl = `${e2eEnvironment().n8nUrl}/webhook-test/${firstHook}/webhook`;
		expect(await phoneOverride(TEST_NUMBER)).toBe(testUrl);
		expect(await phoneOverride(FIRST)).toBe(triggerUrl(firstHook));
		expect(await phoneOverride(SECOND)).toBe(triggerUrl(secondHook));

		expect(await send(FIRST, 'wamid.PROD.FIRST')).toBe(200);
		expect(await send(SECOND, 'wamid.PROD.SECOND')).toBe(200);
		expect(messageIdsOf(await first.waitFor(1))).toEqual(['wamid.PROD.FIRST']);
		expect(messageIdsOf(await second.waitFor(1))).toEqual(['wamid.PROD.SECOND']);

		// The test event runs the workflow once in the editor, which ends the listen.
		expect(await send(TEST_NUMBER, 'wamid.TEST')).toBe(200);
		await eventually(
			async () => (await phoneOverride(TEST_NUMBER)) === undefined,
			'the test number’s temporary override removed',
		);
		expect(messageIdsOf(await first.waitFor(2))).toEqual(['wamid.PROD.FIRST', 'wamid.TEST']);

		expect(await phoneOverride(FIRST)).toBe(triggerUrl(firstHook));
		expect(await phoneOverride(SECOND)).toBe(triggerUrl(secondHook));
		await send(FIRST, 'wamid.AFTER.FIRST');
		await send(SECOND, 'wamid.AFTER.SECOND');
		await first.waitFor(3);
		await second.waitFor(2);
		await settle();
		expect(messageIdsOf(first.received)).toEqual([
			'wamid.AFTER.FIRST',
			'wamid.PROD.FIRST',
			'wamid.TEST',
		]);
		expect(messageIdsOf(second.received)).toEqual(['wamid.AFTER.SECOND', 'wamid.PROD.SECOND']);
	});

	it('a test listen with no test number that would take production webhooks is refused in plain words', async () => {
		const refusal = await testListen(secondWorkflow);
		expect(refusal).toContain('would stop production from receiving webhooks');
		expect(refusal).toContain(
			`Phone number ${SECOND} sends its webhooks to ${triggerUrl(secondHook)}`,
		);
		expect(refusal).toContain('Test Phone Number ID');
		expect(await phoneOverride(SECOND)).toBe(triggerUrl(secondHook));
		second.clear();
		await send(SECOND, 'wamid.STILL');
		expect(messageIdsOf(await second.waitFor(1))).toEqual(['wamid.STILL']);
	});

	it('an app-level trigger keeps to its own numbers with the Phone Number IDs filter, beside the overrides', async () => {
		const appLevel = await collector();
		const appHook = `e2e-route-app-${randomUUID()}`;
		const appWorkflow = await activate(
			await appTrigger(appHook, appLevel, {
				registration: 'app',
				options: { phoneNumberIds: TEST_NUMBER },
			}),
		);
		expect(appWorkflow.outcome).toBe('activated');
		first.clear();
		second.clear();

		await sendAll([
			[FIRST, 'wamid.APP.FIRST'],
			[SECOND, 'wamid.APP.SECOND'],
			[TEST_NUMBER, 'wamid.APP.TEST'],
			[UNCLAIMED, 'wamid.APP.OTHER'],
		]);
		await appLevel.waitFor(1);
		await first.waitFor(1);
		await second.waitFor(1);
		await settle();
		expect(messageIdsOf(appLevel.received)).toEqual(['wamid.APP.TEST']);
		expect(messageIdsOf(first.received)).toEqual(['wamid.APP.FIRST']);
		expect(messageIdsOf(second.received)).toEqual(['wamid.APP.SECOND']);

		await deactivate(appWorkflow.id);
		await eventually(async () => (await appCallback()) === null, 'the app subscription removed');
	});

	it('deactivation removes each workflow’s override', async () => {
		await deactivate(firstWorkflow);
		await deactivate(secondWorkflow);
		await eventually(
			async () =>
				(await phoneOverride(FIRST)) === undefined && (await phoneOverride(SECOND)) === undefined,
			'both overrides removed',
		);
	});
});

describe('One account, several numbers: a Business Account Override beside a number’s own override', () => {
	const NUMBERS = [FIRST, SECOND, TEST_NUMBER];
	const accountHook = `e2e-route-account-${randomUUID()}`;
	let account: Collector;
	let appLevel: Collector;
	let accountWorkflow: string;
	/** One status per number of the account, each message ID naming its number. */
	const oneEach = (tag: string): Array<[string, string]> =>
		NUMBERS.map((number) => [number, `wamid.${tag}.${number}`]);
	const idsOf = (statuses: Array<[string, string]>) => statuses.map(([, id]) => id).sort();

	beforeAll(async () => {
		account = await collector();
		appLevel = await collector();
		const app = await activate(
			await appTrigger(`e2e-route-app-url-${randomUUID()}`, appLevel, { registration: 'app' }),
		);
		const waba = await activate(
			await appTrigger(accountHook, account, {
				registration: 'businessAccount',
				businessAccountId: WABA,
			}),
		);
		expect([app.outcome, waba.outcome]).toEqual(['activated', 'activated']);
		accountWorkflow = waba.id;
	});

	afterAll(deactivateAll);

	it('the account’s override takes every number’s statuses; a number’s own override then takes that number’s only: nothing lost or crossed', async () => {
		expect(await accountOverride()).toBe(triggerUrl(accountHook));
		await sendAll(oneEach('ACCOUNT'));
		await account.waitFor(NUMBERS.length);
		await settle();
		expect(messageIdsOf(account.received)).toEqual(idsOf(oneEach('ACCOUNT')));

		const numberLevel = await collector();
		const numberHook = `e2e-route-number-${randomUUID()}`;
		const own = await activate(
			routedTrigger(numberHook, numberLevel, {
				registration: 'phoneNumber',
				overridePhoneNumberIds: SECOND,
			}),
		);
		expect(own.outcome).toBe('activated');
		expect(await phoneOverride(SECOND)).toBe(triggerUrl(numberHook));
		expect(await accountOverride()).toBe(triggerUrl(accountHook));

		account.clear();
		const both = [...oneEach('BOTH.1'), ...oneEach('BOTH.2')];
		await sendAll(both);
		await account.waitFor(4);
		await numberLevel.waitFor(2);
		await settle();
		expect(messageIdsOf(account.received)).toEqual(
			idsOf(both.filter(([number]) => number !== SECOND)),
		);
		expect(messageIdsOf(numberLevel.received)).toEqual(
			idsOf(both.filter(([number]) => number === SECOND)),
		);
		expect(appLevel.received).toEqual([]);

		await deactivate(own.id);
		await eventually(
			async () => (await phoneOverride(SECOND)) === undefined,
			'the number’s own override removed',
		);
		account.clear();
		await send(SECOND, 'wamid.ACCOUNT.AGAIN');
		expect(messageIdsOf(await account.waitFor(1))).toEqual(['wamid.ACCOUNT.AGAIN']);
	});

	it('takes the account over with Replace Existing Override, and puts the previous override back on deactivation', async () => {
		const taking = await collector();
		const takingHook = `e2e-route-account-taking-${randomUUID()}`;
		const replacing = await activate(
			await appTrigger(takingHook, taking, {
				registration: 'businessAccount',
				businessAccountId: WABA,
				replaceExistingOverride: true,
			}),
		);
		expect(replacing.outcome).toBe('activated');
		expect(await accountOverride()).toBe(triggerUrl(takingHook));
		account.clear();
		await send(FIRST, 'wamid.ACCOUNT.TAKEN');
		expect(messageIdsOf(await taking.waitFor(1))).toEqual(['wamid.ACCOUNT.TAKEN']);

		await deactivate(replacing.id);
		await eventually(
			async () => (await accountOverride()) === triggerUrl(accountHook),
			'the previous account override back',
		);
		await send(FIRST, 'wamid.ACCOUNT.BACK');
		expect(messageIdsOf(await account.waitFor(1))).toEqual(['wamid.ACCOUNT.BACK']);
		expect(messageIdsOf(taking.received)).toEqual(['wamid.ACCOUNT.TAKEN']);
	});

	it('a test listen without a Test Phone Number ID is refused in plain words, and production keeps every delivery', async () => {
		const refusal = await testListen(accountWorkflow);
		expect(refusal).toContain('would stop production from receiving webhooks');
		expect(refusal).toContain(
			`pointing WhatsApp Business Account ${WABA} at the test URL would take the webhooks of all its numbers`,
		);
		expect(refusal).toContain('Nothing was changed at Meta');
		expect(refusal).toContain('Test Phone Number ID');
		expect(await accountOverride()).toBe(triggerUrl(accountHook));

		account.clear();
		await sendAll(oneEach('STILL'));
		await account.waitFor(NUMBERS.length);
		expect(messageIdsOf(account.received)).toEqual(idsOf(oneEach('STILL')));
	});

	it('deactivation removes the account’s override, and its numbers’ statuses go to the app’s callback URL again', async () => {
		await deactivate(accountWorkflow);
		await eventually(
			async () => (await accountOverride()) === undefined,
			'the account override removed',
		);
		account.clear();
		await sendAll(oneEach('APP'));
		await appLevel.waitFor(NUMBERS.length);
		await settle();
		expect(messageIdsOf(appLevel.received)).toEqual(idsOf(oneEach('APP')));
		expect(account.received).toEqual([]);
	});
});
