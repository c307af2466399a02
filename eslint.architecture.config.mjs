import { config } from '@n8n/node-cli/eslint';

/**
 * The shipped code's architecture rules, beside n8n's default config (eslint.config.mjs, which
 * `n8n-node lint` requires unchanged in strict mode): no import cycle under nodes/ or
 * credentials/, so each module's dependencies read one way (docs/architecture.md).
 */
export default [
	...config,
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
