import type { N8nWorkflow } from '../scripts/n8n-cli';
import {
	createDataTable,
	findDataTable,
	insertDataTableRows,
	type DataTable,
} from '../scripts/n8n-data-tables';
import type { N8nRestClient } from '../scripts/n8n-rest-client';
import { campaignWorkflow } from './campaign-workflow';
import { crmColumns, crmRows } from './crm';
import { statusesWorkflow } from './statuses-workflow';
import type { CredentialRef } from './workflow-parts';

export interface DemoOptions {
	tableName: string;
	campaign: { id: string; path: string };
	statuses: { id: string; webhookId: string };
	phoneNumberId: string;
	cloudCredential: CredentialRef;
	webhookCredential: CredentialRef;
}

export interface InstalledDemo {
	table: DataTable;
	campaignWorkflowId: string;
	statusesWorkflowId: string;
	/** POST here to run the campaign; answers with the contacts' rows once every message is accepted. */
	campaignUrl: string;
	/** Where the status webhooks must go: the WhatsApp Trigger's production URL. */
	statusesUrl: string;
}

/**
 * The CRM table, filled with the demo contacts, and both demo workflows, published. Runs again on the
 * same n8n give the same result: the table is created afresh, and the workflows (found by id)
 * are replaced by the current version.
 */
export async function installDemo(
	client: N8nRestClient,
	options: DemoOptions,
): Promise<InstalledDemo> {
	const table = await freshTable(client, options.tableName);
	const statusesWorkflowId = await publish(
		client,
		statusesWorkflow({
			id: options.statuses.id,
			table,
			webhookId: options.statuses.webhookId,
			webhookCredential: options.webhookCredential,
		}),
	);
	const campaignWorkflowId = await publish(
		client,
		campaignWorkflow({
			id: options.campaign.id,
			table,
			path: options.campaign.path,
			phoneNumberId: options.phoneNumberId,
			cloudCredential: options.cloudCredential,
		}),
	);
	return {
		table,
		campaignWorkflowId,
		statusesWorkflowId,
		campaignUrl: `${client.url}/webhook/${options.campaign.path}`,
		statusesUrl: `${client.url}/webhook/${options.statuses.webhookId}/webhook`,
	};
}

async function freshTable(client: N8nRestClient, name: string): Promise<DataTable> {
	const existing = await findDataTable(client, name);
	if (existing) {
		await client.http.delete(`/rest/projects/${existing.projectId}/data-tables/${existing.id}`);
	}
	const table = await createDataTable(client, { name, columns: crmColumns });
	await insertDataTableRows(client, table, crmRows());
	return table;
}

/**
 * Creates the workflow, or saves this version over the one with its id; then publishes it. Returns
 * its id: n8n 1.x gives a created workflow an id of its own.
 */
async function publish(client: N8nRestClient, workflow: N8nWorkflow): Promise<string> {
	const { id, ...content } = workflow;
	const saved = (await client.workflowExists(id))
		? (
				await client.http.patch<{ data: { id: string; versionId: string } }>(
					`/rest/workflows/${id}`,
					content,
					{ params: { forceSave: 'true' } },
				)
			).data.data
		: await client.createWorkflow(workflow);
	await client.activateWorkflow(saved.id, saved.versionId);
	return saved.id;
}
