import { InvalidInputError } from '../shared/invalid-input';
import { recipientValue, toRecipient } from '../shared/recipient';
import { toReferenceId } from '../shared/reference';
import type { BuildContext } from './build-context';
import { buildMessageBody, type MessageRequest } from './message-request';
import * as contacts from './operations/contacts.operation';
import * as interactive from './operations/interactive.operation';
import * as location from './operations/location.operation';
import * as markAsRead from './operations/markAsRead.operation';
import * as media from './operations/media.operation';
import { type MessageContent, type ParameterReader, optionalText } from './operations/parameters';
import * as reaction from './operations/reaction.operation';
import * as template from './operations/template.operation';
import * as text from './operations/text.operation';

const MESSAGE_BUILDERS: Record<string, (read: ParameterReader, context: BuildContext) => MessageContent> = {
	text: text.build,
	template: template.build,
	media: media.build,
	interactive: interactive.build,
	location: location.build,
	contacts: contacts.build,
	reaction: reaction.build,
};

/** Operations whose message may quote an earlier one; a reaction names its message itself. */
const REPLYABLE = new Set(['text', 'template', 'media', 'interactive', 'location', 'contacts']);

/**
 * Builds the request for one item from its parameters, refusing bad input before anything is sent.
 * `referenceMaxLength` is the provider's Reference ID limit (the credential's profile); `context` holds
 * what was looked up before (template definitions, Marketing Messages onboarding).
 */
export function buildRequest(
	operation: string,
	read: ParameterReader,
	itemIndex: number,
	referenceMaxLength: number,
	context: BuildContext = {},
): MessageRequest {
	const phoneNumberId = toPhoneNumberId(read('phoneNumberId'));
	if (operation === 'markAsRead') {
		return { itemIndex, phoneNumberId, body: markAsRead.build(read), to: null, referenceId: null };
	}
	const buildContent = MESSAGE_BUILDERS[operation];
	if (!buildContent) throw new InvalidInputError(`Operation "${operation}" is not one this node knows.`);
	const content = buildContent(read, context);
	const recipient = toRecipient(read('to'));
	const referenceId = toReferenceId(read('referenceId'), referenceMaxLength);
	const replyTo = REPLYABLE.has(operation) ? optionalText(read, 'options.replyToMessageId') : undefined;
	return {
		itemIndex,
		phoneNumberId,
		body: buildMessageBody(content, recipient, referenceId, replyTo?.trim()),
		to: recipientValue(recipient),
		referenceId: referenceId ?? null,
		uploadFromBinary: content.uploadFromBinary,
		...(content.marketingMessages ? { marketingMessages: content.marketingMessages } : {}),
	};
}

export const operationDescriptions = [
	...text.description,
	...template.description,
	...media.description,
	...interactive.description,
	...location.description,
	...contacts.description,
	...reaction.description,
	...markAsRead.description,
];

export function toPhoneNumberId(value: unknown): string {
	const id = String(value ?? '').trim();
	if (id === '') {
		throw new InvalidInputError(
			'Phone Number ID is empty. Pick a number, or paste the ID from WhatsApp Manager → API Setup (with Gupshup Partner: your Gupshup app ID).',
		);
	}
	if (!/^[A-Za-z0-9_-]+$/.test(id)) {
		throw new InvalidInputError(
			`Phone Number ID "${id}" is not an ID. Use the numeric Phone Number ID from WhatsApp Manager → API Setup, not the phone number itself (with Gupshup Partner: your Gupshup app ID).`,
		);
	}
	return id;
}
