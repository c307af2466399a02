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
