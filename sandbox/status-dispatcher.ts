import type { BackgroundWork } from './background';
import type { SandboxConfig } from './options';
import type { Destination } from './registrations';
import type { SentMessage } from './state';
import { planStatuses, statusEnvelope, statusObject, type StatusGroup } from './status-objects';
import type { WebhookSender } from './webhook-sender';

/** Meta batches at most this many updates into one POST. */
const maxBatch = 1000;

interface Dependencies {
	config: () => SandboxConfig;
	background: BackgroundWork;
	sender: WebhookSender;
	destination: (phoneNumberId: string) => Destination;
}

interface DueStatus {
	message: SentMessage;
	object: Record<string, unknown>;
}

/** Emits each accepted message's statuses on time, batched, duplicated or reordered as configured. */
export class StatusDispatcher {
	private batch: DueStatus[] | null = null;

	constructor(private readonly deps: Dependencies) {}

	schedule(message: SentMessage): void {
		const config = this.deps.config();
		for (const step of planStatuses(
			message.failing,
			config.statusDelaysMs,
			config.reorderWebhooks,
		)) {
			this.deps.background.after(step.delayMs, () => {
				message.statuses.push(step.status);
				const object = statusObject(
					message,
					step.status,
					message.acceptedAt + step.happenedMs,
					this.deps.config(),
				);
				this.due({ message, object });
			});
		}
	}

	/** Pending batched statuses belong to the state being reset; their timers die with the background work. */
	reset(): void {
		this.batch = null;
	}

	private due(status: DueStatus): void {
		const config = this.deps.config();
		if (!config.batchStatuses) {
			this.post([status]);
			return;
		}
		if (this.batch === null) {
			const batch: DueStatus[] = [];
			this.batch = batch;
			this.deps.background.after(config.batchWindowMs, () => this.flush(batch));
		}
		const batch = this.batch;
		batch.push(status);
		if (batch.length >= maxBatch) this.flush(batch);
	}

	private flush(batch: DueStatus[]): void {
		if (this.batch !== batch) return;
		this.batch = null;
		this.post(batch);
	}

	private post(statuses: DueStatus[]): void {
		const byDestination = new Map<
			string,
			{ destination: Destination; groups: Map<string, StatusGroup> }
		>();
		for (const { message, object } of statuses) {
			const destination = this.deps.destination(message.phoneNumberId);
			const key =
				'url' in destination ? `url:${destination.url}` : `skipped:${destination.skipped}`;
			const target = byDestination.get(key) ?? {
				destination,
				groups: new Map<string, StatusGroup>(),
			};
			byDestination.set(key, target);
			const group = target.groups.get(message.phoneNumberId) ?? {
				phoneNumberId: message.phoneNumberId,
				displayPhoneNumber: message.displayPhoneNumber,
				statuses: [],
			};
			target.groups.set(message.phoneNumberId, group);
			group.statuses.push(object);
		}
		const { wabaId, duplicateWebhooks } = this.deps.config();
		for (const { destination, groups } of byDestination.values()) {
			const payload = statusEnvelope(wabaId, [...groups.values()]);
			this.deps.background.run(async (signal) => {
				await this.deps.sender.deliver(destination, payload, 'status', signal);
				if (duplicateWebhooks)
					await this.deps.sender.deliver(destination, payload, 'status', signal);
			});
		}
	}
}
