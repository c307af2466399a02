/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import axios from 'axios';
import { createHmac, randomBytes } from 'node:crypto';

import { crmContacts, statusRanks, unreachableContact } from '../../demo/crm';
import { installDemo, type InstalledDemo } from '../../demo/install-demo';
import { listDataTableRows, type DataTableRow } from '../../scripts/n8n-data-tables';
import type { N8nRestClient } from '../../scripts/n8n-rest-client';
import { e2eEnvironment } from './support/environment';
import { nodeOutputs } from './support/execution-data';
import { sandboxAdmin } from './support/sandbox-admin';
import { executionsOf, ownerClient } from './support/workflows';
import { messagesWebhook } from './support/webhook-bodies';

jest.setTimeout(60_000);

let client: N8nRestClient;

/** The demo as `npm start` installs it, with its own table, campaign path and trigger URL. */
async function installFreshDemo(): Promise<InstalledDemo> {
	const suffix = randomBytes(8).toString('hex');
	const { phoneNumberId, cloudCredential, webhookCredential } = e2eEnvironment();
	const demo = await installDemo(client, {
		tableName: `CRM ${suffix}`,
		campaign: { id: randomBytes(8).toString('hex'), path: `campaign-${suffix}` },
		statuses: { id: randomBytes(8).toString('hex'), webhookId: `statuses-${suffix}` },
		phoneNumberId,
		cloudCredential,
		webhookCredential,
	});
	await sandboxAdmin.configure({
		callbackUrl: demo.statusesUrl,
		failingRecipients: [unreachableContact.phone],
	});
	return demo;
}

/**
 * Each status's workflow run starts after n8n answered the webhook: wait until as many runs have
 * finished as webhooks were accepted (by default, those the sandbox delivered), and none is left.
 */
async function settledRuns(demo: InstalledDemo, accepted?: number) {
	const delivered =
		accepted ??
		(await sandboxAdmin.webhooks()).filter(
			(attempt) => attempt.url === demo.statusesUrl && attempt.status === 200,
		).length;
	// A bound on waiting, not a speed target: a loaded 2-core machine takes its time.
	const deadline = Date.now() + 60_000;
	for (;;) {
		const executions = await executionsOf(client, demo.statusesWorkflowId);
		const finished = executions.filter((execution) =>
			['success', 'error', 'crashed', 'canceled'].includes(execution.status),
		);
		// A webhook the sandbox gave up waiting for (a loaded machine) may still run: wait for it too.
		if (finished.length >= delivered && finished.length === executions.length) return executions;
		if (Date.now() > deadline) {
			throw new Error(`${finished.length} of ${delivered} status runs finished`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

async function runCampaign(demo: InstalledDemo) {
	const response = await axios.post<DataTableRow[]>(demo.campaignUrl, {}, { timeout: 60_000 });
	await sandboxAdmin.idle();
	return { sent: response.data, runs: await settledRuns(demo) };
}

const tableRows = async (demo: InstalledDemo) => await listDataTableRows(client, demo.table);

/** Every contact ends at `read`, the unreachable one at `failed` with Meta's 131026, each with its message's wamid. */
async function expectFinalStatuses(demo: InstalledDemo) {
	const wamidOf = new Map(
		(await sandboxAdmin.messages()).map((message) => [message.referenceId, message.id]),
	);
	const rows = await tableRows(demo);
	expect(
		rows.map((row) => [row.crmKey, row.status, row.statusRank, row.errorCode, row.messageId]),
	).toEqual(
		crmContacts.map((contact) =>
			contact === unreachableContact
				? [contact.crmKey, 'failed', statusRanks.failed, 131026, wamidOf.get(contact.crmKey)]
				: [contact.crmKey, 'read', statusRanks.read, null, wamidOf.get(contact.crmKey)],
		),
	);
	expect(rows.every((row) => typeof row.statusAt === 'string')).toBe(true);
}

/** Statuses a run of the campaign produces: sent, delivered, read per contact; sent, failed for the unreachable one. */
const statusesPerCampaign = (crmContacts.length - 1) * 3 + 2;

beforeAll(async () => {
	client = await ownerClient();
});

beforeEach(async () => {
	await sandboxAdmin.reset();
});

afterAll(async () => {
	await sandboxAdmin.reset();
});

describe('the demo round trip: campaign → sandbox → status webhooks → CRM data table', () => {
	it('sends one message per contact with its crmKey as Reference ID, and the CRM ends at read, or failed with 131026', async () => {
		const demo = await installFreshDemo();

		const { sent, runs } = await runCampaign(demo);

		expect(sent.map((row) => [row.crmKey, row.status])).toEqual(
			crmContacts.map((contact) => [contact.crmKey, 'queued']),
		);
		expect(new Set(runs.map((run) => run.status))).toEqual(new Set(['success']));
		const references = (await sandboxAdmin.messages()).map((message) => message.referenceId).sort();
		expect(references).toEqual(crmContacts.map((contact) => contact.crmKey).sort());
		await expectFinalStatuses(demo);
	});

	it('ends the same with every webhook delivered twice and delivered/read swapped, letting each status through once', async () => {
		const demo = await installFreshDemo();
		await sandboxAdmin.configure({ duplicateWebhooks: true, reorderWebhooks: true });

		const { runs } = await runCampaign(demo);

		await expectFinalStatuses(demo);
		expect(new Set(runs.map((run) => run.status))).toEqual(new Set(['success']));
		// Exactly once needs one production run at a time, as demoN8nEnv sets it (see there).
		const [kept, discarded] = nodeOutputs(runs, 'Drop repeated events');
		const keptEvents = kept.map((item) => item.eventId);
		expect(keptEvents).toHaveLength(statusesPerCampaign);
		expect(new Set(keptEvents).size).toBe(statusesPerCampaign);
		// Each webhook came at least twice; a slow answer can bring a third copy, as Meta's retries do.
		expect(new Set(discarded.map((item) => item.eventId))).toEqual(new Set(keptEvents));
	});

	it('runs the campaign again from the start: every contact climbs from queued to its latest status anew', async () => {
		const demo = await installFreshDemo();
		await runCampaign(demo);
		const firstWamids = (await tableRows(demo)).map((row) => row.messageId);

		await runCampaign(demo);

		await expectFinalStatuses(demo);
		const secondWamids = (await tableRows(demo)).map((row) => row.messageId);
		expect(secondWamids.every((wamid, index) => wamid !== firstWamids[index])).toBe(true);
	});

	it('refuses a status post with a forged signature (401) and leaves the CRM untouched; the same post signed goes through', async () => {
		const demo = await installFreshDemo();
		const before = await tableRows(demo);
		const [contact] = crmContacts;
		const body = JSON.stringify(
			messagesWebhook({
				statuses: [
					{
						id: 'wamid.FORGED',
						status: 'read',
						timestamp: '1750030073',
						recipient_id: '12025550101',
						biz_opaque_callback_data: contact.crmKey,
					},
				],
			}),
		);
		const post = async (secret: string) =>
			await axios.post(demo.statusesUrl, body, {
				headers: {
					'content-type': 'application/json',
					'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
				},
				validateStatus: () => true,
			});

		expect((await post('not-the-app-secret')).status).toBe(401);
		expect(await tableRows(demo)).toEqual(before);
		expect(await executionsOf(client, demo.statusesWorkflowId)).toEqual([]);

		expect((await post(e2eEnvironment().appSecret)).status).toBe(200);
		await settledRuns(demo, 1);
		expect((await tableRows(demo))[0]).toMatchObject({ crmKey: contact.crmKey, status: 'read' });
	});
});
