import type { IPinData } from 'n8n-workflow';

import type { N8nWorkflow } from '../scripts/n8n-cli';
import type { DataTable } from '../scripts/n8n-data-tables';
import { unsentRank } from './crm';
import {
	allConditions,
	columnValues,
	chain,
	dataTableLocator,
	nodeMaker,
	PACKAGE,
	type CredentialRef,
} from './workflow-parts';

export interface CampaignOptions {
	id: string;
	table: Pick<DataTable, 'id' | 'name' | 'projectId'>;
	/** POST /webhook/<path> starts the campaign and answers once every message is accepted. */
	path: string;
	phoneNumberId: string;
	cloudCredential: CredentialRef;
}

export const campaignWorkflowName = 'WhatsApp demo: Campaign';

const trigger = 'Start campaign';

/**
 * Every CRM contact gets a WhatsApp text with its crmKey as Reference ID. Each row is reset to
 * `queued` before its message goes out, so the statuses of this run can climb from there again.
 *
 * One trigger serves both ways in: a POST to its production URL, and "Execute workflow" in the
 * editor, which runs from its pinned item at once. A Manual Trigger next to it would not be what
 * that button runs: the editor prefers a Webhook node over it.
 */
export function campaignWorkflow(options: CampaignOptions): N8nWorkflow & { pinData: IPinData } {
	const node = nodeMaker(options.id);
	const table = dataTableLocator(options.table);
	return {
		id: options.id,
		name: campaignWorkflowName,
		nodes: [
			node(
				trigger,
				'n8n-nodes-base.webhook',
				2,
				[0, 0],
				{
					httpMethod: 'POST',
					path: options.path,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
				{ webhookId: `${options.id}-${options.path}` },
			),
			node('Get contacts', 'n8n-nodes-base.dataTable', 1.1, [240, 0], {
				resource: 'row',
				operation: 'get',
				dataTableId: table,
				returnAll: true,
			}),
			node('Mark queued', 'n8n-nodes-base.dataTable', 1.1, [480, 0], {
				resource: 'row',
				operation: 'update',
				dataTableId: table,
				...allConditions([['id', 'eq', '={{ $json.id }}']]),
				columns: columnValues({
					status: 'queued',
					statusRank: unsentRank,
					messageId: null,
					errorCode: null,
					statusAt: null,
				}),
				options: {},
			}),
			node(
				'Send WhatsApp',
				`${PACKAGE}.whatsAppSend`,
				1,
				[720, 0],
				{
					resource: 'message',
					operation: 'text',
					phoneNumberId: { __rl: true, mode: 'id', value: options.phoneNumberId },
					to: '={{ $json.phone }}',
					referenceId: '={{ $json.crmKey }}',
					text: '=Hi {{ $json.name }}, your order has shipped.',
					options: {},
					sendingOptions: {},
				},
				{ credentials: { whatsAppCloudApi: options.cloudCredential } },
			),
			node('Save message ID', 'n8n-nodes-base.dataTable', 1.1, [960, 0], {
				resource: 'row',
				operation: 'update',
				dataTableId: table,
				...allConditions([['crmKey', 'eq', '={{ $json.referenceId }}']]),
				columns: columnValues({ messageId: '={{ $json.messageId }}' }),
				options: {},
			}),
		],
		connections: chain([
			trigger,
			'Get contacts',
			'Mark queued',
			'Send WhatsApp',
			'Save message ID',
		]),
		settings: { executionOrder: 'v1' },
		// Used only when run from the editor; calls to the production URL bring their own request.
		pinData: { [trigger]: [{ json: { startedFrom: 'editor' } }] },
	};
}
