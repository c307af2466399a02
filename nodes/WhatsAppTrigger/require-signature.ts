import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { WEBHOOK_CREDENTIAL } from './description';
import { signatureRuleFor } from './signature';

/** The answer to a POST when Require Signature is on and the credential cannot check one. */
export const UNSIGNED_REFUSAL =
	'Signature required, but the credential has no signing secret to check it with';

/** Require Signature: on by default from version 1.1; a saved 1.0 node without the parameter means off. */
export function requiresSignature(context: IHookFunctions | IWebhookFunctions): boolean {
	const byDefault = context.getNode().typeVersion >= 1.1;
	return context.getNodeParameter('requireSignature', byDefault) === true;
}

/**
 * On activation: with Require Signature on, a credential that cannot check signatures stops it,
 * saying what to change; with it off, an unsigned set-up is logged as a warning on every start.
 */
export async function checkSignatureSetting(context: IHookFunctions): Promise<void> {
	const credentials = await context.getCredentials(WEBHOOK_CREDENTIAL);
	const rule = signatureRuleFor(credentials);
	if (rule.check === 'hmac') {
		return;
	}
	const node = context.getNode();
	const problem =
		rule.check === 'invalid'
			? `the WhatsApp Webhook credential cannot check signatures: ${rule.problem}`
			: 'the WhatsApp Webhook credential has no signing secret';
	if (requiresSignature(context)) {
		throw new NodeOperationError(node, `Require Signature is on, but ${problem}`, {
			description:
				'Enter the app secret (Meta App Dashboard → App settings → Basic → App secret) as Signing Secret in the credential, or turn Require Signature off in this trigger to accept unsigned posts.',
		});
	}
	context.logger.warn(
		rule.check === 'invalid'
			? `WhatsApp Trigger "${node.name}" refuses every post: ${problem}`
			: `WhatsApp Trigger "${node.name}" checks no signatures: anyone who knows its webhook URL can post into the workflow. Set the app secret in its credential.`,
	);
}
