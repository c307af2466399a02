import { buildRequest } from '../../nodes/WhatsAppSend/router';
import { InvalidInputError } from '../../nodes/shared/invalid-input';
import { META_REFERENCE_MAX_LENGTH } from '../../nodes/shared/reference';
import { readerFor } from './support/parameters';

const base = { phoneNumberId: '106540352242922', to: '+1 (650) 555-1234', referenceId: 'crm-42' };
const build = (operation: string, parameters: Record<string, unknown>) =>
	buildRequest(operation, readerFor({ ...base, ...parameters }), 0, META_REFERENCE_MAX_LENGTH);

const envelope = {
	messaging_product: 'whatsapp',
	recipient_type: 'individual',
	to: '16505551234',
	biz_opaque_callback_data: 'crm-42',
};

describe('buildRequest: bodies as Meta documents them', () => {
	it('text, with preview and reply context', () => {
		const request = build('text', {
			text: 'Hello https://example.com',
			options: { previewUrl: true, replyToMessageId: 'wamid.ABC' },
		});
		expect(request).toEqual({
			itemIndex: 0,
			phoneNumberId: '106540352242922',
			to: '16505551234',
			referenceId: 'crm-42',
			uploadFromBinary: undefined,
			body: {
				...envelope,
				type: 'text',
				text: { body: 'Hello https://example.com', preview_url: true },
				context: { message_id: 'wamid.ABC' },
			},
		});
	});

	it('template with header, currency, date-time, named text and buttons, plus raw components', () => {
		const request = build('template', {
			templateName: 'order_update',
			templateLanguage: 'en_US',
			headerParameter: { header: { type: 'image', media: 'https://example.com/banner.png' } },
			bodyParameters: {
				parameter: [
					{ type: 'text', text: 'Pablo', parameterName: 'first_name' },
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
		});
		expect(request.body).toEqual({
			...envelope,
			type: 'template',
			template: {
				name: 'order_update',
				language: { code: 'en_US' },
				components: [
					{
						type: 'header',
						parameters: [{ type: 'image', image: { link: 'https://example.com/banner.png' } }],
					},
					{
						type: 'body',
						parameters: [
							{ type: 'text', text: 'Pablo', parameter_name: 'first_name' },
							{
								type: 'currency',
								currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 },
							},
							{ type: 'date_time', date_time: { fallback_value: 'February 25, 1977' } },
						],
					},
					{
						type: 'button',
						sub_type: 'quick_reply',
						index: '0',
						parameters: [{ type: 'payload', payload: 'more-aloes' }],
					},
					{
						type: 'button',
						sub_type: 'url',
						index: '1',
						parameters: [{ type: 'text', text: 'n3mtql' }],
					},
					{
						type: 'button',
						sub_type: 'copy_code',
						index: '2',
						parameters: [{ type: 'coupon_code', coupon_code: 'CARIBE25' }],
					},
					{
						type: 'button',
						sub_type: 'flow',
						index: '3',
						parameters: [{ type: 'action', action: { flow_token: 'T' } }],
					},
				],
			},
		});
	});

	it('template headers: document by media ID with file name, and location', () => {
		const document = build('template', {
			templateName: 'invoice',
			templateLanguage: 'pt_BR',
			headerParameter: {
				header: { type: 'document', media: '1602186516975000', filename: 'invoice.pdf' },
			},
		});
		expect((document.body.template as { components: unknown[] }).components).toEqual([
			{
				type: 'header',
				parameters: [
					{ type: 'document', document: { id: '1602186516975000', filename: 'invoice.pdf' } },
				],
			},
		]);
		const location = build('template', {
			templateName: 'store',
			templateLanguage: 'en_US',
			headerParameter: {
				header: {
					type: 'location',
					latitude: 37.48,
					longitude: -122.14,
					locationName: 'Store',
					address: '1 Hacker Way',
				},
			},
		});
		expect((location.body.template as { components: unknown[] }).components[0]).toEqual({
			type: 'header',
			parameters: [
				{
					type: 'location',
					location: { latitude: 37.48, longitude: -122.14, name: 'Store', address: '1 Hacker Way' },
				},
			],
		});
	});

	it.each([
		[
			'image',
			'link',
			{ mediaLink: 'https://example.com/a.png', caption: 'Look' },
			{ link: 'https://example.com/a.png', caption: 'Look' },
		],
		[
			'document',
			'id',
			{ mediaId: '123', caption: 'Invoice', filename: 'invoice.pdf' },
			{ id: '123', caption: 'Invoice', filename: 'invoice.pdf' },
		],
		['audio', 'id', { mediaId: '456', caption: 'ignored for audio' }, { id: '456' }],
		[
			'sticker',
			'link',
			{ mediaLink: 'https://example.com/s.webp' },
			{ link: 'https://example.com/s.webp' },
		],
		[
			'video',
			'link',
			{ mediaLink: 'https://example.com/v.mp4', caption: 'Clip' },
			{ link: 'https://example.com/v.mp4', caption: 'Clip' },
		],
	])('media %s by %s', (mediaType, mediaSource, parameters, expected) => {
		const request = build('media', { mediaType, mediaSource, ...parameters });
		expect(request.body).toEqual({ ...envelope, type: mediaType, [mediaType]: expected });
	});

	it('media from binary data is marked for upload', () => {
		const request = build('media', {
			mediaType: 'image',
			mediaSource: 'binary',
			binaryPropertyName: 'photo',
		});
		expect(request.uploadFromBinary).toBe('photo');
		expect(request.body.image).toEqual({});
	});

	it('interactive reply buttons with header and footer', () => {
		const request = build('interactive', {
			interactiveType: 'buttons',
			bodyText: 'Change or cancel?',
			headerText: 'Your booking',
			footerText: 'Reply any time',
			replyButtons: {
				button: [
					{ id: 'change-button', title: 'Change' },
					{ id: 'cancel-button', title: 'Cancel' },
				],
			},
		});
		expect(request.body.interactive).toEqual({
			type: 'button',
			header: { type: 'text', text: 'Your booking' },
			body: { text: 'Change or cancel?' },
			footer: { text: 'Reply any time' },
			action: {
				buttons: [
					{ type: 'reply', reply: { id: 'change-button', title: 'Change' } },
					{ type: 'reply', reply: { id: 'cancel-button', title: 'Cancel' } },
				],
			},
		});
	});

	it('interactive list groups rows by section in order', () => {
		const request = build('interactive', {
			interactiveType: 'list',
			bodyText: 'Pick a shipping option',
			listButtonText: 'Shipping Options',
			listRows: {
				row: [
					{
						section: 'I want it ASAP!',
						id: 'priority_express',
						title: 'Priority Mail Express',
						description: 'Next Day to 2 Days',
					},
					{ section: 'I want it ASAP!', id: 'priority', title: 'Priority Mail' },
					{ section: 'I can wait', id: 'ground', title: 'Ground' },
				],
			},
		});
		expect(request.body.interactive).toEqual({
			type: 'list',
			body: { text: 'Pick a shipping option' },
			action: {
				button: 'Shipping Options',
				sections: [
					{
						title: 'I want it ASAP!',
						rows: [
							{
								id: 'priority_express',
								title: 'Priority Mail Express',
								description: 'Next Day to 2 Days',
							},
							{ id: 'priority', title: 'Priority Mail' },
						],
					},
					{ title: 'I can wait', rows: [{ id: 'ground', title: 'Ground' }] },
				],
			},
		});
	});

	it('interactive call-to-action URL and raw JSON', () => {
		const cta = build('interactive', {
			interactiveType: 'ctaUrl',
			bodyText: 'Tap below',
			ctaDisplayText: 'See Dates',
			ctaUrl: 'https://example.com/dates',
		});
		expect(cta.body.interactive).toEqual({
			type: 'cta_url',
			body: { text: 'Tap below' },
			action: {
				name: 'cta_url',
				parameters: { display_text: 'See Dates', url: 'https://example.com/dates' },
			},
		});
		const raw = {
			type: 'location_request_message',
			body: { text: 'Where?' },
			action: { name: 'send_location' },
		};
		expect(
			build('interactive', { interactiveType: 'json', interactiveJson: raw }).body.interactive,
		).toEqual(raw);
	});

	it('location, contacts and reaction', () => {
		expect(
			build('location', {
				latitude: 37.758056,
				longitude: -122.425332,
				locationName: 'Philz Coffee',
				address: '',
			}).body.location,
		).toEqual({
			latitude: 37.758056,
			longitude: -122.425332,
			name: 'Philz Coffee',
		});
		expect(
			build('contacts', {
				contacts: {
					contact: [
						{
							formattedName: 'Acme Support',
							firstName: 'Acme',
							phone: '+918080247309',
							email: 'support@acme.example',
							company: 'Acme',
						},
					],
				},
			}).body.contacts,
		).toEqual([
			{
				name: { formatted_name: 'Acme Support', first_name: 'Acme' },
				phones: [{ phone: '+918080247309', type: 'CELL' }],
				emails: [{ email: 'support@acme.example', type: 'WORK' }],
				org: { company: 'Acme' },
			},
		]);
		const reaction = build('reaction', {
			reactToMessageId: 'wamid.X',
			emoji: '👍',
			options: { replyToMessageId: 'wamid.Y' },
		});
		expect(reaction.body).toEqual({
			...envelope,
			type: 'reaction',
			reaction: { message_id: 'wamid.X', emoji: '👍' },
		});
	});

	it('mark as read, with the typing indicator, carries no recipient or reference', () => {
		const request = build('markAsRead', { messageId: 'wamid.IN', showTypingIndicator: true });
		expect(request).toMatchObject({ to: null, referenceId: null });
		expect(request.body).toEqual({
			messaging_product: 'whatsapp',
			status: 'read',
			message_id: 'wamid.IN',
			typing_indicator: { type: 'text' },
		});
	});

	it('a business-scoped user ID is sent as recipient, and an empty reference leaves the field out', () => {
		const request = build('text', { text: 'Hi', to: 'US.13491208655302741918', referenceId: '' });
		expect(request.body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			recipient: 'US.13491208655302741918',
			type: 'text',
			text: { body: 'Hi', preview_url: false },
		});
		expect(request.referenceId).toBeNull();
	});
});

describe('buildRequest: bad input is refused before any request, naming the fix', () => {
	it.each([
		['text', { text: '' }, /Text is empty/],
		['text', { text: 'Hi', to: '' }, /recipient is empty/],
		['text', { text: 'Hi', to: 'call me' }, /not a phone number in international format/],
		['text', { text: 'Hi', phoneNumberId: '+1 650 555 1234' }, /not an ID.*Phone Number ID/],
		['text', { text: 'Hi', phoneNumberId: '' }, /Phone Number ID is empty/],
		['template', { templateName: '', templateLanguage: 'en_US' }, /Template is empty/],
		['template', { templateName: 't', templateLanguage: '' }, /Language is empty/],
		[
			'template',
			{ templateName: 't', templateLanguage: 'en', templateComponentsJson: '{oops' },
			/not valid JSON/,
		],
		[
			'template',
			{
				templateName: 't',
				templateLanguage: 'en',
				bodyParameters: { parameter: [{ type: 'dateTime' }] },
			},
			/Fallback Text/,
		],
		[
			'template',
			{
				templateName: 't',
				templateLanguage: 'en',
				buttonParameters: {
					button: [{ subType: 'copy_code', index: 0, value: 'SIXTEEN-CHARS-XY' }],
				},
			},
			/longer than 15 characters/,
		],
		[
			'template',
			{
				templateName: 't',
				templateLanguage: 'en',
				headerParameter: { header: { type: 'sticker', media: '1' } },
			},
			/Header type "sticker" is not/,
		],
		[
			'template',
			{
				templateName: 't',
				templateLanguage: 'en',
				buttonParameters: { button: [{ subType: 'copy_code', index: 0, value: '' }] },
			},
			/Button parameter 1 has no value/,
		],
		[
			'media',
			{ mediaType: 'image', mediaSource: 'link', mediaLink: 'ftp://x/y.png' },
			/not an http\(s\) link/,
		],
		[
			'media',
			{ mediaType: 'image', mediaSource: 'binary', binaryPropertyName: '' },
			/Input Binary Field is empty/,
		],
		[
			'interactive',
			{
				interactiveType: 'buttons',
				bodyText: 'x',
				replyButtons: { button: [1, 2, 3, 4].map((id) => ({ id, title: id })) },
			},
			/1 to 3 buttons/,
		],
		['location', { latitude: 'north', longitude: 0 }, /Latitude "north" is not a number/],
		[
			'contacts',
			{ contacts: { contact: [{ formattedName: '' }] } },
			/Contact 1 has no Formatted Name/,
		],
		['reaction', { reactToMessageId: '' }, /React To Message ID is empty/],
		['markAsRead', { messageId: '' }, /Message ID is empty/],
	])('%s %j', (operation, parameters, message) => {
		expect(() => build(operation, parameters)).toThrow(InvalidInputError);
		expect(() => build(operation, parameters)).toThrow(message);
	});

	it('a Reference ID over 512 bytes names its length and the limit', () => {
		expect(() => build('text', { text: 'Hi', referenceId: 'x'.repeat(513) })).toThrow(
			/513 bytes long; the limit is 512/,
		);
		expect(build('text', { text: 'Hi', referenceId: 'x'.repeat(512) }).referenceId).toHaveLength(
			512,
		);
	});
});
