/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- a test run by Jest in Node, never loaded by n8n */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureN8nInstalled, n8nBinaryEnv, type N8nInstall } from '../../scripts/n8n-install';
import { runCommand } from '../../scripts/run-command';

/**
 * The real install into an empty cache folder, as on a user's first `npm start`: part of every
 * `npm test`, so that CI, whose user cache is always warm, still installs from nothing once per run.
 * About five minutes on 2 quiet cores.
 */
const pinnedN8nVersion = '2.40.7';
const variables = ['N8N_WHATSAPP_REFERENCE_CACHE', 'N8N_VERSION', 'N8N_NODE_MAJOR'] as const;
const saved = Object.fromEntries(variables.map((name) => [name, process.env[name]]));
const savedIgnoreScripts = process.env.npm_config_ignore_scripts;

let cacheRoot: string;
let install: N8nInstall;

beforeAll(async () => {
	cacheRoot = await mkdtemp(join(tmpdir(), 'install-n8n-from-empty-'));
	process.env.N8N_WHATSAPP_REFERENCE_CACHE = cacheRoot;
	delete process.env.N8N_VERSION;
	delete process.env.N8N_NODE_MAJOR;
	// What `npm start` and `npm test` hand down from this repository's .npmrc, however Jest was
	// started: with it, a `npm rebuild` used to run nothing and report success (issue #15).
	process.env.npm_config_ignore_scripts = 'true';
	install = await ensureN8nInstalled();
}, 45 * 60_000);

afterAll(async () => {
	for (const name of variables) {
		if (saved[name] === undefined) delete process.env[name];
		else process.env[name] = saved[name];
	}
	if (savedIgnoreScripts === undefined) delete process.env.npm_config_ignore_scripts;
	else process.env.npm_config_ignore_scripts = savedIgnoreScripts;
	await rm(cacheRoot, { recursive: true, force: true });
});

/** Runs the installed Node.js as n8n runs it. */
async function runNode(args: string[]): Promise<string> {
	return (await runCommand(install.nodeBin, args, { env: n8nBinaryEnv(install) })).trim();
}

test('it installs into the cache folder given', () => {
	expect(install.installDir).toBe(join(cacheRoot, `n8n-${pinnedN8nVersion}-node24`));
});

test('Node.js 24 runs', async () => {
	expect(await runNode(['--version'])).toMatch(/^v24\./);
	// Whatever n8n starts by name (its task runner) finds the same Node.js first on PATH.
	const onPath = await runCommand('node', ['--version'], { env: n8nBinaryEnv(install) });
	expect(onPath.trim()).toMatch(/^v24\./);
});

test('the n8n CLI answers with the pinned version', async () => {
	expect(await runNode([install.n8nBin, '--version'])).toBe(pinnedN8nVersion);
});

test('sqlite3 is built for that Node.js and opens a database', async () => {
	const sqlite3 = join(install.installDir, 'node_modules', 'sqlite3');
	const answer = await runNode([
		'-e',
		`new (require(${JSON.stringify(sqlite3)}).Database)(':memory:').get(
			'select 6 * 7 as answer', (error, row) => { if (error) throw error; console.log(row.answer); })`,
	]);
	expect(answer).toBe('42');
});

test('the install is marked ready, with each step logged', async () => {
	expect(await readFile(join(install.installDir, '.ready'), 'utf8')).toMatch(
		new RegExp(`^n8n ${pinnedN8nVersion.replace(/\./g, '\\.')} on Node\\.js v24\\.`),
	);
	const logs = join(cacheRoot, 'install-logs', `n8n-${pinnedN8nVersion}-node24`);
	for (const step of ['node', 'n8n', 'sqlite3']) {
		expect(existsSync(join(logs, `${step}.log`))).toBe(true);
	}
	expect(await readFile(join(logs, 'sqlite3.log'), 'utf8')).toContain(
		'sqlite3 loads on Node.js v24.',
	);
});
