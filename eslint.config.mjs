import { config } from '@n8n/node-cli/eslint';

/**
 * n8n's own community-node config (the one `n8n-node lint` uses) for everything that ships.
 * The sandbox, scripts, benchmarks and tests are dev tools that never load inside n8n: they
 * may use Node's http, timers and process like any Node program.
 */
export default [
	{ ignores: ['build/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
	...config,
	{
		files: ['sandbox/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'demo/**/*.ts', 'test/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			// Their tokens and secrets are made up for the sandbox; no real secret lives in the repo.
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			'no-console': 'off',
		},
	},
	// No import cycle in the shipped code: each module's dependencies read one way (docs/architecture.md).
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		// The rule follows imports only into files it can parse: TypeScript's, with its parser.
		settings: {
			'import-x/extensions': ['.ts'],
			'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
		},
		rules: { 'import-x/no-cycle': 'error' },
	},
];
