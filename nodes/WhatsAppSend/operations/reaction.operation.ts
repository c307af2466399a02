import type { INodeProperties } from 'n8n-workflow';
import { requiredText, showFor } from './parameters';
import type { MessageContent, ParameterReader } from '../types';

const show = showFor(['reaction']);

export const description: INodeProperties[] = [
	{
		displayName: 'React To Message ID',
		name: 'reactToMessageId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'wamid.HBgL…',
		description:
			'The wamid of the message to react to, for example the Message ID of a WhatsApp Trigger item',
		displayOptions: show,
	},
	{
		displayName: 'Emoji',
		name: 'emoji',
		type: 'string',
		default: '',
		description: 'One emoji. Leave empty to remove an earlier reaction.',
		displayOptions: show,
	},
];

export function build(read: ParameterReader): MessageContent {
	const messageId = requiredText(
		read,
		'reactToMessageId',
		'React To Message ID',
		'Enter the wamid of the message to react to.',
	);
	return { type: 'reaction', content: { message_id: messageId, emoji: String(read('emoji', '')) } };
}
