/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import { randomBytes, randomUUID } from 'node:crypto';
import type { INode, INodeParameters } from 'n8n-workflow';
import type { N8nWorkflow } from '../../../scripts/n8n-cli';
import { login, type N8nRestClient } from '../../../scripts/n8n-rest-client';
import { e2eEnvironment } from './environment';

const PACKAGE = 'n8n-nodes-whatsapp-reference';

function node(
	name: string,
	type: string,
	typeVersion: number,
	parameters: INodeParameters,
	x: number,
	extra: Partial<INode> = {},
): INode {
	return { id: randomUUID(), name, type, typeVersion, position: [x, 0], parameters, ...extra };
}

function chain(names: string[]): N8nWorkflow['connections'] {
	return Object.fromEntries(
		names
			.slice(0, -1)
			.map((name, index) => [
				name,
				{ main: [[{ node: names[index + 1], type: 'main', index: 0 }]] },
			]),
	) as N8nWorkflow['connections'];
}

function workflowId(): string {
	return randomBytes(12)
		.toString('base64url')
		.replace(/[^A-Za-z0-9]/g, 'x')
		.slice(0, 16);
}

/**
 * Sending Options → Connection of the message operations the e2e files send: n8n's request helper,
 * or with WHATSAPP_SEND_CONNECTION=reuseConnections the same files again with Reuse Connections.
 */
export const SEND_CONNECTION = process.env.WHATSAPP_SEND_CONNECTION ?? 'requestHelper';

function withConnection(parameters: INodeParameters): INodeParameters {
	if (SEND_CONNECTION === 'requestHelper' || parameters.resource !== 'message') return parameters;
	return {
		...parameters,
		sendingOptions: {
			...(parameters.sendingOptions as INodeParameters | undefined),
			connection: SEND_CONNECTION,
		},
	};
}

/**
 * Webhook (POST /webhook/<path>, body `{ items: [...] }`) → Split Out → (an optional preparing node) →
 * WhatsApp Send, answering with every item WhatsApp Send put out. Send parameters may read each item
 * with `{{ $json.… }}`.
 */
export function sendWorkflow(
	path: string,
	sendParameters: INodeParameters,
	options: {
		continueOnFail?: boolean;
		prepare?: { type: string; typeVersion: number; parameters: INodeParameters };
	} = {},
): N8nWorkflow {
	const { cloudCredential } = e2eEnvironment();
	const prepare = options.prepare
		? [
				node(
					'Prepare',
					options.prepare.type,
					options.prepare.typeVersion,
					options.prepare.parameters,
					330,
				),
			]
		: [];
	return {
		id: workflowId(),
		name: `e2e send ${path}`,
		nodes: [
			node(
				'Webhook',
				'n8n-nodes-base.webhook',
				2,
				{ path, httpMethod: 'POST', responseMode: 'lastNode', responseData: 'allEntries' },
				0,
				{
					webhookId: randomUUID(),
				},
			),
			node('Items', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.items' }, 220),
			...prepare,
			node(
				'WhatsApp Send',
				`${PACKAGE}.whatsAppSend`,
				1,
				withConnection({
					resource: 'message',
					phoneNumberId: { __rl: true, mode: 'id', value: e2eEnvironment().phoneNumberId },
					...sendParameters,
				}),
				440,
				{
					credentials: { whatsAppCloudApi: cloudCredential },
					...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
				},
			),
		],
		connections: chain(['Webhook', 'Items', ...prepare.map((step) => step.name), 'WhatsApp Send']),
	};
}

/** WhatsApp Trigger (version 1 unless given) → HTTP Request posting each item to a collector (the "CRM"). */
export function triggerWorkflow(
	webhookId: string,
	collectorUrl: string,
	triggerParameters: INodeParameters = {},
	triggerVersion = 1,
): N8nWorkflow {
	const { webhookCredential } = e2eEnvironment();
	return {
		id: workflowId(),
		name: `e2e trigger ${webhookId}`,
		nodes: [
			node(
				'WhatsApp Trigger',
				`${PACKAGE}.whatsAppTrigger`,
				triggerVersion,
				{ registration: 'manual', ...triggerParameters },
				0,
				{
					webhookId,
					credentials: { whatsAppWebhookApi: webhookCredential },
				},
			),
			node(
				'To CRM',
				'n8n-nodes-base.httpRequest',
				4.2,
				{
					method: 'POST',
					url: collectorUrl,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify($json) }}',
				},
				220,
			),
		],
		connections: chain(['WhatsApp Trigger', 'To CRM']),
	};
}

export async function ownerClient(): Promise<N8nRestClient> {
	return await login({ url: e2eEnvironment().n8nUrl });
}

/** Creates and activates a workflow in the running n8n; resolves once its webhooks listen. */
export async function deploy(client: N8nRestClient, workflow: N8nWorkflow): Promise<string> {
	const created = await client.createWorkflow(workflow);
	await client.activateWorkflow(created.id, created.versionId);
	return created.id;
}

export function triggerUrl(webhookId: string): string {
	return `${e2eEnvironment().n8nUrl}/webhook/${webhookId}/webhook`;
}

/** The executions of a workflow, newest first, without their run data; at most `limit`. */
export async function executionIdsOf(
	client: N8nRestClient,
	workflowId: string,
	limit = 100,
): Promise<Array<{ id: string; status: string }>> {
	const list = await client.get<{ results: Array<{ id: string; status: string }> }>('/executions', {
		filter: JSON.stringify({ workflowId }),
		limit,
	});
	return list.results;
}

/** The finished executions of a workflow, newest first, each with its run data as n8n stores it. */
export async function executionsOf(
	client: N8nRestClient,
	workflowId: string,
): Promise<Array<{ id: string; status: string; data: string }>> {
	const list = await executionIdsOf(client, workflowId);
	return await Promise.all(
		list.map(
			async ({ id }) =>
				await client.get<{ id: string; status: string; data: string }>(`/executions/${id}`),
		),
	);
}
