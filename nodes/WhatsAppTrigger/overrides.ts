import type { IDataObject } from 'n8n-workflow';

import {
	type GraphHost,
	type GraphRequest,
	graphUrl,
	toCloudApiSettings,
} from '../shared/transport';
import { isObject, trimmed } from './registration';

/**
 * Meta's callback overrides, as plain data: a phone number's (`webhook_configuration`) and a
 * WhatsApp Business Account's (`subscribed_apps`). Meta sends a number's `messages` webhooks to
 * its own override, else its account's, else the app's callback URL.
 */

export type OverrideLevel = 'phoneNumber' | 'businessAccount';

export interface OverrideTarget {
	level: OverrideLevel;
	id: string;
}

/** What this trigger set, and what it found there, so deactivation can put that back. */
export interface OverrideRecord extends OverrideTarget {
	url: string;
	previousUrl: string | null;
}

/**
 * A target's own override, where its webhooks go now through every level, and whether the app
 * is subscribed to it (an account only: Meta takes an override only once it is).
 */
export interface OverrideState {
	own: string | null;
	effective: string | null;
	appSubscribed: boolean;
}

/** Graph calls with the business (system-user) token of a WhatsApp Cloud API credential. */
export type BusinessApi = GraphHost;

/** Where the credential's token may be used for overrides: Meta's Graph API (or the sandbox playing it). */
export function businessApiOf(
	cloudCredentials: IDataObject,
): { ok: true; api: BusinessApi } | { ok: false; problem: string } {
	const settings = toCloudApiSettings(cloudCredentials);
	if (settings.profile.provider !== 'meta') {
		return {
			ok: false,
			problem: `The WhatsApp Cloud API credential on this trigger is set to ${settings.profile.label}, and overrides are Meta Graph API calls. Set the callback URL in your provider’s dashboard and use Registration: Manual, or attach a credential with provider Meta.`,
		};
	}
	return { ok: true, api: { baseUrl: settings.baseUrl, apiVersion: settings.apiVersion } };
}

export const MISSING_BUSINESS_TOKEN =
	'Meta changes webhook overrides only with a system-user (business) token, and refuses the app access token of the WhatsApp Webhook credential. Add a WhatsApp Cloud API credential (provider Meta, a System User token with whatsapp_business_management) to this trigger: the one WhatsApp Send uses works.';

export function readOverrideRequest(api: BusinessApi, target: OverrideTarget): GraphRequest {
	return target.level === 'phoneNumber'
		? {
				method: 'GET',
				url: endpoint(api, target),
				qs: { fields: 'webhook_configuration' },
			}
		: { method: 'GET', url: endpoint(api, target) };
}

export function setOverrideRequest(
	api: BusinessApi,
	target: OverrideTarget,
	url: string,
	verifyToken: string,
): GraphRequest {
	const override = { override_callback_uri: url, verify_token: verifyToken };
	return {
		method: 'POST',
		url: endpoint(api, target),
		body: target.level === 'phoneNumber' ? { webhook_configuration: override } : override,
	};
}

/**
 * A number's override goes with an empty URI; an account's with the same call and no body, which
 * also subscribes the app to the account.
 */
export function clearOverrideRequest(api: BusinessApi, target: OverrideTarget): GraphRequest {
	return target.level === 'phoneNumber'
		? {
				method: 'POST',
				url: endpoint(api, target),
				body: { webhook_configuration: { override_callback_uri: '' } },
			}
		: { method: 'POST', url: endpoint(api, target) };
}

/**
 * Reads `GET /{phone-number-id}?fields=webhook_configuration` (`{ phone_number?,
 * whatsapp_business_account?, application? }`) or `GET /{waba-id}/subscribed_apps`, where the
 * account's entry for this app (any entry when no app ID is known) holds `override_callback_uri`.
 */
export function readOverrideState(
	response: unknown,
	target: OverrideTarget,
	appId = '',
): OverrideState {
	if (target.level === 'phoneNumber') {
		const configuration =
			isObject(response) && isObject(response.webhook_configuration)
				? response.webhook_configuration
				: {};
		const own = urlOrNull(configuration.phone_number);
		const effective =
			own ??
			urlOrNull(configuration.whatsapp_business_account) ??
			urlOrNull(configuration.application);
		return { own, effective, appSubscribed: true };
	}
	const apps =
		isObject(response) && Array.isArray(response.data) ? response.data.filter(isObject) : [];
	const ours = apps.find((entry) => {
		const app = entry.whatsapp_business_api_data;
		return appId === '' || (isObject(app) && String(app.id) === appId);
	});
	const own = ours ? urlOrNull(ours.override_callback_uri) : null;
	return { own, effective: own, appSubscribed: ours !== undefined };
}

export function describeTarget(target: OverrideTarget): string {
	return target.level === 'phoneNumber'
		? `Phone number ${target.id}`
		: `WhatsApp Business Account ${target.id}`;
}

/** n8n's test URLs run under /webhook-test/ unless the instance renames that endpoint. */
export function looksLikeTestUrl(url: string): boolean {
	return /\/webhook-test\//.test(url);
}

/** Activation found the target's override pointing elsewhere: who holds it and what to do. */
export function overrideClashMessage(target: OverrideTarget, heldBy: string): string {
	const holder = looksLikeTestUrl(heldBy)
		? `${heldBy}, the test URL of a workflow listening for a test event in the editor. That listen ends when its event arrives or after 2 minutes; activate again then.`
		: `${heldBy}. Deactivate the workflow that set it, or remove that override, or turn on Replace Existing Override to take it over until this workflow is deactivated (the old URL is then put back).`;
	return `${describeTarget(target)} already sends its webhooks to ${holder}`;
}

/** Records kept in the node's static data: the ones for `url` and the rest. */
export function recordsOf(staticData: IDataObject): OverrideRecord[] {
	const records = staticData.overrides;
	return Array.isArray(records) ? (records.filter(isOverrideRecord) as OverrideRecord[]) : [];
}

export function sameTarget(a: OverrideTarget, b: OverrideTarget): boolean {
	return a.level === b.level && a.id === b.id;
}

function isOverrideRecord(value: unknown): boolean {
	return (
		isObject(value) &&
		(value.level === 'phoneNumber' || value.level === 'businessAccount') &&
		typeof value.id === 'string' &&
		typeof value.url === 'string' &&
		(value.previousUrl === null || typeof value.previousUrl === 'string')
	);
}

function endpoint(api: BusinessApi, target: OverrideTarget): string {
	return target.level === 'phoneNumber'
		? graphUrl(api, target.id)
		: graphUrl(api, target.id, 'subscribed_apps');
}

function urlOrNull(value: unknown): string | null {
	const url = trimmed(value);
	return url === '' ? null : url;
}
