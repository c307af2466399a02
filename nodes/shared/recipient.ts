import { InvalidInputError } from './invalid-input';
export type Recipient = { to: string } | { recipient: string };

const BUSINESS_SCOPED_USER_ID = /^[A-Z]{2}\.[A-Za-z0-9.]+$/;
const PHONE_DECORATION = /[\s+\-().]/g;

/**
 * A phone number in international format becomes the digits Meta expects in `to`; a
 * business-scoped user ID (e.g. `US.13491208655302741918`) is sent as `recipient` instead.
 */
export function toRecipient(value: unknown): Recipient {
	const text =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (text === '') {
		throw new InvalidInputError(
			'The recipient is empty. Enter a phone number in international format, such as +16505551234.',
		);
	}
	if (BUSINESS_SCOPED_USER_ID.test(text)) return { recipient: text };
	const digits = text.replace(PHONE_DECORATION, '');
	if (!/^\d{7,15}$/.test(digits)) {
		throw new InvalidInputError(
			`"${text}" is not a phone number in international format. Use the country code and number, such as +16505551234 (spaces, dashes and brackets are fine).`,
		);
	}
	return { to: digits };
}

export function recipientValue(recipient: Recipient): string {
	return 'to' in recipient ? recipient.to : recipient.recipient;
}
