import type { N8nWorkflow } from '../scripts/n8n-cli';
import type { DataTable } from '../scripts/n8n-data-tables';
import { statusRanks, unsentRank } from './crm';
import {
	allConditions,
	columnValues,
	chain,
	dataTableLocator,
	nodeMaker,
	PACKAGE,
	type CredentialRef,
} from './workflow-parts';

export interface StatusesOptions {
	id: string;
	table: Pick<DataTable, 'id' | 'name' | 'projectId'>;
	/** The trigger's production URL is /webhook/<webhookId>/webhook. */
	webhookId: string;
	webhookCredential: CredentialRef;
}

export const statusesWorkflowName = 'WhatsApp demo: Statuses to CRM';

const rankExpression = `={{ { ${Object.entries(statusRanks)
	.map(([status, rank]) => `${status}: ${rank}`)
	.join(', ')} }[$json.status] ?? ${unsentRank} }}`;

/**
 * WhatsApp Trigger → Remove Duplicates (Meta's retries carry the same eventId) → rank the status →
 * update the contact whose crmKey is the Reference ID, only while its rank is lower. The condition
 * is part of the update itself, so statuses arriving together or out of order cannot undo each
 * other, and a status Meta sends twice changes nothing the second time.
 */
export function statusesWorkflow(options: StatusesOptions): N8nWorkflow {
	const node = nodeMaker(options.id);
	return {
		id: options.id,
		name: statusesWorkflowName,
		nodes: [
			node(
				'WhatsApp Trigger',
				`${PACKAGE}.whatsAppTrigger`,
				1.2,
				[0, 0],
				{
					// The sandbox signs every webhook with the app secret that the demo's credential holds.
					requireSignature: true,
					events: ['statuses'],
					statuses: [],
					registration: 'manual',
					options: {},
				},
				{
					webhookId: options.webhookId,
					credentials: { whatsAppWebhookApi: options.webhookCredential },
				},
			),
			node('Drop repeated events', 'n8n-nodes-base.removeDuplicates', 2, [240, 0], {
				operation: 'removeItemsSeenInPreviousExecutions',
				logic: 'removeItemsWithAlreadySeenKeyValues',
				dedupeValue: '={{ $json.eventId }}',
				options: {},
			}),
			node('Rank status', 'n8n-nodes-base.set', 3.4, [480, 0], {
				mode: 'manual',
				assignments: {
					assignments: [{ id: 'rank', name: 'rank', value: rankExpression, type: 'number' }],
				},
				includeOtherFields: true,
				options: {},
			}),
			node('Update contact if newer', 'n8n-nodes-base.dataTable', 1.1, [720, 0], {
				resource: 'row',
				operation: 'update',
				dataTableId: dataTableLocator(options.table),
				...allConditions([
					['crmKey', 'eq', '={{ $json.referenceId }}'],
					['statusRank', 'lt', '={{ $json.rank }}'],
				]),
				columns: columnValues({
					status: '={{ $json.status }}',
					statusRank: '={{ $json.rank }}',
					errorCode: '={{ $json.errors.length > 0 ? $json.errors[0].code : null }}',
					statusAt: '={{ $json.timestamp }}',
				}),
				options: {},
			}),
		],
		connections: chain([
			'WhatsApp Trigger',
			'Drop repeated events',
			'Rank status',
			'Update contact if newer',
		]),
		settings: { executionOrder: 'v1' },
	};
}
