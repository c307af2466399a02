import type { IDataObject } from 'n8n-workflow';

import { buildRequest } from '../../nodes/WhatsAppSend/router';
import { buildMessageBody } from '../../nodes/WhatsAppSend/message-body';
import {
	type TemplateDefinition,
	describeTemplate,
} from '../../nodes/WhatsAppSend/operations/template-definition';
import {
	componentsFromForm,
	templateFormFields,
} from '../../nodes/WhatsAppSend/operations/template-form';
import { sendAndWaitContent } from '../../nodes/WhatsAppSend/send-and-wait/send-and-wait';
import { toRecipient } from '../../nodes/shared/recipient';
import { META_REFERENCE_MAX_LENGTH } from '../../nodes/shared/reference';
import { checkMessagesRequest } from '../../sandbox/meta-spec/meta-spec';
import { defaultTemplates } from '../../sandbox/templates';
import { extraTemplates } from '../fixtures/templates/definitions';
import { readerFor } from './support/parameters';

/**
 * Every body WhatsApp Send can build, checked directly against Meta's OpenAPI spec (with the
 * repairs of sandbox/meta-spec/repairs.ts): each operation and option, each template part, each
 * recipient kind, with the Reference ID and without.
 */

const phone = { phoneNumberId: '106540352242922', to: '+1 (650) 555-1234' };
const recipients: Record<string, IDataObject> = {
	'a phone number with a Reference ID': { ...phone, referenceId: 'crm-42' },
	'a phone number without a Reference ID': { ...phone, referenceId: '' },
	'a business-scoped user ID, with a JSON Reference ID': {
		...phone,
		to: 'US.13491208655302741918',
		referenceId: { contactId: 7, campaign: 'spring' },
	},
};
const reply = { replyToMessageId: 'wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA' };
const mediaId = '1602186516975000';

const operations: Array<[string, string, IDataObject]> = [
	['text', 'text', { text: 'Hello https://example.com', options: {} }],
	[
		'text with link preview, as a reply',
		'text',
		{ text: 'See https://example.com', options: { previewUrl: true, ...reply } },
	],
	[
		'template, manual: image header, text, named text, currency, date-time; quick reply, URL and copy-code buttons; a Flow button as JSON',
		'template',
		{
			templateName: 'order_update',
			templateLanguage: 'en_US',
			headerParameter: { header: { type: 'image', media: 'https://example.com/banner.png' } },
			bodyParameters: {
				parameter: [
					{ type: 'text', text: 'Pablo' },
					{ type: 'text', text: 'Ana', parameterName: 'first_name' },
					{ type: 'currency', amount: 100.99, currencyCode: 'usd', fallbackValue: '$100.99' },
					{ type: 'dateTime', fallbackValue: 'February 25, 1977' },
				],
			},
			buttonParameters: {
				button: [
					{ subType: 'quick_reply', index: 0, value: 'more-aloes' },
					{ subType: 'url', index: 1, value: 'n3mtql' },
					{ subType: 'copy_code', index: 2, value: 'CARIBE25' },
				],
			},
			templateComponentsJson:
				'[{"type":"button","sub_type":"flow","index":"3","parameters":[{"type":"action","action":{"flow_token":"T"}}]}]',
			options: reply,
		},
	],
	[
		'template, manual: text header with a named variable',
		'template',
		{
			templateName: 'order_confirmation_named',
			templateLanguage: 'en_US',
			headerParameter: { header: { type: 'text', text: '10045', parameterName: 'order_number' } },
		},
	],
	[
		'template, manual: video header by media ID',
		'template',
		{
			templateName: 'promo',
			templateLanguage: 'en',
			headerParameter: { header: { type: 'video', media: mediaId } },
		},
	],
	[
		'template, manual: document header with file name',
		'template',
		{
			templateName: 'invoice_ready',
			templateLanguage: 'en_US',
			headerParameter: {
				header: { type: 'document', media: 'https://example.com/a.pdf', filename: 'a.pdf' },
			},
		},
	],
	[
		'template, manual: location header',
		'template',
		{
			templateName: 'store_location',
			templateLanguage: 'en_US',
			headerParameter: {
				header: {
					type: 'location',
					latitude: 37.48,
					longitude: -122.14,
					locationName: 'Store',
					address: '1 Main St',
				},
			},
		},
	],
	[
		'template without parameters',
		'template',
		{ templateName: 'hello_world', templateLanguage: 'en_US' },
	],
	...(['image', 'video', 'audio', 'document', 'sticker'] as const).flatMap(
		(mediaType): Array<[string, string, IDataObject]> => {
			const caption = ['image', 'video', 'document'].includes(mediaType) ? 'A caption' : '';
			const filename = mediaType === 'document' ? 'invoice.pdf' : '';
			const common = { mediaType, caption, filename, options: reply };
			return [
				[
					`${mediaType} by link`,
					'media',
					{ ...common, mediaSource: 'link', mediaLink: `https://example.com/file.${mediaType}` },
				],
				[`${mediaType} by media ID`, 'media', { ...common, mediaSource: 'id', mediaId }],
				[
					`${mediaType} uploaded from binary data`,
					'media',
					{ ...common, mediaSource: 'binary', binaryPropertyName: 'data' },
				],
			];
		},
	),
	[
		'reply buttons with header and footer',
		'interactive',
		{
			interactiveType: 'buttons',
			bodyText: 'Keep it?',
			headerText: 'Your order',
			footerText: 'Reply anytime',
			replyButtons: {
				button: [
					{ id: 'keep', title: 'Keep' },
					{ id: 'cancel', title: 'Cancel' },
				],
			},
			options: reply,
		},
	],
	[
		'a list in two sections',
		'interactive',
		{
			interactiveType: 'list',
			bodyText: 'Pick a shipping option',
			headerText: 'Shipping',
			footerText: '',
			listButtonText: 'Options',
			listRows: {
				row: [
					{ section: 'Fast', id: 'express', title: 'Express', description: 'Next day' },
					{ section: 'Cheap', id: 'ground', title: 'Ground', description: '' },
				],
			},
		},
	],
	[
		'a call-to-action URL',
		'interactive',
		{
			interactiveType: 'ctaUrl',
			bodyText: 'See dates',
			headerText: '',
			footerText: 'Subject to change',
			ctaDisplayText: 'See Dates',
			ctaUrl: 'https://example.com/booking',
		},
	],
	[
		'a Flow as JSON',
		'interactive',
		{
			interactiveType: 'json',
			interactiveJson: JSON.stringify({
				type: 'flow',
				body: { text: 'Book' },
				action: {
					name: 'flow',
					parameters: {
						flow_message_version: '3',
						flow_cta: 'Book!',
						flow_id: '123456',
						flow_token: 'T',
					},
				},
			}),
		},
	],
	[
		'a location request as JSON',
		'interactive',
		{
			interactiveType: 'json',
			interactiveJson: JSON.stringify({
				type: 'location_request_message',
				body: { text: 'Where are you?' },
				action: { name: 'send_location' },
			}),
		},
	],
	[
		'a product as JSON',
		'interactive',
		{
			interactiveType: 'json',
			interactiveJson: JSON.stringify({
				type: 'product',
				action: { catalog_id: 'CAT', product_retailer_id: 'SKU-1' },
			}),
		},
	],
	[
		'location',
		'location',
		{
			latitude: 37.758056,
			longitude: -122.425332,
			locationName: 'Philz Coffee',
			address: '101 Forest Ave',
			options: reply,
		},
	],
	[
		'contacts, every field',
		'contacts',
		{
			contacts: {
				contact: [
					{
						formattedName: 'Acme Support',
						firstName: 'Acme',
						lastName: 'Support',
						phone: '+1 650 555 1234',
						email: 'support@acme.example',
						company: 'Acme',
						url: 'https://acme.example',
					},
					{ formattedName: 'Ana' },
				],
			},
			options: reply,
		},
	],
	['reaction', 'reaction', { reactToMessageId: reply.replyToMessageId, emoji: '👍' }],
	['reaction removed', 'reaction', { reactToMessageId: reply.replyToMessageId, emoji: '' }],
];

describe("every body WhatsApp Send builds is one Meta's spec accepts", () => {
	const cases = operations.flatMap(([name, operation, parameters]) =>
		Object.entries(recipients).map(
			([recipient, envelope]) =>
				[`${name}, to ${recipient}`, operation, { ...envelope, ...parameters }] as const,
		),
	);

	it.each(cases)('%s', (_name, operation, parameters) => {
		const request = buildRequest(operation, readerFor(parameters), 0, META_REFERENCE_MAX_LENGTH);
		const body = JSON.parse(JSON.stringify(request.body)) as Record<
			string,
			Record<string, unknown>
		>;
		// Binary media is uploaded first; its media ID then fills the object, as the node does.
		if (request.uploadFromBinary !== undefined) body[String(body.type)].id = mediaId;
		expect(checkMessagesRequest(body)).toEqual({ ok: true });
	});

	it.each([false, true])('mark as read, typing indicator %s', (showTypingIndicator) => {
		const request = buildRequest(
			'markAsRead',
			readerFor({
				phoneNumberId: phone.phoneNumberId,
				messageId: reply.replyToMessageId,
				showTypingIndicator,
			}),
			0,
			META_REFERENCE_MAX_LENGTH,
		);
		expect(request.body).toEqual(expect.objectContaining({ status: 'read' }));
		expect(checkMessagesRequest(request.body)).toEqual({ ok: true });
	});

	it.each([false, true])('send and wait for a response, answers as reply buttons %s', (buttons) => {
		const answers = [
			{
				label: 'Approve',
				url: 'https://n8n.example/webhook-waiting/1?approved=true',
				approved: true,
			},
			{
				label: 'Decline',
				url: 'https://n8n.example/webhook-waiting/1?approved=false',
				approved: false,
			},
		];
		const content = sendAndWaitContent({ message: 'Refund order 10045?', answers, buttons });
		const body = buildMessageBody(content, toRecipient('+16505551234'), 'crm-42', undefined);
		expect(checkMessagesRequest(JSON.parse(JSON.stringify(body)))).toEqual({ ok: true });
	});
});

/** A value the form field would get from a user, by what the field is. */
function formValue(id: string): unknown {
	if (/-(image|video|document)$/.test(id))
		return id.endsWith('image') ? 'https://example.com/header.png' : mediaId;
	if (id.endsWith('-filename')) return 'invoice.pdf';
	if (id.endsWith('-latitude')) return 37.48;
	if (id.endsWith('-longitude')) return '-122.14';
	if (id === 'offer-expiration') return '2027-12-31T23:00:00Z';
	if (id.endsWith('-flow_action_data')) return '{"screen":"A"}';
	if (id.endsWith('-sections'))
		return JSON.stringify([
			{ title: 'Your cart', product_items: [{ product_retailer_id: 'SKU-1' }] },
		]);
	if (id.endsWith('-coupon_code')) return 'CARIBE25';
	if (id.endsWith('-catalog_id')) return 'CAT-1';
	if (id.endsWith('product_retailer_id')) return 'SKU-1';
	return 'Pablo';
}

describe("every template part the template's form builds is one Meta's spec accepts", () => {
	const templates = [...defaultTemplates, ...extraTemplates].filter(
		(template) => template.status === 'APPROVED',
	);

	it.each(
		templates.map((template) => [`${template.name} (${template.language})`, template] as const),
	)('%s', (_name, template) => {
		const shape = describeTemplate(template as TemplateDefinition);
		const values = Object.fromEntries(
			templateFormFields(shape).map((field) => [field.id, formValue(field.id)]),
		);
		const components = componentsFromForm(shape, values);
		const content = {
			type: 'template',
			content: { name: template.name, language: { code: template.language }, components },
		};
		const body = buildMessageBody(content, toRecipient('+16505551234'), 'crm-42', undefined);
		expect(checkMessagesRequest(JSON.parse(JSON.stringify(body)))).toEqual({ ok: true });
	});
});
