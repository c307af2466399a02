import { WhatsAppWebhookApi } from '../../credentials/WhatsAppWebhookApi.credentials';
import {
	appSubscriptionOwner,
	checkWebhookCredential,
	clashMessage,
	createAppSubscriptionRequest,
	deleteAppSubscriptionRequest,
	listAppSubscriptionsRequest,
	overrideUrlProblem,
	planRegistration,
	subscriptionFields,
	type GraphApp,
} from '../../nodes/WhatsAppTrigger/registration';

const CALLBACK = 'https://n8n.example.com/webhook/2f6b1c1e-0d5e-4d8e-9d57-6a3f1b0c9e11/webhook';
const APP: GraphApp = {
	baseUrl: 'http://127.0.0.1:8790',
	apiVersion: 'v25.0',
	appId: '1234567890',
};
const CREDENTIALS = {
	verifyToken: 'verify-me',
	appSecret: 'app-secret',
	appId: '1234567890',
	appAccessToken: '1234567890|app-secret',
	graphBaseUrl: 'http://127.0.0.1:8790/',
	apiVersion: 'v25.0',
};

describe('planRegistration', () => {
	it('registers at app level by default when the app fields are set', () => {
		expect(planRegistration(CREDENTIALS, 'app', '')).toEqual({
			mode: 'app',
			app: APP,
			verifyToken: 'verify-me',
		});
	});

	it('is manual without App ID or App Access Token, whatever was chosen', () => {
		for (const missing of ['appId', 'appAccessToken']) {
			const credentials = { ...CREDENTIALS, [missing]: '' };
			expect(planRegistration(credentials, 'app', '')).toEqual({ mode: 'manual' });
			expect(planRegistration(credentials, 'businessAccount', '555')).toEqual({ mode: 'manual' });
		}
	});

	it('is manual when chosen', () => {
		expect(planRegistration(CREDENTIALS, 'manual', '')).toEqual({ mode: 'manual' });
	});

	it('overrides a business account when chosen', () => {
		expect(planRegistration(CREDENTIALS, 'businessAccount', ' 102290129340398 ')).toEqual({
			mode: 'businessAccount',
			app: APP,
			verifyToken: 'verify-me',
			businessAccountId: '102290129340398',
		});
	});

	it('overrides phone numbers when chosen, needing no app fields', () => {
		const webhookOnly = { verifyToken: 'verify-me' };
		expect(
			planRegistration(
				webhookOnly,
				'phoneNumber',
				'',
				' 106540352242922, 106540352242923,106540352242922 ',
			),
		).toEqual({
			mode: 'phoneNumber',
			verifyToken: 'verify-me',
			phoneNumberIds: ['106540352242922', '106540352242923'],
		});
	});

	it('says which phone number ID is wrong, or that none was given', () => {
		expect(planRegistration(CREDENTIALS, 'phoneNumber', '', ' , ')).toEqual({
			mode: 'invalid',
			problem: expect.stringContaining('enter the phone number IDs'),
		});
		expect(
			planRegistration(CREDENTIALS, 'phoneNumber', '', '106540352242922, +1 555 0783881'),
		).toEqual({
			mode: 'invalid',
			problem: expect.stringContaining('"+1 555 0783881" is not a phone number ID'),
		});
		expect(planRegistration({ verifyToken: '' }, 'phoneNumber', '', '1')).toMatchObject({
			mode: 'invalid',
		});
	});

	it('uses Meta and v25.0 where the credential leaves them empty', () => {
		const plan = planRegistration({ ...CREDENTIALS, graphBaseUrl: '', apiVersion: '' }, 'app', '');
		expect(plan).toMatchObject({
			app: { baseUrl: 'https://graph.facebook.com', apiVersion: 'v25.0' },
		});
	});

	it('says what is missing instead of calling Meta with it', () => {
		expect(planRegistration({ ...CREDENTIALS, verifyToken: ' ' }, 'app', '')).toEqual({
			mode: 'invalid',
			problem: expect.stringContaining('no Verify Token'),
		});
		expect(planRegistration(CREDENTIALS, 'businessAccount', '')).toEqual({
			mode: 'invalid',
			problem: expect.stringContaining('WhatsApp Business Account ID'),
		});
	});
});

describe('subscriptionFields', () => {
	it.each([
		[['statuses'], ['messages']],
		[['messages'], ['messages']],
		[['statuses', 'messages'], ['messages']],
		[['templateStatusUpdates'], ['message_template_status_update']],
		[
			['statuses', 'templateStatusUpdates'],
			['messages', 'message_template_status_update'],
		],
		[['standby'], ['standby']],
		[['handovers'], ['messaging_handovers']],
		[
			['messages', 'standby', 'handovers'],
			['messages', 'standby', 'messaging_handovers'],
		],
		[[], []],
	])('%p → %p', (events, fields) => {
		expect(subscriptionFields(events)).toEqual(fields);
	});
});

describe('request builders', () => {
	it('lists, creates and deletes the app subscription on /{app-id}/subscriptions', () => {
		expect(listAppSubscriptionsRequest(APP)).toEqual({
			method: 'GET',
			url: 'http://127.0.0.1:8790/v25.0/1234567890/subscriptions',
		});
		expect(createAppSubscriptionRequest(APP, CALLBACK, 'verify-me', ['messages'])).toEqual({
			method: 'POST',
			url: 'http://127.0.0.1:8790/v25.0/1234567890/subscriptions',
			body: {
				object: 'whatsapp_business_account',
				callback_url: CALLBACK,
				verify_token: 'verify-me',
				fields: 'messages',
				include_values: true,
			},
		});
		expect(deleteAppSubscriptionRequest(APP)).toEqual({
			method: 'DELETE',
			url: 'http://127.0.0.1:8790/v25.0/1234567890/subscriptions',
			qs: { object: 'whatsapp_business_account' },
		});
	});

	it('never puts the app access token into a request it builds', () => {
		const requests = [
			listAppSubscriptionsRequest(APP),
			createAppSubscriptionRequest(APP, CALLBACK, 'verify-me', ['messages']),
			deleteAppSubscriptionRequest(APP),
		];
		expect(JSON.stringify(requests)).not.toContain(CREDENTIALS.appAccessToken);
	});
});

describe('appSubscriptionOwner', () => {
	const subscription = (
		callbackUrl: string,
		fields: unknown[] = [{ name: 'messages', version: 'v25.0' }],
		active = true,
	) => ({
		data: [
			{ object: 'page', callback_url: 'https://elsewhere.example/page', active: true, fields: [] },
			{ object: 'whatsapp_business_account', callback_url: callbackUrl, active, fields },
		],
	});

	it('finds nothing in an empty or odd answer', () => {
		for (const answer of [{ data: [] }, {}, null, 'text', { data: 'x' }]) {
			expect(appSubscriptionOwner(answer, CALLBACK, ['messages'])).toEqual({ owner: 'none' });
		}
	});

	it('ignores an inactive subscription, which Meta does not deliver to', () => {
		expect(
			appSubscriptionOwner(subscription('https://other.example/hook', [], false), CALLBACK, [
				'messages',
			]),
		).toEqual({
			owner: 'none',
		});
	});

	it('recognises this trigger, and the fields it still lacks', () => {
		expect(appSubscriptionOwner(subscription(CALLBACK), CALLBACK, ['messages'])).toEqual({
			owner: 'us',
			missingFields: [],
		});
		expect(
			appSubscriptionOwner(subscription(CALLBACK), CALLBACK, [
				'messages',
				'message_template_status_update',
			]),
		).toEqual({ owner: 'us', missingFields: ['message_template_status_update'] });
		expect(
			appSubscriptionOwner(subscription(CALLBACK, ['messages']), CALLBACK, ['messages']),
		).toEqual({
			owner: 'us',
			missingFields: [],
		});
	});

	it('reports another callback URL', () => {
		expect(
			appSubscriptionOwner(subscription('https://other.example/hook'), CALLBACK, ['messages']),
		).toEqual({
			owner: 'other',
			callbackUrl: 'https://other.example/hook',
		});
	});
});

describe('clashMessage', () => {
	it('names the app, the URL already registered and the ways out', () => {
		const message = clashMessage(
			{ mode: 'app', app: APP, verifyToken: 'verify-me' },
			'https://other.example/hook',
		);
		expect(message).toContain(
			'Meta app 1234567890 already sends its WhatsApp webhooks to https://other.example/hook',
		);
		expect(message).toContain('Phone Number Override (one workflow per number)');
		expect(message).not.toContain('verify-me');
	});
});

describe('overrideUrlProblem', () => {
	it('accepts URLs up to 200 characters', () => {
		expect(overrideUrlProblem('https://a.example/' + 'x'.repeat(200 - 18))).toBeUndefined();
	});

	it('refuses longer ones, saying how long and what to do', () => {
		const url = 'https://a.example/' + 'x'.repeat(201 - 18);
		expect(overrideUrlProblem(url)).toEqual(
			expect.stringMatching(
				/at most 200 characters, and this trigger's URL has 201: https:\/\/a\.example\/x+\. Use a shorter/,
			),
		);
	});
});

describe('checkWebhookCredential', () => {
	it('accepts a webhook-only credential and a registering one', () => {
		expect(checkWebhookCredential({ verifyToken: 'v', appSecret: 's' })).toEqual({
			status: 'OK',
			message: expect.stringContaining('when it calls the webhook'),
		});
		expect(checkWebhookCredential(CREDENTIALS)).toEqual({
			status: 'OK',
			message: expect.stringContaining('when the workflow is activated'),
		});
	});

	it('says when posts are not signed', () => {
		for (const credentials of [
			{ verifyToken: 'v', appSecret: '' },
			{ verifyToken: 'v', appSecret: 's', signatureProfile: 'none' },
		]) {
			expect(checkWebhookCredential(credentials)).toEqual({
				status: 'OK',
				message: expect.stringContaining('anyone who knows the webhook URL can post'),
			});
		}
		expect(checkWebhookCredential({ verifyToken: 'v', appSecret: 's' }).message).not.toContain(
			'anyone',
		);
	});

	it.each([
		['no verify token', { ...CREDENTIALS, verifyToken: '' }, 'Verify Token is empty'],
		[
			'an app ID without token',
			{ ...CREDENTIALS, appAccessToken: '' },
			'Set both App ID and App Access Token',
		],
		[
			'a token without app ID',
			{ ...CREDENTIALS, appId: '' },
			'Set both App ID and App Access Token',
		],
		['an app ID that is not a number', { ...CREDENTIALS, appId: 'my-app' }, 'App ID is a number'],
		[
			'a base URL that is not http(s)',
			{ ...CREDENTIALS, graphBaseUrl: 'graph.facebook.com' },
			'not an http(s) URL',
		],
		['an odd API version', { ...CREDENTIALS, apiVersion: '25' }, 'API Version looks like v25.0'],
		[
			'a 360dialog signature check without the platform secret',
			{ ...CREDENTIALS, signatureProfile: '360dialog', appSecret: '' },
			'needs the platform secret',
		],
		[
			'a custom signature check without a header name',
			{ ...CREDENTIALS, signatureProfile: 'custom', appSecret: 's' },
			'needs a header name',
		],
	])('refuses %s', (_case, credentials, message) => {
		const result = checkWebhookCredential(credentials);
		expect(result.status).toBe('Error');
		expect(result.message).toContain(message);
		expect(result.message).not.toContain(CREDENTIALS.appAccessToken);
	});
});

describe('WhatsAppWebhookApi.authenticate', () => {
	const credential = new WhatsAppWebhookApi();

	it('passes the app token as access_token on the app subscriptions edge', async () => {
		const request = createAppSubscriptionRequest(APP, CALLBACK, 'verify-me', ['messages']);
		const authenticated = await credential.authenticate(CREDENTIALS, request);
		expect(authenticated).toEqual({ ...request, qs: { access_token: CREDENTIALS.appAccessToken } });
		expect(authenticated.headers).toBeUndefined();
	});

	it('keeps existing query parameters on the app edge', async () => {
		const authenticated = await credential.authenticate(
			CREDENTIALS,
			deleteAppSubscriptionRequest(APP),
		);
		expect(authenticated.qs).toEqual({
			object: 'whatsapp_business_account',
			access_token: CREDENTIALS.appAccessToken,
		});
	});

	it('sends it as a Bearer token to any other edge', async () => {
		const request = {
			method: 'GET' as const,
			url: 'http://127.0.0.1:8790/v25.0/102290129340398/subscribed_apps',
			json: true,
		};
		const authenticated = await credential.authenticate(CREDENTIALS, request);
		expect(authenticated).toEqual({
			...request,
			headers: { Authorization: `Bearer ${CREDENTIALS.appAccessToken}` },
		});
	});
});
