import type { INodeProperties } from 'n8n-workflow';

/** The Media resource: Meta's media endpoints (upload to a phone number, get and download by ID, delete). */

const forOperations = (operations: string[]): INodeProperties['displayOptions'] => ({
	show: { resource: ['media'], operation: operations },
});

export const mediaOperation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['media'] } },
	options: [
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete media',
			description: 'Delete uploaded media by its ID',
		},
		{
			name: 'Download',
			value: 'download',
			action: 'Download media',
			description:
				'Download media by its ID, such as the Media ID of an inbound message, into a binary field',
		},
		{
			name: 'Upload',
			value: 'upload',
			action: 'Upload media',
			description: 'Upload a file from a binary field and get its media ID',
		},
	],
	default: 'upload',
};

export const mediaResourceDescription: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the file',
		displayOptions: forOperations(['upload']),
	},
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '{{ $json.mediaId }}',
		description:
			'The ID Meta gave the media: from an upload, or the Media ID of an inbound message from WhatsApp Trigger',
		displayOptions: forOperations(['download', 'delete']),
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
		displayOptions: forOperations(['download']),
	},
	{
		displayName: 'Options',
		name: 'mediaOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: forOperations(['upload', 'download']),
		options: [
			{
				displayName: 'Check Type and Size',
				name: 'checkTypeAndSize',
				type: 'boolean',
				default: true,
				description:
					"Whether to refuse, before uploading, a file whose MIME type Meta does not take or that is over Meta's size limit for its type (images 5 MB, audio and video 16 MB, documents 100 MB, stickers 100 KB or 500 KB animated)",
				displayOptions: { show: { '/operation': ['upload'] } },
			},
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				placeholder: 'invoice.pdf',
				description:
					"The file's name: for an upload, instead of the binary field's; for a download, instead of the one the server gives or the media ID with its type's extension (for an inbound document: the file name in the WhatsApp Trigger item's raw.document)",
			},
			{
				displayName: 'MIME Type',
				name: 'mimeType',
				type: 'string',
				default: '',
				placeholder: 'image/png',
				description: "The file's MIME type, instead of the binary field's",
				displayOptions: { show: { '/operation': ['upload'] } },
			},
		],
	},
];
