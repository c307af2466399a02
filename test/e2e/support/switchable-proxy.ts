/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- a test run by Jest in Node, never loaded by n8n */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP proxy in front of the sandbox that can go down and come back on the same port,
 * as Meta's edge does in an outage. Down, it listens no more, so new connections are refused
 * (ECONNREFUSED: the request never left); requests already in flight still get their answer.
 * Every answer closes its connection, so no request rides on a connection made before the outage.
 */
export interface SwitchableProxy {
	url: string;
	/** Requests forwarded to the sandbox, in order. */
	forwarded: number;
	down(): Promise<void>;
	up(): Promise<void>;
	close(): Promise<void>;
}

export async function startSwitchableProxy(target: string): Promise<SwitchableProxy> {
	const upstream = new URL(target);
	let forwarded = 0;
	const forward = (request: http.IncomingMessage, response: http.ServerResponse) => {
		forwarded += 1;
		const outgoing = http.request(
			{
				host: upstream.hostname,
				port: upstream.port,
				method: request.method,
				path: request.url,
				headers: { ...request.headers, host: upstream.host },
			},
			(answer) => {
				response.writeHead(answer.statusCode ?? 502, { ...answer.headers, connection: 'close' });
				answer.pipe(response);
			},
		);
		outgoing.on('error', () => response.destroy());
		request.pipe(outgoing);
	};
	const listen = (port: number) =>
		new Promise<http.Server>((resolve, reject) => {
			const server = http.createServer(forward);
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => {
				server.off('error', reject);
				resolve(server);
			});
		});
	let server: http.Server | null = await listen(0);
	const port = (server.address() as AddressInfo).port;
	/** Stops listening at once; connections with a request in flight finish. */
	const stop = () => {
		server?.close();
		server?.closeIdleConnections();
		const stopped = server;
		server = null;
		return stopped;
	};
	return {
		url: `http://127.0.0.1:${port}`,
		get forwarded() {
			return forwarded;
		},
		down: async () => {
			stop();
		},
		up: async () => {
			server ??= await listen(port);
		},
		close: async () => {
			stop()?.closeAllConnections();
		},
	};
}
