import type { IDataObject } from 'n8n-workflow';
import { InvalidInputError } from '../../shared/invalid-input';
import {
	type ButtonShape,
	type SectionShape,
	type TemplateShape,
	braces,
	templateLabel,
} from './template-definition';

/**
 * Checks components written by hand (the fixed form and Extra Components JSON) against the
 * template's definition before anything is sent: what Meta would refuse with 132000 (parameter
 * count), 132012 (parameter format) or "Parameter value for URL was expected but was not found".
 * Only what Meta certainly refuses is refused here.
 */

const SENDABLE_STATUS = 'APPROVED';

const SUB_TYPES: Partial<Record<ButtonShape['kind'], string[]>> = {
	quickReply: ['quick_reply'],
	url: ['url'],
	copyCode: ['copy_code'],
	otp: ['url'],
	flow: ['flow'],
	catalog: ['catalog'],
	mpm: ['mpm'],
	spm: ['spm'],
};

const lower = (value: unknown) => String(value ?? '').toLowerCase();
const parametersOf = (component: IDataObject | undefined): IDataObject[] =>
	Array.isArray(component?.parameters) ? (component.parameters as IDataObject[]) : [];

/** Meta sends only approved templates; a paused, rejected or pending one answers 132001 or 132015. */
export function checkSendable(shape: TemplateShape): void {
	if (shape.status !== null && shape.status !== SENDABLE_STATUS) {
		throw new InvalidInputError(
			`${templateLabel(shape)} is ${shape.status}, not APPROVED, so WhatsApp will not send it. Check it in WhatsApp Manager → Message templates.`,
		);
	}
}

function describeButton(button: ButtonShape): string {
	return `button ${button.index + 1}${button.text ? ` ("${button.text}")` : ''}`;
}

function needsParameter(button: ButtonShape): string | undefined {
	switch (button.kind) {
		case 'url':
			return button.dynamic ? `its URL suffix for ${button.url}` : undefined;
		case 'copyCode':
			return 'its coupon code';
		case 'otp':
			return 'the one-time password';
		case 'mpm':
			return 'its products (thumbnail and sections)';
		default:
			return undefined;
	}
}

function checkSection(
	section: SectionShape,
	components: IDataObject[],
	label: string,
	named: boolean,
	where: string,
): void {
	const fail = (message: string) => new InvalidInputError(`${label}: ${where}${message}`);
	const ofType = (type: string) => components.filter((component) => lower(component.type) === type);

	const headerParameters = ofType('header').flatMap(parametersOf);
	const header = section.header;
	if (header.format === 'none' && headerParameters.length > 0) {
		throw fail('the header has no variable, but a header parameter was given. Remove it.');
	}
	if (header.format !== 'none') {
		const expected = header.format === 'text' ? 'text' : header.format;
		const what =
			header.format === 'text'
				? `header variable ${braces(header.variable.name)}`
				: `${header.format} header`;
		if (headerParameters.length === 0)
			throw fail(`the ${what} needs a header parameter, and none was given.`);
		if (headerParameters.length > 1)
			throw fail(
				`the ${what} takes one header parameter, but ${headerParameters.length} were given.`,
			);
		if (lower(headerParameters[0].type) !== expected) {
			throw fail(
				`the ${what} needs a ${expected} parameter, but a ${lower(headerParameters[0].type)} parameter was given.`,
			);
		}
	}

	const bodyParameters = ofType('body').flatMap(parametersOf);
	const variables = section.body.map((variable) => variable.name);
	if (named && variables.length > 0) {
		const given = bodyParameters.map((parameter) => String(parameter.parameter_name ?? ''));
		const missing = variables.find((name) => !given.includes(name));
		if (missing !== undefined)
			throw fail(
				`body variable ${braces(missing)} has no parameter with parameter_name "${missing}".`,
			);
		const unknown = given.find((name) => !variables.includes(name));
		if (unknown !== undefined) {
			throw fail(
				`the body has no variable ${braces(unknown)}; its variables are ${variables.map(braces).join(', ')}.`,
			);
		}
	} else if (bodyParameters.length !== variables.length) {
		if (variables.length === 0)
			throw fail(
				`the body has no variables, but ${bodyParameters.length} body parameters were given.`,
			);
		const missing = variables.slice(bodyParameters.length).map(braces);
		throw fail(
			`the body has ${variables.length} variable${variables.length === 1 ? '' : 's'} (${variables.map(braces).join(', ')}), but ${bodyParameters.length} body parameter${bodyParameters.length === 1 ? ' was' : 's were'} given` +
				(missing.length > 0
					? `: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing.`
					: '.'),
		);
	}

	const buttons = ofType('button');
	for (const component of buttons) {
		const index = Number(component.index);
		const button = section.buttons.find((candidate) => candidate.index === index);
		if (!button) {
			throw fail(
				`a button parameter was given for button ${Number.isFinite(index) ? index + 1 : String(component.index)} (index ${String(component.index)}), but the template has ${section.buttons.length} button${section.buttons.length === 1 ? '' : 's'}.`,
			);
		}
		const accepted = SUB_TYPES[button.kind];
		if (accepted && !accepted.includes(lower(component.sub_type))) {
			throw fail(
				`${describeButton(button)} is a ${button.kind === 'otp' ? 'one-time-password (sub_type url)' : accepted[0]} button, but a ${lower(component.sub_type)} parameter was given for it.`,
			);
		}
	}
	for (const button of section.buttons) {
		const needed = needsParameter(button);
		if (needed && !buttons.some((component) => Number(component.index) === button.index)) {
			throw fail(
				`${describeButton(button)} needs ${needed}, and no button parameter with index ${button.index} was given.`,
			);
		}
	}
}

/** Refuses hand-written components that do not fit the template, naming the template, the component and the variable. */
export function checkComponents(shape: TemplateShape, components: IDataObject[]): void {
	const label = templateLabel(shape);
	const outer = components.filter((component) => lower(component.type) !== 'carousel');
	checkSection(shape, outer, label, shape.named, '');
	const offers = components.filter((component) => lower(component.type) === 'limited_time_offer');
	if (shape.limitedTimeOffer?.hasExpiration && offers.length === 0) {
		throw new InvalidInputError(
			`${label}: the limited-time offer needs its expiration (a limited_time_offer component with expiration_time_ms).`,
		);
	}
	if (!shape.limitedTimeOffer && offers.length > 0) {
		throw new InvalidInputError(
			`${label}: the template has no limited-time offer, but a limited_time_offer component was given.`,
		);
	}
	const carousel = components.find((component) => lower(component.type) === 'carousel');
	if (shape.cards.length === 0) {
		if (carousel)
			throw new InvalidInputError(
				`${label}: the template has no carousel, but a carousel component was given.`,
			);
		return;
	}
	const cards = Array.isArray(carousel?.cards) ? (carousel.cards as IDataObject[]) : [];
	if (cards.length !== shape.cards.length) {
		throw new InvalidInputError(
			`${label}: the carousel has ${shape.cards.length} cards, but ${cards.length} were given.`,
		);
	}
	cards.forEach((card, position) => {
		const index = card.card_index === undefined ? position : Number(card.card_index);
		const shapeCard = shape.cards[index];
		if (!shapeCard)
			throw new InvalidInputError(
				`${label}: card_index ${String(card.card_index)} is not a card of the template.`,
			);
		checkSection(
			shapeCard,
			Array.isArray(card.components) ? (card.components as IDataObject[]) : [],
			label,
			shape.named,
			`card ${index + 1}: `,
		);
	});
}
