import type { IDataObject } from 'n8n-workflow';
import {
	bodyComponent,
	carouselComponent,
	catalogButton,
	copyCodeButton,
	currencyParameter,
	dateTimeParameter,
	flowButton,
	headerComponent,
	limitedTimeOfferComponent,
	locationParameter,
	mediaParameter,
	multiProductButton,
	otpButton,
	productParameter,
	quickReplyButton,
	textParameter,
	urlButton,
} from '../../nodes/WhatsAppSend/operations/template-components';

/**
 * Each builder against the JSON Meta documents for it. Meta's own examples write a button's
 * `index` sometimes as "0" and sometimes as 0 (Meta's "Send messages" page and its template pages);
 * the node always sends the string, so the documented examples are compared with it as a string.
 */
const indexAsString = (component: IDataObject): IDataObject =>
	component.index === undefined ? component : { ...component, index: String(component.index) };

describe('template components as Meta documents them', () => {
	it('body parameters: text, named text, currency, date-time (Send message templates; Named parameters)', () => {
		expect(
			bodyComponent([
				textParameter('Pablo'),
				currencyParameter({ fallbackValue: '$100.99', code: 'USD', amount1000: 100990 }),
				dateTimeParameter('February 25, 1977'),
			]),
		).toEqual(
			JSON.parse(`{"type":"body","parameters":[
			{"type":"text","text":"Pablo"},
			{"type":"currency","currency":{"fallback_value":"$100.99","code":"USD","amount_1000":100990}},
			{"type":"date_time","date_time":{"fallback_value":"February 25, 1977"}}]}`),
		);
		expect(textParameter('Jessica', 'first_name')).toEqual(
			JSON.parse('{"type":"text","parameter_name":"first_name","text":"Jessica"}'),
		);
		expect(
			currencyParameter({ fallbackValue: '$10.99', code: 'USD', amount1000: 10990 }, 'order_total'),
		).toEqual({
			type: 'currency',
			parameter_name: 'order_total',
			currency: { fallback_value: '$10.99', code: 'USD', amount_1000: 10990 },
		});
	});

	it('headers: text, image by ID, video by link, document with file name, location, product', () => {
		expect(headerComponent(textParameter('Summer Sale'))).toEqual(
			JSON.parse('{"type":"header","parameters":[{"type":"text","text":"Summer Sale"}]}'),
		);
		expect(headerComponent(mediaParameter('image', { id: '1602186516975000' }))).toEqual(
			JSON.parse(
				'{"type":"header","parameters":[{"type":"image","image":{"id":"1602186516975000"}}]}',
			),
		);
		expect(
			headerComponent(mediaParameter('video', { link: 'https://example.com/clip.mp4' })),
		).toEqual(
			JSON.parse(
				'{"type":"header","parameters":[{"type":"video","video":{"link":"https://example.com/clip.mp4"}}]}',
			),
		);
		expect(
			headerComponent(
				mediaParameter('document', { link: 'https://example.com/invoice.pdf' }, 'invoice.pdf'),
			),
		).toEqual(
			JSON.parse(
				'{"type":"header","parameters":[{"type":"document","document":{"link":"https://example.com/invoice.pdf","filename":"invoice.pdf"}}]}',
			),
		);
		// Meta's location-header example writes the coordinates as numbers in the request reference and as text in one guide; numbers are what the location message takes.
		expect(
			headerComponent(
				locationParameter({
					latitude: 37.483307,
					longitude: -122.148981,
					name: 'Pablo Morales',
					address: '1 Hacker Way, Menlo Park, CA 94025',
				}),
			),
		).toEqual(
			JSON.parse(
				'{"type":"header","parameters":[{"type":"location","location":{"latitude":37.483307,"longitude":-122.148981,"name":"Pablo Morales","address":"1 Hacker Way, Menlo Park, CA 94025"}}]}',
			),
		);
		expect(headerComponent(productParameter('2lc20305pt', '194836987003835'))).toEqual(
			JSON.parse(
				'{"type":"header","parameters":[{"type":"product","product":{"product_retailer_id":"2lc20305pt","catalog_id":"194836987003835"}}]}',
			),
		);
	});

	it('buttons: quick reply, URL, copy code, one-time password, Flow, catalog, multi-product', () => {
		expect(quickReplyButton(0, 'more-aloes')).toEqual(
			JSON.parse(
				'{"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"more-aloes"}]}',
			),
		);
		expect(urlButton(1, 'n3mtql')).toEqual(
			JSON.parse(
				'{"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"n3mtql"}]}',
			),
		);
		expect(copyCodeButton(0, 'CARIBE25')).toEqual(
			indexAsString(
				JSON.parse(
					'{"type":"button","sub_type":"copy_code","index":0,"parameters":[{"type":"coupon_code","coupon_code":"CARIBE25"}]}',
				),
			),
		);
		// Copy-code, one-tap and zero-tap authentication templates: the code goes in the body and in a url button at index 0.
		expect(otpButton(0, 'J$FpnYnP')).toEqual(
			JSON.parse(
				'{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"J$FpnYnP"}]}',
			),
		);
		expect(flowButton(0, 'FLOW_TOKEN', {})).toEqual(
			JSON.parse(
				'{"type":"button","sub_type":"flow","index":"0","parameters":[{"type":"action","action":{"flow_token":"FLOW_TOKEN","flow_action_data":{}}}]}',
			),
		);
		expect(flowButton(0)).toEqual({
			type: 'button',
			sub_type: 'flow',
			index: '0',
			parameters: [{ type: 'action', action: {} }],
		});
		expect(catalogButton(0, '2lc20305pt')).toEqual(
			indexAsString(
				JSON.parse(
					'{"type":"button","sub_type":"CATALOG","index":0,"parameters":[{"type":"action","action":{"thumbnail_product_retailer_id":"2lc20305pt"}}]}',
				),
			),
		);
		const sections = [
			{
				title: 'Popular Bundles',
				product_items: [
					{ product_retailer_id: '5rbtg5cmnz' },
					{ product_retailer_id: '2lc20305pt' },
				],
			},
			{ title: 'Premium Packages', product_items: [{ product_retailer_id: 'v2x3e4b3se' }] },
		];
		expect(multiProductButton(0, '5rbtg5cmnz', sections)).toEqual(
			indexAsString({
				type: 'button',
				sub_type: 'mpm',
				index: 0,
				parameters: [
					{ type: 'action', action: { thumbnail_product_retailer_id: '5rbtg5cmnz', sections } },
				],
			}),
		);
	});

	it('limited-time offer, with its copy-code and URL buttons (Limited-time offer templates)', () => {
		const components = [
			headerComponent(mediaParameter('image', { id: '1602186516975000' })),
			bodyComponent([textParameter('Pablo'), textParameter('CARIBE25')]),
			limitedTimeOfferComponent(1698562800000),
			copyCodeButton(0, 'CARIBE25'),
			urlButton(1, 'n3mtql'),
		];
		expect(components.map(indexAsString)).toEqual(
			JSON.parse(
				`[
				{"type":"header","parameters":[{"type":"image","image":{"id":"1602186516975000"}}]},
				{"type":"body","parameters":[{"type":"text","text":"Pablo"},{"type":"text","text":"CARIBE25"}]},
				{"type":"limited_time_offer","parameters":[{"type":"limited_time_offer","limited_time_offer":{"expiration_time_ms":1698562800000}}]},
				{"type":"button","sub_type":"copy_code","index":0,"parameters":[{"type":"coupon_code","coupon_code":"CARIBE25"}]},
				{"type":"button","sub_type":"url","index":1,"parameters":[{"type":"text","text":"n3mtql"}]}
			]`,
			).map(indexAsString),
		);
	});

	it('media-card and product-card carousels (Media card carousel templates; Product card carousel templates)', () => {
		expect(
			carouselComponent([
				[
					headerComponent(mediaParameter('image', { id: '24230790383178626' })),
					bodyComponent([textParameter('10OFF'), textParameter('15%')]),
					quickReplyButton(0, 'more-aloes'),
					urlButton(1, 'blue-elf'),
				],
			]),
		).toEqual(
			JSON.parse(`{"type":"carousel","cards":[{"card_index":0,"components":[
				{"type":"header","parameters":[{"type":"image","image":{"id":"24230790383178626"}}]},
				{"type":"body","parameters":[{"type":"text","text":"10OFF"},{"type":"text","text":"15%"}]},
				{"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"more-aloes"}]},
				{"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"blue-elf"}]}]}]}`),
		);
		expect(
			carouselComponent([[headerComponent(productParameter('2lc20305pt', '194836987003835'))]]),
		).toEqual(
			JSON.parse(
				'{"type":"carousel","cards":[{"card_index":0,"components":[{"type":"header","parameters":[{"type":"product","product":{"product_retailer_id":"2lc20305pt","catalog_id":"194836987003835"}}]}]}]}',
			),
		);
	});
});
