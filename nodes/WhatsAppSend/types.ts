import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { ReusedConnections } from '../shared/connection-pool';
import type { CloudApiSettings } from '../shared/transport';
import type { TemplateLookup } from './template-definitions';

/** Reads one parameter of the item being built; the node binds it to getNodeParameter. */
export type ParameterReader = (name: string, fallback?: unknown) => unknown;

/** A message's type-specific part: `type` and the object named after it in Meta's body. */
export interface MessageContent {
	type: string;
	content: IDataObject | IDataObject[];
	/** Set when the media must first be uploaded from the item's binary data; its ID then goes in `content.id`. */
	uploadFromBinary?: string;
	/** Set when the message should go through Meta's Marketing Messages API (templates only). */
	marketingMessages?: MarketingMessagesRoute;
}

/** One request the queue sends for one input item, with what its output item needs to say. */
export interface MessageRequest {
	itemIndex: number;
	phoneNumberId: string;
	body: IDataObject;
	/** The recipient as sent, or null for requests that are not messages (mark as read). */
	to: string | null;
	referenceId: string | null;
	uploadFromBinary?: string;
	/** Through `/marketing_messages` first (Marketing Messages API option of templates). */
	marketingMessages?: MarketingMessagesRoute;
}

/**
 * What the node looked up before building the items' requests: template definitions (for the
 * template form and the checks) and the account's Marketing Messages onboarding status.
 */
export interface BuildContext {
	/** By `templateKey(name, language)`. */
	templates?: Map<string, TemplateLookup>;
	/** `marketing_messages_onboarding_status` of the account, or null when it could not be read. */
	marketingMessagesOnboarding?: string | null;
}

/** Builds the type-specific part of one message from the item's parameters. */
export type ContentBuilder = (read: ParameterReader, context: BuildContext) => MessageContent;

/** Builds the whole request of one item; the router binds the operation. */
export type RequestBuilder = (
	read: ParameterReader,
	itemIndex: number,
	referenceMaxLength: number,
	context: BuildContext,
) => MessageRequest;

/** Looks up, once per run, what the items need before they are built (template definitions). */
export type BuildPreparation = (
	this: IExecuteFunctions,
	settings: CloudApiSettings,
	accessToken: string,
	readers: ParameterReader[],
) => Promise<BuildContext>;

/** How the router sends one message operation's items. */
export interface MessageRoute {
	build: RequestBuilder;
	prepare?: BuildPreparation;
}

/** Set on a request when the template option asks for the Marketing Messages API. */
export interface MarketingMessagesRoute {
	/** Send through `/messages` when the Marketing Messages API refuses the route. */
	fallback: boolean;
	/** Known before any request (template category, onboarding status): go to `/messages` at once, for this reason. */
	skipReason: string | null;
}

/** What the output item of such a request says about its way. */
export interface RouteNote {
	sentVia: 'marketing_messages' | 'messages';
	fallbackReason: string | null;
}

/** Sending Options → Connection: through n8n's request helper (the default), or reused connections. */
export type ConnectionChoice = 'requestHelper' | 'reuseConnections';

/** A message POST of a run with *Reuse Connections*: the run's connections, and whether its worker sends again. */
export interface PooledSend {
	connections: ReusedConnections;
	lastOnConnection: boolean;
}
