import { randomBytes, randomUUID } from 'node:crypto';

import type { INode, INodeParameters } from 'n8n-workflow';

import type { N8nWorkflow } from '../scripts/n8n-cli';
import type { N8nRestClient } from '../scripts/n8n-rest-client';

const PACKAGE = 'n8n-nodes-whatsapp-reference';

export interface CredentialRef {
	id: string;
	name: string;
}

function node(
	name: string,
	type: string,
	typeVersion: number,
	parameters: INodeParameters,
	extra: Partial<INode> = {},
): INode {
	return { id: randomUUID(), name, type, typeVersion, position: [0, 0], parameters, ...extra };
}

function workflow(name: string, nodes: INode[]): N8nWorkflow {
	const connections = Object.fromEntries(
		nodes
			.slice(0, -1)
			.map((from, index) => [
				from.name,
				{ main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] },
			]),
	) as N8nWorkflow['connections'];
	nodes.forEach((each, index) => (each.position = [index * 220, 0]));
	const id = randomBytes(12)
		.toString('base64url')
		.replace(/[^A-Za-z0-9]/g, 'x')
		.slice(0, 16);
	return { id, name, nodes, connections };
}

/** Campaign items, as the Webhook node receives them: `{ items: [{ to, text, ref }] }`. */
function campaignStart(path: string): INode[] {
	return [
		node(
			'Campaign',
			'n8n-nodes-base.webhook',
			2,
			{ path, httpMethod: 'POST', responseMode: 'lastNode', responseData: 'noData' },
			{ webhookId: randomUUID() },
		),
		node('Items', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.items' }),
	];
}

/** Webhook → Split Out → our WhatsApp Send, paced to the tier, every field read from the item. */
export function ourCampaign(options: {
	path: string;
	credential: CredentialRef;
	phoneNumberId: string;
	messagesPerSecond: number;
	maxConcurrency: number;
	/** Sending option Skip References Already Sent. */
	skipReferencesAlreadySent?: boolean;
	/** Sending option Connection: Reuse Connections. */
	reuseConnections?: boolean;
}): N8nWorkflow {
	return workflow(`bench: ours ${options.path}`, [
		...campaignStart(options.path),
		node(
			'WhatsApp Send',
			`${PACKAGE}.whatsAppSend`,
			1,
			{
				resource: 'message',
				operation: 'text',
				phoneNumberId: { __rl: true, mode: 'id', value: options.phoneNumberId },
				to: '={{ $json.to }}',
				referenceId: '={{ $json.ref }}',
				text: '={{ $json.text }}',
				sendingOptions: {
					messagesPerSecond: options.messagesPerSecond,
					maxConcurrency: options.maxConcurrency,
					...(options.skipReferencesAlreadySent ? { skipReferencesAlreadySent: true } : {}),
					...(options.reuseConnections ? { connection: 'reuseConnections' } : {}),
				},
			},
			{ credentials: { whatsAppCloudApi: options.credential } },
		),
	]);
}

/** Webhook → Split Out → No Op: n8n alone carrying the campaign's items, nothing sent. */
export function baselineCampaign(path: string): N8nWorkflow {
	return workflow(`bench: baseline ${path}`, [
		...campaignStart(path),
		node('No Op', 'n8n-nodes-base.noOp', 1, {}),
	]);
}

/**
 * Webhook → Split Out → n8n's WhatsApp Business Cloud node (send, text) with its defaults, as a user
 * would set it up. It has no field for the Reference ID, so its items carry none.
 */
export function builtInCampaign(options: {
	path: string;
	credential: CredentialRef;
	phoneNumberId: string;
}): N8nWorkflow {
	return workflow(`bench: built-in ${options.path}`, [
		...campaignStart(options.path),
		node(
			'WhatsApp Business Cloud',
			'n8n-nodes-base.whatsApp',
			1.1,
			{
				resource: 'message',
				operation: 'send',
				phoneNumberId: options.phoneNumberId,
				recipientPhoneNumber: '={{ $json.to }}',
				messageType: 'text',
				textBody: '={{ $json.text }}',
			},
			{ credentials: { whatsAppApi: options.credential } },
		),
	]);
}

/**
 * The downstream node ("Statuses", where a user would update the CRM), then one POST per
 * execution to the collector saying how many items it had and how many carried the reference.
 */
function statusesThenReport(run: string, referenceField: string, collectorUrl: string): INode[] {
	const report =
		`={{ JSON.stringify({ run: ${JSON.stringify(run)}, items: $('Statuses').all().length, ` +
		`withReference: $('Statuses').all().filter((item) => item.json[${JSON.stringify(referenceField)}]).length }) }}`;
	return [
		node('Statuses', 'n8n-nodes-base.noOp', 1, {}),
		node(
			'Report',
			'n8n-nodes-base.httpRequest',
			4.2,
			{ method: 'POST', url: collectorUrl, sendBody: true, specifyBody: 'json', jsonBody: report },
			{ executeOnce: true },
		),
	];
}

/**
 * Our WhatsApp Trigger (one item per status) → Statuses → Report. By default the trigger is the
 * version the editor adds today (1.2, whose items carry no `raw`); 1 or 1.1 measures saved nodes.
 */
export function ourFanOut(options: {
	webhookId: string;
	credential: CredentialRef;
	collectorUrl: string;
	triggerVersion?: number;
}): N8nWorkflow {
	return workflow('bench: ours fan-out', [
		node(
			'WhatsApp Trigger',
			`${PACKAGE}.whatsAppTrigger`,
			options.triggerVersion ?? 1.2,
			{ events: ['statuses'], registration: 'manual' },
			{ webhookId: options.webhookId, credentials: { whatsAppWebhookApi: options.credential } },
		),
		...statusesThenReport('ours', 'referenceId', options.collectorUrl),
	]);
}

/**
 * n8n's WhatsApp Trigger (one item per webhook change, statuses nested) → the Split Out a user
 * adds to get one item per status → Statuses → Report.
 */
export function builtInFanOut(options: {
	webhookId: string;
	credential: CredentialRef;
	collectorUrl: string;
}): N8nWorkflow {
	return workflow('bench: built-in fan-out', [
		node(
			'WhatsApp Trigger',
			'n8n-nodes-base.whatsAppTrigger',
			1,
			{ updates: ['messages'] },
			{ webhookId: options.webhookId, credentials: { whatsAppTriggerApi: options.credential } },
		),
		node('Split Out', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'statuses' }),
		...statusesThenReport('built-in', 'biz_opaque_callback_data', options.collectorUrl),
	]);
}

/** Creates and activates a workflow in the running n8n; resolves once its webhooks listen. */
export async function deploy(client: N8nRestClient, created: N8nWorkflow): Promise<string> {
	const { id, versionId } = await client.createWorkflow(created);
	await client.activateWorkflow(id, versionId);
	return id;
}
