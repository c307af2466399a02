/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- the benchmark runs in Node, never inside n8n */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Report {
	run: string;
	items: number;
	withReference: number;
	/** performance.now() when it arrived. */
	arrivedAt: number;
}

/** A loopback HTTP server that takes the fan-out workflows' reports, one POST per execution. */
export interface ReportCollector {
	url: string;
	/** The next report of that run; rejects after `timeoutMs`. */
	next(run: string, timeoutMs: number): Promise<Report>;
	close(): Promise<void>;
}

export async function startReportCollector(): Promise<ReportCollector> {
	const waiting = new Map<string, (report: Report) => void>();
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const arrivedAt = performance.now();
			const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<Report, 'arrivedAt'>;
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
			waiting.get(body.run)?.({ ...body, arrivedAt });
			waiting.delete(body.run);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/report`,
		next: (run, timeoutMs) =>
			new Promise<Report>((resolve, reject) => {
				const timer = setTimeout(() => {
					waiting.delete(run);
					reject(new Error(`no report from the ${run} fan-out workflow within ${timeoutMs} ms`));
				}, timeoutMs);
				waiting.set(run, (report) => {
					clearTimeout(timer);
					resolve(report);
				});
			}),
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
