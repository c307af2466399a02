/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
	DEFAULT_RETRY_SETTINGS,
	decideRetry,
	parseRetryAfter,
} from '../../nodes/WhatsAppSend/retry-policy';
import { classifyMetaError, hintFor, parseMetaError } from '../../nodes/shared/meta-errors';

const fixture = (name: string) =>
	JSON.parse(readFileSync(join(__dirname, '../fixtures/api', name), 'utf8'));

describe('parseMetaError', () => {
	it("reads Meta's throughput error, sent as HTTP 400", () => {
		const error = parseMetaError(fixture('error_130429_meta.json'), 400);
		expect(error).toMatchObject({
			code: 130429,
			httpStatus: 400,
			title: 'Rate limit hit',
			fbtraceId: expect.any(String),
		});
		expect(classifyMetaError(error)).toBe('throughput');
	});

	it('reads an expired token and gives the fix', () => {
		const error = parseMetaError(fixture('error_190_graph.json'), 401);
		expect(error.code).toBe(190);
		expect(classifyMetaError(error)).toBe('permanent');
		expect(hintFor(error)).toMatch(/update the WhatsApp Cloud API credential/);
	});

	it('reads the 24-hour window error with its details', () => {
		const error = parseMetaError(fixture('error_131047_kapso.json'), 400);
		expect(error.code).toBe(131047);
		expect(error.details).toEqual(expect.any(String));
		expect(hintFor(error)).toMatch(/template/);
	});

	it('describes an HTML or empty answer instead of failing on it', () => {
		expect(parseMetaError('<html><body>Bad Gateway</body></html>', 502).message).toMatch(
			/HTTP 502 with a body that is not Meta's JSON: "<html><body>Bad Gateway/,
		);
		expect(parseMetaError('', 500).message).toBe('The API answered HTTP 500 with an empty body');
		expect(classifyMetaError(parseMetaError('', 503))).toBe('transient');
		expect(classifyMetaError(parseMetaError('', 429))).toBe('throughput');
	});

	it.each([
		[4, 'throughput'],
		[80007, 'throughput'],
		[130429, 'throughput'],
		[131056, 'pairRateLimit'],
		[131000, 'transient'],
		[133004, 'transient'],
		[131049, 'permanent'],
		[131026, 'permanent'],
		[100, 'permanent'],
	])('code %i is %s, whatever the HTTP status', (code, expected) => {
		expect(
			classifyMetaError(parseMetaError({ error: { code, message: `(#${code}) x` } }, 400)),
		).toBe(expected);
	});
});

describe('decideRetry', () => {
	it('backs off exponentially with jitter, capped, and honours Retry-After', () => {
		const delays = [0, 1, 2, 3].map((retries) =>
			decideRetry({ failureClass: 'throughput' }, retries, DEFAULT_RETRY_SETTINGS, 1),
		);
		expect(delays).toEqual(
			[500, 1000, 2000, 4000].map((delayMs) => ({ retry: true, delayMs, holdRecipient: false })),
		);
		expect(
			decideRetry(
				{ failureClass: 'throughput' },
				20,
				{ ...DEFAULT_RETRY_SETTINGS, maxRetries: 30 },
				1,
			),
		).toMatchObject({ delayMs: 30_000 });
		expect(
			decideRetry({ failureClass: 'throughput', retryAfterMs: 7000 }, 0, DEFAULT_RETRY_SETTINGS, 0),
		).toMatchObject({ delayMs: 7000 });
	});

	it("waits Meta's 4^n seconds for the pair rate limit, holding the recipient", () => {
		expect(
			[0, 1, 2, 3].map((retries) =>
				decideRetry({ failureClass: 'pairRateLimit' }, retries, DEFAULT_RETRY_SETTINGS, 0.3),
			),
		).toEqual(
			[1000, 4000, 16000, 64000].map((delayMs) => ({ retry: true, delayMs, holdRecipient: true })),
		);
	});

	it("caps the pair rate limit wait at 64 s, the last step of Meta's advice, however many retries are allowed", () => {
		const settings = { ...DEFAULT_RETRY_SETTINGS, maxRetries: 10 };
		const delays = [4, 5, 9].map((retries) =>
			decideRetry({ failureClass: 'pairRateLimit' }, retries, settings, 0.3),
		);
		expect(delays).toEqual(
			[64000, 64000, 64000].map((delayMs) => ({ retry: true, delayMs, holdRecipient: true })),
		);
	});

	it('stops at the retry budget', () => {
		expect(decideRetry({ failureClass: 'transient' }, 5, DEFAULT_RETRY_SETTINGS, 0)).toEqual({
			retry: false,
		});
	});

	it('parses Retry-After as seconds or a date', () => {
		expect(parseRetryAfter('3', 0)).toBe(3000);
		expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
		expect(parseRetryAfter(undefined, 0)).toBeUndefined();
	});
});
