/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
/** What the e2e global setup started, handed to the test files through one environment variable. */
export interface E2eEnvironment {
	n8nUrl: string;
	/** The version of the running n8n, which decides the tests it can run (scripts/n8n-versions.ts). */
	n8nVersion: string;
	sandboxUrl: string;
	accessToken: string;
	appSecret: string;
	verifyToken: string;
	phoneNumberId: string;
	businessAccountId: string;
	cloudCredential: { id: string; name: string };
	webhookCredential: { id: string; name: string };
	/** n8n's stdout and stderr, for tests that check what n8n logged. */
	n8nLogFile?: string;
}

export const ENVIRONMENT_VARIABLE = 'WHATSAPP_REFERENCE_E2E';

export function e2eEnvironment(): E2eEnvironment {
	const value = process.env[ENVIRONMENT_VARIABLE];
	if (!value)
		throw new Error(`${ENVIRONMENT_VARIABLE} is not set: run the e2e tests with npm run test:e2e`);
	return JSON.parse(value) as E2eEnvironment;
}
