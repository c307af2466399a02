/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- a dev script run by Node, never loaded by n8n */
import { setTimeout as sleep } from 'node:timers/promises';

import { listDataTableRows, type DataTable, type DataTableRow } from './n8n-data-tables';
import type { N8nRestClient } from './n8n-rest-client';

/**
 * Polls the CRM table and reports each contact's status changes, so the terminal shows
 * sent → delivered → read as the status webhooks update the table. Returns a stop function.
 */
export function watchCrm(
	client: N8nRestClient,
	table: Pick<DataTable, 'id' | 'projectId'>,
	report: (row: DataTableRow) => void,
): () => void {
	const stopped = new AbortController();
	const seen = new Map<number, unknown>();
	void (async () => {
		while (!stopped.signal.aborted) {
			// A failed poll (n8n busy or stopping) just waits for the next one.
			const rows = await listDataTableRows(client, table).catch(() => []);
			for (const row of rows) {
				const known = seen.has(row.id);
				if (known && seen.get(row.id) !== row.status) report(row);
				seen.set(row.id, row.status);
			}
			await sleep(200, undefined, { signal: stopped.signal }).catch(() => undefined);
		}
	})();
	return () => stopped.abort();
}
