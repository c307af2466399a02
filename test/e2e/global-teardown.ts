/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
export default async function globalTeardown(): Promise<void> {
	const started = globalThis.whatsAppReferenceE2e;
	await started?.harness.stop();
	await started?.sandbox.close();
}
