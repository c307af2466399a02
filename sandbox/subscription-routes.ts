/** Webhook registration: app subscriptions, the WABA's subscribed apps and override, a number's override. */
import { graphParams, type GraphRequest, type SandboxContext } from './context';
import { callbackVerificationError, graphParameterError, type ApiAnswer } from './meta-errors';
import type { PhoneNumber } from './options';
import type { SubscribedField } from './registrations';

const success: ApiAnswer = { status: 200, body: { success: true } };

/** Meta caps override URLs at 200 characters. */
const maxOverrideLength = 200;

const text = (value: unknown) =>
	typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

/** Meta's GET handshake against the URL being registered; null when it passed. */
async function verifyCallback(
	ctx: SandboxContext,
	url: string,
	verifyToken: string,
): Promise<ApiAnswer | null> {
	const result = await ctx.sender.verify(url, verifyToken, ctx.background.signal);
	if (result.ok) return null;
	if (result.error !== null)
		return callbackVerificationError(`The URL couldn't be validated. ${result.error}`);
	return callbackVerificationError(
		`The URL couldn't be validated. Response does not match challenge, expected value="${result.challenge}", received="${(result.received ?? '').slice(0, 100)}"`,
	);
}

function fieldNames(value: unknown): string[] {
	const list = Array.isArray(value) ? value : text(value).split(',');
	return list.map((f) => text(f).trim()).filter((f) => f !== '');
}

export async function subscribeApp(
	ctx: SandboxContext,
	req: GraphRequest,
	version: string,
): Promise<ApiAnswer> {
	const params = graphParams(req);
	for (const name of ['object', 'callback_url', 'verify_token', 'fields']) {
		if (text(params[name]) === '' && !Array.isArray(params[name])) {
			return graphParameterError(`The parameter ${name} is required`);
		}
	}
	if (params.object !== 'whatsapp_business_account') {
		return graphParameterError(
			'Param object must be one of {whatsapp_business_account} in this sandbox',
		);
	}
	const url = text(params.callback_url);
	const refused = await verifyCallback(ctx, url, text(params.verify_token));
	if (refused) return refused;
	const names = fieldNames(params.fields);
	const kept = ctx.registrations.appFields.filter((f) => !names.includes(f.name));
	ctx.registrations.appFields = [...kept, ...names.map((name) => ({ name, version }))];
	ctx.configure({ callbackUrl: url });
	return success;
}

export function appSubscriptions(ctx: SandboxContext): ApiAnswer {
	const { callbackUrl } = ctx.config;
	const fields: SubscribedField[] = ctx.registrations.appFields;
	const data =
		callbackUrl === null
			? []
			: [{ object: 'whatsapp_business_account', callback_url: callbackUrl, active: true, fields }];
	return { status: 200, body: { data } };
}

/** Without `fields` the whole subscription goes; with them, only those fields. */
export function unsubscribeApp(ctx: SandboxContext, req: GraphRequest): ApiAnswer {
	const names = fieldNames(graphParams(req).fields);
	const { registrations } = ctx;
	registrations.appFields = registrations.appFields.filter(
		(f) => names.length > 0 && !names.includes(f.name),
	);
	if (registrations.appFields.length === 0) {
		registrations.resetAppFields();
		ctx.configure({ callbackUrl: null });
	}
	return success;
}

/** Both parts of an override are required together, and the URL must pass the handshake. */
async function checkOverride(
	ctx: SandboxContext,
	url: string,
	verifyToken: string,
): Promise<ApiAnswer | null> {
	if (verifyToken === '') return graphParameterError('The parameter verify_token is required');
	if (url.length > maxOverrideLength) {
		return graphParameterError(
			`Param override_callback_uri must be at most ${maxOverrideLength} characters long`,
		);
	}
	return verifyCallback(ctx, url, verifyToken);
}

/**
 * `POST /{wabaId}/subscribed_apps`: without `override_callback_uri` subscribes the app and clears
 * its override; with it overrides, once the app is subscribed (Meta refuses it before, with #100).
 */
export async function subscribeWaba(ctx: SandboxContext, req: GraphRequest): Promise<ApiAnswer> {
	const params = graphParams(req);
	const url = text(params.override_callback_uri);
	if (url !== '') {
		if (!ctx.registrations.wabaSubscribed) {
			return graphParameterError(
				'Before override the current callback uri, your app must be subscribed to receive messages for WhatsApp Business Account',
			);
		}
		const refused = await checkOverride(ctx, url, text(params.verify_token));
		if (refused) return refused;
	}
	ctx.registrations.wabaSubscribed = true;
	ctx.registrations.wabaOverride = url === '' ? null : url;
	return success;
}

export function wabaSubscribedApps(ctx: SandboxContext): ApiAnswer {
	const { appId } = ctx.config;
	const { wabaSubscribed, wabaOverride } = ctx.registrations;
	const app = {
		whatsapp_business_api_data: {
			id: appId,
			link: `https://www.facebook.com/games/?app_id=${appId}`,
			name: 'Sandbox App',
		},
		...(wabaOverride === null ? {} : { override_callback_uri: wabaOverride }),
	};
	return { status: 200, body: { data: wabaSubscribed ? [app] : [] } };
}

export function unsubscribeWaba(ctx: SandboxContext): ApiAnswer {
	ctx.registrations.wabaSubscribed = false;
	ctx.registrations.wabaOverride = null;
	return success;
}

/** `POST /{phoneNumberId}` with `webhook_configuration`; an empty `override_callback_uri` clears it. */
export async function configurePhoneWebhook(
	ctx: SandboxContext,
	req: GraphRequest,
	phone: PhoneNumber,
): Promise<ApiAnswer> {
	const configuration = graphParams(req).webhook_configuration;
	if (typeof configuration !== 'object' || configuration === null) {
		return graphParameterError('The parameter webhook_configuration is required');
	}
	const { override_callback_uri: uri, verify_token: token } = configuration as Record<
		string,
		unknown
	>;
	const url = text(uri);
	if (url === '') {
		ctx.registrations.phoneOverrides.delete(phone.id);
		return success;
	}
	const refused = await checkOverride(ctx, url, text(token));
	if (refused) return refused;
	ctx.registrations.phoneOverrides.set(phone.id, url);
	return success;
}
