import type { INodeProperties } from 'n8n-workflow';
import { InvalidInputError } from '../../shared/invalid-input';
import {
	httpUrl,
	mediaIdText,
	optionalText,
	requiredText,
	showFor,
	withinLimit,
	withoutEmpty,
} from './parameters';
import type { MessageContent, ParameterReader } from '../types';

const show = showFor(['media']);
const CAPTIONED = ['image', 'video', 'document'];
const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'];

export const description: INodeProperties[] = [
	{
		displayName: 'Media Type',
		name: 'mediaType',
		type: 'options',
		options: [
			{
				name: 'Audio',
				value: 'audio',
				description: 'AAC, AMR, MP3, MP4 audio or OGG (OPUS), up to 16 MB',
			},
			{
				name: 'Document',
				value: 'document',
				description: 'PDF, Office or text files, up to 100 MB',
			},
			{ name: 'Image', value: 'image', description: 'JPEG or PNG, up to 5 MB' },
			{ name: 'Sticker', value: 'sticker', description: 'WebP, up to 100 KB (500 KB animated)' },
			{ name: 'Video', value: 'video', description: 'MP4 or 3GPP, up to 16 MB' },
		],
		default: 'image',
		displayOptions: show,
	},
	{
		displayName: 'Media Source',
		name: 'mediaSource',
		type: 'options',
		options: [
			{
				name: 'Public Link',
				value: 'link',
				description: 'An https:// address WhatsApp downloads the file from',
			},
			{
				name: 'Uploaded Media ID',
				value: 'id',
				description: 'The ID of media already uploaded to Meta',
			},
			{
				name: 'Binary Data of the Item',
				value: 'binary',
				description: 'Uploads the file from the input item first',
			},
		],
		default: 'link',
		displayOptions: show,
	},
	{
		displayName: 'Media Link',
		name: 'mediaLink',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/invoice.pdf',
		displayOptions: { show: { ...show?.show, mediaSource: ['link'] } },
	},
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '1602186516975000',
		displayOptions: { show: { ...show?.show, mediaSource: ['id'] } },
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the file',
		displayOptions: { show: { ...show?.show, mediaSource: ['binary'] } },
	},
	{
		displayName: 'Caption',
		name: 'caption',
		type: 'string',
		default: '',
		description: 'Up to 1,024 characters, shown under the image, video or document',
		displayOptions: { show: { ...show?.show, mediaType: CAPTIONED } },
	},
	{
		displayName: 'File Name',
		name: 'filename',
		type: 'string',
		default: '',
		placeholder: 'invoice.pdf',
		description: 'The name the recipient sees; its extension sets the icon',
		displayOptions: { show: { ...show?.show, mediaType: ['document'] } },
	},
];

export function build(read: ParameterReader): MessageContent {
	const mediaType = read('mediaType', 'image');
	if (typeof mediaType !== 'string' || !MEDIA_TYPES.includes(mediaType)) {
		throw new InvalidInputError(
			`Media Type "${String(mediaType)}" is not one of ${MEDIA_TYPES.join(', ')}.`,
		);
	}
	const source = String(read('mediaSource', 'link'));
	const caption = CAPTIONED.includes(mediaType) ? optionalText(read, 'caption') : undefined;
	const details = withoutEmpty({
		caption: caption === undefined ? undefined : withinLimit(caption, 1024, 'Caption'),
		filename: mediaType === 'document' ? optionalText(read, 'filename') : undefined,
	});
	if (source === 'link') {
		const link = httpUrl(
			requiredText(
				read,
				'mediaLink',
				'Media Link',
				'Enter the public https:// address of the file.',
			),
			'Media Link',
		);
		return { type: mediaType, content: { link, ...details } };
	}
	if (source === 'id') {
		const id = mediaIdText(
			requiredText(read, 'mediaId', 'Media ID', 'Enter the ID Meta gave the uploaded media.'),
			'Media ID',
		);
		return { type: mediaType, content: { id, ...details } };
	}
	if (source === 'binary') {
		const binaryPropertyName = requiredText(
			read,
			'binaryPropertyName',
			'Input Binary Field',
			'Enter the name of the binary field that holds the file, such as data.',
		);
		return { type: mediaType, content: { ...details }, uploadFromBinary: binaryPropertyName };
	}
	throw new InvalidInputError(`Media Source "${source}" is not one of link, id or binary.`);
}
