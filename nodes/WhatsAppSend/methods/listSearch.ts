import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { parseMetaError } from '../../shared/meta-errors';
import {
	CLOUD_API_CREDENTIAL,
	graphRequest,
	graphUrl,
	isSuccessStatus,
	toCloudApiSettings,
} from '../../shared/transport';

interface TemplateSummary {
	name: string;
	language: string;
	status?: string;
	category?: string;
}

async function getFromAccount(
	this: ILoadOptionsFunctions,
	edge: string,
	qs: IDataObject,
): Promise<IDataObject[]> {
	const settings = toCloudApiSettings(await this.getCredentials(CLOUD_API_CREDENTIAL));
	if (settings.profile.provider !== 'meta') {
		throw new NodeOperationError(
			this.getNode(),
			`Lists of phone numbers and templates come from Meta's Graph API, which this node reaches only with the Meta provider, not through ${settings.profile.label}. Switch this field to By ID / By Name.`,
		);
	}
	if (settings.businessAccountId === '') {
		throw new NodeOperationError(
			this.getNode(),
			'Add the WhatsApp Business Account ID to the credential to pick from a list, or switch this field to By ID / By Name.',
		);
	}
	const response = await graphRequest.call(this, {
		method: 'GET',
		url: graphUrl(settings, settings.businessAccountId, edge),
		qs,
	});
	if (!isSuccessStatus(response.statusCode)) {
		throw new NodeOperationError(
			this.getNode(),
			parseMetaError(response.body, response.statusCode).message,
		);
	}
	return ((response.body as { data?: IDataObject[] }).data ?? []) as IDataObject[];
}

function matches(filter: string | undefined, ...texts: string[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return texts.some((text) => text.toLowerCase().includes(needle));
}

export async function searchPhoneNumbers(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const numbers = await getFromAccount.call(this, 'phone_numbers', {
		fields: 'id,display_phone_number,verified_name',
	});
	return {
		results: numbers
			.map((number) => ({
				name: `${String(number.display_phone_number ?? '')} (${String(number.verified_name ?? '')})`,
				value: String(number.id),
			}))
			.filter((number) => matches(filter, number.name, number.value)),
	};
}

async function templates(this: ILoadOptionsFunctions): Promise<TemplateSummary[]> {
	const data = await getFromAccount.call(this, 'message_templates', {
		fields: 'name,language,status,category',
		limit: 250,
	});
	return data.map((template) => ({
		name: String(template.name),
		language: String(template.language),
		status: template.status as string | undefined,
		category: template.category as string | undefined,
	}));
}

export async function searchTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const byName = new Map<string, TemplateSummary[]>();
	for (const template of await templates.call(this)) {
		byName.set(template.name, [...(byName.get(template.name) ?? []), template]);
	}
	return {
		results: [...byName]
			.filter(([name]) => matches(filter, name))
			.map(([name, versions]) => ({
				name: `${name} (${versions.map((version) => `${version.language} ${version.status ?? ''}`.trim()).join(', ')}${versions[0].category ? ` · ${versions[0].category}` : ''})`,
				value: name,
			})),
	};
}

export async function searchTemplateLanguages(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const chosen = this.getCurrentNodeParameter('templateName', { extractValue: true }) as
		| string
		| undefined;
	return {
		results: (await templates.call(this))
			.filter((template) => !chosen || template.name === chosen)
			.filter((template) => matches(filter, template.language))
			.map((template) => ({
				name: `${template.language}${template.status ? ` (${template.status})` : ''}`,
				value: template.language,
			})),
	};
}
