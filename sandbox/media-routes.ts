import type { GraphRequest, SandboxContext } from './context';
import { whatsappError, type ApiAnswer } from './meta-errors';
import type { StoredMedia } from './media-store';
import type { PhoneNumber } from './options';

/** Where Meta serves media (lookaside.fbsbx.com); here on the sandbox itself, behind the same token. */
export const attachmentsPath = '/whatsapp_business/attachments/';

/** `POST /{phoneNumberId}/media`, multipart with `messaging_product`, `file` and optionally `type`. */
export function uploadMedia(ctx: SandboxContext, req: GraphRequest, phone: PhoneNumber): ApiAnswer {
	const fields = (req.body.value ?? {}) as Record<string, unknown>;
	if (req.body.files.length === 0 && fields.file === undefined) {
		return whatsappError(131008, 'The parameter file is required.');
	}
	if (fields.messaging_product !== 'whatsapp') {
		return whatsappError(131008, 'The parameter messaging_product is required.');
	}
	const file = req.body.files.find((f) => f.field === 'file');
	if (file === undefined) return whatsappError(131009, 'Param file must be a file upload.');
	const mimeType =
		typeof fields.type === 'string' && fields.type !== '' ? fields.type : file.contentType;
	const media = ctx.media.add(phone.id, file, mimeType);
	return { status: 200, body: { id: media.id } };
}

export function mediaInfo(ctx: SandboxContext, media: StoredMedia): ApiAnswer {
	const url = new URL(attachmentsPath, ctx.baseUrl);
	url.searchParams.set('mid', media.id);
	url.searchParams.set('source', 'getMedia');
	url.searchParams.set('hash', media.sha256.slice(0, 24));
	return {
		status: 200,
		body: {
			messaging_product: 'whatsapp',
			url: url.toString(),
			mime_type: media.mimeType,
			sha256: media.sha256,
			file_size: media.data.length,
			id: media.id,
		},
	};
}

export function deleteMedia(ctx: SandboxContext, media: StoredMedia): ApiAnswer {
	ctx.media.delete(media.id);
	return { status: 200, body: { success: true } };
}

export function downloadMedia(ctx: SandboxContext, req: GraphRequest): ApiAnswer {
	const media = ctx.media.get(req.query.get('mid') ?? '');
	if (media === undefined) return { status: 404, body: 'Not Found', contentType: 'text/plain' };
	return { status: 200, body: media.data, contentType: media.mimeType };
}
