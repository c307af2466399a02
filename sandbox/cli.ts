import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultConfig, type SandboxOptions } from './options';
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
	if ((tlsKey === undefined) !== (tlsCert === undefined)) throw new Error('--tls-key and --tls-cert go together');

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
		phoneNumbers: phoneNumberId === undefined ? undefined : [{ ...defaultConfig.phoneNumbers[0], id: phoneNumberId }],
		callbackUrl: pick(values['callback-url'], 'SANDBOX_CALLBACK_URL'),
		verifyToken: pick(values['verify-token'], 'SANDBOX_VERIFY_TOKEN'),
		messagesPerSecond: tier === undefined ? undefined : (tiers[tier] ?? integer('--tier', tier)),
		latencyMs: latency === undefined ? undefined : integer('--latency', latency),
		statusDelaysMs,
		failingRecipients: failing === undefined ? undefined : list(failing),
		pairRateLimit: pairLimit === undefined ? undefined : integer('--pair-limit', pairLimit),
		tls: tlsKey && tlsCert ? { key: readFileSync(tlsKey), cert: readFileSync(tlsCert) } : undefined,
		quiet: values.quiet,
	};
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
  API Version           v25.0 (any vNN.N works)
  Business Account ID   ${config.wabaId}
  Phone Number ID       ${config.phoneNumbers.map((p) => p.id).join(', ')}

n8n credential "WhatsApp Webhook"
  Verify Token          ${config.verifyToken}
  App Secret            ${config.appSecret}
  App ID                ${config.appId}
  App Access Token      ${config.appId}|${config.appSecret}
  Graph Base URL        ${url}

Status webhooks go to   ${config.callbackUrl ?? '(nowhere yet: register a subscription or POST /__sandbox/config)'}
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
