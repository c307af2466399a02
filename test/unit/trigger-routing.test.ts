import type { IHookFunctions, IHttpRequestOptions } from 'n8n-workflow';

import {
	clearOverrideRequest,
	readOverrideRequest,
	readOverrideState,
	setOverrideRequest,
} from '../../nodes/WhatsAppTrigger/overrides';
import { WhatsAppTrigger } from '../../nodes/WhatsAppTrigger/WhatsAppTrigger.node';
import { answerAsN8n } from './support/n8n-http';
import { triggerNode } from './support/trigger-context';

const GRAPH = 'http://127.0.0.1:8790';
const APP_ID = '1234567890';
const WABA = '102290129340398';
const FIRST = '106540352242922';
const SECOND = '106540352242923';
const TEST_NUMBER = '106540352242924';
const PRODUCTION = 'http://localhost:5678/webhook/first/webhook';
const TEST_URL = 'http://localhost:5678/webhook-test/first/webhook';
const OTHER = 'https://other.example/hook';
const VERIFY_TOKEN = 'verify-me';

const WEBHOOK_CREDENTIALS = {
	verifyToken: VERIFY_TOKEN,
	appSecret: 'app-secret',
	appId: APP_ID,
	appAccessToken: `${APP_ID}|app-secret`,
	graphBaseUrl: GRAPH,
	apiVersion: 'v25.0',
};
const CLOUD_CREDENTIALS = { accessToken: 'system-user-token', baseUrl: GRAPH, apiVersion: 'v25.0' };

/** Meta's overrides as state: Graph calls read and change it, as the sandbox and Meta do. */
class FakeMeta {
	phoneOverrides = new Map<string, string>();
	accountOverride: string | null = null;
	accountSubscribed = true;
	appUrl: string | null = null;
	/** URLs whose handshake fails now, as an endpoint that no longer listens. */
	unreachable = new Set<string>();
	failOn: string | undefined;
	calls: Array<{ credentialType: string; method: string; path: string; body?: unknown }> = [];

	answer(credentialType: string, request: IHttpRequestOptions): unknown {
		const path = new URL(request.url).pathname.replace('/v25.0/', '');
		this.calls.push({ credentialType, method: request.method ?? 'GET', path, body: request.body });
		const body = (request.body ?? {}) as Record<string, Record<string, string> | string>;
		const [id, edge] = path.split('/');
		if (request.method === 'POST' && `${id}` === this.failOn)
			throw metaError('(#100) Invalid parameter');
		if (edge === undefined && request.method === 'GET') {
			const configuration: Record<string, string> = {};
			if (this.phoneOverrides.has(id)) configuration.phone_number = this.phoneOverrides.get(id)!;
			if (this.accountOverride) configuration.whatsapp_business_account = this.accountOverride;
			if (this.appUrl) configuration.application = this.appUrl;
			return { webhook_configuration: configuration, id };
		}
		if (edge === undefined) {
			const url = (body.webhook_configuration as Record<string, string>).override_callback_uri;
			if (url === '') this.phoneOverrides.delete(id);
			else this.phoneOverrides.set(id, this.verified(url));
			return { success: true };
		}
		if (edge === 'subscribed_apps' && request.method === 'GET') {
			if (!this.accountSubscribed) return { data: [] };
			const override = this.accountOverride ? { override_callback_uri: this.accountOverride } : {};
			return {
				data: [{ whatsapp_business_api_data: { id: APP_ID, name: 'Our app' }, ...override }],
			};
		}
		if (edge === 'subscribed_apps') {
			const url = body.override_callback_uri as string | undefined;
			if (url && !this.accountSubscribed)
				throw metaError(
					'(#100) Before override the current callback uri, your app must be subscribed',
				);
			this.accountSubscribed = true;
			this.accountOverride = url ? this.verified(url) : null;
			return { success: true };
		}
		if (request.method === 'GET') {
			return {
				data: this.appUrl
					? [
							{
								object: 'whatsapp_business_account',
								callback_url: this.appUrl,
								active: true,
								fields: [{ name: 'messages' }],
							},
						]
					: [],
			};
		}
		this.appUrl =
			request.method === 'POST'
				? this.verified((body as Record<string, string>).callback_url)
				: null;
		return { success: true };
	}

	private verified(url: string): string {
		if (this.unreachable.has(url)) throw metaError('(#2200) Callback verification failed');
		return url;
	}
}

function metaError(message: string) {
	return {
		message: 'Request failed with status code 400',
		response: { status: 400, data: { error: { message } } },
	};
}

interface Setup {
	parameters: Record<string, unknown>;
	mode?: 'trigger' | 'manual' | 'internal';
	url?: string;
	cloudCredentials?: Record<string, unknown>;
}

const trigger = new WhatsAppTrigger();

/** One node's hooks against a FakeMeta; the static data lives on, as n8n keeps it between calls. */
function triggerAt(meta: FakeMeta, staticData: Record<string, unknown> = {}) {
	const logged: string[] = [];
	const run = (method: 'checkExists' | 'create' | 'delete', setup: Setup) => {
		const parameters: Record<string, unknown> = {
			events: ['statuses'],
			requireSignature: true,
			...setup.parameters,
		};
		const context = {
			getCredentials: async (type: string) => {
				if (type === 'whatsAppWebhookApi') return WEBHOOK_CREDENTIALS;
				if (setup.cloudCredentials === undefined && 'cloudCredentials' in setup)
					throw new Error('no credential');
				return setup.cloudCredentials ?? CLOUD_CREDENTIALS;
			},
			getMode: () => setup.mode ?? 'trigger',
			getWorkflowStaticData: () => staticData,
			getNodeParameter: (name: string, fallback: unknown) => parameters[name] ?? fallback,
			getNodeWebhookUrl: () => setup.url ?? (setup.mode === 'manual' ? TEST_URL : PRODUCTION),
			getNode: () => triggerNode(1.1),
			logger: {
				info: (line: string) => logged.push(line),
				warn: (line: string) => logged.push(line),
			},
			helpers: {
				httpRequestWithAuthentication: async (
					credentialType: string,
					request: IHttpRequestOptions,
				) => await answerAsN8n(request, () => meta.answer(credentialType, request)),
			},
		} as unknown as IHookFunctions;
		return trigger.webhookMethods.default[method].call(context);
	};
	/** What n8n does on activation: ask, then create when missing. */
	const activate = async (setup: Setup) => {
		if (!(await run('checkExists', setup))) await run('create', setup);
	};
	return { run, activate, logged, staticData };
}

const phoneNumbers = (ids: string, extra: Record<string, unknown> = {}) => ({
	registration: 'phoneNumber',
	overridePhoneNumberIds: ids,
	...extra,
});

describe('Phone Number Override: activation and deactivation', () => {
	it('points each chosen number at the trigger with the business token, and removes exactly that on deactivation', async () => {
		const meta = new FakeMeta();
		meta.phoneOverrides.set(TEST_NUMBER, OTHER);
		const node = triggerAt(meta);
		await node.activate({ parameters: phoneNumbers(`${FIRST}, ${SECOND}`) });
		expect(meta.phoneOverrides).toEqual(
			new Map([
				[TEST_NUMBER, OTHER],
				[FIRST, PRODUCTION],
				[SECOND, PRODUCTION],
			]),
		);
		expect(new Set(meta.calls.map((call) => call.credentialType))).toEqual(
			new Set(['whatsAppCloudApi']),
		);
		expect(meta.calls.find((call) => call.method === 'POST')?.body).toEqual({
			webhook_configuration: { override_callback_uri: PRODUCTION, verify_token: VERIFY_TOKEN },
		});
		expect(await node.run('checkExists', { parameters: phoneNumbers(`${FIRST}, ${SECOND}`) })).toBe(
			true,
		);

		await node.run('delete', { parameters: phoneNumbers(`${FIRST}, ${SECOND}`) });
		expect(meta.phoneOverrides).toEqual(new Map([[TEST_NUMBER, OTHER]]));
		expect(node.staticData.overrides).toEqual([]);
	});

	it('refuses a number another URL holds, naming it and the ways out, and changes nothing', async () => {
		const meta = new FakeMeta();
		meta.phoneOverrides.set(SECOND, OTHER);
		const node = triggerAt(meta);
		await expect(
			node.activate({ parameters: phoneNumbers(`${FIRST}, ${SECOND}`) }),
		).rejects.toThrow(
			`Phone number ${SECOND} already sends its webhooks to ${OTHER}. Deactivate the workflow that set it, or remove that override, or turn on Replace Existing Override`,
		);
		expect(meta.phoneOverrides).toEqual(new Map([[SECOND, OTHER]]));
	});

	it('says when the holder is a test listen in the editor, which ends by itself', async () => {
		const meta = new FakeMeta();
		meta.phoneOverrides.set(FIRST, 'http://localhost:5678/webhook-test/other/webhook');
		await expect(triggerAt(meta).activate({ parameters: phoneNumbers(FIRST) })).rejects.toThrow(
			/the test URL of a workflow listening for a test event in the editor\. That listen ends when its event arrives or after 2 minutes/,
		);
	});

	it('with Replace Existing Override takes the number over and puts the previous override back on deactivation', async () => {
		const meta = new FakeMeta();
		meta.phoneOverrides.set(FIRST, OTHER);
		const node = triggerAt(meta);
		const parameters = phoneNumbers(FIRST, { replaceExistingOverride: true });
		await node.activate({ parameters });
		expect(meta.phoneOverrides.get(FIRST)).toBe(PRODUCTION);
		expect(node.staticData.overrides).toEqual([
			{ level: 'phoneNumber', id: FIRST, url: PRODUCTION, previousUrl: OTHER },
		]);
		await node.run('delete', { parameters });
		expect(meta.phoneOverrides.get(FIRST)).toBe(OTHER);
	});

	it('removes the override instead, and says so, when the previous URL no longer passes the handshake', async () => {
		const meta = new FakeMeta();
		meta.phoneOverrides.set(FIRST, OTHER);
		const node = triggerAt(meta);
		const parameters = phoneNumbers(FIRST, { replaceExistingOverride: true });
		await node.activate({ parameters });
		meta.unreachable.add(OTHER);
		await node.run('delete', { parameters });
		expect(meta.phoneOverrides.has(FIRST)).toBe(false);
		expect(node.logged.join('\n')).toContain(
			`could not point Phone number ${FIRST} back at ${OTHER}`,
		);
	});

	it('leaves a number someone else took meanwhile alone on deactivation', async () => {
		const meta = new FakeMeta();
		const node = triggerAt(meta);
		await node.activate({ parameters: phoneNumbers(FIRST) });
		meta.phoneOverrides.set(FIRST, OTHER);
		await node.run('delete', { parameters: phoneNumbers(FIRST) });
		expect(meta.phoneOverrides.get(FIRST)).toBe(OTHER);
	});

	it('puts back the numbers already set when a later one fails, and reports Meta’s message', async () => {
		const meta = new FakeMeta();
		meta.failOn = SECOND;
		const node = triggerAt(meta);
		await expect(
			node.activate({ parameters: phoneNumbers(`${FIRST}, ${SECOND}`) }),
		).rejects.toThrow(
			`Could not point Phone number ${SECOND} at this trigger: (#100) Invalid parameter`,
		);
		expect(meta.phoneOverrides.size).toBe(0);
	});

	it('needs a Cloud API credential with provider Meta, and says why', async () => {
		const node = triggerAt(new FakeMeta());
		await expect(
			node.activate({ parameters: phoneNumbers(FIRST), cloudCredentials: undefined }),
		).rejects.toThrow(
			/refuses the app access token of the WhatsApp Webhook credential\. Add a WhatsApp Cloud API credential/,
		);
		await expect(
			node.activate({
				parameters: phoneNumbers(FIRST),
				cloudCredentials: { ...CLOUD_CREDENTIALS, provider: '360dialog', baseUrl: '' },
			}),
		).rejects.toThrow(/set to 360dialog, and overrides are Meta Graph API calls/);
	});

	it('refuses a callback URL over Meta’s 200 characters before calling Meta', async () => {
		const meta = new FakeMeta();
		const url = `http://localhost:5678/webhook/${'x'.repeat(200)}/webhook`;
		await expect(
			triggerAt(meta).activate({ parameters: phoneNumbers(FIRST), url }),
		).rejects.toThrow(/at most 200 characters, and this trigger's URL has 238/);
		expect(meta.calls).toEqual([]);
	});

	it('for a business account, subscribes the app first where it is not, as Meta requires before an override', async () => {
		const meta = new FakeMeta();
		meta.accountSubscribed = false;
		const parameters = { registration: 'businessAccount', businessAccountId: WABA };
		await triggerAt(meta).activate({ parameters });
		expect([meta.accountSubscribed, meta.accountOverride]).toEqual([true, PRODUCTION]);
		expect(meta.calls.filter((call) => call.method === 'POST').map((call) => call.body)).toEqual([
			undefined,
			{ override_callback_uri: PRODUCTION, verify_token: VERIFY_TOKEN },
		]);
	});

	it('refuses a Test Phone Number ID that is not an ID', async () => {
		await expect(
			triggerAt(new FakeMeta()).activate({
				parameters: phoneNumbers(FIRST, { testPhoneNumberId: '+1 555 0783883' }),
			}),
		).rejects.toThrow('Test Phone Number ID "+1 555 0783883" is not a phone number ID');
	});
});

describe('Listening for a test event beside production', () => {
	it('points only the test number at the test URL, and removes it when the listen ends', async () => {
		const meta = new FakeMeta();
		meta.appUrl = 'http://localhost:5678/webhook/app-level/webhook';
		const staticData = {};
		const node = triggerAt(meta, staticData);
		const parameters = phoneNumbers(FIRST, { testPhoneNumberId: TEST_NUMBER });
		await node.activate({ parameters });

		expect(await node.run('checkExists', { parameters, mode: 'manual' })).toBe(false);
		await node.run('create', { parameters, mode: 'manual' });
		expect(meta.phoneOverrides).toEqual(
			new Map([
				[FIRST, PRODUCTION],
				[TEST_NUMBER, TEST_URL],
			]),
		);
		expect(meta.appUrl).toBe('http://localhost:5678/webhook/app-level/webhook');

		// n8n ends a listen with mode "internal" and the test URL.
		await node.run('delete', { parameters, mode: 'internal', url: TEST_URL });
		expect(meta.phoneOverrides).toEqual(new Map([[FIRST, PRODUCTION]]));
		expect(node.staticData.overrides).toEqual([
			{ level: 'phoneNumber', id: FIRST, url: PRODUCTION, previousUrl: null },
		]);
	});

	it('refuses a test number that has its own override elsewhere', async () => {
		const meta = new FakeMeta();
		meta.phoneOverrides.set(TEST_NUMBER, PRODUCTION);
		const parameters = phoneNumbers(FIRST, { testPhoneNumberId: TEST_NUMBER });
		await expect(triggerAt(meta).run('create', { parameters, mode: 'manual' })).rejects.toThrow(
			`Listening for a test event here would stop production from receiving webhooks: Test Phone Number ID ${TEST_NUMBER} has its own override to ${PRODUCTION}`,
		);
		expect(meta.phoneOverrides).toEqual(new Map([[TEST_NUMBER, PRODUCTION]]));
	});

	it('without a test number, refuses to take a number whose webhooks reach production, naming the URL and the ways to test', async () => {
		const meta = new FakeMeta();
		meta.phoneOverrides.set(FIRST, PRODUCTION);
		const refusal = triggerAt(meta).run('create', {
			parameters: phoneNumbers(FIRST),
			mode: 'manual',
		});
		await expect(refusal).rejects.toThrow(
			`Phone number ${FIRST} sends its webhooks to ${PRODUCTION}. Nothing was changed at Meta.`,
		);
		await expect(refusal).rejects.toThrow(
			/set Test Phone Number ID .*post a sample webhook body to this trigger’s test URL yourself/,
		);
		expect(meta.phoneOverrides.get(FIRST)).toBe(PRODUCTION);
	});

	it('without a test number, listens on numbers whose webhooks reach no one, and gives them back', async () => {
		const meta = new FakeMeta();
		const node = triggerAt(meta);
		await node.run('create', { parameters: phoneNumbers(FIRST), mode: 'manual' });
		expect(meta.phoneOverrides.get(FIRST)).toBe(TEST_URL);
		await node.run('delete', { parameters: phoneNumbers(FIRST), mode: 'internal', url: TEST_URL });
		expect(meta.phoneOverrides.size).toBe(0);
	});

	it('at app level, refuses to move the app’s callback URL away from production', async () => {
		const meta = new FakeMeta();
		meta.appUrl = PRODUCTION;
		await expect(
			triggerAt(meta).run('create', { parameters: { registration: 'app' }, mode: 'manual' }),
		).rejects.toThrow(
			`would stop production from receiving webhooks: Meta app ${APP_ID} sends its webhooks to ${PRODUCTION}`,
		);
		expect(meta.appUrl).toBe(PRODUCTION);
	});

	it('at app level with a test number, leaves the app URL and diverts the test number only', async () => {
		const meta = new FakeMeta();
		meta.appUrl = PRODUCTION;
		const node = triggerAt(meta);
		const parameters = { registration: 'app', testPhoneNumberId: TEST_NUMBER };
		await node.run('create', { parameters, mode: 'manual' });
		expect([meta.appUrl, meta.phoneOverrides.get(TEST_NUMBER)]).toEqual([PRODUCTION, TEST_URL]);
		await node.run('delete', { parameters, mode: 'internal', url: TEST_URL });
		expect([meta.appUrl, meta.phoneOverrides.size]).toEqual([PRODUCTION, 0]);
	});

	it('for a whole business account without a test number, says a test number is needed', async () => {
		const meta = new FakeMeta();
		const parameters = { registration: 'businessAccount', businessAccountId: WABA };
		await expect(triggerAt(meta).run('create', { parameters, mode: 'manual' })).rejects.toThrow(
			`pointing WhatsApp Business Account ${WABA} at the test URL would take the webhooks of all its numbers`,
		);
		expect(meta.accountOverride).toBeNull();
	});
});

describe('override requests and answers', () => {
	const api = { baseUrl: GRAPH, apiVersion: 'v25.0' };
	const number = { level: 'phoneNumber' as const, id: FIRST };
	const account = { level: 'businessAccount' as const, id: WABA };

	it('reads, sets and clears a phone number’s webhook_configuration', () => {
		expect(readOverrideRequest(api, number)).toEqual({
			method: 'GET',
			url: `${GRAPH}/v25.0/${FIRST}`,
			qs: { fields: 'webhook_configuration' },
		});
		expect(setOverrideRequest(api, number, PRODUCTION, VERIFY_TOKEN).body).toEqual({
			webhook_configuration: { override_callback_uri: PRODUCTION, verify_token: VERIFY_TOKEN },
		});
		expect(clearOverrideRequest(api, number).body).toEqual({
			webhook_configuration: { override_callback_uri: '' },
		});
	});

	it('reads, sets and clears an account’s override on subscribed_apps', () => {
		expect(readOverrideRequest(api, account)).toEqual({
			method: 'GET',
			url: `${GRAPH}/v25.0/${WABA}/subscribed_apps`,
		});
		expect(setOverrideRequest(api, account, PRODUCTION, VERIFY_TOKEN).body).toEqual({
			override_callback_uri: PRODUCTION,
			verify_token: VERIFY_TOKEN,
		});
		expect(clearOverrideRequest(api, account)).toEqual({
			method: 'POST',
			url: `${GRAPH}/v25.0/${WABA}/subscribed_apps`,
		});
	});

	it('reads a number’s own override and where its webhooks go through every level', () => {
		expect(readOverrideState({ webhook_configuration: { application: OTHER } }, number)).toEqual({
			own: null,
			effective: OTHER,
			appSubscribed: true,
		});
		expect(
			readOverrideState(
				{ webhook_configuration: { phone_number: PRODUCTION, whatsapp_business_account: OTHER } },
				number,
			),
		).toEqual({ own: PRODUCTION, effective: PRODUCTION, appSubscribed: true });
		expect(readOverrideState({ id: FIRST }, number)).toEqual({
			own: null,
			effective: null,
			appSubscribed: true,
		});
	});

	it('reads this app’s entry of an account, ignoring other apps', () => {
		const answer = (override?: string, appId = APP_ID) => ({
			data: [
				{ whatsapp_business_api_data: { id: '999' }, override_callback_uri: 'https://x.example' },
				{
					whatsapp_business_api_data: { id: appId },
					...(override === undefined ? {} : { override_callback_uri: override }),
				},
			],
		});
		expect(readOverrideState(answer(), account, APP_ID).own).toBeNull();
		expect(readOverrideState(answer(''), account, APP_ID).own).toBeNull();
		expect(readOverrideState(answer(PRODUCTION, '777'), account, APP_ID)).toEqual({
			own: null,
			effective: null,
			appSubscribed: false,
		});
		expect(readOverrideState(answer(PRODUCTION), account, APP_ID)).toEqual({
			own: PRODUCTION,
			effective: PRODUCTION,
			appSubscribed: true,
		});
	});
});
