import type { IDataObject } from 'n8n-workflow';
import { InvalidInputError } from '../../shared/invalid-input';
import { templateKey } from '../template-definitions';
import type { BuildContext, MessageContent, ParameterReader } from '../types';
import { skipReasonFor } from '../marketing-messages';
import { checkComponents, checkSendable } from './template-check';
import { type TemplateShape, describeTemplate, templateLabel } from './template-definition';
import { componentsFromForm } from './template-form';
import { manualComponents } from './template-manual';
import { parseJsonParameter, requiredText } from './parameters';

export { description } from './template-description';

/**
 * A template message: its name and language, then its components from the template form
 * (`template-form.ts`) or from the Manual parameters (`template-manual.ts`), checked against the
 * template's definition where the account can be read (`template-check.ts`), plus any Extra
 * Components given as JSON.
 */

/** Meta's rule for template names. */
const TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/;
/** Meta's template language codes: en, fil, en_US, pt_BR, zh_HK, … */
const LANGUAGE_CODE = /^[a-z]{2,3}(_[A-Z0-9]{2,4})?$/;

function extraComponents(value: unknown): IDataObject[] {
	const parsed = parseJsonParameter(value, 'Extra Components (JSON)');
	if (parsed === undefined) return [];
	const list = Array.isArray(parsed) ? parsed : [parsed];
	if (
		!list.every(
			(component) => typeof component === 'object' && component !== null && 'type' in component,
		)
	) {
		throw new InvalidInputError(
			'Extra Components (JSON) must be an array of component objects, each with a "type" such as "body" or "button".',
		);
	}
	return list as IDataObject[];
}

/** The resource mapper's values: `{ mappingMode, value: { [fieldId]: value }, schema }`. */
function formValues(read: ParameterReader): Record<string, unknown> {
	const mapper = read('templateFields', {}) as { value?: Record<string, unknown> | null } | null;
	return mapper?.value ?? {};
}

function shapeFor(
	context: BuildContext,
	name: string,
	language: string,
	required: boolean,
): TemplateShape | undefined {
	const lookup = context.templates?.get(templateKey(name, language));
	if (lookup && 'definition' in lookup) return describeTemplate(lookup.definition);
	if (required) {
		const problem =
			lookup && 'problem' in lookup ? lookup.problem : 'its definition was not looked up';
		throw new InvalidInputError(
			`${templateLabel({ name, language })}: the form needs the template's definition, but ${problem}. Switch Template Parameters to Manual to send without it.`,
		);
	}
	return undefined;
}

export function build(read: ParameterReader, context: BuildContext = {}): MessageContent {
	const name = requiredText(read, 'templateName', 'Template', 'Pick a template or enter its name.');
	if (!TEMPLATE_NAME.test(name)) {
		throw new InvalidInputError(
			`Template "${name.slice(0, 80)}" is not a template name. Meta's names have up to 512 lower-case letters, digits and underscores, such as order_update: copy it from WhatsApp Manager.`,
		);
	}
	const language = requiredText(
		read,
		'templateLanguage',
		'Language',
		'Enter the template language code, such as en_US.',
	);
	if (!LANGUAGE_CODE.test(language)) {
		throw new InvalidInputError(
			`Language "${language.slice(0, 80)}" is not a template language code. Use the code the template was approved in, such as en, en_US or pt_BR.`,
		);
	}
	const fromForm = read('templateParametersMode', 'manual') === 'form';
	const shape = shapeFor(context, name, language, fromForm);
	if (shape) checkSendable(shape);
	const extra = extraComponents(read('templateComponentsJson', ''));
	let components: IDataObject[];
	if (fromForm && shape) {
		components = [...componentsFromForm(shape, formValues(read)), ...extra];
	} else {
		components = [...manualComponents(read), ...extra];
		if (shape && read('options.checkTemplate', true) !== false) checkComponents(shape, components);
	}
	const content: MessageContent = {
		type: 'template',
		content: {
			name,
			language: { code: language },
			...(components.length > 0 ? { components } : {}),
		},
	};
	if (read('options.marketingMessagesApi', false) === true) {
		const fallback = read('options.marketingMessagesFallback', true) !== false;
		const skipReason = skipReasonFor(
			shape?.category ?? null,
			context.marketingMessagesOnboarding ?? null,
		);
		if (skipReason !== null && !fallback) {
			throw new InvalidInputError(
				`${templateLabel({ name, language })} cannot go through the Marketing Messages API: ${skipReason}.`,
			);
		}
		content.marketingMessages = { fallback, skipReason };
	}
	return content;
}
