/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- a dev script run by Node, never loaded by n8n */
import { createServer } from 'node:net';

import { freePort } from './free-port';

/** `port` on 127.0.0.1 when nothing listens there, else one the OS picks. */
export async function preferredPort(port: number): Promise<number> {
	const available = await new Promise<boolean>((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
	return available ? port : await freePort();
}
