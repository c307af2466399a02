import type { CpuProfile } from './cpu-profile-summary';

/** The benchmark's side of n8n-control-preload: GC and CPU profiles of n8n's main thread. */
export class N8nControl {
	constructor(readonly url: string) {}

	/** A full garbage collection in n8n, then its memory usage. */
	async collectGarbage(): Promise<NodeJS.MemoryUsage> {
		return (await this.call('/gc')) as NodeJS.MemoryUsage;
	}

	async startProfile(): Promise<void> {
		await this.call('/profile/start');
	}

	async stopProfile(): Promise<CpuProfile> {
		return (await this.call('/profile/stop')) as CpuProfile;
	}

	private async call(path: string): Promise<unknown> {
		const response = await fetch(`${this.url}${path}`, {
			method: 'POST',
			signal: AbortSignal.timeout(60_000),
		});
		if (!response.ok)
			throw new Error(`n8n control ${path}: ${response.status} ${await response.text()}`);
		return await response.json();
	}
}
