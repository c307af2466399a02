import { answerHandshake } from '../../nodes/WhatsAppTrigger/handshake';
import { verifySignature } from '../../nodes/WhatsAppTrigger/signature';
import { computeSignature } from './support/sign';

/**
 * Secrets are compared in constant time: every comparison of a signature or a verify token goes
 * through crypto.timingSafeEqual, on inputs of a fixed length, whatever was sent. So neither where
 * the first wrong character sits nor how long the guess is changes what is compared.
 */

const comparisons: Array<[number, number]> = [];

jest.mock('crypto', () => {
	const actual = jest.requireActual<typeof import('crypto')>('crypto');
	return {
		...actual,
		timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
			comparisons.push([a.byteLength, b.byteLength]);
			return actual.timingSafeEqual(a, b);
		},
	};
});

beforeEach(() => {
	comparisons.length = 0;
});

const SCHEME = {
	header: 'X-Hub-Signature-256',
	prefix: 'sha256=',
	prefixOptional: false,
	secret: 'timing-secret',
};
const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
const right = computeSignature(body, SCHEME.secret);
const flip = (text: string, index: number) =>
	text.slice(0, index) + (text[index] === '0' ? '1' : '0') + text.slice(index + 1);

describe('verifySignature compares digests in constant time', () => {
	it.each([
		['the right signature', right, true],
		['a wrong first digit', flip(right, 7), false],
		['a wrong last digit', flip(right, right.length - 1), false],
		['upper-case digits', `sha256=${right.slice(7).toUpperCase()}`, true],
	])('%s: one 32-byte comparison', (_case, header, valid) => {
		expect(verifySignature(body, header, SCHEME).valid).toBe(valid);
		expect(comparisons).toEqual([[32, 32]]);
	});

	it('refuses a digest of another length by its form, before comparing anything', () => {
		expect(verifySignature(body, right.slice(0, -2), SCHEME)).toEqual({
			valid: false,
			reason: 'malformed',
		});
		expect(verifySignature(body, `${right}00`, SCHEME)).toEqual({
			valid: false,
			reason: 'malformed',
		});
		expect(comparisons).toEqual([]);
	});
});

describe('answerHandshake compares the verify token in constant time', () => {
	const token = 'the-verify-token';
	const query = (sent: string) => ({
		'hub.mode': 'subscribe',
		'hub.verify_token': sent,
		'hub.challenge': '7',
	});

	it.each([
		['the right token', token, true],
		['a wrong first character', `x${token.slice(1)}`, false],
		['a wrong last character', `${token.slice(0, -1)}x`, false],
		['a prefix of it', token.slice(0, 3), false],
		['a much longer guess', token.repeat(50), false],
		['an empty token', '', false],
	])('%s: one comparison of two 32-byte digests, whatever its length', (_case, sent, accepted) => {
		expect(answerHandshake(query(sent), token).accepted).toBe(accepted);
		expect(comparisons).toEqual([[32, 32]]);
	});
});
