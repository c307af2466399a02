import { e2eEnvironment } from './environment';

/**
 * A `messages` webhook as Meta posts it: one entry for the e2e account, one change for one of its
 * phone numbers, whose `value` carries `statuses`, or `contacts` and `messages`.
 */
export function messagesWebhook(
	value: Record<string, unknown>,
	number: { phoneNumberId?: string; displayPhoneNumber?: string } = {},
): Record<string, unknown> {
	const { businessAccountId, phoneNumberId } = e2eEnvironment();
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: businessAccountId,
				changes: [
					{
						field: 'messages',
						value: {
							messaging_product: 'whatsapp',
							metadata: {
								display_phone_number: number.displayPhoneNumber ?? '15550783881',
								phone_number_id: number.phoneNumberId ?? phoneNumberId,
							},
							...value,
						},
					},
				],
			},
		],
	};
}
