import {
	checkMimeType,
	checkUpload,
	fileNameFor,
	fileNameFromDisposition,
	isAnimatedWebp,
	normaliseMimeType,
	ruleFor,
} from '../../nodes/WhatsAppSend/media/media-types';
import { InvalidInputError } from '../../nodes/shared/invalid-input';
import { mediaObjectUrl, toCloudApiSettings } from '../../nodes/shared/transport';

const bytes = (count: number) => new Uint8Array(count);

/** A WebP header: RIFF, size, WEBP, then a VP8X chunk whose flags byte (offset 20) may carry the animation bit. */
function webp(animated: boolean, size: number): Uint8Array {
	const data = new Uint8Array(size);
	data.set(Buffer.from('RIFF'), 0);
	data.set(Buffer.from('WEBP'), 8);
	data.set(Buffer.from('VP8X'), 12);
	data[20] = animated ? 0x02 : 0x00;
	return data;
}

describe("media types and Meta's size limits", () => {
	it("takes Meta's types, by MIME type or, for a generic one, by extension", () => {
		expect(checkUpload({ mimeType: 'image/png', fileName: 'a.png', data: bytes(10) })).toBe(
			'image/png',
		);
		expect(checkUpload({ mimeType: 'image/jpg', data: bytes(10) })).toBe('image/jpeg');
		expect(checkUpload({ mimeType: 'audio/ogg; codecs=opus', data: bytes(10) })).toBe('audio/ogg');
		expect(
			checkUpload({
				mimeType: 'application/octet-stream',
				fileName: 'Invoice.PDF',
				data: bytes(10),
			}),
		).toBe('application/pdf');
		expect(checkUpload({ mimeType: 'video/3gp', data: bytes(10) })).toBe('video/3gpp');
		expect(normaliseMimeType(' Audio/MPEG ')).toBe('audio/mpeg');
		expect(ruleFor('', 'notes.txt')?.kind).toBe('document');
	});

	it('refuses other types, listing what Meta takes', () => {
		expect(() => checkMimeType('image/gif', 'cat.gif')).toThrow(InvalidInputError);
		expect(() => checkMimeType('image/gif', 'cat.gif')).toThrow(
			/^"cat\.gif" \(image\/gif\) is not a media type WhatsApp takes\. Meta's Cloud API takes audio: audio\/aac, .*; image: image\/jpeg, image\/png; sticker: image\/webp; video: video\/3gpp, video\/mp4\./,
		);
		expect(() => checkMimeType('application/octet-stream', 'blob.bin')).toThrow(/not a media type/);
	});

	it.each([
		['image/jpeg', 'photo.jpg', 5 * 1024 * 1024, "Meta's limit for images (image/jpeg) is 5 MB"],
		['video/mp4', 'clip.mp4', 16 * 1024 * 1024, "Meta's limit for videos (video/mp4) is 16 MB"],
		['audio/mpeg', 'song.mp3', 16 * 1024 * 1024, "Meta's limit for audio (audio/mpeg) is 16 MB"],
		[
			'application/pdf',
			'big.pdf',
			100 * 1024 * 1024,
			"Meta's limit for documents (application/pdf) is 100 MB",
		],
	])('names the limit for %s over it', (mimeType, fileName, limit, message) => {
		expect(checkUpload({ mimeType, fileName, data: bytes(limit) })).toBeDefined();
		expect(() => checkUpload({ mimeType, fileName, data: bytes(limit + 1) })).toThrow(message);
		expect(() => checkUpload({ mimeType, fileName, data: bytes(limit + 1) })).toThrow(
			new RegExp(`^"${fileName.replace('.', '\\.')}"`),
		);
	});

	it('stickers: 100 KB static, 500 KB animated (from the WebP header)', () => {
		expect(isAnimatedWebp(webp(true, 64))).toBe(true);
		expect(isAnimatedWebp(webp(false, 64))).toBe(false);
		expect(checkUpload({ mimeType: 'image/webp', data: webp(true, 400 * 1024) })).toBe(
			'image/webp',
		);
		expect(() =>
			checkUpload({ mimeType: 'image/webp', fileName: 's.webp', data: webp(false, 101 * 1024) }),
		).toThrow(
			'"s.webp" (image/webp) is 101 KB (103424 bytes); Meta\'s limit for static stickers (image/webp) is 100 KB (102400 bytes).',
		);
		expect(() => checkUpload({ mimeType: 'image/webp', data: webp(true, 501 * 1024) })).toThrow(
			'limit for animated stickers (image/webp) is 500 KB',
		);
	});

	it('refuses an empty file', () => {
		expect(() => checkUpload({ mimeType: 'image/png', fileName: 'a.png', data: bytes(0) })).toThrow(
			'"a.png" (image/png) is empty.',
		);
	});

	it('names downloaded files', () => {
		expect(fileNameFor('1602186516975000', 'image/jpeg')).toBe('1602186516975000.jpg');
		expect(
			fileNameFor('1', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
		).toBe('1.docx');
		expect(fileNameFor('1', 'application/x-unknown')).toBe('1');
		expect(fileNameFromDisposition('attachment; filename="invoice 7.pdf"')).toBe('invoice 7.pdf');
		expect(fileNameFromDisposition("attachment; filename*=UTF-8''Rechnung%20%C3%BC.pdf")).toBe(
			'Rechnung ü.pdf',
		);
		expect(fileNameFromDisposition('inline')).toBeUndefined();
		expect(fileNameFromDisposition(undefined)).toBeUndefined();
	});
});

describe('where a media object lives', () => {
	it('beside the send path of the profile', () => {
		const meta = toCloudApiSettings({
			accessToken: 't',
			baseUrl: 'http://127.0.0.1:9',
			apiVersion: 'v25.0',
		});
		expect(mediaObjectUrl(meta, '1602186516975000')).toBe(
			'http://127.0.0.1:9/v25.0/1602186516975000',
		);
		expect(
			mediaObjectUrl(toCloudApiSettings({ provider: '360dialog', accessToken: 'k' }), '42'),
		).toBe('https://waba-v2.360dialog.io/42');
		expect(
			mediaObjectUrl(
				toCloudApiSettings({ provider: 'kapso', accessToken: 'k', apiVersion: 'v24.0' }),
				'42',
			),
		).toBe('https://api.kapso.ai/meta/whatsapp/v24.0/42');
		expect(() =>
			mediaObjectUrl(toCloudApiSettings({ provider: 'gupshupPartner', accessToken: 'k' }), '42'),
		).toThrow(/Gupshup Partner .* does not have/);
	});
});
