import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import {
	type CloudApiSettings,
	type GraphResponse,
	graphRequest,
	mediaUploadUrl,
} from '../../shared/transport';
import { checkMimeType, checkUpload, normaliseMimeType } from './media-types';

/**
 * The one upload path, for Media → Upload and for Send Media from binary data: a binary field
 * posted to `POST /{phone-number-id}/media` (Meta's "Upload media"), with the same checks of type
 * and size (`media-types.ts`) and the same normalised MIME type.
 */

export interface UploadOptions {
	/** Off: send the file as it is, with its MIME type only normalised. */
	checkTypeAndSize?: boolean;
	fileName?: string;
	mimeType?: string;
}

export interface Upload {
	response: GraphResponse;
	mimeType: string;
	fileName: string;
	fileSize: number;
}

/** Before any request: the binary field exists, and its type is one WhatsApp takes. */
export function checkBinaryField(
	context: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: string,
	options: UploadOptions,
): void {
	const binary = context.helpers.assertBinaryData(itemIndex, binaryPropertyName);
	if (options.checkTypeAndSize !== false) {
		// The size (and a sticker's animation) is checked on the bytes, just before the upload.
		checkMimeType(
			options.mimeType?.trim() || binary.mimeType,
			options.fileName?.trim() || binary.fileName,
		);
	}
}

export async function uploadBinary(
	this: IExecuteFunctions,
	settings: CloudApiSettings,
	file: {
		itemIndex: number;
		binaryPropertyName: string;
		phoneNumberId: string;
		options: UploadOptions;
	},
	timeoutMs: number,
): Promise<Upload> {
	const { itemIndex, binaryPropertyName, options } = file;
	const binary = this.helpers.assertBinaryData(itemIndex, binaryPropertyName);
	const data = await this.helpers.getBinaryDataBuffer(itemIndex, binaryPropertyName);
	const fileName = options.fileName?.trim() || binary.fileName || 'file';
	const given = options.mimeType?.trim() || binary.mimeType;
	const mimeType =
		options.checkTypeAndSize === false
			? normaliseMimeType(given)
			: checkUpload({ mimeType: given, fileName, data });
	const form = new FormData();
	form.append('messaging_product', 'whatsapp');
	form.append('type', mimeType);
	form.append('file', new Blob([data], { type: mimeType }), fileName);
	const response = await graphRequest.call(this, {
		method: 'POST',
		url: mediaUploadUrl(settings, file.phoneNumberId),
		body: form,
		timeoutMs,
	});
	return { response, mimeType, fileName, fileSize: data.length };
}

/** The media ID of a successful upload's answer. */
export function uploadedMediaId(response: GraphResponse): string {
	return String((response.body as IDataObject | null)?.id ?? '');
}
