/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- a test run by Jest in Node, never loaded by n8n */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureN8nInstalled } from '../../scripts/n8n-install';

/**
 * scripts/install-n8n.sh with test/install/fake-npm/npm first on PATH: each step breaks the way
 * real installs broke, and the installer must try it once more, then stop with the step, its log
 * and what to do, as `npm start` shows it. The real install is install-from-empty.test.ts.
 */
const fakeNpmFolder = join(__dirname, 'fake-npm');
const variables = [
	'PATH',
	'N8N_WHATSAPP_REFERENCE_CACHE',
	'N8N_VERSION',
	'N8N_NODE_MAJOR',
	'FAKE_NPM_BREAK',
	'FAKE_NPM_BREAK_TIMES',
	'FAKE_NPM_CALLS',
	'npm_lifecycle_event',
] as const;
const saved = Object.fromEntries(variables.map((name) => [name, process.env[name]]));

let cacheRoot: string;
let callsFile: string;

beforeEach(async () => {
	cacheRoot = await mkdtemp(join(tmpdir(), 'install-n8n-failures-'));
	callsFile = join(cacheRoot, 'npm-calls.txt');
	process.env.PATH = `${fakeNpmFolder}:${saved.PATH ?? ''}`;
	process.env.N8N_WHATSAPP_REFERENCE_CACHE = cacheRoot;
	process.env.FAKE_NPM_CALLS = callsFile;
	process.env.npm_lifecycle_event = 'start';
	for (const name of ['N8N_VERSION', 'N8N_NODE_MAJOR', 'FAKE_NPM_BREAK', 'FAKE_NPM_BREAK_TIMES']) {
		delete process.env[name];
	}
});

afterEach(async () => {
	for (const name of variables) {
		if (saved[name] === undefined) delete process.env[name];
		else process.env[name] = saved[name];
	}
	await rm(cacheRoot, { recursive: true, force: true });
});

async function npmCalls(): Promise<string[]> {
	return (await readFile(callsFile, 'utf8')).trim().split('\n');
}

async function installFailure(): Promise<string> {
	const error: unknown = await ensureN8nInstalled().then(
		() => new Error('the install succeeded'),
		(rejection: unknown) => rejection,
	);
	if (!(error instanceof Error) || !error.message.includes('[install-n8n] FAILED')) throw error;
	return error.message;
}

const installDir = () => join(cacheRoot, 'n8n-2.40.7-node24');
const logFile = (step: string) =>
	join(cacheRoot, 'install-logs', 'n8n-2.40.7-node24', `${step}.log`);

test.each([
	{
		step: 'node',
		what: 'install Node.js 24',
		npmCall: /^install .*--ignore-scripts node-\S+@24$/,
		logged: 'no Node.js binary at ',
	},
	{
		step: 'n8n',
		what: 'install n8n 2.40.7',
		npmCall: /^install .*--ignore-scripts n8n@2\.40\.7$/,
		logged: 'No matching version found for @n8n/agents@0.26.2',
	},
	{
		step: 'sqlite3',
		what: "build sqlite3 against Node.js 24's headers",
		npmCall: /^rebuild .*--ignore-scripts=false .*sqlite3$/,
		logged: "Cannot find module './binding.js'",
	},
])(
	'a step that fails twice ($step) stops the install with the step, its log and what to do',
	async ({ step, what, npmCall, logged }) => {
		process.env.FAKE_NPM_BREAK = step;

		const message = await installFailure();

		expect(message).toContain(`[install-n8n] FAILED: step "${step}" (${what}`);
		expect(message).toContain(`failed twice.\nFull output: ${logFile(step)}\n`);
		expect(message).toContain('What to do: run `npm start` again.');
		expect(message).toContain(`delete\n${installDir()} and run it again.`);
		// The reason is in the message too, not only in the log file.
		expect(message).toContain(logged);
		const stepCalls = (await npmCalls()).filter((call) => npmCall.test(call));
		expect(stepCalls).toHaveLength(2);
		const log = await readFile(logFile(step), 'utf8');
		expect(log).toContain('=== attempt 1 failed');
		expect(log).toContain('=== attempt 2 failed');
		expect(existsSync(join(installDir(), '.ready'))).toBe(false);
	},
);

test('the steps run in order and a step that breaks after an earlier one passed stops there', async () => {
	process.env.FAKE_NPM_BREAK = 'sqlite3';

	await installFailure();

	const steps = (await npmCalls()).map((call) => call.split(' ').pop());
	expect(steps).toEqual([
		expect.stringMatching(/^node-.+@24$/),
		'n8n@2.40.7',
		'sqlite3',
		'sqlite3',
	]);
});

test('a step that fails once is tried again and the install completes', async () => {
	process.env.FAKE_NPM_BREAK = 'node';
	process.env.FAKE_NPM_BREAK_TIMES = '1';

	const install = await ensureN8nInstalled();

	expect(install.installDir).toBe(installDir());
	expect(install.nodeBin).toBe(join(installDir(), 'node', 'node_modules', '.bin', 'node'));
	expect(existsSync(install.nodeBin)).toBe(true);
	expect(await readFile(join(installDir(), '.ready'), 'utf8')).toBe(
		'n8n 2.40.7 on Node.js v24.0.0\n',
	);
	const log = await readFile(logFile('node'), 'utf8');
	expect(log).toContain('=== attempt 1 failed');
	expect(log).toContain('node --version: v24.0.0');
	expect(log).not.toContain('=== attempt 2 failed');
	// Ready: the next call installs nothing.
	const callsBefore = await npmCalls();
	await ensureN8nInstalled();
	expect(await npmCalls()).toEqual(callsBefore);
});

test('n8n 1.x is installed on Node.js 22, and N8N_NODE_MAJOR picks another', async () => {
	const legacy = await ensureN8nInstalled('1.123.81');
	expect(legacy.installDir).toBe(join(cacheRoot, 'n8n-1.123.81-node22'));
	expect(await npmCalls()).toEqual(
		expect.arrayContaining([
			expect.stringMatching(/ node-\S+@22$/),
			expect.stringMatching(/ n8n@1\.123\.81$/),
		]),
	);

	process.env.N8N_NODE_MAJOR = '26';
	const overridden = await ensureN8nInstalled('2.41.1');
	expect(overridden.installDir).toBe(join(cacheRoot, 'n8n-2.41.1-node26'));
	expect(await readFile(join(overridden.installDir, '.ready'), 'utf8')).toBe(
		'n8n 2.41.1 on Node.js v26.0.0\n',
	);
});

test('run outside npm, the message gives the script to run again', async () => {
	delete process.env.npm_lifecycle_event;
	process.env.FAKE_NPM_BREAK = 'n8n';

	const message = await installFailure();

	expect(message).toContain(
		'What to do: run `N8N_VERSION=2.40.7 N8N_NODE_MAJOR=24 bash scripts/install-n8n.sh` again.',
	);
});
