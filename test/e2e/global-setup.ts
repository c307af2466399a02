/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import { demoN8nEnv } from '../../demo/n8n-settings';
import { startN8nHarness } from '../../scripts/n8n-harness';
import { createSandbox } from '../../sandbox/server';
import { publishE2eEnvironment, sandboxIdentityOptions } from './support/sandbox-credentials';

/** One sandbox and one real n8n for the whole e2e run; each test file adds its own workflows. */
export default async function globalSetup(): Promise<void> {
	const sandbox = await createSandbox({
		...sandboxIdentityOptions,
		statusDelaysMs: { sent: 50, delivered: 100, read: 150 },
		messagesPerSecond: 0,
		webhookRetryDelaysMs: [100, 300],
	});
	const harness = await startN8nHarness({ env: demoN8nEnv });
	globalThis.whatsAppReferenceE2e = { sandbox, harness };
	await publishE2eEnvironment(harness.client, harness.n8n, sandbox.url);
}
