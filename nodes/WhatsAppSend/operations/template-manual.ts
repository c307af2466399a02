import type { IDataObject } from 'n8n-workflow';
import { InvalidInputError } from '../../shared/invalid-input';
import type { ParameterReader } from '../types';
import { httpUrl, mediaIdText, textValue } from './parameters';
import {
	COUPON_CODE_MAX,
	bodyComponent,
	copyCodeButton,
	currencyParameter,
	dateTimeParameter,
	headerComponent,
	locationParameter,
	mediaParameter,
	quickReplyButton,
	textParameter,
	urlButton,
} from './template-components';
import type { MediaFormat } from './template-definition';

/**
 * Template Parameters → Manual: the Header, Body and Button Parameters entered by hand, checked
 * here and shaped by the builders the template form uses (`template-components.ts`).
 */

type Parameters = IDataObject[];

export function manualComponents(read: ParameterReader): IDataObject[] {
	const components: IDataObject[] = [];
	const header = read('headerParameter.header', null) as IDataObject | null;
	if (header) components.push(headerComponent(headerParameter(header)));
	const bodyParameters = (read('bodyParameters.parameter', []) as Parameters).map(
		(parameter, index) => bodyParameter(parameter, index + 1),
	);
	if (bodyParameters.length > 0) components.push(bodyComponent(bodyParameters));
	components.push(
		...(read('buttonParameters.button', []) as Parameters).map((button, index) =>
			buttonComponent(button, index + 1),
		),
	);
	return components;
}

function isMediaFormat(type: string): type is MediaFormat {
	return type === 'image' || type === 'video' || type === 'document';
}

function headerParameter(header: IDataObject): IDataObject {
	const type = String(header.type ?? 'text');
	if (type === 'text') {
		const text = String(header.text ?? '');
		if (text.trim() === '')
			throw new InvalidInputError('The text header has no text. Enter the value of its variable.');
		return textParameter(text, textValue(header.parameterName));
	}
	if (type === 'location') {
		const latitude = Number(header.latitude);
		const longitude = Number(header.longitude);
		if (
			!(Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180) ||
			header.latitude === '' ||
			header.longitude === ''
		) {
			throw new InvalidInputError(
				'The location header needs a latitude from -90 to 90 and a longitude from -180 to 180.',
			);
		}
		return locationParameter({
			latitude,
			longitude,
			name: textValue(header.locationName),
			address: textValue(header.address),
		});
	}
	if (isMediaFormat(type)) {
		const media = String(header.media ?? '').trim();
		if (media === '') {
			throw new InvalidInputError(
				`The ${type} header has no media. Enter a public https:// link or a media ID.`,
			);
		}
		return mediaParameter(type, mediaReference(media), textValue(header.filename));
	}
	throw new InvalidInputError(
		`Header type "${type}" is not text, image, video, document or location.`,
	);
}

function mediaReference(value: string): { id: string } | { link: string } {
	return /^https?:\/\//i.test(value)
		? { link: httpUrl(value, 'Header media link') }
		: { id: mediaIdText(value, 'Header media') };
}

function bodyParameter(parameter: IDataObject, position: number): IDataObject {
	const type = String(parameter.type ?? 'text');
	const name = textValue(parameter.parameterName);
	if (type === 'currency') {
		const amount = Number(parameter.amount);
		const code = String(parameter.currencyCode ?? '')
			.trim()
			.toUpperCase();
		if (!Number.isFinite(amount) || !/^[A-Z]{3}$/.test(code)) {
			throw new InvalidInputError(
				`Body parameter ${position} needs an amount and a three-letter currency code such as USD.`,
			);
		}
		return currencyParameter(
			{
				fallbackValue: textValue(parameter.fallbackValue) || `${amount} ${code}`,
				code,
				amount1000: Math.round(amount * 1000),
			},
			name,
		);
	}
	if (type === 'dateTime') {
		const fallback = String(parameter.fallbackValue ?? '');
		if (fallback.trim() === '') {
			throw new InvalidInputError(
				`Body parameter ${position} is a date without Fallback Text; WhatsApp shows only that text, so enter it.`,
			);
		}
		return dateTimeParameter(fallback, name);
	}
	const text = String(parameter.text ?? '');
	if (text.trim() === '')
		throw new InvalidInputError(
			`Body parameter ${position} has no text. Enter the value of its variable.`,
		);
	return textParameter(text, name);
}

const BUTTONS: Record<string, (index: number, value: string) => IDataObject> = {
	quick_reply: quickReplyButton,
	url: urlButton,
	copy_code: (index, value) => {
		if (value.length > COUPON_CODE_MAX) {
			throw new InvalidInputError(
				`The coupon code "${value}" is longer than ${COUPON_CODE_MAX} characters, Meta's limit for a copy-code button.`,
			);
		}
		return copyCodeButton(index, value);
	},
};

function buttonComponent(button: IDataObject, position: number): IDataObject {
	const subType = String(button.subType ?? 'quick_reply');
	const toButton = BUTTONS[subType];
	if (!toButton)
		throw new InvalidInputError(`Button type "${subType}" is not quick_reply, url or copy_code.`);
	// Meta's template messages take a button's position on the template, 0 to 9.
	const index = Number(button.index ?? 0);
	if (
		!Number.isInteger(index) ||
		index < 0 ||
		index > 9 ||
		(typeof button.index === 'string' && button.index.trim() === '')
	) {
		throw new InvalidInputError(
			`Button parameter ${position}: Button Index must be a whole number from 0 to 9, not ${JSON.stringify(button.index)}.`,
		);
	}
	const value = String(button.value ?? '');
	if (value.trim() === '')
		throw new InvalidInputError(
			`Button parameter ${position} has no value. Enter the value of its variable.`,
		);
	return toButton(index, value);
}
