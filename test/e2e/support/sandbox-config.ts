import axios from 'axios';
import type { ConfigPatch } from '../../../sandbox/options';
import { e2eEnvironment } from './environment';

/** POST /__sandbox/config with any patch, BSP mode by a provider's name included; throws with the sandbox's reason. */
export async function configureSandbox(patch: ConfigPatch): Promise<void> {
	const answer = await axios.post<{ error?: string }>(
		`${e2eEnvironment().sandboxUrl}/__sandbox/config`,
		patch,
		{ validateStatus: () => true },
	);
	if (answer.status !== 200)
		throw new Error(
			`the sandbox refused ${JSON.stringify(patch)}: ${answer.data.error ?? answer.status}`,
		);
}
