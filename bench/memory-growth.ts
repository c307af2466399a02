/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- the benchmark runs in Node, never inside n8n */
import { Session } from 'node:inspector';

import { buildRequest } from '../nodes/WhatsAppSend/router';
import { successOutput } from '../nodes/WhatsAppSend/output';
import { newWamid } from '../sandbox/wamid';
import type { BenchStack } from './bench-stack';
import { BENCH_IDENTITY } from './bench-stack';
import { baselineCampaign, deploy } from './bench-workflows';
import {
	campaignItems,
	postItems,
	runCampaign,
	type CampaignItem,
	type CampaignRun,
	type CampaignTarget,
} from './campaign';

export interface MemoryGrowth {
	items: number;
	run: CampaignRun;
	/** n8n after a full GC, just before the campaign. */
	rssBeforeBytes: number;
	heapBeforeBytes: number;
	peakRssBytes: number;
	/** n8n after a full GC once the execution ended: what it kept. */
	heapAfterBytes: number;
	/** What merely holding the items costs: the posted items as parsed JSON, and our node's output items. */
	itemsHeapBytes: number;
	itemsJsonBytes: number;
	/** (peak RSS − RSS before) ÷ itemsHeapBytes. */
	peakGrowthOverItems: number;
	/** The same items through Webhook → Split Out → No Op: what n8n itself takes to carry them. */
	baselinePeakGrowthBytes: number;
	/** (heap after − heap before) ÷ itemsHeapBytes. */
	retainedOverItems: number;
}

/**
 * Our node sends `count` items in one execution: how far n8n's memory grows, against the items'
 * own size and against n8n carrying the same items through a No Op.
 */
export async function measureMemoryGrowth(
	stack: BenchStack,
	target: CampaignTarget,
	tier: number,
	count: number,
): Promise<MemoryGrowth> {
	const items = campaignItems(count, 'memory');
	const outputs = outputItems(items);
	const { heapBytes: itemsHeapBytes } = await heapSizeOf(() => [
		JSON.parse(JSON.stringify({ items })),
		outputs.map((output) => JSON.parse(output)),
	]);
	// One baseline workflow per target: a second with the same path would conflict.
	const baselinePath = `bench-baseline-${target.variant}`;
	const baselineId = await deploy(stack.harness.client, baselineCampaign(baselinePath));
	await stack.control.collectGarbage();
	const baseline = await postItems(
		stack,
		baselineId,
		`${stack.harness.n8n.url}/webhook/${baselinePath}`,
		items,
	);
	const before = await stack.control.collectGarbage();
	const run = await runCampaign(stack, target, tier, items);
	const after = await stack.control.collectGarbage();
	return {
		items: count,
		run,
		rssBeforeBytes: before.rss,
		heapBeforeBytes: before.heapUsed,
		peakRssBytes: run.peakRssBytes,
		heapAfterBytes: after.heapUsed,
		itemsHeapBytes,
		itemsJsonBytes:
			Buffer.byteLength(JSON.stringify(items)) +
			outputs.reduce((sum, output) => sum + Buffer.byteLength(output), 0),
		peakGrowthOverItems: (run.peakRssBytes - before.rss) / itemsHeapBytes,
		baselinePeakGrowthBytes: baseline.peakRssBytes - baseline.rssBeforeBytes,
		retainedOverItems: (after.heapUsed - before.heapUsed) / itemsHeapBytes,
	};
}

/** What our node puts out for each item given the sandbox's answer, as JSON. */
function outputItems(items: CampaignItem[]): string[] {
	return items.map((item) => {
		const parameters: Record<string, unknown> = {
			phoneNumberId: BENCH_IDENTITY.phoneNumberId,
			to: item.to,
			referenceId: item.ref,
			text: item.text,
		};
		const request = buildRequest('text', (name, fallback) => parameters[name] ?? fallback, 0, 512);
		const waId = item.to.replace(/\D/g, '');
		const answer = {
			messaging_product: 'whatsapp',
			contacts: [{ input: waId, wa_id: waId }],
			messages: [{ id: newWamid(waId) }],
		};
		return JSON.stringify(successOutput(request, answer, 'messages[0].id'));
	});
}

/** The heap that the value `make` returns keeps alive, measured between two full GCs in this process. */
async function heapSizeOf(make: () => unknown): Promise<{ heapBytes: number; kept: unknown }> {
	const session = new Session();
	session.connect();
	const collect = () =>
		new Promise<void>((resolve, reject) =>
			session.post('HeapProfiler.collectGarbage', (error) => (error ? reject(error) : resolve())),
		);
	try {
		await collect();
		const before = process.memoryUsage().heapUsed;
		const kept = make();
		await collect();
		return { heapBytes: process.memoryUsage().heapUsed - before, kept };
	} finally {
		session.disconnect();
	}
}
