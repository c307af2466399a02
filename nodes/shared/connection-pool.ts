import type { IDataObject, IExecuteFunctions, NodeEgressFilter } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { InvalidInputError } from './invalid-input';
import { authHeaderFor } from './providers';
import type { GraphResponse } from './transport';

/** How often the watch looks for requests past their timeout: the timeout's precision. */
const TIMEOUT_WATCH_INTERVAL_MS = 50;

/** A message POST sent through reused connections. */
export interface PooledRequest {
	url: string;
	body: IDataObject;
	timeoutMs: number;
	/** Whether no request of this worker of the Send queue follows: its connection is then closed. */
	lastOnConnection: boolean;
}

/**
 * The *Reuse Connections* transport of WhatsApp Send's message POSTs: Node's global `fetch`
 * (undici), whose pool keeps connections open between requests, where n8n's request helper builds
 * a new agent, so a new TCP connection and TLS handshake, for every request (README, Performance).
 *
 * What it keeps of the helper: the credential's header exactly as its `authenticate` adds it
 * (`authHeaderFor`, as `credentials/WhatsAppCloudApi.credentials.ts` uses it), n8n's outbound
 * network policy checked on the URL before any request (`this.helpers.getSecureEgressFilter()`,
 * n8n 2.40 and later; `NodeEgressFilter.validateUrl` in n8n-workflow), and no redirects followed.
 * What it gives up: n8n's proxy settings (Node's `fetch` follows HTTP(S)_PROXY only with
 * `NODE_USE_ENV_PROXY=1`) and the policy's check of the address a name resolves to when connecting.
 *
 * The pool is undici's, shared by the process: a node may not import an HTTP client of its own, so
 * it cannot close the pool. Instead each worker of the Send queue asks the server to close its
 * connection on its last request (`Connection: close`); each worker uses one connection at a time,
 * so at most the few undici opened while another was being released are left, to its keep-alive
 * timeout. The timeout watch stops when the run closes.
 */
export class ReusedConnections {
	private readonly deadlines = new Map<AbortController, { at: number; timeoutMs: number }>();

	/** The policy's verdict per URL, asked once per run (with SSRF protection on, it resolves the name). */
	private readonly verdicts = new Map<string, Promise<void>>();

	private watch: Promise<void> | null = null;

	private constructor(
		private readonly authHeader: { name: string; value: string },
		private readonly egressFilter: NodeEgressFilter | null,
	) {}

	static open(context: IExecuteFunctions, credentials: IDataObject): ReusedConnections {
		// Older n8n versions (1.x) have no outbound policy for nodes to apply.
		const egressFilter =
			typeof context.helpers.getSecureEgressFilter === 'function'
				? context.helpers.getSecureEgressFilter()
				: null;
		return new ReusedConnections(authHeaderFor(credentials), egressFilter);
	}

	/** The headers of every message POST: the same as n8n's helper sends for the credential. */
	headers(lastOnConnection: boolean): Record<string, string> {
		return {
			accept: 'application/json',
			'content-type': 'application/json',
			[this.authHeader.name]: this.authHeader.value,
			...(lastOnConnection ? { connection: 'close' } : {}),
		};
	}

	async post(request: PooledRequest): Promise<GraphResponse> {
		let allowed = this.verdicts.get(request.url);
		if (allowed === undefined) {
			allowed = this.checkPolicy(request.url);
			this.verdicts.set(request.url, allowed);
		}
		await allowed;
		const controller = new AbortController();
		this.deadlines.set(controller, {
			at: Date.now() + request.timeoutMs,
			timeoutMs: request.timeoutMs,
		});
		this.watch ??= this.watchTimeouts();
		try {
			const response = await fetch(request.url, {
				method: 'POST',
				headers: this.headers(request.lastOnConnection),
				body: JSON.stringify(request.body),
				redirect: 'manual',
				signal: controller.signal,
			});
			const text = await response.text();
			// undici frees the connection just after the body ends: without this turn of the event
			// loop the worker's next request would open another connection instead of reusing it.
			await sleep(0);
			return {
				statusCode: response.status,
				headers: Object.fromEntries(response.headers),
				body: parsedBody(text),
			};
		} finally {
			this.deadlines.delete(controller);
		}
	}

	private async checkPolicy(url: string): Promise<void> {
		if (this.egressFilter === null) return;
		const verdict = await this.egressFilter.validateUrl(url);
		if (!verdict.ok) {
			throw new InvalidInputError(
				`n8n's outbound network policy refused ${new URL(url).host}, so nothing was sent: ${verdict.error.message}. Ask your n8n administrator to allow the provider's address, or change the credential's Base URL.`,
			);
		}
	}

	/** Waits until the timeout watch has stopped: no timer of the run is left behind. */
	async close(): Promise<void> {
		await this.watch;
	}

	/** Aborts requests past their deadline, as the helper's timeout does, while any is in flight. */
	private async watchTimeouts(): Promise<void> {
		while (this.deadlines.size > 0) {
			await sleep(TIMEOUT_WATCH_INTERVAL_MS);
			const now = Date.now();
			for (const [controller, { at, timeoutMs }] of this.deadlines) {
				if (at > now) continue;
				this.deadlines.delete(controller);
				// The helper's (axios) code and wording for a request that timed out.
				controller.abort(
					Object.assign(new Error(`timeout of ${timeoutMs}ms exceeded`), { code: 'ECONNABORTED' }),
				);
			}
		}
		this.watch = null;
	}
}

/** JSON as the helper parses it; any other answer (an HTML page, nothing) as its text. */
function parsedBody(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}
