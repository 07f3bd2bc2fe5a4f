// Builds the extension host bundle (node/cjs) and the webview bundle (browser) from one script.
// Usage: node esbuild.js [--production] [--watch]
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const shared = {
	bundle: true,
	minify: production,
	sourcemap: !production,
	sourcesContent: false,
	logLevel: 'warning',
	legalComments: production ? 'none' : 'inline',
};

/** Fails a build whose code imports `vscode` (the CLI runs in a plain Node terminal). */
function noVscodePlugin() {
	return {
		name: 'no-vscode',
		setup(build) {
			build.onResolve({ filter: /^vscode$/ }, (args) => ({
				errors: [{ text: `the CLI bundle must not import vscode (imported by ${args.importer})` }],
			}));
		},
	};
}

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
	{
		...shared,
		entryPoints: ['src/extension.ts'],
		outfile: 'dist/extension.js',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		// Activation loads only this small bundle: the features (src/featuresLoader.ts) and the SDK
		// (src/gemini/sdk.ts) are bundles of their own, loaded on first use.
		external: ['vscode', '@google/genai', './features'],
	},
	{
		...shared,
		entryPoints: ['src/features.ts'],
		outfile: 'dist/features.js',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['vscode', '@google/genai'],
		// jsonc-parser (asset manifests): its `main` is a UMD build whose dynamic requires esbuild cannot follow.
		mainFields: ['module', 'main'],
	},
	{
		...shared,
		entryPoints: ['src/gemini/genaiBundle.ts'],
		outfile: 'dist/genai.js',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
	},
	{
		...shared,
		// The terminal runner (`node dist/cli.js assets …`): no vscode at all (the plugin fails the build if anything
		// pulls it in); the SDK is loaded at run time from dist/genai.js beside it (src/gemini/sdk.ts).
		entryPoints: ['src/cli.ts'],
		outfile: 'dist/cli.js',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['@google/genai'],
		// jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow; its ESM build bundles.
		mainFields: ['module', 'main'],
		plugins: [noVscodePlugin()],
	},
	{
		...shared,
		entryPoints: ['media/studio/main.ts'],
		outfile: 'dist/media/studio.js',
		platform: 'browser',
		format: 'iife',
		target: 'es2022',
	},
	{
		...shared,
		entryPoints: ['media/compare/main.ts'],
		outfile: 'dist/media/compare.js',
		platform: 'browser',
		format: 'iife',
		target: 'es2022',
	},
];

/**
 * The codicon font and its stylesheet, copied beside the webview bundles: media/studio/studio.css imports
 * dist/media/codicon.css, whose `url("./codicon.ttf")` then resolves inside the webview's resource roots.
 */
function copyCodicons() {
	const fs = require('fs');
	const path = require('path');
	const from = path.dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
	fs.mkdirSync('dist/media', { recursive: true });
	for (const file of ['codicon.css', 'codicon.ttf']) {
		fs.copyFileSync(path.join(from, file), path.join('dist/media', file));
	}
}

async function main() {
	if (production) {
		// A release build must not ship stale source maps from an earlier development build.
		require('fs').rmSync('dist', { recursive: true, force: true });
	}
	copyCodicons();
	const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
	if (watch) {
		await Promise.all(contexts.map((ctx) => ctx.watch()));
		console.log('[esbuild] watching…');
		return;
	}
	await Promise.all(contexts.map((ctx) => ctx.rebuild()));
	await Promise.all(contexts.map((ctx) => ctx.dispose()));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
