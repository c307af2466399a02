import axios from 'axios';
import type { SandboxConfig } from '../../../sandbox/options';
import type { RecordedRequest, SentMessage, WebhookAttempt } from '../../../sandbox/state';
import { e2eEnvironment } from './environment';

/** Drives the sandbox over its admin endpoints, as a test in another process would. */
export const sandboxAdmin = {
	async reset(): Promise<void> {
		await axios.post(`${e2eEnvironment().sandboxUrl}/__sandbox/reset`);
	},
	async configure(patch: Partial<SandboxConfig>): Promise<void> {
		await axios.post(`${e2eEnvironment().sandboxUrl}/__sandbox/config`, patch);
	},
	async requests(): Promise<RecordedRequest[]> {
		return (await axios.get(`${e2eEnvironment().sandboxUrl}/__sandbox/requests`))
			.data as RecordedRequest[];
	},
	async messages(): Promise<SentMessage[]> {
		return (await axios.get(`${e2eEnvironment().sandboxUrl}/__sandbox/messages`))
			.data as SentMessage[];
	},
	async webhooks(): Promise<WebhookAttempt[]> {
		return (await axios.get(`${e2eEnvironment().sandboxUrl}/__sandbox/webhooks`))
			.data as WebhookAttempt[];
	},
	async idle(): Promise<void> {
		await axios.get(`${e2eEnvironment().sandboxUrl}/__sandbox/idle`, { timeout: 60_000 });
	},
	/** Posts a webhook body, serialised and signed as Meta does, to the configured callback URL. */
	async sendWebhook(body: unknown): Promise<{ status: number | null }> {
		return (await axios.post(`${e2eEnvironment().sandboxUrl}/__sandbox/webhooks/send`, body))
			.data as {
			status: number | null;
		};
	},
};
