import type { IDataObject } from 'n8n-workflow';
import { buildRequest } from '../../nodes/WhatsAppSend/router';
import { templateKey } from '../../nodes/WhatsAppSend/template-definitions';
import type { BuildContext } from '../../nodes/WhatsAppSend/types';
import { checkComponents } from '../../nodes/WhatsAppSend/operations/template-check';
import {
	type TemplateDefinition,
	describeTemplate,
} from '../../nodes/WhatsAppSend/operations/template-definition';
import {
	componentsFromForm,
	expirationMs,
	templateFormFields,
} from '../../nodes/WhatsAppSend/operations/template-form';
import { InvalidInputError } from '../../nodes/shared/invalid-input';
import { META_REFERENCE_MAX_LENGTH } from '../../nodes/shared/reference';
import { defaultTemplates } from '../../sandbox/templates';
import { extraTemplates, templateNamed } from '../fixtures/templates/definitions';
import { readerFor } from './support/parameters';

const all = [...defaultTemplates, ...extraTemplates];
const shapeOf = (name: string) => describeTemplate(templateNamed(name, all) as TemplateDefinition);
const fieldIds = (name: string) => templateFormFields(shapeOf(name)).map((field) => field.id);
const required = (name: string) =>
	templateFormFields(shapeOf(name))
		.filter((field) => field.required)
		.map((field) => field.id);

describe('the template form: one field per thing the template takes', () => {
	it('positional body, image header and dynamic URL button (order_update)', () => {
		expect(fieldIds('order_update')).toEqual([
			'header-image',
			'body-1',
			'body-2',
			'body-3',
			'button0-url',
		]);
		const fields = templateFormFields(shapeOf('order_update'));
		expect(fields.find((field) => field.id === 'body-1')?.displayName).toBe(
			'Body {{1}} (e.g. Pablo)',
		);
		expect(fields.find((field) => field.id === 'button0-url')?.displayName).toBe(
			'Button 1 "Track order": URL suffix for https://shop.example/track/{{1}}',
		);
		expect(fields.every((field) => field.display && !field.defaultMatch)).toBe(true);
	});

	it('named variables in header and body, with their examples', () => {
		expect(fieldIds('order_confirmation_named')).toEqual([
			'header-order_number',
			'body-first_name',
			'body-order_total',
			'body-ship_date',
		]);
		expect(templateFormFields(shapeOf('order_confirmation_named'))[1].displayName).toBe(
			'Body {{first_name}} (e.g. Pablo)',
		);
	});

	it('quick replies are optional; a template without variables has no fields', () => {
		expect(fieldIds('seasonal_promotion')).toEqual([
			'header-1',
			'body-1',
			'body-2',
			'body-3',
			'button0-payload',
			'button1-payload',
		]);
		expect(required('seasonal_promotion')).toEqual(['header-1', 'body-1', 'body-2', 'body-3']);
		expect(fieldIds('hello_world')).toEqual([]);
	});

	it('authentication: one field for the code, filling body and button', () => {
		const fields = templateFormFields(shapeOf('verification_code'));
		expect(fields.map((field) => [field.id, field.displayName])).toEqual([
			['body-1', 'Verification code {{1}}'],
		]);
	});

	it('limited-time offer, copy code, carousels, Flow, catalog, multi-product, location, document', () => {
		expect(fieldIds('limited_offer')).toEqual([
			'header-image',
			'body-1',
			'body-2',
			'button0-coupon_code',
			'button1-url',
			'offer-expiration',
		]);
		expect(fieldIds('summer_carousel')).toEqual([
			'body-1',
			'card0-header-image',
			'card0-body-1',
			'card0-body-2',
			'card0-button0-payload',
			'card0-button1-url',
			'card1-header-image',
			'card1-body-1',
			'card1-body-2',
			'card1-button0-payload',
			'card1-button1-url',
		]);
		expect(fieldIds('product_carousel')).toEqual([
			'card0-header-product_retailer_id',
			'card0-header-catalog_id',
			'card1-header-product_retailer_id',
			'card1-header-catalog_id',
		]);
		expect(fieldIds('appointment_flow')).toEqual([
			'body-1',
			'button0-flow_token',
			'button0-flow_action_data',
		]);
		expect(fieldIds('intro_catalog_offer')).toEqual([
			'body-1',
			'body-2',
			'button0-thumbnail_product_retailer_id',
		]);
		expect(fieldIds('abandoned_cart_mpm')).toEqual([
			'header-1',
			'body-1',
			'button0-thumbnail_product_retailer_id',
			'button0-sections',
		]);
		expect(fieldIds('store_location')).toEqual([
			'header-latitude',
			'header-longitude',
			'header-name',
			'header-address',
			'body-1',
		]);
		expect(fieldIds('invoice_ready')).toEqual([
			'header-document',
			'header-filename',
			'body-1',
			'body-2',
		]);
	});
});

describe('components from the form, in the JSON Meta documents', () => {
	it('positional: header image by link, body, URL suffix', () => {
		expect(
			componentsFromForm(shapeOf('order_update'), {
				'header-image': 'https://example.com/banner.png',
				'body-1': 'Ana',
				'body-2': 10045,
				'body-3': 'May 2',
				'button0-url': '10045',
			}),
		).toEqual([
			{
				type: 'header',
				parameters: [{ type: 'image', image: { link: 'https://example.com/banner.png' } }],
			},
			{
				type: 'body',
				parameters: [
					{ type: 'text', text: 'Ana' },
					{ type: 'text', text: '10045' },
					{ type: 'text', text: 'May 2' },
				],
			},
			{
				type: 'button',
				sub_type: 'url',
				index: '0',
				parameters: [{ type: 'text', text: '10045' }],
			},
		]);
	});

	it('named: parameter_name on every header and body parameter; currency and date-time as JSON', () => {
		expect(
			componentsFromForm(shapeOf('order_confirmation_named'), {
				'header-order_number': '10045',
				'body-first_name': 'Pablo',
				'body-order_total':
					'{"type":"currency","currency":{"fallback_value":"$100.99","code":"usd","amount_1000":100990}}',
				'body-ship_date': '{"type":"date_time","date_time":{"fallback_value":"May 2"}}',
			}),
		).toEqual([
			{
				type: 'header',
				parameters: [{ type: 'text', parameter_name: 'order_number', text: '10045' }],
			},
			{
				type: 'body',
				parameters: [
					{ type: 'text', parameter_name: 'first_name', text: 'Pablo' },
					{
						type: 'currency',
						parameter_name: 'order_total',
						currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 },
					},
					{
						type: 'date_time',
						parameter_name: 'ship_date',
						date_time: { fallback_value: 'May 2' },
					},
				],
			},
		]);
	});

	it('authentication: the code goes into the body and the one-time-password button', () => {
		expect(componentsFromForm(shapeOf('verification_code'), { 'body-1': '483920' })).toEqual([
			{ type: 'body', parameters: [{ type: 'text', text: '483920' }] },
			{
				type: 'button',
				sub_type: 'url',
				index: '0',
				parameters: [{ type: 'text', text: '483920' }],
			},
		]);
	});

	it('limited-time offer after the body, then copy code and URL', () => {
		const components = componentsFromForm(shapeOf('limited_offer'), {
			'header-image': '1602186516975000',
			'body-1': 'Pablo',
			'body-2': 'CARIBE25',
			'button0-coupon_code': 'CARIBE25',
			'button1-url': 'n3mtql',
			'offer-expiration': '2026-12-31T23:00:00Z',
		});
		expect(components.map((component) => component.type)).toEqual([
			'header',
			'body',
			'limited_time_offer',
			'button',
			'button',
		]);
		expect(components[2]).toEqual({
			type: 'limited_time_offer',
			parameters: [
				{
					type: 'limited_time_offer',
					limited_time_offer: { expiration_time_ms: Date.parse('2026-12-31T23:00:00Z') },
				},
			],
		});
		expect(components[3]).toEqual({
			type: 'button',
			sub_type: 'copy_code',
			index: '0',
			parameters: [{ type: 'coupon_code', coupon_code: 'CARIBE25' }],
		});
	});

	it('carousel cards, with optional quick replies left out', () => {
		const values: IDataObject = { 'body-1': 'Pablo' };
		for (const card of [0, 1]) {
			Object.assign(values, {
				[`card${card}-header-image`]: `https://example.com/${card}.png`,
				[`card${card}-body-1`]: 'BLUE15',
				[`card${card}-body-2`]: '15%',
				[`card${card}-button1-url`]: `blue-${card}`,
			});
		}
		values['card0-button0-payload'] = 'more-like-0';
		const [body, carousel] = componentsFromForm(shapeOf('summer_carousel'), values);
		expect(body).toEqual({ type: 'body', parameters: [{ type: 'text', text: 'Pablo' }] });
		expect((carousel.cards as IDataObject[]).map((card) => card.card_index)).toEqual([0, 1]);
		expect((carousel.cards as IDataObject[])[0].components).toEqual([
			{
				type: 'header',
				parameters: [{ type: 'image', image: { link: 'https://example.com/0.png' } }],
			},
			{
				type: 'body',
				parameters: [
					{ type: 'text', text: 'BLUE15' },
					{ type: 'text', text: '15%' },
				],
			},
			{
				type: 'button',
				sub_type: 'quick_reply',
				index: '0',
				parameters: [{ type: 'payload', payload: 'more-like-0' }],
			},
			{
				type: 'button',
				sub_type: 'url',
				index: '1',
				parameters: [{ type: 'text', text: 'blue-0' }],
			},
		]);
		expect(((carousel.cards as IDataObject[])[1].components as IDataObject[]).length).toBe(3);
	});

	it('Flow, catalog, multi-product and location', () => {
		expect(
			componentsFromForm(shapeOf('appointment_flow'), {
				'body-1': 'Pablo',
				'button0-flow_token': 'T-1',
				'button0-flow_action_data': '{"screen":"A"}',
			})[1],
		).toEqual({
			type: 'button',
			sub_type: 'flow',
			index: '0',
			parameters: [
				{ type: 'action', action: { flow_token: 'T-1', flow_action_data: { screen: 'A' } } },
			],
		});
		expect(
			componentsFromForm(shapeOf('intro_catalog_offer'), { 'body-1': '100', 'body-2': '400' })[1],
		).toEqual({
			type: 'button',
			sub_type: 'CATALOG',
			index: '0',
			parameters: [{ type: 'action', action: {} }],
		});
		const sections = [{ title: 'Your cart', product_items: [{ product_retailer_id: 'SKU-1' }] }];
		expect(
			componentsFromForm(shapeOf('abandoned_cart_mpm'), {
				'header-1': 'Pablo',
				'body-1': '10OFF',
				'button0-thumbnail_product_retailer_id': 'SKU-1',
				'button0-sections': JSON.stringify(sections),
			})[2],
		).toEqual({
			type: 'button',
			sub_type: 'mpm',
			index: '0',
			parameters: [
				{ type: 'action', action: { thumbnail_product_retailer_id: 'SKU-1', sections } },
			],
		});
		expect(
			componentsFromForm(shapeOf('store_location'), {
				'header-latitude': 37.48,
				'header-longitude': '-122.14',
				'header-name': 'Store',
				'body-1': 'Pablo',
			})[0],
		).toEqual({
			type: 'header',
			parameters: [
				{ type: 'location', location: { latitude: 37.48, longitude: -122.14, name: 'Store' } },
			],
		});
	});

	it.each([
		[
			'order_update',
			{ 'body-1': 'Ana' },
			/^Template "order_update" \(en_US\): header image is empty/,
		],
		[
			'order_update',
			{ 'header-image': 'x', 'body-1': 'Ana', 'body-2': ' ', 'body-3': 'c', 'button0-url': '1' },
			/order_update.*body variable \{\{2\}\} is empty/,
		],
		[
			'order_confirmation_named',
			{ 'header-order_number': '1', 'body-first_name': 'P', 'body-order_total': 'x' },
			/order_confirmation_named.*body variable \{\{ship_date\}\} is empty/,
		],
		[
			'order_update',
			{ 'header-image': 'x', 'body-1': 'Ana', 'body-2': 'b', 'body-3': 'c' },
			/button 1 URL suffix is empty/,
		],
		[
			'seasonal_promotion',
			{ 'header-1': 'Sale', 'body-1': 'line\nbreak', 'body-2': 'b', 'body-3': 'c' },
			/body variable \{\{1\}\} has a new line.*132018/,
		],
		[
			'limited_offer',
			{
				'header-image': '1',
				'body-1': 'a',
				'body-2': 'b',
				'button0-coupon_code': 'WAY-TOO-LONG-COUPON',
				'button1-url': 'u',
				'offer-expiration': '1767225600000',
			},
			/button 1 coupon code "WAY-TOO-LONG-COUPON" is longer than 15/,
		],
		[
			'limited_offer',
			{
				'header-image': '1',
				'body-1': 'a',
				'body-2': 'b',
				'button0-coupon_code': 'C',
				'button1-url': 'u',
				'offer-expiration': 'next week',
			},
			/limited-time offer expiration "next week"/,
		],
		[
			'order_confirmation_named',
			{
				'header-order_number': '1',
				'body-first_name': 'P',
				'body-order_total': '{"type":"currency","currency":{"code":"DOLLARS"}}',
				'body-ship_date': 'x',
			},
			/\{\{order_total\}\} is a currency/,
		],
		[
			'store_location',
			{ 'header-latitude': 95, 'header-longitude': 1, 'body-1': 'P' },
			/header location latitude "95" is not a number between -90 and 90/,
		],
		[
			'abandoned_cart_mpm',
			{
				'header-1': 'P',
				'body-1': 'c',
				'button0-thumbnail_product_retailer_id': 'S',
				'button0-sections': '[]',
			},
			/button 1 sections must list sections/,
		],
		[
			'appointment_flow',
			{ 'body-1': 'P', 'button0-flow_action_data': '[1]' },
			/Flow action data must be a JSON object/,
		],
		['summer_carousel', { 'body-1': 'P' }, /card 1 header image is empty/],
	])(
		'%s: refuses %j before any request, naming template, component and variable',
		(name, values, message) => {
			expect(() => componentsFromForm(shapeOf(name), values)).toThrow(InvalidInputError);
			expect(() => componentsFromForm(shapeOf(name), values)).toThrow(message);
		},
	);

	it('reads expiration as milliseconds or as a date', () => {
		expect(expirationMs('1767225600000')).toBe(1767225600000);
		expect(expirationMs('2026-01-01T00:00:00Z')).toBe(1767225600000);
		expect(expirationMs('1209600000')).toBeUndefined();
	});
});

describe('hand-written components checked against the template', () => {
	const body = (...texts: string[]) => ({
		type: 'body',
		parameters: texts.map((text) => ({ type: 'text', text })),
	});
	const image = {
		type: 'header',
		parameters: [{ type: 'image', image: { link: 'https://example.com/a.png' } }],
	};
	const url = {
		type: 'button',
		sub_type: 'url',
		index: '0',
		parameters: [{ type: 'text', text: 'x' }],
	};

	it('accepts what fits', () => {
		expect(() =>
			checkComponents(shapeOf('order_update'), [image, body('a', 'b', 'c'), url]),
		).not.toThrow();
		expect(() => checkComponents(shapeOf('hello_world'), [])).not.toThrow();
	});

	it.each([
		[
			'order_update',
			[image, body('a', 'b'), url],
			'Template "order_update" (en_US): the body has 3 variables ({{1}}, {{2}}, {{3}}), but 2 body parameters were given: {{3}} is missing.',
		],
		[
			'order_update',
			[image, body('a', 'b', 'c', 'd'), url],
			'Template "order_update" (en_US): the body has 3 variables ({{1}}, {{2}}, {{3}}), but 4 body parameters were given.',
		],
		[
			'hello_world',
			[body('a')],
			'Template "hello_world" (en_US): the body has no variables, but 1 body parameters were given.',
		],
		[
			'order_update',
			[body('a', 'b', 'c'), url],
			'Template "order_update" (en_US): the image header needs a header parameter, and none was given.',
		],
		[
			'order_update',
			[{ type: 'header', parameters: [{ type: 'text', text: 'x' }] }, body('a', 'b', 'c'), url],
			'Template "order_update" (en_US): the image header needs a image parameter, but a text parameter was given.',
		],
		[
			'order_update',
			[image, body('a', 'b', 'c')],
			'Template "order_update" (en_US): button 1 ("Track order") needs its URL suffix for https://shop.example/track/{{1}}, and no button parameter with index 0 was given.',
		],
		[
			'order_update',
			[image, body('a', 'b', 'c'), url, { ...url, index: '3' }],
			'Template "order_update" (en_US): a button parameter was given for button 4 (index 3), but the template has 1 button.',
		],
		[
			'seasonal_promotion',
			[
				{ type: 'header', parameters: [{ type: 'text', text: 'x' }] },
				body('a', 'b', 'c'),
				{ ...url, index: 1 },
			],
			'Template "seasonal_promotion" (en_US): button 2 ("Unsubscribe from All") is a quick_reply button, but a url parameter was given for it.',
		],
		[
			'hello_world',
			[{ type: 'header', parameters: [{ type: 'text', text: 'x' }] }],
			'Template "hello_world" (en_US): the header has no variable, but a header parameter was given. Remove it.',
		],
		[
			'order_confirmation_named',
			[
				{
					type: 'header',
					parameters: [{ type: 'text', text: '1', parameter_name: 'order_number' }],
				},
				{
					type: 'body',
					parameters: [
						{ type: 'text', text: 'P', parameter_name: 'first_name' },
						{ type: 'text', text: '1', parameter_name: 'order_total' },
					],
				},
			],
			'Template "order_confirmation_named" (en_US): body variable {{ship_date}} has no parameter with parameter_name "ship_date".',
		],
		[
			'limited_offer',
			[
				image,
				body('a', 'b'),
				{ type: 'button', sub_type: 'copy_code', index: 0, parameters: [] },
				{ ...url, index: '1' },
			],
			'Template "limited_offer" (en_US): the limited-time offer needs its expiration (a limited_time_offer component with expiration_time_ms).',
		],
		[
			'summer_carousel',
			[body('a'), { type: 'carousel', cards: [{ card_index: 0, components: [] }] }],
			'Template "summer_carousel" (en_US): the carousel has 2 cards, but 1 were given.',
		],
	])(
		'%s: refuses a wrong parameter count or a missing variable (%#)',
		(name, components, message) => {
			expect(() => checkComponents(shapeOf(name), components as IDataObject[])).toThrow(message);
		},
	);
});

describe('the template operation with looked-up definitions', () => {
	const base = {
		phoneNumberId: '106540352242922',
		to: '+16505551234',
		referenceId: 'crm-42',
		templateLanguage: 'en_US',
	};
	const lookups: BuildContext['templates'] = new Map(
		all.map((template) => [
			templateKey(template.name, template.language),
			{ definition: template as TemplateDefinition },
		]),
	);
	const build = (
		parameters: Record<string, unknown>,
		context: BuildContext = { templates: lookups },
	) =>
		buildRequest(
			'template',
			readerFor({ ...base, ...parameters }),
			0,
			META_REFERENCE_MAX_LENGTH,
			context,
		);

	it('form mode builds the components from the definition, plus extra JSON', () => {
		const request = build({
			templateName: 'verification_code',
			templateParametersMode: 'form',
			templateFields: { mappingMode: 'defineBelow', value: { 'body-1': '123456' } },
			templateComponentsJson: '',
		});
		expect(request.body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '16505551234',
			biz_opaque_callback_data: 'crm-42',
			type: 'template',
			template: {
				name: 'verification_code',
				language: { code: 'en_US' },
				components: [
					{ type: 'body', parameters: [{ type: 'text', text: '123456' }] },
					{
						type: 'button',
						sub_type: 'url',
						index: '0',
						parameters: [{ type: 'text', text: '123456' }],
					},
				],
			},
		});
	});

	it('form mode without a definition says why, and how to send anyway', () => {
		expect(() =>
			build(
				{
					templateName: 'order_update',
					templateParametersMode: 'form',
					templateFields: { value: {} },
				},
				{
					templates: new Map([
						[
							templateKey('order_update', 'en_US'),
							{ problem: 'the credential has no WhatsApp Business Account ID' },
						],
					]),
				},
			),
		).toThrow(
			'Template "order_update" (en_US): the form needs the template\'s definition, but the credential has no WhatsApp Business Account ID. Switch Template Parameters to Manual to send without it.',
		);
	});

	it('manual mode is checked when the definition is known, unless the check is off; unknown templates pass as before', () => {
		const manual = {
			templateName: 'order_update',
			headerParameter: { header: { type: 'image', media: '1602186516975000' } },
			bodyParameters: { parameter: [{ type: 'text', text: 'Ana' }] },
			buttonParameters: { button: [{ subType: 'url', index: 0, value: '10045' }] },
		};
		expect(() => build(manual)).toThrow(/order_update.*body has 3 variables/);
		expect(() => build({ ...manual, options: { checkTemplate: false } })).not.toThrow();
		expect(() => build({ ...manual, templateName: 'not_in_account' })).not.toThrow();
		expect(() => build(manual, { templates: new Map() })).not.toThrow();
	});

	it('refuses a template that is not approved', () => {
		expect(() => build({ templateName: 'paused_promo' })).toThrow(
			'Template "paused_promo" (en_US) is PAUSED, not APPROVED',
		);
	});

	it('Marketing Messages API: route decided from category and onboarding, refused outright without fallback', () => {
		const promo = {
			templateName: 'seasonal_promotion',
			templateParametersMode: 'form',
			templateFields: {
				value: { 'header-1': 'Sale', 'body-1': 'a', 'body-2': 'b', 'body-3': 'c' },
			},
		};
		expect(build({ ...promo, options: { marketingMessagesApi: true } }).marketingMessages).toEqual({
			fallback: true,
			skipReason: null,
		});
		expect(
			build(
				{ ...promo, options: { marketingMessagesApi: true } },
				{ templates: lookups, marketingMessagesOnboarding: 'ELIGIBLE' },
			).marketingMessages,
		).toEqual({
			fallback: true,
			skipReason:
				"the account's marketing_messages_onboarding_status is ELIGIBLE, not ONBOARDED: accept the Marketing Messages API terms in WhatsApp Manager first",
		});
		const utility = {
			templateName: 'verification_code',
			templateParametersMode: 'form',
			templateFields: { value: { 'body-1': '1' } },
		};
		expect(
			build({ ...utility, options: { marketingMessagesApi: true } }).marketingMessages?.skipReason,
		).toMatch(/category is AUTHENTICATION/);
		expect(() =>
			build({
				...utility,
				options: { marketingMessagesApi: true, marketingMessagesFallback: false },
			}),
		).toThrow(
			/verification_code.*cannot go through the Marketing Messages API: the template's category is AUTHENTICATION/,
		);
		expect(build(utility).marketingMessages).toBeUndefined();
	});
});
