import {
	parseEnvelope,
	readEnvelope,
	validateEnvelope,
} from '../../nodes/WhatsAppTrigger/envelope';
import { flattenWebhook } from '../../nodes/WhatsAppTrigger/flatten';
import { fixtureBytes, WEBHOOK_FIXTURES, webhookFixture } from './support/webhook-fixtures';

function statusBody(statuses: unknown): unknown {
	return {
		object: 'whatsapp_business_account',
		entry: [{ id: '1', changes: [{ field: 'messages', value: { statuses } }] }],
	};
}

describe('parseEnvelope', () => {
	it.each(WEBHOOK_FIXTURES)('accepts Meta example %s as it is', (name) => {
		const raw = fixtureBytes(`webhooks/${name}`);
		expect(parseEnvelope(raw)).toEqual({ ok: true, body: JSON.parse(raw.toString('utf8')) });
	});

	it('accepts the raw signature vector, decoding its \\u escapes', () => {
		const result = parseEnvelope(fixtureBytes('signature/inbound_text_unicode_raw_body.txt'));
		expect(result.ok && result.body.entry[0].changes[0].value?.messages?.[0].text).toEqual({
			body: 'Café äöå 😀',
		});
	});

	it.each([
		['empty', ''],
		['truncated', '{"object":"whatsapp_business_account","entry":['],
		['not JSON at all', 'hub.mode=subscribe'],
	])('refuses a body that is %s as not JSON', (_case, text) => {
		expect(parseEnvelope(Buffer.from(text, 'utf8'))).toEqual({
			ok: false,
			reason: 'Body is not valid JSON',
		});
	});
});

describe('readEnvelope', () => {
	const raw = fixtureBytes('webhooks/status_sent_meta_pmp.json');
	/** What n8n's body parser leaves on the request for a JSON POST: the type, charset and JSON.parse. */
	const parsedByN8n = (bytes: Buffer, charset = 'utf-8') => ({
		contentType: 'application/json',
		encoding: charset,
		body: JSON.parse(bytes.toString('utf8')) as unknown,
	});

	it('checks the body n8n parsed, without parsing the bytes again', () => {
		const request = parsedByN8n(raw);
		const result = readEnvelope(request, raw);
		expect(result).toEqual(parseEnvelope(raw));
		expect(result.ok && result.body).toBe(request.body);
	});

	it('refuses a body n8n parsed with the reason the bytes would get', () => {
		const foreign = Buffer.from('{"object":"page","entry":[]}');
		expect(readEnvelope(parsedByN8n(foreign), foreign)).toEqual({
			ok: false,
			reason: 'object is not "whatsapp_business_account"',
		});
	});

	it.each([
		['another content type', { contentType: 'text/plain', encoding: 'utf-8', body: {} }],
		['another charset', { ...parsedByN8n(raw, 'iso-8859-1'), body: {} }],
		['nothing parsed', {}],
	])('parses the bytes itself when n8n parsed them differently: %s', (_case, request) => {
		const result = readEnvelope(request, raw);
		expect(result).toEqual(parseEnvelope(raw));
		expect(result.ok).toBe(true);
	});

	it('parses the bytes itself when they start with a byte order mark, which n8n strips', () => {
		const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), raw]);
		expect(readEnvelope(parsedByN8n(raw), withBom)).toEqual({
			ok: false,
			reason: 'Body is not valid JSON',
		});
	});
});

describe('validateEnvelope', () => {
	it.each([
		['an array', [], 'Body is not a JSON object'],
		['null', null, 'Body is not a JSON object'],
		[
			'another object type',
			{ object: 'page', entry: [] },
			'object is not "whatsapp_business_account"',
		],
		['without object', { entry: [] }, 'object is not "whatsapp_business_account"'],
		['without entry', { object: 'whatsapp_business_account' }, 'entry is not an array'],
		[
			'with an entry object',
			{ object: 'whatsapp_business_account', entry: {} },
			'entry is not an array',
		],
		[
			'with an entry lacking changes',
			{ object: 'whatsapp_business_account', entry: [{ id: '1' }] },
			'entry[0].changes is not an array',
		],
		[
			'with a change that is not an object',
			{ object: 'whatsapp_business_account', entry: [{ id: '1', changes: ['x'] }] },
			'entry[0].changes[0] is not an object',
		],
		[
			'with a value that is not an object',
			{
				object: 'whatsapp_business_account',
				entry: [{ id: '1', changes: [{ field: 'messages', value: 3 }] }],
			},
			'entry[0].changes[0].value is not an object',
		],
		[
			'with statuses as an object',
			statusBody({ id: 'w', status: 'sent' }),
			'entry[0].changes[0].value.statuses is not an array',
		],
		[
			'with a status lacking id',
			statusBody([{ id: 'w', status: 'sent' }, { status: 'read' }]),
			'entry[0].changes[0].value.statuses[1] needs a string id and status',
		],
		[
			'with a status lacking status',
			statusBody([{ id: 'w' }]),
			'entry[0].changes[0].value.statuses[0] needs a string id and status',
		],
		[
			'with an empty status value',
			statusBody([{ id: 'w', status: '' }]),
			'entry[0].changes[0].value.statuses[0] needs a string id and status',
		],
		[
			'with metadata that is not an object',
			{
				object: 'whatsapp_business_account',
				entry: [
					{ id: '1', changes: [{ field: 'messages', value: { metadata: '106540352242922' } }] },
				],
			},
			'entry[0].changes[0].value.metadata is not an object',
		],
		[
			'in Gupshup’s own (self-serve) event shape',
			{
				app: 'DemoApp',
				timestamp: 1580546677791,
				version: 2,
				type: 'message-event',
				payload: { id: 'ee4a68a0' },
			},
			'object is not "whatsapp_business_account"',
		],
		[
			'that wraps Meta’s body in a key of its own',
			{ gs_app_id: 'app-1', payload: webhookFixture('status_sent_meta_pmp.json') },
			'object is not "whatsapp_business_account"',
		],
		[
			'with messages that are not objects',
			{
				object: 'whatsapp_business_account',
				entry: [{ id: '1', changes: [{ field: 'messages', value: { messages: ['hi'] } }] }],
			},
			'entry[0].changes[0].value.messages is not an array of objects',
		],
	])('refuses a body %s', (_case, body, reason) => {
		expect(validateEnvelope(body)).toEqual({ ok: false, reason });
	});

	it('checks the statuses beside a standby conversation too', () => {
		const value = { statuses: {}, standby: {} };
		expect(
			validateEnvelope({
				object: 'whatsapp_business_account',
				entry: [{ id: '1', changes: [{ field: 'messages', value }] }],
			}),
		).toEqual({
			ok: false,
			reason: 'entry[0].changes[0].value.statuses is not an array',
		});
	});

	it('names the failing entry and change when several are fine', () => {
		const good = {
			id: '1',
			changes: [{ field: 'messages', value: { statuses: [{ id: 'w', status: 'sent' }] } }],
		};
		const bad = {
			id: '2',
			changes: [
				{ field: 'messages', value: {} },
				{ field: 'messages', value: { statuses: 'x' } },
			],
		};
		expect(validateEnvelope({ object: 'whatsapp_business_account', entry: [good, bad] })).toEqual({
			ok: false,
			reason: 'entry[1].changes[1].value.statuses is not an array',
		});
	});

	it('accepts empty batches, changes without a value, and fields it does not know', () => {
		for (const body of [
			{ object: 'whatsapp_business_account', entry: [] },
			{ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [] }] },
			{
				object: 'whatsapp_business_account',
				entry: [{ id: '1', changes: [{ field: 'security' }] }],
			},
			{
				object: 'whatsapp_business_account',
				gs_app_id: 'x',
				entry: [{ id: '1', changes: [{ field: 'calls', value: { calls: [{}] } }] }],
			},
		]) {
			expect(validateEnvelope(body)).toEqual({ ok: true, body });
		}
	});
});

describe('BSP envelopes that add keys around Meta’s', () => {
	const OPTIONS = {
		events: ['statuses', 'messages', 'templateStatusUpdates', 'standby', 'handovers'],
		statuses: [],
		phoneNumberIds: [],
		parseReferenceJson: false,
	};

	type StatusLists = { statuses?: Array<Record<string, unknown>> };

	/** Gupshup’s V3 partner events: Meta’s envelope plus a top-level `gs_app_id` and a `gs_id` per status. */
	function gupshupVariant(name: string) {
		const body = webhookFixture(name) as unknown as Record<string, unknown> & {
			entry: Array<{ changes: Array<{ value?: StatusLists & { standby?: StatusLists } }> }>;
		};
		body.gs_app_id = 'b5ab4c3a-0d2e-4a8b-9a5e-1f2e3d4c5b6a';
		for (const entry of body.entry) {
			for (const change of entry.changes) {
				const statuses = [
					...(change.value?.statuses ?? []),
					...(change.value?.standby?.statuses ?? []),
				];
				for (const status of statuses) {
					status.gs_id = `gs-${String(status.id)}`;
				}
			}
		}
		return body;
	}

	it.each(WEBHOOK_FIXTURES)('%s yields the same items with gs_app_id and gs_id added', (name) => {
		const meta = webhookFixture(name);
		const wrapped = parseEnvelope(Buffer.from(JSON.stringify(gupshupVariant(name)), 'utf8'));
		expect(wrapped.ok).toBe(true);
		if (!wrapped.ok) return;
		const withoutRaw = (items: ReturnType<typeof flattenWebhook>) =>
			items.map((item) => ({ ...item, raw: undefined }));
		const items = flattenWebhook(wrapped.body, OPTIONS);
		expect(withoutRaw(items)).toEqual(withoutRaw(flattenWebhook(meta, OPTIONS)));
		for (const item of items) {
			if (item.event === 'status') expect(item.raw?.gs_id).toBe(`gs-${item.messageId}`);
		}
	});

	it('keeps the reference of a wrapped status', () => {
		const body = gupshupVariant('status_sent_meta_pmp.json');
		body.entry[0].changes[0].value!.statuses![0].biz_opaque_callback_data = 'crm-42';
		const parsed = validateEnvelope(body);
		expect(parsed.ok && flattenWebhook(parsed.body, OPTIONS)[0]).toMatchObject({
			referenceId: 'crm-42',
			status: 'sent',
		});
	});
});
