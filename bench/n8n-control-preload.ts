/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- the benchmark runs in Node, never inside n8n */
/**
 * Loaded into the benchmark's n8n with NODE_OPTIONS=--require. In n8n's own process only (not
 * its supervisor or task runner, which get the same NODE_OPTIONS), it listens on
 * 127.0.0.1:BENCH_CONTROL_PORT for the benchmark:
 *
 * - `POST /gc`: a full garbage collection, then `process.memoryUsage()`;
 * - `POST /profile/start`, `POST /profile/stop`: a CPU profile of n8n's main thread (.cpuprofile JSON).
 *
 * Both go through V8's inspector protocol in-process, so n8n runs without any extra flag.
 * Self-contained on purpose: it runs inside n8n's process on n8n's Node.js.
 */
import http from 'node:http';
import { Session } from 'node:inspector';

const port = Number(process.env.BENCH_CONTROL_PORT);
const isN8n = /[\\/]n8n[\\/]bin[\\/]n8n$/.test(process.argv[1] ?? '');

if (port > 0 && isN8n) {
	let session: Session | null = null;
	const post = (method: string) =>
		new Promise<unknown>((resolve, reject) => {
			if (session === null) {
				session = new Session();
				session.connect();
			}
			session.post(method, (error, result) => (error ? reject(error) : resolve(result)));
		});
	const routes: Record<string, () => Promise<unknown>> = {
		'/gc': async () => {
			await post('HeapProfiler.collectGarbage');
			return process.memoryUsage();
		},
		'/profile/start': async () => {
			await post('Profiler.enable');
			await post('Profiler.start');
			return {};
		},
		'/profile/stop': async () => ((await post('Profiler.stop')) as { profile: unknown }).profile,
	};
	const server = http.createServer((req, res) => {
		const route = req.method === 'POST' ? routes[req.url ?? ''] : undefined;
		if (!route) {
			res.writeHead(404).end();
			return;
		}
		route().then(
			(result) =>
				res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result)),
			(error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
		);
	});
	server.listen(port, '127.0.0.1');
	server.unref();
}
