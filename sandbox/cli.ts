/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals,
	no-console
	-- the sandbox is a Node program, never loaded by n8n */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_GRAPH_API_VERSION } from '../nodes/shared/graph-api-version';
import { bspNames, type BspName, type BspProfile, type BspSetting } from './bsp-profiles';
import { defaultConfig, type SandboxConfig, type SandboxOptions } from './options';
import { createSandbox } from './server';

const usage = `WhatsApp Cloud API sandbox: Meta's API on 127.0.0.1, for n8n and tests.

Usage: node build/sandbox/cli.js [options]    (npm run sandbox -- [options])

  --port <n>               SANDBOX_PORT               default 8790 (0: any free port)
  --token <s>              SANDBOX_ACCESS_TOKEN       default sandbox-access-token
  --app-secret <s>         SANDBOX_APP_SECRET         signs webhooks; default ${defaultConfig.appSecret}
  --app-id <s>             SANDBOX_APP_ID             default ${defaultConfig.appId}
  --waba-id <s>            SANDBOX_WABA_ID            default ${defaultConfig.wabaId}
  --phone-number-id <s>    SANDBOX_PHONE_NUMBER_ID    default ${defaultConfig.phoneNumbers[0].id}
  --callback-url <url>     SANDBOX_CALLBACK_URL       where status webhooks go (loopback only)
  --verify-token <s>       SANDBOX_VERIFY_TOKEN       default ${defaultConfig.verifyToken}
  --tier <t>               SANDBOX_TIER               messages/s: coexistence (20), standard (80, default),
                                                      high (1000), unlimited, or a number
  --latency <ms>           SANDBOX_LATENCY_MS         added to every API answer
  --delays <s,d,r>         SANDBOX_STATUS_DELAYS_MS   sent,delivered,read delays in ms; default 200,400,600
  --failing <n1,n2>        SANDBOX_FAILING_RECIPIENTS numbers that get a failed (131026) status
  --pair-limit <n>         SANDBOX_PAIR_LIMIT         messages per recipient per 6 s before 131056; default off
  --bsp <name>             SANDBOX_BSP                play a BSP instead of Meta: ${bspNames.join(', ')}
  --bsp-send-path <p>      SANDBOX_BSP_SEND_PATH      ... and change its profile: the send path, with {version},
                                                      {phoneNumberId}, {appId}
  --bsp-auth-header <h>    SANDBOX_BSP_AUTH_HEADER    the header carrying the key
  --bsp-auth-value <v>     SANDBOX_BSP_AUTH_VALUE     its value, {token} for the token: Bearer {token}, {token}
  --bsp-answer <a>         SANDBOX_BSP_ANSWER         meta (the wamid) or queueId (a queue ID, no wamid)
  --bsp-reference-limit <n> SANDBOX_BSP_REFERENCE_LIMIT biz_opaque_callback_data limit (queued-send BSP: 200)
  --bsp-signature-header <h> SANDBOX_BSP_SIGNATURE_HEADER webhook signature header, or none (unsigned)
  --bsp-signature-prefix <s> SANDBOX_BSP_SIGNATURE_PREFIX text before its hex digest, such as sha256=
  --tls-key <file>         SANDBOX_TLS_KEY            serve HTTPS with this PEM key ...
  --tls-cert <file>        SANDBOX_TLS_CERT           ... and certificate
  --quiet                                             no line per request and webhook
  --help

Everything else (duplicate, reorder, batch, faults) changes at runtime: POST /__sandbox/config.`;

const tiers: Record<string, number> = { coexistence: 20, standard: 80, high: 1000, unlimited: 0 };

function integer(name: string, value: string): number {
	if (!/^\d+$/.test(value)) throw new Error(`${name} must be a whole number, got "${value}"`);
	return Number(value);
}

function optionalInteger(name: string, value: string | undefined): number | undefined {
	return value === undefined ? undefined : integer(name, value);
}

function optionalSignatureHeader(value: string | undefined): string | null | undefined {
	return value === 'none' ? null : value;
}

function list(value: string): string[] {
	return value
		.split(',')
		.map((v) => v.trim())
		.filter((v) => v !== '');
}

function options(): SandboxOptions & { quiet: boolean } {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			token: { type: 'string' },
			'app-secret': { type: 'string' },
			'app-id': { type: 'string' },
			'waba-id': { type: 'string' },
			'phone-number-id': { type: 'string' },
			'callback-url': { type: 'string' },
			'verify-token': { type: 'string' },
			tier: { type: 'string' },
			latency: { type: 'string' },
			delays: { type: 'string' },
			failing: { type: 'string' },
			'pair-limit': { type: 'string' },
			bsp: { type: 'string' },
			'bsp-send-path': { type: 'string' },
			'bsp-auth-header': { type: 'string' },
			'bsp-auth-value': { type: 'string' },
			'bsp-answer': { type: 'string' },
			'bsp-reference-limit': { type: 'string' },
			'bsp-signature-header': { type: 'string' },
			'bsp-signature-prefix': { type: 'string' },
			'tls-key': { type: 'string' },
			'tls-cert': { type: 'string' },
			quiet: { type: 'boolean', default: false },
			help: { type: 'boolean', default: false },
		},
	});
	if (values.help) {
		console.log(usage);
		process.exit(0);
	}
	const env = process.env;
	const pick = (flag: string | undefined, variable: string) => flag ?? env[variable];

	const tier = pick(values.tier, 'SANDBOX_TIER');
	const delays = pick(values.delays, 'SANDBOX_STATUS_DELAYS_MS');
	const latency = pick(values.latency, 'SANDBOX_LATENCY_MS');
	const failing = pick(values.failing, 'SANDBOX_FAILING_RECIPIENTS');
	const pairLimit = pick(values['pair-limit'], 'SANDBOX_PAIR_LIMIT');
	const phoneNumberId = pick(values['phone-number-id'], 'SANDBOX_PHONE_NUMBER_ID');
	const tlsKey = pick(values['tls-key'], 'SANDBOX_TLS_KEY');
	const tlsCert = pick(values['tls-cert'], 'SANDBOX_TLS_CERT');
	if ((tlsKey === undefined) !== (tlsCert === undefined))
		throw new Error('--tls-key and --tls-cert go together');

	const bsp = pick(values.bsp, 'SANDBOX_BSP');
	const bspFields: Partial<Record<keyof BspProfile, unknown>> = {
		sendPath: pick(values['bsp-send-path'], 'SANDBOX_BSP_SEND_PATH'),
		authHeaderName: pick(values['bsp-auth-header'], 'SANDBOX_BSP_AUTH_HEADER'),
		authHeaderValue: pick(values['bsp-auth-value'], 'SANDBOX_BSP_AUTH_VALUE'),
		answer: pick(values['bsp-answer'], 'SANDBOX_BSP_ANSWER'),
		referenceMaxLength: optionalInteger(
			'--bsp-reference-limit',
			pick(values['bsp-reference-limit'], 'SANDBOX_BSP_REFERENCE_LIMIT'),
		),
		signatureHeader: optionalSignatureHeader(
			pick(values['bsp-signature-header'], 'SANDBOX_BSP_SIGNATURE_HEADER'),
		),
		signaturePrefix: pick(values['bsp-signature-prefix'], 'SANDBOX_BSP_SIGNATURE_PREFIX'),
	};
	const changed = Object.fromEntries(
		Object.entries(bspFields).filter(([, value]) => value !== undefined),
	);
	if (bsp === undefined && Object.keys(changed).length > 0)
		throw new Error('--bsp-… options change a BSP profile: add --bsp <name>');

	let statusDelaysMs: SandboxOptions['statusDelaysMs'];
	if (delays !== undefined) {
		const [sent, delivered, read] = list(delays).map((d) => integer('--delays', d));
		if (read === undefined) throw new Error('--delays takes three numbers: sent,delivered,read');
		statusDelaysMs = { sent, delivered, read };
	}
	return {
		port: integer('--port', pick(values.port, 'SANDBOX_PORT') ?? '8790'),
		accessToken: pick(values.token, 'SANDBOX_ACCESS_TOKEN') ?? 'sandbox-access-token',
		appSecret: pick(values['app-secret'], 'SANDBOX_APP_SECRET'),
		appId: pick(values['app-id'], 'SANDBOX_APP_ID'),
		wabaId: pick(values['waba-id'], 'SANDBOX_WABA_ID'),
		phoneNumbers:
			phoneNumberId === undefined
				? undefined
				: [{ ...defaultConfig.phoneNumbers[0], id: phoneNumberId }],
		callbackUrl: pick(values['callback-url'], 'SANDBOX_CALLBACK_URL'),
		verifyToken: pick(values['verify-token'], 'SANDBOX_VERIFY_TOKEN'),
		messagesPerSecond: tier === undefined ? undefined : (tiers[tier] ?? integer('--tier', tier)),
		latencyMs: latency === undefined ? undefined : integer('--latency', latency),
		statusDelaysMs,
		failingRecipients: failing === undefined ? undefined : list(failing),
		pairRateLimit: pairLimit === undefined ? undefined : integer('--pair-limit', pairLimit),
		// The sandbox checks the profile and names every wrong field.
		bsp: bsp === undefined ? undefined : ({ profile: bsp as BspName, ...changed } as BspSetting),
		tls: tlsKey && tlsCert ? { key: readFileSync(tlsKey), cert: readFileSync(tlsCert) } : undefined,
		quiet: values.quiet,
	};
}

function bspSummary({ bsp, accessToken }: SandboxConfig): string {
	if (bsp === null) return '';
	const key = bsp.authHeaderValue.split('{token}').join(accessToken);
	const signature =
		bsp.signatureHeader === null
			? 'none'
			: `${bsp.signatureHeader}: ${bsp.signaturePrefix}<hex> (HMAC-SHA256 keyed with the App Secret)`;
	return `BSP mode: ${bsp.profile} (Meta's Graph API is not served)
  Send path             POST ${bsp.sendPath}
  Key header            ${bsp.authHeaderName}: ${key}
  Answer                ${bsp.answer === 'queueId' ? '{ queueId } (the wamid shows in status webhooks only)' : "Meta's, with the wamid"}
  Reference ID limit    ${bsp.referenceMaxLength}
  Webhook signature     ${signature}

`;
}

async function main(): Promise<void> {
	const { quiet, ...sandboxOptions } = options();
	const sandbox = await createSandbox({
		...sandboxOptions,
		log: quiet ? undefined : (line) => console.log(`${new Date().toISOString()} ${line}`),
	});
	const { config, url } = sandbox;
	console.log(`WhatsApp Cloud API sandbox listening on ${url}

n8n credential "WhatsApp Cloud API"
  Access Token          ${config.accessToken}
  Base URL              ${url}
  API Version           ${DEFAULT_GRAPH_API_VERSION} (any vNN.N works)
  Business Account ID   ${config.wabaId}
  Phone Number ID       ${config.phoneNumbers.map((p) => p.id).join(', ')}

n8n credential "WhatsApp Webhook API"
  Verify Token          ${config.verifyToken}
  App Secret            ${config.appSecret}
  App ID                ${config.appId}
  App Access Token      ${config.appId}|${config.appSecret}
  Graph Base URL        ${url}

${bspSummary(config)}Status webhooks go to   ${config.callbackUrl ?? '(nowhere yet: register a subscription or POST /__sandbox/config)'}
Throughput tier         ${config.messagesPerSecond === 0 ? 'unlimited' : `${config.messagesPerSecond} messages/s`}
Admin                   ${url}/__sandbox/health, /requests, /webhooks, /messages, /config, /reset
Stop with Ctrl+C.`);

	const stop = (signal: NodeJS.Signals) => {
		console.log(`${signal}: stopping the sandbox`);
		sandbox.close().then(
			() => process.exit(0),
			(error: unknown) => {
				console.error(error);
				process.exit(1);
			},
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(`sandbox: ${error instanceof Error ? error.message : String(error)}`);
	console.error('Run with --help for the options.');
	process.exit(1);
});
