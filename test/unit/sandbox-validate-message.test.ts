import { checkSendRequest, type MessageRules } from '../../sandbox/validate-message';
import { validBodies } from '../fixtures/sandbox/message-bodies';

const rules: MessageRules = {
	referenceMaxLength: 512,
	templateExists: (name, language) => name === 'hello_world' && language === 'en_US',
};

const base = { messaging_product: 'whatsapp', to: '+1 (650) 555-1234' };
const check = (body: unknown) => checkSendRequest(body, rules);

describe('sandbox message validation', () => {
	it.each(Object.entries(validBodies))('accepts a valid %s message', (_name, body) => {
		expect(check({ ...base, ...body, biz_opaque_callback_data: 'order-1' })).toMatchObject({
			ok: true,
			request: { kind: 'message', to: base.to, referenceId: 'order-1' },
		});
	});

	it('defaults the type to text and takes a user ID as recipient', () => {
		expect(
			check({ messaging_product: 'whatsapp', recipient: 'US.134', text: { body: 'x' } }),
		).toEqual({
			ok: true,
			request: {
				kind: 'message',
				type: 'text',
				to: null,
				recipient: 'US.134',
				group: false,
				referenceId: null,
				template: null,
			},
		});
	});

	it('reads mark-as-read with and without typing indicator', () => {
		const read = { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.X' };
		expect(check(read)).toEqual({
			ok: true,
			request: { kind: 'read', messageId: 'wamid.X', typing: false },
		});
		expect(check({ ...read, typing_indicator: { type: 'text' } })).toMatchObject({
			ok: true,
			request: { typing: true },
		});
		expect(check({ ...read, biz_opaque_callback_data: 'x' })).toMatchObject({
			ok: false,
			code: 100,
		});
	});

	const refusals: Array<[string, unknown, number, string]> = [
		['a body that is not an object', [], 100, 'JSON object'],
		['no messaging_product', { to: '1', text: { body: 'x' } }, 131008, 'messaging_product'],
		[
			'another messaging_product',
			{ ...base, messaging_product: 'sms', text: { body: 'x' } },
			131009,
			'messaging_product',
		],
		['no recipient', { messaging_product: 'whatsapp', text: { body: 'x' } }, 131008, 'to'],
		['a phone number with letters', { ...base, to: 'abc', text: { body: 'x' } }, 100, 'to'],
		['an unknown type', { ...base, type: 'poll', poll: {} }, 131009, 'type'],
		['the object for the type missing', { ...base, type: 'image' }, 131008, 'image'],
		['an empty text body', { ...base, text: { body: '' } }, 131008, "text['body']"],
		['a text body over 4096', { ...base, text: { body: 'x'.repeat(4097) } }, 100, '4096'],
		[
			'the reference inside the type object',
			{ ...base, text: { body: 'x', biz_opaque_callback_data: 'r' } },
			100,
			'Unexpected key',
		],
		[
			'a stray top-level key',
			{ ...base, text: { body: 'x' }, image: { id: '1' } },
			100,
			'Unexpected key "image"',
		],
		[
			'a reference over 512',
			{ ...base, text: { body: 'x' }, biz_opaque_callback_data: 'r'.repeat(513) },
			100,
			'512',
		],
		[
			'a reference that is not a string',
			{ ...base, text: { body: 'x' }, biz_opaque_callback_data: { a: 1 } },
			100,
			'string',
		],
		[
			'a context without message_id',
			{ ...base, text: { body: 'x' }, context: {} },
			131008,
			"context['message_id']",
		],
		[
			'media with neither id nor link',
			{ ...base, type: 'image', image: { caption: 'x' } },
			131008,
			"image['id']",
		],
		[
			'media with both id and link',
			{ ...base, type: 'image', image: { id: '1', link: 'https://a.b/c.png' } },
			131009,
			'not both',
		],
		[
			'a caption on a sticker',
			{ ...base, type: 'sticker', sticker: { id: '1', caption: 'x' } },
			100,
			'caption',
		],
		[
			'a latitude out of range',
			{ ...base, type: 'location', location: { latitude: 91, longitude: 0 } },
			131009,
			'latitude',
		],
		[
			'a location without longitude',
			{ ...base, type: 'location', location: { latitude: 1 } },
			131008,
			'longitude',
		],
		[
			'a contact without formatted_name',
			{ ...base, type: 'contacts', contacts: [{ name: {} }] },
			131008,
			'formatted_name',
		],
		[
			'an unknown interactive type',
			{ ...base, type: 'interactive', interactive: { type: 'poll', action: {} } },
			131009,
			'type',
		],
		[
			'four reply buttons',
			{
				...base,
				type: 'interactive',
				interactive: {
					type: 'button',
					body: { text: 'x' },
					action: {
						buttons: [1, 2, 3, 4].map((i) => ({
							type: 'reply',
							reply: { id: `b${i}`, title: `B${i}` },
						})),
					},
				},
			},
			131009,
			'buttons',
		],
		[
			'a button title over 20',
			{
				...base,
				type: 'interactive',
				interactive: {
					type: 'button',
					body: { text: 'x' },
					action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'x'.repeat(21) } }] },
				},
			},
			100,
			'20',
		],
		[
			'a list without button text',
			{
				...base,
				type: 'interactive',
				interactive: { type: 'list', body: { text: 'x' }, action: { sections: [] } },
			},
			131008,
			"action']['button']",
		],
		[
			'a flow with both flow_id and flow_name',
			{
				...base,
				type: 'interactive',
				interactive: {
					type: 'flow',
					body: { text: 'x' },
					action: {
						name: 'flow',
						parameters: { flow_message_version: '3', flow_cta: 'Go', flow_id: '1', flow_name: 'n' },
					},
				},
			},
			131009,
			'flow_id',
		],
		[
			'a cta_url without url',
			{
				...base,
				type: 'interactive',
				interactive: {
					type: 'cta_url',
					body: { text: 'x' },
					action: { name: 'cta_url', parameters: { display_text: 'Go' } },
				},
			},
			131008,
			'url',
		],
		[
			'a product_list without header',
			{
				...base,
				type: 'interactive',
				interactive: {
					type: 'product_list',
					body: { text: 'x' },
					action: { catalog_id: 'c', sections: [] },
				},
			},
			131008,
			'header',
		],
		[
			'a template without language',
			{ ...base, type: 'template', template: { name: 'hello_world' } },
			131008,
			'language',
		],
		[
			'an unknown template',
			{ ...base, type: 'template', template: { name: 'nope', language: { code: 'en_US' } } },
			132001,
			'nope',
		],
		[
			'a reaction without message_id',
			{ ...base, type: 'reaction', reaction: { emoji: '👍' } },
			131008,
			'message_id',
		],
	];

	it.each(refusals)('refuses %s', (_name, body, code, detail) => {
		const result = check(body);
		expect(result).toMatchObject({ ok: false, code });
		expect(result.ok === false && result.details).toContain(detail);
	});

	it('counts the reference in characters against the configured limit', () => {
		const body = { ...base, text: { body: 'x' }, biz_opaque_callback_data: 'é'.repeat(200) };
		expect(check(body)).toMatchObject({ ok: true });
		expect(checkSendRequest(body, { ...rules, referenceMaxLength: 199 })).toMatchObject({
			ok: false,
			code: 100,
		});
	});
});
