// Builds the extension host bundle (node/cjs) and the webview bundle (browser) from one script.
// Usage: node esbuild.js [--production] [--watch]
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

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
		// Activation loads only this small bundle: the features (src/featuresLoader.ts), the SDK
		// (src/gemini/sdk.ts) and the image codecs (src/codecs/loadCodecs.ts) are bundles of their own, loaded on first use.
		external: ['vscode', '@google/genai', './features', './imageCodecs'],
		plugins: [codecsOnlyThroughLoader()],
	},
	{
		...shared,
		entryPoints: ['src/features.ts'],
		outfile: 'dist/features.js',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['vscode', '@google/genai', './imageCodecs'],
		// jsonc-parser (asset manifests): its `main` is a UMD build whose dynamic requires esbuild cannot follow.
		mainFields: ['module', 'main'],
		plugins: [codecsOnlyThroughLoader()],
	},
	{
		...shared,
		// The PNG/JPEG/WebP codecs (@jsquash/*, ESM-only) bundled into CommonJS; their wasm is copied to dist/wasm/.
		entryPoints: ['src/codecs/imageCodecs.ts'],
		outfile: 'dist/codecs.js',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		plugins: [bundledJsquash()],
		// The glue reads `import.meta.url` only when no wasm module is passed in; ours always passes one.
		logOverride: { 'empty-import-meta': 'silent' },
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
		external: ['@google/genai', './imageCodecs'],
		// jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow; its ESM build bundles.
		mainFields: ['module', 'main'],
		plugins: [noVscodePlugin(), codecsOnlyThroughLoader()],
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
		entryPoints: ['media/variations/main.ts'],
		outfile: 'dist/media/variations.js',
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
 * Inside dist/codecs.js, src/codecs/jsquashModules.ts (a runtime `import()` from node_modules, for plain Node) is
 * replaced by jsquashModules.bundled.ts, whose static imports esbuild bundles.
 */
function bundledJsquash() {
	return {
		name: 'bundled-jsquash',
		setup(build) {
			build.onResolve({ filter: /^\.\/jsquashModules$/ }, (args) => ({ path: path.join(args.resolveDir, 'jsquashModules.bundled.ts') }));
		},
	};
}

/**
 * The extension, features and CLI bundles reach the codecs through src/codecs/loadCodecs.ts only (`./imageCodecs` is
 * external there). A direct import would bundle the node_modules loader, which fails in the VSIX: stop the build.
 */
function codecsOnlyThroughLoader() {
	return {
		name: 'codecs-only-through-loader',
		setup(build) {
			build.onResolve({ filter: /^\.\/jsquashModules$/ }, (args) => ({
				errors: [
					{
						text: `${path.relative(process.cwd(), args.importer)} pulls the codecs into this bundle: import src/codecs/loadCodecs.ts (loadImageCodecs) instead.`,
					},
				],
			}));
		},
	};
}

/** The codecs' wasm, beside dist/codecs.js (src/codecs/wasmLoader.ts reads dist/wasm/<file>; keep the lists alike). */
const WASM_FILES = [
	'@jsquash/png/codec/pkg/squoosh_png_bg.wasm',
	'@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm',
	'@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm',
	'@jsquash/webp/codec/dec/webp_dec.wasm',
	'@jsquash/webp/codec/enc/webp_enc.wasm',
	'@jsquash/webp/codec/enc/webp_enc_simd.wasm',
	'@jsquash/resize/lib/resize/pkg/squoosh_resize_bg.wasm',
];

function copyWasm() {
	fs.mkdirSync('dist/wasm', { recursive: true });
	for (const file of WASM_FILES) {
		fs.copyFileSync(require.resolve(file), path.join('dist/wasm', path.basename(file)));
	}
	// Apache-2.0 asks for the licence to travel with the code; the minified bundle drops the source headers.
	fs.copyFileSync(require.resolve('@jsquash/png/LICENSE'), 'dist/wasm/LICENSE-jsquash.txt');
	const featureDetect = path.dirname(
		require.resolve('wasm-feature-detect/package.json', { paths: [path.dirname(require.resolve('@jsquash/webp/package.json'))] }),
	);
	fs.copyFileSync(path.join(featureDetect, 'LICENSE'), 'dist/wasm/LICENSE-wasm-feature-detect.txt');
}

/**
 * The codicon font and its stylesheet, copied beside the webview bundles: media/studio/studio.css imports
 * dist/media/codicon.css, whose `url("./codicon.ttf")` then resolves inside the webview's resource roots.
 */
function copyCodicons() {
	const from = path.dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
	fs.mkdirSync('dist/media', { recursive: true });
	for (const file of ['codicon.css', 'codicon.ttf']) {
		fs.copyFileSync(path.join(from, file), path.join('dist/media', file));
	}
}

async function main() {
	if (production) {
		// A release build must not ship stale source maps from an earlier development build.
		fs.rmSync('dist', { recursive: true, force: true });
	}
	copyCodicons();
	copyWasm();
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
