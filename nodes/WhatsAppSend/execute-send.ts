import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { ReusedConnections } from '../shared/connection-pool';
import { cloudApiCredentials, isSuccessStatus, toCloudApiSettings } from '../shared/transport';
import { NodeOperationError } from 'n8n-workflow';
import { InvalidInputError } from '../shared/invalid-input';
import {
	type ItemJob,
	type Outcome,
	type UnansweredDetails,
	executeItems,
	failedAnswer,
	invalidInput,
	requestTimeoutOf,
	connectionChoiceOf,
	unansweredOutcome,
} from './item-executor';
import { type Upload, checkBinaryField, uploadBinary, uploadedMediaId } from './media/upload';
import { createParameterReader, rememberingReader } from './parameter-reader';
import { parseMetaError } from '../shared/meta-errors';
import { successOutput } from './output';
import { SentReferenceRecord, skippedOutput } from './sent-references';
import { postMessage } from './transport';
import type { AttemptState } from './send-queue';
import type { BuildContext, MessageRequest, MessageRoute, RouteNote } from './types';

const UNANSWERED: UnansweredDetails = {
	mayHaveArrived:
		'The API may have accepted the message before the connection failed, so it was not sent again. Match it by its Reference ID in the status webhooks.',
	notSent: 'The API could not be reached; the message was not sent.',
};

const UPLOAD_UNANSWERED =
	'The upload of the media got no answer, so the message was not sent; the upload was tried again as Max Retries allows.';

/** Sends the items of one message operation: each built by the route, then sent through the queue. */
export async function executeSend(
	this: IExecuteFunctions,
	route: MessageRoute,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const credentials = await cloudApiCredentials(this);
	const settings = toCloudApiSettings(credentials);
	const timeoutMs = requestTimeoutOf(this);

	const readerFor = createParameterReader(
		this.getNode().parameters,
		items,
		(name, itemIndex, fallback) =>
			this.getNodeParameter(name, itemIndex, fallback, { extractValue: true }),
	);
	let readers = items.map((_, itemIndex) => readerFor(itemIndex));
	let context: BuildContext = {};
	if (route.prepare) {
		readers = readers.map(rememberingReader);
		context = await route.prepare.call(
			this,
			settings,
			String(credentials.accessToken ?? ''),
			readers,
		);
	}
	const routes = new Map<number, RouteNote>();
	const record = SentReferenceRecord.open(
		this,
		this.getNodeParameter('sendingOptions', 0, {}) as IDataObject,
	);

	const connections =
		connectionChoiceOf(this) === 'reuseConnections'
			? ReusedConnections.open(this, credentials)
			: null;

	const attempt = async (
		request: MessageRequest,
		state: AttemptState,
	): Promise<Outcome<unknown>> => {
		if (
			request.uploadFromBinary !== undefined &&
			request.body[request.body.type as string] !== undefined
		) {
			const media = request.body[request.body.type as string] as IDataObject;
			if (media.id === undefined) {
				const file = {
					itemIndex: request.itemIndex,
					binaryPropertyName: request.uploadFromBinary,
					phoneNumberId: request.phoneNumberId,
					options: {},
				};
				let upload: Upload;
				try {
					upload = await uploadBinary.call(this, settings, file, timeoutMs);
				} catch (error) {
					if (error instanceof InvalidInputError || error instanceof NodeOperationError) {
						return {
							ok: false,
							problem: invalidInput(error.message),
							failure: { failureClass: 'permanent' },
						};
					}
					// Nothing was sent yet: safe to try again, whatever the connection did.
					return unansweredOutcome(error, false, { ...UNANSWERED, notSent: UPLOAD_UNANSWERED });
				}
				if (!isSuccessStatus(upload.response.statusCode)) return failedAnswer(upload.response);
				media.id = uploadedMediaId(upload.response);
			}
		}
		const response = await postMessage.call(
			this,
			settings,
			request,
			timeoutMs,
			routes,
			connections === null ? undefined : { connections, lastOnConnection: !state.workerSendsAgain },
		);
		if (!isSuccessStatus(response.statusCode)) return failedAnswer(response);
		if (!isAnswerObject(response.body)) return notAnAnswer(response.body, response.statusCode);
		if (request.referenceId !== null) record?.accepted(request.referenceId);
		return { ok: true, value: response.body };
	};

	try {
		return await executeItems<MessageRequest & ItemJob, unknown>(this, {
			plan: (itemIndex) => {
				const request = route.build(
					readers[itemIndex],
					itemIndex,
					settings.profile.referenceMaxLength,
					context,
				);
				return { ...request, recipientKey: request.to };
			},
			check: (request) => {
				if (request.uploadFromBinary !== undefined)
					checkBinaryField(this, request.itemIndex, request.uploadFromBinary, {});
			},
			attempt,
			mayHaveReachedApi: () => true,
			unanswered: UNANSWERED,
			success: (request, value) => ({
				json: {
					...successOutput(request, value, settings.profile.messageIdPath),
					...routes.get(request.itemIndex),
				},
				pairedItem: { item: request.itemIndex },
			}),
			failureFields: (request) => ({
				referenceId: request?.referenceId ?? null,
				to: request?.to ?? null,
			}),
			queue: { paced: true, ambiguousRetryOption: true, knowLastAttempts: connections !== null },
			leaveOut: async (requests) => {
				if (!record) return new Map();
				const sent = await record.alreadySent(
					requests.flatMap((request) =>
						request.referenceId === null ? [] : [request.referenceId],
					),
				);
				const skipped = requests.filter(
					(request) => request.referenceId !== null && sent.has(request.referenceId),
				);
				return new Map(
					skipped.map((request) => [
						request.itemIndex,
						skippedOutput(request.itemIndex, request.referenceId as string, request.to),
					]),
				);
			},
			settled: async () => await record?.close(),
		});
	} finally {
		// No timer of the run outlives it; connections were asked to close by the run's last requests.
		await connections?.close();
	}
}

function isAnswerObject(body: unknown): boolean {
	return typeof body === 'object' && body !== null;
}

/**
 * A 2xx answer that is not JSON (an HTML page, nothing at all) did not come from the API: a wrong
 * Base URL or a proxy's page. Whether the message went out is unknown, so it is not sent again.
 */
function notAnAnswer(body: unknown, statusCode: number): Outcome<never> {
	const problem = {
		...parseMetaError(body, statusCode),
		details:
			"This is not the API's answer, so it is unknown whether the message was sent; it was not sent again. Check the credential's Base URL: the API's address (for Meta, https://graph.facebook.com), not a web page or a proxy's sign-in page.",
	};
	return { ok: false, problem, failure: { failureClass: 'permanent' } };
}
