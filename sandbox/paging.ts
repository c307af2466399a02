/** Graph's list answer `{data, paging}` with opaque cursors, and its `fields` selection. */

const cursor = (index: number) => Buffer.from(String(index)).toString('base64url');
const indexOf = (value: string | null) =>
	value === null ? NaN : Number(Buffer.from(value, 'base64url').toString());

export function page<T>(
	items: T[],
	query: URLSearchParams,
	selfUrl: string,
): { data: T[]; paging: object } {
	const limit = Math.min(Math.max(Number(query.get('limit') ?? 25) || 25, 1), 100);
	const after = indexOf(query.get('after'));
	const start = Number.isInteger(after) ? after + 1 : 0;
	const data = items.slice(start, start + limit);
	if (data.length === 0) return { data, paging: { cursors: {} } };
	const paging: Record<string, unknown> = {
		cursors: { before: cursor(start), after: cursor(start + data.length - 1) },
	};
	if (start + limit < items.length) {
		const next = new URL(selfUrl);
		next.searchParams.set('limit', String(limit));
		next.searchParams.set('after', cursor(start + data.length - 1));
		paging.next = next.toString();
	}
	return { data, paging };
}

/** Graph answers only the requested fields, and always the `id`. */
export function pickFields<T extends { id: string }>(item: T, fields: string | null): Partial<T> {
	if (fields === null || fields.trim() === '') return item;
	const wanted = new Set(fields.split(',').map((f) => f.trim()));
	return Object.fromEntries(
		Object.entries(item).filter(([key]) => key === 'id' || wanted.has(key)),
	) as Partial<T>;
}
