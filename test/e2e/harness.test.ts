/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import axios from 'axios';

import type { N8nWorkflow } from '../../scripts/n8n-cli';
import {
	createDataTable,
	findDataTable,
	insertDataTableRows,
	listDataTableRows,
} from '../../scripts/n8n-data-tables';
import { withN8n } from '../../scripts/n8n-harness';

/** Webhook → Respond to Webhook: answers with the JSON body it received. */
function echoWorkflow(id: string, path: string): N8nWorkflow {
	return {
		id,
		name: `Echo ${path}`,
		nodes: [
			{
				id: `${id}-webhook`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `${path}-webhook`,
				parameters: { path, httpMethod: 'POST', responseMode: 'responseNode' },
			},
			{
				id: `${id}-respond`,
				name: 'Respond',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				position: [220, 0],
				parameters: { respondWith: 'json', responseBody: '={{ { echoed: $json.body } }}' },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Respond', type: 'main', index: 0 }]] } },
	};
}

const importedWorkflow = echoWorkflow('harnessImported1', 'harness-imported');

const n8n = withN8n(
	{ beforeAll, afterAll },
	{ workflows: [importedWorkflow], publish: [importedWorkflow.id] },
);

describe('real n8n harness', () => {
	it('loads both node types of the installed package', async () => {
		const names = (await n8n().client.nodeTypes()).map((type) => type.name);

		expect(names).toEqual(
			expect.arrayContaining([
				'n8n-nodes-whatsapp-reference.whatsAppSend',
				'n8n-nodes-whatsapp-reference.whatsAppTrigger',
			]),
		);
	});

	it('serves a workflow imported and published before start at its production URL', async () => {
		const response = await axios.post(`${n8n().n8n.url}/webhook/harness-imported`, {
			hello: 'n8n',
		});

		expect(response.data).toEqual({ echoed: { hello: 'n8n' } });
	});

	it('serves a workflow created and activated over REST while running', async () => {
		const { client, n8n: handle } = n8n();
		const created = await client.createWorkflow(echoWorkflow('harnessRest00001', 'harness-rest'));
		await client.activateWorkflow(created.id, created.versionId);

		const response = await axios.post(`${handle.url}/webhook/harness-rest`, { via: 'rest' });

		expect(response.data).toEqual({ echoed: { via: 'rest' } });
	});

	it('stores a credential over REST', async () => {
		const credential = await n8n().client.createCredential({
			name: 'Header',
			type: 'httpHeaderAuth',
			data: { name: 'X-Test', value: 'secret' },
		});

		expect(credential.id).toEqual(expect.any(String));
	});

	it('creates a data table with every column type and reads its rows back', async () => {
		const { client } = n8n();
		const table = await createDataTable(client, {
			name: 'contacts',
			columns: [
				{ name: 'phone', type: 'string' },
				{ name: 'messages', type: 'number' },
				{ name: 'optedIn', type: 'boolean' },
				{ name: 'lastSeen', type: 'date' },
			],
		});
		await insertDataTableRows(client, table, [
			{ phone: '+15550001', messages: 2, optedIn: true, lastSeen: '2026-01-02T03:04:05.000Z' },
			{ phone: '+15550002', messages: 0, optedIn: false, lastSeen: null },
		]);

		const found = await findDataTable(client, 'contacts');
		const rows = await listDataTableRows(client, found ?? table);

		expect(found).toEqual(expect.objectContaining({ id: table.id, projectId: table.projectId }));

		expect(rows).toEqual([
			expect.objectContaining({
				id: 1,
				phone: '+15550001',
				messages: 2,
				optedIn: true,
				lastSeen: '2026-01-02T03:04:05.000Z',
			}),
			expect.objectContaining({
				id: 2,
				phone: '+15550002',
				messages: 0,
				optedIn: false,
				lastSeen: null,
			}),
		]);
	});

	it('stops n8n together with its task runner', async () => {
		const { n8n: handle, stop } = n8n();

		await stop();

		expect(handle.process.exitCode).not.toBeNull();
		expect(() => process.kill(-handle.n8nPid, 0)).toThrow(
			expect.objectContaining({ code: 'ESRCH' }),
		);
	});
});
