/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The anchors GitHub gives README headings: rendered text, lower case, punctuation dropped, spaces as hyphens. */
function githubAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const withoutCode = markdown.replace(/```[\s\S]*?```/g, '');
	for (const [, heading] of withoutCode.matchAll(/^#{1,6} (.+)$/gm)) {
		const slug = heading
			.replace(/[*`]/g, '')
			.toLowerCase()
			.replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
			.replace(/ /g, '-');
		let anchor = slug;
		for (let repeat = 1; anchors.has(anchor); repeat++) anchor = `${slug}-${repeat}`;
		anchors.add(anchor);
	}
	return anchors;
}

const anchors = githubAnchors(readme);

/**
 * Every link to a README section, wherever a user meets it: the codex files, the nodes' and the
 * credentials' texts (a credential's documentation link), and the examples' notes.
 */
function readmeLinksOutsideReadme(): Array<{ where: string; anchor: string }> {
	const filesUnder = (folder: string, pattern: RegExp) =>
		readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
			.filter((file) => pattern.test(file))
			.map((file) => join(folder, file));
	const files = [
		...filesUnder('nodes', /\.(node\.json|ts)$/),
		...filesUnder('credentials', /\.ts$/),
		...readdirSync(join(root, 'examples')).map((file) => join('examples', file)),
	];
	return files.flatMap((file) =>
		[
			...readFileSync(join(root, file), 'utf8').matchAll(/n8n-nodes-whatsapp-reference#([\w-]+)/g),
		].map(([, anchor]) => ({
			where: file,
			anchor,
		})),
	);
}

describe('documentation links', () => {
	it('GitHub anchors are computed as GitHub does', () => {
		expect(
			githubAnchors(
				"## Setting up the webhook in Meta's dashboard\n### *Remove Duplicates* fails\n## Using a BSP\n## Using a BSP",
			),
		).toEqual(
			new Set([
				'setting-up-the-webhook-in-metas-dashboard',
				'remove-duplicates-fails',
				'using-a-bsp',
				'using-a-bsp-1',
			]),
		);
	});

	it('every README link to a section of the README finds its heading', () => {
		const internal = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map(([, anchor]) => anchor);
		expect(internal.length).toBeGreaterThan(5);
		expect(internal.filter((anchor) => !anchors.has(anchor))).toEqual([]);
	});

	it('every README link to a file of the repository finds the file', () => {
		const files = [...readme.matchAll(/\]\((?!#|https?:)([^)\s]+)\)/g)].map(
			([, path]) => path.split('#')[0],
		);
		expect(files).toEqual(expect.arrayContaining(['docs/images/round-trip.svg', 'CHANGELOG.md']));
		expect(files.filter((path) => !existsSync(join(root, path)))).toEqual([]);
	});

	it("the codex files', the credentials' and the examples' links to the README find their headings", () => {
		const links = readmeLinksOutsideReadme();
		expect(links.map(({ where }) => where)).toEqual(
			expect.arrayContaining([
				join('nodes', 'WhatsAppSend', 'WhatsAppSend.node.json'),
				join('nodes', 'WhatsAppTrigger', 'WhatsAppTrigger.node.json'),
				join('credentials', 'WhatsAppWebhookApi.credentials.ts'),
			]),
		);
		expect(links.filter(({ anchor }) => !anchors.has(anchor))).toEqual([]);
	});
});
