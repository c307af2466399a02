import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { sendProperties, sendSubtitle } from './description';
import { searchPhoneNumbers, searchTemplateLanguages, searchTemplates } from './methods/listSearch';
import { getTemplateFields } from './methods/templateFields';
import { route } from './router';
import { SEND_AND_WAIT_TOOLTIP, sendAndWaitWebhooks } from './send-and-wait/description';
import { sendAndWaitWebhook } from './send-and-wait/send-and-wait';

/** WhatsApp Send: the description (`description.ts`), the look-ups (`methods/`) and the router. */
export class WhatsAppSend implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Send',
		name: 'whatsAppSend',
		icon: { light: 'file:whatsappReference.svg', dark: 'file:whatsappReference.dark.svg' },
		group: ['output'],
		version: [1],
		subtitle: sendSubtitle,
		description:
			'Send any WhatsApp Cloud API message with a Reference ID that comes back in every status webhook',
		defaults: { name: 'WhatsApp Send' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'whatsAppCloudApi', required: true }],
		webhooks: sendAndWaitWebhooks,
		waitingNodeTooltip: SEND_AND_WAIT_TOOLTIP,
		properties: sendProperties,
	};

	methods = {
		listSearch: { searchPhoneNumbers, searchTemplates, searchTemplateLanguages },
		resourceMapping: { getTemplateFields },
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await sendAndWaitWebhook.call(this);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
