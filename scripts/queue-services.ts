/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/require-node-api-error
	-- a dev script run by Node, never loaded by n8n */
import { chmod, chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from './free-port';
import { repoRoot } from './repo-root';
import { runCommand } from './run-command';
import {
	logTail,
	startSupervised,
	waitUntilReady,
	type SupervisedProcess,
} from './supervised-process';

/** What n8n's queue mode needs besides n8n: a Postgres database and a Redis, on loopback. */
export interface QueueServices {
	postgres: { port: number; user: string; database: string };
	redis: { port: number };
	/** The variables that point every n8n process at them. */
	n8nEnv: NodeJS.ProcessEnv;
	/** Stops both and removes their data; safe to call twice. */
	stop(): Promise<void>;
}

const database = 'n8n';
const databaseUser = 'n8n';
const readyTimeoutMs = 60_000;

/**
 * Private Postgres and Redis instances with their data in a new temp folder, on free ports, each in
 * its own process group under a supervisor, so that nothing outlives us. scripts/install-queue-services.sh
 * installs Debian's packages first where they are missing.
 */
export async function startQueueServices(): Promise<QueueServices> {
	const postgresBin = (
		await runCommand('bash', [join(repoRoot(), 'scripts', 'install-queue-services.sh')], {
			inheritStderr: true,
		})
	)
		.trim()
		.split('\n')
		.pop();
	if (!postgresBin) throw new Error('install-queue-services.sh did not name the PostgreSQL folder');
	const folder = await mkdtemp(join(tmpdir(), 'n8n-queue-services-'));
	// Postgres may run as another user (see unprivilegedUser), which must reach its folder inside.
	await chmod(folder, 0o711);
	const started: SupervisedProcess[] = [];
	const stop = async () => {
		await Promise.all(started.map(async (service) => await service.stop()));
		await rm(folder, { recursive: true, force: true });
	};
	try {
		const postgres = await startPostgres(postgresBin, join(folder, 'postgres'), started);
		const redis = await startRedis(join(folder, 'redis'), started);
		return {
			postgres: { port: postgres.port, user: databaseUser, database },
			redis: { port: redis.port },
			n8nEnv: {
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(postgres.port),
				DB_POSTGRESDB_DATABASE: database,
				DB_POSTGRESDB_USER: databaseUser,
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redis.port),
			},
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/** initdb with trust authentication on loopback, then `postgres` on a free port, then the database. */
async function startPostgres(
	bin: string,
	dataDir: string,
	started: SupervisedProcess[],
): Promise<{ port: number }> {
	const user = await unprivilegedUser();
	await mkdir(dataDir, { recursive: true });
	if (user) await chown(dataDir, user.uid, user.gid);
	await runCommand(
		join(bin, 'initdb'),
		['-D', join(dataDir, 'data'), '-U', databaseUser, '--auth=trust', '-E', 'UTF8', '--no-sync'],
		{ user, env: { ...process.env, LANG: 'C.UTF-8' } },
	);
	const port = await freePort();
	const postgres = await startSupervised({
		command: join(bin, 'postgres'),
		args: [
			...['-D', join(dataDir, 'data'), '-p', String(port)],
			...['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dataDir}`],
			// Room for four n8n processes and their pools (n8n's default pool is 2 per process).
			...['-c', 'max_connections=100'],
		],
		env: { ...process.env, LANG: 'C.UTF-8' },
		cwd: dataDir,
		logFile: join(dataDir, 'postgres.log'),
		graceMs: 10_000,
		user,
	});
	started.push(postgres);
	const isReady = join(bin, 'pg_isready');
	await waitUntilReadyOrExplain(postgres, 'postgres', async () => {
		await runCommand(isReady, ['-h', '127.0.0.1', '-p', String(port), '-U', databaseUser]);
		return true;
	});
	await runCommand(join(bin, 'createdb'), [
		'-h',
		'127.0.0.1',
		'-p',
		String(port),
		'-U',
		databaseUser,
		database,
	]);
	return { port };
}

/** redis-server on a free port, without persistence: the queue lives only as long as the test. */
async function startRedis(dir: string, started: SupervisedProcess[]): Promise<{ port: number }> {
	await mkdir(dir, { recursive: true });
	const port = await freePort();
	const redis = await startSupervised({
		command: 'redis-server',
		args: [
			...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
			...['--save', '', '--appendonly', 'no', '--daemonize', 'no'],
		],
		env: process.env,
		cwd: dir,
		logFile: join(dir, 'redis.log'),
		graceMs: 10_000,
	});
	started.push(redis);
	await waitUntilReadyOrExplain(redis, 'redis', async () => await answersPing(port));
	return { port };
}

async function waitUntilReadyOrExplain(
	service: SupervisedProcess,
	what: string,
	isReady: () => Promise<boolean>,
): Promise<void> {
	try {
		await waitUntilReady(service, what, isReady, readyTimeoutMs);
	} catch (error) {
		throw new Error(
			`${(error as Error).message}\n--- tail of ${service.logFile} ---\n${await logTail(service.logFile)}`,
		);
	}
}

/** Redis's inline PING, answered `+PONG`. */
async function answersPing(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
		socket.setTimeout(2_000, () => socket.destroy());
		socket.once('data', (chunk) => {
			resolve(chunk.toString().startsWith('+PONG'));
			socket.end();
		});
		socket.once('error', () => resolve(false));
		socket.once('close', () => resolve(false));
	});
}

/**
 * Postgres refuses to run as root. As root, we run it as the `postgres` user that Debian's package
 * creates (or `nobody`); as anyone else, as ourselves.
 */
async function unprivilegedUser(): Promise<{ uid: number; gid: number } | undefined> {
	if (process.getuid?.() !== 0) return undefined;
	const passwd = (await readFile('/etc/passwd', 'utf8')).split('\n').map((line) => line.split(':'));
	const entry =
		passwd.find(([name]) => name === 'postgres') ?? passwd.find(([name]) => name === 'nobody');
	if (!entry)
		throw new Error(
			'running as root, and neither a postgres nor a nobody user exists to run Postgres',
		);
	return { uid: Number(entry[2]), gid: Number(entry[3]) };
}
