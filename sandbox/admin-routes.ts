import { sendAgentConversation, sendHandover } from './business-agent';
import type { GraphRequest, SandboxContext } from './context';
import type { ApiAnswer } from './meta-errors';

const ok = (body: unknown): ApiAnswer => ({ status: 200, body });
const refused = (status: number, error: string): ApiAnswer => ({ status, body: { error } });

const isRecord = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** `/__sandbox/…`: inspection and control for tests and people; not part of Meta's API. */
export async function routeAdmin(ctx: SandboxContext, req: GraphRequest): Promise<ApiAnswer> {
	const route = `${req.method} ${req.path.replace(/\/+$/, '')}`;
	const body = req.body.value;
	switch (route) {
		case 'GET /__sandbox/health':
			return ok({
				status: 'ok',
				url: ctx.baseUrl,
				pending: ctx.background.size,
				requests: ctx.state.requests.length,
				webhooks: ctx.state.webhooks.length,
				messages: ctx.state.messages.length,
			});
		case 'GET /__sandbox/requests':
			return ok(ctx.state.requests);
		case 'GET /__sandbox/webhooks':
			return ok(ctx.state.webhooks);
		case 'GET /__sandbox/messages':
			return ok(ctx.state.messages);
		case 'GET /__sandbox/config':
			return ok(ctx.config);
		case 'POST /__sandbox/config':
			try {
				return ok(ctx.configure(body));
			} catch (error) {
				return refused(400, error instanceof Error ? error.message : String(error));
			}
		case 'POST /__sandbox/reset':
			ctx.reset();
			return ok({ success: true });
		case 'GET /__sandbox/idle':
			await ctx.background.idle();
			return ok({ success: true });
		case 'POST /__sandbox/webhooks/send': {
			if (!isRecord(body))
				return refused(400, 'the body must be the webhook payload, a JSON object');
			return ok(await ctx.sendWebhook(body, req.query.get('url') ?? undefined));
		}
		case 'POST /__sandbox/agent/conversation':
			return ok(await sendAgentConversation(ctx, isRecord(body) ? body : {}));
		case 'POST /__sandbox/agent/handover':
			return ok(await sendHandover(ctx, isRecord(body) ? body : {}));
		case 'POST /__sandbox/verify': {
			const options = isRecord(body) ? body : {};
			const url = typeof options.url === 'string' ? options.url : ctx.config.callbackUrl;
			const token =
				typeof options.verifyToken === 'string' ? options.verifyToken : ctx.config.verifyToken;
			if (url === null) return refused(400, 'no callback URL is set and none was given');
			return ok(await ctx.verifyCallback(url, token));
		}
		default:
			return refused(404, `no admin endpoint ${route}`);
	}
}
