import type { IDataObject } from 'n8n-workflow';
import type { MediaFormat } from './template-definition';
import { withoutEmpty } from './parameters';

/**
 * Meta's JSON for each template component a send can carry, one builder each, as Meta documents
 * them (Meta's "Send messages" page,
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages, and its pages on coupon-code, catalog,
 * multi-product, authentication, Flow, limited-time-offer and carousel templates). Values arrive
 * checked; these only shape them.
 */

/** Sent with `parameter_name` when the template's variables are named. */
export function textParameter(value: string, parameterName?: string): IDataObject {
	return withoutEmpty({ type: 'text', parameter_name: parameterName, text: value });
}

export function currencyParameter(
	currency: { fallbackValue: string; code: string; amount1000: number },
	parameterName?: string,
): IDataObject {
	return withoutEmpty({
		type: 'currency',
		parameter_name: parameterName,
		currency: {
			fallback_value: currency.fallbackValue,
			code: currency.code,
			amount_1000: currency.amount1000,
		},
	});
}

/** "For Cloud API, we always use the fallback value." */
export function dateTimeParameter(fallbackValue: string, parameterName?: string): IDataObject {
	return withoutEmpty({
		type: 'date_time',
		parameter_name: parameterName,
		date_time: { fallback_value: fallbackValue },
	});
}

/** A media header by its uploaded media ID or a public link; a document may carry its file name. */
export function mediaParameter(
	format: MediaFormat,
	media: { id: string } | { link: string },
	filename?: string,
): IDataObject {
	return {
		type: format,
		[format]: withoutEmpty({ ...media, filename: format === 'document' ? filename : undefined }),
	};
}

export function locationParameter(location: {
	latitude: number;
	longitude: number;
	name?: string;
	address?: string;
}): IDataObject {
	return { type: 'location', location: withoutEmpty({ ...location }) };
}

/** Single-product and product-card headers: a product of the catalog connected to the account. */
export function productParameter(productRetailerId: string, catalogId: string): IDataObject {
	return {
		type: 'product',
		product: { product_retailer_id: productRetailerId, catalog_id: catalogId },
	};
}

export function headerComponent(parameter: IDataObject): IDataObject {
	return { type: 'header', parameters: [parameter] };
}

export function bodyComponent(parameters: IDataObject[]): IDataObject {
	return { type: 'body', parameters };
}

function button(subType: string, index: number, parameters: IDataObject[]): IDataObject {
	return { type: 'button', sub_type: subType, index: String(index), parameters };
}

export function quickReplyButton(index: number, payload: string): IDataObject {
	return button('quick_reply', index, [{ type: 'payload', payload }]);
}

/** The variable end of a dynamic URL. */
export function urlButton(index: number, suffix: string): IDataObject {
	return button('url', index, [{ type: 'text', text: suffix }]);
}

/** Meta's limit on a copy-code button's coupon code. */
export const COUPON_CODE_MAX = 15;

export function copyCodeButton(index: number, couponCode: string): IDataObject {
	return button('copy_code', index, [{ type: 'coupon_code', coupon_code: couponCode }]);
}

/** Copy-code, one-tap and zero-tap authentication buttons all take the code as a URL button parameter. */
export function otpButton(index: number, code: string): IDataObject {
	return urlButton(index, code);
}

export function flowButton(
	index: number,
	flowToken?: string,
	flowActionData?: IDataObject,
): IDataObject {
	return button('flow', index, [
		{
			type: 'action',
			action: withoutEmpty({ flow_token: flowToken, flow_action_data: flowActionData }),
		},
	]);
}

/** Meta's catalog-template page sends the sub-type in capitals. */
export function catalogButton(index: number, thumbnailProductRetailerId?: string): IDataObject {
	const action = withoutEmpty({ thumbnail_product_retailer_id: thumbnailProductRetailerId });
	return button('CATALOG', index, [{ type: 'action', action }]);
}

export interface ProductSection {
	title: string;
	product_items: Array<{ product_retailer_id: string }>;
}

export function multiProductButton(
	index: number,
	thumbnailProductRetailerId: string,
	sections: ProductSection[],
): IDataObject {
	return button('mpm', index, [
		{
			type: 'action',
			action: { thumbnail_product_retailer_id: thumbnailProductRetailerId, sections },
		},
	]);
}

/** The offer's end as a UNIX timestamp in milliseconds. */
export function limitedTimeOfferComponent(expirationTimeMs: number): IDataObject {
	return {
		type: 'limited_time_offer',
		parameters: [
			{ type: 'limited_time_offer', limited_time_offer: { expiration_time_ms: expirationTimeMs } },
		],
	};
}

/** Media-card and product-card carousels: each card's components in card order. */
export function carouselComponent(cards: IDataObject[][]): IDataObject {
	return {
		type: 'carousel',
		cards: cards.map((components, cardIndex) => ({ card_index: cardIndex, components })),
	};
}
