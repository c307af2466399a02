import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { parseMetaError } from '../shared/meta-errors';
import {
	type CloudApiSettings,
	graphRequest,
	graphUrl,
	isSuccessStatus,
} from '../shared/transport';
import type { TemplateDefinition } from './operations/template-definition';

/**
 * Template definitions from the account (`GET /{whatsapp-business-account-id}/message_templates`),
 * for the template form and for the checks before a send. Meta counts these calls against the
 * management-endpoint limit (200 an hour per app and account, 5,000 for active accounts), so a
 * definition is kept for a minute per credential, account and template.
 */

export const TEMPLATE_FIELDS = 'name,language,status,category,parameter_format,components';

const CACHE_MS = 60_000;
const CACHE_LIMIT = 200;
const MAX_PAGES = 10;

export function templateKey(name: string, language: string): string {
	return `${name}\u0000${language}`;
}

export type TemplateLookup = { definition: TemplateDefinition } | { problem: string };

const cache = new Map<
	string,
	{ at: number; lookup: Promise<TemplateDefinition[] | { problem: string }> }
>();

/** Why the account's templates cannot be read with this credential, or null when they can. */
export function definitionsUnavailable(settings: CloudApiSettings): string | null {
	if (settings.profile.provider !== 'meta') {
		return `template definitions come from Meta's Graph API, which this node reaches only with the Meta provider, not through ${settings.profile.label}`;
	}
	if (settings.businessAccountId === '') {
		return "the credential has no WhatsApp Business Account ID, which the node needs to read the template's definition";
	}
	return null;
}

function cacheKey(settings: CloudApiSettings, accessToken: string, name: string): string {
	const credential = createHash('sha256')
		.update(`${settings.baseUrl}\n${accessToken}`)
		.digest('hex')
		.slice(0, 24);
	return `${credential}:${settings.apiVersion}:${settings.businessAccountId}:${name}`;
}

async function fetchByName(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	settings: CloudApiSettings,
	name: string,
): Promise<TemplateDefinition[] | { problem: string }> {
	const found: TemplateDefinition[] = [];
	let after: string | undefined;
	for (let page = 0; page < MAX_PAGES; page++) {
		const response = await graphRequest.call(this, {
			method: 'GET',
			url: graphUrl(settings, settings.businessAccountId, 'message_templates'),
			qs: { name, fields: TEMPLATE_FIELDS, limit: 100, ...(after ? { after } : {}) },
		});
		if (!isSuccessStatus(response.statusCode)) {
			return {
				problem: `the account's template list could not be read: ${parseMetaError(response.body, response.statusCode).message}`,
			};
		}
		const body = (response.body ?? {}) as {
			data?: IDataObject[];
			paging?: { next?: string; cursors?: { after?: string } };
		};
		// Meta's name filter also matches longer names (order_update finds order_update_v2): keep exact matches.
		found.push(
			...((body.data ?? []) as unknown as TemplateDefinition[]).filter(
				(template) => template.name === name,
			),
		);
		after = body.paging?.next ? body.paging.cursors?.after : undefined;
		if (!after) break;
	}
	return found;
}

/**
 * The definition of one template in one language, or why there is none. Transport failures reject,
 * as every other request of the node does.
 */
export async function lookUpTemplate(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	settings: CloudApiSettings,
	accessToken: string,
	name: string,
	language: string,
): Promise<TemplateLookup> {
	const unavailable = definitionsUnavailable(settings);
	if (unavailable !== null) return { problem: unavailable };
	const key = cacheKey(settings, accessToken, name);
	const now = Date.now();
	let entry = cache.get(key);
	if (!entry || now - entry.at > CACHE_MS) {
		for (const [old, value] of cache) if (now - value.at > CACHE_MS) cache.delete(old);
		while (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
		entry = { at: now, lookup: fetchByName.call(this, settings, name) };
		cache.set(key, entry);
		// A failed look-up is not kept: the next item or run asks again.
		entry.lookup.then(
			(result) => {
				if ('problem' in result) cache.delete(key);
			},
			() => cache.delete(key),
		);
	}
	const result = await entry.lookup;
	if ('problem' in result) return result;
	const definition = result.find((template) => template.language === language);
	if (definition) return { definition };
	if (result.length === 0) return { problem: `the account has no template named "${name}"` };
	return {
		problem: `template "${name}" has no ${language} version; it has ${result.map((template) => template.language).join(', ')}`,
	};
}
