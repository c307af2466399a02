/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- the benchmark runs in Node, never inside n8n */
/**
 * Resolves once n8n answers GET /healthz/readiness with 200. While a node blocks n8n's event loop
 * for seconds, n8n's database ping times out and it answers every request, webhooks included,
 * with 503 "Database is not ready!" until the next ping succeeds (every 2 s): each measurement
 * starts only once n8n is ready again.
 */
export async function whenReady(n8nUrl: string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const status = await fetch(`${n8nUrl}/healthz/readiness`, {
			signal: AbortSignal.timeout(5_000),
		}).then(
			(response) => response.status,
			() => 0,
		);
		if (status === 200) return;
		if (Date.now() > deadline) throw new Error(`n8n at ${n8nUrl} not ready within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** Whether a REST call failed only because n8n was briefly unavailable (see whenReady). */
export function isTransient(error: unknown): boolean {
	return /ECONNRESET|socket hang up|\(503\)/.test((error as Error).message);
}
