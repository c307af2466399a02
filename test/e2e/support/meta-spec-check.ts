import { checkMessagesRequest, checkWebhookPayload } from '../../../sandbox/meta-spec/meta-spec';
import { sandboxAdmin } from './sandbox-admin';

/**
 * Meta's spec (with the repairs of sandbox/meta-spec/repairs.ts) as the judge of what went through
 * the sandbox since its last reset, checked here directly rather than by trusting the sandbox:
 * every body it accepted on a messages endpoint, and every status webhook it sent. Each problem
 * names the request or webhook and the spec's reason; none is the answer wanted.
 */
export async function metaSpecProblems(): Promise<string[]> {
	const sends = (await sandboxAdmin.requests()).filter(
		(request) =>
			request.method === 'POST' &&
			/\/(marketing_)?messages$/.test(request.path) &&
			request.status === 200,
	);
	const webhooks = (await sandboxAdmin.webhooks()).filter((attempt) => attempt.kind === 'status');
	return [
		...sends.flatMap((request) => {
			const verdict = checkMessagesRequest(request.body);
			return verdict.ok
				? []
				: [`${request.path} #${request.id}: ${verdict.details} ${JSON.stringify(request.body)}`];
		}),
		...webhooks.flatMap((attempt) => {
			const verdict = checkWebhookPayload(JSON.parse(attempt.body));
			return verdict.ok ? [] : [`status webhook #${attempt.id}: ${verdict.details}`];
		}),
	];
}
