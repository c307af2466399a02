import type { IExecuteFunctions } from 'n8n-workflow';
import { parseMetaError } from '../shared/meta-errors';
import {
	type CloudApiSettings,
	graphRequest,
	graphUrl,
	isSuccessStatus,
} from '../shared/transport';
import {
	definitionsUnavailable,
	lookUpTemplate,
	type TemplateLookup,
	templateKey,
} from './template-definitions';
import type { BuildContext, ParameterReader } from './types';

interface TemplateItem {
	name: string;
	language: string;
	/** The form cannot work without the definition; the checks and the category test can. */
	needsDefinition: boolean;
	wantsDefinition: boolean;
	marketingMessages: boolean;
}

function textOf(value: unknown): string {
	return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

function readItem(read: ParameterReader): TemplateItem | null {
	try {
		const fromForm = read('templateParametersMode', 'manual') === 'form';
		const marketingMessages = read('options.marketingMessagesApi', false) === true;
		const check = read('options.checkTemplate', true) !== false;
		return {
			name: textOf(read('templateName', '')),
			language: textOf(read('templateLanguage', '')),
			needsDefinition: fromForm,
			wantsDefinition: fromForm || check || marketingMessages,
			marketingMessages,
		};
	} catch {
		// A parameter that cannot be read fails the item when it is built, with n8n's own message.
		return null;
	}
}

/** `marketing_messages_onboarding_status` of the account, or null when it cannot be read. */
async function onboardingStatus(
	this: IExecuteFunctions,
	settings: CloudApiSettings,
): Promise<string | null> {
	if (definitionsUnavailable(settings) !== null) return null;
	const response = await graphRequest.call(this, {
		method: 'GET',
		url: graphUrl(settings, settings.businessAccountId),
		qs: { fields: 'marketing_messages_onboarding_status' },
	});
	if (!isSuccessStatus(response.statusCode)) {
		this.logger.debug(
			`Marketing Messages onboarding status not readable: ${parseMetaError(response.body, response.statusCode).message}`,
		);
		return null;
	}
	const status = (response.body as { marketing_messages_onboarding_status?: unknown } | null)
		?.marketing_messages_onboarding_status;
	return typeof status === 'string' && status !== '' ? status.toUpperCase() : null;
}

/**
 * Before the template items are built: the definitions they need (one look-up per template and
 * language, cached a minute), and, when an item asks for the Marketing Messages API, the account's
 * onboarding status. A look-up that fails stops only what needs it: the form's items fail with the
 * reason; the checks and the category test are skipped. `readers` are the items' parameter readers,
 * the very ones their build uses afterwards, so no expression is evaluated twice.
 */
export async function prepareTemplates(
	this: IExecuteFunctions,
	settings: CloudApiSettings,
	accessToken: string,
	readers: ParameterReader[],
): Promise<BuildContext> {
	const items = readers.map(readItem);
	const wanted = new Map<string, { name: string; language: string; needed: boolean }>();
	for (const item of items) {
		if (!item || !item.wantsDefinition || item.name === '' || item.language === '') continue;
		const key = templateKey(item.name, item.language);
		const known = wanted.get(key);
		wanted.set(key, {
			name: item.name,
			language: item.language,
			needed: (known?.needed ?? false) || item.needsDefinition,
		});
	}
	const unavailable = definitionsUnavailable(settings);
	const templates = new Map<string, TemplateLookup>();
	await Promise.all(
		[...wanted].map(async ([key, { name, language, needed }]) => {
			if (unavailable !== null) {
				templates.set(key, { problem: unavailable });
				return;
			}
			try {
				templates.set(key, await lookUpTemplate.call(this, settings, accessToken, name, language));
			} catch (error) {
				// Only the form cannot do without the definition; the checks are skipped.
				if (needed)
					templates.set(key, {
						problem: `the account's template list could not be read (${(error as Error).message})`,
					});
			}
		}),
	);
	const context: BuildContext = { templates };
	if (items.some((item) => item?.marketingMessages)) {
		try {
			context.marketingMessagesOnboarding = await onboardingStatus.call(this, settings);
		} catch {
			context.marketingMessagesOnboarding = null;
		}
	}
	return context;
}
