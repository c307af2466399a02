import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { InvalidInputError } from '../../shared/invalid-input';
import {
	authenticatedRequest,
	cloudApiCredentials,
	graphRequest,
	isSuccessStatus,
	mediaObjectUrl,
	toCloudApiSettings,
} from '../../shared/transport';
import { isMediaId } from '../operations/parameters';
import {
	type Outcome,
	executeItems,
	failedAnswer,
	invalidInput,
	requestTimeoutOf,
} from '../item-executor';
import { fileNameFor, fileNameFromDisposition } from './media-types';
import { type UploadOptions, checkBinaryField, uploadBinary, uploadedMediaId } from './upload';

/**
 * The Media resource: upload a binary field to `POST /{phone-number-id}/media` (→ media ID),
 * download by media ID (`GET /{media-id}` for the short-lived URL, then `GET` that URL with the
 * same credential, streamed into n8n's binary data), delete (`DELETE /{media-id}`). Items go
 * through the send queue, so Sending Options (parallel requests, retries, timeout) apply.
 */

type MediaOptions = UploadOptions;

interface MediaJob {
	itemIndex: number;
	recipientKey: null;
	mediaId: string;
	binaryPropertyName: string;
	options: MediaOptions;
}

function mediaIdOf(value: unknown): string {
	const id = (
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value : ''
	).trim();
	if (id === '')
		throw new InvalidInputError(
			'Media ID is empty. Map the Media ID of an inbound message or of an upload, such as {{ $json.mediaId }}.',
		);
	if (!isMediaId(id))
		throw new InvalidInputError(
			`Media ID "${id}" is not an ID: Meta's media IDs are digits, such as 1602186516975000.`,
		);
	return id;
}

function plan(context: IExecuteFunctions, operation: string, itemIndex: number): MediaJob {
	const read = (name: string, fallback: unknown) =>
		context.getNodeParameter(name, itemIndex, fallback);
	const options = (operation === 'delete' ? {} : read('mediaOptions', {})) as MediaOptions;
	if (operation === 'upload') {
		const binaryPropertyName = String(read('binaryPropertyName', 'data')).trim();
		checkBinaryField(context, itemIndex, binaryPropertyName, options);
		return { itemIndex, recipientKey: null, mediaId: '', binaryPropertyName, options };
	}
	const mediaId = mediaIdOf(read('mediaId', ''));
	const binaryPropertyName =
		operation === 'download' ? String(read('binaryPropertyName', 'data')).trim() || 'data' : '';
	return { itemIndex, recipientKey: null, mediaId, binaryPropertyName, options };
}

export async function executeMedia(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as string;
	const timeoutMs = requestTimeoutOf(this);
	const settings = toCloudApiSettings(await cloudApiCredentials(this));

	const binaries = new Map<number, IBinaryData>();

	const upload = async (job: MediaJob): Promise<Outcome<IDataObject>> => {
		const phoneNumberId = String(
			this.getNodeParameter('phoneNumberId', job.itemIndex, '', { extractValue: true }),
		).trim();
		if (phoneNumberId === '')
			throw new InvalidInputError(
				'Phone Number ID is empty: media is uploaded to a phone number. Pick one, or enter its ID.',
			);
		const { response, mimeType, fileName, fileSize } = await uploadBinary.call(
			this,
			settings,
			{
				itemIndex: job.itemIndex,
				binaryPropertyName: job.binaryPropertyName,
				phoneNumberId,
				options: job.options,
			},
			timeoutMs,
		);
		if (!isSuccessStatus(response.statusCode)) return failedAnswer(response);
		return {
			ok: true,
			value: {
				mediaId: uploadedMediaId(response),
				mimeType,
				fileName,
				fileSize,
				response: response.body as IDataObject,
			},
		};
	};

	const download = async (job: MediaJob): Promise<Outcome<IDataObject>> => {
		const info = await graphRequest.call(this, {
			method: 'GET',
			url: mediaObjectUrl(settings, job.mediaId),
			timeoutMs,
		});
		if (!isSuccessStatus(info.statusCode)) return failedAnswer(info);
		const media = (info.body ?? {}) as {
			url?: unknown;
			mime_type?: unknown;
			sha256?: unknown;
			file_size?: unknown;
		};
		if (typeof media.url !== 'string' || !/^https?:\/\//i.test(media.url)) {
			return {
				ok: false,
				problem: invalidInput(`The API gave no download URL for media ${job.mediaId}.`),
				failure: { failureClass: 'permanent' },
			};
		}
		// Meta's media URL answers only with the same token, and only for a few minutes: fetched at once, as a stream.
		const file = (await authenticatedRequest.call(this, {
			method: 'GET',
			url: media.url,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: timeoutMs,
		})) as {
			statusCode: number;
			headers: Record<string, unknown>;
			body: { resume?: () => void } & Parameters<
				IExecuteFunctions['helpers']['prepareBinaryData']
			>[0];
		};
		if (!isSuccessStatus(file.statusCode)) {
			file.body?.resume?.();
			const problem = invalidInput(
				`Downloading media ${job.mediaId} answered HTTP ${file.statusCode}. The URL lasts only minutes, and media from inbound messages only 7 days.`,
			);
			return {
				ok: false,
				problem: { ...problem, title: 'Download failed', httpStatus: file.statusCode },
				failure: { failureClass: file.statusCode >= 500 ? 'transient' : 'permanent' },
			};
		}
		const mimeType =
			(typeof media.mime_type === 'string' && media.mime_type) ||
			String(file.headers['content-type'] ?? 'application/octet-stream').split(';')[0];
		const fileName =
			job.options.fileName?.trim() ||
			fileNameFromDisposition(file.headers['content-disposition']) ||
			fileNameFor(job.mediaId, mimeType);
		binaries.set(
			job.itemIndex,
			await this.helpers.prepareBinaryData(file.body, fileName, mimeType),
		);
		return {
			ok: true,
			value: {
				mediaId: job.mediaId,
				mimeType,
				fileName,
				fileSize:
					typeof media.file_size === 'number' || typeof media.file_size === 'string'
						? Number(media.file_size)
						: null,
				sha256: typeof media.sha256 === 'string' ? media.sha256 : null,
			},
		};
	};

	const remove = async (job: MediaJob): Promise<Outcome<IDataObject>> => {
		const response = await graphRequest.call(this, {
			method: 'DELETE',
			url: mediaObjectUrl(settings, job.mediaId),
			timeoutMs,
		});
		if (!isSuccessStatus(response.statusCode)) return failedAnswer(response);
		const success = (response.body as { success?: unknown } | null)?.success;
		return {
			ok: true,
			value: {
				mediaId: job.mediaId,
				deleted: success !== false,
				response: response.body as IDataObject,
			},
		};
	};

	const operations: Record<string, (job: MediaJob) => Promise<Outcome<IDataObject>>> = {
		upload,
		download,
		delete: remove,
	};
	const run = operations[operation];
	if (!run)
		throw new NodeOperationError(
			this.getNode(),
			`Media operation "${operation}" is not one this node knows.`,
		);

	return await executeItems<MediaJob, IDataObject>(this, {
		plan: (itemIndex) => plan(this, operation, itemIndex),
		attempt: run,
		// Reading, downloading and deleting media are safe to repeat; an upload may have created the media.
		mayHaveReachedApi: () => operation === 'upload',
		unanswered: {
			mayHaveArrived:
				'The API may have stored the upload before the connection failed, so it was not sent again.',
			notSent:
				'Nothing was done: the request is safe to repeat, and was sent again as Max Retries allows.',
		},
		success: (job, value) => {
			const binary = binaries.get(job.itemIndex);
			return {
				json: value,
				...(binary
					? { binary: { ...(items[job.itemIndex].binary ?? {}), [job.binaryPropertyName]: binary } }
					: {}),
				pairedItem: { item: job.itemIndex },
			};
		},
		failureFields: (job) => (job === null ? {} : { mediaId: job.mediaId || null }),
		queue: { paced: false, ambiguousRetryOption: false },
	});
}
