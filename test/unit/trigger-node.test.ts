import type { ICredentialTestFunctions, IHookFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { answerAsN8n } from './support/n8n-http';
import { computeSignature } from './support/sign';
import { WhatsAppTrigger } from '../../nodes/WhatsAppTrigger/WhatsAppTrigger.node';
import { type TriggerCall, callTrigger, triggerNode } from './support/trigger-context';
import { fixtureBytes } from './support/webhook-fixtures';

const APP_SECRET = 'test_app_secret';
const VERIFY_TOKEN = 'verify-me';
const WEBHOOK_CREDENTIALS = { verifyToken: VERIFY_TOKEN, appSecret: APP_SECRET };
const DEFAULT_PARAMETERS = { events: ['statuses'], statuses: [], options: {}, registration: 'app' };

const trigger = new WhatsAppTrigger();

type WebhookCall = TriggerCall;

/** Runs `webhook()` of a version 1 trigger with this file's credentials and parameters. */
function callWebhook(call: WebhookCall) {
	return callTrigger({
		typeVersion: 1,
		credentials: WEBHOOK_CREDENTIALS,
		...call,
		parameters: { ...DEFAULT_PARAMETERS, ...call.parameters },
	});
}

function signedPost(rawBody: Buffer, extra: WebhookCall = {}): WebhookCall {
	return {
		rawBody,
		headers: { 'x-hub-signature-256': computeSignature(rawBody, APP_SECRET) },
		...extra,
	};
}

describe('WhatsAppTrigger.webhook: verification GET', () => {
	const handshake = (token: string): WebhookCall => ({
		webhookName: 'setup',
		query: { 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '1158201444' },
	});

	it('answers the challenge as text/plain 200 and starts no execution', async () => {
		const { result, response } = await callWebhook(handshake(VERIFY_TOKEN));
		expect(response).toEqual({ statusCode: 200, contentType: 'text/plain', body: '1158201444' });
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('answers 403 to a wrong token and logs no token', async () => {
		const { result, response, logged } = await callWebhook(handshake('guess'));
		expect(response.statusCode).toBe(403);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(logged.join(' ')).not.toMatch(/guess|verify-me/);
	});

	it('answers 403 to a GET without hub parameters', async () => {
		const { response } = await callWebhook({ webhookName: 'setup' });
		expect(response.statusCode).toBe(403);
	});
});

describe('WhatsAppTrigger.webhook: POST', () => {
	const statusBody = fixtureBytes('webhooks/status_sent_meta_pmp.json');

	it('starts the workflow with one item per status for a signed body, leaving the 200 to n8n', async () => {
		const { result, response } = await callWebhook(signedPost(statusBody));
		expect(response).toEqual({});
		expect(result.workflowData).toHaveLength(1);
		expect(result.workflowData![0]).toHaveLength(1);
		expect(result.workflowData![0][0].json).toMatchObject({
			event: 'status',
			status: 'sent',
			messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
			eventId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=:sent:1750030073',
		});
	});

	it('flattens the body n8n parsed, once its bytes passed the signature check', async () => {
		const body = JSON.parse(statusBody.toString('utf8'));
		const parsedByN8n = { contentType: 'application/json', encoding: 'utf-8', body };
		const { result } = await callWebhook(signedPost(statusBody, { parsedByN8n }));
		expect(result.workflowData![0][0].json.raw).toBe(body.entry[0].changes[0].value.statuses[0]);
		const forged = await callWebhook({
			rawBody: statusBody,
			headers: { 'x-hub-signature-256': computeSignature(Buffer.from('other'), APP_SECRET) },
			parsedByN8n,
		});
		expect(forged.response.statusCode).toBe(401);
	});

	it.each([
		['no signature', {}],
		[
			'a wrong signature',
			{ 'x-hub-signature-256': computeSignature(Buffer.from('other'), APP_SECRET) },
		],
		['a truncated signature', { 'X-Hub-Signature-256': 'sha256=abc' }],
	])(
		'answers 401 to %s, without execution, secret or signature in the log',
		async (_case, headers) => {
			const { result, response, logged } = await callWebhook({ rawBody: statusBody, headers });
			expect(response.statusCode).toBe(401);
			expect(result).toEqual({ noWebhookResponse: true });
			const signature = computeSignature(statusBody, APP_SECRET).slice('sha256='.length);
			expect(`${response.body} ${logged.join(' ')}`).not.toMatch(
				new RegExp(`${APP_SECRET}|${signature}|abc`),
			);
		},
	);

	it('checks the raw bytes: the unicode vector passes with its recorded signature', async () => {
		const vector = JSON.parse(
			fixtureBytes('signature/inbound_text_unicode_signature.json').toString('utf8'),
		) as {
			x_hub_signature_256: string;
		};
		const { result } = await callWebhook({
			rawBody: fixtureBytes('signature/inbound_text_unicode_raw_body.txt'),
			headers: { 'X-Hub-Signature-256': ` ${vector.x_hub_signature_256} ` },
			parameters: { events: ['messages'] },
		});
		expect(result.workflowData![0][0].json).toMatchObject({
			event: 'message',
			text: 'Café äöå 😀',
		});
	});

	it('answers 400 with a short reason to malformed JSON', async () => {
		const { result, response } = await callWebhook(signedPost(Buffer.from('{"object":')));
		expect(response).toEqual({
			statusCode: 400,
			contentType: 'text/plain',
			body: 'Body is not valid JSON',
		});
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('answers 400 to a body that is not a WhatsApp Business Account webhook', async () => {
		const { response } = await callWebhook(signedPost(Buffer.from('{"object":"page","entry":[]}')));
		expect(response).toEqual({
			statusCode: 400,
			contentType: 'text/plain',
			body: 'object is not "whatsapp_business_account"',
		});
	});

	it('answers 200 and starts nothing when the filters leave no item', async () => {
		const { result, response } = await callWebhook(
			signedPost(fixtureBytes('webhooks/template_status_update_approved_meta.json')),
		);
		expect(response.statusCode).toBe(200);
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('applies the status and phone number filters from the parameters', async () => {
		const read = fixtureBytes('webhooks/status_read_meta_v24.json');
		const onlyFailed = await callWebhook(
			signedPost(read, { parameters: { statuses: ['failed'] } }),
		);
		expect(onlyFailed.result.workflowData).toBeUndefined();
		const otherNumber = await callWebhook(
			signedPost(read, { parameters: { options: { phoneNumberIds: '1, 2' } } }),
		);
		expect(otherNumber.result.workflowData).toBeUndefined();
		const ourNumber = await callWebhook(
			signedPost(read, { parameters: { options: { phoneNumberIds: '1, 106540352242922' } } }),
		);
		expect(ourNumber.result.workflowData![0]).toHaveLength(1);
	});

	it('parses a JSON Reference ID when the option is on', async () => {
		const body = JSON.parse(statusBody.toString('utf8'));
		body.entry[0].changes[0].value.statuses[0].biz_opaque_callback_data = '{"orderId":7}';
		const { result } = await callWebhook(
			signedPost(Buffer.from(JSON.stringify(body)), {
				parameters: { options: { parseReferenceJson: true } },
			}),
		);
		expect(result.workflowData![0][0].json.referenceId).toEqual({ orderId: 7 });
	});

	it('accepts unsigned POSTs only when no app secret is set', async () => {
		const { result } = await callWebhook({
			rawBody: statusBody,
			credentials: { verifyToken: VERIFY_TOKEN },
		});
		expect(result.workflowData![0]).toHaveLength(1);
	});

	it('checks 360dialog’s signature under that profile, and ignores a Meta signature there', async () => {
		const credentials = {
			verifyToken: VERIFY_TOKEN,
			signatureProfile: '360dialog',
			appSecret: 'platform-secret',
		};
		const signed = await callWebhook({
			rawBody: statusBody,
			credentials,
			headers: { 'x-360dialog-signature': computeSignature(statusBody, 'platform-secret', '') },
		});
		expect(signed.result.workflowData![0]).toHaveLength(1);
		const metaSigned = await callWebhook({
			rawBody: statusBody,
			credentials,
			headers: { 'x-hub-signature-256': computeSignature(statusBody, 'platform-secret') },
		});
		expect(metaSigned.response).toMatchObject({
			statusCode: 401,
			body: 'Missing x-360dialog-signature header',
		});
	});

	it('accepts every POST under the none profile, even with an app secret left in the credential', async () => {
		const { result } = await callWebhook({
			rawBody: statusBody,
			credentials: { ...WEBHOOK_CREDENTIALS, signatureProfile: 'none' },
		});
		expect(result.workflowData![0]).toHaveLength(1);
	});

	it('answers 401 to every POST when the profile cannot check, saying why', async () => {
		const { result, response } = await callWebhook(
			signedPost(statusBody, {
				credentials: { verifyToken: VERIFY_TOKEN, signatureProfile: '360dialog' },
			}),
		);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toMatchObject({
			statusCode: 401,
			body: expect.stringMatching(/needs the platform secret/),
		});
	});

	it('reads a Gupshup-wrapped body like Meta’s, and refuses a shape it does not know with 400', async () => {
		const wrapped = JSON.parse(statusBody.toString('utf8'));
		wrapped.gs_app_id = 'app-1';
		wrapped.entry[0].changes[0].value.statuses[0].gs_id = 'gs-1';
		const wrappedBytes = Buffer.from(JSON.stringify(wrapped));
		const { result } = await callWebhook(signedPost(wrappedBytes));
		expect(result.workflowData![0][0].json).toMatchObject({
			event: 'status',
			status: 'sent',
			raw: { gs_id: 'gs-1' },
		});
		const foreign = Buffer.from(JSON.stringify({ type: 'message-event', payload: { id: 'x' } }));
		const refused = await callWebhook(signedPost(foreign));
		expect(refused.response).toEqual({
			statusCode: 400,
			contentType: 'text/plain',
			body: 'object is not "whatsapp_business_account"',
		});
		expect(refused.result).toEqual({ noWebhookResponse: true });
	});
});

describe('WhatsAppTrigger.webhook: raw by version', () => {
	const statusBody = fixtureBytes('webhooks/status_sent_meta_pmp.json');
	const firstItem = async (typeVersion: number, options: Record<string, unknown> = {}) => {
		const { result } = await callWebhook(
			signedPost(statusBody, { typeVersion, parameters: { options } }),
		);
		return result.workflowData![0][0].json;
	};
	const sentStatus = JSON.parse(statusBody.toString('utf8')).entry[0].changes[0].value.statuses[0];

	it.each([1, 1.1])('keeps raw on every item of a saved version %s node', async (typeVersion) => {
		expect((await firstItem(typeVersion)).raw).toEqual(sentStatus);
		expect((await firstItem(typeVersion, { includeRaw: false })).raw).toEqual(sentStatus);
	});

	it('leaves raw out on version 1.2 unless Include Raw Update is on, with every other field the same', async () => {
		const { raw, ...fields } = await firstItem(1.1);
		const withoutRaw = await firstItem(1.2);
		expect(withoutRaw).not.toHaveProperty('raw');
		expect(withoutRaw).toEqual(fields);
		expect(await firstItem(1.2, { includeRaw: true })).toEqual({ ...fields, raw });
	});

	it('shows Include Raw Update only from version 1.2, which new nodes get', () => {
		const { description } = trigger;
		expect(description.version).toEqual([1, 1.1, 1.2]);
		expect(description.defaultVersion).toBe(1.2);
		const options = description.properties.find((property) => property.name === 'options');
		const includeRaw = options?.options?.find((option) => option.name === 'includeRaw');
		expect(includeRaw).toMatchObject({
			type: 'boolean',
			default: false,
			displayOptions: { show: { '@version': [{ _cnd: { gte: 1.2 } }] } },
		});
	});
});

interface HookSetup {
	credentials?: Record<string, unknown>;
	/** The optional WhatsApp Cloud API credential; absent means the node has none. */
	cloudCredentials?: Record<string, unknown>;
	/** n8n's mode: `trigger` for activation, `manual` while the editor listens for a test event. */
	mode?: string;
	staticData?: Record<string, unknown>;
	parameters?: Record<string, unknown>;
	webhookUrl?: string;
	/** Meta's answers, by `METHOD path`. */
	answers?: Record<string, unknown>;
	failure?: unknown;
}

const REGISTERING_CREDENTIALS = {
	...WEBHOOK_CREDENTIALS,
	appId: '1234567890',
	appAccessToken: '1234567890|app-secret-token',
	graphBaseUrl: 'http://127.0.0.1:8790',
	apiVersion: 'v25.0',
};
const CALLBACK = 'http://localhost:5678/webhook/2f6b1c1e/webhook';

/** A stand-in for n8n's hook context that records every Graph request instead of sending it. */
function hookContext(setup: HookSetup) {
	const requests: IHttpRequestOptions[] = [];
	const credentialTypes: string[] = [];
	const logged: string[] = [];
	const parameters: Record<string, unknown> = { ...DEFAULT_PARAMETERS, ...setup.parameters };
	const staticData = setup.staticData ?? {};
	const context = {
		getCredentials: async (type: string) => {
			if (type === 'whatsAppWebhookApi') return setup.credentials ?? REGISTERING_CREDENTIALS;
			if (setup.cloudCredentials === undefined) {
				throw new Error('Node does not have any credentials set for "whatsAppCloudApi"');
			}
			return setup.cloudCredentials;
		},
		getMode: () => setup.mode ?? 'trigger',
		getWorkflowStaticData: () => staticData,
		getNodeParameter: (name: string, fallback: unknown) => parameters[name] ?? fallback,
		getNodeWebhookUrl: () => setup.webhookUrl ?? CALLBACK,
		getNode: () => triggerNode(1),
		logger: {
			info: (message: string) => logged.push(message),
			warn: (message: string) => logged.push(message),
		},
		helpers: {
			httpRequestWithAuthentication: async (
				credentialType: string,
				request: IHttpRequestOptions,
			) => {
				credentialTypes.push(credentialType);
				requests.push(request);
				return await answerAsN8n(request, () => {
					if (setup.failure !== undefined) {
						throw setup.failure;
					}
					return (
						setup.answers?.[`${request.method} ${new URL(request.url).pathname}`] ?? {
							success: true,
						}
					);
				});
			},
		},
	} as unknown as IHookFunctions;
	const hooks = trigger.webhookMethods.default;
	return {
		requests,
		credentialTypes,
		logged,
		checkExists: () => hooks.checkExists.call(context),
		create: () => hooks.create.call(context),
		delete: () => hooks.delete.call(context),
	};
}

const appSubscriptions = (callbackUrl: string) => ({
	'GET /v25.0/1234567890/subscriptions': {
		data: [
			{
				object: 'whatsapp_business_account',
				callback_url: callbackUrl,
				active: true,
				fields: [{ name: 'messages', version: 'v25.0' }],
			},
		],
	},
});

describe('WhatsAppTrigger.webhookMethods: manual registration', () => {
	it('calls Meta for nothing without app fields', async () => {
		const hooks = hookContext({ credentials: WEBHOOK_CREDENTIALS });
		expect(await hooks.checkExists()).toBe(true);
		expect(await hooks.create()).toBe(true);
		expect(await hooks.delete()).toBe(true);
		expect(hooks.requests).toEqual([]);
	});

	it('calls Meta for nothing when Manual is chosen', async () => {
		const hooks = hookContext({ parameters: { registration: 'manual' } });
		expect(await hooks.checkExists()).toBe(true);
		expect(await hooks.delete()).toBe(true);
		expect(hooks.requests).toEqual([]);
	});
});

describe('WhatsAppTrigger.webhookMethods: app subscription', () => {
	it('reports a missing subscription, then registers the URL with the verify token', async () => {
		const hooks = hookContext({ answers: { 'GET /v25.0/1234567890/subscriptions': { data: [] } } });
		expect(await hooks.checkExists()).toBe(false);
		expect(await hooks.create()).toBe(true);
		expect(hooks.requests[1]).toEqual({
			method: 'POST',
			url: 'http://127.0.0.1:8790/v25.0/1234567890/subscriptions',
			body: {
				object: 'whatsapp_business_account',
				callback_url: CALLBACK,
				verify_token: VERIFY_TOKEN,
				fields: 'messages',
				include_values: true,
			},
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		});
	});

	it('finds its own subscription', async () => {
		const hooks = hookContext({ answers: appSubscriptions(CALLBACK) });
		expect(await hooks.checkExists()).toBe(true);
	});

	it('asks to register again when template updates are chosen but not subscribed', async () => {
		const hooks = hookContext({
			answers: appSubscriptions(CALLBACK),
			parameters: { events: ['statuses', 'templateStatusUpdates'] },
		});
		expect(await hooks.checkExists()).toBe(false);
	});

	it('refuses, in plain words, to take over another callback URL', async () => {
		const hooks = hookContext({ answers: appSubscriptions('https://other.example/hook') });
		await expect(hooks.checkExists()).rejects.toThrow(
			'Meta app 1234567890 already sends its WhatsApp webhooks to https://other.example/hook',
		);
	});

	it('removes its own subscription on deactivation', async () => {
		const hooks = hookContext({ answers: appSubscriptions(CALLBACK) });
		expect(await hooks.delete()).toBe(true);
		expect(hooks.requests.map((request) => request.method)).toEqual(['GET', 'DELETE']);
		expect(hooks.requests[1].qs).toEqual({ object: 'whatsapp_business_account' });
	});

	it("leaves someone else's subscription alone on deactivation", async () => {
		const hooks = hookContext({ answers: appSubscriptions('https://other.example/hook') });
		expect(await hooks.delete()).toBe(true);
		expect(hooks.requests.map((request) => request.method)).toEqual(['GET']);
		expect(hooks.logged).toHaveLength(1);
	});

	it("reports Meta's refusal with Meta's message and without the token", async () => {
		const hooks = hookContext({
			failure: {
				message: 'Request failed with status code 400',
				config: { params: { access_token: REGISTERING_CREDENTIALS.appAccessToken } },
				response: {
					status: 400,
					data: { error: { message: '(#2200) Callback verification failed', code: 2200 } },
				},
			},
		});
		const error = (await hooks.create().then(
			() => undefined,
			(caught: unknown) => caught,
		)) as Error & { httpCode?: string };
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'Could not register the webhook with the Meta app: (#2200) Callback verification failed',
		);
		expect(error.httpCode).toBe('400');
		expect(JSON.stringify(error)).not.toContain(REGISTERING_CREDENTIALS.appAccessToken);
	});

	it("gives Meta's details of a refusal as the error's description", async () => {
		const details = 'The callback URL did not answer the verification request with the challenge';
		const hooks = hookContext({
			failure: {
				message: 'Request failed with status code 400',
				response: {
					status: 400,
					data: {
						error: {
							message: '(#2200) Callback verification failed',
							code: 2200,
							error_data: { details },
						},
					},
				},
			},
		});
		await expect(hooks.create()).rejects.toMatchObject({
			message:
				'Could not register the webhook with the Meta app: (#2200) Callback verification failed',
			description: details,
		});
	});

	it('names what it was doing when Meta cannot be reached', async () => {
		const hooks = hookContext({ failure: new Error('connect ECONNREFUSED 127.0.0.1:8790') });
		await expect(hooks.checkExists()).rejects.toMatchObject({
			message: 'Could not read the Meta app subscriptions: the Graph API did not answer',
			description: 'connect ECONNREFUSED 127.0.0.1:8790',
		});
	});
});

describe('WhatsAppTrigger.webhookMethods: business account override', () => {
	const parameters = { registration: 'businessAccount', businessAccountId: '102290129340398' };
	const cloudCredentials = {
		accessToken: 'system-user-token',
		baseUrl: 'http://127.0.0.1:8790',
		apiVersion: 'v25.0',
	};
	const subscribedApps = (override?: string) => ({
		'GET /v25.0/102290129340398/subscribed_apps': {
			data: [
				{
					whatsapp_business_api_data: { id: '1234567890', name: 'Our app' },
					...(override ? { override_callback_uri: override } : {}),
				},
			],
		},
	});

	it('sets the override with the verify token, through the Cloud API credential', async () => {
		const hooks = hookContext({ parameters, cloudCredentials, answers: subscribedApps() });
		expect(await hooks.checkExists()).toBe(false);
		expect(await hooks.create()).toBe(true);
		expect(hooks.credentialTypes).toEqual([
			'whatsAppCloudApi',
			'whatsAppCloudApi',
			'whatsAppCloudApi',
		]);
		expect(hooks.requests[2]).toEqual({
			method: 'POST',
			url: 'http://127.0.0.1:8790/v25.0/102290129340398/subscribed_apps',
			body: { override_callback_uri: CALLBACK, verify_token: VERIFY_TOKEN },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		});
	});

	it('refuses a callback URL over 200 characters before calling Meta', async () => {
		const longUrl = `http://localhost:5678/webhook/${'x'.repeat(200)}/webhook`;
		const hooks = hookContext({ parameters, cloudCredentials, webhookUrl: longUrl });
		await expect(hooks.create()).rejects.toThrow(/at most 200 characters/);
		expect(hooks.requests).toEqual([]);
	});

	it('refuses another override in plain words', async () => {
		const hooks = hookContext({
			parameters,
			cloudCredentials,
			answers: subscribedApps('https://other.example/hook'),
		});
		await expect(hooks.checkExists()).rejects.toThrow(
			'WhatsApp Business Account 102290129340398 already sends its webhooks to https://other.example/hook. Deactivate the workflow that set it',
		);
	});

	it('says a Cloud API credential is needed, since Meta refuses the app token for overrides', async () => {
		const hooks = hookContext({ parameters, answers: subscribedApps() });
		await expect(hooks.checkExists()).rejects.toThrow(/Add a WhatsApp Cloud API credential/);
		expect(hooks.requests).toEqual([]);
	});

	it('removes its own override on deactivation, keeping the app subscribed', async () => {
		const hooks = hookContext({ parameters, cloudCredentials, answers: subscribedApps(CALLBACK) });
		expect(await hooks.delete()).toBe(true);
		expect(hooks.requests[1]).toEqual({
			method: 'POST',
			url: 'http://127.0.0.1:8790/v25.0/102290129340398/subscribed_apps',
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		});
	});
});

describe('WhatsAppTrigger credential test', () => {
	it('is the offline check the credential is tested by', async () => {
		const test = trigger.methods.credentialTest.whatsAppWebhookApiTest;
		const context = {} as ICredentialTestFunctions;
		await expect(
			test.call(context, {
				id: '1',
				name: 'c',
				type: 'whatsAppWebhookApi',
				data: { verifyToken: '' },
			}),
		).resolves.toEqual({
			status: 'Error',
			message: expect.stringContaining('Verify Token is empty'),
		});
		expect(trigger.description.credentials?.[0]).toEqual({
			name: 'whatsAppWebhookApi',
			required: true,
			testedBy: 'whatsAppWebhookApiTest',
		});
	});
});
