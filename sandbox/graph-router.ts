import { appAccessToken, appTokenPath } from './app-token-route';
import { businessAccount, me, messageTemplates, phoneNumber, phoneNumbers } from './account-routes';
import type { GraphRequest, SandboxContext } from './context';
import {
	attachmentsPath,
	deleteMedia,
	downloadMedia,
	mediaInfo,
	uploadMedia,
} from './media-routes';
import {
	appTokenRequiredError,
	tokenError,
	unknownObjectError,
	unknownPathError,
	type ApiAnswer,
} from './meta-errors';
import { sendMarketingMessage, sendMessage } from './send-message';
import {
	appSubscriptions,
	configurePhoneWebhook,
	subscribeApp,
	subscribeWaba,
	unsubscribeApp,
	unsubscribeWaba,
	wabaSubscribedApps,
} from './subscription-routes';

type Route = () => ApiAnswer | Promise<ApiAnswer>;

/** Routes a Graph API request the way graph.facebook.com resolves `/{version}/{object-id}/{edge}`. */
export async function routeGraph(ctx: SandboxContext, req: GraphRequest): Promise<ApiAnswer> {
	const { config } = ctx;
	const appToken = `${config.appId}|${config.appSecret}`;
	if (req.path === attachmentsPath && req.method === 'GET') {
		return req.token === config.accessToken
			? downloadMedia(ctx, req)
			: tokenError(req.token !== null);
	}
	if (appTokenPath.test(req.path) && (req.method === 'GET' || req.method === 'POST'))
		return appAccessToken(ctx, req);
	const match = /^\/(v\d+\.\d+)\/([^/]+)(?:\/([^/]+))?\/?$/.exec(req.path);
	if (match === null) return unknownPathError(req.path);
	const [, version, id, edge] = match;

	const isAppSubscriptions = id === config.appId && edge === 'subscriptions';
	if (req.token !== config.accessToken && !(isAppSubscriptions && req.token === appToken)) {
		return tokenError(req.token !== null);
	}
	if (isAppSubscriptions && req.token !== appToken) return appTokenRequiredError();

	const routes = edgesOf(ctx, req, id, version);
	if (routes === null) return unknownObjectError(req.method, id);
	const methods = routes[edge ?? ''];
	if (methods === undefined) return unknownPathError(req.path);
	const route = methods[req.method];
	return route === undefined ? unknownObjectError(req.method, id) : route();
}

/** The edges, and their methods, of the object an ID names; null for an ID the sandbox does not know. */
function edgesOf(
	ctx: SandboxContext,
	req: GraphRequest,
	id: string,
	version: string,
): Record<string, Record<string, Route>> | null {
	const { config } = ctx;
	if (id === 'me') return { '': { GET: me } };
	const phone = ctx.phone(id);
	if (phone !== undefined) {
		return {
			'': {
				GET: () => phoneNumber(ctx, req, phone),
				POST: () => configurePhoneWebhook(ctx, req, phone),
			},
			messages: { POST: () => sendMessage(ctx, req, phone) },
			marketing_messages: { POST: () => sendMarketingMessage(ctx, req, phone) },
			media: { POST: () => uploadMedia(ctx, req, phone) },
		};
	}
	if (id === config.wabaId) {
		return {
			'': { GET: () => businessAccount(ctx, req) },
			phone_numbers: { GET: () => phoneNumbers(ctx, req) },
			message_templates: { GET: () => messageTemplates(ctx, req) },
			subscribed_apps: {
				GET: () => wabaSubscribedApps(ctx),
				POST: () => subscribeWaba(ctx, req),
				DELETE: () => unsubscribeWaba(ctx),
			},
		};
	}
	if (id === config.appId) {
		return {
			subscriptions: {
				GET: () => appSubscriptions(ctx),
				POST: () => subscribeApp(ctx, req, version),
				DELETE: () => unsubscribeApp(ctx, req),
			},
		};
	}
	const media = ctx.media.get(id);
	if (media !== undefined) {
		return { '': { GET: () => mediaInfo(ctx, media), DELETE: () => deleteMedia(ctx, media) } };
	}
	return null;
}
