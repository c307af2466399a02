/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import type {
	DeduplicationHelperFunctions,
	DeduplicationItemTypes,
	ICheckProcessedOptions,
	IDataObject,
} from 'n8n-workflow';
import { type Answer, metaAccepted, runSend } from './support/send-context';

/**
 * Skip References Already Sent in the Send node's execute(), against a stand-in for n8n's
 * deduplication store with its semantics in mode `entries` (n8n's dist/deduplication/
 * deduplication-helper.js): check and record in one step, the oldest entries dropped past
 * maxEntries, removeProcessed taking entries out. What the store does in a real n8n (its database,
 * restarts, queue workers) is tested in test/e2e/resend.test.ts and test/queue.
 */

const CREDENTIALS = {
	accessToken: 'token',
	baseUrl: 'https://graph.facebook.com',
	apiVersion: 'v25.0',
};

class ProcessedStore {
	entries: string[] = [];
	writes = 0;
	private busy = false;
	overlapped = false;

	private async write<T>(work: () => T): Promise<T> {
		if (this.busy) this.overlapped = true;
		this.busy = true;
		await new Promise((resolve) => setImmediate(resolve));
		this.busy = false;
		this.writes++;
		return work();
	}

	helpers(): Partial<DeduplicationHelperFunctions> {
		return {
			checkProcessedAndRecord: async (
				items: DeduplicationItemTypes[],
				_scope,
				options: ICheckProcessedOptions,
			) =>
				await this.write(() => {
					const known = new Set(this.entries);
					const found = {
						new: [] as DeduplicationItemTypes[],
						processed: [] as DeduplicationItemTypes[],
					};
					for (const item of items) {
						if (known.has(String(item))) found.processed.push(item);
						else {
							found.new.push(item);
							this.entries.push(String(item));
						}
					}
					if (options.maxEntries)
						this.entries.splice(0, Math.max(0, this.entries.length - options.maxEntries));
					return found;
				}),
			removeProcessed: async (items: DeduplicationItemTypes[]) =>
				await this.write(() => {
					for (const item of items) {
						const index = this.entries.indexOf(String(item));
						if (index !== -1) this.entries.splice(index, 1);
					}
				}),
			clearAllProcessedItems: async () => await this.write(() => void (this.entries = [])),
			getProcessedDataCount: async () => this.entries.length,
		};
	}

	references(): string[] {
		return this.entries.map((entry) => entry.replace(/^whatsapp-reference-sent:/, ''));
	}

	static with(references: string[]): ProcessedStore {
		const store = new ProcessedStore();
		store.entries = references.map((reference) => `whatsapp-reference-sent:${reference}`);
		return store;
	}
}

function textItem(
	referenceId: string,
	sendingOptions: IDataObject = { skipReferencesAlreadySent: true },
): IDataObject {
	return {
		resource: 'message',
		operation: 'text',
		phoneNumberId: '1065',
		to: '+16505551234',
		text: 'Hi',
		referenceId,
		sendingOptions,
	};
}

const refused: Answer = {
	statusCode: 400,
	body: { error: { code: 131009, message: '(#131009) Parameter value is not valid' } },
};

describe('Skip References Already Sent', () => {
	it('leaves out, in order, the items whose reference was accepted before; records what is accepted now, never an item without a reference', async () => {
		const store = ProcessedStore.with(['a', 'c']);
		const run = await runSend({
			credentials: CREDENTIALS,
			items: [textItem('a'), textItem('b'), textItem('c'), textItem(''), textItem('e')],
			answer: metaAccepted,
			deduplication: store.helpers(),
		});

		expect(run.error).toBeUndefined();
		expect(run.output?.map((item) => item.json.skipped ?? item.json.messageId)).toEqual([
			'alreadySent',
			'wamid.OK0',
			'alreadySent',
			'wamid.OK1',
			'wamid.OK2',
		]);
		expect(run.output?.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3, 4].map((item) => ({ item })),
		);
		expect(run.output?.[0].json).toEqual({
			skipped: 'alreadySent',
			referenceId: 'a',
			to: '16505551234',
		});
		expect(
			run.sent.map((request) => (request.body as IDataObject).biz_opaque_callback_data),
		).toEqual(['b', undefined, 'e']);
		expect(store.references().sort()).toEqual(['a', 'b', 'c', 'e']);
	});

	it('a failed send stays unrecorded, and the check leaves nothing of its own in the record', async () => {
		const store = ProcessedStore.with(['old']);
		const run = await runSend({
			credentials: CREDENTIALS,
			items: ['ok', 'bad', 'never'].map((reference) =>
				textItem(reference, { skipReferencesAlreadySent: true, maxConcurrency: 1 }),
			),
			answer: (index) => (index === 1 ? refused : metaAccepted(index)),
			deduplication: store.helpers(),
		});

		// Without Continue On Fail the node stops at the refused item; what was accepted before is recorded.
		expect(run.error).toMatchObject({ message: expect.stringContaining('131009') });
		expect(store.references().sort()).toEqual(['ok', 'old']);
	});

	it('off by default: nothing is checked or recorded, and an n8n without the store sends as before', async () => {
		const store = ProcessedStore.with(['a']);
		const run = await runSend({
			credentials: CREDENTIALS,
			items: [textItem('a', {})],
			answer: metaAccepted,
			deduplication: store.helpers(),
		});
		expect(run.output?.[0].json.messageId).toBe('wamid.OK0');
		expect(store.writes).toBe(0);
		const without = await runSend({
			credentials: CREDENTIALS,
			items: [textItem('a', {})],
			answer: metaAccepted,
		});
		expect(without.output?.[0].json.messageId).toBe('wamid.OK0');
	});

	it('on an n8n without the deduplication store: a clear error before anything is sent', async () => {
		const run = await runSend({
			credentials: CREDENTIALS,
			items: [textItem('a')],
			answer: metaAccepted,
		});
		expect(run.sent).toEqual([]);
		expect((run.error as Error).message).toMatch(
			/no deduplication store .*Skip References Already Sent.*turn the option off/,
		);
	});

	it('records 250 acceptances in a few batched writes, one at a time, and keeps at most Sent References Kept', async () => {
		const store = new ProcessedStore();
		const items = Array.from({ length: 250 }, (_, index) =>
			textItem(`r${index}`, {
				skipReferencesAlreadySent: true,
				sentReferencesLimit: 200,
				messagesPerSecond: 0,
			}),
		);
		const run = await runSend({
			credentials: CREDENTIALS,
			items,
			answer: metaAccepted,
			deduplication: store.helpers(),
		});

		expect(run.output).toHaveLength(250);
		// Batched: far fewer writes than messages (one per 100, or per 200 ms, whichever comes first).
		expect(store.writes).toBeLessThanOrEqual(25);
		expect(store.overlapped).toBe(false);
		expect(store.references()).toHaveLength(200);
		expect(store.references()).toContain('r249');
	});

	it('Forget Sent References: the whole record, or the reference of each item', async () => {
		const store = ProcessedStore.with(['a', 'b', 'c']);
		const forget = (parameters: IDataObject) => ({
			resource: 'message',
			operation: 'forgetSentReferences',
			...parameters,
		});
		const listed = await runSend({
			credentials: CREDENTIALS,
			items: [forget({ forget: 'listed', referenceId: 'b' })],
			answer: metaAccepted,
			deduplication: store.helpers(),
		});
		expect(listed.output?.map((item) => item.json)).toEqual([
			{ referenceId: 'b', forgotten: true },
		]);
		expect(store.references()).toEqual(['a', 'c']);

		const all = await runSend({
			credentials: CREDENTIALS,
			items: [forget({ forget: 'all' }), forget({ forget: 'all' })],
			answer: metaAccepted,
			deduplication: store.helpers(),
		});
		expect(all.output?.map((item) => item.json)).toEqual(
			[1, 2].map(() => ({ forgotten: 'all', referencesForgotten: 2 })),
		);
		expect(store.references()).toEqual([]);
		expect(all.sent).toEqual([]);
	});
});
