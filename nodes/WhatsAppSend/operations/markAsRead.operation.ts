import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { requiredText, showFor } from './parameters';
import type { ParameterReader } from '../types';

const show = showFor(['markAsRead']);

export const description: INodeProperties[] = [
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'wamid.HBgL…',
		description:
			'The wamid of the received message to mark as read, such as the Message ID of a WhatsApp Trigger item',
		displayOptions: show,
	},
	{
		displayName: 'Show Typing Indicator',
		name: 'showTypingIndicator',
		type: 'boolean',
		default: false,
		description:
			'Whether to also show "typing…" to the customer until you reply or for up to 25 seconds',
		displayOptions: show,
	},
];

/** Mark as read is not a message: it has no recipient, no type and no Reference ID. */
export function build(read: ParameterReader): IDataObject {
	const messageId = requiredText(
		read,
		'messageId',
		'Message ID',
		'Enter the wamid of the received message.',
	);
	return {
		messaging_product: 'whatsapp',
		status: 'read',
		message_id: messageId,
		...(read('showTypingIndicator', false) === true ? { typing_indicator: { type: 'text' } } : {}),
	};
}
