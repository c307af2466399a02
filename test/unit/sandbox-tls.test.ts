/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import axios from 'axios';
import { createSandbox } from '../../sandbox/server';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/sandbox', name));

describe('sandbox over TLS', () => {
	it('serves HTTPS with a given key and certificate', async () => {
		const cert = fixture('tls-cert.pem');
		const sandbox = await createSandbox({
			accessToken: 't',
			tls: { key: fixture('tls-key.pem'), cert },
		});
		const agent = new https.Agent({ ca: cert });
		try {
			expect(sandbox.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
			const answer = await axios.get(`${sandbox.url}/v25.0/me`, {
				headers: { Authorization: 'Bearer t' },
				httpsAgent: agent,
			});
			expect(answer.status).toBe(200);
		} finally {
			agent.destroy();
			await sandbox.close();
		}
	});
});
