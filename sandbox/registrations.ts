import { DEFAULT_GRAPH_API_VERSION } from '../nodes/shared/graph-api-version';

export interface SubscribedField {
	name: string;
	version: string;
}

const defaultFields = (): SubscribedField[] => [
	{ name: 'messages', version: DEFAULT_GRAPH_API_VERSION },
];

export type Destination = { url: string } | { skipped: string };

/**
 * Where webhooks go, as Meta decides it: a phone number's override, else the WABA's override,
 * else the app's callback URL (`config.callbackUrl`). Nothing goes out while the app is not
 * subscribed to the WABA or not to the change's field.
 */
export class Registrations {
	/** Fields of the app subscription (`POST /{appId}/subscriptions`); the dashboard default is `messages`. */
	appFields: SubscribedField[] = defaultFields();
	wabaSubscribed = true;
	wabaOverride: string | null = null;
	readonly phoneOverrides = new Map<string, string>();

	messagesDestination(phoneNumberId: string, appCallback: string | null): Destination {
		return this.fieldDestination('messages', phoneNumberId, appCallback);
	}

	/**
	 * A number's webhooks of one field. Meta lists `messaging_handovers` among the fields overrides
	 * carry; `standby`, a conversation of the same number, is taken to follow them too.
	 */
	fieldDestination(field: string, phoneNumberId: string, appCallback: string | null): Destination {
		if (!this.wabaSubscribed) return { skipped: 'the app is not subscribed to the WABA' };
		if (!this.appFields.some((f) => f.name === field)) {
			return { skipped: `the app is not subscribed to the ${field} field` };
		}
		const url = this.phoneOverrides.get(phoneNumberId) ?? this.wabaOverride ?? appCallback;
		return url === null ? { skipped: 'no callback URL is set' } : { url };
	}

	/** Without a subscription the next callback URL set from the dashboard (config) gets the default field. */
	resetAppFields(): void {
		this.appFields = defaultFields();
	}

	reset(): void {
		this.resetAppFields();
		this.wabaSubscribed = true;
		this.wabaOverride = null;
		this.phoneOverrides.clear();
	}
}
