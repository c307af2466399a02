import {
	checkRequestSignature,
	readSignatureHeader,
	signatureRuleFor,
	type SignatureScheme,
	verifySignature,
} from '../../nodes/WhatsAppTrigger/signature';
import { computeSignature } from './support/sign';
import { fixtureBytes } from './support/webhook-fixtures';

const vector = JSON.parse(
	fixtureBytes('signature/inbound_text_unicode_signature.json').toString('utf8'),
) as {
	app_secret: string;
	x_hub_signature_256: string;
	wrong_signature_if_body_is_reparsed_and_restringified: string;
};
const rawBody = fixtureBytes('signature/inbound_text_unicode_raw_body.txt');
const hexOf = (signature: string) => signature.slice('sha256='.length);

const META: SignatureScheme = {
	header: 'X-Hub-Signature-256',
	prefix: 'sha256=',
	prefixOptional: false,
	secret: vector.app_secret,
};

describe('verifySignature with Meta’s scheme', () => {
	it('accepts the signature Meta computed over the raw, \\u-escaped bytes', () => {
		expect(verifySignature(rawBody, vector.x_hub_signature_256, META)).toEqual({ valid: true });
	});

	it('proves the body must not be re-serialised: the re-stringified signature is refused', () => {
		const reserialised = Buffer.from(JSON.stringify(JSON.parse(rawBody.toString('utf8'))), 'utf8');
		expect(computeSignature(reserialised, vector.app_secret)).toBe(
			vector.wrong_signature_if_body_is_reparsed_and_restringified,
		);
		expect(
			verifySignature(rawBody, vector.wrong_signature_if_body_is_reparsed_and_restringified, META),
		).toEqual({ valid: false, reason: 'mismatch' });
	});

	it('refuses the right signature under another app secret', () => {
		expect(
			verifySignature(rawBody, vector.x_hub_signature_256, { ...META, secret: 'another_secret' }),
		).toEqual({ valid: false, reason: 'mismatch' });
	});

	it('refuses a right signature sent with another body', () => {
		const otherBody = Buffer.from(rawBody.toString('utf8').replace('Sheena', 'Mallory'), 'utf8');
		expect(verifySignature(otherBody, vector.x_hub_signature_256, META)).toEqual({
			valid: false,
			reason: 'mismatch',
		});
	});

	it.each([undefined, '', '   '])('calls %p missing', (header) => {
		expect(verifySignature(rawBody, header, META)).toEqual({ valid: false, reason: 'missing' });
	});

	it.each([
		['too short', vector.x_hub_signature_256.slice(0, -2)],
		['too long', `${vector.x_hub_signature_256}00`],
		['without the sha256= prefix', hexOf(vector.x_hub_signature_256)],
		['with another algorithm', vector.x_hub_signature_256.replace('sha256=', 'sha1=')],
		['with non-hex digits', `sha256=${'z'.repeat(64)}`],
		['repeated by a proxy', `${vector.x_hub_signature_256}, ${vector.x_hub_signature_256}`],
	])('calls a signature %s malformed, without comparing', (_case, header) => {
		expect(verifySignature(rawBody, header, META)).toEqual({ valid: false, reason: 'malformed' });
	});

	it('tolerates spaces around the header value and upper-case hex digits', () => {
		const upper = `SHA256=${hexOf(vector.x_hub_signature_256).toUpperCase()}`;
		expect(verifySignature(rawBody, `  ${upper}  `, META)).toEqual({ valid: true });
	});

	it('signs an empty body too, so an empty POST cannot skip the check', () => {
		const empty = Buffer.alloc(0);
		const scheme = { ...META, secret: 'secret' };
		expect(verifySignature(empty, computeSignature(empty, 'secret'), scheme)).toEqual({
			valid: true,
		});
		expect(verifySignature(empty, vector.x_hub_signature_256, scheme)).toEqual({
			valid: false,
			reason: 'mismatch',
		});
	});
});

describe('verifySignature with an optional or custom prefix', () => {
	const optional: SignatureScheme = {
		...META,
		header: 'x-360dialog-signature',
		prefixOptional: true,
	};

	it('takes a bare hex digest and one after sha256= where the prefix is optional', () => {
		expect(verifySignature(rawBody, hexOf(vector.x_hub_signature_256), optional)).toEqual({
			valid: true,
		});
		expect(verifySignature(rawBody, vector.x_hub_signature_256, optional)).toEqual({ valid: true });
		expect(verifySignature(rawBody, `sha1=${hexOf(vector.x_hub_signature_256)}`, optional)).toEqual(
			{
				valid: false,
				reason: 'malformed',
			},
		);
	});

	it('requires a custom prefix exactly, and an empty prefix means the digest alone', () => {
		const custom: SignatureScheme = {
			header: 'X-Signature',
			prefix: 'v1,',
			prefixOptional: false,
			secret: 's',
		};
		expect(verifySignature(rawBody, computeSignature(rawBody, 's', 'v1,'), custom)).toEqual({
			valid: true,
		});
		expect(verifySignature(rawBody, computeSignature(rawBody, 's', ''), custom)).toEqual({
			valid: false,
			reason: 'malformed',
		});
		const bare = { ...custom, prefix: '' };
		expect(verifySignature(rawBody, computeSignature(rawBody, 's', ''), bare)).toEqual({
			valid: true,
		});
		expect(verifySignature(rawBody, computeSignature(rawBody, 'other', ''), bare)).toEqual({
			valid: false,
			reason: 'mismatch',
		});
	});
});

describe('readSignatureHeader', () => {
	it('finds the named header whatever the case of its name', () => {
		expect(readSignatureHeader({ 'X-Hub-Signature-256': 'sha256=ab' }, 'x-hub-signature-256')).toBe(
			'sha256=ab',
		);
		expect(
			readSignatureHeader(
				{ 'x-360dialog-signature': 'cd', 'content-type': 'application/json' },
				'X-360dialog-Signature',
			),
		).toBe('cd');
	});

	it('ignores other headers and non-string values', () => {
		expect(
			readSignatureHeader({ 'x-hub-signature': 'sha1=ab' }, 'X-Hub-Signature-256'),
		).toBeUndefined();
		expect(
			readSignatureHeader({ 'x-hub-signature-256': ['sha256=ab'] }, 'X-Hub-Signature-256'),
		).toBeUndefined();
		expect(readSignatureHeader({}, 'X-Hub-Signature-256')).toBeUndefined();
	});
});

describe('signatureRuleFor: the profiles of the WhatsApp Webhook credential', () => {
	it('reads a credential without a profile as Meta, and Meta without an app secret as no check', () => {
		expect(signatureRuleFor({ appSecret: 's' })).toEqual({
			check: 'hmac',
			scheme: {
				header: 'X-Hub-Signature-256',
				prefix: 'sha256=',
				prefixOptional: false,
				secret: 's',
			},
		});
		expect(signatureRuleFor({ signatureProfile: 'meta', appSecret: '' })).toEqual({
			check: 'none',
		});
		expect(signatureRuleFor({})).toEqual({ check: 'none' });
	});

	it('maps 360dialog, custom and none', () => {
		expect(signatureRuleFor({ signatureProfile: '360dialog', appSecret: 'platform' })).toEqual({
			check: 'hmac',
			scheme: {
				header: 'x-360dialog-signature',
				prefix: 'sha256=',
				prefixOptional: true,
				secret: 'platform',
			},
		});
		expect(
			signatureRuleFor({
				signatureProfile: 'custom',
				signatureHeaderName: ' X-Signature ',
				signaturePrefix: ' hmac= ',
				appSecret: 's',
			}),
		).toEqual({
			check: 'hmac',
			scheme: { header: 'X-Signature', prefix: 'hmac=', prefixOptional: false, secret: 's' },
		});
		expect(signatureRuleFor({ signatureProfile: 'none', appSecret: 's' })).toEqual({
			check: 'none',
		});
	});

	it.each([
		[
			'360dialog without a secret',
			{ signatureProfile: '360dialog', appSecret: '' },
			/needs the platform secret/,
		],
		[
			'custom without a header',
			{ signatureProfile: 'custom', appSecret: 's' },
			/needs a header name/,
		],
		[
			'custom with a header name that is none',
			{ signatureProfile: 'custom', signatureHeaderName: 'X Sig', appSecret: 's' },
			/needs a header name/,
		],
		[
			'custom without a secret',
			{ signatureProfile: 'custom', signatureHeaderName: 'X-Sig', appSecret: '' },
			/needs the signing secret/,
		],
		[
			'an unknown profile',
			{ signatureProfile: 'hmac', appSecret: 's' },
			/not one of meta, 360dialog, custom, none/,
		],
	])('calls %s invalid instead of letting posts through', (_case, credentials, problem) => {
		const rule = signatureRuleFor(credentials);
		expect(rule.check).toBe('invalid');
		expect(rule.check === 'invalid' && rule.problem).toMatch(problem);
	});
});

describe('checkRequestSignature: right, wrong and missing signature per profile', () => {
	const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}', 'utf8');
	const profiles = [
		{
			name: 'meta',
			credentials: { signatureProfile: 'meta', appSecret: 'app-secret' },
			header: 'x-hub-signature-256',
			sign: (bytes: Buffer, secret: string) => computeSignature(bytes, secret),
			displayed: 'X-Hub-Signature-256',
		},
		{
			name: '360dialog',
			credentials: { signatureProfile: '360dialog', appSecret: 'app-secret' },
			header: 'x-360dialog-signature',
			sign: (bytes: Buffer, secret: string) => computeSignature(bytes, secret, ''),
			displayed: 'x-360dialog-signature',
		},
		{
			name: 'custom',
			credentials: {
				signatureProfile: 'custom',
				signatureHeaderName: 'X-Provider-Signature',
				signaturePrefix: 'sha256=',
				appSecret: 'app-secret',
			},
			header: 'x-provider-signature',
			sign: (bytes: Buffer, secret: string) => computeSignature(bytes, secret),
			displayed: 'X-Provider-Signature',
		},
	];

	it.each(profiles)('$name: accepts the right signature', ({ credentials, header, sign }) => {
		expect(
			checkRequestSignature(credentials, { [header]: sign(body, 'app-secret') }, body),
		).toEqual({
			accepted: true,
		});
	});

	it.each(profiles)(
		'$name: refuses a signature made with another secret',
		({ credentials, header, sign, displayed }) => {
			const result = checkRequestSignature(credentials, { [header]: sign(body, 'wrong') }, body);
			expect(result).toEqual({ accepted: false, reason: `${displayed} does not match the body` });
		},
	);

	it.each(profiles)(
		'$name: refuses a post without the header, naming it',
		({ credentials, displayed }) => {
			const result = checkRequestSignature(credentials, { 'x-other-signature': 'sha256=00' }, body);
			expect(result).toEqual({ accepted: false, reason: `Missing ${displayed} header` });
		},
	);

	it('says which form a malformed signature should have', () => {
		expect(
			checkRequestSignature(profiles[0].credentials, { 'x-hub-signature-256': 'abc' }, body),
		).toEqual({
			accepted: false,
			reason: 'X-Hub-Signature-256 is not sha256=<64 hex digits>',
		});
		expect(
			checkRequestSignature(profiles[1].credentials, { 'x-360dialog-signature': 'abc' }, body),
		).toEqual({
			accepted: false,
			reason: 'x-360dialog-signature is not [sha256=]<64 hex digits>',
		});
	});

	it('none accepts every post, signed or not', () => {
		expect(checkRequestSignature({ signatureProfile: 'none' }, {}, body)).toEqual({
			accepted: true,
		});
	});

	it('an invalid profile refuses every post with the reason, never the secret', () => {
		const result = checkRequestSignature(
			{ signatureProfile: 'custom', appSecret: 'top-secret' },
			{},
			body,
		);
		expect(result).toEqual({
			accepted: false,
			reason: expect.stringMatching(/needs a header name/),
		});
		expect(JSON.stringify(result)).not.toContain('top-secret');
	});
});
