import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { InvalidInputError } from '../shared/invalid-input';
import { recipientValue, toRecipient } from '../shared/recipient';
import { toReferenceId } from '../shared/reference';
import { executeSend } from './execute-send';
import { executeMedia } from './media/execute-media';
import { buildMessageBody, toPhoneNumberId } from './message-body';
import * as contacts from './operations/contacts.operation';
import * as interactive from './operations/interactive.operation';
import * as location from './operations/location.operation';
import * as markAsRead from './operations/markAsRead.operation';
import * as media from './operations/media.operation';
import { optionalText } from './operations/parameters';
import * as reaction from './operations/reaction.operation';
import * as template from './operations/template.operation';
import * as text from './operations/text.operation';
import { SEND_AND_WAIT } from './send-and-wait/description';
import { executeSendAndWait } from './send-and-wait/send-and-wait';
import { FORGET_SENT_REFERENCES, forgetSentReferences } from './sent-references';
import { prepareTemplates } from './template-prepare';
import type {
	BuildContext,
	BuildPreparation,
	ContentBuilder,
	MessageRequest,
	ParameterReader,
} from './types';

/**
 * Every operation of the node, and how its items are sent. A message operation builds its content
 * (`operations/<name>.operation.ts`); the router wraps it in Meta's envelope (recipient, reply
 * context, Reference ID) and hands the requests to one executor (`execute-send.ts`), which paces,
 * retries and answers one output item per input item. Mark as read builds its own body; Send and
 * Wait and the Media resource have executors of their own over the same queue and transport.
 */
interface OperationRoute {
	build: ContentBuilder;
	/** Whether the message may quote an earlier one (Reply To Message ID); a reaction names its message itself. */
	replyable: boolean;
	/** Looks up what the items need before they are built (template definitions, onboarding). */
	prepare?: BuildPreparation;
}

const MESSAGE_ROUTES: Record<string, OperationRoute> = {
	text: { build: text.build, replyable: true },
	template: { build: template.build, replyable: true, prepare: prepareTemplates },
	media: { build: media.build, replyable: true },
	interactive: { build: interactive.build, replyable: true },
	location: { build: location.build, replyable: true },
	contacts: { build: contacts.build, replyable: true },
	reaction: { build: reaction.build, replyable: false },
};

const MARK_AS_READ = 'markAsRead';

/**
 * Builds the request for one item from its parameters, refusing bad input before anything is sent.
 * `referenceMaxLength` is the provider's Reference ID limit (the credential's profile); `context` holds
 * what was looked up before (template definitions, Marketing Messages onboarding).
 */
export function buildRequest(
	operation: string,
	read: ParameterReader,
	itemIndex: number,
	referenceMaxLength: number,
	context: BuildContext = {},
): MessageRequest {
	const phoneNumberId = toPhoneNumberId(read('phoneNumberId'));
	if (operation === MARK_AS_READ) {
		return { itemIndex, phoneNumberId, body: markAsRead.build(read), to: null, referenceId: null };
	}
	const route = MESSAGE_ROUTES[operation];
	if (!route) throw new InvalidInputError(`Operation "${operation}" is not one this node knows.`);
	const content = route.build(read, context);
	const recipient = toRecipient(read('to'));
	const referenceId = toReferenceId(read('referenceId'), referenceMaxLength);
	const replyTo = route.replyable ? optionalText(read, 'options.replyToMessageId') : undefined;
	return {
		itemIndex,
		phoneNumberId,
		body: buildMessageBody(content, recipient, referenceId, replyTo?.trim()),
		to: recipientValue(recipient),
		referenceId: referenceId ?? null,
		uploadFromBinary: content.uploadFromBinary,
		...(content.marketingMessages ? { marketingMessages: content.marketingMessages } : {}),
	};
}

/** The node's execute(): one resource and operation per run, as n8n's editor sets them. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	if (this.getNodeParameter('resource', 0, 'message') === 'media')
		return await executeMedia.call(this);
	const operation = this.getNodeParameter('operation', 0) as string;
	if (operation === SEND_AND_WAIT) return await executeSendAndWait.call(this);
	if (operation === FORGET_SENT_REFERENCES) return await forgetSentReferences.call(this);
	return await executeSend.call(this, {
		build: (read, itemIndex, referenceMaxLength, context) =>
			buildRequest(operation, read, itemIndex, referenceMaxLength, context),
		prepare: MESSAGE_ROUTES[operation]?.prepare,
	});
}
