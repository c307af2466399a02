export default async function globalTeardown(): Promise<void> {
	const started = globalThis.whatsAppReferenceE2e;
	await started?.harness.stop();
	await started?.sandbox.close();
}
