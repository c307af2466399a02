/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- the sandbox is a Node program, never loaded by n8n */
import http from 'node:http';
import https from 'node:https';

export interface HttpResult {
	status: number;
	body: string;
}

export interface HttpCall {
	method: 'GET' | 'POST';
	url: URL;
	headers?: Record<string, string>;
	body?: Buffer;
	timeoutMs: number;
	signal: AbortSignal;
}

/** Outgoing calls (webhooks, handshakes) over keep-alive agents the sandbox owns and closes. */
export class HttpClient {
	private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
	private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

	call({ method, url, headers, body, timeoutMs, signal }: HttpCall): Promise<HttpResult> {
		const secure = url.protocol === 'https:';
		const request = secure ? https.request : http.request;
		return new Promise((resolve, reject) => {
			const req = request(url, {
				method,
				headers: { ...headers, ...(body ? { 'Content-Length': String(body.length) } : {}) },
				agent: secure ? this.httpsAgent : this.httpAgent,
				signal,
			});
			req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
			req.on('error', reject);
			req.on('response', (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('error', reject);
				res.on('end', () =>
					resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
				);
			});
			req.end(body);
		});
	}

	close(): void {
		this.httpAgent.destroy();
		this.httpsAgent.destroy();
	}
}
