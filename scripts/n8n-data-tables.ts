import type { N8nRestClient } from './n8n-rest-client';

/** The column types n8n 2.40 data tables support; every table also has id, createdAt and updatedAt. */
export type DataTableColumnType = 'string' | 'number' | 'boolean' | 'date';

export interface DataTableColumn {
	/** Letters, digits and underscores, starting with a letter; at most 63 characters. */
	name: string;
	type: DataTableColumnType;
}

export interface DataTable {
	id: string;
	name: string;
	projectId: string;
	columns: Array<DataTableColumn & { id: string; index: number }>;
}

/** Dates come back as ISO strings. */
export type DataTableRow = Record<string, string | number | boolean | null> & {
	id: number;
	createdAt: string;
	updatedAt: string;
};

type RowValues = Record<string, string | number | boolean | null>;

/**
 * POST /rest/projects/:projectId/data-tables {name, columns}. Workflows can then reach the table
 * through the Data table node by name (resource locator mode "name") or by the returned id.
 */
export async function createDataTable(
	client: N8nRestClient,
	table: { name: string; columns: DataTableColumn[]; projectId?: string },
): Promise<DataTable> {
	const projectId = table.projectId ?? (await client.personalProjectId());
	return await client.post(`/projects/${projectId}/data-tables`, {
		name: table.name,
		columns: table.columns,
	});
}

/** GET /rest/projects/:projectId/data-tables?filter={"name":…}: the table of that exact name, if any. */
export async function findDataTable(
	client: N8nRestClient,
	name: string,
	projectId?: string,
): Promise<DataTable | undefined> {
	const project = projectId ?? (await client.personalProjectId());
	const page = await client.get<{ count: number; data: DataTable[] }>(
		`/projects/${project}/data-tables`,
		{ filter: JSON.stringify({ name }), take: 250 },
	);
	return page.data.find((table) => table.name === name);
}

/** POST /rest/projects/:projectId/data-tables/:id/insert {data, returnType: 'all'}. */
export async function insertDataTableRows(
	client: N8nRestClient,
	table: Pick<DataTable, 'id' | 'projectId'>,
	rows: RowValues[],
): Promise<DataTableRow[]> {
	return await client.post(`/projects/${table.projectId}/data-tables/${table.id}/insert`, {
		data: rows,
		returnType: 'all',
	});
}

/** GET /rest/projects/:projectId/data-tables/:id/rows, oldest first; n8n caps a page at 250 rows. */
export async function listDataTableRows(
	client: N8nRestClient,
	table: Pick<DataTable, 'id' | 'projectId'>,
): Promise<DataTableRow[]> {
	const rows: DataTableRow[] = [];
	for (;;) {
		const page = await client.get<{ count: number; data: DataTableRow[] }>(
			`/projects/${table.projectId}/data-tables/${table.id}/rows`,
			{ skip: rows.length, take: 250, sortBy: 'id:asc' },
		);
		rows.push(...page.data);
		if (page.data.length === 0 || rows.length >= page.count) return rows;
	}
}
