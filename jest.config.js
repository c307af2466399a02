/**
 * Unit tests run on the pure modules; e2e tests drive a real n8n and the sandbox over HTTP; the queue
 * test runs n8n in queue mode, with Postgres, Redis, workers and a webhook processor.
 */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];

const e2eProject = {
	displayName: 'e2e',
	testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
	transform: { '^.+\\.ts$': tsJest },
	testEnvironment: 'node',
	// One sandbox and one real n8n for all e2e files; the first run also installs n8n.
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
};

module.exports = {
	// A root option: Jest ignores testTimeout inside a project entry.
	testTimeout: 120000,
	projects: [
		{
			displayName: 'unit',
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			testEnvironment: 'node',
		},
		{
			// The unit files that send messages, again with Sending Options → Connection: Reuse Connections.
			displayName: 'unit-reuse-connections',
			testMatch: [
				'<rootDir>/test/unit/{media-id,providers,security-leaks,send-bad-input,send-media-upload,send-queue,send-transport,sent-references}.test.ts',
			],
			transform: { '^.+\\.ts$': tsJest },
			testEnvironment: 'node',
			setupFiles: ['<rootDir>/test/reuse-connections-env.ts'],
		},
		e2eProject,
		{
			// The e2e files that send messages, again with Reuse Connections (its own n8n and sandbox).
			...e2eProject,
			displayName: 'e2e-reuse-connections',
			testMatch: ['<rootDir>/test/e2e/{send,faults}.test.ts'],
			setupFiles: ['<rootDir>/test/reuse-connections-env.ts'],
		},
		{
			// The n8n installer: its failures with a stand-in npm, and one real install from empty.
			displayName: 'install',
			testMatch: ['<rootDir>/test/install/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			testEnvironment: 'node',
		},
		{
			// n8n in queue mode with Postgres and Redis; on demand and in CI (npm run test:queue).
			displayName: 'queue',
			testMatch: ['<rootDir>/test/queue/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			testEnvironment: 'node',
		},
	],
};
