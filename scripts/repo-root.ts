/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- a dev script run by Node, never loaded by n8n */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder with the package's package.json, found from scripts/ (ts-jest) and build/scripts/ (tsc) alike. */
export function repoRoot(): string {
	let dir = __dirname;
	while (!existsSync(join(dir, 'package.json'))) {
		const parent = dirname(dir);
		if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
		dir = parent;
	}
	return dir;
}
