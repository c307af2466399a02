import type { N8nHarness } from '../../../scripts/n8n-harness';
import type { Sandbox } from '../../../sandbox/server';

declare global {
	// Handed from the e2e global setup to its teardown, which run in the same process.
	var whatsAppReferenceE2e: { sandbox: Sandbox; harness: N8nHarness } | undefined;
}
