import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import { InvalidInputError } from '../shared/invalid-input';
import { type MetaError, classifyMetaError, hintFor, parseMetaError } from '../shared/meta-errors';
import type { GraphResponse } from '../shared/transport';
import type { ConnectionChoice } from './types';
import { errorDetails } from './output';
import { DEFAULT_RETRY_SETTINGS, parseRetryAfter } from './retry-policy';
import {
	type AttemptOutcome,
	type AttemptState,
	type QueueClock,
	type QueueJob,
	runSendQueue,
} from './send-queue';

/**
 * The one item loop of the Send node, for messages and the Media resource alike: plan every item
 * (bad input fails only its item, before anything is sent), run the plans through the send queue,
 * then give one output item per input item, in input order.
 */

const SYSTEM_CLOCK: QueueClock = { now: () => Date.now(), sleep, random: Math.random };

/** Transport failures where the request never left: safe to send again. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

/** Max Parallel Requests when unset: the default the editor shows. */
const DEFAULT_MAX_PARALLEL_REQUESTS = 100;

export type Outcome<Value> = AttemptOutcome<Value, MetaError>;

export interface ItemJob extends QueueJob {
	itemIndex: number;
}

/** Sending Options, as the node's parameter holds them. */
interface SendingOptions {
	maxConcurrency?: number;
	messagesPerSecond?: number;
	maxRetries?: number;
	retryAmbiguousFailures?: boolean;
	requestTimeout?: number;
	connection?: ConnectionChoice;
}

export interface UnansweredDetails {
	mayHaveArrived: string;
	notSent: string;
}

export interface QueueDefaults {
	/** Messages are paced to Meta's tier; media requests are not. */
	paced: boolean;
	/** Whether Retry After Timeouts applies (a message sent twice reaches the customer twice). */
	ambiguousRetryOption: boolean;
	/** Whether each attempt must know if its worker sends again (Reuse Connections). */
	knowLastAttempts?: boolean;
}

export interface ItemExecution<Job extends ItemJob, Value> {
	/** Plans one item; an InvalidInputError fails that item alone. */
	plan(itemIndex: number): Job;
	/** Checks a planned job before any request goes out; an InvalidInputError fails that item alone, with the job's fields. */
	check?(job: Job): void;
	/** One attempt for one job; throws only transport failures (and bad input found while sending). */
	attempt(job: Job, state: AttemptState): Promise<Outcome<Value>>;
	/** Whether a request of this job that got no answer may have done its work (a message sent, media uploaded). */
	mayHaveReachedApi(job: Job): boolean;
	/** What the item says when a request got no answer: when it may have arrived, and when it surely did not. */
	unanswered: UnansweredDetails;
	success(job: Job, value: Value): INodeExecutionData;
	/** What an item that failed says beside `error`, with Continue On Fail. */
	failureFields(job: Job | null): IDataObject;
	queue: QueueDefaults;
	/** Items not to send (Skip References Already Sent), by item index, with their output item. */
	leaveOut?(jobs: Job[]): Promise<Map<number, INodeExecutionData>>;
	/** Runs once every job has settled, before any output or error (the record's last write). */
	settled?(): Promise<void>;
}

/** Whether message POSTs go through reused connections (Sending Options → Connection). */
export function connectionChoiceOf(context: IExecuteFunctions): ConnectionChoice {
	return (
		(context.getNodeParameter('sendingOptions', 0, {}) as SendingOptions).connection ??
		'requestHelper'
	);
}

/** How long each request may wait for an answer (Sending Options → Request Timeout). */
export function requestTimeoutOf(context: IExecuteFunctions): number {
	return (
		(context.getNodeParameter('sendingOptions', 0, {}) as SendingOptions).requestTimeout ?? 30_000
	);
}

export async function executeItems<Job extends ItemJob, Value>(
	context: IExecuteFunctions,
	execution: ItemExecution<Job, Value>,
): Promise<INodeExecutionData[][]> {
	const options = context.getNodeParameter('sendingOptions', 0, {}) as SendingOptions;
	const continueOnFail = context.continueOnFail();
	const planned = context
		.getInputData()
		.map((_, itemIndex): { job: Job } | { itemIndex: number; invalid: string; planned?: Job } => {
			let job: Job | undefined;
			try {
				job = execution.plan(itemIndex);
				execution.check?.(job);
				return { job };
			} catch (error) {
				if (!(error instanceof InvalidInputError) && !(error instanceof NodeOperationError)) {
					throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
				}
				// n8n's own convention for naming the item in a message.
				const invalid = `${error.message.replace(/ \[item \d+\]$/, '')} [item ${itemIndex}]`;
				if (!continueOnFail)
					throw new NodeOperationError(context.getNode(), invalid, { itemIndex });
				return { itemIndex, invalid, planned: job };
			}
		});
	const plannedJobs = planned.flatMap((entry) => ('job' in entry ? [entry.job] : []));
	const leftOut =
		(await execution.leaveOut?.(plannedJobs)) ?? new Map<number, INodeExecutionData>();
	const jobs = plannedJobs.filter((job) => !leftOut.has(job.itemIndex));

	const attempt = async (job: Job, state: AttemptState): Promise<Outcome<Value>> => {
		try {
			return await execution.attempt(job, state);
		} catch (error) {
			if (error instanceof NodeOperationError || error instanceof InvalidInputError) {
				return {
					ok: false,
					problem: invalidInput(error.message),
					failure: { failureClass: 'permanent' },
				};
			}
			return unansweredOutcome(error, execution.mayHaveReachedApi(job), execution.unanswered);
		}
	};

	const results = await runSendQueue(
		jobs,
		attempt,
		{
			concurrency: options.maxConcurrency ?? DEFAULT_MAX_PARALLEL_REQUESTS,
			messagesPerSecond: execution.queue.paced ? (options.messagesPerSecond ?? 80) : 0,
			retry: {
				...DEFAULT_RETRY_SETTINGS,
				maxRetries: options.maxRetries ?? DEFAULT_RETRY_SETTINGS.maxRetries,
				retryAmbiguousFailures:
					execution.queue.ambiguousRetryOption && (options.retryAmbiguousFailures ?? false),
			},
			stopOnFailure: !continueOnFail,
			knowLastAttempts: execution.queue.knowLastAttempts,
		},
		SYSTEM_CLOCK,
	);
	await execution.settled?.();

	const output: INodeExecutionData[] = [];
	let position = 0;
	for (const entry of planned) {
		if (!('job' in entry)) {
			const error = errorDetails(invalidInput(entry.invalid));
			output.push({
				json: { error, ...execution.failureFields(entry.planned ?? null) },
				pairedItem: { item: entry.itemIndex },
			});
			continue;
		}
		const { job } = entry;
		const leftOutItem = leftOut.get(job.itemIndex);
		if (leftOutItem) {
			output.push(leftOutItem);
			continue;
		}
		const result = results[position++];
		if (result?.ok) {
			output.push(execution.success(job, result.value));
		} else if (result && continueOnFail) {
			output.push({
				json: { error: errorDetails(result.problem), ...execution.failureFields(job) },
				pairedItem: { item: job.itemIndex },
			});
		} else if (result) {
			throw apiError(context, job.itemIndex, result.problem);
		}
	}
	return [output];
}

export function invalidInput(message: string): MetaError {
	return {
		code: null,
		title: 'Invalid input',
		message,
		details: null,
		fbtraceId: null,
		httpStatus: null,
	};
}

/** A failure of the API's answer (not 2xx), classified by Meta's error code, with Retry-After when given. */
export function failedAnswer(
	response: Pick<GraphResponse, 'statusCode' | 'body' | 'headers'>,
): Outcome<never> {
	const problem = parseMetaError(response.body, response.statusCode);
	return {
		ok: false,
		problem,
		failure: {
			failureClass: classifyMetaError(problem),
			retryAfterMs: parseRetryAfter(response.headers['retry-after'], Date.now()),
		},
	};
}

/**
 * A request that got no answer. It surely was not sent when the connection never opened, or
 * when it cannot have done anything (reading media, an upload before its message): then it is
 * retried like a temporary error. Otherwise the API may have accepted it, and it is retried only
 * where the user allows it (Retry After Timeouts).
 */
export function unansweredOutcome(
	error: unknown,
	mayHaveReachedApi: boolean,
	details: UnansweredDetails,
): Outcome<never> {
	const code = String(
		(error as { code?: unknown }).code ??
			(error as { cause?: { code?: unknown } }).cause?.code ??
			'',
	);
	const reason = code || (error as Error).message || 'unknown transport error';
	const sent = mayHaveReachedApi && !NOT_SENT_CODES.has(code);
	const problem: MetaError = {
		code: null,
		title: 'No answer from the API',
		message: `The request failed before an answer came back (${reason})`,
		details: sent ? details.mayHaveArrived : details.notSent,
		fbtraceId: null,
		httpStatus: null,
	};
	return { ok: false, problem, failure: { failureClass: sent ? 'ambiguous' : 'transient' } };
}

/** The error that stops the run (no Continue On Fail), named after the item, with Meta's hint. */
export function apiError(
	context: IExecuteFunctions,
	itemIndex: number,
	error: MetaError,
): NodeApiError {
	return new NodeApiError(
		context.getNode(),
		{ error: errorDetails(error) } as unknown as JsonObject,
		{
			message: error.message,
			description: [
				error.details,
				hintFor(error),
				error.fbtraceId ? `fbtrace_id: ${error.fbtraceId}` : undefined,
			]
				.filter(Boolean)
				.join(' '),
			httpCode: error.httpStatus === null ? undefined : String(error.httpStatus),
			itemIndex,
		},
	);
}
