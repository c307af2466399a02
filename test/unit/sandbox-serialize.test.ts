/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { metaJson } from '../../sandbox/serialize';
import { signatureHeaders } from '../../sandbox/webhook-sender';
import vector from '../fixtures/sandbox/inbound_text_unicode_signature.json';

const rawBody = readFileSync(join(__dirname, '../fixtures/sandbox', vector.raw_body_file));

describe('sandbox Meta serialisation', () => {
	it('writes a parsed body back byte for byte as Meta sent it', () => {
		expect(Buffer.from(metaJson(JSON.parse(rawBody.toString('utf8'))), 'utf8')).toEqual(rawBody);
	});

	it('escapes non-ASCII as lowercase \\uXXXX, astral characters as surrogate pairs', () => {
		expect(metaJson({ t: 'Café äöå 😀 ©' })).toBe(
			'{"t":"Caf\\u00e9 \\u00e4\\u00f6\\u00e5 \\ud83d\\ude00 \\u00a9"}',
		);
		expect(metaJson({ a: [1, true, null], b: 'x"y\n' })).toBe('{"a":[1,true,null],"b":"x\\"y\\n"}');
	});

	it('signs the bytes it sends with the fixture vector', () => {
		const headers = signatureHeaders(vector.app_secret, rawBody);
		expect(headers['X-Hub-Signature-256']).toBe(vector.x_hub_signature_256);
		expect(headers['X-Hub-Signature']).toBe(
			`sha1=${createHmac('sha1', vector.app_secret).update(rawBody).digest('hex')}`,
		);
	});
});
