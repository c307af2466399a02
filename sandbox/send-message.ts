import { randomBytes, randomUUID } from 'node:crypto';
import type { GraphRequest, SandboxContext } from './context';
import { digitsOf } from './loopback';
import { pairRateError, throughputError, whatsappError, type ApiAnswer } from './meta-errors';
import type { PhoneNumber, SandboxConfig } from './options';
import type { PricingCategory, SentMessage } from './state';
import { findSendableTemplate } from './templates';
import { checkSendRequest, type MessageRequest } from './validate-message';
import { newWamid } from './wamid';

function isFailing(config: SandboxConfig, request: MessageRequest, waId: string | null): boolean {
	return config.failingRecipients.some(
		(entry) =>
			entry === request.to ||
			entry === request.recipient ||
			(waId !== null && digitsOf(entry) !== '' && digitsOf(entry) === waId),
	);
}

function categoryOf(config: SandboxConfig, request: MessageRequest): PricingCategory {
	if (request.template === null) return 'service';
	const template = findSendableTemplate(
		config.templates,
		request.template.name,
		request.template.language,
	);
	return (template?.category.toLowerCase() ?? 'utility') as PricingCategory;
}

/**
 * `POST /{phoneNumberId}/messages`, or a BSP's send path: a message, or mark-as-read (with or
 * without typing indicator). A queued-send BSP answers with a queue ID instead of the wamid.
 */
export function sendMessage(
	ctx: SandboxContext,
	req: GraphRequest,
	phone: PhoneNumber,
	endpoint?: SentMessage['endpoint'],
): ApiAnswer {
	if (req.body.error !== null) return whatsappError(100, req.body.error);
	const { config } = ctx;
	const checked = checkSendRequest(req.body.value, {
		referenceMaxLength: config.bsp?.referenceMaxLength ?? config.referenceMaxLength,
		templateExists: (name, language) =>
			findSendableTemplate(config.templates, name, language) !== undefined,
	});
	if (!checked.ok) return whatsappError(checked.code, checked.details);
	const request = checked.request;
	if (request.kind === 'read') return { status: 200, body: { success: true } };

	const waId = request.to !== null && !request.group ? digitsOf(request.to) : null;
	const input = request.to ?? request.recipient ?? '';
	const refused = ctx.limiter.acquire(waId ?? input, config);
	if (refused === 130429) return throughputError();
	if (refused === 131056) return pairRateError();

	const message: SentMessage = {
		id: newWamid(waId ?? input),
		phoneNumberId: phone.id,
		displayPhoneNumber: digitsOf(phone.display_phone_number),
		type: request.type,
		to: request.to,
		waId,
		recipient: request.recipient,
		group: request.group,
		referenceId: request.referenceId,
		category: categoryOf(config, request),
		conversationId: randomBytes(16).toString('hex'),
		acceptedAt: Date.now(),
		failing: isFailing(config, request, waId),
		statuses: [],
		...(config.bsp?.answer === 'queueId' ? { queueId: randomUUID() } : {}),
		...(endpoint ? { endpoint } : {}),
	};
	ctx.state.add(ctx.state.messages, message);
	ctx.dispatcher.schedule(message);
	if (message.queueId !== undefined) return { status: 200, body: { queueId: message.queueId } };
	return {
		status: 200,
		body: {
			messaging_product: 'whatsapp',
			contacts: [waId === null ? { input } : { input, wa_id: waId }],
			messages: [
				request.template === null
					? { id: message.id }
					: { id: message.id, message_status: 'accepted' },
			],
		},
	};
}

/**
 * `POST /{phoneNumberId}/marketing_messages`, Meta's Marketing Messages API for WhatsApp: the same
 * body as `/messages`, for marketing templates only, from an onboarded account. Answers, as Meta's
 * MM API "Support" page lists them: 100 "Message must be a template message" for any other type
 * (fixture error_100_meta_mmapi.json), 134100 for a utility or authentication template, 134102 while
 * the account is not onboarded.
 */
export function sendMarketingMessage(
	ctx: SandboxContext,
	req: GraphRequest,
	phone: PhoneNumber,
): ApiAnswer {
	if (req.body.error !== null) return whatsappError(100, req.body.error);
	const { config } = ctx;
	if (config.marketingMessagesOnboarding !== 'ONBOARDED') {
		return whatsappError(
			134102,
			`The business's marketing_messages_onboarding_status is ${config.marketingMessagesOnboarding}: accept the Marketing Messages API terms in WhatsApp Manager.`,
		);
	}
	const body = req.body.value as {
		type?: unknown;
		template?: { name?: unknown; language?: { code?: unknown } };
	} | null;
	if (body?.type !== 'template') return whatsappError(100, 'Message must be a template message.');
	const template = findSendableTemplate(
		config.templates,
		String(body.template?.name ?? ''),
		String(body.template?.language?.code ?? ''),
	);
	if (template !== undefined && template.category !== 'MARKETING') {
		return whatsappError(
			134100,
			`Template category is ${template.category}. Only MARKETING templates can be sent through the Marketing Messages API.`,
		);
	}
	return sendMessage(ctx, req, phone, 'marketing_messages');
}
