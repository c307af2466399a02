import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { CLOUD_API_CREDENTIAL, toCloudApiSettings } from '../../shared/transport';
import { describeTemplate, templateLabel } from '../operations/template-definition';
import { templateFormFields } from '../operations/template-form';
import { lookUpTemplate } from '../template-definitions';

function currentText(context: ILoadOptionsFunctions, name: string): string {
	const value = context.getCurrentNodeParameter(name, { extractValue: true });
	return typeof value === 'string' ? value.trim() : '';
}

/** n8n's resource mapper asks this for the fields of the chosen template: one per variable and per media, location, product or button parameter. */
export async function getTemplateFields(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	const name = currentText(this, 'templateName');
	const language = currentText(this, 'templateLanguage');
	if (name === '' || language === '' || name.startsWith('=') || language.startsWith('=')) {
		return {
			fields: [],
			emptyFieldsNotice:
				'Pick a template and its language first (by name, not by an expression): the fields come from its definition. For a template chosen per item, use Manual.',
		};
	}
	const credentials = await this.getCredentials(CLOUD_API_CREDENTIAL);
	const settings = toCloudApiSettings(credentials);
	const lookup = await lookUpTemplate.call(
		this,
		settings,
		String(credentials.accessToken ?? ''),
		name,
		language,
	);
	if ('problem' in lookup) {
		throw new NodeOperationError(
			this.getNode(),
			`Template "${name}" (${language}): ${lookup.problem}. Switch Template Parameters to Manual to fill the parameters without the definition.`,
		);
	}
	const shape = describeTemplate(lookup.definition);
	return {
		fields: templateFormFields(shape),
		emptyFieldsNotice: `${templateLabel(shape)} has no variables and no parameters to fill in: it is sent as it is.`,
	};
}
