import {
	computeSignature,
	readSignatureHeader,
	verifySignature,
} from '../../nodes/WhatsAppTrigger/signature';
import { fixtureBytes } from './support/webhook-fixtures';

const vector = JSON.parse(
	fixtureBytes('signature/inbound_text_unicode_signature.json').toString('utf8'),
) as {
	app_secret: string;
	x_hub_signature_256: string;
	wrong_signature_if_body_is_reparsed_and_restringified: string;
};
const rawBody = fixtureBytes('signature/inbound_text_unicode_raw_body.txt');

describe('verifySignature', () => {
	it('accepts the signature Meta computed over the raw, \\u-escaped bytes', () => {
		expect(verifySignature(rawBody, vector.x_hub_signature_256, vector.app_secret)).toEqual({
			valid: true,
		});
	});

	it('proves the body must not be re-serialised: the re-stringified signature is refused', () => {
		const reserialised = Buffer.from(JSON.stringify(JSON.parse(rawBody.toString('utf8'))), 'utf8');
		expect(computeSignature(reserialised, vector.app_secret)).toBe(
			vector.wrong_signature_if_body_is_reparsed_and_restringified,
		);
		expect(
			verifySignature(
				rawBody,
				vector.wrong_signature_if_body_is_reparsed_and_restringified,
				vector.app_secret,
			),
		).toEqual({ valid: false, reason: 'mismatch' });
	});

	it('refuses the right signature under another app secret', () => {
		expect(verifySignature(rawBody, vector.x_hub_signature_256, 'another_secret')).toEqual({
			valid: false,
			reason: 'mismatch',
		});
	});

	it('refuses a right signature sent with another body', () => {
		const otherBody = Buffer.from(rawBody.toString('utf8').replace('Sheena', 'Mallory'), 'utf8');
		expect(verifySignature(otherBody, vector.x_hub_signature_256, vector.app_secret)).toEqual({
			valid: false,
			reason: 'mismatch',
		});
	});

	it.each([undefined, '', '   '])('calls %p missing', (header) => {
		expect(verifySignature(rawBody, header, vector.app_secret)).toEqual({
			valid: false,
			reason: 'missing',
		});
	});

	it.each([
		['too short', vector.x_hub_signature_256.slice(0, -2)],
		['too long', `${vector.x_hub_signature_256}00`],
		['without the sha256= prefix', vector.x_hub_signature_256.slice('sha256='.length)],
		['with another algorithm', vector.x_hub_signature_256.replace('sha256=', 'sha1=')],
		['with non-hex digits', `sha256=${'z'.repeat(64)}`],
		['repeated by a proxy', `${vector.x_hub_signature_256}, ${vector.x_hub_signature_256}`],
	])('calls a signature %s malformed, without comparing', (_case, header) => {
		expect(verifySignature(rawBody, header, vector.app_secret)).toEqual({
			valid: false,
			reason: 'malformed',
		});
	});

	it('tolerates spaces around the header value and upper-case hex digits', () => {
		const upper = `sha256=${vector.x_hub_signature_256.slice('sha256='.length).toUpperCase()}`;
		expect(verifySignature(rawBody, `  ${upper}  `, vector.app_secret)).toEqual({ valid: true });
	});

	it('signs an empty body too, so an empty POST cannot skip the check', () => {
		const empty = Buffer.alloc(0);
		expect(verifySignature(empty, computeSignature(empty, 'secret'), 'secret')).toEqual({
			valid: true,
		});
		expect(verifySignature(empty, vector.x_hub_signature_256, 'secret')).toEqual({
			valid: false,
			reason: 'mismatch',
		});
	});
});

describe('readSignatureHeader', () => {
	it('finds the header whatever the case of its name', () => {
		expect(readSignatureHeader({ 'X-Hub-Signature-256': 'sha256=ab' })).toBe('sha256=ab');
		expect(
			readSignatureHeader({
				'x-hub-signature-256': 'sha256=cd',
				'content-type': 'application/json',
			}),
		).toBe('sha256=cd');
	});

	it('ignores other signature headers and non-string values', () => {
		expect(readSignatureHeader({ 'x-hub-signature': 'sha1=ab' })).toBeUndefined();
		expect(readSignatureHeader({ 'x-hub-signature-256': ['sha256=ab'] })).toBeUndefined();
		expect(readSignatureHeader({})).toBeUndefined();
	});
});
