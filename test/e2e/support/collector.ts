/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback HTTP server standing in for a CRM: it keeps every JSON body posted to it. */
export interface Collector {
	url: string;
	received: Array<Record<string, unknown>>;
	/** Resolves once `count` bodies have arrived; rejects after `timeoutMs`, naming what did arrive. */
	waitFor(count: number, timeoutMs?: number): Promise<Array<Record<string, unknown>>>;
	clear(): void;
	close(): Promise<void>;
}

export async function startCollector(): Promise<Collector> {
	const received: Array<Record<string, unknown>> = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/collect`;
	return {
		url,
		received,
		async waitFor(count, timeoutMs = 30_000) {
			const deadline = Date.now() + timeoutMs;
			while (received.length < count) {
				if (Date.now() > deadline) {
					throw new Error(
						`expected ${count} items at the collector, got ${received.length}: ${JSON.stringify(received)}`,
					);
				}
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			return received;
		},
		clear() {
			received.length = 0;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
