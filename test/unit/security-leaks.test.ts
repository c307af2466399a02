/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- its tokens and secrets are made up for the sandbox */
import type { IDataObject, IHookFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';

import { computeSignature } from './support/sign';
import { WhatsAppTrigger } from '../../nodes/WhatsAppTrigger/WhatsAppTrigger.node';
import {
	TRIGGER_APP_SECRET,
	TRIGGER_VERIFY_TOKEN,
	callTrigger,
	triggerHooks,
} from './support/trigger-context';
import { type Answer, metaAccepted, runSend } from './support/send-context';

/**
 * No secret, token or full signature in anything the nodes say: answers, log lines, errors and
 * output items. Each case drives a node down a path that handles the secret, then searches
 * everything it produced for the secret's text (and for the signature's digest).
 */

/** Everything a run produced, as one text to search. */
function everything(...parts: unknown[]): string {
	return parts
		.map((part) => {
			if (part instanceof Error) {
				return JSON.stringify({
					...part,
					message: part.message,
					stack: part.stack,
					description: (part as { description?: unknown }).description,
				});
			}
			return typeof part === 'string' ? part : JSON.stringify(part);
		})
		.join('\n');
}

function expectNoSecret(text: string, secrets: string[]): void {
	for (const secret of secrets) {
		expect(text).not.toContain(secret);
	}
}

describe('WhatsApp Trigger says no secret', () => {
	const body = Buffer.from(
		JSON.stringify({
			object: 'whatsapp_business_account',
			entry: [
				{
					id: '1',
					changes: [
						{
							field: 'messages',
							value: { statuses: [{ id: 'wamid.X', status: 'sent', timestamp: '1' }] },
						},
					],
				},
			],
		}),
	);
	const rightSignature = computeSignature(body, TRIGGER_APP_SECRET);
	const forgedSignature = computeSignature(body, 'attacker-guess');
	const secrets = [
		TRIGGER_APP_SECRET,
		TRIGGER_VERIFY_TOKEN,
		rightSignature.slice(7),
		forgedSignature.slice(7),
	];

	it.each([
		['a right signature', { rawBody: body, headers: { 'x-hub-signature-256': rightSignature } }],
		['a forged signature', { rawBody: body, headers: { 'X-Hub-Signature-256': forgedSignature } }],
		[
			'a truncated signature',
			{ rawBody: body, headers: { 'x-hub-signature-256': rightSignature.slice(0, 40) } },
		],
		['no signature', { rawBody: body }],
		[
			'a right signature over a body of the wrong shape',
			{
				rawBody: Buffer.from('{"object":"page"}'),
				headers: {
					'x-hub-signature-256': computeSignature(
						Buffer.from('{"object":"page"}'),
						TRIGGER_APP_SECRET,
					),
				},
			},
		],
		[
			'a handshake with the right token',
			{
				webhookName: 'setup' as const,
				query: {
					'hub.mode': 'subscribe',
					'hub.verify_token': TRIGGER_VERIFY_TOKEN,
					'hub.challenge': '42',
				},
			},
		],
		[
			'a handshake with a wrong token',
			{
				webhookName: 'setup' as const,
				query: {
					'hub.mode': 'subscribe',
					'hub.verify_token': `${TRIGGER_VERIFY_TOKEN}x`,
					'hub.challenge': '42',
				},
			},
		],
		[
			'a credential without a secret under Require Signature',
			{
				rawBody: body,
				credentials: { verifyToken: TRIGGER_VERIFY_TOKEN },
				headers: { 'x-hub-signature-256': rightSignature },
			},
		],
		[
			'a 360dialog profile missing its secret',
			{
				rawBody: body,
				credentials: {
					verifyToken: TRIGGER_VERIFY_TOKEN,
					signatureProfile: '360dialog',
					appSecret: '',
				},
			},
		],
	])('%s: nothing in the answer, the logs or the items', async (_case, call) => {
		const answer = await callTrigger(call);
		expectNoSecret(everything(answer.response, answer.logged, answer.result), secrets);
	});

	it('activation errors and warnings name no secret', async () => {
		const withSecret = {
			verifyToken: TRIGGER_VERIFY_TOKEN,
			appSecret: TRIGGER_APP_SECRET,
			signatureProfile: 'custom',
			signatureHeaderName: 'bad header',
		};
		const failures: unknown[] = [];
		for (const credentials of [withSecret, { verifyToken: TRIGGER_VERIFY_TOKEN }]) {
			const hooks = triggerHooks({ credentials });
			await hooks.checkExists().catch((error: unknown) => failures.push(error));
			const old = triggerHooks({ typeVersion: 1, credentials });
			await old.checkExists().catch((error: unknown) => failures.push(error));
			failures.push(hooks.logged, old.logged);
		}
		expect(failures.length).toBeGreaterThan(4);
		expectNoSecret(everything(...failures), secrets);
	});

	it("Meta's refusal on registration names neither the app access token nor the app secret", async () => {
		const appAccessToken = '1234567890|app-access-token-secret-part';
		const node: INode = {
			id: 't',
			name: 'WhatsApp Trigger',
			type: 'x.whatsAppTrigger',
			typeVersion: 1.1,
			position: [0, 0],
			parameters: {},
		};
		const logged: string[] = [];
		const context = {
			getCredentials: async () => ({
				verifyToken: TRIGGER_VERIFY_TOKEN,
				appSecret: TRIGGER_APP_SECRET,
				appId: '1234567890',
				appAccessToken,
				graphBaseUrl: 'http://127.0.0.1:1',
				apiVersion: 'v25.0',
			}),
			getNodeParameter: (name: string, fallback: unknown) =>
				(({ events: ['statuses'], registration: 'app' }) as IDataObject)[name] ?? fallback,
			getNodeWebhookUrl: () => 'http://127.0.0.1:5678/webhook/abc/webhook',
			getNode: () => node,
			logger: {
				info: (line: string) => logged.push(line),
				warn: (line: string) => logged.push(line),
			},
			helpers: {
				httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) => {
					// An HTTP client's error carries the request it made, token and all.
					const error = Object.assign(
						new Error(`Request failed: ${request.url}?access_token=${appAccessToken}`),
						{
							config: { url: request.url, params: { access_token: appAccessToken } },
							response: {
								status: 400,
								data: { error: { message: '(#100) Invalid parameter', code: 100 } },
							},
						},
					);
					throw error;
				},
			},
		} as unknown as IHookFunctions;
		const failure = await new WhatsAppTrigger().webhookMethods.default.checkExists
			.call(context)
			.catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(Error);
		expectNoSecret(everything(failure, logged), [
			appAccessToken,
			'app-access-token-secret-part',
			TRIGGER_APP_SECRET,
		]);
	});
});

describe('WhatsApp Send says no access token', () => {
	const TOKEN = 'EAAG-unit-secret-token-7d1f';
	const credentials = { accessToken: TOKEN, baseUrl: 'http://127.0.0.1:8790', apiVersion: 'v25.0' };
	const items = [0, 1, 2].map((index) => ({
		operation: 'text',
		phoneNumberId: '106540352242922',
		to: `+1650555000${index}`,
		referenceId: `crm-${index}`,
		text: 'Hi',
		sendingOptions: { maxRetries: 1 },
	}));
	/** Answers that echo what a careless proxy might: the request's own headers. */
	const echoes = (request: { headers: IDataObject }): Answer => ({
		statusCode: 502,
		body: `<html>Bad gateway for ${JSON.stringify(request.headers).length} bytes</html>`,
	});
	const transport = (): Answer => ({
		throws: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8790'), {
			code: 'ECONNREFUSED',
			config: { headers: { Authorization: `Bearer ${TOKEN}` } },
		}),
	});
	const expired = (): Answer => ({
		statusCode: 401,
		body: { error: { message: 'Error validating access token', code: 190, fbtrace_id: 'x' } },
	});

	it.each([
		['accepted', (index: number) => metaAccepted(index)],
		['an HTML error page', (_index: number, request: { headers: IDataObject }) => echoes(request)],
		['connection refused', () => transport()],
		['an expired token', () => expired()],
		['HTML with status 200', () => ({ statusCode: 200, body: '<html>sign in</html>' })],
	])('%s: nothing in the output items or the error', async (_case, answer) => {
		for (const continueOnFail of [true, false]) {
			const run = await runSend({ credentials, items, continueOnFail, answer });
			expect(run.sent[0].headers.Authorization).toBe(`Bearer ${TOKEN}`);
			expectNoSecret(everything(run.output ?? null, run.error ?? null, run.logged), [TOKEN]);
		}
	});

	it('a bad Base URL is refused without repeating a query that may hold a token', async () => {
		const run = await runSend({
			credentials: { ...credentials, baseUrl: `https://graph.facebook.com?access_token=${TOKEN}` },
			items,
			answer: () => metaAccepted(0),
		});
		expect(run.error).toBeDefined();
		expectNoSecret(everything(run.error), [TOKEN]);
	});
});
