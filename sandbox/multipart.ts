export interface UploadedFile {
	field: string;
	filename: string;
	contentType: string;
	data: Buffer;
}

export interface MultipartBody {
	fields: Record<string, string>;
	files: UploadedFile[];
}

export function boundaryOf(contentType: string): string | null {
	const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return match ? (match[1] ?? match[2]) : null;
}

/** `multipart/form-data` as curl, browsers, axios and n8n send it; enough for media uploads. */
export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
	const result: MultipartBody = { fields: {}, files: [] };
	const delimiter = Buffer.from(`--${boundary}`);
	let position = body.indexOf(delimiter);
	while (position !== -1) {
		const start = position + delimiter.length;
		if (body.subarray(start, start + 2).toString() === '--') break;
		const next = body.indexOf(delimiter, start);
		if (next === -1) break;
		const part = body.subarray(start + 2, next - 2);
		const headerEnd = part.indexOf('\r\n\r\n');
		position = next;
		if (headerEnd === -1) continue;
		const headers = part.subarray(0, headerEnd).toString('utf8');
		const data = part.subarray(headerEnd + 4);
		const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
		const field = /\bname="([^"]*)"/i.exec(disposition)?.[1];
		if (field === undefined) continue;
		const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
		if (filename === undefined) {
			result.fields[field] = data.toString('utf8');
		} else {
			const contentType =
				/content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
			result.files.push({ field, filename, contentType, data: Buffer.from(data) });
		}
	}
	return result;
}
