/**
 * n8n stores an execution's run data with `flatted`: a JSON array whose first entry is the root;
 * inside objects and arrays every string is the index of the entry holding the real value.
 */
export function unflatten(text: string): unknown {
	const entries = JSON.parse(text) as unknown[];
	const revived = new Map<number, unknown>();
	const revive = (index: number): unknown => {
		if (revived.has(index)) return revived.get(index);
		const entry = entries[index];
		if (typeof entry !== 'object' || entry === null) return entry;
		const copy: Record<string, unknown> | unknown[] = Array.isArray(entry) ? [] : {};
		revived.set(index, copy);
		for (const [key, value] of Object.entries(entry)) {
			(copy as Record<string, unknown>)[key] =
				typeof value === 'string' ? revive(Number(value)) : value;
		}
		return copy;
	};
	return revive(0);
}

type Json = Record<string, unknown>;

interface RunData {
	resultData: {
		runData: Record<string, Array<{ data?: { main?: Array<Array<{ json: Json }> | null> } }>>;
	};
}

/** The items each output of a node put out, over every run of it in these executions (output 0 first). */
export function nodeOutputs(executions: Array<{ data: string }>, nodeName: string): Json[][] {
	const outputs: Json[][] = [];
	for (const execution of executions) {
		const runs = (unflatten(execution.data) as RunData).resultData.runData[nodeName] ?? [];
		for (const run of runs) {
			(run.data?.main ?? []).forEach((items, output) => {
				outputs[output] = [...(outputs[output] ?? []), ...(items ?? []).map((item) => item.json)];
			});
		}
	}
	return outputs;
}
