import type { IDataObject } from 'n8n-workflow';

import { metaAccepted, runSend } from './support/send-context';

const META = { accessToken: 'unit-token', baseUrl: 'http://127.0.0.1:8790', apiVersion: 'v25.0' };
const textItem = (index: number): IDataObject => ({
	operation: 'text',
	phoneNumberId: '106540352242922',
	to: `+1650555${String(index).padStart(4, '0')}`,
	referenceId: `crm-${index}`,
	text: 'Hello',
	sendingOptions: { messagesPerSecond: 0 },
});

describe('Send: the credential is decrypted once per run, not once per request', () => {
	it('sends 50 messages, each authenticated with the credential, after one read of it', async () => {
		const items = Array.from({ length: 50 }, (_, index) => textItem(index));
		const run = await runSend({ credentials: META, items, answer: metaAccepted });
		expect(run.error).toBeUndefined();
		expect(run.sent).toHaveLength(50);
		expect(run.sent.every((request) => request.headers.Authorization === 'Bearer unit-token')).toBe(
			true,
		);
		// The same read shapes the URLs and is handed to n8n's request helper for every request.
		expect(run.credentialReads).toBe(1);
	});
});
