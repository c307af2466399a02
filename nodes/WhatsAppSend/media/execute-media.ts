import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import { InvalidInputError } from '../../shared/invalid-input';
import { type MetaError, classifyMetaError, hintFor, parseMetaError } from '../../shared/meta-errors';
import {
	type GraphResponse,
	authenticatedRequest,
	cloudApiCredentials,
	graphRequest,
	isSuccessStatus,
	mediaObjectUrl,
	mediaUploadUrl,
	toCloudApiSettings,
} from '../../shared/transport';
import { errorDetails } from '../output';
import { DEFAULT_RETRY_SETTINGS, parseRetryAfter } from '../retry-policy';
import { type AttemptOutcome, type QueueClock, runSendQueue } from '../send-queue';
import { checkMimeType, checkUpload, fileNameFor, fileNameFromDisposition, normaliseMimeType } from './media-types';

/**
 * The Media resource: upload a binary field to `POST /{phone-number-id}/media` (→ media ID),
 * download by media ID (`GET /{media-id}` for the short-lived URL, then `GET` that URL with the
 * same credential, streamed into n8n's binary data), delete (`DELETE /{media-id}`). Items go
 * through the send queue, so Sending Options (parallel requests, retries, timeout) apply.
 */

const SYSTEM_CLOCK: QueueClock = { now: () => Date.now(), sleep, random: Math.random };

interface MediaOptions {
	checkTypeAndSize?: boolean;
	fileName?: string;
	mimeType?: string;
}

interface SendingOptions {
	maxConcurrency?: number;
	maxRetries?: number;
	requestTimeout?: number;
}

interface MediaJob {
	itemIndex: number;
	recipientKey: null;
	mediaId: string;
	binaryPropertyName: string;
	options: MediaOptions;
}

type Planned = { job: MediaJob } | { itemIndex: number; invalid: string };

function validationError(message: string): MetaError {
	return { code: null, title: 'Invalid input', message, details: null, fbtraceId: null, httpStatus: null };
}

function failure(response: Pick<GraphResponse, 'statusCode' | 'body' | 'headers'>): AttemptOutcome<never, MetaError> {
	const problem = parseMetaError(response.body, response.statusCode);
	return {
		ok: false,
		problem,
		failure: { failureClass: classifyMetaError(problem), retryAfterMs: parseRetryAfter(response.headers['retry-after'], Date.now()) },
	};
}

function mediaIdOf(value: unknown): string {
	const id = (typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '').trim();
	if (id === '') throw new InvalidInputError('Media ID is empty. Map the Media ID of an inbound message or of an upload, such as {{ $json.mediaId }}.');
	if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new InvalidInputError(`Media ID "${id}" is not an ID: Meta's media IDs are digits, such as 1602186516975000.`);
	return id;
}

function plan(context: IExecuteFunctions, operation: string, itemIndex: number): MediaJob {
	const read = (name: string, fallback: unknown) => context.getNodeParameter(name, itemIndex, fallback);
	const options = (operation === 'delete' ? {} : read('mediaOptions', {})) as MediaOptions;
	if (operation === 'upload') {
		const binaryPropertyName = String(read('binaryPropertyName', 'data')).trim();
		const binary = context.helpers.assertBinaryData(itemIndex, binaryPropertyName);
		if (options.checkTypeAndSize !== false) {
			// Before any request; the size (and a sticker's animation) is checked on the bytes just before the upload.
			checkMimeType(options.mimeType?.trim() || binary.mimeType, options.fileName?.trim() || binary.fileName);
		}
		return { itemIndex, recipientKey: null, mediaId: '', binaryPropertyName, options };
	}
	const mediaId = mediaIdOf(read('mediaId', ''));
	const binaryPropertyName = operation === 'download' ? String(read('binaryPropertyName', 'data')).trim() || 'data' : '';
	return { itemIndex, recipientKey: null, mediaId, binaryPropertyName, options };
}

export async function executeMedia(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as string;
	const sending = this.getNodeParameter('sendingOptions', 0, {}) as SendingOptions;
	const timeoutMs = sending.requestTimeout ?? 30_000;
	const continueOnFail = this.continueOnFail();
	const settings = toCloudApiSettings(await cloudApiCredentials(this));

	const planned: Planned[] = items.map((_, itemIndex) => {
		try {
			return { job: plan(this, operation, itemIndex) };
		} catch (error) {
			const message = `${(error as Error).message} [item ${itemIndex}]`;
			if (!continueOnFail) throw new NodeOperationError(this.getNode(), message, { itemIndex });
			return { itemIndex, invalid: message };
		}
	});
	const jobs = planned.flatMap((entry) => ('job' in entry ? [entry.job] : []));
	const binaries = new Map<number, IBinaryData>();

	const upload = async (job: MediaJob): Promise<AttemptOutcome<IDataObject, MetaError>> => {
		const binary = this.helpers.assertBinaryData(job.itemIndex, job.binaryPropertyName);
		const data = await this.helpers.getBinaryDataBuffer(job.itemIndex, job.binaryPropertyName);
		const fileName = job.options.fileName?.trim() || binary.fileName || 'file';
		const given = job.options.mimeType?.trim() || binary.mimeType;
		const mimeType = job.options.checkTypeAndSize === false ? normaliseMimeType(given) : checkUpload({ mimeType: given, fileName, data });
		const form = new FormData();
		form.append('messaging_product', 'whatsapp');
		form.append('type', mimeType);
		form.append('file', new Blob([data], { type: mimeType }), fileName);
		const phoneNumberId = String(this.getNodeParameter('phoneNumberId', job.itemIndex, '', { extractValue: true })).trim();
		if (phoneNumberId === '') throw new InvalidInputError('Phone Number ID is empty: media is uploaded to a phone number. Pick one, or enter its ID.');
		const response = await graphRequest.call(this, { method: 'POST', url: mediaUploadUrl(settings, phoneNumberId), body: form, timeoutMs });
		if (!isSuccessStatus(response.statusCode)) return failure(response);
		const mediaId = String((response.body as { id?: unknown } | null)?.id ?? '');
		return { ok: true, value: { mediaId, mimeType, fileName, fileSize: data.length, response: response.body as IDataObject } };
	};

	const download = async (job: MediaJob): Promise<AttemptOutcome<IDataObject, MetaError>> => {
		const info = await graphRequest.call(this, { method: 'GET', url: mediaObjectUrl(settings, job.mediaId), timeoutMs });
		if (!isSuccessStatus(info.statusCode)) return failure(info);
		const media = (info.body ?? {}) as { url?: unknown; mime_type?: unknown; sha256?: unknown; file_size?: unknown };
		if (typeof media.url !== 'string' || !/^https?:\/\//i.test(media.url)) {
			return { ok: false, problem: validationError(`The API gave no download URL for media ${job.mediaId}.`), failure: { failureClass: 'permanent' } };
		}
		// Meta's media URL answers only with the same token, and only for a few minutes: fetched at once, as a stream.
		const file = (await authenticatedRequest.call(this, {
			method: 'GET',
			url: media.url,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: timeoutMs,
		})) as { statusCode: number; headers: Record<string, unknown>; body: { resume?: () => void } & Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0] };
		if (!isSuccessStatus(file.statusCode)) {
			file.body?.resume?.();
			const problem = validationError(`Downloading media ${job.mediaId} answered HTTP ${file.statusCode}. The URL lasts only minutes, and media from inbound messages only 7 days.`);
			return { ok: false, problem: { ...problem, title: 'Download failed', httpStatus: file.statusCode }, failure: { failureClass: file.statusCode >= 500 ? 'transient' : 'permanent' } };
		}
		const mimeType =
			(typeof media.mime_type === 'string' && media.mime_type) || String(file.headers['content-type'] ?? 'application/octet-stream').split(';')[0];
		const fileName = job.options.fileName?.trim() || fileNameFromDisposition(file.headers['content-disposition']) || fileNameFor(job.mediaId, mimeType);
		binaries.set(job.itemIndex, await this.helpers.prepareBinaryData(file.body, fileName, mimeType));
		return {
			ok: true,
			value: {
				mediaId: job.mediaId,
				mimeType,
				fileName,
				fileSize: typeof media.file_size === 'number' || typeof media.file_size === 'string' ? Number(media.file_size) : null,
				sha256: typeof media.sha256 === 'string' ? media.sha256 : null,
			},
		};
	};

	const remove = async (job: MediaJob): Promise<AttemptOutcome<IDataObject, MetaError>> => {
		const response = await graphRequest.call(this, { method: 'DELETE', url: mediaObjectUrl(settings, job.mediaId), timeoutMs });
		if (!isSuccessStatus(response.statusCode)) return failure(response);
		const success = (response.body as { success?: unknown } | null)?.success;
		return { ok: true, value: { mediaId: job.mediaId, deleted: success !== false, response: response.body as IDataObject } };
	};

	const operations: Record<string, (job: MediaJob) => Promise<AttemptOutcome<IDataObject, MetaError>>> = { upload, download, delete: remove };
	const run = operations[operation];
	if (!run) throw new NodeOperationError(this.getNode(), `Media operation "${operation}" is not one this node knows.`);

	const attempt = async (job: MediaJob): Promise<AttemptOutcome<IDataObject, MetaError>> => {
		try {
			return await run(job);
		} catch (error) {
			if (error instanceof InvalidInputError || error instanceof NodeOperationError) {
				return { ok: false, problem: validationError(error.message), failure: { failureClass: 'permanent' } };
			}
			const code = String((error as { code?: unknown }).code ?? '');
			const problem = validationError(`The request failed before an answer came back (${code || (error as Error).message})`);
			// Reading, downloading and deleting media are safe to repeat.
			return { ok: false, problem: { ...problem, title: 'No answer from the API' }, failure: { failureClass: operation === 'upload' ? 'ambiguous' : 'transient' } };
		}
	};

	const results = await runSendQueue(
		jobs,
		attempt,
		{
			concurrency: sending.maxConcurrency ?? 10,
			messagesPerSecond: 0,
			retry: { ...DEFAULT_RETRY_SETTINGS, maxRetries: sending.maxRetries ?? DEFAULT_RETRY_SETTINGS.maxRetries, retryAmbiguousFailures: false },
			stopOnFailure: !continueOnFail,
		},
		SYSTEM_CLOCK,
	);

	const output: INodeExecutionData[] = [];
	let position = 0;
	for (const entry of planned) {
		if (!('job' in entry)) {
			output.push({ json: { error: errorDetails(validationError(entry.invalid)) }, pairedItem: { item: entry.itemIndex } });
			continue;
		}
		const { job } = entry;
		const result = results[position++];
		if (result?.ok) {
			const binary = binaries.get(job.itemIndex);
			output.push({
				json: result.value,
				...(binary ? { binary: { ...(items[job.itemIndex].binary ?? {}), [job.binaryPropertyName]: binary } } : {}),
				pairedItem: { item: job.itemIndex },
			});
		} else if (result && continueOnFail) {
			output.push({ json: { error: errorDetails(result.problem), mediaId: job.mediaId || null }, pairedItem: { item: job.itemIndex } });
		} else if (result) {
			const error = result.problem;
			throw new NodeApiError(this.getNode(), { error: errorDetails(error) } as unknown as JsonObject, {
				message: error.message,
				description: [error.details, hintFor(error), error.fbtraceId ? `fbtrace_id: ${error.fbtraceId}` : undefined].filter(Boolean).join(' '),
				httpCode: error.httpStatus === null ? undefined : String(error.httpStatus),
				itemIndex: job.itemIndex,
			});
		}
	}
	return [output];
}
