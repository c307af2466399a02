/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-hardcoded-secrets
	-- a test run by Jest in Node, never loaded by n8n;
	its tokens and secrets are made up for the sandbox */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INode, IPinData } from 'n8n-workflow';
import { type Browser, chromium, type Page, selectors } from 'playwright-core';
import type { N8nRestClient } from '../../scripts/n8n-rest-client';
import { e2eEnvironment } from './support/environment';
import { sandboxAdmin } from './support/sandbox-admin';
import { ownerClient } from './support/workflows';

/**
 * Both nodes in the n8n editor, in Debian's headless Chromium: the test checks what the editor
 * shows and takes the README's pictures. They are saved only where WHATSAPP_REFERENCE_SCREENSHOTS
 * names a folder, as `npm run screenshots` does with docs/images.
 */
const CHROMIUM = '/usr/bin/chromium';
// Without the network flags Chromium keeps trying hosts this machine cannot reach.
const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
const README = 'https://github.com/n8n-nodes-whatsapp-reference/n8n-nodes-whatsapp-reference#';

const pictureFolder = process.env.WHATSAPP_REFERENCE_SCREENSHOTS
	? resolve(process.env.WHATSAPP_REFERENCE_SCREENSHOTS)
	: undefined;

interface ExampleWorkflow {
	name: string;
	nodes: INode[];
	connections: Record<string, unknown>;
	pinData?: IPinData;
}

const readExample = (file: string): ExampleWorkflow =>
	JSON.parse(readFileSync(join(__dirname, '../../examples', file), 'utf8')) as ExampleWorkflow;

/** Credentials for the examples' other services, with made-up values: nothing here calls them. */
const OTHER_CREDENTIALS: Record<string, Record<string, string>> = {
	httpBasicAuth: { user: 'campaigns', password: 'Campaign-form-1' },
	hubspotAppToken: { appToken: 'pat-na1-screenshot' },
};

type PickedCredentials = Record<string, { id: string; name: string }>;

async function credentialsToPick(): Promise<PickedCredentials> {
	const { cloudCredential, webhookCredential } = e2eEnvironment();
	const picked: PickedCredentials = {
		whatsAppCloudApi: cloudCredential,
		whatsAppWebhookApi: webhookCredential,
	};
	for (const [type, data] of Object.entries(OTHER_CREDENTIALS)) {
		const name = `Screenshot ${type}`;
		picked[type] = { name, ...(await client.createCredential({ name, type, data })) };
	}
	return picked;
}

/** The example with every credential and the sender number picked, and data pinned to show in the panels. */
function prepared(file: string, pinData: IPinData): ExampleWorkflow {
	const { phoneNumberId } = e2eEnvironment();
	const example = readExample(file);
	const nodes = example.nodes.map((node): INode => {
		const credentials = Object.fromEntries(
			Object.keys(node.credentials ?? {}).map((type) => [type, picked[type]]),
		);
		const parameters = node.type.endsWith('.whatsAppSend')
			? { ...node.parameters, phoneNumberId: { __rl: true, mode: 'id', value: phoneNumberId } }
			: node.parameters;
		return { ...node, parameters, ...(node.credentials ? { credentials } : {}) };
	});
	return { ...example, nodes, pinData };
}

const nodeNamed = (workflow: ExampleWorkflow, name: string): INode => {
	const node = workflow.nodes.find((candidate) => candidate.name === name);
	if (!node) throw new Error(`${workflow.name} has no node ${name}`);
	return node;
};

const readStatus = {
	event: 'status',
	status: 'read',
	referenceId: '101',
	messageId: 'wamid.HBgLMTY1MDU1NTAxMDEVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA',
	recipientId: '16505550101',
	recipientUserId: null,
	timestamp: '2026-11-26T09:41:07.000Z',
	phoneNumberId: '106540352242922',
	displayPhoneNumber: '15550783881',
	businessAccountId: '102290129340398',
	conversation: null,
	pricing: null,
	errors: [],
	eventId: 'wamid.HBgLMTY1MDU1NTAxMDEVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA:read:1795686067',
};

let client: N8nRestClient;
let picked: PickedCredentials;
let browser: Browser;
let page: Page;

const CHROMIUM_MISSING = `Chromium is not at ${CHROMIUM} (Debian's chromium package)`;
const chromiumPresent = existsSync(CHROMIUM);
if (!chromiumPresent) process.stderr.write(`screenshots.test.ts: skipped, ${CHROMIUM_MISSING}.\n`);
const describeWithChromium = chromiumPresent ? describe : describe.skip;

// CI installs Chromium: there, a skip would hide that the editor was never checked.
(process.env.CI === 'true' ? it : it.skip)(`finds Chromium under CI (${CHROMIUM})`, () => {
	if (!chromiumPresent)
		throw new Error(
			`${CHROMIUM_MISSING}; CI installs it, so this run checked nothing in the editor.`,
		);
});

describeWithChromium('the nodes in the n8n editor, in headless Chromium', () => {
	beforeAll(async () => {
		if (pictureFolder) mkdirSync(pictureFolder, { recursive: true });
		// n8n's editor marks its elements with data-test-id.
		selectors.setTestIdAttribute('data-test-id');
		client = await ownerClient();
		picked = await credentialsToPick();
		browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		const [name, value] = String(client.http.defaults.headers.common.cookie).split(/=(.*)/s);
		await context.addCookies([{ name, value, url: e2eEnvironment().n8nUrl }]);
		page = await context.newPage();
	});

	afterAll(async () => {
		await browser?.close();
	});

	beforeEach(async () => {
		await sandboxAdmin.reset();
	});

	/** Without the toasts and hover hints that would cover the panels. */
	async function screenshot(picture: string): Promise<void> {
		for (const close of await page.locator('.el-notification__closeBtn').all()) await close.click();
		await page.mouse.move(0, 450);
		await page.waitForTimeout(500);
		const png = await page.screenshot(pictureFolder ? { path: join(pictureFolder, picture) } : {});
		expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
	}

	async function open(workflow: ExampleWorkflow, node?: INode): Promise<void> {
		const { id } = await client.post<{ id: string }>('/workflows', workflow);
		await page.goto(`${e2eEnvironment().n8nUrl}/workflow/${id}${node ? `/${node.id}` : ''}`);
		await page.getByTestId(node ? 'ndv' : 'canvas').waitFor();
	}

	it('WhatsApp Send: the panel shows the Reference ID from the item, and after a run the wamid beside it', async () => {
		// With the form's and the CSV's output pinned, the step runs at once, without waiting for an upload.
		const workflow = prepared('campaign-from-csv.json', {
			'Upload contacts CSV': [
				{ json: { submittedAt: '2026-11-26T09:41:00.000Z', formMode: 'production' } },
			],
			'Read CSV rows': [
				{ json: { 'Record ID': '101', 'First Name': 'Ana', 'Phone Number': '+1 650 555 0101' } },
			],
		});
		await open(workflow, nodeNamed(workflow, 'Send WhatsApp template'));
		const panel = page.getByTestId('ndv');
		await expect(panel.getByRole('link', { name: 'Docs' }).getAttribute('href')).resolves.toMatch(
			new RegExp(`^${README}whatsapp-send`),
		);

		await panel.getByTestId('node-execute-button').click();
		const output = page.getByTestId('output-panel');
		await output.getByText('wamid.', { exact: false }).first().waitFor();
		await expect(output.textContent()).resolves.toMatch(/referenceId[\s\S]*101/);
		await expect(
			panel.getByTestId('parameter-expression-preview-referenceId').textContent(),
		).resolves.toBe('101');
		const [message] = await sandboxAdmin.messages();
		expect(message).toMatchObject({ referenceId: '101', to: '16505550101', type: 'template' });
		await screenshot('send-node.png');
	});

	it('WhatsApp Trigger: the panel shows the events and statuses it starts on, and one status item with its referenceId', async () => {
		const workflow = prepared('statuses-to-hubspot.json', {
			'WhatsApp statuses': [{ json: readStatus }],
		});
		await open(workflow, nodeNamed(workflow, 'WhatsApp statuses'));
		const panel = page.getByTestId('ndv');
		await panel.getByTestId('parameter-input-events').waitFor();
		await expect(panel.textContent()).resolves.toMatch(/Message Statuses/);
		const output = page.getByTestId('output-panel');
		await output.getByTestId('radio-button-json').click();
		await output.getByText('eventId').waitFor();
		await expect(output.textContent()).resolves.toMatch(/"referenceId":\s*"101"/);
		await screenshot('trigger-node.png');
	});

	it.each([
		['campaign-from-csv.json', 'canvas-campaign.png'],
		['statuses-to-hubspot.json', 'canvas-statuses.png'],
	])(
		'%s on the canvas: every node drawn, none flagged with a problem once the credentials are picked',
		async (file, picture) => {
			const workflow = prepared(file, {});
			await open(workflow);
			const drawn = workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
			await expect(page.getByTestId('canvas-node').count()).resolves.toBe(drawn.length);
			await expect(page.getByTestId('node-issues').count()).resolves.toBe(0);
			await page.getByTestId('zoom-to-fit').click();
			await screenshot(picture);
		},
	);
});
