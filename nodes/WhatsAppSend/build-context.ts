import type { TemplateLookup } from './template-definitions';

/**
 * What the node looked up before building the items' requests: template definitions (for the
 * template form and the checks) and the account's Marketing Messages onboarding status.
 */
export interface BuildContext {
	/** By `templateKey(name, language)`. */
	templates?: Map<string, TemplateLookup>;
	/** `marketing_messages_onboarding_status` of the account, or null when it could not be read. */
	marketingMessagesOnboarding?: string | null;
}

export function templateKey(name: string, language: string): string {
	return `${name}\u0000${language}`;
}
