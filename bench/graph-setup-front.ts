import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { GraphCertificate } from './graph-certificate';

export interface SetupFront {
	close(): Promise<void>;
}

/**
 * Stands at graph.facebook.com while n8n's built-in WhatsApp Trigger is activated. That trigger
 * first trades its app's client ID and secret for an app token at `/v19.0/oauth/access_token`,
 * which the sandbox does not model; this answers that call with the sandbox's app token
 * (`{appId}|{appSecret}`) and forwards every other call (the `/{appId}/subscriptions` edge, with
 * its verification handshake) to the sandbox. It is closed before anything is measured.
 */
export async function startSetupFront(options: {
	port: number;
	certificate: GraphCertificate;
	sandboxUrl: string;
	appToken: string;
}): Promise<SetupFront> {
	const server = https.createServer(
		{ key: options.certificate.key, cert: options.certificate.cert },
		(req, res) => {
			answer(req, res, options).catch((error: unknown) => {
				res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
			});
		},
	);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, '127.0.0.1', resolve);
	});
	return {
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

async function answer(
	req: IncomingMessage,
	res: ServerResponse,
	options: { sandboxUrl: string; appToken: string },
): Promise<void> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const path = req.url ?? '/';
	if (req.method === 'POST' && /^\/v\d+\.\d+\/oauth\/access_token(\?|$)/.test(path)) {
		res
			.writeHead(200, { 'content-type': 'application/json' })
			.end(JSON.stringify({ access_token: options.appToken, token_type: 'bearer' }));
		return;
	}
	const headers: Record<string, string> = {};
	for (const name of ['authorization', 'content-type']) {
		const value = req.headers[name];
		if (typeof value === 'string') headers[name] = value;
	}
	const forwarded = await fetch(`${options.sandboxUrl}${path}`, {
		method: req.method,
		headers,
		body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
	});
	res
		.writeHead(forwarded.status, {
			'content-type': forwarded.headers.get('content-type') ?? 'application/json',
		})
		.end(Buffer.from(await forwarded.arrayBuffer()));
}
