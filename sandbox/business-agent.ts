import type { SandboxContext } from './context';
import { digitsOf } from './loopback';
import type { WebhookDelivery } from './webhook-sender';
import { newWamid } from './wamid';

/**
 * Meta Business Agent on a sandbox number: the webhooks a number with Meta's AI agent sends, so
 * tests can drive the Trigger's Standby and Conversation Handovers choices. Shapes per Meta's
 * "Standby webhooks" and "messaging_handovers webhook reference" pages (2026-08), and 360dialog's
 * MBA "Webhooks" page; cited in nodes/WhatsAppTrigger/standby.ts, fixtures in
 * test/fixtures/webhooks/standby_* and messaging_handovers_*.
 */

const DEFAULT_USER = '16505551234';

export interface AgentConversation {
	userMessageId: string;
	agentMessageId: string;
	deliveries: WebhookDelivery[];
}

/**
 * A conversation the agent holds, on the `standby` field, one POST each as Meta sends them: the
 * user's message (with `contacts`), the agent's reply as a message echo, then its `delivered`
 * and `read` receipts.
 */
export async function sendAgentConversation(
	ctx: SandboxContext,
	options: Record<string, unknown>,
): Promise<AgentConversation> {
	const number = businessNumber(ctx, options.phoneNumberId);
	const user = text(options.user, DEFAULT_USER);
	const now = Math.floor(Date.now() / 1000);
	const userMessageId = newWamid(user);
	const agentMessageId = newWamid(user);
	const standbyValues: Array<Record<string, unknown>> = [
		{
			contacts: [{ profile: { name: text(options.userName, 'Sandbox User') }, wa_id: user }],
			messages: [
				{
					from: user,
					id: userMessageId,
					timestamp: String(now),
					type: 'text',
					text: { body: text(options.userText, 'I want to talk to a person') },
				},
			],
		},
		{
			message_echoes: [
				{
					id: agentMessageId,
					timestamp: String(now),
					message: {
						messaging_product: 'whatsapp',
						recipient_type: 'individual',
						to: user,
						type: 'text',
						text: { body: text(options.agentReply, 'Let me get someone from our team.') },
					},
				},
			],
		},
		...['delivered', 'read'].map((status) => ({
			statuses: [{ id: agentMessageId, status, timestamp: String(now), recipient_id: user }],
		})),
	];
	const deliveries: WebhookDelivery[] = [];
	for (const standby of standbyValues) {
		const value = { messaging_product: 'whatsapp', metadata: number.metadata, standby };
		deliveries.push(await deliver(ctx, 'standby', number.id, value));
	}
	return { userMessageId, agentMessageId, deliveries };
}

/** One change of who holds a conversation, on `messaging_handovers`: by default the agent passing it to a person. */
export async function sendHandover(
	ctx: SandboxContext,
	options: Record<string, unknown>,
): Promise<WebhookDelivery> {
	const number = businessNumber(ctx, options.phoneNumberId);
	const type = text(options.type, 'control_passed');
	const details: Record<string, unknown> = {
		previous_owner_role: text(options.previousOwnerRole, 'ai_agent'),
		new_owner_role: text(options.newOwnerRole, 'escalation'),
	};
	if (typeof options.metadata === 'string') details.metadata = options.metadata;
	if (typeof options.summary === 'string')
		details.conversation_context = { type: 'summary', summary: { text: options.summary } };
	const value = {
		messaging_product: 'whatsapp',
		recipient: number.metadata,
		sender: { phone_number: text(options.user, DEFAULT_USER) },
		timestamp: String(Math.floor(Date.now() / 1000)),
		type,
		[type]: details,
	};
	return await deliver(ctx, 'messaging_handovers', number.id, value);
}

function deliver(
	ctx: SandboxContext,
	field: string,
	phoneNumberId: string,
	value: object,
): Promise<WebhookDelivery> {
	const payload = {
		object: 'whatsapp_business_account',
		entry: [{ id: ctx.config.wabaId, changes: [{ value, field }] }],
	};
	const destination = ctx.registrations.fieldDestination(
		field,
		phoneNumberId,
		ctx.config.callbackUrl,
	);
	return ctx.sender.deliver(
		destination,
		payload,
		field === 'standby' ? 'standby' : 'handover',
		ctx.background.signal,
	);
}

function businessNumber(ctx: SandboxContext, requested: unknown) {
	const phone =
		(typeof requested === 'string' && ctx.phone(requested)) || ctx.config.phoneNumbers[0];
	return {
		id: phone.id,
		metadata: {
			display_phone_number: digitsOf(phone.display_phone_number),
			phone_number_id: phone.id,
		},
	};
}

function text(value: unknown, fallback: string): string {
	return typeof value === 'string' && value !== '' ? value : fallback;
}
