import type { IHookFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { parseMetaError, parseRequestFailure } from '../../nodes/shared/meta-errors';
import { CLOUD_API_CREDENTIAL, graphRequest } from '../../nodes/shared/transport';
import { answerAsN8n } from './support/n8n-http';
import { triggerNode } from './support/trigger-context';

/** The one Graph client both nodes use, with the Trigger's registration calls as the cases. */

const WEBHOOK_CREDENTIAL = 'whatsAppWebhookApi';
const APP_TOKEN = '1234567890|app-secret-token';
const SUBSCRIPTIONS = 'http://127.0.0.1:8790/v25.0/1234567890/subscriptions';
const metaBody = {
	error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100 },
};
/** What an HTTP client's error carries of its request: the URL and the token in the query. */
const request = { url: SUBSCRIPTIONS, params: { access_token: APP_TOKEN } };

describe('parseRequestFailure: a Graph call that threw', () => {
	it("takes the status and Meta's message from an HTTP client error", () => {
		const failure = parseRequestFailure({
			message: 'Request failed',
			config: request,
			response: { status: 400, data: metaBody },
		});
		expect(failure).toMatchObject({
			code: 100,
			httpStatus: 400,
			message: '(#100) Invalid parameter',
		});
	});

	it('looks inside the error n8n wraps the HTTP client error in', () => {
		const failure = parseRequestFailure({
			message: 'Bad request',
			httpCode: '400',
			cause: { config: request, response: { status: 400, body: metaBody } },
		});
		expect(failure).toMatchObject({
			code: 100,
			httpStatus: 400,
			message: '(#100) Invalid parameter',
		});
	});

	it('gives the transport’s reason when no answer came: the description, else the message', () => {
		expect(
			parseRequestFailure({ description: 'connect ECONNREFUSED', message: 'x', config: request }),
		).toMatchObject({ code: null, httpStatus: null, message: 'connect ECONNREFUSED' });
		expect(parseRequestFailure(new Error('socket hang up'))).toMatchObject({
			httpStatus: null,
			message: 'socket hang up',
		});
		expect(parseRequestFailure('odd')).toMatchObject({ httpStatus: null, message: 'no details' });
	});

	it('says what an answer without Meta’s error object was, and never repeats the request', () => {
		const failure = parseRequestFailure({
			message: `Request failed: ${SUBSCRIPTIONS}?access_token=${APP_TOKEN}`,
			config: request,
			response: { status: 500 },
		});
		expect(failure.message).toBe('The API answered HTTP 500 with an empty body');
		expect(JSON.stringify(failure)).not.toContain(APP_TOKEN);
	});
});

describe('graphRequest in a Trigger hook', () => {
	function hookContext(answer: () => unknown) {
		const calls: Array<{ credentialType: string; request: IHttpRequestOptions }> = [];
		let credentialReads = 0;
		const context = {
			getNode: () => triggerNode(1.1),
			getCredentials: async () => {
				credentialReads += 1;
				return { appId: '1234567890', appAccessToken: APP_TOKEN };
			},
			helpers: {
				httpRequestWithAuthentication: async (
					credentialType: string,
					options: IHttpRequestOptions,
				) => {
					calls.push({ credentialType, request: options });
					return await answerAsN8n(options, answer);
				},
			},
		} as unknown as IHookFunctions;
		return { context, calls, credentialReads: () => credentialReads };
	}

	it('signs with the credential it is given, read once per context', async () => {
		const hook = hookContext(() => ({ data: [] }));
		const list = { method: 'GET' as const, url: SUBSCRIPTIONS };
		await graphRequest.call(hook.context, list, WEBHOOK_CREDENTIAL);
		await graphRequest.call(hook.context, list, WEBHOOK_CREDENTIAL);
		await graphRequest.call(hook.context, list);
		expect(hook.calls.map((call) => call.credentialType)).toEqual([
			WEBHOOK_CREDENTIAL,
			WEBHOOK_CREDENTIAL,
			CLOUD_API_CREDENTIAL,
		]);
		expect(hook.credentialReads()).toBe(2);
	});

	it('gives Meta’s refusal back as an answer, for the one Meta error parser', async () => {
		const hook = hookContext(() => {
			throw {
				message: 'Request failed with status code 400',
				response: { status: 400, data: metaBody },
			};
		});
		const response = await graphRequest.call(
			hook.context,
			{ method: 'POST', url: SUBSCRIPTIONS, body: { object: 'whatsapp_business_account' } },
			WEBHOOK_CREDENTIAL,
		);
		expect(hook.calls[0].request).toMatchObject({
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		});
		expect(response.statusCode).toBe(400);
		expect(parseMetaError(response.body, response.statusCode)).toMatchObject({
			code: 100,
			message: '(#100) Invalid parameter',
		});
	});
});
