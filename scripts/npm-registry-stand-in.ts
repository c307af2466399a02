/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- a dev script run by Node, never loaded by n8n */
import { createHash } from 'node:crypto';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsHttpServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { packedManifest } from './n8n-package';
import { runCommand } from './run-command';

const registryHost = 'registry.npmjs.org';

export interface NpmRegistryStandIn {
	/** Variables that send n8n's and npm's HTTPS requests through the stand-in. */
	env: NodeJS.ProcessEnv;
	/** The paths asked of registry.npmjs.org, in order. */
	requests: string[];
	/** Every other host asked for (api.n8n.io's package check, ...), refused. */
	refusedHosts: string[];
	close(): Promise<void>;
}

/**
 * npm's registry, on loopback, for n8n's Community Nodes installer. n8n installs only from
 * https://registry.npmjs.org (another registry needs an enterprise licence), so this stand-in is
 * the HTTPS proxy that n8n and its npm are told to use: a CONNECT to registry.npmjs.org gets a TLS
 * server with a certificate made here (trusted through NODE_EXTRA_CA_CERTS) that serves one packed
 * package: its packument, its version document and its tarball. Every other host is refused, so
 * nothing leaves the machine.
 */
export async function startNpmRegistryStandIn(tarball: string): Promise<NpmRegistryStandIn> {
	const folder = await mkdtemp(join(tmpdir(), 'npm-registry-stand-in-'));
	const certificate = join(folder, 'registry.pem');
	const key = join(folder, 'registry.key');
	await runCommand('openssl', [
		'req',
		'-x509',
		'-newkey',
		'ec',
		'-pkeyopt',
		'ec_paramgen_curve:prime256v1',
		'-nodes',
		'-keyout',
		key,
		'-out',
		certificate,
		'-days',
		'1',
		'-subj',
		`/CN=${registryHost}`,
		'-addext',
		`subjectAltName=DNS:${registryHost}`,
	]);
	const tarballBytes = await readFile(tarball);
	const manifest = await packedManifest(tarball);
	const tarballPath = `/${manifest.name}/-/${basename(tarball)}`;
	const versionDocument = {
		...manifest,
		_id: `${manifest.name}@${manifest.version}`,
		dist: {
			tarball: `https://${registryHost}${tarballPath}`,
			integrity: `sha512-${createHash('sha512').update(tarballBytes).digest('base64')}`,
			shasum: createHash('sha1').update(tarballBytes).digest('hex'),
		},
	};
	const packument = {
		_id: manifest.name,
		name: manifest.name,
		'dist-tags': { latest: manifest.version },
		versions: { [manifest.version]: versionDocument },
	};

	const requests: string[] = [];
	const refusedHosts: string[] = [];
	const documents = new Map<string, unknown>([
		[`/${manifest.name}`, packument],
		[`/${manifest.name}/latest`, versionDocument],
		[`/${manifest.name}/${manifest.version}`, versionDocument],
	]);
	const registry = createTlsHttpServer(
		{ key: await readFile(key), cert: await readFile(certificate) },
		(request: IncomingMessage, response: ServerResponse) => {
			const path = decodeURIComponent(new URL(request.url ?? '/', 'https://x').pathname);
			requests.push(path);
			if (path === tarballPath) {
				response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarballBytes);
				return;
			}
			const document = documents.get(path);
			if (document === undefined) {
				response
					.writeHead(404, { 'content-type': 'application/json' })
					.end('{"error":"Not found"}');
				return;
			}
			response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
		},
	);
	const proxy = createServer((request, response) => {
		refusedHosts.push(request.headers.host ?? '');
		response.writeHead(403).end();
	});
	const sockets = new Set<Socket>();
	proxy.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	proxy.on('connect', (request: IncomingMessage, socket: Socket, head: Buffer) => {
		const host = (request.url ?? '').split(':')[0];
		if (host !== registryHost) {
			refusedHosts.push(host);
			socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
			return;
		}
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		if (head.length > 0) socket.unshift(head);
		registry.emit('connection', socket);
	});
	await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

	return {
		env: {
			HTTPS_PROXY: proxyUrl,
			HTTP_PROXY: proxyUrl,
			NO_PROXY: '127.0.0.1,localhost',
			NODE_EXTRA_CA_CERTS: certificate,
			// npm keeps what it fetched in a cache of its own, not in the user's.
			npm_config_cache: join(folder, 'npm-cache'),
		},
		requests,
		refusedHosts,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => proxy.close(() => resolve()));
			await rm(folder, { recursive: true, force: true });
		},
	};
}
