/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/require-node-api-error
	-- a dev script run by Node, never loaded by n8n */
import axios, { isAxiosError, type AxiosInstance } from 'axios';
import { Agent } from 'node:http';
import type { INodeTypeDescription } from 'n8n-workflow';

import type { N8nCredential, N8nWorkflow } from './n8n-cli';
import { n8nMajor } from './n8n-versions';

export interface N8nOwner {
	email: string;
	firstName: string;
	lastName: string;
	/** 8 to 64 characters with a digit and an uppercase letter. */
	password: string;
}

interface PublicationStatus {
	status: 'not_published' | 'in_progress' | 'published' | 'partial' | 'failed';
	liveVersionId: string | null;
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

export interface InstalledCommunityPackage {
	packageName: string;
	installedVersion: string;
	installedNodes: Array<{ name: string; type: string }>;
}

export const defaultOwner: N8nOwner = {
	email: 'owner@example.com',
	firstName: 'Test',
	lastName: 'Owner',
	password: 'Reference1Owner',
};

/**
 * The editor's REST API (`/rest/...`, answers wrapped in `{ data }`) with the owner's session cookie.
 * Routes as declared by the controllers of n8n 2.40.7; where n8n 1.x differs (activation), the
 * route follows `version`, which n8n reports itself.
 */
export class N8nRestClient {
	constructor(
		readonly url: string,
		readonly http: AxiosInstance,
		/** n8n's version, from GET /rest/settings (`versionCli`). */
		readonly version: string,
	) {}

	async get<T>(path: string, params?: Record<string, string | number>): Promise<T> {
		return (await this.http.get<{ data: T }>(`/rest${path}`, { params })).data.data;
	}

	async post<T>(path: string, body: unknown): Promise<T> {
		return (await this.http.post<{ data: T }>(`/rest${path}`, body)).data.data;
	}

	/** GET /types/nodes.json: every loaded node type, one entry per version; not wrapped in `{ data }`. */
	async nodeTypes(): Promise<INodeTypeDescription[]> {
		return (await this.http.get<INodeTypeDescription[]>('/types/nodes.json')).data;
	}

	/** GET /rest/projects/personal: the owner's project, which holds workflows and data tables. */
	async personalProjectId(): Promise<string> {
		return (await this.get<{ id: string }>('/projects/personal')).id;
	}

	/**
	 * n8n 2.x: GET /rest/workflows/:id/exists. n8n 1.x has no such route: GET /rest/workflows/:id
	 * answers 200 only for a workflow it has.
	 */
	async workflowExists(id: string): Promise<boolean> {
		if (n8nMajor(this.version) >= 2) {
			return (await this.get<{ exists: boolean }>(`/workflows/${id}/exists`)).exists;
		}
		const response = await this.http.get(`/rest/workflows/${id}`, { validateStatus: () => true });
		return response.status === 200;
	}

	/**
	 * POST /rest/workflows on a running n8n (the CLI import is for before start). Inactive until
	 * activated; n8n 1.x needs `active: false` said, and gives the workflow an id of its own.
	 */
	async createWorkflow(
		workflow: Omit<N8nWorkflow, 'id'>,
	): Promise<{ id: string; versionId: string }> {
		const body = n8nMajor(this.version) < 2 ? { active: false, ...workflow } : workflow;
		return await this.post('/workflows', body);
	}

	/**
	 * n8n 2.x: POST /rest/workflows/:id/activate publishes that version; resolves once its triggers
	 * listen. n8n 1.x: PATCH /rest/workflows/:id with `active: true` activates the saved workflow
	 * before it answers, or answers with the reason it could not.
	 */
	async activateWorkflow(id: string, versionId: string): Promise<void> {
		if (n8nMajor(this.version) < 2) {
			await this.http.patch(`/rest/workflows/${id}`, { active: true, versionId });
			return;
		}
		await this.post(`/workflows/${id}/activate`, { versionId });
		await this.waitUntilPublished(id, versionId);
	}

	/**
	 * n8n 2.x: POST /rest/workflows/:id/deactivate unpublishes it (its triggers stop a moment
	 * later). n8n 1.x: PATCH /rest/workflows/:id with `active: false` and the current versionId.
	 */
	async deactivateWorkflow(id: string): Promise<void> {
		if (n8nMajor(this.version) < 2) {
			const { versionId } = await this.get<{ versionId: string }>(`/workflows/${id}`);
			await this.http.patch(`/rest/workflows/${id}`, { active: false, versionId });
			return;
		}
		await this.post(`/workflows/${id}/deactivate`, {});
	}

	/**
	 * n8n 2.40 activates triggers and webhooks asynchronously (a publication outbox), also for the
	 * workflows published before start, which go live only after /healthz/readiness says ready: poll
	 * GET /rest/workflows/:id/publication-status until the version is live.
	 */
	async waitUntilPublished(id: string, versionId?: string, timeoutMs = 60_000): Promise<void> {
		if (n8nMajor(this.version) < 2) {
			await this.waitUntilActive(id, timeoutMs);
			return;
		}
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const publication = await this.get<PublicationStatus>(`/workflows/${id}/publication-status`);
			const live = versionId === undefined || publication.liveVersionId === versionId;
			if (publication.status === 'published' && live) return;
			if (publication.status === 'failed' || publication.status === 'partial') {
				throw new Error(`workflow ${id} did not go live: ${JSON.stringify(publication.triggers)}`);
			}
			if (Date.now() > deadline) {
				throw new Error(
					`workflow ${id} not live within ${timeoutMs} ms: ${JSON.stringify(publication)}`,
				);
			}
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}

	/**
	 * n8n 1.x: GET /rest/active-workflows lists the workflows marked active without an activation
	 * error. startN8n waits for 1.x to activate them at start, so a listed one listens.
	 */
	private async waitUntilActive(id: string, timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!(await this.get<string[]>('/active-workflows')).includes(id)) {
			if (Date.now() > deadline) {
				const error = await this.get<unknown>(`/active-workflows/error/${id}`);
				throw new Error(
					`workflow ${id} not active within ${timeoutMs} ms: ${JSON.stringify(error)}`,
				);
			}
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}

	/**
	 * POST /rest/community-packages `{ name }`, as the editor's Settings → Community Nodes → Install:
	 * n8n fetches the package from npm's registry, installs it and loads its nodes before it answers.
	 */
	async installCommunityPackage(name: string): Promise<InstalledCommunityPackage> {
		return await this.post('/community-packages', { name });
	}

	/** POST /rest/credentials into the owner's personal project; `data` in plain text. */
	async createCredential(credential: Omit<N8nCredential, 'id'>): Promise<{ id: string }> {
		return await this.post('/credentials', credential);
	}
}

/**
 * n8n 2.x serves nothing but the owner setup until an owner exists: POST /rest/owner/setup (once per
 * user folder; skipped when done already), then POST /rest/login for the `n8n-auth` cookie.
 */
export async function setupOwner(
	n8n: { url: string },
	owner: N8nOwner = defaultOwner,
): Promise<N8nRestClient> {
	const http = createHttp(n8n.url);
	try {
		await http.post('/rest/owner/setup', owner);
	} catch (error) {
		if (!String((error as Error).message).includes('Instance owner already setup')) throw error;
	}
	return await login(n8n, owner);
}

export async function login(
	n8n: { url: string },
	owner: N8nOwner = defaultOwner,
): Promise<N8nRestClient> {
	const http = createHttp(n8n.url);
	const response = await loginWithinRateLimit(http, owner);
	const cookie = (response.headers['set-cookie'] ?? [])
		.map((header) => header.split(';')[0])
		.find((pair) => pair.startsWith('n8n-auth='));
	if (!cookie) throw new Error(`POST ${n8n.url}/rest/login set no n8n-auth cookie`);
	http.defaults.headers.common.cookie = cookie;
	const settings = await http.get<{ data: { versionCli: string } }>('/rest/settings');
	return new N8nRestClient(n8n.url, http, settings.data.data.versionCli);
}

/**
 * n8n allows 5 logins per email a minute (its auth controller's keyed rate limit), and the e2e
 * files share one n8n: a refused login (429) waits for the window to pass and tries again.
 */
async function loginWithinRateLimit(http: AxiosInstance, owner: N8nOwner) {
	const deadline = Date.now() + 70_000;
	for (;;) {
		try {
			return await http.post('/rest/login', {
				emailOrLdapLoginId: owner.email,
				password: owner.password,
			});
		} catch (error) {
			if (!String((error as Error).message).includes('failed (429)') || Date.now() > deadline)
				throw error;
			await new Promise((resolve) => setTimeout(resolve, 5_000));
		}
	}
}

/** Axios whose errors name the request and carry n8n's answer, which says what was wrong. */
function createHttp(url: string): AxiosInstance {
	// A new connection per request: Node's global agent keeps sockets alive, and one that n8n closed
	// while a busy machine compiled the next test file fails the next request with "socket hang up".
	const http = axios.create({
		baseURL: url,
		timeout: 30_000,
		httpAgent: new Agent({ keepAlive: false }),
	});
	http.interceptors.response.use(undefined, (error: unknown) => {
		if (!isAxiosError(error)) throw error;
		const { config, response } = error;
		const body = response ? JSON.stringify(response.data) : error.message;
		throw new Error(
			`${config?.method?.toUpperCase() ?? ''} ${config?.url ?? ''} failed (${response?.status ?? 'no answer'}): ${body}`,
		);
	});
	return http;
}
