import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError, WAIT_INDEFINITELY } from 'n8n-workflow';
import { InvalidInputError } from '../../shared/invalid-input';
import { parseMetaError } from '../../shared/meta-errors';
import { recipientValue, toRecipient } from '../../shared/recipient';
import { toReferenceId } from '../../shared/reference';
import { cloudApiCredentials, isSuccessStatus, toCloudApiSettings } from '../../shared/transport';
import { buildMessageBody, toPhoneNumberId } from '../message-body';
import { postMessage } from '../transport';
import type { MessageContent, MessageRequest } from '../types';
import { apiError } from '../item-executor';
import { errorDetails } from '../output';
import { PAGE_SECURITY_POLICY, confirmPage, freeTextPage, recordedPage } from './pages';
import { type WaitLimit, waitUntil } from './wait-time';

/** Where the sent message's wamid waits for the answer: the execution's custom data, which n8n keeps while it waits. */
export const MESSAGE_ID_KEY = 'whatsAppSendAndWaitMessageId';

/** The Reference ID as sent, kept for the answer: the number of parts, then each part (n8n keeps 255 characters a value). */
const REFERENCE_PARTS_KEY = 'whatsAppSendAndWaitReferenceParts';
const REFERENCE_PART_KEY = 'whatsAppSendAndWaitReference';
const CUSTOM_DATA_VALUE_MAX = 255;

/**
 * Keeps the Reference ID that was sent in the execution's custom data, so the answer gives it back
 * as sent instead of evaluating the parameter again (an expression may give another value by then).
 * Split on whole characters into parts n8n keeps whole.
 */
export function rememberReference(
	customData: { set(key: string, value: string): void },
	referenceId: string | null,
): void {
	const parts: string[] = [];
	for (const character of referenceId ?? '') {
		const last = parts.length - 1;
		if (last >= 0 && parts[last].length + character.length <= CUSTOM_DATA_VALUE_MAX)
			parts[last] += character;
		else parts.push(character);
	}
	parts.forEach((part, index) => customData.set(`${REFERENCE_PART_KEY}${index + 1}`, part));
	// Written last: an answer finds the count only when every part was kept.
	customData.set(REFERENCE_PARTS_KEY, String(parts.length));
}

/** The Reference ID kept by rememberReference; undefined when none was kept (custom data full, or an older run). */
function rememberedReference(customData: {
	get(key: string): string | undefined;
}): string | null | undefined {
	const count = Number(customData.get(REFERENCE_PARTS_KEY));
	if (!Number.isInteger(count) || count < 0) return undefined;
	const parts = Array.from({ length: count }, (_, index) =>
		customData.get(`${REFERENCE_PART_KEY}${index + 1}`),
	);
	if (parts.some((part) => part === undefined)) return undefined;
	return count === 0 ? null : parts.join('');
}

const TEXT_MAX = 4096;
const BUTTON_TITLE_MAX = 20;
const BUTTON_ID_MAX = 256;

export interface Answer {
	label: string;
	url: string;
	approved: boolean;
}

export interface SendAndWaitInput {
	message: string;
	answers: Answer[];
	/** Reply buttons whose IDs are the answer links, instead of links in the text. */
	buttons: boolean;
}

/** The message: the question, then each answer as a link, or as a reply button carrying the link as its ID. */
export function sendAndWaitContent(input: SendAndWaitInput): MessageContent {
	const message = input.message.trim();
	if (message === '') throw new InvalidInputError('Message is empty. Enter the question to ask.');
	if (input.buttons) {
		for (const answer of input.answers) {
			if (answer.label.trim() === '' || [...answer.label].length > BUTTON_TITLE_MAX) {
				throw new InvalidInputError(
					`Button label "${answer.label}" must have 1 to ${BUTTON_TITLE_MAX} characters, as WhatsApp's reply buttons.`,
				);
			}
			if (answer.url.length > BUTTON_ID_MAX) {
				throw new InvalidInputError(
					`The answer link is ${answer.url.length} characters long, more than the ${BUTTON_ID_MAX} a reply button's ID holds (n8n's webhook URL is long). Answer with links in the message instead.`,
				);
			}
		}
		return {
			type: 'interactive',
			content: {
				type: 'button',
				body: { text: message },
				action: {
					buttons: input.answers.map((answer) => ({
						type: 'reply',
						reply: { id: answer.url, title: answer.label.trim() },
					})),
				},
			},
		};
	}
	const text = `${message}\n\n${input.answers.map((answer) => `*${answer.label.trim()}*\n${answer.url}`).join('\n\n')}`;
	if (text.length > TEXT_MAX) {
		throw new InvalidInputError(
			`The message with its answer links is ${text.length} characters long; WhatsApp takes ${TEXT_MAX}. Shorten the message.`,
		);
	}
	return { type: 'text', content: { body: text, preview_url: false } };
}

interface ApprovalValues {
	approvalType?: string;
	approveLabel?: string;
	disapproveLabel?: string;
}

function answersOf(context: IExecuteFunctions, responseType: string): Answer[] {
	if (responseType === 'freeText') {
		const label = String(
			context.getNodeParameter('waitOptions.messageButtonLabel', 0, 'Respond') || 'Respond',
		);
		return [{ label, url: context.getSignedResumeUrl({ approved: 'true' }), approved: true }];
	}
	const values = context.getNodeParameter('approvalOptions.values', 0, {}) as ApprovalValues;
	const approve: Answer = {
		label: values.approveLabel || '✓ Approve',
		url: context.getSignedResumeUrl({ approved: 'true' }),
		approved: true,
	};
	if ((values.approvalType ?? 'double') !== 'double') return [approve];
	return [
		approve,
		{
			label: values.disapproveLabel || '✗ Decline',
			url: context.getSignedResumeUrl({ approved: 'false' }),
			approved: false,
		},
	];
}

/**
 * Sends the question to the first input item's recipient, then puts the execution to wait until
 * the answer comes through the resume webhook, or the time limit passes (the execution then goes
 * on with the input items, as n8n's own send-and-wait nodes do).
 */
export async function executeSendAndWait(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const settings = toCloudApiSettings(await cloudApiCredentials(this));
	const itemIndex = 0;
	const read = (name: string, fallback: unknown) =>
		this.getNodeParameter(name, itemIndex, fallback);
	let request: MessageRequest;
	let waitTill: Date;
	try {
		const responseType = String(read('responseType', 'approval'));
		const buttons = responseType === 'approval' && read('answerWith', 'links') === 'buttons';
		const content = sendAndWaitContent({
			message: String(read('message', '')),
			answers: answersOf(this, responseType),
			buttons,
		});
		const recipient = toRecipient(read('to', ''));
		const referenceId = toReferenceId(read('referenceId', ''), settings.profile.referenceMaxLength);
		waitTill = waitUntil(
			read('waitOptions.limitWaitTime.values', {}) as WaitLimit,
			Date.now(),
			WAIT_INDEFINITELY,
		);
		request = {
			itemIndex,
			phoneNumberId: toPhoneNumberId(
				this.getNodeParameter('phoneNumberId', itemIndex, '', { extractValue: true }),
			),
			body: buildMessageBody(content, recipient, referenceId, undefined),
			to: recipientValue(recipient),
			referenceId: referenceId ?? null,
		};
	} catch (error) {
		const text =
			error instanceof InvalidInputError
				? `${error.message} [item ${itemIndex}]`
				: (error as Error).message;
		throw new NodeOperationError(this.getNode(), text, { itemIndex });
	}

	const timeoutMs = Number(
		(this.getNodeParameter('sendingOptions', 0, {}) as { requestTimeout?: number })
			.requestTimeout ?? 30_000,
	);
	const response = await postMessage.call(this, settings, request, timeoutMs, new Map());
	if (!isSuccessStatus(response.statusCode)) {
		const problem = parseMetaError(response.body, response.statusCode);
		if (this.continueOnFail()) {
			return [
				[
					{
						json: {
							error: errorDetails(problem),
							referenceId: request.referenceId,
							to: request.to,
						},
						pairedItem: { item: itemIndex },
					},
				],
			];
		}
		throw apiError(this, itemIndex, problem);
	}
	const messageId = (response.body as { messages?: Array<{ id?: unknown }> } | null)?.messages?.[0]
		?.id;
	if (typeof messageId === 'string') {
		try {
			this.customData.set(MESSAGE_ID_KEY, messageId);
			rememberReference(this.customData, request.referenceId);
		} catch {
			// Custom data is full (n8n keeps 10 keys): the answer then comes without the messageId.
		}
	}
	await this.putExecutionToWait(waitTill);
	return [this.getInputData()];
}

function answerItem(context: IWebhookFunctions, data: IDataObject): IDataObject {
	const text = (name: string) => {
		try {
			const value = context.getNodeParameter(name, '') as unknown;
			return typeof value === 'string' || typeof value === 'number'
				? String(value)
				: value === undefined || value === null
					? ''
					: JSON.stringify(value);
		} catch {
			return '';
		}
	};
	let to: string | null = null;
	try {
		to = recipientValue(toRecipient(text('to')));
	} catch {
		to = null;
	}
	let messageId: unknown;
	try {
		messageId = context.customData.get(MESSAGE_ID_KEY);
	} catch {
		messageId = undefined;
	}
	let remembered: string | null | undefined;
	try {
		remembered = rememberedReference(context.customData);
	} catch {
		remembered = undefined;
	}
	// A run that could not keep it (custom data full) evaluates the parameter again.
	const referenceId = remembered === undefined ? text('referenceId') || null : remembered;
	return {
		data: { ...data, respondedAt: new Date().toISOString() },
		messageId: typeof messageId === 'string' ? messageId : null,
		referenceId,
		to,
	};
}

/**
 * The resume webhook. GET shows a page (the approval's confirmation, or the free-text form); only
 * its POST answers, and resumes the execution with `{ data: { approved | text, respondedAt }, messageId, referenceId, to }`.
 */
export async function sendAndWaitWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const response = this.getResponseObject();
	const responseType = String(this.getNodeParameter('responseType', 'approval'));
	const message = String(this.getNodeParameter('message', ''));
	const show = (status: number, html: string): IWebhookResponseData => {
		response.setHeader('Content-Security-Policy', PAGE_SECURITY_POLICY);
		response.status(status).type('html').send(html);
		return { noWebhookResponse: true };
	};
	const options = this.getNodeParameter('waitOptions', {}) as {
		responseFormTitle?: string;
		responseFormDescription?: string;
		responseFormButtonLabel?: string;
	};
	const form = (problem?: string) =>
		freeTextPage(
			options.responseFormTitle ?? '',
			options.responseFormDescription || message,
			options.responseFormButtonLabel || 'Submit',
			problem,
		);

	if (responseType === 'freeText') {
		if (request.method !== 'POST') return show(200, form());
		const body = this.getBodyData() as { response?: unknown; data?: { response?: unknown } };
		const raw = body.response ?? body.data?.response;
		const text = typeof raw === 'string' ? raw.trim() : '';
		if (text === '') return show(400, form('Please write an answer.'));
		return {
			webhookResponse: recordedPage(),
			workflowData: [[{ json: answerItem(this, { text }) }]],
		};
	}

	const approved = (this.getQueryData() as { approved?: unknown }).approved === 'true';
	if (request.method !== 'POST') {
		const values = this.getNodeParameter('approvalOptions.values', {}) as ApprovalValues;
		const label = approved
			? values.approveLabel || '✓ Approve'
			: values.disapproveLabel || '✗ Decline';
		return show(200, confirmPage(message, label, approved));
	}
	return {
		webhookResponse: recordedPage(),
		workflowData: [[{ json: answerItem(this, { approved }) }]],
	};
}
