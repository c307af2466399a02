/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- the sandbox is a Node program, never loaded by n8n */
import type { IncomingHttpHeaders } from 'node:http';
import { BackgroundWork } from './background';
import { HttpClient } from './http-client';
import type { ParsedBody } from './http-io';
import { MediaStore } from './media-store';
import { patchConfig, type PhoneNumber, type SandboxConfig } from './options';
import { RateLimiter } from './rate-limits';
import { Registrations, type Destination } from './registrations';
import { SandboxState } from './state';
import { StatusDispatcher } from './status-dispatcher';
import { WebhookSender, type VerificationResult, type WebhookDelivery } from './webhook-sender';

export interface GraphRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	body: ParsedBody;
	token: string | null;
}

/** Query parameters and form or JSON body fields together, as Graph reads its parameters. */
export function graphParams(req: GraphRequest): Record<string, unknown> {
	const body = req.body.value;
	const fromBody = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
	return { ...Object.fromEntries(req.query), ...fromBody };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The sandbox's configuration, state and workers, shared by every route. */
export class SandboxContext {
	config: SandboxConfig;
	baseUrl = '';
	/** API requests being answered right now: what a client's concurrency cap is checked against. */
	apiRequestsInFlight = 0;
	readonly state: SandboxState;
	readonly registrations = new Registrations();
	readonly media = new MediaStore();
	readonly limiter = new RateLimiter();
	readonly background: BackgroundWork;
	readonly sender: WebhookSender;
	readonly dispatcher: StatusDispatcher;
	private readonly client = new HttpClient();

	constructor(
		private readonly initial: SandboxConfig,
		readonly log: (line: string) => void,
	) {
		this.config = structuredClone(initial);
		this.state = new SandboxState(() => this.config.recordLimit);
		this.background = new BackgroundWork((error) => log(`sandbox error: ${String(error)}`));
		this.sender = new WebhookSender({
			client: this.client,
			state: this.state,
			config: () => this.config,
			log,
		});
		this.dispatcher = new StatusDispatcher({
			config: () => this.config,
			background: this.background,
			sender: this.sender,
			destination: (phoneNumberId) => this.destination(phoneNumberId),
		});
	}

	configure(patch: unknown): SandboxConfig {
		this.config = patchConfig(this.config, patch);
		return this.config;
	}

	phone(id: string): PhoneNumber | undefined {
		return this.config.phoneNumbers.find((p) => p.id === id);
	}

	destination(phoneNumberId: string): Destination {
		return this.registrations.messagesDestination(phoneNumberId, this.config.callbackUrl);
	}

	/**
	 * Posts any webhook body, signed, where Meta would: `messages` changes follow the overrides
	 * of their phone number, other fields go to the app's callback URL.
	 */
	sendWebhook(payload: object, url?: string): Promise<WebhookDelivery> {
		const entries = isRecord(payload) && Array.isArray(payload.entry) ? payload.entry : [];
		const change: unknown =
			isRecord(entries[0]) && Array.isArray(entries[0].changes) ? entries[0].changes[0] : undefined;
		const value =
			isRecord(change) && change.field === 'messages' && isRecord(change.value)
				? change.value
				: null;
		const phoneNumberId =
			value && isRecord(value.metadata) ? value.metadata.phone_number_id : undefined;
		let destination: Destination;
		if (url !== undefined) destination = { url };
		else if (typeof phoneNumberId === 'string') destination = this.destination(phoneNumberId);
		else
			destination =
				this.config.callbackUrl === null
					? { skipped: 'no callback URL is set' }
					: { url: this.config.callbackUrl };
		return this.sender.deliver(destination, payload, 'custom', this.background.signal);
	}

	verifyCallback(
		url = this.config.callbackUrl,
		verifyToken = this.config.verifyToken,
	): Promise<VerificationResult> {
		if (url === null) throw new Error('no callback URL is set');
		return this.sender.verify(url, verifyToken, this.background.signal);
	}

	/** Back to the options the sandbox started with: no messages, records, media or registrations. */
	reset(): void {
		this.background.cancel();
		this.dispatcher.reset();
		this.state.clear();
		this.registrations.reset();
		this.media.clear();
		this.limiter.reset();
		this.config = structuredClone(this.initial);
	}

	close(): void {
		this.background.cancel();
		this.client.close();
	}
}
