import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import {
	type CloudApiSettings,
	cloudApiCredentials,
	graphRequest,
	isSuccessStatus,
	mediaUploadUrl,
	toCloudApiSettings,
} from '../shared/transport';
import { type ItemJob, type Outcome, executeItems, failedAnswer, requestTimeoutOf } from './item-executor';
import { createParameterReader, rememberingReader } from './parameter-reader';
import { parseMetaError } from '../shared/meta-errors';
import { successOutput } from './output';
import { postMessage } from './transport';
import type { BuildContext, MessageRequest, MessageRoute, RouteNote } from './types';

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
	const credentials = await cloudApiCredentials(this);
	const settings = toCloudApiSettings(credentials);
	const timeoutMs = requestTimeoutOf(this);

	const readerFor = createParameterReader(this.getNode().parameters, items, (name, itemIndex, fallback) =>
		this.getNodeParameter(name, itemIndex, fallback, { extractValue: true }),
	);
	let readers = items.map((_, itemIndex) => readerFor(itemIndex));
	let context: BuildContext = {};
	if (route.prepare) {
		readers = readers.map(rememberingReader);
		context = await route.prepare.call(this, settings, String(credentials.accessToken ?? ''), readers);
	}
	const routes = new Map<number, RouteNote>();

	const attempt = async (request: MessageRequest): Promise<Outcome<unknown>> => {
		if (request.uploadFromBinary !== undefined && request.body[request.body.type as string] !== undefined) {
			const media = request.body[request.body.type as string] as IDataObject;
			if (media.id === undefined) {
				const upload = await uploadMedia.call(this, settings, request, request.uploadFromBinary, timeoutMs);
				if (!isSuccessStatus(upload.statusCode)) return failedAnswer(upload);
				media.id = (upload.body as { id?: string }).id;
			}
		}
		const response = await postMessage.call(this, settings, request, timeoutMs, routes);
		if (!isSuccessStatus(response.statusCode)) return failedAnswer(response);
		return isAnswerObject(response.body) ? { ok: true, value: response.body } : notAnAnswer(response.body, response.statusCode);
	};

	return await executeItems<MessageRequest & ItemJob, unknown>(this, {
		plan: (itemIndex) => {
			const request = route.build(readers[itemIndex], itemIndex, settings.profile.referenceMaxLength, context);
			return { ...request, recipientKey: request.to };
		},
		attempt,
		mayHaveReachedApi: () => true,
		unanswered: {
			mayHaveArrived:
				'The API may have accepted the message before the connection failed, so it was not sent again. Match it by its Reference ID in the status webhooks.',
			notSent: 'The API could not be reached; the message was not sent.',
		},
		success: (request, value) => ({
			json: { ...successOutput(request, value, settings.profile.messageIdPath), ...routes.get(request.itemIndex) },
			pairedItem: { item: request.itemIndex },
		}),
		failureFields: (request) => ({ referenceId: request?.referenceId ?? null, to: request?.to ?? null }),
		queue: { paced: true, ambiguousRetryOption: true },
	});
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
