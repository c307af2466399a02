import type { INodeProperties } from 'n8n-workflow';
import { requiredText, showFor, withinLimit } from './parameters';
import type { MessageContent, ParameterReader } from '../types';

export const description: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'Hi {{ $json.firstName }}, your order has shipped.',
		description:
			'The message, up to 4,096 characters. WhatsApp formatting such as *bold* and _italic_ works.',
		displayOptions: showFor(['text']),
	},
];

export function build(read: ParameterReader): MessageContent {
	const body = withinLimit(
		requiredText(read, 'text', 'Text', 'Enter the message to send.'),
		4096,
		'Text',
	);
	return {
		type: 'text',
		content: { body, preview_url: read('options.previewUrl', false) === true },
	};
}
