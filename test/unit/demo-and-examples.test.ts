/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INode, INodeTypeDescription } from 'n8n-workflow';

import { campaignWorkflow } from '../../demo/campaign-workflow';
import { demoCredentials } from '../../demo/demo-credentials';
import { statusesWorkflow } from '../../demo/statuses-workflow';
import { PACKAGE } from '../../demo/workflow-parts';
import { WhatsAppSend } from '../../nodes/WhatsAppSend/WhatsAppSend.node';
import { checkRequestSignature, signatureRuleFor } from '../../nodes/WhatsAppTrigger/signature';
import { WhatsAppTrigger } from '../../nodes/WhatsAppTrigger/WhatsAppTrigger.node';
import { resolveConfig } from '../../sandbox/options';
import { webhookSignatureHeaders } from '../../sandbox/webhook-sender';

/** The version the editor gives a node added today. */
function currentVersion(description: INodeTypeDescription): number {
	return description.defaultVersion ?? Math.max(...[description.version].flat());
}

const currentVersions: Record<string, number> = {
	[`${PACKAGE}.whatsAppSend`]: currentVersion(new WhatsAppSend().description),
	[`${PACKAGE}.whatsAppTrigger`]: currentVersion(new WhatsAppTrigger().description),
};

const table = { id: 'table1', name: 'WhatsApp CRM', projectId: 'project1' };
const credential = { id: 'credential1', name: 'WhatsApp sandbox' };
const demoWorkflows = [
	campaignWorkflow({
		id: 'campaign1',
		table,
		path: 'demo-campaign',
		phoneNumberId: '106540352242922',
		cloudCredential: credential,
	}),
	statusesWorkflow({
		id: 'statuses1',
		table,
		webhookId: 'demo-statuses',
		webhookCredential: credential,
	}),
];

const examplesFolder = join(__dirname, '../../examples');
const examples = readdirSync(examplesFolder).map((file) => ({
	name: `examples/${file}`,
	nodes: (JSON.parse(readFileSync(join(examplesFolder, file), 'utf8')) as { nodes: INode[] }).nodes,
}));

const workflows = [...demoWorkflows.map(({ name, nodes }) => ({ name, nodes })), ...examples];
const nodesOfThisPackage = workflows.flatMap(({ name, nodes }) =>
	nodes
		.filter((node) => node.type.startsWith(`${PACKAGE}.`))
		.map((node) => ({ workflow: name, node })),
);

describe('the demo and the examples show the nodes as a new user gets them', () => {
	it('use each WhatsApp node at its current version', () => {
		expect(nodesOfThisPackage.map(({ node }) => node.type)).toEqual(
			expect.arrayContaining(Object.keys(currentVersions)),
		);
		for (const { workflow, node } of nodesOfThisPackage) {
			expect({ workflow, node: node.name, typeVersion: node.typeVersion }).toEqual({
				workflow,
				node: node.name,
				typeVersion: currentVersions[node.type],
			});
		}
	});

	it('never turn Require Signature off in a WhatsApp Trigger', () => {
		const triggers = nodesOfThisPackage.filter(
			({ node }) => node.type === `${PACKAGE}.whatsAppTrigger`,
		);
		expect(triggers.map(({ workflow }) => workflow)).toContain('WhatsApp demo: Statuses to CRM');
		for (const { workflow, node } of triggers) {
			// Without the parameter, n8n takes the node version's default: on from 1.1, off in 1.
			const requireSignature = node.parameters.requireSignature ?? node.typeVersion >= 1.1;
			expect({ workflow, node: node.name, requireSignature }).toEqual({
				workflow,
				node: node.name,
				requireSignature: true,
			});
		}
	});

	it("gives the demo's webhook credential the app secret the sandbox signs with, so every status passes the check", () => {
		const config = resolveConfig({ accessToken: 'sandbox-access-token' });
		const webhookCredential = demoCredentials({ url: 'http://127.0.0.1:8790', config }).webhook
			.data as IDataObject;
		expect(signatureRuleFor(webhookCredential).check).toBe('hmac');

		const body = Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', entry: [] }));
		const signed = webhookSignatureHeaders(config, body);
		expect(checkRequestSignature(webhookCredential, signed, body)).toEqual({ accepted: true });
		expect(
			checkRequestSignature({ ...webhookCredential, appSecret: 'another-secret' }, signed, body),
		).toEqual({ accepted: false, reason: 'X-Hub-Signature-256 does not match the body' });
	});
});
