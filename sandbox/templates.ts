/** Message templates as `GET /{wabaId}/message_templates` lists them. */
export interface MessageTemplate {
	name: string;
	parameter_format: 'POSITIONAL' | 'NAMED';
	components: Array<Record<string, unknown>>;
	language: string;
	status: 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
	category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
	id: string;
}

export const defaultTemplates: MessageTemplate[] = [
	{
		name: 'hello_world',
		parameter_format: 'POSITIONAL',
		components: [
			{ type: 'HEADER', format: 'TEXT', text: 'Hello World' },
			{
				type: 'BODY',
				text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us.',
			},
			{ type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
		],
		language: 'en_US',
		status: 'APPROVED',
		category: 'UTILITY',
		id: '1192339204654487',
	},
	{
		name: 'order_update',
		parameter_format: 'POSITIONAL',
		components: [
			{
				type: 'HEADER',
				format: 'IMAGE',
				example: { header_handle: ['4::aW1hZ2UvcG5n:ARa1b2c3'] },
			},
			{
				type: 'BODY',
				text: 'Hi {{1}}, your order {{2}} ships on {{3}}.',
				example: { body_text: [['Pablo', '10045', 'May 2']] },
			},
			{
				type: 'BUTTONS',
				buttons: [
					{
						type: 'URL',
						text: 'Track order',
						url: 'https://shop.example/track/{{1}}',
						example: ['https://shop.example/track/10045'],
					},
				],
			},
		],
		language: 'en_US',
		status: 'APPROVED',
		category: 'UTILITY',
		id: '1689556908129832',
	},
	{
		name: 'seasonal_promotion',
		parameter_format: 'POSITIONAL',
		components: [
			{
				type: 'HEADER',
				format: 'TEXT',
				text: 'Our {{1}} is on!',
				example: { header_text: ['Summer Sale'] },
			},
			{
				type: 'BODY',
				text: 'Shop now through {{1}} and use code {{2}} to get {{3}} off of all merchandise.',
				example: { body_text: [['the end of August', '25OFF', '25%']] },
			},
			{ type: 'FOOTER', text: 'Use the buttons below to manage your marketing subscriptions' },
			{
				type: 'BUTTONS',
				buttons: [
					{ type: 'QUICK_REPLY', text: 'Unsubscribe from Promos' },
					{ type: 'QUICK_REPLY', text: 'Unsubscribe from All' },
				],
			},
		],
		language: 'en_US',
		status: 'APPROVED',
		category: 'MARKETING',
		id: '546151681022936',
	},
	{
		name: 'verification_code',
		parameter_format: 'POSITIONAL',
		components: [
			{
				type: 'BODY',
				text: '*{{1}}* is your verification code.',
				add_security_recommendation: true,
			},
			{ type: 'FOOTER', text: 'This code expires in 10 minutes.', code_expiration_minutes: 10 },
			{ type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] },
		],
		language: 'en_US',
		status: 'APPROVED',
		category: 'AUTHENTICATION',
		id: '734512068935041',
	},
	{
		name: 'abandoned_cart',
		parameter_format: 'POSITIONAL',
		components: [{ type: 'BODY', text: 'You left {{1}}{{2}} in your cart.' }],
		language: 'en',
		status: 'REJECTED',
		category: 'MARKETING',
		id: '1689556908129835',
	},
];

/** Meta sends only approved templates; any other status answers like a missing one (132001). */
export function findSendableTemplate(
	templates: MessageTemplate[],
	name: string,
	language: string,
): MessageTemplate | undefined {
	return templates.find(
		(t) => t.name === name && t.language === language && t.status === 'APPROVED',
	);
}
