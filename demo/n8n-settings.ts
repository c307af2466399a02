/**
 * What the demo needs from n8n's configuration, for `npm start` and the e2e suite alike.
 *
 * One production run at a time: Remove Duplicates keeps its history as one record per workflow,
 * which each run reads and writes back. Runs in parallel (statuses of several messages arriving
 * together) would let repeats through and race to create that record, failing one of the runs.
 */
export const demoN8nEnv: NodeJS.ProcessEnv = {
	N8N_CONCURRENCY_PRODUCTION_LIMIT: '1',
};
