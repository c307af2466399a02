import type { FieldType, IDataObject, ResourceMapperField } from 'n8n-workflow';
import { InvalidInputError } from '../../shared/invalid-input';
import {
	type ProductSection,
	COUPON_CODE_MAX,
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
} from './template-components';
import { isMediaId } from './parameters';
import {
	type ButtonShape,
	type SectionShape,
	type TemplateShape,
	type Variable,
	braces,
	isAuthentication,
	templateLabel,
} from './template-definition';

/**
 * The template form: one field per thing the chosen template takes (n8n's resource mapper), and the
 * components built from what the fields hold. Field IDs name the place a value goes, joined by `-`,
 * which Meta's variable names (lowercase letters, digits, underscores) never contain:
 * `header-1`, `header-image`, `body-first_name`, `button1-url`, `offer-expiration`, `card0-body-1`.
 */

interface FormField {
	id: string;
	displayName: string;
	required: boolean;
	type: FieldType;
}

/** Meta refuses parameter text with new lines, tabs or more than four spaces in a row (132018). */
const BAD_PARAMETER_TEXT = /[\n\t]| {5,}/;

function example(variable: Variable): string {
	return variable.example ? ` (e.g. ${variable.example})` : '';
}

function sectionFields(
	section: SectionShape,
	prefix: string,
	label: string,
	authentication: boolean,
): FormField[] {
	const fields: FormField[] = [];
	const header = section.header;
	if (header.format === 'text') {
		fields.push({
			id: `${prefix}header-${header.variable.name}`,
			displayName: `${label}Header ${braces(header.variable.name)}${example(header.variable)}`,
			required: true,
			type: 'string',
		});
	} else if (
		header.format === 'image' ||
		header.format === 'video' ||
		header.format === 'document'
	) {
		fields.push({
			id: `${prefix}header-${header.format}`,
			displayName: `${label}Header ${header.format}: public link or media ID`,
			required: true,
			type: 'string',
		});
		if (header.format === 'document') {
			fields.push({
				id: `${prefix}header-filename`,
				displayName: `${label}Header document: file name`,
				required: false,
				type: 'string',
			});
		}
	} else if (header.format === 'location') {
		fields.push(
			{
				id: `${prefix}header-latitude`,
				displayName: `${label}Header location: latitude`,
				required: true,
				type: 'number',
			},
			{
				id: `${prefix}header-longitude`,
				displayName: `${label}Header location: longitude`,
				required: true,
				type: 'number',
			},
			{
				id: `${prefix}header-name`,
				displayName: `${label}Header location: name`,
				required: false,
				type: 'string',
			},
			{
				id: `${prefix}header-address`,
				displayName: `${label}Header location: address`,
				required: false,
				type: 'string',
			},
		);
	} else if (header.format === 'product') {
		fields.push(
			{
				id: `${prefix}header-product_retailer_id`,
				displayName: `${label}Header product: product retailer ID (SKU)`,
				required: true,
				type: 'string',
			},
			{
				id: `${prefix}header-catalog_id`,
				displayName: `${label}Header product: catalog ID`,
				required: true,
				type: 'string',
			},
		);
	}
	for (const variable of section.body) {
		fields.push({
			id: `${prefix}body-${variable.name}`,
			displayName: authentication
				? `${label}Verification code ${braces(variable.name)}${example(variable)}`
				: `${label}Body ${braces(variable.name)}${example(variable)}`,
			required: true,
			type: 'string',
		});
	}
	for (const button of section.buttons) fields.push(...buttonFields(button, prefix, label));
	return fields;
}

function buttonFields(button: ButtonShape, prefix: string, label: string): FormField[] {
	const name = `${label}Button ${button.index + 1}${button.text ? ` "${button.text}"` : ''}`;
	const id = `${prefix}button${button.index}`;
	switch (button.kind) {
		case 'quickReply':
			return [
				{
					id: `${id}-payload`,
					displayName: `${name}: payload returned when tapped`,
					required: false,
					type: 'string',
				},
			];
		case 'url':
			return button.dynamic
				? [
						{
							id: `${id}-url`,
							displayName: `${name}: URL suffix for ${button.url}`,
							required: true,
							type: 'string',
						},
					]
				: [];
		case 'copyCode':
			return [
				{
					id: `${id}-coupon_code`,
					displayName: `${name}: coupon code (up to ${COUPON_CODE_MAX} characters)`,
					required: true,
					type: 'string',
				},
			];
		case 'flow':
			return [
				{
					id: `${id}-flow_token`,
					displayName: `${name}: Flow token`,
					required: false,
					type: 'string',
				},
				{
					id: `${id}-flow_action_data`,
					displayName: `${name}: Flow action data (JSON object)`,
					required: false,
					type: 'string',
				},
			];
		case 'catalog':
			return [
				{
					id: `${id}-thumbnail_product_retailer_id`,
					displayName: `${name}: thumbnail product retailer ID`,
					required: false,
					type: 'string',
				},
			];
		case 'mpm':
			return [
				{
					id: `${id}-thumbnail_product_retailer_id`,
					displayName: `${name}: thumbnail product retailer ID`,
					required: true,
					type: 'string',
				},
				{
					id: `${id}-sections`,
					displayName: `${name}: sections (JSON array of {title, product_items})`,
					required: true,
					type: 'string',
				},
			];
		default:
			// Phone number, voice call, single-product (View) and one-time-password buttons take no field of their own.
			return [];
	}
}

/** The fields the form shows for a template, in the order its parts appear. */
export function templateFormFields(shape: TemplateShape): ResourceMapperField[] {
	const fields = sectionFields(shape, '', '', isAuthentication(shape));
	if (shape.limitedTimeOffer?.hasExpiration) {
		fields.push({
			id: 'offer-expiration',
			displayName: 'Offer expiration: date and time, or UNIX time in milliseconds',
			required: true,
			type: 'string',
		});
	}
	shape.cards.forEach((card, index) =>
		fields.push(...sectionFields(card, `card${index}-`, `Card ${index + 1} · `, false)),
	);
	return fields.map((field) => ({
		...field,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
	}));
}

type Values = Record<string, unknown>;

class FormReader {
	constructor(
		private readonly values: Values,
		private readonly template: string,
	) {}

	problem(where: string, message: string): InvalidInputError {
		return new InvalidInputError(`${this.template}: ${where} ${message}`);
	}

	optional(id: string): string | undefined {
		const value = this.values[id];
		if (value === undefined || value === null) return undefined;
		const text =
			typeof value === 'string'
				? value
				: typeof value === 'object'
					? JSON.stringify(value)
					: String(value);
		return text.trim() === '' ? undefined : text;
	}

	required(id: string, where: string): string {
		const value = this.optional(id);
		if (value === undefined)
			throw this.problem(
				where,
				'is empty. Fill it in, or map it from the input with an expression.',
			);
		return value;
	}

	raw(id: string): unknown {
		return this.values[id];
	}
}

const FULL_DATE_TIME_TYPES = new Set(['currency', 'date_time']);

/**
 * A variable's parameter: plain text, or Meta's currency or date-time object, given as JSON
 * (`{"type":"currency","currency":{"fallback_value":"$100.99","code":"USD","amount_1000":100990}}`).
 */
function variableParameter(
	raw: unknown,
	text: string,
	name: string | undefined,
	where: string,
	reader: FormReader,
	textOnly: boolean,
): IDataObject {
	const parsed = structuredParameter(raw, text);
	if (parsed !== undefined && !textOnly) {
		if (parsed.type === 'currency') {
			const currency = (parsed.currency ?? {}) as IDataObject;
			const code = String(currency.code ?? '').toUpperCase();
			const amount1000 = Number(currency.amount_1000);
			if (
				!/^[A-Z]{3}$/.test(code) ||
				!Number.isInteger(amount1000) ||
				typeof currency.fallback_value !== 'string'
			) {
				throw reader.problem(
					where,
					'is a currency, which needs fallback_value (text), a three-letter code such as USD, and amount_1000 (the amount times 1000, a whole number).',
				);
			}
			return currencyParameter({ fallbackValue: currency.fallback_value, code, amount1000 }, name);
		}
		const dateTime = (parsed.date_time ?? {}) as IDataObject;
		if (typeof dateTime.fallback_value !== 'string' || dateTime.fallback_value.trim() === '') {
			throw reader.problem(
				where,
				'is a date and time, which needs date_time.fallback_value: the text WhatsApp shows.',
			);
		}
		return dateTimeParameter(dateTime.fallback_value, name);
	}
	if (BAD_PARAMETER_TEXT.test(text)) {
		throw reader.problem(
			where,
			'has a new line, a tab or more than four spaces in a row, which WhatsApp refuses in a parameter (error 132018).',
		);
	}
	return textParameter(text, name);
}

function structuredParameter(raw: unknown, text: string): IDataObject | undefined {
	let candidate: unknown = raw;
	if (typeof raw === 'string' && text.trim().startsWith('{')) {
		try {
			candidate = JSON.parse(text);
		} catch {
			return undefined;
		}
	}
	if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate))
		return undefined;
	const type = (candidate as IDataObject).type;
	return typeof type === 'string' && FULL_DATE_TIME_TYPES.has(type)
		? (candidate as IDataObject)
		: undefined;
}

function mediaReference(
	value: string,
	where: string,
	reader: FormReader,
): { id: string } | { link: string } {
	const trimmed = value.trim();
	if (/^https?:\/\//i.test(trimmed)) {
		if (!/^https?:\/\/\S+$/i.test(trimmed))
			throw reader.problem(where, `"${trimmed}" is not a link WhatsApp can fetch.`);
		return { link: trimmed };
	}
	if (!isMediaId(trimmed)) {
		throw reader.problem(where, `"${trimmed}" is neither a public https:// link nor a media ID.`);
	}
	return { id: trimmed };
}

function coordinate(value: string, where: string, limit: number, reader: FormReader): number {
	const number = Number(value);
	if (!Number.isFinite(number) || Math.abs(number) > limit)
		throw reader.problem(where, `"${value}" is not a number between -${limit} and ${limit}.`);
	return number;
}

function jsonValue(
	value: string,
	where: string,
	reader: FormReader,
	expect: 'object' | 'array',
): unknown {
	let parsed: unknown;
	try {
		parsed = JSON.parse(value);
	} catch (error) {
		throw reader.problem(where, `is not valid JSON (${(error as Error).message}).`);
	}
	const isArray = Array.isArray(parsed);
	if ((expect === 'array') !== isArray || typeof parsed !== 'object' || parsed === null) {
		throw reader.problem(
			where,
			expect === 'array' ? 'must be a JSON array.' : 'must be a JSON object.',
		);
	}
	return parsed;
}

function productSections(value: string, where: string, reader: FormReader): ProductSection[] {
	const sections = jsonValue(value, where, reader, 'array') as unknown[];
	const valid = sections.every(
		(section) =>
			typeof section === 'object' &&
			section !== null &&
			typeof (section as IDataObject).title === 'string' &&
			Array.isArray((section as IDataObject).product_items) &&
			((section as IDataObject).product_items as unknown[]).length > 0 &&
			((section as IDataObject).product_items as unknown[]).every(
				(item) =>
					typeof item === 'object' &&
					item !== null &&
					typeof (item as IDataObject).product_retailer_id === 'string',
			),
	);
	if (sections.length === 0 || !valid) {
		throw reader.problem(
			where,
			'must list sections like [{"title": "Popular", "product_items": [{"product_retailer_id": "SKU-1"}]}].',
		);
	}
	return sections as ProductSection[];
}

/** Milliseconds since 1970, from a number of milliseconds or a date such as 2026-12-31T23:59:00Z. */
export function expirationMs(value: string): number | undefined {
	const trimmed = value.trim();
	if (/^\d+$/.test(trimmed)) {
		const number = Number(trimmed);
		return number >= 1e11 ? number : undefined;
	}
	const parsed = Date.parse(trimmed);
	return Number.isNaN(parsed) ? undefined : parsed;
}

function sectionComponents(
	section: SectionShape,
	prefix: string,
	label: string,
	named: boolean,
	reader: FormReader,
	authentication: boolean,
): IDataObject[] {
	const components: IDataObject[] = [];
	const header = section.header;
	const where = (part: string) => `${label}${part}`;
	if (header.format === 'text') {
		const id = `${prefix}header-${header.variable.name}`;
		const place = where(`header variable ${braces(header.variable.name)}`);
		const value = reader.required(id, place);
		components.push(
			headerComponent(
				variableParameter(
					reader.raw(id),
					value,
					named ? header.variable.name : undefined,
					place,
					reader,
					true,
				),
			),
		);
	} else if (
		header.format === 'image' ||
		header.format === 'video' ||
		header.format === 'document'
	) {
		const place = where(`header ${header.format}`);
		const media = mediaReference(
			reader.required(`${prefix}header-${header.format}`, place),
			place,
			reader,
		);
		components.push(
			headerComponent(
				mediaParameter(header.format, media, reader.optional(`${prefix}header-filename`)),
			),
		);
	} else if (header.format === 'location') {
		const latitude = coordinate(
			reader.required(`${prefix}header-latitude`, where('header location latitude')),
			where('header location latitude'),
			90,
			reader,
		);
		const longitude = coordinate(
			reader.required(`${prefix}header-longitude`, where('header location longitude')),
			where('header location longitude'),
			180,
			reader,
		);
		components.push(
			headerComponent(
				locationParameter({
					latitude,
					longitude,
					name: reader.optional(`${prefix}header-name`),
					address: reader.optional(`${prefix}header-address`),
				}),
			),
		);
	} else if (header.format === 'product') {
		components.push(
			headerComponent(
				productParameter(
					reader.required(
						`${prefix}header-product_retailer_id`,
						where('header product retailer ID'),
					),
					reader.required(`${prefix}header-catalog_id`, where('header product catalog ID')),
				),
			),
		);
	}
	const bodyValues: string[] = [];
	if (section.body.length > 0) {
		components.push(
			bodyComponent(
				section.body.map((variable) => {
					const id = `${prefix}body-${variable.name}`;
					const place = where(`body variable ${braces(variable.name)}`);
					const value = reader.required(id, place);
					bodyValues.push(value);
					return variableParameter(
						reader.raw(id),
						value,
						named ? variable.name : undefined,
						place,
						reader,
						false,
					);
				}),
			),
		);
	}
	for (const button of section.buttons) {
		const component = buttonComponent(
			button,
			`${prefix}button${button.index}`,
			where(`button ${button.index + 1}`),
			reader,
			authentication ? bodyValues[0] : undefined,
		);
		if (component) components.push(component);
	}
	return components;
}

function buttonComponent(
	button: ButtonShape,
	id: string,
	place: string,
	reader: FormReader,
	code: string | undefined,
): IDataObject | undefined {
	switch (button.kind) {
		case 'quickReply': {
			const payload = reader.optional(`${id}-payload`);
			return payload === undefined ? undefined : quickReplyButton(button.index, payload);
		}
		case 'url':
			return button.dynamic
				? urlButton(button.index, reader.required(`${id}-url`, `${place} URL suffix`))
				: undefined;
		case 'copyCode': {
			const coupon = reader.required(`${id}-coupon_code`, `${place} coupon code`);
			if (coupon.length > COUPON_CODE_MAX)
				throw reader.problem(
					`${place} coupon code`,
					`"${coupon}" is longer than ${COUPON_CODE_MAX} characters.`,
				);
			return copyCodeButton(button.index, coupon);
		}
		case 'otp':
			if (code === undefined)
				throw reader.problem(
					place,
					'is a one-time-password button, but the template body has no variable for the code.',
				);
			return otpButton(button.index, code);
		case 'flow': {
			const data = reader.optional(`${id}-flow_action_data`);
			return flowButton(
				button.index,
				reader.optional(`${id}-flow_token`),
				data === undefined
					? undefined
					: (jsonValue(data, `${place} Flow action data`, reader, 'object') as IDataObject),
			);
		}
		case 'catalog':
			return catalogButton(button.index, reader.optional(`${id}-thumbnail_product_retailer_id`));
		case 'mpm':
			return multiProductButton(
				button.index,
				reader.required(
					`${id}-thumbnail_product_retailer_id`,
					`${place} thumbnail product retailer ID`,
				),
				productSections(
					reader.required(`${id}-sections`, `${place} sections`),
					`${place} sections`,
					reader,
				),
			);
		default:
			return undefined;
	}
}

/**
 * The components for a send, from the form's values, in Meta's order: header, body, limited-time
 * offer, buttons, carousel. Every missing or malformed value is refused before any request, and
 * the message names the template, the component and the variable.
 */
export function componentsFromForm(shape: TemplateShape, values: Values): IDataObject[] {
	const reader = new FormReader(values, templateLabel(shape));
	const components = sectionComponents(shape, '', '', shape.named, reader, isAuthentication(shape));
	if (shape.limitedTimeOffer?.hasExpiration) {
		const place = 'limited-time offer expiration';
		const raw = reader.required('offer-expiration', place);
		const ms = expirationMs(raw);
		if (ms === undefined)
			throw reader.problem(
				place,
				`"${raw}" is neither a date such as 2026-12-31T23:59:00Z nor UNIX time in milliseconds.`,
			);
		const bodyAt = components.findIndex((component) => component.type === 'body');
		components.splice(
			bodyAt === -1 ? components.length : bodyAt + 1,
			0,
			limitedTimeOfferComponent(ms),
		);
	}
	if (shape.cards.length > 0) {
		components.push(
			carouselComponent(
				shape.cards.map((card, index) =>
					sectionComponents(
						card,
						`card${index}-`,
						`card ${index + 1} `,
						shape.named,
						reader,
						false,
					),
				),
			),
		);
	}
	return components;
}
