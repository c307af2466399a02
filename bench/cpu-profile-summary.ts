interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

export interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

export interface TimeShare {
	name: string;
	ms: number;
	share: number;
}

export interface ProfileSummary {
	totalMs: number;
	/** Time on the main thread not spent idle. */
	busyShare: number;
	/** Self time by package (node_modules/<name>), Node.js internals, our package, GC and idle. */
	byArea: TimeShare[];
	/** Time with code of the area anywhere on the stack (native work it called included). */
	inclusiveByArea: TimeShare[];
	/** Time with the function anywhere on the stack, for the functions that matter most. */
	inclusive: TimeShare[];
}

/** Where a frame's code lives: an npm package, a Node.js module, or V8's pseudo frames. */
function areaOf(frame: ProfileNode['callFrame']): string {
	if (frame.url === '') return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
	if (frame.url.startsWith('node:'))
		return `node:${frame.url.slice(5).split('/')[1] ?? frame.url.slice(5)}`;
	const modules = frame.url.split('node_modules/');
	if (modules.length === 1) return '(other)';
	const path = modules[modules.length - 1].split('/');
	return path[0].startsWith('@') ? `${path[0]}/${path[1]}` : path[0];
}

function frameName(frame: ProfileNode['callFrame']): string {
	const file = frame.url.split('/').slice(-2).join('/');
	return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
}

/**
 * Self time by area, and inclusive time for the frames whose name contains one of `focus`
 * (for example `getNodeParameter`, `httpRequestWithAuthentication`), from a V8 .cpuprofile.
 */
export function summarizeProfile(profile: CpuProfile, focus: string[]): ProfileSummary {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	const self = new Map<string, number>();
	const inclusive = new Map<string, number>();
	const inclusiveByArea = new Map<string, number>();
	let totalUs = 0;
	let idleUs = 0;
	profile.samples.forEach((id, index) => {
		const us = profile.timeDeltas[index] ?? 0;
		const node = byId.get(id);
		if (!node) return;
		totalUs += us;
		const area = areaOf(node.callFrame);
		if (area === '(idle)') idleUs += us;
		self.set(area, (self.get(area) ?? 0) + us);
		const areasOnStack = new Set<string>();
		const focusOnStack = new Set<string>();
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
			const frame = byId.get(at)?.callFrame;
			if (!frame) continue;
			areasOnStack.add(areaOf(frame));
			if (focus.includes(frame.functionName)) focusOnStack.add(frameName(frame));
		}
		for (const name of areasOnStack)
			inclusiveByArea.set(name, (inclusiveByArea.get(name) ?? 0) + us);
		for (const name of focusOnStack) inclusive.set(name, (inclusive.get(name) ?? 0) + us);
	});
	const shares = (map: Map<string, number>) =>
		[...map.entries()]
			.map(([name, us]) => ({ name, ms: us / 1000, share: us / totalUs }))
			.sort((a, b) => b.ms - a.ms);
	return {
		totalMs: totalUs / 1000,
		busyShare: totalUs === 0 ? 0 : 1 - idleUs / totalUs,
		byArea: shares(self).slice(0, 15),
		inclusiveByArea: shares(inclusiveByArea)
			.filter((share) => share.name !== '(root)')
			.slice(0, 15),
		inclusive: shares(inclusive),
	};
}
