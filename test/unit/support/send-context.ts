import type {
	DeduplicationHelperFunctions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { WhatsAppCloudApi } from '../../../credentials/WhatsAppCloudApi.credentials';
import { WhatsAppSend } from '../../../nodes/WhatsAppSend/WhatsAppSend.node';
import { readerFor } from './parameters';

export const SEND_NODE: INode = {
	id: 'send-1',
	name: 'WhatsApp Send',
	type: 'n8n-nodes-whatsapp-reference.whatsAppSend',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export interface SentRequest {
	method: string;
	url: string;
	headers: IDataObject;
	body: unknown;
}

/** What the stand-in for n8n's request helper does with the n-th request: answer, or throw. */
export type Answer =
	| { statusCode: number; body: unknown; headers?: Record<string, unknown> }
	| { throws: Error };

export interface SendRun {
	sent: SentRequest[];
	output?: INodeExecutionData[];
	/** What execute() threw, when it did. */
	error?: unknown;
	logged: string[];
	/** How often the node asked n8n for the decrypted credential. */
	credentialReads: number;
}

export const metaAccepted = (index: number): Answer => ({
	statusCode: 200,
	body: {
		messaging_product: 'whatsapp',
		contacts: [{ input: '16505551234', wa_id: '16505551234' }],
		messages: [{ id: `wamid.OK${index}` }],
	},
});

/**
 * Runs the Send node's execute() with a stand-in for n8n: requests go through the credential's
 * real `authenticate`, are recorded, and get `answer(index, request)`. Binary data is present
 * only for items that carry `binary`, as n8n's assertBinaryData checks.
 */
export async function runSend(options: {
	credentials: IDataObject;
	items: IDataObject[];
	answer: (index: number, request: SentRequest) => Answer;
	continueOnFail?: boolean;
	/** n8n's deduplication helpers (this.helpers.checkProcessedAndRecord and its siblings), where the test gives them. */
	deduplication?: Partial<DeduplicationHelperFunctions>;
}): Promise<SendRun> {
	const credential = new WhatsAppCloudApi();
	const sent: SentRequest[] = [];
	const logged: string[] = [];
	let credentialReads = 0;
	const record = (message: string, meta?: unknown) =>
		logged.push(meta === undefined ? message : `${message} ${JSON.stringify(meta)}`);
	const context = {
		getInputData: () => options.items.map(() => ({ json: {} })),
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) =>
			readerFor(options.items[itemIndex])(name, fallback),
		continueOnFail: () => options.continueOnFail ?? false,
		getCredentials: async () => {
			credentialReads += 1;
			return options.credentials;
		},
		getNode: () => SEND_NODE,
		logger: { debug: record, info: record, warn: record, error: record, verbose: record },
		helpers: {
			// As n8n does, a credential passed decrypted is used as it is instead of being read again.
			async httpRequestWithAuthentication(
				_type: string,
				request: IHttpRequestOptions,
				additional?: { credentialsDecrypted?: { data?: ICredentialDataDecryptedObject } },
			) {
				const data =
					additional?.credentialsDecrypted?.data ?? (await context.getCredentials(_type));
				const authenticated = await credential.authenticate(
					data as ICredentialDataDecryptedObject,
					request,
				);
				const entry = {
					method: String(authenticated.method),
					url: authenticated.url,
					headers: authenticated.headers as IDataObject,
					body: authenticated.body,
				};
				sent.push(entry);
				const answer = options.answer(sent.length - 1, entry);
				if ('throws' in answer) throw answer.throws;
				return { statusCode: answer.statusCode, headers: answer.headers ?? {}, body: answer.body };
			},
			assertBinaryData(itemIndex: number, propertyName: string) {
				// n8n's own wording (n8n-core's assertBinaryData).
				const binary = options.items[itemIndex].binary as IDataObject | undefined;
				if (binary === undefined) {
					throw new NodeOperationError(
						SEND_NODE,
						`This operation expects the node's input data to contain a binary file '${propertyName}', but none was found [item ${itemIndex}]`,
						{ itemIndex },
					);
				}
				if (binary[propertyName] === undefined) {
					throw new NodeOperationError(
						SEND_NODE,
						`The item has no binary field '${propertyName}' [item ${itemIndex}]`,
						{ itemIndex },
					);
				}
				// A field may give its own type and name; the bytes stand in for a small PNG.
				return {
					mimeType: 'image/png',
					fileName: 'a.png',
					data: '',
					...(binary[propertyName] as IDataObject),
				};
			},
			getBinaryDataBuffer: async () => Buffer.from('png'),
			...options.deduplication,
		},
	} as unknown as IExecuteFunctions;
	try {
		const [output] = await new WhatsAppSend().execute.call(context);
		return { sent, output, logged, credentialReads };
	} catch (error) {
		return { sent, error, logged, credentialReads };
	}
}
