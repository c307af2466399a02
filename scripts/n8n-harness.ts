/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/require-node-api-error
	-- a dev script run by Node, never loaded by n8n */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import {
	importCredentials,
	importWorkflows,
	publishWorkflow,
	type N8nCredential,
	type N8nWorkflow,
} from './n8n-cli';
import type { N8nContext } from './n8n-env';
import { ensureN8nInstalled } from './n8n-install';
import { packedManifest, packPackage, prepareUserFolder } from './n8n-package';
import { startN8n, type N8nHandle } from './n8n-process';
import { setupOwner, type InstalledCommunityPackage, type N8nRestClient } from './n8n-rest-client';
import { startNpmRegistryStandIn, type NpmRegistryStandIn } from './npm-registry-stand-in';
import { repoRoot } from './repo-root';

/**
 * The two ways the README installs the package: `npm install` in the user folder before start (queue
 * mode, Docker), or n8n's Community Nodes installer, asked over REST as the editor's Settings →
 * Community Nodes → Install does, from a stand-in for npm's registry.
 */
export type InstallRoute = 'npm' | 'communityNodes';

export interface N8nHarnessOptions {
	/** A packed package to install; by default this repository's built package is packed. */
	tarball?: string;
	credentials?: N8nCredential[];
	workflows?: N8nWorkflow[];
	/** Ids of imported workflows to publish (activate) before start. */
	publish?: string[];
	/** Extra variables for n8n. */
	env?: NodeJS.ProcessEnv;
	/** Picked free when left out. */
	port?: number;
	/** Kept after stop() (e.g. for the demo); a new temp folder, removed on stop(), by default. */
	userFolder?: string;
	/** `npm` by default. Workflows to import or publish before start need `npm`. */
	installRoute?: InstallRoute;
}

export interface N8nHarness {
	ctx: N8nContext;
	n8n: N8nHandle;
	/** Logged in as the owner. */
	client: N8nRestClient;
	/** With installRoute `communityNodes`: what the installer asked of npm's registry. */
	registry?: NpmRegistryStandIn;
	/** With installRoute `communityNodes`: n8n's answer to the install. */
	communityPackage?: InstalledCommunityPackage;
	stop(): Promise<void>;
}

/**
 * A real n8n with this package installed: install (cached), pack, install into a user folder,
 * import and publish, start, set up the owner. Whatever started is stopped again when a step fails.
 */
export async function startN8nHarness(options: N8nHarnessOptions = {}): Promise<N8nHarness> {
	const install = await ensureN8nInstalled();
	const ownsUserFolder = options.userFolder === undefined;
	const userFolder = options.userFolder ?? (await mkdtemp(join(tmpdir(), 'n8n-user-')));
	const ctx: N8nContext = { install, userFolder, encryptionKey: localEncryptionKey };
	let n8n: N8nHandle | undefined;
	let registry: NpmRegistryStandIn | undefined;
	let tarball: string | undefined;
	const stop = async () => {
		await n8n?.stop();
		await registry?.close();
		if (ownsUserFolder) await rm(userFolder, { recursive: true, force: true });
	};
	try {
		tarball = options.tarball ?? (await packPackage(repoRoot()));
		const viaInstaller = options.installRoute === 'communityNodes';
		if (viaInstaller) registry = await startNpmRegistryStandIn(tarball);
		else await prepareUserFolder({ userFolder, tarball, install });
		await importCredentials(ctx, options.credentials ?? []);
		await importWorkflows(ctx, options.workflows ?? []);
		for (const id of options.publish ?? []) await publishWorkflow(ctx, id);
		n8n = await startN8n({
			...ctx,
			port: options.port,
			env: { ...options.env, ...registry?.env },
		});
		process.stderr.write(
			`[n8n] ready at ${n8n.url} after ${(n8n.startupMs / 1000).toFixed(1)} s (log: ${n8n.logFile})\n`,
		);
		const client = await setupOwner(n8n);
		const communityPackage = viaInstaller
			? await client.installCommunityPackage((await packedManifest(tarball)).name)
			: undefined;
		for (const id of options.publish ?? []) await client.waitUntilPublished(id);
		return { ctx, n8n, client, registry, communityPackage, stop };
	} catch (error) {
		await stop();
		throw error;
	} finally {
		if (tarball && !options.tarball) await rm(dirname(tarball), { recursive: true, force: true });
	}
}

/**
 * Fixed, so that a kept user folder (the demo) decrypts its credentials on the next start: n8n
 * refuses to start when the key differs from the one in <userFolder>/.n8n/config. Local only.
 */
const localEncryptionKey = 'not a secret: local n8n-nodes-whatsapp-reference runs';

type Hook = (fn: () => Promise<void>, timeoutMs?: number) => void;

/**
 * One n8n for a test file: `const n8n = withN8n({ beforeAll, afterAll }, options)`, then `n8n()`
 * inside tests. Jest gives every test file its own module registry, so a file cannot reuse
 * another's n8n without a globalSetup.
 */
export function withN8n(
	hooks: { beforeAll: Hook; afterAll: Hook },
	options: N8nHarnessOptions = {},
): () => N8nHarness {
	let harness: N8nHarness | undefined;
	// The first run installs n8n (about 5 minutes on 2 cores); later starts take seconds.
	hooks.beforeAll(async () => {
		harness = await startN8nHarness(options);
	}, 15 * 60_000);
	hooks.afterAll(async () => {
		await harness?.stop();
	}, 60_000);
	return () => {
		if (!harness) throw new Error('n8n is not running: its beforeAll failed or has not run');
		return harness;
	};
}
