import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import { InvalidInputError } from '../shared/invalid-input';
import { type MetaError, classifyMetaError, hintFor, parseMetaError } from '../shared/meta-errors';
import {
	type CloudApiSettings,
	cloudApiCredentials,
	graphRequest,
	isSuccessStatus,
	mediaUploadUrl,
	toCloudApiSettings,
} from '../shared/transport';
import { createParameterReader, rememberingReader } from './parameter-reader';
import { postMessage } from './transport';
import type { BuildContext, MessageRequest, MessageRoute, RouteNote } from './types';
import { errorDetails, successOutput } from './output';
import { DEFAULT_RETRY_SETTINGS, parseRetryAfter } from './retry-policy';
import { type AttemptOutcome, type QueueClock, runSendQueue } from './send-queue';
import { SentReferenceRecord, skippedOutput } from './sent-references';

const SYSTEM_CLOCK: QueueClock = { now: () => Date.now(), sleep, random: Math.random };

/** Transport failures where the request never left: safe to send again. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

interface SendingOptions {
	maxConcurrency?: number;
	messagesPerSecond?: number;
	maxRetries?: number;
	retryAmbiguousFailures?: boolean;
	requestTimeout?: number;
	skipReferencesAlreadySent?: boolean;
	sentReferencesLimit?: number;
}

type Built = { request: MessageRequest } | { itemIndex: number; invalid: string };

function transportFailure(error: unknown): MetaError & { sent: boolean } {
	const code = String((error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code ?? '');
	const reason = code || (error as Error).message || 'unknown transport error';
	return {
		code: null,
		title: 'No answer from the API',
		message: `The request failed before an answer came back (${reason})`,
		details: NOT_SENT_CODES.has(code)
			? 'The API could not be reached; the message was not sent.'
			: 'The API may have accepted the message before the connection failed, so it was not sent again. Match it by its Reference ID in the status webhooks.',
		fbtraceId: null,
		httpStatus: null,
		sent: !NOT_SENT_CODES.has(code),
	};
}

function validationError(message: string): MetaError {
	return { code: null, title: 'Invalid input', message, details: null, fbtraceId: null, httpStatus: null };
}

async function uploadMedia(
	this: IExecuteFunctions,
	settings: CloudApiSettings,
	request: MessageRequest,
	binaryPropertyName: string,
	timeoutMs: number,
) {
	const binary = this.helpers.assertBinaryData(request.itemIndex, binaryPropertyName);
	const buffer = await this.helpers.getBinaryDataBuffer(request.itemIndex, binaryPropertyName);
	const form = new FormData();
	form.append('messaging_product', 'whatsapp');
	form.append('type', binary.mimeType);
	form.append('file', new Blob([buffer], { type: binary.mimeType }), binary.fileName ?? 'file');
	return await graphRequest.call(this, {
		method: 'POST',
		url: mediaUploadUrl(settings, request.phoneNumberId),
		body: form,
		timeoutMs,
	});
}

/** Sends the items of one message operation: each built by the route, then sent through the queue. */
export async function executeSend(this: IExecuteFunctions, route: MessageRoute): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const options = this.getNodeParameter('sendingOptions', 0, {}) as SendingOptions;
	const continueOnFail = this.continueOnFail();
	const credentials = await cloudApiCredentials(this);
	const settings = toCloudApiSettings(credentials);
	const timeoutMs = options.requestTimeout ?? 30_000;

	const readerFor = createParameterReader(this.getNode().parameters, items, (name, itemIndex, fallback) =>
		this.getNodeParameter(name, itemIndex, fallback, { extractValue: true }),
	);
	let readers = items.map((_, itemIndex) => readerFor(itemIndex));
	let context: BuildContext = {};
	if (route.prepare) {
		readers = readers.map(rememberingReader);
		context = await route.prepare.call(this, settings, String(credentials.accessToken ?? ''), readers);
	}
	const built: Built[] = items.map((_, itemIndex) => {
		try {
			return { request: route.build(readers[itemIndex], itemIndex, settings.profile.referenceMaxLength, context) };
		} catch (error) {
			if (!(error instanceof InvalidInputError)) {
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
			// n8n's own convention for naming the item in a message.
			const invalid = `${error.message} [item ${itemIndex}]`;
			if (!continueOnFail) throw new NodeOperationError(this.getNode(), invalid, { itemIndex });
			return { itemIndex, invalid };
		}
	});

	const record = SentReferenceRecord.open(this, options);
	const alreadySent = record
		? await record.alreadySent(built.flatMap((entry) => ('request' in entry && entry.request.referenceId !== null ? [entry.request.referenceId] : [])))
		: new Set<string>();
	const isSkipped = (request: MessageRequest) => request.referenceId !== null && alreadySent.has(request.referenceId);

	const routes = new Map<number, RouteNote>();
	const requests = built.flatMap((entry) =>
		'request' in entry && !isSkipped(entry.request) ? [{ ...entry.request, recipientKey: entry.request.to }] : [],
	);

	const attempt = async (request: MessageRequest): Promise<AttemptOutcome<unknown, MetaError>> => {
		try {
			if (request.uploadFromBinary !== undefined && request.body[request.body.type as string] !== undefined) {
				const media = request.body[request.body.type as string] as IDataObject;
				if (media.id === undefined) {
					const upload = await uploadMedia.call(this, settings, request, request.uploadFromBinary, timeoutMs);
					if (!isSuccessStatus(upload.statusCode)) return failed(upload.body, upload.statusCode, upload.headers);
					media.id = (upload.body as { id?: string }).id;
				}
			}
			const response = await postMessage.call(this, settings, request, timeoutMs, routes);
			if (isSuccessStatus(response.statusCode)) {
				if (!isAnswerObject(response.body)) return notAnAnswer(response.body, response.statusCode);
				if (request.referenceId !== null) record?.accepted(request.referenceId);
				return { ok: true, value: response.body };
			}
			return failed(response.body, response.statusCode, response.headers);
		} catch (error) {
			if (error instanceof NodeOperationError || error instanceof InvalidInputError) {
				return { ok: false, problem: validationError(error.message), failure: { failureClass: 'permanent' } };
			}
			const problem = transportFailure(error);
			return { ok: false, problem, failure: { failureClass: problem.sent ? 'ambiguous' : 'transient' } };
		}
	};

	const results = await runSendQueue(
		requests,
		attempt,
		{
			concurrency: options.maxConcurrency ?? 100,
			messagesPerSecond: options.messagesPerSecond ?? 80,
			retry: {
				...DEFAULT_RETRY_SETTINGS,
				maxRetries: options.maxRetries ?? DEFAULT_RETRY_SETTINGS.maxRetries,
				retryAmbiguousFailures: options.retryAmbiguousFailures ?? false,
			},
			stopOnFailure: !continueOnFail,
		},
		SYSTEM_CLOCK,
	);
	await record?.close();

	const output: INodeExecutionData[] = [];
	let position = 0;
	for (const entry of built) {
		if (!('request' in entry)) {
			output.push(errorItem(entry.itemIndex, validationError(entry.invalid), null, null));
			continue;
		}
		const { request } = entry;
		if (isSkipped(request)) {
			output.push(skippedOutput(request.itemIndex, request.referenceId as string, request.to));
			continue;
		}
		const result = results[position++];
		if (result?.ok) {
			output.push({
				json: { ...successOutput(request, result.value, settings.profile.messageIdPath), ...routes.get(request.itemIndex) },
				pairedItem: { item: request.itemIndex },
			});
		} else if (result && continueOnFail) {
			output.push(errorItem(request.itemIndex, result.problem, request.referenceId, request.to));
		} else if (result) {
			throw apiError(this, request.itemIndex, result.problem);
		}
	}
	return [output];
}

function failed(body: unknown, statusCode: number, headers: Record<string, unknown>): AttemptOutcome<unknown, MetaError> {
	const problem = parseMetaError(body, statusCode);
	return {
		ok: false,
		problem,
		failure: {
			failureClass: classifyMetaError(problem),
			retryAfterMs: parseRetryAfter(headers['retry-after'], Date.now()),
		},
	};
}

function isAnswerObject(body: unknown): boolean {
	return typeof body === 'object' && body !== null;
}

/**
 * A 2xx answer that is not JSON (an HTML page, nothing at all) did not come from the API: a wrong
 * Base URL or a proxy's page. Whether the message went out is unknown, so it is not sent again.
 */
function notAnAnswer(body: unknown, statusCode: number): AttemptOutcome<unknown, MetaError> {
	const problem = {
		...parseMetaError(body, statusCode),
		details:
			"This is not the API's answer, so it is unknown whether the message was sent; it was not sent again. Check the credential's Base URL: the API's address (for Meta, https://graph.facebook.com), not a web page or a proxy's sign-in page.",
	};
	return { ok: false, problem, failure: { failureClass: 'permanent' } };
}

function errorItem(itemIndex: number, error: MetaError, referenceId: string | null, to: string | null): INodeExecutionData {
	return { json: { error: errorDetails(error), referenceId, to }, pairedItem: { item: itemIndex } };
}

function apiError(context: IExecuteFunctions, itemIndex: number, error: MetaError): NodeApiError {
	const hint = hintFor(error);
	return new NodeApiError(context.getNode(), { error: errorDetails(error) } as unknown as JsonObject, {
		message: error.message,
		description: [error.details, hint, error.fbtraceId ? `fbtrace_id: ${error.fbtraceId}` : undefined]
			.filter(Boolean)
			.join(' '),
		httpCode: error.httpStatus === null ? undefined : String(error.httpStatus),
		itemIndex,
	});
}
