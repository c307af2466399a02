/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- the sandbox is a Node program, never loaded by n8n */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiAnswer } from './meta-errors';
import { boundaryOf, parseMultipart, type UploadedFile } from './multipart';
import { metaJson } from './serialize';

/** Media up to Meta's largest limit (documents, 100 MB) must fit. */
const maxBodyBytes = 100 * 1024 * 1024;

export interface ParsedBody {
	/** A JSON value, form fields, or undefined for an empty body. */
	value: unknown;
	files: UploadedFile[];
	/** Why the body could not be read as its content type says. */
	error: string | null;
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > maxBodyBytes) {
				req.destroy();
				reject(new Error('request body too large'));
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** Graph reads form values that hold JSON (`fields=["messages"]`) as JSON. */
function formValue(value: string): unknown {
	if (!/^\s*[[{]/.test(value)) return value;
	try {
		return JSON.parse(value) as unknown;
	} catch {
		return value;
	}
}

export function parseBody(contentType: string | undefined, raw: Buffer): ParsedBody {
	const type = (contentType ?? '').toLowerCase();
	if (raw.length === 0) return { value: undefined, files: [], error: null };
	if (type.startsWith('multipart/form-data')) {
		const boundary = boundaryOf(contentType ?? '');
		if (boundary === null)
			return { value: undefined, files: [], error: 'multipart body without a boundary' };
		const { fields, files } = parseMultipart(raw, boundary);
		return { value: fields, files, error: null };
	}
	const text = raw.toString('utf8');
	if (type.startsWith('application/x-www-form-urlencoded')) {
		const fields = Object.fromEntries(
			[...new URLSearchParams(text)].map(([k, v]) => [k, formValue(v)]),
		);
		return { value: fields, files: [], error: null };
	}
	try {
		return { value: JSON.parse(text) as unknown, files: [], error: null };
	} catch {
		return { value: text, files: [], error: 'The request body is not valid JSON.' };
	}
}

export function writeAnswer(res: ServerResponse, answer: ApiAnswer): void {
	const binary = Buffer.isBuffer(answer.body);
	const text = typeof answer.body === 'string';
	const payload =
		binary || text ? (answer.body as Buffer | string) : metaJson(answer.body as object);
	res.writeHead(answer.status, {
		'Content-Type': answer.contentType ?? 'application/json; charset=UTF-8',
		'Content-Length': Buffer.byteLength(payload),
		...answer.headers,
	});
	res.end(payload);
}
