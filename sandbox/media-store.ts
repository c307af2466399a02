import { createHash } from 'node:crypto';
import type { UploadedFile } from './multipart';
import { newNumericId } from './wamid';

export interface StoredMedia {
	id: string;
	phoneNumberId: string;
	mimeType: string;
	sha256: string;
	filename: string;
	data: Buffer;
}

/** Uploaded media, kept in memory until deleted or reset. */
export class MediaStore {
	private readonly items = new Map<string, StoredMedia>();

	add(phoneNumberId: string, file: UploadedFile, mimeType: string): StoredMedia {
		const media: StoredMedia = {
			id: newNumericId(),
			phoneNumberId,
			mimeType,
			sha256: createHash('sha256').update(file.data).digest('hex'),
			filename: file.filename,
			data: file.data,
		};
		this.items.set(media.id, media);
		return media;
	}

	get(id: string): StoredMedia | undefined {
		return this.items.get(id);
	}

	delete(id: string): boolean {
		return this.items.delete(id);
	}

	clear(): void {
		this.items.clear();
	}
}
