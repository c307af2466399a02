// Runs n8n's community-package scanner (@n8n/scan-community-package, the check n8n runs before
// verifying a package) on this package as it would be published: the source files, and the
// packed tarball's compiled files. The published scanner fetches both from npm; here they come
// from the working tree and `npm pack`, so nothing leaves the machine.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	SOURCE_FILE_PATTERNS,
	analyzePackage,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const packDir = mkdtempSync(join(tmpdir(), 'scan-package-'));
// index.js is the package entry (`main`), which npm always packs.
const ALLOWED_IN_TARBALL = /^(package\.json|README\.md|LICENSE|index\.js|dist\/.+)$/;

try {
	execFileSync('npm', ['pack', '--pack-destination', packDir, '--silent'], {
		cwd: repoRoot,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const tarball = readdirSync(packDir).find((file) => file.endsWith('.tgz'));
	const unpacked = join(packDir, 'package');
	execFileSync('tar', ['-xzf', join(packDir, tarball), '-C', packDir]);

	const packedFiles = execFileSync('tar', ['-tzf', join(packDir, tarball)], { encoding: 'utf8' })
		.split('\n')
		.filter(Boolean)
		.map((path) => path.replace(/^package\//, ''));
	const unexpected = packedFiles.filter((path) => !ALLOWED_IN_TARBALL.test(path));

	const source = await analyzePackage(repoRoot, SOURCE_FILE_PATTERNS);
	const shipped = await analyzePackage(unpacked, ['**/*.js', 'package.json']);
	const problems = [
		...(unexpected.length > 0
			? [`files the package does not need in the tarball: ${unexpected.join(', ')}`]
			: []),
		...(source.passed ? [] : [`source: ${source.message}\n${source.details ?? ''}`]),
		...(shipped.passed ? [] : [`tarball: ${shipped.message}\n${shipped.details ?? ''}`]),
	];
	if (problems.length > 0) {
		console.error(`❌ community package scan failed:\n${problems.join('\n')}`);
		process.exitCode = 1;
	} else {
		console.log(
			`✅ community package scan passed: ${packedFiles.length} files packed (${tarball}), source and tarball clean`,
		);
	}
} finally {
	rmSync(packDir, { recursive: true, force: true });
}
