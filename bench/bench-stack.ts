/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/require-node-api-error
	-- the benchmark runs in Node, never inside n8n */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEFAULT_GRAPH_API_VERSION } from '../nodes/shared/graph-api-version';
import { createSandbox, type Sandbox } from '../sandbox/server';
import { freePort } from '../scripts/free-port';
import { startN8nHarness, type N8nHarness } from '../scripts/n8n-harness';
import { builtInFanOut, deploy, ourFanOut, type CredentialRef } from './bench-workflows';
import { createGraphCertificate } from './graph-certificate';
import { N8nControl } from './n8n-control';

/** The sandbox's Meta identity, and what the n8n credentials carry. */
export const BENCH_IDENTITY = {
	accessToken: 'bench-access-token',
	appId: '1234567890123456',
	appSecret: 'bench-app-secret',
	verifyToken: 'bench-verify-token',
	wabaId: '102290129340398',
	phoneNumberId: '106540352242922',
};

/**
 * What the sandbox does with the statuses of accepted messages during a campaign: nothing that
 * costs. No callback URL is set, so they go nowhere (the fan-out posts its own webhooks); they fall
 * due at once and share one record per second.
 */
const QUIET_STATUSES = {
	statusDelaysMs: { sent: 0, delivered: 0, read: 0 },
	batchStatuses: true,
	batchWindowMs: 1000,
};

export interface FanOutTarget {
	name: 'ours' | 'built-in';
	url: string;
	workflowId: string;
}

export interface BenchCredentials {
	/** Ours with an empty Base URL: Meta's https://graph.facebook.com, the address the built-in node uses. */
	oursTls: CredentialRef;
	oursPlain: CredentialRef;
	builtIn: CredentialRef;
	oursWebhook: CredentialRef;
	builtInTrigger: CredentialRef;
}

export interface BenchStack {
	harness: N8nHarness;
	/** HTTPS at graph.facebook.com, as n8n's process sees it (the preload routes 443 here). */
	graphSandbox: Sandbox;
	/** Plain HTTP on 127.0.0.1, for our node's plain-HTTP figure. */
	plainSandbox: Sandbox;
	credentials: BenchCredentials;
	fanOutTargets: FanOutTarget[];
	/** Each refused lookup or connection of n8n's process, one JSON line each. */
	egressLog: string;
	/** GC and CPU profiles of n8n's main thread. */
	control: N8nControl;
	/** What a process started with graph-host-preload.js needs to reach the TLS sandbox as n8n does. */
	clientEnv: Record<string, string>;
	stop(): Promise<void>;
}

/**
 * One n8n for the whole benchmark, started with the preloads, and the two sandboxes.
 * `collectorUrl` receives the fan-out workflows' reports; `tarball` is a packed build to measure
 * instead of this repository's; `triggerVersion` the version of our trigger in the fan-out
 * (default: the one the editor adds today).
 */
export async function startBenchStack(options: {
	collectorUrl: string;
	tarball?: string;
	triggerVersion?: number;
}): Promise<BenchStack> {
	const folder = await mkdtemp(join(tmpdir(), 'whatsapp-bench-'));
	const stops: Array<() => Promise<void>> = [
		async () => await rm(folder, { recursive: true, force: true }),
	];
	const stop = async () => {
		for (const each of stops.splice(0).reverse()) await each();
	};
	try {
		const certificate = await createGraphCertificate(folder);
		const { accessToken, appId, appSecret, verifyToken, wabaId } = BENCH_IDENTITY;
		const sandboxOptions = {
			accessToken,
			appId,
			appSecret,
			verifyToken,
			wabaId,
			...QUIET_STATUSES,
			recordLimit: 100_000,
		};
		const plainSandbox = await createSandbox(sandboxOptions);
		stops.push(async () => await plainSandbox.close());
		const graphPort = await freePort();
		const graphSandbox = await createSandbox({
			...sandboxOptions,
			port: graphPort,
			tls: { key: certificate.key, cert: certificate.cert },
		});
		stops.push(graphSandbox.close);
		const egressLog = join(folder, 'egress.jsonl');
		const controlPort = await freePort();
		const preloads = ['graph-host-preload.js', 'n8n-control-preload.js'];
		const clientEnv = {
			NODE_EXTRA_CA_CERTS: certificate.certFile,
			BENCH_GRAPH_PORT: String(graphPort),
			BENCH_EGRESS_LOG: egressLog,
		};
		const harness = await startN8nHarness({
			tarball: options.tarball,
			env: {
				NODE_OPTIONS: preloads
					.map((file) => `--require ${JSON.stringify(join(__dirname, file))}`)
					.join(' '),
				...clientEnv,
				BENCH_CONTROL_PORT: String(controlPort),
			},
		});
		stops.push(harness.stop);
		const credentials = await createCredentials(harness, plainSandbox.url);
		const fanOutTargets = await deployFanOut(
			harness,
			credentials,
			options.collectorUrl,
			options.triggerVersion,
		);
		graphSandbox.reset();
		const control = new N8nControl(`http://127.0.0.1:${controlPort}`);
		return {
			harness,
			graphSandbox,
			plainSandbox,
			credentials,
			fanOutTargets,
			egressLog,
			control,
			clientEnv,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

async function createCredential(
	harness: N8nHarness,
	name: string,
	type: string,
	data: Record<string, unknown>,
): Promise<CredentialRef> {
	const { id } = await harness.client.createCredential({ name, type, data });
	return { id, name };
}

async function createCredentials(
	harness: N8nHarness,
	plainSandboxUrl: string,
): Promise<BenchCredentials> {
	const { accessToken, appId, appSecret, verifyToken, wabaId } = BENCH_IDENTITY;
	const cloudApi = {
		accessToken,
		apiVersion: DEFAULT_GRAPH_API_VERSION,
		businessAccountId: wabaId,
	};
	return {
		oursTls: await createCredential(
			harness,
			'Bench Cloud API (graph.facebook.com)',
			'whatsAppCloudApi',
			{ ...cloudApi, baseUrl: '' },
		),
		oursPlain: await createCredential(harness, 'Bench Cloud API (plain HTTP)', 'whatsAppCloudApi', {
			...cloudApi,
			baseUrl: plainSandboxUrl,
		}),
		builtIn: await createCredential(harness, 'Bench WhatsApp API (built-in)', 'whatsAppApi', {
			accessToken,
			businessAccountId: wabaId,
		}),
		oursWebhook: await createCredential(harness, 'Bench Webhook', 'whatsAppWebhookApi', {
			verifyToken,
			appSecret,
		}),
		builtInTrigger: await createCredential(
			harness,
			'Bench WhatsApp OAuth (built-in)',
			'whatsAppTriggerApi',
			{
				clientId: appId,
				clientSecret: appSecret,
			},
		),
	};
}

/** Both triggers' workflows, activated; the built-in one registers itself with the TLS sandbox at graph.facebook.com. */
async function deployFanOut(
	harness: N8nHarness,
	credentials: BenchCredentials,
	collectorUrl: string,
	triggerVersion: number | undefined,
): Promise<FanOutTarget[]> {
	const targets: FanOutTarget[] = [];
	for (const [name, build, credential] of [
		['ours', ourFanOut, credentials.oursWebhook],
		['built-in', builtInFanOut, credentials.builtInTrigger],
	] as const) {
		const webhookId = randomUUID();
		const workflowId = await deploy(
			harness.client,
			build({ webhookId, credential, collectorUrl, triggerVersion }),
		);
		targets.push({ name, url: `${harness.n8n.url}/webhook/${webhookId}/webhook`, workflowId });
	}
	return targets;
}
