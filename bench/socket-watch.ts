/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- the benchmark runs in Node, never inside n8n */
import { runCommand } from '../scripts/run-command';

export interface SocketWatch {
	/** Whether `ss` could be run at all. */
	available: boolean;
	samples: number;
	/** Every distinct remote address seen on a TCP socket of the process. */
	peers: string[];
	/** Those not on loopback: must be empty. */
	outside: string[];
}

const LOOPBACK =
	/^(127\.\d+\.\d+\.\d+|\[::1\]|\[::ffff:127\.\d+\.\d+\.\d+\]|\*|0\.0\.0\.0|\[::\])$/;

/** The processes of a process group: n8n leads one that holds its task runner too. */
async function groupMembers(groupId: number): Promise<string[]> {
	const table = await runCommand('ps', ['-e', '-o', 'pid=,pgid=']);
	return table
		.split('\n')
		.map((line) => line.trim().split(/\s+/))
		.filter(([, pgid]) => Number(pgid) === groupId)
		.map(([pid]) => `pid=${pid},`);
}

/**
 * Samples the TCP sockets of a process group with `ss -tanp` every `intervalMs` until stopped: a
 * socket-level check, beside the preload's own refusals, that nothing of n8n's leaves loopback.
 */
export function watchSockets(groupId: number, intervalMs = 500): { stop(): Promise<SocketWatch> } {
	const peers = new Set<string>();
	let samples = 0;
	let available = true;
	let stopped = false;
	const loop = (async () => {
		while (!stopped && available) {
			try {
				const owners = await groupMembers(groupId);
				const table = await runCommand('ss', ['-Htanp']);
				samples++;
				for (const line of table.split('\n')) {
					if (!owners.some((owner) => line.includes(owner))) continue;
					const peer = line.trim().split(/\s+/)[4] ?? '';
					peers.add(peer.slice(0, peer.lastIndexOf(':')));
				}
			} catch {
				available = false;
			}
			await new Promise((resolve) => setTimeout(resolve, intervalMs));
		}
	})();
	return {
		async stop() {
			stopped = true;
			await loop;
			const all = [...peers].sort();
			return {
				available,
				samples,
				peers: all,
				outside: all.filter((peer) => !LOOPBACK.test(peer)),
			};
		},
	};
}
