/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- a test run by Jest in Node, never loaded by n8n */
import axios from 'axios';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { withN8n, type InstallRoute } from '../../scripts/n8n-harness';
import { e2eEnvironment } from './support/environment';
import { sandboxAdmin } from './support/sandbox-admin';
import { SANDBOX_IDENTITY } from './support/sandbox-identity';
import { deploy, sendWorkflow } from './support/workflows';

const packageName = 'n8n-nodes-whatsapp-reference';

const routes: Array<[string, InstallRoute]> = [
	['npm install in the user folder (queue mode, Docker)', 'npm'],
	["n8n's Community Nodes installer, asked over REST as the editor asks it", 'communityNodes'],
];

beforeEach(async () => {
	await sandboxAdmin.reset();
});

describe.each(routes)('installed by %s', (_title, installRoute) => {
	const n8n = withN8n({ beforeAll, afterAll }, { installRoute });

	it('loads both nodes, and WhatsApp Send sends with the Reference ID', async () => {
		const { client, n8n: handle } = n8n();
		const names = (await client.nodeTypes()).map((type) => type.name);
		expect(names).toEqual(
			expect.arrayContaining([`${packageName}.whatsAppSend`, `${packageName}.whatsAppTrigger`]),
		);

		const credentialName = 'Sandbox WhatsApp Cloud API';
		const credential = await client.createCredential({
			name: credentialName,
			type: 'whatsAppCloudApi',
			data: {
				accessToken: SANDBOX_IDENTITY.accessToken,
				baseUrl: e2eEnvironment().sandboxUrl,
				apiVersion: 'v25.0',
			},
		});
		const workflow = sendWorkflow(`install-${installRoute}`, {
			operation: 'text',
			text: 'Installed',
			to: '={{ $json.to }}',
			referenceId: '={{ $json.referenceId }}',
		});
		workflow.nodes[workflow.nodes.length - 1].credentials = {
			whatsAppCloudApi: { id: credential.id, name: credentialName },
		};
		await deploy(client, workflow);
		const response = await axios.post(`${handle.url}/webhook/install-${installRoute}`, {
			items: [{ to: '16505550101', referenceId: `route-${installRoute}` }],
		});

		expect(response.data).toEqual([
			expect.objectContaining({
				referenceId: `route-${installRoute}`,
				messageId: expect.any(String),
			}),
		]);
		expect((await sandboxAdmin.messages()).map((message) => message.referenceId)).toEqual([
			`route-${installRoute}`,
		]);
	});

	if (installRoute === 'npm') {
		it('leaves n8n-workflow to n8n: npm installs no copy beside the package (its peer is optional)', () => {
			const nodeModules = join(n8n().ctx.userFolder, '.n8n', 'nodes', 'node_modules');

			expect(existsSync(join(nodeModules, packageName, 'package.json'))).toBe(true);
			expect(existsSync(join(nodeModules, 'n8n-workflow'))).toBe(false);
		});
	} else {
		it('n8n answers the install with both nodes, fetched through the registry stand-in', () => {
			// Not GET /rest/community-packages: n8n 1.x runs `npm outdated` there, without the proxy, against npm's real registry.
			const { communityPackage, registry } = n8n();

			expect(communityPackage).toEqual(
				expect.objectContaining({
					packageName,
					installedNodes: expect.arrayContaining([
						expect.objectContaining({ type: `${packageName}.whatsAppSend` }),
						expect.objectContaining({ type: `${packageName}.whatsAppTrigger` }),
					]),
				}),
			);
			expect(registry?.requests).toEqual(
				expect.arrayContaining([
					`/${packageName}`,
					expect.stringMatching(new RegExp(`^/${packageName}/-/.+\\.tgz$`)),
				]),
			);
		});
	}
});
