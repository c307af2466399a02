/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- the sandbox is a Node program, never loaded by n8n */
import { createHmac, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpCall, HttpClient, HttpResult } from './http-client';
import { isLoopbackUrl } from './loopback';
import type { Destination } from './registrations';
import type { SandboxConfig } from './options';
import { metaJson } from './serialize';
import type { SandboxState, WebhookAttempt } from './state';

export interface WebhookDelivery {
	deliveryId: number;
	kind: WebhookAttempt['kind'];
	url: string | null;
	ok: boolean;
	status: number | null;
	attempts: number;
	body: string;
}

export interface VerificationResult {
	ok: boolean;
	url: string;
	challenge: string;
	status: number | null;
	received: string | null;
	error: string | null;
}

interface Dependencies {
	client: HttpClient;
	state: SandboxState;
	config: () => SandboxConfig;
	log: (line: string) => void;
}

/** Meta's two signature headers over the exact bytes sent. */
export function signatureHeaders(secret: string, body: Buffer): Record<string, string> {
	return {
		'X-Hub-Signature': `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`,
		'X-Hub-Signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
	};
}

/** The signature headers of whoever the sandbox plays: Meta's two, a BSP's one, or none. */
export function webhookSignatureHeaders(
	config: SandboxConfig,
	body: Buffer,
): Record<string, string> {
	const { bsp, appSecret } = config;
	if (bsp === null) return signatureHeaders(appSecret, body);
	if (bsp.signatureHeader === null) return {};
	return {
		[bsp.signatureHeader]: `${bsp.signaturePrefix}${createHmac('sha256', appSecret).update(body).digest('hex')}`,
	};
}

type Outcome = { result: HttpResult | null; error: string | null; durationMs: number };

/** Posts signed webhook bodies and runs Meta's GET handshake; records every attempt. */
export class WebhookSender {
	constructor(private readonly deps: Dependencies) {}

	/** Delivers like Meta: retried on a non-2xx answer or no answer, `webhookRetryDelaysMs` apart. */
	async deliver(
		destination: Destination,
		payload: object,
		kind: WebhookAttempt['kind'],
		signal: AbortSignal,
	): Promise<WebhookDelivery> {
		const config = this.deps.config();
		const text = metaJson(payload);
		const url = 'url' in destination ? destination.url : null;
		const delivery = { deliveryId: this.deps.state.nextId(), kind, url, body: text };
		if (url === null || !isLoopbackUrl(url)) {
			const error =
				'skipped' in destination ? destination.skipped : 'callback URL is not on loopback';
			this.record({ ...delivery, attempt: 0, headers: {} }, { result: null, error, durationMs: 0 });
			return { ...delivery, ok: false, status: null, attempts: 0 };
		}
		const body = Buffer.from(text, 'utf8');
		const headers = {
			'Content-Type': 'application/json',
			'User-Agent': 'facebookexternalua',
			...webhookSignatureHeaders(config, body),
		};
		const delays = config.webhookRetryDelaysMs;
		for (let attempt = 1; ; attempt += 1) {
			const outcome = await this.call({
				method: 'POST',
				url: new URL(url),
				headers,
				body,
				timeoutMs: config.webhookTimeoutMs,
				signal,
			});
			this.record({ ...delivery, attempt, headers }, outcome);
			const status = outcome.result?.status ?? null;
			const ok = status !== null && status >= 200 && status < 300;
			if (ok || attempt > delays.length) return { ...delivery, ok, status, attempts: attempt };
			await sleep(delays[attempt - 1], undefined, { signal });
		}
	}

	/** Meta's `hub.mode=subscribe` GET: passes only when the answer is 200 with the challenge as its body. */
	async verify(
		callbackUrl: string,
		verifyToken: string,
		signal: AbortSignal,
	): Promise<VerificationResult> {
		const challenge = String(randomInt(100000000, 2000000000));
		let url: URL;
		try {
			url = new URL(callbackUrl);
		} catch {
			return {
				ok: false,
				url: callbackUrl,
				challenge,
				status: null,
				received: null,
				error: 'not a URL',
			};
		}
		url.searchParams.set('hub.mode', 'subscribe');
		url.searchParams.set('hub.challenge', challenge);
		url.searchParams.set('hub.verify_token', verifyToken);
		const headers = { 'User-Agent': 'facebookplatform/1.0 (+http://developers.facebook.com)' };
		const onLoopback = isLoopbackUrl(callbackUrl);
		const outcome = onLoopback
			? await this.call({
					method: 'GET',
					url,
					headers,
					timeoutMs: this.deps.config().webhookTimeoutMs,
					signal,
				})
			: { result: null, error: 'callback URL is not on loopback', durationMs: 0 };
		const attempt = {
			deliveryId: this.deps.state.nextId(),
			kind: 'verification' as const,
			url: url.toString(),
		};
		this.record({ ...attempt, attempt: onLoopback ? 1 : 0, headers, body: '' }, outcome);
		const { result, error } = outcome;
		return {
			ok: result !== null && result.status === 200 && result.body === challenge,
			url: attempt.url,
			challenge,
			status: result?.status ?? null,
			received: result?.body ?? null,
			error,
		};
	}

	private call(request: HttpCall): Promise<Outcome> {
		const started = Date.now();
		return this.deps.client.call(request).then(
			(result) => ({ result, error: null, durationMs: Date.now() - started }),
			(cause: unknown) => {
				if (request.signal.aborted) throw cause;
				const error = cause instanceof Error ? cause.message : String(cause);
				return { result: null, error, durationMs: Date.now() - started };
			},
		);
	}

	private record(
		attempt: Pick<WebhookAttempt, 'deliveryId' | 'kind' | 'url' | 'attempt' | 'headers' | 'body'>,
		{ result, error, durationMs }: Outcome,
	): void {
		const entry: WebhookAttempt = {
			id: this.deps.state.nextId(),
			...attempt,
			at: new Date().toISOString(),
			status: result?.status ?? null,
			response: result?.body ?? null,
			error,
			durationMs,
		};
		this.deps.state.add(this.deps.state.webhooks, entry);
		this.deps.log(
			`webhook ${entry.kind} #${entry.deliveryId} try ${entry.attempt} → ${entry.url ?? '(none)'}: ${entry.status ?? entry.error}`,
		);
	}
}
