/**
 * What a message template asks for when it is sent, read from its definition as
 * `GET /{whatsapp-business-account-id}/message_templates` lists it: the header, body, button,
 * limited-time-offer and carousel parts that take parameters, each variable by its position
 * (`{{1}}`) or its name (`{{first_name}}`, `parameter_format: NAMED`).
 * Sources: Meta's "Send messages" page (https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages);
 * Meta's template docs for catalog,
 * multi-product, product-card carousel, coupon-code, authentication and limited-time-offer templates.
 */

/** A template as Meta lists it; only the fields the node reads. */
export interface TemplateDefinition {
	name: string;
	language: string;
	status?: string;
	category?: string;
	parameter_format?: string;
	components?: unknown[];
}

export type MediaFormat = 'image' | 'video' | 'document';

export type HeaderShape =
	| { format: 'none' }
	| { format: 'text'; variable: Variable }
	| { format: MediaFormat }
	| { format: 'location' }
	| { format: 'product' };

export interface Variable {
	/** `1`, `2`, … for positional templates; the name for named ones. */
	name: string;
	/** The sample value the template was approved with, when the definition has one. */
	example?: string;
}

interface ButtonBase {
	/** Zero-based position among the template's buttons, as Meta counts it. */
	index: number;
	text: string;
}

export type ButtonShape =
	| (ButtonBase & { kind: 'quickReply' })
	| (ButtonBase & { kind: 'url'; url: string; dynamic: boolean })
	| (ButtonBase & { kind: 'copyCode' })
	| (ButtonBase & { kind: 'otp'; otpType: string })
	| (ButtonBase & { kind: 'flow' })
	| (ButtonBase & { kind: 'catalog' })
	| (ButtonBase & { kind: 'mpm' })
	| (ButtonBase & { kind: 'spm' })
	| (ButtonBase & { kind: 'static'; type: string });

/** A header, body and buttons: the template itself, or one carousel card. */
export interface SectionShape {
	header: HeaderShape;
	body: Variable[];
	buttons: ButtonShape[];
}

export interface TemplateShape extends SectionShape {
	name: string;
	language: string;
	category: string | null;
	status: string | null;
	named: boolean;
	limitedTimeOffer: { hasExpiration: boolean } | null;
	/** Carousel cards, in order; empty for templates without a carousel. */
	cards: SectionShape[];
}

type Rec = Record<string, unknown>;

const isRecord = (value: unknown): value is Rec =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
const upper = (value: unknown) => (typeof value === 'string' ? value.toUpperCase() : '');
const text = (value: unknown) => (typeof value === 'string' ? value : '');

const VARIABLE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** The variables of a text in order of first appearance: `Hi {{1}}, {{2}}` gives 1, 2. */
export function variablesOf(content: string): string[] {
	const names: string[] = [];
	for (const match of content.matchAll(VARIABLE)) {
		if (!names.includes(match[1])) names.push(match[1]);
	}
	return names;
}

function examplesOf(
	example: unknown,
	positionalKey: string,
	namedKey: string,
): { positional: unknown[]; named: Map<string, string> } {
	const named = new Map<string, string>();
	if (!isRecord(example)) return { positional: [], named };
	for (const entry of Array.isArray(example[namedKey]) ? example[namedKey] : []) {
		if (isRecord(entry) && typeof entry.param_name === 'string')
			named.set(entry.param_name, String(entry.example ?? ''));
	}
	const raw = example[positionalKey];
	// body_text is an array holding one array of samples; header_text is a flat array.
	const positional = Array.isArray(raw)
		? Array.isArray(raw[0])
			? (raw[0] as unknown[])
			: raw
		: [];
	return { positional, named };
}

function withExamples(
	names: string[],
	example: unknown,
	positionalKey: string,
	namedKey: string,
): Variable[] {
	const { positional, named } = examplesOf(example, positionalKey, namedKey);
	return names.map((name, position) => {
		const sample = named.get(name) ?? positional[position];
		return sample === undefined || sample === '' ? { name } : { name, example: String(sample) };
	});
}

function headerOf(component: Rec | undefined): HeaderShape {
	if (!component) return { format: 'none' };
	const format = upper(component.format);
	if (format === 'TEXT') {
		const [variable] = withExamples(
			variablesOf(text(component.text)),
			component.example,
			'header_text',
			'header_text_named_params',
		);
		return variable ? { format: 'text', variable } : { format: 'none' };
	}
	if (format === 'IMAGE' || format === 'VIDEO' || format === 'DOCUMENT')
		return { format: format.toLowerCase() as MediaFormat };
	if (format === 'LOCATION') return { format: 'location' };
	if (format === 'PRODUCT') return { format: 'product' };
	return { format: 'none' };
}

function buttonOf(button: Rec, index: number): ButtonShape {
	const base = { index, text: text(button.text) };
	switch (upper(button.type)) {
		case 'QUICK_REPLY':
			return { ...base, kind: 'quickReply' };
		case 'URL': {
			const url = text(button.url);
			return { ...base, kind: 'url', url, dynamic: variablesOf(url).length > 0 };
		}
		case 'COPY_CODE':
			return { ...base, kind: 'copyCode' };
		case 'OTP':
			return { ...base, kind: 'otp', otpType: upper(button.otp_type) || 'COPY_CODE' };
		case 'FLOW':
			return { ...base, kind: 'flow' };
		case 'CATALOG':
			return { ...base, kind: 'catalog' };
		case 'MPM':
			return { ...base, kind: 'mpm' };
		case 'SPM':
			return { ...base, kind: 'spm' };
		default:
			return { ...base, kind: 'static', type: upper(button.type) || 'UNKNOWN' };
	}
}

function sectionOf(components: unknown[]): SectionShape {
	const byType = (type: string) =>
		components.find((c): c is Rec => isRecord(c) && upper(c.type) === type);
	const body = byType('BODY');
	const buttons = byType('BUTTONS');
	return {
		header: headerOf(byType('HEADER')),
		body: body
			? withExamples(
					variablesOf(text(body.text)),
					body.example,
					'body_text',
					'body_text_named_params',
				)
			: [],
		buttons: (Array.isArray(buttons?.buttons) ? buttons.buttons : [])
			.filter(isRecord)
			.map(buttonOf),
	};
}

/** Reads a template definition into the parts a send must fill. */
export function describeTemplate(definition: TemplateDefinition): TemplateShape {
	const components = Array.isArray(definition.components) ? definition.components : [];
	const offer = components.find(
		(c): c is Rec => isRecord(c) && upper(c.type) === 'LIMITED_TIME_OFFER',
	);
	const carousel = components.find((c): c is Rec => isRecord(c) && upper(c.type) === 'CAROUSEL');
	const cards = (Array.isArray(carousel?.cards) ? carousel.cards : [])
		.filter(isRecord)
		.map((card) => sectionOf(Array.isArray(card.components) ? card.components : []));
	const offerDetails = isRecord(offer?.limited_time_offer) ? offer.limited_time_offer : {};
	return {
		name: definition.name,
		language: definition.language,
		category: definition.category ? upper(definition.category) : null,
		status: definition.status ? upper(definition.status) : null,
		named: upper(definition.parameter_format) === 'NAMED',
		limitedTimeOffer: offer ? { hasExpiration: offerDetails.has_expiration !== false } : null,
		cards,
		...sectionOf(components),
	};
}

/** `Template "order_update" (en_US)`: how every message about a template starts. */
export function templateLabel(shape: { name: string; language: string }): string {
	return `Template "${shape.name}" (${shape.language})`;
}

/** `{{1}}` or `{{first_name}}`, as the template writes the variable. */
export function braces(name: string): string {
	return `{{${name}}}`;
}

/** An authentication template's code goes into its body variable and its one-time-password button alike. */
export function isAuthentication(shape: TemplateShape): boolean {
	return shape.buttons.some((button) => button.kind === 'otp');
}
