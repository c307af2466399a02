/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- the benchmark runs in Node, never inside n8n */
import { buildRequest } from '../nodes/WhatsAppSend/router';
import { parseEnvelope, validateEnvelope } from '../nodes/WhatsAppTrigger/envelope';
import { flattenWebhook } from '../nodes/WhatsAppTrigger/flatten';
import { checkRequestSignature } from '../nodes/WhatsAppTrigger/signature';
import type { WhatsAppWebhookBody } from '../nodes/shared/webhook-types';
import { median } from './stats';
import type { StatusWebhook } from './status-webhook';

export interface NodeOverhead {
	/** Node.js that ran these (n8n runs on its own Node.js 24). */
	node: string;
	statuses: number;
	bodyBytes: number;
	/** Microseconds per status, each over the whole body. */
	perStatusUs: {
		jsonParse: number;
		signature: number;
		validateEnvelope: number;
		flattenWebhook: number;
		/** Signature check, parse, validation and flattening: all our trigger does with a body. */
		triggerTotal: number;
	};
	/** (validation + flattening) ÷ JSON.parse: what our trigger adds to parsing the body. */
	flattenOverJsonParse: number;
	/** triggerTotal ÷ JSON.parse. */
	triggerOverJsonParse: number;
	/** Microseconds per message. */
	perMessageUs: { buildRequest: number; jsonParse: number };
	buildRequestOverJsonParse: number;
}

/** Median of 5 timings of `run`, each repeating it for at least 200 ms, in microseconds per call. */
function timePerCall(run: () => unknown): number {
	for (let index = 0; index < 20; index++) run();
	const samples: number[] = [];
	for (let sample = 0; sample < 5; sample++) {
		let calls = 0;
		const started = performance.now();
		while (performance.now() - started < 200) {
			run();
			calls++;
		}
		samples.push(((performance.now() - started) * 1000) / calls);
	}
	return median(samples);
}

const FLATTEN_OPTIONS = {
	events: ['statuses'],
	statuses: [],
	phoneNumberIds: [],
	parseReferenceJson: false,
};

/** Our trigger's and send node's pure parts, against JSON.parse of the same bytes as the floor. */
export function measureNodeOverhead(
	webhook: StatusWebhook,
	statuses: number,
	appSecret: string,
): NodeOverhead {
	const text = webhook.raw.toString('utf8');
	const body = JSON.parse(text) as WhatsAppWebhookBody;
	const headers = { 'x-hub-signature-256': webhook.signature };
	const credentials = { appSecret };
	const perBody = {
		jsonParse: timePerCall(() => JSON.parse(webhook.raw.toString('utf8'))),
		signature: timePerCall(() => checkRequestSignature(credentials, headers, webhook.raw)),
		validateEnvelope: timePerCall(() => validateEnvelope(body)),
		flattenWebhook: timePerCall(() => flattenWebhook(body, FLATTEN_OPTIONS)),
		triggerTotal: timePerCall(() => {
			checkRequestSignature(credentials, headers, webhook.raw);
			const envelope = parseEnvelope(webhook.raw);
			if (envelope.ok) flattenWebhook(envelope.body, FLATTEN_OPTIONS);
		}),
	};
	const perStatusUs = Object.fromEntries(
		Object.entries(perBody).map(([name, us]) => [name, us / statuses]),
	) as NodeOverhead['perStatusUs'];

	const parameters: Record<string, unknown> = {
		phoneNumberId: '106540352242922',
		to: '+1 650 0000042',
		referenceId: 'crm-contact-42',
		text: 'Hello contact 42, your spring offer is waiting for you.',
	};
	const read = (name: string, fallback?: unknown) => parameters[name] ?? fallback;
	const messageBody = JSON.stringify(buildRequest('text', read, 0, 512).body);
	const perMessageUs = {
		buildRequest: timePerCall(() => buildRequest('text', read, 0, 512)),
		jsonParse: timePerCall(() => JSON.parse(messageBody)),
	};
	return {
		node: process.version,
		statuses,
		bodyBytes: webhook.raw.length,
		perStatusUs,
		flattenOverJsonParse:
			(perStatusUs.validateEnvelope + perStatusUs.flattenWebhook) / perStatusUs.jsonParse,
		triggerOverJsonParse: perStatusUs.triggerTotal / perStatusUs.jsonParse,
		perMessageUs,
		buildRequestOverJsonParse: perMessageUs.buildRequest / perMessageUs.jsonParse,
	};
}
