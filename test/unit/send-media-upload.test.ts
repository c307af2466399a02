import type { IDataObject } from 'n8n-workflow';
import { metaAccepted, runSend } from './support/send-context';

const META = { accessToken: 'tok', baseUrl: 'http://127.0.0.1:9', apiVersion: 'v25.0' };
const mediaItem = (binary: IDataObject) => ({
	operation: 'media',
	phoneNumberId: '1065',
	to: '+16505551234',
	referenceId: 'crm-1',
	mediaType: 'image',
	mediaSource: 'binary',
	binaryPropertyName: 'data',
	binary: { data: binary },
});

describe('Send Media from binary data: the upload before the message', () => {
	it('a connection that fails during the upload sent nothing: it is retried, and the message goes out once', async () => {
		const refused = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		const run = await runSend({
			credentials: META,
			items: [mediaItem({})],
			answer: (index, request) =>
				index === 0
					? { throws: refused }
					: request.body instanceof FormData
						? { statusCode: 200, body: { id: 'media-7' } }
						: metaAccepted(index),
		});
		expect(run.error).toBeUndefined();
		expect(run.sent.map((request) => request.url)).toEqual([
			'http://127.0.0.1:9/v25.0/1065/media',
			'http://127.0.0.1:9/v25.0/1065/media',
			'http://127.0.0.1:9/v25.0/1065/messages',
		]);
		expect((run.sent[2].body as IDataObject).image).toEqual({ id: 'media-7' });
	});

	it('with every upload failing, the item says the message was not sent', async () => {
		const refused = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		const run = await runSend({
			credentials: META,
			items: [mediaItem({})],
			continueOnFail: true,
			answer: () => ({ throws: refused }),
		});
		expect(run.sent.every((request) => request.url.endsWith('/media'))).toBe(true);
		expect(run.output?.[0].json.error).toMatchObject({
			details: expect.stringMatching(/was not sent/),
		});
		expect(JSON.stringify(run.output?.[0].json.error)).not.toMatch(/may have accepted/);
	}, 60_000);

	it("applies Media → Upload's checks: a type WhatsApp does not take is refused before any request", async () => {
		const run = await runSend({
			credentials: META,
			items: [mediaItem({ mimeType: 'application/x-msdownload', fileName: 'setup.exe' })],
			continueOnFail: true,
			answer: (index) => metaAccepted(index),
		});
		expect(run.sent).toEqual([]);
		expect(run.output?.[0].json.error).toMatchObject({
			title: 'Invalid input',
			message: expect.stringMatching(/setup\.exe|x-msdownload/),
		});
	});

	it('uploads the normalised MIME type, as Media → Upload does', async () => {
		const run = await runSend({
			credentials: META,
			items: [mediaItem({ mimeType: 'IMAGE/PNG; charset=binary', fileName: 'a.png' })],
			answer: (index, request) =>
				request.body instanceof FormData
					? { statusCode: 200, body: { id: 'media-8' } }
					: metaAccepted(index),
		});
		expect(run.error).toBeUndefined();
		expect((run.sent[0].body as FormData).get('type')).toBe('image/png');
	});
});
