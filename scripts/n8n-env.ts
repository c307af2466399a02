import { n8nBinaryEnv, type N8nInstall } from './n8n-install';
import { n8nMajor } from './n8n-versions';

/** What every n8n command on one user folder shares: its n8n and the key its credentials are encrypted with. */
export interface N8nContext {
	install: N8nInstall;
	userFolder: string;
	encryptionKey: string;
}

/**
 * The environment for `n8n start` and the import commands: offline and quiet. mcp-registry is the
 * module of n8n 2.x that fetches api.n8n.io at start (1.x has none, and refuses to start when told to
 * disable a module it does not know); none of the others reach beyond loopback here.
 */
export function n8nEnv(ctx: N8nContext, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return {
		...n8nBinaryEnv(ctx.install),
		N8N_USER_FOLDER: ctx.userFolder,
		N8N_ENCRYPTION_KEY: ctx.encryptionKey,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		...(n8nMajor(ctx.install.version) >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		...extra,
	};
}
