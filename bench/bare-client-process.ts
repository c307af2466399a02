/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals,
	no-console
	-- the benchmark runs in Node, never inside n8n */
/**
 * The ceiling row: a bare Node.js client, in its own process started with the same preload as n8n
 * (graph.facebook.com is the TLS sandbox), sending the campaign's messages with Node's `fetch`,
 * whose pool keeps connections open, paced to the tier as WhatsApp Send paces (3 % headroom) with
 * the same number in flight. No n8n, no node: what the machine and the sandbox allow.
 * Reads its job from the JSON file named by argv[2], prints `{ startedAt, stoppedAt }`.
 */
import { readFile } from 'node:fs/promises';

interface BareJob {
	url: string;
	accessToken: string;
	tier: number;
	maxConcurrency: number;
	items: Array<{ to: string; text: string; ref: string }>;
}

async function main(): Promise<void> {
	const job = JSON.parse(await readFile(process.argv[2], 'utf8')) as BareJob;
	const interval = (1000 / job.tier) * 1.03;
	let next = 0;
	let nextSlotAt = 0;
	const startedAt = Date.now();
	const worker = async () => {
		while (next < job.items.length) {
			const item = job.items[next++];
			const now = Date.now();
			const slot = Math.max(now, nextSlotAt);
			nextSlotAt = slot + interval;
			if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
			const response = await fetch(job.url, {
				method: 'POST',
				headers: {
					authorization: `Bearer ${job.accessToken}`,
					'content-type': 'application/json',
				},
				body: JSON.stringify({
					messaging_product: 'whatsapp',
					recipient_type: 'individual',
					to: item.to,
					type: 'text',
					text: { body: item.text },
					biz_opaque_callback_data: item.ref,
				}),
			});
			await response.arrayBuffer();
		}
	};
	await Promise.all(Array.from({ length: job.maxConcurrency }, worker));
	console.log(JSON.stringify({ startedAt, stoppedAt: Date.now() }));
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
