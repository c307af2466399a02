/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- a dev script run by Node, never loaded by n8n */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { runCommand } from './run-command';

interface PackageJson {
	name: string;
	version: string;
	dependencies?: Record<string, string>;
	devDependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	optionalDependencies?: Record<string, string>;
	n8n?: { nodes?: string[]; credentials?: string[] };
}

export interface InstalledPackage {
	packageName: string;
	/** <userFolder>/.n8n/nodes/node_modules/<packageName> */
	packageDir: string;
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
 * Installs a packed community package into `<userFolder>/.n8n/nodes` the way n8n 2.40 does it
 * (CommunityPackagesService.downloadPackage): unpack into node_modules/<name>, drop the dev, peer
 * and optional dependencies (n8n provides n8n-workflow itself), install only the runtime
 * dependencies, and list the package in nodes/package.json. n8n loads every n8n-nodes-* folder
 * there at start.
 */
export async function prepareUserFolder(options: {
	userFolder: string;
	tarball: string;
}): Promise<InstalledPackage> {
	const nodesDir = join(options.userFolder, '.n8n', 'nodes');
	await mkdir(join(nodesDir, 'node_modules'), { recursive: true });
	const unpacked = await mkdtemp(join(nodesDir, '.unpack-'));
	await runCommand('tar', ['-xzf', options.tarball, '-C', unpacked, '--strip-components=1']);

	const packageJsonPath = join(unpacked, 'package.json');
	const packageJson = JSON.parse(await readFile(packageJsonPath, 'utf8')) as PackageJson;
	const runtimePackageJson = { ...packageJson };
	delete runtimePackageJson.devDependencies;
	delete runtimePackageJson.peerDependencies;
	delete runtimePackageJson.optionalDependencies;
	await writeFile(packageJsonPath, JSON.stringify(runtimePackageJson, null, 2));

	const packageDir = join(nodesDir, 'node_modules', packageJson.name);
	await rm(packageDir, { recursive: true, force: true });
	await mkdir(dirname(packageDir), { recursive: true });
	await rename(unpacked, packageDir);

	if (Object.keys(packageJson.dependencies ?? {}).length > 0) {
		await runCommand(
			'npm',
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
			],
			{ cwd: packageDir },
		);
	}

	await addToInstalledNodes(nodesDir, packageJson);
	assertBuiltFilesPresent(packageDir, packageJson);
	return { packageName: packageJson.name, packageDir };
}

async function addToInstalledNodes(nodesDir: string, installed: PackageJson): Promise<void> {
	const path = join(nodesDir, 'package.json');
	const current = existsSync(path)
		? (JSON.parse(await readFile(path, 'utf8')) as { dependencies?: Record<string, string> })
		: {};
	const dependencies = { ...current.dependencies, [installed.name]: installed.version };
	const packageJson = { name: 'installed-nodes', private: true, ...current, dependencies };
	await writeFile(path, JSON.stringify(packageJson, null, 2));
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
