/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import type { ICredentialDataDecryptedObject, IDataObject, NodeEgressFilter } from 'n8n-workflow';

import { WhatsAppCloudApi } from '../../credentials/WhatsAppCloudApi.credentials';
import { READY_PROFILES, type ReadyProviderName } from '../../nodes/shared/providers';
import { metaAccepted, runSend } from './support/send-context';

const REUSE = 'reuseConnections';

const textItem = (index: number, sendingOptions: IDataObject = {}): IDataObject => ({
	operation: 'text',
	phoneNumberId: '106540352242922',
	to: `+1650555${String(index).padStart(4, '0')}`,
	referenceId: `crm-${index}`,
	text: 'Hello',
	sendingOptions: { messagesPerSecond: 0, ...sendingOptions },
});

const errorOf = (json: IDataObject | undefined) => json?.error as IDataObject | undefined;

describe('Reuse Connections sends the credential’s header exactly as n8n’s helper does', () => {
	const credentialsOf: Array<[string, IDataObject]> = [
		...(Object.keys(READY_PROFILES) as ReadyProviderName[]).map(
			(provider): [string, IDataObject] => [
				provider,
				{ provider, accessToken: `${provider}-key`, baseUrl: 'https://api.example.test' },
			],
		),
		[
			'custom',
			{
				provider: 'custom',
				accessToken: 'custom-key',
				baseUrl: 'https://api.example.test',
				sendPath: '/api/{phoneNumberId}/send',
				authHeaderName: 'X-Api-Key',
				authHeaderValue: 'Key {token}',
			},
		],
	];

	it.each(credentialsOf)('%s', async (_provider, credentials) => {
		const withVersion = { apiVersion: 'v25.0', ...credentials };
		const helper = await new WhatsAppCloudApi().authenticate(
			withVersion as ICredentialDataDecryptedObject,
			{ url: '', headers: {} },
		);
		const run = await runSend({
			credentials: withVersion,
			items: [textItem(0)],
			answer: metaAccepted,
			connection: REUSE,
		});
		expect(run.error).toBeUndefined();
		// The stand-in server records the credential's header under the profile's spelling of its name.
		expect(run.sent.map((request) => request.headers)).toEqual([helper.headers]);
	});
});

describe('Reuse Connections keeps what n8n’s helper gives', () => {
	it('follows no redirect: a 302 is the answer, and the item fails with it', async () => {
		const run = await runSend({
			credentials: { accessToken: 't', baseUrl: 'https://api.example.test', apiVersion: 'v25.0' },
			items: [textItem(0)],
			answer: () => ({
				statusCode: 302,
				body: '',
				headers: { location: 'https://elsewhere.example.test/steal' },
			}),
			connection: REUSE,
			continueOnFail: true,
		});
		expect(run.sent).toHaveLength(1);
		expect(errorOf(run.output?.[0].json)?.httpStatus).toBe(302);
	});

	it('asks n8n’s outbound network policy before any request, once per address, and sends nothing it refuses', async () => {
		const asked: string[] = [];
		const refusing: NodeEgressFilter = {
			validateUrl: async (url) => {
				asked.push(String(url));
				return {
					ok: false,
					error: new Error(
						'The request was blocked because it resolves to a restricted IP address',
					),
				} as Awaited<ReturnType<NodeEgressFilter['validateUrl']>>;
			},
			validateConnectionHost: () => ({ ok: true, result: undefined }),
			createSecureLookup: () => {
				throw new Error('not used');
			},
			validateRedirectSync: () => undefined,
		};
		const run = await runSend({
			credentials: { accessToken: 't', baseUrl: 'https://10.0.0.8', apiVersion: 'v25.0' },
			items: [textItem(0), textItem(1)],
			answer: metaAccepted,
			connection: REUSE,
			continueOnFail: true,
			egressFilter: refusing,
		});
		expect(run.sent).toEqual([]);
		expect(asked).toEqual(['https://10.0.0.8/v25.0/106540352242922/messages']);
		for (const item of run.output ?? []) {
			expect(String(errorOf(item.json)?.message)).toContain(
				"n8n's outbound network policy refused 10.0.0.8, so nothing was sent",
			);
		}
	});

	it('times a request out as the helper does, not sent again, and leaves no timer behind', async () => {
		const timersBefore = process
			.getActiveResourcesInfo()
			.filter((name) => name === 'Timeout').length;
		const run = await runSend({
			credentials: { accessToken: 't', baseUrl: 'https://api.example.test', apiVersion: 'v25.0' },
			items: [textItem(0, { requestTimeout: 1000 })],
			answer: () => ({ hang: true }),
			connection: REUSE,
			continueOnFail: true,
		});
		const error = errorOf(run.output?.[0].json);
		expect(error?.message).toBe('The request failed before an answer came back (ECONNABORTED)');
		expect(run.sent).toHaveLength(1);
		expect(
			process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length,
		).toBeLessThanOrEqual(timersBefore);
		expect(run.connections?.keptOpenWhenRunEnded).toBe(0);
	});
});

describe('Reuse Connections reuses connections and closes all but a few when the run ends', () => {
	it.each([
		['20 parallel requests', 20],
		['5 parallel requests', 5],
		['1 request at a time', 1],
	])('300 messages, %s', async (_case, maxConcurrency) => {
		const run = await runSend({
			credentials: { accessToken: 't', baseUrl: 'https://api.example.test', apiVersion: 'v25.0' },
			items: Array.from({ length: 300 }, (_, index) => textItem(index, { maxConcurrency })),
			answer: metaAccepted,
			connection: REUSE,
		});
		expect(run.error).toBeUndefined();
		expect(run.output).toHaveLength(300);
		expect(run.connections?.opened).toBeLessThan(300 / 2);
		// Each worker closes its connection with its last request; Node's pool now and then opens a
		// second one while the first is being released, which then idles out by itself (README,
		// Performance): a few, never one per request.
		expect(run.connections?.keptOpenWhenRunEnded).toBeLessThan(
			Math.max(2, Number(maxConcurrency) / 4),
		);
	});
});
