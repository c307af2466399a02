import type { BspProfile } from './bsp-profiles';
import type { GraphRequest, SandboxContext } from './context';
import { tokenError, unknownObjectError, type ApiAnswer } from './meta-errors';
import { sendMessage } from './send-message';

const placeholders = /(\{version\}|\{phoneNumberId\}|\{appId\})/;
const placeholderPatterns: Record<string, string> = {
	'{version}': 'v\\d+\\.\\d+',
	'{phoneNumberId}': '[^/]+',
	'{appId}': '[^/]+',
};

type PathParams = Partial<Record<'version' | 'phoneNumberId' | 'appId', string>>;

/** The placeholders of a send path template filled from a request path; null when it does not match. */
export function matchSendPath(template: string, path: string): PathParams | null {
	const parts = template.split(placeholders);
	const source = parts
		.map((part, index) =>
			index % 2 === 1
				? `(${placeholderPatterns[part]})`
				: part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
		)
		.join('');
	const match = new RegExp(`^${source}/?$`).exec(path);
	if (match === null) return null;
	const params: PathParams = {};
	const names = parts
		.filter((_, index) => index % 2 === 1)
		.map((part) => part.slice(1, -1) as keyof PathParams);
	try {
		names.forEach((name, index) => (params[name] = decodeURIComponent(match[index + 1])));
	} catch {
		return null;
	}
	return params;
}

/** A BSP answers what it does not serve in its own words, not with Graph's error codes. */
function notServed(profile: BspProfile, req: GraphRequest): ApiAnswer {
	return {
		status: 404,
		body: {
			error: {
				message: `${req.method} ${req.path} is not served: this provider (${profile.profile}) takes POST ${profile.sendPath} only`,
			},
		},
	};
}

/**
 * BSP mode: the profile's send path is the whole API (messages and mark-as-read), behind the
 * profile's key header. A path without `{phoneNumberId}` sends from the first phone number: the
 * key, or the app in `{appId}`, belongs to one number.
 */
export function routeBsp(ctx: SandboxContext, req: GraphRequest, profile: BspProfile): ApiAnswer {
	const params = matchSendPath(profile.sendPath, req.path);
	if (params === null) return notServed(profile, req);
	const { config } = ctx;
	const given = req.headers[profile.authHeaderName.toLowerCase()];
	if (given !== profile.authHeaderValue.split('{token}').join(config.accessToken)) {
		return tokenError(given !== undefined);
	}
	if (req.method !== 'POST') return notServed(profile, req);
	if (params.appId !== undefined && params.appId !== config.appId)
		return unknownObjectError(req.method, params.appId);
	const phoneNumberId = params.phoneNumberId ?? config.phoneNumbers[0].id;
	const phone = ctx.phone(phoneNumberId);
	return phone === undefined
		? unknownObjectError(req.method, phoneNumberId)
		: sendMessage(ctx, req, phone);
}
