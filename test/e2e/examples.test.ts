/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import axios from 'axios';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
	Expression,
	ExpressionParser,
	NodeHelpers,
	type IConnections,
	type INode,
	type INodeParameters,
	type INodeTypeDescription,
} from 'n8n-workflow';
import {
	createDataTable,
	findDataTable,
	insertDataTableRows,
	listDataTableRows,
	type DataTable,
} from '../../scripts/n8n-data-tables';
import type { N8nRestClient } from '../../scripts/n8n-rest-client';
import { e2eEnvironment } from './support/environment';
import { type HubSpotStandIn, startHubSpotStandIn } from './support/hubspot-stand-in';
import { sandboxAdmin } from './support/sandbox-admin';
import { type SmtpSink, startSmtpSink } from './support/smtp-sink';
import { ownerClient, triggerUrl } from './support/workflows';
import { messagesWebhook } from './support/webhook-bodies';

/** The workflow JSON that n8n's "Import from File" takes. */
interface ExampleWorkflow {
	name: string;
	nodes: INode[];
	connections: IConnections;
}

const PACKAGE = 'n8n-nodes-whatsapp-reference';
const SEND_NODE = `${PACKAGE}.whatsAppSend`;
const TRIGGER_NODE = `${PACKAGE}.whatsAppTrigger`;
const STICKY_NOTE = 'n8n-nodes-base.stickyNote';
const examplesFolder = join(__dirname, '../../examples');
const exampleFiles = readdirSync(examplesFolder)
	.filter((file) => file.endsWith('.json'))
	.sort();

const readExample = (file: string): ExampleWorkflow =>
	JSON.parse(readFileSync(join(examplesFolder, file), 'utf8')) as ExampleWorkflow;

let client: N8nRestClient;
let nodeTypes: INodeTypeDescription[];
let credentialTypes: Set<string>;
/** Workflows this file activated. */
const published: string[] = [];

beforeAll(async () => {
	client = await ownerClient();
	nodeTypes = await client.nodeTypes();
	const credentials = (await client.http.get<Array<{ name: string }>>('/types/credentials.json'))
		.data;
	credentialTypes = new Set(credentials.map((credential) => credential.name));
});

beforeEach(async () => {
	await sandboxAdmin.reset();
});

afterAll(async () => {
	for (const id of published) await client.deactivateWorkflow(id);
});

function nodeTypeOf(node: INode): INodeTypeDescription | undefined {
	return nodeTypes.find(
		(type) =>
			type.name === node.type && ([] as number[]).concat(type.version).includes(node.typeVersion),
	);
}

/** Every parameter n8n evaluates as an expression (a string starting with `=`), with its path. */
function expressionsIn(value: unknown, path: string): Array<{ path: string; expression: string }> {
	if (typeof value === 'string') return value.startsWith('=') ? [{ path, expression: value }] : [];
	if (Array.isArray(value))
		return value.flatMap((entry, index) => expressionsIn(entry, `${path}[${index}]`));
	if (typeof value === 'object' && value !== null) {
		return Object.entries(value).flatMap(([key, entry]) => expressionsIn(entry, `${path}.${key}`));
	}
	return [];
}

/**
 * n8n's expression engine compiles the whole template and throws only on syntax errors; values it
 * cannot resolve without a running workflow come out empty. So a throw here is a parse failure.
 */
function expressionProblem(expression: string): string | undefined {
	const template = expression.slice(1);
	const unclosed = ExpressionParser.splitExpression(template).some(
		(chunk) => chunk.type === 'code' && !chunk.hasClosingBrackets,
	);
	if (unclosed) return 'a {{ without its }}';
	try {
		Expression.resolveWithoutWorkflow(template, {});
		return undefined;
	} catch (error) {
		return (error as Error).message;
	}
}

const NODE_REFERENCE = /\$\(\s*(['"])(.+?)\1\s*\)/g;

/** Everything that would make the example fail to load, or show a problem, in this n8n. */
function problemsOf(example: ExampleWorkflow): string[] {
	const problems: string[] = [];
	const names = new Set(example.nodes.map((node) => node.name));
	for (const node of example.nodes) {
		const type = nodeTypeOf(node);
		if (!type) {
			problems.push(`${node.name}: n8n has no node ${node.type} version ${node.typeVersion}`);
			continue;
		}
		const shown =
			NodeHelpers.getNodeParameters(type.properties, node.parameters, true, false, node, type) ??
			{};
		for (const name of Object.keys(node.parameters)) {
			if (!(name in shown))
				problems.push(`${node.name}: parameter ${name} is not one this node shows`);
		}
		const issues =
			NodeHelpers.getNodeParametersIssues(type.properties, node, type)?.parameters ?? {};
		for (const [name, messages] of Object.entries(issues)) {
			if (!isSenderNumberToPick(node, name)) problems.push(`${node.name}: ${messages.join(' ')}`);
		}
		for (const credentialType of Object.keys(node.credentials ?? {})) {
			if (!credentialTypes.has(credentialType))
				problems.push(`${node.name}: n8n has no credential type ${credentialType}`);
			if (!type.credentials?.some((credential) => credential.name === credentialType)) {
				problems.push(`${node.name}: ${node.type} does not take a ${credentialType} credential`);
			}
		}
		for (const { path, expression } of expressionsIn(node.parameters, 'parameters')) {
			const problem = expressionProblem(expression);
			if (problem) problems.push(`${node.name}: ${path} does not parse: ${problem}`);
			for (const [, , referenced] of expression.matchAll(NODE_REFERENCE)) {
				if (!names.has(referenced))
					problems.push(
						`${node.name}: ${path} refers to a node "${referenced}" that is not in the workflow`,
					);
			}
		}
	}
	for (const [source, outputs] of Object.entries(example.connections)) {
		const targets = Object.values(outputs)
			.flat(2)
			.filter((target) => target !== null);
		for (const target of [source, ...targets.map((connection) => connection.node)]) {
			if (!names.has(target))
				problems.push(`connections name a node "${target}" that is not in the workflow`);
		}
	}
	return problems;
}

/** The user picks the sender number on import: the only parameter an example leaves empty. */
function isSenderNumberToPick(node: INode, parameter: string): boolean {
	const value = node.parameters[parameter] as { mode?: string; value?: string } | undefined;
	return (
		node.type === SEND_NODE &&
		parameter === 'phoneNumberId' &&
		value?.mode === 'list' &&
		value.value === ''
	);
}

/** What the user does after importing: pick the credentials and the sender number, here the sandbox's. */
function withSandboxCredentials(example: ExampleWorkflow): ExampleWorkflow {
	const { cloudCredential, webhookCredential, phoneNumberId } = e2eEnvironment();
	const nodes = example.nodes.map((node): INode => {
		if (node.type === SEND_NODE) {
			return {
				...node,
				parameters: {
					...node.parameters,
					phoneNumberId: { __rl: true, mode: 'id', value: phoneNumberId },
				},
				credentials: { whatsAppCloudApi: cloudCredential },
			};
		}
		if (node.type === TRIGGER_NODE)
			return { ...node, credentials: { whatsAppWebhookApi: webhookCredential } };
		return node;
	});
	return { ...example, nodes };
}

/** POST /rest/workflows with the example as it is, as the editor's import saves it. */
async function importExample(example: ExampleWorkflow): Promise<{ id: string; versionId: string }> {
	return await client.createWorkflow(example);
}

/** Activates the example; afterAll deactivates it again, so another file may activate the same webhooks. */
async function publish(example: ExampleWorkflow): Promise<string> {
	const created = await importExample(example);
	await client.activateWorkflow(created.id, created.versionId);
	published.push(created.id);
	return created.id;
}

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

interface ExecutionSummary {
	id: string;
	status: string;
}

/** Resolves once `count` executions of the workflow have finished; rejects if any failed. */
async function waitForExecutions(
	workflowId: string,
	count: number,
	timeoutMs = 30_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const list = await client.get<{ results: ExecutionSummary[] }>('/executions', {
			filter: JSON.stringify({ workflowId }),
			limit: 250,
		});
		const finished = list.results.filter((execution) => FINISHED.has(execution.status));
		const failed = finished.filter((execution) => execution.status !== 'success');
		if (failed.length > 0) {
			const details = await client.get<{ data: string }>(`/executions/${failed[0].id}`);
			throw new Error(
				`execution ${failed[0].id} of workflow ${workflowId} ended ${failed[0].status}: ${details.data.slice(0, 2000)}`,
			);
		}
		if (finished.length >= count && finished.length === list.results.length) return;
		if (Date.now() > deadline)
			throw new Error(
				`expected ${count} finished executions of ${workflowId}, have ${JSON.stringify(list.results)}`,
			);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

async function dataTableNamed(name: string, columns: string[]): Promise<DataTable> {
	return (
		(await findDataTable(client, name)) ??
		(await createDataTable(client, {
			name,
			columns: columns.map((column) => ({ name: column, type: 'string' })),
		}))
	);
}

/** Sends a text message straight to the sandbox's Cloud API, as any sender would; its statuses follow. */
async function sendToSandbox(to: string, referenceId?: string): Promise<void> {
	const { sandboxUrl, phoneNumberId, accessToken } = e2eEnvironment();
	await axios.post(
		`${sandboxUrl}/v25.0/${phoneNumberId}/messages`,
		{
			messaging_product: 'whatsapp',
			to,
			type: 'text',
			text: { body: 'Your order has shipped' },
			...(referenceId ? { biz_opaque_callback_data: referenceId } : {}),
		},
		{ headers: { authorization: `Bearer ${accessToken}` } },
	);
}

/** How many status webhooks the sandbox delivered to a URL and n8n took (each is one execution). */
async function deliveredStatusWebhooks(url: string): Promise<number> {
	return (await sandboxAdmin.webhooks()).filter(
		(attempt) => attempt.kind === 'status' && attempt.url === url && attempt.status === 200,
	).length;
}

function webhookIdOf(example: ExampleWorkflow, type: string): string {
	const node = example.nodes.find((candidate) => candidate.type === type);
	if (!node?.webhookId) throw new Error(`${example.name} has no ${type} node with a webhook ID`);
	return node.webhookId;
}

function inboundMessage(message: Record<string, unknown>, from: string): Record<string, unknown> {
	return messagesWebhook({
		contacts: [{ profile: { name: 'Customer' }, wa_id: from }],
		messages: [{ from, timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
	});
}

describe('examples/*.json, imported into a real n8n', () => {
	it('there are the four documented examples, each explained in a sticky note', () => {
		expect(exampleFiles).toEqual([
			'campaign-from-csv.json',
			'failed-message-alert.json',
			'replies-to-reference.json',
			'statuses-to-hubspot.json',
		]);
		for (const file of exampleFiles) {
			const notes = readExample(file).nodes.filter((node) => node.type === STICKY_NOTE);
			expect(notes).toHaveLength(1);
			expect(String(notes[0].parameters.content).length).toBeGreaterThan(200);
		}
	});

	it.each(exampleFiles)(
		'%s loads: its node types and versions exist, every parameter is one its node shows, its credentials exist and fit, every expression parses',
		async (file) => {
			const example = readExample(file);
			expect(problemsOf(example)).toEqual([]);

			const created = await importExample(example);
			const stored = await client.get<ExampleWorkflow>(`/workflows/${created.id}`);
			expect(
				stored.nodes.map(({ name, type, typeVersion }) => ({ name, type, typeVersion })),
			).toEqual(example.nodes.map(({ name, type, typeVersion }) => ({ name, type, typeVersion })));
			expect(stored.connections).toEqual(example.connections);
		},
	);

	it('their webhook IDs differ, so all of them can be active in one n8n', () => {
		const webhookIds = exampleFiles.flatMap((file) =>
			readExample(file).nodes.flatMap((node) => (node.webhookId ? [node.webhookId] : [])),
		);
		expect(new Set(webhookIds).size).toBe(webhookIds.length);
	});
});

describe('examples/*.json, running against the sandbox with the credentials and sender number picked', () => {
	it('campaign-from-csv: a CSV uploaded through its password-protected form sends one template per row with the Record ID as Reference ID, and remembers every row, a refused one with its error', async () => {
		const table = await dataTableNamed('WhatsApp messages', [
			'referenceId',
			'messageId',
			'phone',
			'waId',
			'sendError',
		]);
		const rowsBefore = (await listDataTableRows(client, table)).length;
		const formLogin = { user: 'campaigns', password: 'Campaign-form-1' };
		const credential = await client.createCredential({
			name: 'Campaign form login',
			type: 'httpBasicAuth',
			data: formLogin,
		});
		const example = withSandboxCredentials(readExample('campaign-from-csv.json'));
		const nodes = example.nodes.map((node) =>
			node.credentials?.httpBasicAuth
				? {
						...node,
						credentials: { httpBasicAuth: { id: credential.id, name: 'Campaign form login' } },
					}
				: node,
		);
		const workflowId = await publish({ ...example, nodes });

		const csv =
			'Record ID,First Name,Phone Number\n101,Ana,+1 650 555 0101\n102,Ben,+44 20 7946 0102\n103,Cy,\n';
		const upload = () => {
			const form = new FormData();
			form.append('field-0', new Blob([csv], { type: 'text/csv' }), 'contacts.csv');
			return form;
		};
		const formUrl = `${e2eEnvironment().n8nUrl}/form/${webhookIdOf(example, 'n8n-nodes-base.formTrigger')}`;
		const withoutLogin = await fetch(formUrl, { method: 'POST', body: upload() });
		expect(withoutLogin.status).toBe(401);
		const basicAuth = `Basic ${Buffer.from(`${formLogin.user}:${formLogin.password}`).toString('base64')}`;
		const response = await fetch(formUrl, {
			method: 'POST',
			body: upload(),
			headers: { authorization: basicAuth },
		});
		expect(response.status).toBe(200);
		await waitForExecutions(workflowId, 1);

		const messages = await sandboxAdmin.messages();
		expect(messages.map(({ to, referenceId, type }) => ({ to, referenceId, type }))).toEqual([
			{ to: '16505550101', referenceId: '101', type: 'template' },
			{ to: '442079460102', referenceId: '102', type: 'template' },
		]);
		const rows = (await listDataTableRows(client, table)).slice(rowsBefore);
		expect(
			rows.map(({ referenceId, messageId, phone, waId }) => ({
				referenceId,
				messageId,
				phone,
				waId,
			})),
		).toEqual([
			{
				referenceId: '101',
				messageId: messages[0].id,
				phone: '+1 650 555 0101',
				waId: '16505550101',
			},
			{
				referenceId: '102',
				messageId: messages[1].id,
				phone: '+44 20 7946 0102',
				waId: '442079460102',
			},
			{ referenceId: '103', messageId: '', phone: null, waId: '' },
		]);
		expect(rows.slice(0, 2).map((row) => row.sendError)).toEqual(['', '']);
		expect(rows[2].sendError).toMatch(/^The recipient is empty/);
	});

	describe('statuses-to-hubspot, with its two HubSpot nodes calling a HubSpot stand-in on loopback', () => {
		let hubSpot: HubSpotStandIn;

		beforeAll(async () => {
			hubSpot = await startHubSpotStandIn({ '101': 'ana@example.com', '102': 'ben@example.com' });
		});

		afterAll(async () => {
			await hubSpot.close();
		});

		it('keeps the furthest status per contact: a late delivered never overwrites read, failed is kept, repeats and unreferenced statuses never reach HubSpot', async () => {
			const example = readExample('statuses-to-hubspot.json');
			const workflowId = await publish(
				withHubSpotStandIn(withSandboxCredentials(example), hubSpot.url),
			);
			const url = triggerUrl(webhookIdOf(example, TRIGGER_NODE));
			await sandboxAdmin.configure({
				callbackUrl: url,
				statusDelaysMs: { sent: 200, delivered: 1000, read: 1800 },
				reorderWebhooks: true,
				duplicateWebhooks: true,
				failingRecipients: ['16505550102'],
			});

			await sendToSandbox('16505550101', '101');
			await sendToSandbox('16505550102', '102');
			await sendToSandbox('16505550103');
			await sandboxAdmin.idle();
			await waitForExecutions(workflowId, await deliveredStatusWebhooks(url));

			// Webhooks run concurrently, so which statuses get written depends on timing; what may not
			// happen is a write that moves a contact back, or a final status short of the furthest.
			const rank = (status: string) => ['sent', 'delivered', 'read', 'failed'].indexOf(status);
			for (const [id, furthest] of [
				['101', 'read'],
				['102', 'failed'],
			]) {
				const writes = hubSpot.contacts.get(id)?.writes.whatsapp_status ?? [];
				expect(writes.map(rank)).toEqual(writes.map(rank).sort((a, b) => a - b));
				expect(hubSpot.contacts.get(id)?.properties.whatsapp_status).toBe(furthest);
			}
			const [toAna] = await sandboxAdmin.messages();
			expect(toAna.statuses).toEqual(['sent', 'read', 'delivered']);
			expect(hubSpot.contacts.get('101')?.properties.whatsapp_status_at).toMatch(
				/^\d{4}-\d\d-\d\dT/,
			);
			const contactLookups = hubSpot.requests.filter((request) => request.startsWith('GET'));
			expect(contactLookups.every((request) => /\/vid\/10[12]\/profile$/.test(request))).toBe(true);

			const requestsBefore = hubSpot.requests.length;
			const executionsBefore = await deliveredStatusWebhooks(url);
			const readWebhook = (await sandboxAdmin.webhooks()).find(
				(attempt) => attempt.url === url && attempt.body.includes('"status":"read"'),
			);
			expect((await sandboxAdmin.sendWebhook(JSON.parse(String(readWebhook?.body)))).status).toBe(
				200,
			);
			await waitForExecutions(workflowId, executionsBefore + 1);
			expect(hubSpot.requests).toHaveLength(requestsBefore);
		});
	});

	describe('failed-message-alert, with an SMTP credential for a mailbox on loopback', () => {
		let mailbox: SmtpSink;

		beforeAll(async () => {
			mailbox = await startSmtpSink();
		});

		afterAll(async () => {
			await mailbox.close();
		});

		it("e-mails one alert per failed message, with its Reference ID and Meta's error code, title, details and hint", async () => {
			const smtp = await client.createCredential({
				name: 'Loopback mailbox',
				type: 'smtp',
				data: {
					host: '127.0.0.1',
					port: mailbox.port,
					secure: false,
					disableStartTls: true,
					user: '',
					password: '',
				},
			});
			const example = withSandboxCredentials(readExample('failed-message-alert.json'));
			const nodes = example.nodes.map((node) =>
				node.credentials?.smtp
					? { ...node, credentials: { smtp: { id: smtp.id, name: 'Loopback mailbox' } } }
					: node,
			);
			const workflowId = await publish({ ...example, nodes });
			await sandboxAdmin.configure({
				callbackUrl: triggerUrl(webhookIdOf(example, TRIGGER_NODE)),
				failingRecipients: ['16505550102'],
			});

			await sendToSandbox('16505550101', 'crm-101');
			await sendToSandbox('16505550102', 'crm-102');
			await sandboxAdmin.idle();
			await waitForExecutions(workflowId, 1);

			const [alert] = await mailbox.waitFor(1);
			expect(mailbox.received).toHaveLength(1);
			expect(alert.to).toEqual(['<whatsapp-team@example.com>']);
			expect(alert.subject).toMatch(/WhatsApp message crm-102 failed: 131026 /);
			expect(alert.text).toMatch(/Reference ID crm-102 to 16505550102 failed at \d{4}-/);
			expect(alert.text).toMatch(/Meta's error 131026: /);
			expect(alert.text).toMatch(/What to do: The recipient cannot receive this message/);
		});
	});

	it('replies-to-reference: saves each reply once with the reference of the message it quotes, or else of the last message to that number, and marks it read', async () => {
		const messagesTable = await dataTableNamed('WhatsApp messages', [
			'referenceId',
			'messageId',
			'phone',
			'waId',
			'sendError',
		]);
		const repliesTable = await dataTableNamed('WhatsApp replies', [
			'referenceId',
			'customerNumber',
			'text',
			'messageId',
			'receivedAt',
		]);
		const sent = (referenceId: string, messageId: string, waId: string) => ({
			referenceId,
			messageId,
			phone: `+${waId}`,
			waId,
			sendError: '',
		});
		await insertDataTableRows(client, messagesTable, [
			sent('crm-201', 'wamid.CAMPAIGN201', '16505550201'),
			sent('crm-202-earlier', 'wamid.CAMPAIGN202A', '16505550202'),
		]);
		await insertDataTableRows(client, messagesTable, [
			sent('crm-202', 'wamid.CAMPAIGN202B', '16505550202'),
		]);
		const repliesBefore = (await listDataTableRows(client, repliesTable)).length;

		const example = readExample('replies-to-reference.json');
		const workflowId = await publish(withSandboxCredentials(example));
		await sandboxAdmin.configure({ callbackUrl: triggerUrl(webhookIdOf(example, TRIGGER_NODE)) });
		const buttonReply = {
			id: 'wamid.REPLY201',
			type: 'interactive',
			context: { from: '15550783881', id: 'wamid.CAMPAIGN201' },
			interactive: { type: 'button_reply', button_reply: { id: 'keep', title: 'Keep my booking' } },
		};
		const plainText = { id: 'wamid.REPLY202', type: 'text', text: { body: 'Thanks!' } };
		const stranger = { id: 'wamid.REPLY299', type: 'text', text: { body: 'Who is this?' } };
		const buttonReplyWebhook = inboundMessage(buttonReply, '16505550201');
		for (const body of [
			buttonReplyWebhook,
			inboundMessage(plainText, '16505550202'),
			inboundMessage(stranger, '16505550299'),
		]) {
			expect((await sandboxAdmin.sendWebhook(body)).status).toBe(200);
		}
		await waitForExecutions(workflowId, 3);
		// Meta redelivers the same event, timestamp and all, later on: saved and marked read once all the same.
		expect((await sandboxAdmin.sendWebhook(buttonReplyWebhook)).status).toBe(200);
		await waitForExecutions(workflowId, 4);

		const replies = (await listDataTableRows(client, repliesTable))
			.slice(repliesBefore)
			.sort((a, b) => String(a.messageId).localeCompare(String(b.messageId)));
		expect(
			replies.map(({ referenceId, customerNumber, text, messageId }) => ({
				referenceId,
				customerNumber,
				text,
				messageId,
			})),
		).toEqual([
			{
				referenceId: 'crm-201',
				customerNumber: '16505550201',
				text: 'Keep my booking',
				messageId: 'wamid.REPLY201',
			},
			{
				referenceId: 'crm-202',
				customerNumber: '16505550202',
				text: 'Thanks!',
				messageId: 'wamid.REPLY202',
			},
		]);
		const markedRead = (await sandboxAdmin.requests()).flatMap((request) => {
			const body = request.body as { status?: string; message_id?: string };
			return body.status === 'read' ? [body.message_id] : [];
		});
		expect(markedRead.sort()).toEqual(['wamid.REPLY201', 'wamid.REPLY202']);
	});
});

/**
 * n8n's HubSpot node only calls api.hubapi.com. For the run, its two nodes become HTTP Request
 * nodes with the same names that call the same HubSpot paths on the stand-in, built from the
 * example's own expressions (contact ID, e-mail, property values), so everything else runs as shipped.
 */
function withHubSpotStandIn(example: ExampleWorkflow, standInUrl: string): ExampleWorkflow {
	const inner = (expression: string) => expression.replace(/^=\{\{\s*/, '').replace(/\s*\}\}$/, '');
	const nodes = example.nodes.map((node): INode => {
		if (node.type !== 'n8n-nodes-base.hubspot') return node;
		const parameters = node.parameters as INodeParameters & {
			contactId?: { value: string };
			email?: string;
			additionalFields: {
				customPropertiesUi?: { customPropertiesValues: Array<{ property: string; value: string }> };
			};
		};
		const httpRequest = {
			id: node.id,
			name: node.name,
			position: node.position,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
		};
		if (node.parameters.operation === 'get') {
			return {
				...httpRequest,
				parameters: {
					url: `=${standInUrl}/contacts/v1/contact/vid/{{ ${inner(String(parameters.contactId?.value))} }}/profile`,
				},
			};
		}
		const properties = (
			parameters.additionalFields.customPropertiesUi?.customPropertiesValues ?? []
		)
			.map(
				({ property, value }) =>
					`{ property: ${JSON.stringify(property)}, value: ${inner(value)} }`,
			)
			.join(', ');
		return {
			...httpRequest,
			parameters: {
				method: 'POST',
				url: `=${standInUrl}/contacts/v1/contact/createOrUpdate/email/{{ encodeURIComponent(${inner(String(parameters.email))}) }}`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: `={{ JSON.stringify({ properties: [${properties}] }) }}`,
			},
		};
	});
	return { ...example, nodes };
}
