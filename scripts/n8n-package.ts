/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- a dev script run by Node, never loaded by n8n */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { n8nBinaryEnv, type N8nInstall } from './n8n-install';
import { runCommand } from './run-command';

export interface PackageJson {
	name: string;
	version: string;
	n8n?: { nodes?: string[]; credentials?: string[] };
}

/** `npm pack` of the already built package into a new temp folder; returns the .tgz path. */
export async function packPackage(repoRoot: string): Promise<string> {
	const destination = await mkdtemp(join(tmpdir(), 'n8n-package-'));
	const stdout = await runCommand(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
		{ cwd: repoRoot },
	);
	const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
	return join(destination, packed.filename);
}

/**
 * Installs a packed community package as the README's hand route does (queue mode, Docker):
 * `npm install <package>` in `<userFolder>/.n8n/nodes`, run by the npm on PATH under n8n's own
 * Node.js (22 for n8n 1.x). n8n loads every n8n-nodes-* folder in its node_modules at start.
 * `--offline`: the package has no runtime dependencies, so nothing may need the registry; its peer
 * n8n-workflow is optional (package.json peerDependenciesMeta), so npm must not install one beside
 * it (the latest n8n-workflow needs Node.js 24 to build).
 */
export async function prepareUserFolder(options: {
	userFolder: string;
	tarball: string;
	install: N8nInstall;
}): Promise<void> {
	const nodesDir = join(options.userFolder, '.n8n', 'nodes');
	await mkdir(nodesDir, { recursive: true });
	const ledger = join(nodesDir, 'package.json');
	if (!existsSync(ledger)) {
		await writeFile(ledger, JSON.stringify({ name: 'installed-nodes', private: true }, null, 2));
	}
	await runCommand(
		'npm',
		[
			'install',
			options.tarball,
			'--offline',
			'--audit=false',
			'--fund=false',
			'--package-lock=false',
			'--loglevel=error',
		],
		{ cwd: nodesDir, env: n8nBinaryEnv(options.install) },
	);

	const packageJson = await packedManifest(options.tarball);
	const packageDir = join(nodesDir, 'node_modules', packageJson.name);
	const peer = join(nodesDir, 'node_modules', 'n8n-workflow');
	if (existsSync(peer)) {
		throw new Error(
			`npm installed n8n-workflow into ${peer} beside ${packageJson.name}: its peer dependency must be optional (peerDependenciesMeta in package.json), as n8n provides n8n-workflow itself`,
		);
	}
	assertBuiltFilesPresent(packageDir, packageJson);
}

/** The package.json inside a packed package. */
export async function packedManifest(tarball: string): Promise<PackageJson> {
	return JSON.parse(
		await runCommand('tar', ['-xzOf', tarball, 'package/package.json']),
	) as PackageJson;
}

/** A package packed before `npm run build` would install fine and then load no nodes. */
function assertBuiltFilesPresent(packageDir: string, packageJson: PackageJson): void {
	const declared = [...(packageJson.n8n?.nodes ?? []), ...(packageJson.n8n?.credentials ?? [])];
	const missing = declared.filter((file) => !existsSync(join(packageDir, file)));
	if (declared.length === 0 || missing.length > 0) {
		throw new Error(
			`${packageJson.name} in ${packageDir} lacks its built files (run \`npm run build\` before packing): ${
				missing.join(', ') || 'no n8n.nodes in package.json'
			}`,
		);
	}
}
