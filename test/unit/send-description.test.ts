/* eslint-disable
	@n8n/community-nodes/no-dangerous-functions
	-- a test run by Jest in Node, never loaded by n8n: it evaluates the subtitle expression as the editor does */
import type { INodeProperties } from 'n8n-workflow';
import { WhatsAppSend } from '../../nodes/WhatsAppSend/WhatsAppSend.node';
import { WhatsAppTrigger } from '../../nodes/WhatsAppTrigger/WhatsAppTrigger.node';

const send = new WhatsAppSend().description;

/** Every text a user reads in the editor: names, descriptions, hints, placeholders, options. */
function visibleTexts(properties: INodeProperties[]): string[] {
	const texts: string[] = [];
	const visit = (value: unknown): void => {
		if (Array.isArray(value)) return value.forEach(visit);
		if (typeof value !== 'object' || value === null) return;
		for (const [key, inner] of Object.entries(value)) {
			if (
				['displayName', 'name', 'description', 'hint', 'placeholder', 'action'].includes(key) &&
				typeof inner === 'string'
			)
				texts.push(inner);
			else visit(inner);
		}
	};
	visit(properties);
	return texts;
}

/** The subtitle as n8n's editor shows it: the expression evaluated against the node's parameters. */
function subtitle(parameters: Record<string, string>): string {
	const expression = String(send.subtitle)
		.replace(/^=\{\{/, '')
		.replace(/\}\}$/, '');
	return new Function('$parameter', `return (${expression});`)(parameters) as string;
}

/** Whether n8n's editor shows a parameter for these node parameters (show and hide, `/` for the node's top level). */
function shown(
	displayOptions: INodeProperties['displayOptions'],
	parameters: Record<string, string>,
): boolean {
	const value = (key: string) => parameters[key.replace(/^\//, '')];
	const show = Object.entries(displayOptions?.show ?? {}).every(([key, values]) =>
		(values as unknown[]).includes(value(key)),
	);
	const hide = Object.entries(displayOptions?.hide ?? {}).some(([key, values]) =>
		(values as unknown[]).includes(value(key)),
	);
	return show && !hide;
}

function sendingOptionsShown(parameters: Record<string, string>): string[] {
	const collection = send.properties.find(
		(property) => property.name === 'sendingOptions',
	) as INodeProperties;
	if (!shown(collection.displayOptions, parameters)) return [];
	return (collection.options as INodeProperties[])
		.filter((option) => shown(option.displayOptions, parameters))
		.map((option) => option.name);
}

describe('what the editor shows of WhatsApp Send', () => {
	it('Sending Options offers only what each operation reads', () => {
		expect(sendingOptionsShown({ resource: 'message', operation: 'text' })).toEqual([
			'connection',
			'maxConcurrency',
			'maxRetries',
			'messagesPerSecond',
			'requestTimeout',
			'retryAmbiguousFailures',
			'sentReferencesLimit',
			'skipReferencesAlreadySent',
		]);
		// Mark as Read carries no Reference ID; Forget Sent References sends nothing.
		expect(sendingOptionsShown({ resource: 'message', operation: 'markAsRead' })).not.toContain(
			'skipReferencesAlreadySent',
		);
		expect(sendingOptionsShown({ resource: 'message', operation: 'forgetSentReferences' })).toEqual(
			[],
		);
		// Media requests are not paced, and an upload that may have arrived is never sent again;
		// only message POSTs may reuse connections.
		expect(sendingOptionsShown({ resource: 'media', operation: 'upload' })).toEqual([
			'maxConcurrency',
			'maxRetries',
			'requestTimeout',
		]);
		// Send and Wait sends one message, once.
		expect(sendingOptionsShown({ resource: 'message', operation: 'sendAndWait' })).toEqual([
			'requestTimeout',
		]);
	});

	it.each([
		['Send', send.properties],
		['Trigger', new WhatsAppTrigger().description.properties],
	])('%s: no tab or line break inside a name, description or hint', (_node, properties) => {
		expect(visibleTexts(properties).filter((text) => /[\t\n]/.test(text))).toEqual([]);
	});

	it.each([
		[{ resource: 'message', operation: 'markAsRead' }, 'Mark as Read'],
		[{ resource: 'message', operation: 'sendAndWait' }, 'Send and Wait for Response'],
		[{ resource: 'message', operation: 'text' }, 'Send Text'],
		[{ resource: 'media', operation: 'download' }, 'Media: Download'],
	])('the subtitle names the operation as its menu does (%j)', (parameters, shown) => {
		expect(subtitle(parameters)).toBe(shown);
	});
});
