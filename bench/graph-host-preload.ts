/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- the benchmark runs in Node, never inside n8n */
/**
 * Loaded into the benchmark's n8n with NODE_OPTIONS=--require, before n8n itself.
 *
 * - `graph.facebook.com` resolves to 127.0.0.1, and a connection to it on port 443 goes to
 *   BENCH_GRAPH_PORT instead: n8n's built-in WhatsApp node calls that fixed address, and this way
 *   it reaches the local sandbox (its certificate trusted through NODE_EXTRA_CA_CERTS).
 * - Nothing else leaves loopback: a lookup of any other name that is not `localhost`, and a
 *   connection to a non-loopback address, fail at once and are appended to BENCH_EGRESS_LOG.
 *
 * Self-contained on purpose: it runs inside n8n's process on n8n's Node.js.
 */
import dns from 'node:dns';
import { appendFileSync } from 'node:fs';
import net from 'node:net';

const GRAPH_HOST = 'graph.facebook.com';
const graphPort = Number(process.env.BENCH_GRAPH_PORT);
const egressLog = process.env.BENCH_EGRESS_LOG;

type LookupCallback = (
	error: NodeJS.ErrnoException | null,
	address?: unknown,
	family?: number,
) => void;

function isLoopbackAddress(address: string): boolean {
	return address === '::1' || address.startsWith('127.') || address === '::ffff:127.0.0.1';
}

function isAllowedName(hostname: string): boolean {
	return hostname === 'localhost' || (net.isIP(hostname) !== 0 && isLoopbackAddress(hostname));
}

function refuse(what: string): NodeJS.ErrnoException {
	if (egressLog)
		appendFileSync(
			egressLog,
			`${JSON.stringify({ at: new Date().toISOString(), pid: process.pid, what })}\n`,
		);
	return Object.assign(new Error(`benchmark: ${what} refused, nothing may leave loopback`), {
		code: 'ENOTFOUND',
	});
}

function graphAnswer(all: boolean): unknown {
	return all ? [{ address: '127.0.0.1', family: 4 }] : '127.0.0.1';
}

const originalLookup = dns.lookup;
function lookup(hostname: string, options: unknown, callback?: LookupCallback): void {
	const done = (typeof options === 'function' ? options : callback) as LookupCallback;
	const all =
		typeof options === 'object' && options !== null && (options as { all?: boolean }).all === true;
	if (hostname === GRAPH_HOST) {
		process.nextTick(done, null, graphAnswer(all), 4);
		return;
	}
	if (!isAllowedName(hostname) && net.isIP(hostname) === 0) {
		process.nextTick(done, refuse(`DNS lookup of ${hostname}`));
		return;
	}
	(originalLookup as (...args: unknown[]) => void)(hostname, options, callback);
}
dns.lookup = lookup as typeof dns.lookup;

const originalPromiseLookup = dns.promises.lookup;
dns.promises.lookup = (async (hostname: string, options?: { all?: boolean }) => {
	if (hostname === GRAPH_HOST) {
		return options?.all === true
			? [{ address: '127.0.0.1', family: 4 }]
			: { address: '127.0.0.1', family: 4 };
	}
	if (!isAllowedName(hostname) && net.isIP(hostname) === 0)
		throw refuse(`DNS lookup of ${hostname}`);
	return await originalPromiseLookup(hostname, options ?? {});
}) as typeof dns.promises.lookup;

interface ConnectTarget {
	host?: string;
	port?: number | string;
	path?: string | null;
}

/** Where a connect call goes, and how to send it to another port; null for a Unix socket. */
function tcpTarget(
	args: unknown[],
): { host: string; port: number; redirect(port: number): void } | null {
	const [first, second] = args;
	if (typeof first === 'object' && first !== null) {
		const target = first as ConnectTarget;
		if (target.path) return null;
		return {
			host: target.host ?? 'localhost',
			port: Number(target.port),
			redirect: (port) => (args[0] = { ...target, port }),
		};
	}
	if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
		return {
			host: typeof second === 'string' ? second : 'localhost',
			port: Number(first),
			redirect: (port) => (args[0] = port),
		};
	}
	return null;
}

const originalConnect = net.Socket.prototype.connect;
/**
 * Socket#connect takes (options, cb), (port, host, cb), (path, cb), or the array that net.connect
 * and tls.connect normalise their arguments into; every TCP client of Node, undici included, ends here.
 */
net.Socket.prototype.connect = function connect(this: net.Socket, ...args: unknown[]): net.Socket {
	const target = tcpTarget(Array.isArray(args[0]) ? (args[0] as unknown[]) : args);
	if (target?.host === GRAPH_HOST && target.port === 443) target.redirect(graphPort);
	if (target && net.isIP(target.host) !== 0 && !isLoopbackAddress(target.host)) {
		const error = refuse(`connection to ${target.host}:${target.port}`);
		process.nextTick(() => this.destroy(error));
		return this;
	}
	return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
