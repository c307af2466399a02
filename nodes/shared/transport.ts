import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { DEFAULT_GRAPH_API_VERSION } from './graph-api-version';
import { InvalidInputError } from './invalid-input';
import {
	type ProviderProfile,
	fillPath,
	mediaPathOf,
	providerBaseUrl,
	providerProfile,
} from './providers';

export const CLOUD_API_CREDENTIAL = 'whatsAppCloudApi';

/** The contexts that talk to the Graph API: Send's execution and look-ups, the Trigger's activation hooks. */
export type GraphContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions;

/** Where the Graph API answers: Meta's host (or a provider's, or the sandbox playing Meta) and version. */
export interface GraphHost {
	baseUrl: string;
	apiVersion: string;
}

export interface CloudApiSettings extends GraphHost {
	businessAccountId: string;
	profile: ProviderProfile;
}

/** Reads the credential fields that shape URLs, and says how to fix a malformed one. */
export function toCloudApiSettings(credentials: IDataObject): CloudApiSettings {
	const profile = providerProfile(credentials);
	const baseUrl = providerBaseUrl(credentials, profile);
	const version = String(credentials.apiVersion ?? '').trim();
	const apiVersion = /^\d+\.\d+$/.test(version) ? `v${version}` : version;
	if (profile.sendPath.includes('{version}') && !/^v\d+\.\d+$/.test(apiVersion)) {
		throw new InvalidInputError(
			`The credential's API Version "${version}" is not a Graph API version. Use a value such as ${DEFAULT_GRAPH_API_VERSION}.`,
		);
	}
	return {
		baseUrl,
		apiVersion,
		businessAccountId: String(credentials.businessAccountId ?? '').trim(),
		profile,
	};
}

/** A node of Meta's Graph API, or one of its edges: `{host}/{version}/{id}[/{edge}]`. */
export function graphUrl(host: GraphHost, graphId: string, edge?: string): string {
	const node = `${host.baseUrl}/${host.apiVersion}/${encodeURIComponent(graphId)}`;
	return edge === undefined ? node : `${node}/${edge}`;
}

/** Where messages (and mark as read) go: the profile's send path. */
export function messagesUrl(settings: CloudApiSettings, phoneNumberId: string): string {
	return settings.baseUrl + fillPath(settings.profile.sendPath, settings.apiVersion, phoneNumberId);
}

/** Where binary media is uploaded before it is sent by ID. */
export function mediaUploadUrl(settings: CloudApiSettings, phoneNumberId: string): string {
	return (
		settings.baseUrl + fillPath(mediaPathOf(settings.profile), settings.apiVersion, phoneNumberId)
	);
}

/** The Marketing Messages address beside the profile's send path, or null when the path has none (not `…/messages`). */
export function marketingMessagesUrl(
	settings: CloudApiSettings,
	phoneNumberId: string,
): string | null {
	const path = settings.profile.sendPath;
	if (!path.endsWith('/messages')) return null;
	return (
		settings.baseUrl +
		fillPath(
			`${path.slice(0, -'messages'.length)}marketing_messages`,
			settings.apiVersion,
			phoneNumberId,
		)
	);
}

/** Where a media object lives: `/{version}/{media-id}` beside the profile's send path (Meta, Kapso, 360dialog shapes). */
export function mediaObjectUrl(settings: CloudApiSettings, mediaId: string): string {
	const path = settings.profile.sendPath;
	const prefix = path.endsWith('/{phoneNumberId}/messages')
		? path.slice(0, -'/{phoneNumberId}/messages'.length)
		: path.endsWith('/messages')
			? path.slice(0, -'/messages'.length)
			: null;
	if (prefix === null) {
		throw new InvalidInputError(
			`Media by ID needs the provider's media address, which ${settings.profile.label} (send path ${path}) does not have in this node.`,
		);
	}
	return `${settings.baseUrl}${prefix.split('{version}').join(settings.apiVersion)}/${encodeURIComponent(mediaId)}`;
}

export interface GraphRequest {
	method: IHttpRequestMethods;
	url: string;
	body?: IDataObject | FormData;
	qs?: IDataObject;
	timeoutMs?: number;
}

export interface GraphResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/**
 * The one way both nodes talk to the Graph API: through n8n's request helper, so proxies,
 * credential handling and n8n's request policy apply. HTTP errors come back as answers, to be
 * read by `parseMetaError` (`meta-errors.ts`); only transport failures throw (`parseRequestFailure`).
 * The Send node signs with the Cloud API credential; the Trigger's app subscription with its
 * webhook credential (the app access token).
 */
export async function graphRequest(
	this: GraphContext,
	request: GraphRequest,
	credentialType = CLOUD_API_CREDENTIAL,
): Promise<GraphResponse> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: request.url,
		qs: request.qs,
		body: request.body,
		json: !(request.body instanceof FormData),
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: request.timeoutMs,
	};
	const response = (await authenticatedRequest.call(this, options, credentialType)) as {
		statusCode: number;
		headers: Record<string, unknown>;
		body: unknown;
	};
	return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
}

/** n8n's request helper with a credential, decrypted once per execution. */
export async function authenticatedRequest(
	this: GraphContext,
	options: IHttpRequestOptions,
	credentialType = CLOUD_API_CREDENTIAL,
): Promise<unknown> {
	return await this.helpers.httpRequestWithAuthentication.call(this, credentialType, options, {
		credentialsDecrypted: await decryptedOnce(this, credentialType),
	});
}

/**
 * The credential, decrypted once per execution context. Without it n8n reads the credential from
 * its database and decrypts it again for every request, which costs more than the request itself
 * at Meta's higher throughput tiers.
 */
const decryptedByContext = new WeakMap<object, Map<string, Promise<ICredentialsDecrypted>>>();

async function decryptedOnce(
	context: GraphContext,
	credentialType: string,
): Promise<ICredentialsDecrypted> {
	const byType =
		decryptedByContext.get(context) ?? new Map<string, Promise<ICredentialsDecrypted>>();
	decryptedByContext.set(context, byType);
	let decrypted = byType.get(credentialType);
	if (decrypted === undefined) {
		decrypted = decrypt(context, credentialType);
		byType.set(credentialType, decrypted);
		decrypted.catch(() => byType.delete(credentialType));
	}
	return await decrypted;
}

/** The Cloud API credential's fields, from the same once-per-execution decryption the requests use. */
export async function cloudApiCredentials(context: GraphContext): Promise<IDataObject> {
	return (await decryptedOnce(context, CLOUD_API_CREDENTIAL)).data as IDataObject;
}

async function decrypt(
	context: GraphContext,
	credentialType: string,
): Promise<ICredentialsDecrypted> {
	const reference = context.getNode().credentials?.[credentialType];
	return {
		id: reference?.id ?? '',
		name: reference?.name ?? '',
		type: credentialType,
		data: await context.getCredentials<ICredentialDataDecryptedObject>(credentialType),
	};
}

export function isSuccessStatus(statusCode: number): boolean {
	return statusCode >= 200 && statusCode < 300;
}
