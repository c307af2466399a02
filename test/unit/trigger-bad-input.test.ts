import {
	MAX_BODY_BYTES,
	MAX_BODY_DEPTH,
	parseEnvelope,
} from '../../nodes/WhatsAppTrigger/envelope';
import { computeSignature } from './support/sign';
import type { StatusItem } from '../../nodes/shared/webhook-types';
import {
	TRIGGER_APP_SECRET,
	type TriggerCall,
	callTrigger,
	triggerDescription,
	triggerHooks,
} from './support/trigger-context';

/**
 * The WhatsApp Trigger under bad and unusual input, through its webhook() as n8n calls it. The
 * shape rules themselves are unit-tested in trigger-envelope.test.ts; here: what the node answers.
 */

type Json = Record<string, unknown>;

function status(index: number, extra: Json = {}): Json {
	return {
		id: `wamid.BAD${index}`,
		status: 'delivered',
		timestamp: String(1750030000 + index),
		recipient_id: '16505551234',
		biz_opaque_callback_data: `crm-${index}`,
		...extra,
	};
}

function statusesBody(statuses: unknown[], extra: Json = {}): Json {
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: '102290129340398',
				changes: [
					{
						field: 'messages',
						value: {
							messaging_product: 'whatsapp',
							metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
							statuses,
						},
					},
				],
			},
		],
		...extra,
	};
}

function signed(raw: Buffer | string, extra: TriggerCall = {}): TriggerCall {
	const rawBody = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8');
	return {
		rawBody,
		headers: { 'x-hub-signature-256': computeSignature(rawBody, TRIGGER_APP_SECRET) },
		...extra,
	};
}

const bytesOf = (body: unknown) => Buffer.from(JSON.stringify(body), 'utf8');

function itemsOf(answer: Awaited<ReturnType<typeof callTrigger>>): StatusItem[] {
	return (answer.result.workflowData?.[0] ?? []).map((item) => item.json as unknown as StatusItem);
}

describe('Trigger bodies that are empty or not JSON', () => {
	it.each([
		['no body at all', undefined],
		['an empty body', Buffer.alloc(0)],
		['whitespace', Buffer.from('  \n')],
		['form data', Buffer.from('hub.mode=subscribe&x=1')],
		['a byte-order mark and garbage', Buffer.from('\ufeff{', 'utf8')],
		['binary', Buffer.from([0xff, 0xfe, 0x00, 0x01])],
	])('answers %s, correctly signed, with 400 and starts nothing', async (_case, rawBody) => {
		const call = signed(rawBody ?? Buffer.alloc(0));
		const answer = await callTrigger(
			rawBody === undefined ? { ...call, rawBody: undefined } : call,
		);
		expect(answer.response).toEqual({
			statusCode: 400,
			contentType: 'text/plain',
			body: 'Body is not valid JSON',
		});
		expect(answer.result).toEqual({ noWebhookResponse: true });
	});

	it('checks the signature before reading the body: an unsigned empty post is 401, not 400', async () => {
		const answer = await callTrigger({ rawBody: Buffer.alloc(0) });
		expect(answer.response.statusCode).toBe(401);
	});
});

describe('Trigger bodies of the wrong shape: 400 naming the first problem', () => {
	it.each([
		['JSON that is a string', '"hello"', 'Body is not a JSON object'],
		['no entry', { object: 'whatsapp_business_account' }, 'entry is not an array'],
		[
			'changes not an array',
			{ object: 'whatsapp_business_account', entry: [{ id: '1', changes: {} }] },
			'entry[0].changes is not an array',
		],
		[
			'statuses not an array',
			statusesBody({} as unknown as unknown[]),
			'entry[0].changes[0].value.statuses is not an array',
		],
		[
			'a status without id',
			statusesBody([status(0), { status: 'read' }]),
			'entry[0].changes[0].value.statuses[1] needs a string id and status',
		],
		[
			'a status with a numeric id',
			statusesBody([status(0, { id: 42 })]),
			'entry[0].changes[0].value.statuses[0] needs a string id and status',
		],
		[
			'a status that is null',
			statusesBody([null]),
			'entry[0].changes[0].value.statuses[0] needs a string id and status',
		],
	])('%s', async (_case, body, reason) => {
		const answer = await callTrigger(signed(typeof body === 'string' ? body : bytesOf(body)));
		expect(answer.response).toEqual({ statusCode: 400, contentType: 'text/plain', body: reason });
		expect(answer.result.workflowData).toBeUndefined();
		expect(answer.logged).toEqual([`WhatsApp Trigger answered 400: ${reason}`]);
	});
});

describe('Trigger bodies as large as Meta sends, and far larger', () => {
	/** A batch of `count` statuses padded with an unknown field to about `bytes` in all. */
	function batch(count: number, bytes: number): Buffer {
		const skeleton = bytesOf(
			statusesBody(Array.from({ length: count }, (_, index) => status(index, { pad: '' }))),
		).length;
		const padding = Math.max(0, Math.floor((bytes - skeleton) / count));
		return bytesOf(
			statusesBody(
				Array.from({ length: count }, (_, index) => status(index, { pad: 'x'.repeat(padding) })),
			),
		);
	}

	it("takes Meta's largest batch, 1,000 updates in 3 MB, as 1,000 items in well under a second", async () => {
		const rawBody = batch(1000, 3 * 1024 * 1024);
		expect(rawBody.length).toBeGreaterThan(3 * 1024 * 1024 - 1000);
		const started = Date.now();
		const answer = await callTrigger(signed(rawBody));
		const elapsedMs = Date.now() - started;
		const items = itemsOf(answer);
		expect(items).toHaveLength(1000);
		expect(items.map((item) => item.referenceId)).toEqual(
			Array.from({ length: 1000 }, (_, index) => `crm-${index}`),
		);
		expect(elapsedMs).toBeLessThan(1000);
	});

	it(`refuses a body over ${MAX_BODY_BYTES / 1024 / 1024} MB with 413 before checking or reading it`, async () => {
		const rawBody = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
		const unsigned = await callTrigger({ rawBody });
		expect(unsigned.response).toEqual({
			statusCode: 413,
			contentType: 'text/plain',
			body: `Body is ${MAX_BODY_BYTES + 1} bytes; WhatsApp Trigger takes at most ${MAX_BODY_BYTES} (Meta sends at most 3 MB)`,
		});
		expect((await callTrigger(signed(rawBody))).response.statusCode).toBe(413);
	});

	it('takes a body of exactly the limit as far as the JSON check', async () => {
		const answer = await callTrigger(signed(Buffer.alloc(MAX_BODY_BYTES, 0x20)));
		expect(answer.response.statusCode).toBe(400);
	});
});

describe('Trigger bodies nested deeply', () => {
	const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

	it('passes a status carrying a nested unknown field of moderate depth through in raw', async () => {
		const body = statusesBody([status(0, { future: JSON.parse(nested(40)) })]);
		const [item] = itemsOf(await callTrigger(signed(bytesOf(body))));
		expect(item.raw?.future).toEqual(JSON.parse(nested(40)));
	});

	it(`refuses a body nested deeper than ${MAX_BODY_DEPTH} levels with 400, without overflowing the stack`, async () => {
		for (const depth of [100, 100_000]) {
			const raw = `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"statuses":[{"id":"w","status":"sent","x":${nested(depth)}}]}}]}]}`;
			const answer = await callTrigger(signed(raw));
			expect(answer.response).toMatchObject({
				statusCode: 400,
				body: `Body is nested deeper than ${MAX_BODY_DEPTH} levels`,
			});
		}
		expect(parseEnvelope(Buffer.from('['.repeat(200_000) + ']'.repeat(200_000)))).toEqual({
			ok: false,
			reason: 'Body is not a JSON object',
		});
	});
});

describe('Trigger bodies with fields Meta may add later', () => {
	it('passes unknown keys at every level through, and the status keeps them in raw', async () => {
		const body = statusesBody(
			[
				status(0, {
					new_status_field: { nested: [1, 2] },
					pricing: { billable: false, new_key: 'x' },
				}),
			],
			{
				new_top_level: true,
			},
		);
		const typed = body as { entry: Array<Json & { changes: Array<Json & { value: Json }> }> };
		typed.entry[0].new_entry_field = 'e';
		typed.entry[0].changes[0].new_change_field = 'c';
		typed.entry[0].changes[0].value.new_value_field = ['v'];
		const [item] = itemsOf(await callTrigger(signed(bytesOf(body))));
		expect(item).toMatchObject({
			status: 'delivered',
			referenceId: 'crm-0',
			pricing: { billable: false, new_key: 'x' },
			raw: expect.objectContaining({ new_status_field: { nested: [1, 2] } }),
		});
	});

	it('passes a status value Meta has not announced yet through unchanged', async () => {
		const [item] = itemsOf(
			await callTrigger(signed(bytesOf(statusesBody([status(0, { status: 'deleted' })])))),
		);
		expect(item).toMatchObject({ status: 'deleted', eventId: 'wamid.BAD0:deleted:1750030000' });
	});
});

describe('Trigger timestamps as strings or numbers', () => {
	it.each([
		[
			'a string (Meta)',
			'1750030073',
			'2025-06-15T23:27:53.000Z',
			'wamid.BAD0:delivered:1750030073',
		],
		[
			'a number (some providers)',
			1750030073,
			'2025-06-15T23:27:53.000Z',
			'wamid.BAD0:delivered:1750030073',
		],
		[
			'a string with spaces',
			' 1750030073 ',
			'2025-06-15T23:27:53.000Z',
			'wamid.BAD0:delivered: 1750030073 ',
		],
		[
			'fractional seconds',
			'1750030073.5',
			'2025-06-15T23:27:53.500Z',
			'wamid.BAD0:delivered:1750030073.5',
		],
		['text that is no time', 'yesterday', null, 'wamid.BAD0:delivered:yesterday'],
		['missing', undefined, null, 'wamid.BAD0:delivered:'],
	])('%s', async (_case, timestamp, iso, eventId) => {
		const body = statusesBody([{ ...status(0), timestamp }]);
		const [item] = itemsOf(await callTrigger(signed(bytesOf(body))));
		expect(item.timestamp).toBe(iso);
		expect(item.eventId).toBe(eventId);
	});

	it('gives the same eventId to a retry of the same status, so duplicates can be dropped', async () => {
		const body = bytesOf(statusesBody([status(7)]));
		const first = itemsOf(await callTrigger(signed(body)));
		const again = itemsOf(await callTrigger(signed(body)));
		expect(again.map((item) => item.eventId)).toEqual(first.map((item) => item.eventId));
	});
});

describe('Trigger signature headers in other cases and with extra spaces', () => {
	const raw = bytesOf(statusesBody([status(0)]));
	const signature = computeSignature(raw, TRIGGER_APP_SECRET);
	const hex = signature.slice('sha256='.length);

	it.each([
		['lower-case name', { 'x-hub-signature-256': signature }],
		["Meta's spelling", { 'X-Hub-Signature-256': signature }],
		['upper-case name', { 'X-HUB-SIGNATURE-256': signature }],
		['spaces around the value', { 'x-hub-signature-256': `  ${signature}\t` }],
		['upper-case prefix and digits', { 'x-hub-signature-256': `SHA256=${hex.toUpperCase()}` }],
		[
			'the SHA-1 header beside it',
			{ 'x-hub-signature': 'sha1=0000', 'x-hub-signature-256': signature },
		],
	])('accepts %s', async (_case, headers) => {
		expect(itemsOf(await callTrigger({ rawBody: raw, headers }))).toHaveLength(1);
	});

	it.each([
		[
			'a space inside the value',
			{ 'x-hub-signature-256': `sha256= ${hex}` },
			'X-Hub-Signature-256 is not sha256=<64 hex digits>',
		],
		[
			'no prefix',
			{ 'x-hub-signature-256': hex },
			'X-Hub-Signature-256 is not sha256=<64 hex digits>',
		],
		[
			'the header twice (joined by a comma)',
			{ 'x-hub-signature-256': `${signature}, ${signature}` },
			'X-Hub-Signature-256 is not sha256=<64 hex digits>',
		],
		[
			'the header as an array',
			{ 'x-hub-signature-256': [signature] },
			'Missing X-Hub-Signature-256 header',
		],
		[
			'only the SHA-1 header',
			{ 'x-hub-signature': 'sha1=0000' },
			'Missing X-Hub-Signature-256 header',
		],
		[
			'a digest one character short',
			{ 'x-hub-signature-256': signature.slice(0, -1) },
			'X-Hub-Signature-256 is not sha256=<64 hex digits>',
		],
		[
			'another body’s digest',
			{ 'x-hub-signature-256': computeSignature(Buffer.from('{}'), TRIGGER_APP_SECRET) },
			'X-Hub-Signature-256 does not match the body',
		],
	])('refuses %s with 401', async (_case, headers, reason) => {
		const answer = await callTrigger({ rawBody: raw, headers });
		expect(answer.response).toEqual({ statusCode: 401, contentType: 'text/plain', body: reason });
		expect(answer.result.workflowData).toBeUndefined();
	});
});

describe('Require Signature (version 1.1)', () => {
	const UNSIGNED = { verifyToken: 'v' };
	const raw = bytesOf(statusesBody([status(0)]));

	it('is a parameter on by default for new nodes and off for saved 1.0 nodes', () => {
		const description = triggerDescription();
		// New nodes get 1.2, which keeps 1.1's Require Signature (the gte 1.1 variant below).
		expect(description.version).toEqual([1, 1.1, 1.2]);
		expect(description.defaultVersion).toBe(1.2);
		const variants = description.properties.filter(
			(property) => property.name === 'requireSignature',
		);
		expect(
			variants.map((property) => [property.default, property.displayOptions?.show?.['@version']]),
		).toEqual([
			[true, [{ _cnd: { gte: 1.1 } }]],
			[false, [1]],
		]);
		const notice = description.properties.find((property) => property.name === 'unsignedNotice');
		expect(notice).toMatchObject({
			type: 'notice',
			displayOptions: { show: { requireSignature: [false] } },
		});
	});

	it('refuses to activate a new node whose credential has no app secret, naming both fixes', async () => {
		const hooks = triggerHooks({ credentials: UNSIGNED });
		await expect(hooks.checkExists()).rejects.toThrow(
			'Require Signature is on, but the WhatsApp Webhook credential has no signing secret',
		);
		await expect(hooks.checkExists()).rejects.toMatchObject({
			description: expect.stringMatching(
				/app secret.*Signing Secret.*or turn Require Signature off/,
			),
		});
		await expect(hooks.create()).rejects.toThrow(/Require Signature is on/);
	});

	it.each([
		[
			'the None profile',
			{ verifyToken: 'v', signatureProfile: 'none', appSecret: 'left-over' },
			/has no signing secret/,
		],
		[
			'a 360dialog profile without its secret',
			{ verifyToken: 'v', signatureProfile: '360dialog' },
			/cannot check signatures: The 360dialog signature check needs the platform secret/,
		],
	])('refuses to activate with %s', async (_case, credentials, message) => {
		await expect(triggerHooks({ credentials }).checkExists()).rejects.toThrow(message);
	});

	it('activates with an app secret, logging nothing', async () => {
		const hooks = triggerHooks({
			credentials: { verifyToken: 'v', appSecret: TRIGGER_APP_SECRET },
		});
		expect(await hooks.checkExists()).toBe(true);
		expect(hooks.logged).toEqual([]);
	});

	it('keeps a saved 1.0 node without the parameter working unsigned, with a warning at activation', async () => {
		const hooks = triggerHooks({ typeVersion: 1, credentials: UNSIGNED });
		expect(await hooks.checkExists()).toBe(true);
		expect(hooks.logged).toEqual([
			expect.stringMatching(/checks no signatures: anyone who knows its webhook URL can post/),
		]);
		expect(
			itemsOf(await callTrigger({ typeVersion: 1, credentials: UNSIGNED, rawBody: raw })),
		).toHaveLength(1);
	});

	it('lets a new node be turned off explicitly, and a 1.0 node be turned on', async () => {
		expect(
			await triggerHooks({
				credentials: UNSIGNED,
				parameters: { requireSignature: false },
			}).checkExists(),
		).toBe(true);
		await expect(
			triggerHooks({
				typeVersion: 1,
				credentials: UNSIGNED,
				parameters: { requireSignature: true },
			}).checkExists(),
		).rejects.toThrow(/Require Signature is on/);
	});

	it('refuses every post with 401 when the secret went missing after activation', async () => {
		const answer = await callTrigger({ credentials: UNSIGNED, rawBody: raw, headers: {} });
		expect(answer.response).toEqual({
			statusCode: 401,
			contentType: 'text/plain',
			body: 'Signature required, but the credential has no signing secret to check it with',
		});
		expect(answer.result.workflowData).toBeUndefined();
	});

	it('checks signed posts as before', async () => {
		expect(itemsOf(await callTrigger(signed(raw)))).toHaveLength(1);
		expect((await callTrigger({ rawBody: raw })).response.statusCode).toBe(401);
	});
});
