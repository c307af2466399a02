/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- a dev script run by Node, never loaded by n8n */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { IConnections, INode, IWorkflowSettings } from 'n8n-workflow';

import { n8nEnv, type N8nContext } from './n8n-env';
import { n8nMajor } from './n8n-versions';
import { runCommand } from './run-command';

/** The shape `n8n import:credentials` takes: `data` in plain text, n8n encrypts it. */
export interface N8nCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface N8nWorkflow {
	id: string;
	name: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
}

/** Runs one n8n CLI command on the user folder; each takes about 2.5 s (n8n boots its DI and database). */
export async function runN8nCommand(ctx: N8nContext, args: string[]): Promise<string> {
	return await runCommand(ctx.install.nodeBin, [ctx.install.n8nBin, ...args], {
		env: n8nEnv(ctx),
	});
}

/** Before `n8n start`: n8n's CLI and server share one SQLite file, and a running server would not see the changes. */
export async function importCredentials(
	ctx: N8nContext,
	credentials: N8nCredential[],
): Promise<void> {
	await importFile(ctx, 'import:credentials', credentials);
}

/** Imported workflows are inactive; publish the ones that must listen (webhooks, triggers). */
export async function importWorkflows(ctx: N8nContext, workflows: N8nWorkflow[]): Promise<void> {
	await importFile(ctx, 'import:workflow', workflows);
}

/**
 * Makes the workflow's current version the published, active one (n8n 2.x's "activate"); n8n 1.x
 * has no publishing and marks the workflow active instead.
 */
export async function publishWorkflow(ctx: N8nContext, id: string): Promise<void> {
	const args =
		n8nMajor(ctx.install.version) < 2
			? ['update:workflow', `--id=${id}`, '--active=true']
			: ['publish:workflow', `--id=${id}`];
	await runN8nCommand(ctx, args);
}

async function importFile(ctx: N8nContext, command: string, entries: unknown[]): Promise<void> {
	if (entries.length === 0) return;
	await mkdir(ctx.userFolder, { recursive: true });
	const folder = await mkdtemp(join(ctx.userFolder, '.import-'));
	try {
		const file = join(folder, 'input.json');
		await writeFile(file, JSON.stringify(entries));
		await runN8nCommand(ctx, [command, `--input=${file}`]);
	} finally {
		await rm(folder, { recursive: true, force: true });
	}
}
