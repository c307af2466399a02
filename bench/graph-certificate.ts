/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/require-node-api-error
	-- the benchmark runs in Node, never inside n8n */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { runCommand } from '../scripts/run-command';

export interface GraphCertificate {
	key: string;
	cert: string;
	/** The PEM file for NODE_EXTRA_CA_CERTS: trusted only by the process given it. */
	certFile: string;
}

/**
 * A self-signed certificate for graph.facebook.com (and 127.0.0.1), made for this run with the
 * machine's `openssl`: Node.js can sign but not build X.509 certificates. ECDSA P-256, one day.
 */
export async function createGraphCertificate(folder: string): Promise<GraphCertificate> {
	const keyFile = join(folder, 'graph-key.pem');
	const certFile = join(folder, 'graph-cert.pem');
	try {
		await runCommand('openssl', [
			'req',
			'-x509',
			'-newkey',
			'ec',
			'-pkeyopt',
			'ec_paramgen_curve:prime256v1',
			'-nodes',
			'-days',
			'1',
			'-subj',
			'/CN=graph.facebook.com',
			'-addext',
			'subjectAltName=DNS:graph.facebook.com,DNS:localhost,IP:127.0.0.1',
			'-keyout',
			keyFile,
			'-out',
			certFile,
		]);
	} catch (error) {
		throw new Error(
			`the benchmark needs openssl (1.1.1 or later) to make its local TLS certificate: ${(error as Error).message}`,
		);
	}
	return { key: await readFile(keyFile, 'utf8'), cert: await readFile(certFile, 'utf8'), certFile };
}
