const { src, dest } = require('gulp');

/** n8n reads node and credential icons and the codex (`*.node.json`) from beside the built files. */
function buildAssets() {
	return src(['nodes/**/*.svg', 'nodes/**/*.png', 'nodes/**/*.node.json', 'credentials/**/*.svg'], {
		base: '.',
	}).pipe(dest('dist'));
}

exports['build:icons'] = buildAssets;
