import { InvalidInputError } from '../../shared/invalid-input';

/**
 * The media types Meta's Cloud API takes, and its size limits, as Meta's "Media" page lists them
 * ("Supported media types", updated 2025-12-11): audio (AAC, AMR, MP3, MP4 audio, OGG with OPUS)
 * 16 MB; documents (text, Excel, Word, PowerPoint, PDF) 100 MB; images (JPEG, PNG) 5 MB;
 * stickers (WebP) 100 KB static, 500 KB animated; video (3GPP, MP4) 16 MB. Media IDs from an
 * upload last 30 days; those in inbound webhooks 7 days.
 */

const KB = 1024;
const MB = 1024 * 1024;

export type MediaKind = 'audio' | 'document' | 'image' | 'sticker' | 'video';

interface MediaRule {
	kind: MediaKind;
	mimeType: string;
	extensions: string[];
	maxBytes: number;
	/** Animated stickers may be larger than static ones. */
	animatedMaxBytes?: number;
}

export const MEDIA_RULES: MediaRule[] = [
	{ kind: 'audio', mimeType: 'audio/aac', extensions: ['aac'], maxBytes: 16 * MB },
	{ kind: 'audio', mimeType: 'audio/amr', extensions: ['amr'], maxBytes: 16 * MB },
	{ kind: 'audio', mimeType: 'audio/mpeg', extensions: ['mp3'], maxBytes: 16 * MB },
	{ kind: 'audio', mimeType: 'audio/mp4', extensions: ['m4a'], maxBytes: 16 * MB },
	{ kind: 'audio', mimeType: 'audio/ogg', extensions: ['ogg', 'opus'], maxBytes: 16 * MB },
	{ kind: 'document', mimeType: 'text/plain', extensions: ['txt'], maxBytes: 100 * MB },
	{
		kind: 'document',
		mimeType: 'application/vnd.ms-excel',
		extensions: ['xls'],
		maxBytes: 100 * MB,
	},
	{
		kind: 'document',
		mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		extensions: ['xlsx'],
		maxBytes: 100 * MB,
	},
	{ kind: 'document', mimeType: 'application/msword', extensions: ['doc'], maxBytes: 100 * MB },
	{
		kind: 'document',
		mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		extensions: ['docx'],
		maxBytes: 100 * MB,
	},
	{
		kind: 'document',
		mimeType: 'application/vnd.ms-powerpoint',
		extensions: ['ppt'],
		maxBytes: 100 * MB,
	},
	{
		kind: 'document',
		mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
		extensions: ['pptx'],
		maxBytes: 100 * MB,
	},
	{ kind: 'document', mimeType: 'application/pdf', extensions: ['pdf'], maxBytes: 100 * MB },
	{ kind: 'image', mimeType: 'image/jpeg', extensions: ['jpg', 'jpeg'], maxBytes: 5 * MB },
	{ kind: 'image', mimeType: 'image/png', extensions: ['png'], maxBytes: 5 * MB },
	{
		kind: 'sticker',
		mimeType: 'image/webp',
		extensions: ['webp'],
		maxBytes: 100 * KB,
		animatedMaxBytes: 500 * KB,
	},
	{ kind: 'video', mimeType: 'video/3gpp', extensions: ['3gp'], maxBytes: 16 * MB },
	{ kind: 'video', mimeType: 'video/mp4', extensions: ['mp4'], maxBytes: 16 * MB },
];

/** Other spellings of the same types, as files and libraries write them. */
const ALIASES: Record<string, string> = {
	'image/jpg': 'image/jpeg',
	'image/pjpeg': 'image/jpeg',
	'video/3gp': 'video/3gpp',
	'audio/mp3': 'audio/mpeg',
	'audio/x-m4a': 'audio/mp4',
	'audio/opus': 'audio/ogg',
};

const GENERIC = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/** `audio/ogg; codecs=opus` → `audio/ogg`; aliases to Meta's names. */
export function normaliseMimeType(mimeType: string): string {
	const bare = mimeType.split(';')[0].trim().toLowerCase();
	return ALIASES[bare] ?? bare;
}

export function extensionOf(fileName: string | undefined): string {
	const match = /\.([A-Za-z0-9]+)$/.exec(fileName ?? '');
	return match ? match[1].toLowerCase() : '';
}

/** The rule for a file: by its MIME type, or, for a generic one, by its file name's extension. */
export function ruleFor(mimeType: string, fileName?: string): MediaRule | undefined {
	const type = normaliseMimeType(mimeType);
	if (!GENERIC.has(type)) return MEDIA_RULES.find((rule) => rule.mimeType === type);
	const extension = extensionOf(fileName);
	return MEDIA_RULES.find((rule) => rule.extensions.includes(extension));
}

/** A WebP whose extended header (VP8X) has the animation flag. */
export function isAnimatedWebp(data: Uint8Array): boolean {
	const ascii = (from: number, to: number) => String.fromCharCode(...data.subarray(from, to));
	return (
		data.length > 20 &&
		ascii(0, 4) === 'RIFF' &&
		ascii(8, 12) === 'WEBP' &&
		ascii(12, 16) === 'VP8X' &&
		(data[20] & 0x02) !== 0
	);
}

export function formatBytes(bytes: number): string {
	if (bytes >= MB) return `${Math.round((bytes / MB) * 10) / 10} MB`;
	if (bytes >= KB) return `${Math.round((bytes / KB) * 10) / 10} KB`;
	return `${bytes} bytes`;
}

function allowedList(): string {
	const byKind = new Map<MediaKind, string[]>();
	for (const rule of MEDIA_RULES)
		byKind.set(rule.kind, [...(byKind.get(rule.kind) ?? []), rule.mimeType]);
	return [...byKind].map(([kind, types]) => `${kind}: ${types.join(', ')}`).join('; ');
}

function labelOf(mimeType: string, fileName?: string): string {
	return fileName
		? `"${fileName}" (${mimeType || 'no MIME type'})`
		: `The file (${mimeType || 'no MIME type'})`;
}

/** The rule for a file's type; refuses a type Meta does not take, listing the ones it does. */
export function checkMimeType(mimeType: string, fileName?: string): MediaRule {
	const rule = ruleFor(mimeType, fileName);
	if (!rule) {
		throw new InvalidInputError(
			`${labelOf(mimeType, fileName)} is not a media type WhatsApp takes. Meta's Cloud API takes ${allowedList()}. Set the right MIME type in the options, or convert the file.`,
		);
	}
	return rule;
}

/**
 * The MIME type to upload a file with, after checking it against Meta's types and size limits;
 * refuses, before any request, with the limit that applies.
 */
export function checkUpload(file: {
	mimeType: string;
	fileName?: string;
	data: Uint8Array;
}): string {
	const rule = checkMimeType(file.mimeType, file.fileName);
	const label = labelOf(file.mimeType, file.fileName);
	if (file.data.length === 0) throw new InvalidInputError(`${label} is empty.`);
	const animated = rule.animatedMaxBytes !== undefined && isAnimatedWebp(file.data);
	const limit = animated ? (rule.animatedMaxBytes as number) : rule.maxBytes;
	if (file.data.length > limit) {
		const what =
			rule.kind === 'sticker'
				? `${animated ? 'animated' : 'static'} stickers`
				: `${rule.kind === 'audio' ? 'audio' : `${rule.kind}s`}`;
		throw new InvalidInputError(
			`${label} is ${formatBytes(file.data.length)} (${file.data.length} bytes); Meta's limit for ${what} (${rule.mimeType}) is ${formatBytes(limit)} (${limit} bytes).`,
		);
	}
	return rule.mimeType;
}

/** A file name for downloaded media without one: the media ID with the extension of its type. */
export function fileNameFor(mediaId: string, mimeType: string): string {
	const rule = MEDIA_RULES.find((candidate) => candidate.mimeType === normaliseMimeType(mimeType));
	return rule ? `${mediaId}.${rule.extensions[0]}` : mediaId;
}

/** The file name in a `Content-Disposition` header, if it has one. */
export function fileNameFromDisposition(header: unknown): string | undefined {
	if (typeof header !== 'string') return undefined;
	const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(header);
	if (star) {
		try {
			return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
		} catch {
			// Fall through to the plain parameter.
		}
	}
	const plain = /filename="?([^";]+)"?/i.exec(header);
	return plain ? plain[1].trim() : undefined;
}
