import type {
	ICheckProcessedOptions,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import { toReferenceId } from '../shared/reference';
import { showFor } from './operations/parameters';

/**
 * Skip References Already Sent: the Reference IDs Meta (or the provider) accepted, kept per workflow
 * in n8n's own deduplication store, the one Remove Duplicates uses (`this.helpers.checkProcessedAndRecord`
 * and its siblings; n8n keeps one row per workflow in its database, so the record survives restarts
 * and every queue-mode worker reads the same one). A re-run after a crash, a failed run or n8n's
 * Retry then sends only what was not accepted.
 *
 * n8n's store can only check and record in one step. The check before sending must leave failed
 * sends unrecorded, so it undoes what it recorded at once (removeProcessed). Acceptances are
 * recorded in batches, one write at a time: every write rewrites the whole row (see
 * `deduplication-helper.js` in n8n's `dist/deduplication`), so one per message would cost more than
 * the message. A crash can therefore repeat what was accepted in the last FLUSH_AFTER_MS (or the
 * last FLUSH_EVERY messages) and the write under way.
 */

export const FORGET_SENT_REFERENCES = 'forgetSentReferences';

/** Operations whose messages carry a Reference ID; Send and Wait waits for its answer instead. */
const REFERENCE_OPERATIONS = [
	'text',
	'template',
	'media',
	'interactive',
	'location',
	'contacts',
	'reaction',
];

const DEFAULT_LIMIT = 10_000;
const FLUSH_EVERY = 100;
const FLUSH_AFTER_MS = 200;
/** Kept apart from whatever else the workflow's Remove Duplicates nodes (scope Workflow) record in the same row. */
const KEY_PREFIX = 'whatsapp-reference-sent:';

export const sentReferencesOptions: INodeProperties[] = [
	{
		displayName: 'Sent References Kept',
		name: 'sentReferencesLimit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1_000_000 },
		default: DEFAULT_LIMIT,
		description:
			'With Skip References Already Sent: how many accepted Reference IDs the workflow keeps; the oldest go first. Keep it above the largest campaign. n8n rewrites the whole record on every write (about 27 bytes per reference).',
		displayOptions: { show: { '/resource': ['message'], '/operation': REFERENCE_OPERATIONS } },
	},
	{
		displayName: 'Skip References Already Sent',
		name: 'skipReferencesAlreadySent',
		type: 'boolean',
		default: false,
		description:
			"Whether to leave out items whose Reference ID this workflow already got accepted, so that running a campaign again after a crash, a failed run or a Retry sends only what was not sent. Their output item has skipped: alreadySent. The record is kept in n8n's database; clear it with the Forget Sent References operation.",
		hint: 'Needs a Reference ID: items without one are always sent',
		displayOptions: { show: { '/resource': ['message'], '/operation': REFERENCE_OPERATIONS } },
	},
];

export const forgetDescription: INodeProperties[] = [
	{
		displayName: 'Forget',
		name: 'forget',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'All References of This Workflow',
				value: 'all',
				description: 'Clear the whole record, once per run',
			},
			{
				name: 'The Reference ID of Each Item',
				value: 'listed',
				description: 'Forget only these references',
			},
		],
		default: 'all',
		displayOptions: showFor([FORGET_SENT_REFERENCES]),
	},
	{
		displayName: 'Reference ID',
		name: 'referenceId',
		type: 'string',
		default: '',
		placeholder: '{{ $json.crmContactId }}',
		description: 'The Reference ID to send again on the next run, as the sending node had it',
		displayOptions: {
			show: { resource: ['message'], operation: [FORGET_SENT_REFERENCES], forget: ['listed'] },
		},
	},
];

type DeduplicationHelpers = Pick<
	IExecuteFunctions['helpers'],
	'checkProcessedAndRecord' | 'removeProcessed' | 'clearAllProcessedItems' | 'getProcessedDataCount'
>;

function storeOf(context: IExecuteFunctions): DeduplicationHelpers {
	const helpers = context.helpers as Partial<DeduplicationHelpers>;
	const names = [
		'checkProcessedAndRecord',
		'removeProcessed',
		'clearAllProcessedItems',
		'getProcessedDataCount',
	] as const;
	if (names.every((name) => typeof helpers[name] === 'function'))
		return helpers as DeduplicationHelpers;
	throw new NodeOperationError(
		context.getNode(),
		'This n8n has no deduplication store (this.helpers.checkProcessedAndRecord), which Skip References Already Sent keeps its record in. Update n8n, or turn the option off.',
	);
}

/** The store's own errors (an incompatible record, no workflow ID) as an error that says what the record is. */
function storeError(context: IExecuteFunctions, error: unknown, doing: string): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`Could not ${doing} the record of sent references: ${(error as Error).message}`,
		{
			description:
				"The record is kept in n8n's deduplication store for the workflow (scope Workflow, mode entries). A Remove Duplicates node of this workflow with scope Workflow and another Keep Items Where setting clashes with it; give that node scope Node.",
		},
	);
}

const keyOf = (reference: string) => `${KEY_PREFIX}${reference}`;

/** The references one run of WhatsApp Send checks before sending and records as they are accepted. */
export class SentReferenceRecord {
	private pending: string[] = [];
	/** Set while a timed write is waiting to happen. */
	private flushScheduled = false;
	private writing: Promise<void> = Promise.resolve();
	private failure: unknown;
	private readonly recordOptions: ICheckProcessedOptions;

	private constructor(
		private readonly context: IExecuteFunctions,
		private readonly store: DeduplicationHelpers,
		limit: number,
	) {
		this.recordOptions = { mode: 'entries', maxEntries: limit };
	}

	/** The run's record when Skip References Already Sent is on, else null. */
	static open(context: IExecuteFunctions, options: IDataObject): SentReferenceRecord | null {
		if (options.skipReferencesAlreadySent !== true) return null;
		return new SentReferenceRecord(
			context,
			storeOf(context),
			Number(options.sentReferencesLimit ?? DEFAULT_LIMIT),
		);
	}

	/**
	 * Which of these references were already accepted. Checking records the others too (the store has
	 * no other way to look), so they are removed again before anything is sent. The check has no
	 * limit, so that it never pushes older references out of the record.
	 */
	async alreadySent(references: string[]): Promise<Set<string>> {
		const keys = [...new Set(references)].map(keyOf);
		if (keys.length === 0) return new Set();
		const check: ICheckProcessedOptions = { mode: 'entries' };
		try {
			if ((await this.store.getProcessedDataCount('workflow', check)) === 0) return new Set();
			const found = await this.store.checkProcessedAndRecord(keys, 'workflow', check);
			if (found.new.length > 0) await this.store.removeProcessed(found.new, 'workflow', check);
			return new Set(found.processed.map((key) => String(key).slice(KEY_PREFIX.length)));
		} catch (error) {
			throw storeError(this.context, error, 'read');
		}
	}

	/** Meta accepted this reference: recorded with the next batch. */
	accepted(reference: string): void {
		this.pending.push(keyOf(reference));
		if (this.pending.length >= FLUSH_EVERY) this.flush();
		else if (!this.flushScheduled) {
			this.flushScheduled = true;
			// An earlier flush makes this one write what came since, a little early: harmless.
			void sleep(FLUSH_AFTER_MS).then(() => this.flush());
		}
	}

	/** Writes what is pending and waits for every write; throws when one failed. */
	async close(): Promise<void> {
		this.flush();
		await this.writing;
		if (this.failure !== undefined) throw storeError(this.context, this.failure, 'write');
	}

	/** One write at a time: each rewrites the whole row, so two at once would lose one of them. */
	private flush(): void {
		this.flushScheduled = false;
		if (this.pending.length === 0) return;
		const batch = this.pending;
		this.pending = [];
		this.writing = this.writing.then(async () => {
			try {
				const started = Date.now();
				await this.store.checkProcessedAndRecord(batch, 'workflow', this.recordOptions);
				this.context.logger.debug(
					`WhatsApp Send recorded ${batch.length} accepted references in ${Date.now() - started} ms`,
				);
			} catch (error) {
				this.failure ??= error;
			}
		});
	}
}

/** The output item of an item left out because its reference was already accepted. */
export function skippedOutput(
	itemIndex: number,
	referenceId: string,
	to: string | null,
): INodeExecutionData {
	return { json: { skipped: 'alreadySent', referenceId, to }, pairedItem: { item: itemIndex } };
}

/** Forget Sent References: the whole record of the workflow once, or the reference of each item. */
export async function forgetSentReferences(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	const store = storeOf(this);
	const items = this.getInputData();
	const options: ICheckProcessedOptions = { mode: 'entries' };
	if (this.getNodeParameter('forget', 0, 'all') === 'all') {
		let forgotten: number;
		try {
			forgotten = await store.getProcessedDataCount('workflow', options);
			await store.clearAllProcessedItems('workflow', options);
		} catch (error) {
			throw storeError(this, error, 'clear');
		}
		return [
			items.map((_, itemIndex) => ({
				json: { forgotten: 'all', referencesForgotten: forgotten },
				pairedItem: { item: itemIndex },
			})),
		];
	}
	const references = items.map((_, itemIndex) => {
		let reference: string | undefined;
		try {
			reference = toReferenceId(this.getNodeParameter('referenceId', itemIndex, ''), Infinity);
		} catch (error) {
			throw new NodeOperationError(
				this.getNode(),
				`${(error as Error).message} [item ${itemIndex}]`,
				{ itemIndex },
			);
		}
		if (reference === undefined) {
			throw new NodeOperationError(
				this.getNode(),
				`Reference ID is empty. Map the reference to forget, such as {{ $json.crmContactId }}. [item ${itemIndex}]`,
				{ itemIndex },
			);
		}
		return reference;
	});
	try {
		await store.removeProcessed(references.map(keyOf), 'workflow', options);
	} catch (error) {
		throw storeError(this, error, 'clear');
	}
	return [
		references.map((referenceId, itemIndex) => ({
			json: { referenceId, forgotten: true },
			pairedItem: { item: itemIndex },
		})),
	];
}
