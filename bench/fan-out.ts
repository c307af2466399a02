import type { N8nRestClient } from '../scripts/n8n-rest-client';
import type { FanOutTarget } from './bench-stack';
import { finishedExecution, latestExecution } from './campaign';
import { whenReady } from './n8n-ready';
import { watchPeak } from './proc-memory';
import type { ReportCollector } from './report-collector';
import type { StatusWebhook } from './status-webhook';

export interface FanOutRun {
	target: FanOutTarget['name'];
	statuses: number;
	/** From the POST to the report that the downstream node had every item. */
	ms: number;
	/** What the downstream node had: items, and items carrying the Reference ID. */
	items: number;
	withReference: number;
	rssBeforeBytes: number;
	peakRssBytes: number;
}

/**
 * Posts one signed status webhook to a trigger's production URL and times it until the workflow
 * reports that its downstream node held one item per status. It returns once n8n has stored the
 * execution, which it does after the report: otherwise the next fan-out, on the other trigger,
 * would share the main thread with this one's storing and be charged for it.
 */
export async function runFanOut(options: {
	target: FanOutTarget;
	webhook: StatusWebhook;
	statuses: number;
	collector: ReportCollector;
	n8nPid: number;
	client: N8nRestClient;
}): Promise<FanOutRun> {
	const { target, webhook, collector, client } = options;
	await whenReady(new URL(target.url).origin);
	const previous = await latestExecution(client, target.workflowId);
	const memory = await watchPeak(options.n8nPid);
	const report = collector.next(target.name, 120_000);
	const started = performance.now();
	const response = await fetch(target.url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-hub-signature-256': webhook.signature },
		body: webhook.raw,
	});
	await response.arrayBuffer();
	if (response.status !== 200)
		throw new Error(`${target.name} trigger answered ${response.status}`);
	const { items, withReference, arrivedAt } = await report;
	const peakRssBytes = await memory.stop();
	await finishedExecution(client, target.workflowId, previous?.id);
	return {
		target: target.name,
		statuses: options.statuses,
		ms: arrivedAt - started,
		items,
		withReference,
		rssBeforeBytes: memory.before,
		peakRssBytes,
	};
}
