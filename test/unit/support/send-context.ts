/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type {
	DeduplicationHelperFunctions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	NodeEgressFilter,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { WhatsAppCloudApi } from '../../../credentials/WhatsAppCloudApi.credentials';
import { WhatsAppSend } from '../../../nodes/WhatsAppSend/WhatsAppSend.node';
import { authHeaderFor } from '../../../nodes/shared/providers';
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
	| { throws: Error }
	/** Never answered (Reuse Connections only): the request times out. */
	| { hang: true };

export interface SendRun {
	sent: SentRequest[];
	output?: INodeExecutionData[];
	/** What execute() threw, when it did. */
	error?: unknown;
	logged: string[];
	/** How often the node asked n8n for the decrypted credential. */
	credentialReads: number;
	/**
	 * With Reuse Connections: connections the server accepted, and those the client left open for
	 * another request (not closed, no request on them, the last one not asking to close) when
	 * execute() returned.
	 */
	connections?: { opened: number; keptOpenWhenRunEnded: number };
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
 * Sending Options → Connection the run uses: the unit project runs with n8n's request helper, the
 * unit-reuse-connections project (jest.config.js) runs the same files with Reuse Connections.
 */
export const CONNECTION = process.env.WHATSAPP_SEND_CONNECTION ?? 'requestHelper';

/**
 * Runs the Send node's execute() with a stand-in for n8n: requests go through the credential's
 * real `authenticate`, are recorded, and get `answer(index, request)`. Binary data is present
 * only for items that carry `binary`, as n8n's assertBinaryData checks.
 *
 * With Reuse Connections, the message POSTs leave through Node's real `fetch` to a loopback server
 * that records them and gives the same answers (see `reusedConnectionsStandIn`).
 */
export async function runSend(options: {
	credentials: IDataObject;
	items: IDataObject[];
	answer: (index: number, request: SentRequest) => Answer;
	continueOnFail?: boolean;
	/** n8n's deduplication helpers (this.helpers.checkProcessedAndRecord and its siblings), where the test gives them. */
	deduplication?: Partial<DeduplicationHelperFunctions>;
	/** Sending Options → Connection, when the test sets it rather than the project. */
	connection?: string;
	/** n8n's outbound network policy (this.helpers.getSecureEgressFilter), where the test gives one. */
	egressFilter?: NodeEgressFilter;
}): Promise<SendRun> {
	const connection = options.connection ?? CONNECTION;
	const credential = new WhatsAppCloudApi();
	const sent: SentRequest[] = [];
	const logged: string[] = [];
	let credentialReads = 0;
	const pooled =
		connection === 'reuseConnections'
			? await reusedConnectionsStandIn(options.credentials, sent, options.answer)
			: null;
	const items = pooled
		? options.items.map((item) => ({
				...item,
				sendingOptions: { ...(item.sendingOptions as IDataObject), connection },
			}))
		: options.items;
	const record = (message: string, meta?: unknown) =>
		logged.push(meta === undefined ? message : `${message} ${JSON.stringify(meta)}`);
	const context = {
		getInputData: () => items.map(() => ({ json: {} })),
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) =>
			readerFor(items[itemIndex])(name, fallback),
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
				if ('hang' in answer) throw new Error('the stand-in of n8n’s helper cannot hang');
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
			...(options.egressFilter ? { getSecureEgressFilter: () => options.egressFilter } : {}),
			...options.deduplication,
		},
	} as unknown as IExecuteFunctions;
	try {
		const [output] = await new WhatsAppSend().execute.call(context);
		return { sent, output, logged, credentialReads, connections: pooled?.connections() };
	} catch (error) {
		return { sent, error, logged, credentialReads, connections: pooled?.connections() };
	} finally {
		await pooled?.close();
	}
}

/**
 * A loopback server behind Node's real `fetch` for the runs with Reuse Connections. The one thing
 * stood in for is the address: `fetch` is pointed at the server whatever host the credential names
 * (the path carries the URL asked for), as a DNS entry would. The server records each request as
 * the helper's stand-in does (the credential's header under the profile's spelling of its name:
 * HTTP header names are case-insensitive, and `fetch` sends them in lower case) and answers with
 * `answer`; an answer that throws makes `fetch` throw that error, as the helper's stand-in does.
 */
async function reusedConnectionsStandIn(
	credentials: IDataObject,
	sent: SentRequest[],
	answer: (index: number, request: SentRequest) => Answer,
): Promise<{
	connections(): { opened: number; keptOpenWhenRunEnded: number };
	close(): Promise<void>;
}> {
	const thrown = new Map<string, Error>();
	let opened = 0;
	/** Open connections, and whether each is idle and kept alive by its last request. */
	const keptAlive = new Map<Socket, boolean>();
	const authHeader = (() => {
		try {
			return authHeaderFor(credentials).name;
		} catch {
			return null;
		}
	})();
	const handle = (request: IncomingMessage, response: ServerResponse) => {
		keptAlive.set(request.socket, false);
		response.on('finish', () => {
			if (keptAlive.has(request.socket))
				keptAlive.set(request.socket, request.headers.connection !== 'close');
		});
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const headers: IDataObject = {};
			if (authHeader !== null) {
				const value = request.headers[authHeader.toLowerCase()];
				if (value !== undefined) headers[authHeader] = value;
			}
			const entry: SentRequest = {
				method: String(request.method),
				url: decodeURIComponent(String(request.url).slice(1)),
				headers,
				body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
			};
			sent.push(entry);
			const given = answer(sent.length - 1, entry);
			if ('hang' in given) return;
			if ('throws' in given) {
				const id = String(sent.length);
				thrown.set(id, given.throws);
				response.writeHead(599, { 'x-stand-in-throws': id }).end();
				return;
			}
			const body = typeof given.body === 'string' ? given.body : JSON.stringify(given.body);
			response
				.writeHead(given.statusCode, {
					'content-type': 'application/json',
					...(given.headers as Record<string, string>),
				})
				.end(body);
		});
	};
	const server: Server = createServer(handle);
	server.on('connection', (socket: Socket) => {
		opened++;
		keptAlive.set(socket, false);
		socket.on('close', () => keptAlive.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const realFetch = globalThis.fetch;
	globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
		const response = await realFetch(`${origin}/${encodeURIComponent(String(input))}`, init);
		const throws = thrown.get(response.headers.get('x-stand-in-throws') ?? '');
		if (throws) {
			await response.text();
			throw throws;
		}
		return response;
	};
	return {
		connections: () => ({
			opened,
			keptOpenWhenRunEnded: [...keptAlive.values()].filter(Boolean).length,
		}),
		async close() {
			globalThis.fetch = realFetch;
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
