/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- the sandbox is a Node program, never loaded by n8n */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { routeAdmin } from './admin-routes';
import { routeBsp } from './bsp-router';
import { SandboxContext, type GraphRequest } from './context';
import { routeGraph } from './graph-router';
import { parseBody, readBody, writeAnswer, type ParsedBody } from './http-io';
import { forcedFailure, type ApiAnswer } from './meta-errors';
import { prepareMetaSpec } from './meta-spec/meta-spec';
import {
	resolveConfig,
	type ConfigPatch,
	type SandboxConfig,
	type SandboxOptions,
} from './options';
import type { SandboxState } from './state';
import type { VerificationResult, WebhookDelivery } from './webhook-sender';

export interface Sandbox {
	/** `http://127.0.0.1:<port>`: the credential's base URL. */
	readonly url: string;
	readonly port: number;
	/** Live records: `requests`, `webhooks` (every delivery attempt), `messages` (accepted sends). */
	readonly state: SandboxState;
	/** The current configuration; change it with `configure`. */
	readonly config: SandboxConfig;
	configure(patch: ConfigPatch): SandboxConfig;
	/** Posts a webhook body, serialised and signed like Meta's, and resolves when delivery ended. */
	sendWebhook(payload: object, url?: string): Promise<WebhookDelivery>;
	/** Meta's GET handshake against `url` (default: the callback URL). */
	verifyCallback(url?: string, verifyToken?: string): Promise<VerificationResult>;
	reset(): void;
	/** Resolves when no status webhook is scheduled or being delivered. */
	idle(): Promise<void>;
	close(): Promise<void>;
}

function tokenOf(req: IncomingMessage, query: URLSearchParams, body: ParsedBody): string | null {
	const header = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(req.headers.authorization ?? '');
	if (header) return header[1].trim();
	const fields = body.value;
	const fromBody =
		typeof fields === 'object' && fields !== null
			? (fields as Record<string, unknown>).access_token
			: undefined;
	return query.get('access_token') ?? (typeof fromBody === 'string' ? fromBody : null);
}

/** What the request log keeps of a body: uploads are listed, not stored twice. */
function recordedBody(body: ParsedBody): unknown {
	if (body.files.length === 0) return body.value;
	return {
		fields: body.value,
		files: body.files.map((f) => ({
			field: f.field,
			filename: f.filename,
			contentType: f.contentType,
			size: f.data.length,
		})),
	};
}

/** Meta's Graph API, or in BSP mode the provider's send path. */
async function routeApi(ctx: SandboxContext, request: GraphRequest): Promise<ApiAnswer> {
	const { bsp } = ctx.config;
	return bsp === null ? routeGraph(ctx, request) : routeBsp(ctx, request, bsp);
}

async function answerFor(ctx: SandboxContext, request: GraphRequest): Promise<ApiAnswer> {
	const forced = ctx.config.failNextRequests;
	if (forced === null || forced.count === 0) return routeApi(ctx, request);
	ctx.configure({
		failNextRequests: forced.count > 1 ? { ...forced, count: forced.count - 1 } : null,
	});
	if (forced.afterAccepting) await routeApi(ctx, request);
	return forcedFailure(forced);
}

async function handle(
	ctx: SandboxContext,
	req: IncomingMessage,
	res: ServerResponse,
): Promise<void> {
	const url = new URL(req.url ?? '/', ctx.baseUrl);
	const body = parseBody(req.headers['content-type'], await readBody(req));
	const request: GraphRequest = {
		method: req.method ?? 'GET',
		path: url.pathname,
		query: url.searchParams,
		headers: req.headers,
		body,
		token: tokenOf(req, url.searchParams, body),
	};
	if (url.pathname.startsWith('/__sandbox/')) {
		writeAnswer(res, await routeAdmin(ctx, request));
		return;
	}
	const inFlight = ++ctx.apiRequestsInFlight;
	try {
		await answerApiRequest(ctx, request, res, url, inFlight);
	} finally {
		ctx.apiRequestsInFlight--;
	}
}

async function answerApiRequest(
	ctx: SandboxContext,
	request: GraphRequest,
	res: ServerResponse,
	url: URL,
	inFlight: number,
): Promise<void> {
	const answer = await answerFor(ctx, request);
	ctx.state.add(ctx.state.requests, {
		id: ctx.state.nextId(),
		at: new Date().toISOString(),
		inFlight,
		method: request.method,
		path: request.path,
		query: Object.fromEntries(url.searchParams),
		headers: request.headers,
		body: recordedBody(request.body),
		status: answer.status,
		response: Buffer.isBuffer(answer.body) ? `<${answer.body.length} bytes>` : answer.body,
	});
	ctx.log(`${request.method} ${request.path} → ${answer.status}`);
	if (ctx.config.latencyMs > 0) await sleep(ctx.config.latencyMs);
	writeAnswer(res, answer);
}

function listen(server: http.Server, port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve((server.address() as AddressInfo).port);
		});
	});
}

/** Starts a WhatsApp Cloud API stand-in on 127.0.0.1. */
export async function createSandbox(options: SandboxOptions): Promise<Sandbox> {
	const log = options.log ?? (() => undefined);
	const ctx = new SandboxContext(resolveConfig(options), log);
	// Parsing and compiling Meta's spec blocks for a second or two: before listening, not mid-campaign.
	prepareMetaSpec();
	const onRequest = (req: IncomingMessage, res: ServerResponse) => {
		handle(ctx, req, res).catch((error: unknown) => {
			log(`sandbox error on ${req.method} ${req.url}: ${String(error)}`);
			if (!res.headersSent) writeAnswer(res, { status: 500, body: { error: String(error) } });
			else res.destroy();
		});
	};
	const server = options.tls
		? https.createServer(options.tls, onRequest)
		: http.createServer(onRequest);
	const port = await listen(server, options.port ?? 0);
	const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
	ctx.baseUrl = url;
	return {
		url,
		port,
		state: ctx.state,
		get config() {
			return ctx.config;
		},
		configure: (patch) => ctx.configure(patch),
		sendWebhook: (payload, target) => ctx.sendWebhook(payload, target),
		verifyCallback: (target, verifyToken) => ctx.verifyCallback(target, verifyToken),
		reset: () => ctx.reset(),
		idle: () => ctx.background.idle(),
		close: () =>
			new Promise<void>((resolve, reject) => {
				ctx.close();
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
	};
}
