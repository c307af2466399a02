/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals,
	no-console
	-- a dev script run by Node, never loaded by n8n */
import axios from 'axios';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { crmTableName, unreachableContact } from '../demo/crm';
import { demoCredentials } from '../demo/demo-credentials';
import { campaignWorkflowName } from '../demo/campaign-workflow';
import { installDemo, type InstalledDemo } from '../demo/install-demo';
import { demoN8nEnv } from '../demo/n8n-settings';
import { statusesWorkflowName } from '../demo/statuses-workflow';
import { defaultConfig } from '../sandbox/options';
import { createSandbox, type Sandbox } from '../sandbox/server';
import { startN8nHarness, type N8nHarness } from './n8n-harness';
import { ensureN8nInstalled } from './n8n-install';
import { defaultOwner } from './n8n-rest-client';
import type { DataTableRow } from './n8n-data-tables';
import { preferredPort } from './preferred-port';
import { watchCrm } from './watch-crm';

/** What started so far, newest first: stopped on Ctrl-C, SIGTERM or a failed start. */
const stoppers: Array<() => Promise<void> | void> = [];

/**
 * `npm start`: the sandbox playing Meta, and n8n with this package, its credentials, the CRM data
 * table and the demo workflows, all on loopback; then one run of the campaign. Ctrl-C stops both.
 */
async function main(): Promise<void> {
	const install = await ensureN8nInstalled();
	const userFolder = process.env.DEMO_USER_FOLDER ?? join(dirname(install.installDir), 'demo-user');
	await mkdir(userFolder, { recursive: true });

	const sandboxLog = createWriteStream(join(userFolder, 'sandbox.log'), { flags: 'a' });
	const sandbox = await createSandbox({
		port: await preferredPort(Number(process.env.DEMO_SANDBOX_PORT ?? 8790)),
		accessToken: 'sandbox-access-token',
		// Slow enough to watch each status arrive in the table.
		statusDelaysMs: { sent: 1000, delivered: 2000, read: 3000 },
		failingRecipients: [unreachableContact.phone],
		log: (line) => sandboxLog.write(`${new Date().toISOString()} ${line}\n`),
	});
	stoppers.unshift(
		() => sandbox.close(),
		() => {
			sandboxLog.end();
		},
	);

	const credentials = demoCredentials(sandbox);
	const n8nOptions = {
		userFolder,
		port: await preferredPort(Number(process.env.DEMO_N8N_PORT ?? 5678)),
		credentials: [credentials.cloud, credentials.webhook],
		env: { ...demoN8nEnv, N8N_PERSONALIZATION_ENABLED: 'false' },
	};
	const harness = await startN8nHarness(n8nOptions);
	stoppers.unshift(() => harness.stop());

	const demo = await installDemo(harness.client, {
		tableName: crmTableName,
		campaign: { id: 'waDemoCampaign01', path: 'demo-campaign' },
		statuses: { id: 'waDemoStatuses01', webhookId: 'demo-statuses' },
		phoneNumberId: defaultConfig.phoneNumbers[0].id,
		cloudCredential: credentials.cloud,
		webhookCredential: credentials.webhook,
	});
	sandbox.configure({ callbackUrl: demo.statusesUrl });

	await axios.post(demo.campaignUrl, {}, { timeout: 60_000 });
	printWelcome(harness, sandbox, demo, userFolder);
	stoppers.unshift(watchCrm(harness.client, demo.table, reportStatus));
}

function reportStatus(row: DataTableRow): void {
	const error = row.errorCode === null ? '' : ` (error ${row.errorCode})`;
	console.log(
		`  ${String(row.name).padEnd(14)} ${String(row.crmKey).padEnd(10)} ${row.status}${error}`,
	);
}

function printWelcome(
	harness: N8nHarness,
	sandbox: Sandbox,
	demo: InstalledDemo,
	userFolder: string,
): void {
	const { url } = harness.n8n;
	console.log(`
n8n is running with the WhatsApp nodes, and the demo campaign has just gone out.

  Editor        ${url}
  Login         ${defaultOwner.email} / ${defaultOwner.password}
  CRM           Overview → Data tables → "${demo.table.name}"
                ${url}/projects/${demo.table.projectId}/datatables/${demo.table.id}
  Workflows     "${campaignWorkflowName}" and "${statusesWorkflowName}"
  Sandbox       ${sandbox.url}, Meta's Cloud API on loopback (log: ${join(userFolder, 'sandbox.log')})

Run the campaign again: open "${campaignWorkflowName}" and click "Execute workflow",
or: curl -X POST ${demo.campaignUrl}

n8n keeps its data in ${userFolder}. Ctrl-C stops n8n and the sandbox.

CRM status changes, as the sandbox's status webhooks reach n8n:`);
}

let stopping = false;

/** Stops everything that started; a second Ctrl-C leaves at once (n8n's supervisor still stops n8n). */
function stopAll(exitCode: number, reason: string): void {
	if (stopping) process.exit(130);
	stopping = true;
	console.log(`\n${reason}: stopping n8n and the sandbox…`);
	void (async () => {
		for (const stop of stoppers) await stop();
		process.exit(exitCode);
	})();
}

process.on('SIGINT', () => stopAll(0, 'SIGINT'));
process.on('SIGTERM', () => stopAll(0, 'SIGTERM'));

main().catch((error: unknown) => {
	console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
	stopAll(1, 'Failed');
});
