/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- the sandbox is a Node program, never loaded by n8n */
import type { IncomingHttpHeaders } from 'node:http';
import type { MessageType } from './validate-message';

export interface RecordedRequest {
	id: number;
	at: string;
	/** API requests in progress when this one arrived, itself included. */
	inFlight: number;
	method: string;
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	/** Parsed JSON or form fields; for uploads, the fields and each file's name, type and size. */
	body: unknown;
	status: number;
	response: unknown;
}

export interface WebhookAttempt {
	id: number;
	deliveryId: number;
	kind: 'status' | 'custom' | 'verification' | 'standby' | 'handover';
	url: string | null;
	/** 1 for the first try; 0 when there was nowhere to deliver. */
	attempt: number;
	at: string;
	headers: Record<string, string>;
	body: string;
	status: number | null;
	response: string | null;
	error: string | null;
	durationMs: number;
}

export type PricingCategory = 'service' | 'marketing' | 'utility' | 'authentication';

export interface SentMessage {
	id: string;
	phoneNumberId: string;
	/** Digits only, as webhook metadata carries it. */
	displayPhoneNumber: string;
	type: MessageType;
	to: string | null;
	waId: string | null;
	recipient: string | null;
	group: boolean;
	referenceId: string | null;
	category: PricingCategory;
	conversationId: string;
	acceptedAt: number;
	failing: boolean;
	/** Statuses emitted so far, in emission order. */
	statuses: string[];
	/** What a queued-send BSP answered instead of the wamid. */
	queueId?: string;
	/** Set when the message came through the Marketing Messages API. */
	endpoint?: 'marketing_messages';
}

/** What the sandbox has seen and done, newest last, trimmed to `recordLimit` per list. */
export class SandboxState {
	readonly requests: RecordedRequest[] = [];
	readonly webhooks: WebhookAttempt[] = [];
	readonly messages: SentMessage[] = [];
	private sequence = 0;

	constructor(private readonly limit: () => number) {}

	nextId(): number {
		this.sequence += 1;
		return this.sequence;
	}

	add<T>(list: T[], item: T): void {
		list.push(item);
		const excess = list.length - this.limit();
		if (excess > 0) list.splice(0, excess);
	}

	clear(): void {
		this.requests.length = 0;
		this.webhooks.length = 0;
		this.messages.length = 0;
	}
}
