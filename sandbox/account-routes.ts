import type { GraphRequest, SandboxContext } from './context';
import type { ApiAnswer } from './meta-errors';
import type { PhoneNumber } from './options';
import { page, pickFields } from './paging';

const ok = (body: unknown): ApiAnswer => ({ status: 200, body });

const selfUrl = (ctx: SandboxContext, req: GraphRequest) =>
	`${ctx.baseUrl}${req.path}?${req.query.toString()}`;

/** `GET /me` with a system-user token. */
export function me(): ApiAnswer {
	return ok({ name: 'Sandbox System User', id: '122100000000000001' });
}

export function businessAccount(ctx: SandboxContext, req: GraphRequest): ApiAnswer {
	const account = {
		id: ctx.config.wabaId,
		name: 'Sandbox WhatsApp Business Account',
		currency: 'USD',
		timezone_id: '1',
		message_template_namespace: 'sandbox_namespace',
		marketing_messages_onboarding_status: ctx.config.marketingMessagesOnboarding,
	};
	return ok(pickFields(account, req.query.get('fields')));
}

function phoneListing(phone: PhoneNumber) {
	return {
		verified_name: phone.verified_name,
		code_verification_status: 'VERIFIED',
		display_phone_number: phone.display_phone_number,
		quality_rating: phone.quality_rating,
		platform_type: 'CLOUD_API',
		throughput: { level: 'STANDARD' },
		id: phone.id,
	};
}

export function phoneNumbers(ctx: SandboxContext, req: GraphRequest): ApiAnswer {
	const fields = req.query.get('fields');
	const listed = ctx.config.phoneNumbers.map((p) => pickFields(phoneListing(p), fields));
	return ok(page(listed, req.query, selfUrl(ctx, req)));
}

/** `GET /{phoneNumberId}`, including `fields=webhook_configuration` to read the overrides. */
export function phoneNumber(ctx: SandboxContext, req: GraphRequest, phone: PhoneNumber): ApiAnswer {
	const { registrations } = ctx;
	const webhookConfiguration: Record<string, string> = {};
	const phoneOverride = registrations.phoneOverrides.get(phone.id);
	if (phoneOverride !== undefined) webhookConfiguration.phone_number = phoneOverride;
	if (registrations.wabaOverride !== null)
		webhookConfiguration.whatsapp_business_account = registrations.wabaOverride;
	if (ctx.config.callbackUrl !== null) webhookConfiguration.application = ctx.config.callbackUrl;
	const fields = req.query.get('fields');
	if (fields === null) return ok(phoneListing(phone));
	return ok(
		pickFields({ ...phoneListing(phone), webhook_configuration: webhookConfiguration }, fields),
	);
}

/** `GET /{wabaId}/message_templates`, filtered by `name` (substring), `status`, `category` and `language`. */
export function messageTemplates(ctx: SandboxContext, req: GraphRequest): ApiAnswer {
	const { query } = req;
	const name = query.get('name');
	const matches = ctx.config.templates.filter(
		(t) =>
			(name === null || t.name.includes(name)) &&
			(query.get('status') === null || t.status === query.get('status')?.toUpperCase()) &&
			(query.get('category') === null || t.category === query.get('category')?.toUpperCase()) &&
			(query.get('language') === null || t.language === query.get('language')),
	);
	const fields = query.get('fields');
	return ok(
		page(
			matches.map((t) => pickFields(t, fields)),
			query,
			selfUrl(ctx, req),
		),
	);
}
