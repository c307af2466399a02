import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
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

export interface CloudApiSettings {
	baseUrl: string;
	apiVersion: string;
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

/** An edge of Meta's Graph API, such as the account's templates: Meta's host and version only. */
export function graphUrl(settings: CloudApiSettings, path: string): string {
	return `${settings.baseUrl}/${settings.apiVersion}/${path.replace(/^\/+/, '')}`;
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
 * The one way the nodes talk to the Cloud API: through n8n's request helper, so proxies,
 * credential handling and n8n's request policy apply. HTTP errors come back as answers, to be
 * classified by Meta's error code; only transport failures throw.
 */
export async function graphRequest(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	request: GraphRequest,
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
	const response = (await authenticatedRequest.call(this, options)) as {
		statusCode: number;
		headers: Record<string, unknown>;
		body: unknown;
	};
	return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
}

/** n8n's request helper with the Cloud API credential, decrypted once per execution. */
export async function authenticatedRequest(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	options: IHttpRequestOptions,
): Promise<unknown> {
	return await this.helpers.httpRequestWithAuthentication.call(
		this,
		CLOUD_API_CREDENTIAL,
		options,
		{
			credentialsDecrypted: await decryptedOnce(this),
		},
	);
}

/**
 * The credential, decrypted once per execution context. Without it n8n reads the credential from
 * its database and decrypts it again for every request, which costs more than the request itself
 * at Meta's higher throughput tiers.
 */
const decryptedByContext = new WeakMap<object, Promise<ICredentialsDecrypted>>();

async function decryptedOnce(
	context: IExecuteFunctions | ILoadOptionsFunctions,
): Promise<ICredentialsDecrypted> {
	let decrypted = decryptedByContext.get(context);
	if (decrypted === undefined) {
		decrypted = decrypt(context);
		decryptedByContext.set(context, decrypted);
		decrypted.catch(() => decryptedByContext.delete(context));
	}
	return await decrypted;
}

/** The Cloud API credential's fields, from the same once-per-execution decryption the requests use. */
export async function cloudApiCredentials(
	context: IExecuteFunctions | ILoadOptionsFunctions,
): Promise<IDataObject> {
	return (await decryptedOnce(context)).data as IDataObject;
}

async function decrypt(
	context: IExecuteFunctions | ILoadOptionsFunctions,
): Promise<ICredentialsDecrypted> {
	const reference = context.getNode().credentials?.[CLOUD_API_CREDENTIAL];
	return {
		id: reference?.id ?? '',
		name: reference?.name ?? '',
		type: CLOUD_API_CREDENTIAL,
		data: await context.getCredentials<ICredentialDataDecryptedObject>(CLOUD_API_CREDENTIAL),
	};
}

export function isSuccessStatus(statusCode: number): boolean {
	return statusCode >= 200 && statusCode < 300;
}
