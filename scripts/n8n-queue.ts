/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/require-node-api-error
	-- a dev script run by Node, never loaded by n8n */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { startN8nHarness, type N8nHarness } from './n8n-harness';
import { packPackage, prepareUserFolder } from './n8n-package';
import { startN8n, type N8nCommand, type N8nHandle } from './n8n-process';
import { startQueueServices, type QueueServices } from './queue-services';
import { repoRoot } from './repo-root';

export interface N8nQueueOptions {
	workers: number;
	/** Executions each worker runs at once (`n8n worker --concurrency`). */
	workerConcurrency: number;
	/** Extra variables for every n8n process. */
	env?: NodeJS.ProcessEnv;
}

export interface N8nQueue {
	services: QueueServices;
	/** The main instance: editor, REST API, activation. Logged in as the owner. */
	main: N8nHarness;
	workers: N8nHandle[];
	/** Answers production webhooks: post to `${webhookProcessor.url}/webhook/...`. */
	webhookProcessor: N8nHandle;
	stop(): Promise<void>;
}

/** Every process of one queue-mode n8n: same database, same Redis, same encryption key. */
export const queueModeEnv: NodeJS.ProcessEnv = {
	EXECUTIONS_MODE: 'queue',
	// Production webhooks go to the webhook processor only; the main instance does not serve them.
	N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
};

/**
 * n8n in queue mode on loopback, with this package installed in every process: Postgres and Redis
 * (scripts/queue-services.ts), the main instance (which migrates the database and sets up the
 * owner), then the workers and a webhook processor, each with a user folder of its own as on
 * separate machines. Whatever started is stopped again when a step fails.
 */
export async function startN8nQueue(options: N8nQueueOptions): Promise<N8nQueue> {
	const services = await startQueueServices();
	const others: Array<{ n8n?: N8nHandle; userFolder: string }> = [];
	let main: N8nHarness | undefined;
	let tarball: string | undefined;
	const stop = async () => {
		await Promise.all(others.map(async ({ n8n }) => await n8n?.stop()));
		await main?.stop();
		await services.stop();
		await Promise.all(
			others.map(async ({ userFolder }) => await rm(userFolder, { recursive: true, force: true })),
		);
		if (tarball) await rm(dirname(tarball), { recursive: true, force: true });
	};
	const env = { ...services.n8nEnv, ...queueModeEnv, ...options.env };
	const startWithPackage = async (command: N8nCommand, args: string[] = []) => {
		const entry: (typeof others)[number] = {
			userFolder: await mkdtemp(join(tmpdir(), `n8n-${command}-`)),
		};
		others.push(entry);
		await prepareUserFolder({
			userFolder: entry.userFolder,
			tarball: tarball as string,
			install: (main as N8nHarness).ctx.install,
		});
		entry.n8n = await startN8n({
			...(main as N8nHarness).ctx,
			userFolder: entry.userFolder,
			command,
			args,
			env,
		});
		return entry.n8n;
	};
	try {
		tarball = await packPackage(repoRoot());
		main = await startN8nHarness({ tarball, env });
		const workers = await allStarted(
			Array.from({ length: options.workers }, () =>
				startWithPackage('worker', [`--concurrency=${options.workerConcurrency}`]),
			),
		);
		const webhookProcessor = await startWithPackage('webhook');
		return { services, main, workers, webhookProcessor, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** Like Promise.all, but waits for every start to end first, so that stop() also finds the ones that came up. */
async function allStarted<T>(starts: Array<Promise<T>>): Promise<T[]> {
	const settled = await Promise.allSettled(starts);
	const failed = settled.find((result) => result.status === 'rejected');
	if (failed) throw failed.reason;
	return settled.map((result) => (result as PromiseFulfilledResult<T>).value);
}

/**
 * The executions each worker ran, read from its log: a worker logs `Worker started execution <id>
 * (job <id>)` for every job it takes from the queue (n8n 2.40, scaling/job-processor.js).
 */
export async function executionsByWorker(workers: N8nHandle[]): Promise<Array<Set<string>>> {
	return await Promise.all(
		workers.map(async (worker) => {
			const log = await readFile(worker.logFile, 'utf8');
			return new Set(
				[...log.matchAll(/Worker started execution (\d+) \(job /g)].map((match) => match[1]),
			);
		}),
	);
}
