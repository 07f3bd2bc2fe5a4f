// ESLint (flat config): typescript-eslint's recommended rules, and the one-way layers of docs/architecture (shared
// architecture.md) as import boundaries. A folder may import only from its own floor or below:
//
//   1  src/core/, src/shared/      no vscode (core: Node built-ins only; shared: nothing)
//   2  src/gemini/                 core/ (the SDK lives here and nowhere else)
//   2  src/codecs/                 core/ (image decode/encode: the @jsquash wasm codecs live here and nowhere else)
//   2  src/imageTools/             core/, codecs/ (pure pixel tools: matting)
//   3  src/workspace/, images/, secrets/, webview/, state/, provenance/, walkthrough/, config, log, notifier, services
//   4  src/generation/, review/, studio/, contract/, assets/, iconSets/ (assets/ and the CLI, src/cli.ts: no vscode)
//   5  src/commands/               imported by nothing but the composition root (features.ts)
//   —  media/                      media/shared/ and src/shared/ only
//
// `npm run lint` runs it; `npm test` runs it first.
import tseslint from 'typescript-eslint';

/** Import patterns that point at the given src/ folders, from anywhere below src/. */
function folders(...names) {
	return names.flatMap((name) => [`**/src/${name}`, `**/src/${name}/**`, `../${name}`, `../${name}/**`, `./${name}`, `./${name}/**`, `../../src/${name}/**`]);
}

function boundary(files, forbidden, message, extra = [], extraPatterns = noCodecs) {
	const patterns = [...(forbidden.length > 0 ? [{ group: forbidden, message }] : []), ...extraPatterns];
	return {
		files,
		rules: {
			'no-restricted-imports': ['error', { ...(patterns.length > 0 ? { patterns } : {}), paths: extra }],
		},
	};
}

const noVscode = [{ name: 'vscode', message: 'This floor knows no vscode: take what you need as a parameter.' }];
const noSdk = [{ name: '@google/genai', message: 'Only src/gemini/ imports the SDK.' }];
/** The wasm codecs are loaded by src/codecs/ alone (lazily, with their wasm); everyone else calls src/codecs/. */
const noCodecs = [
	{ group: ['@jsquash/*', '@jsquash/**', 'wasm-feature-detect'], message: 'Only src/codecs/ loads the wasm codecs: call src/codecs/ instead.' },
];
const FEATURES = ['generation', 'review', 'studio', 'contract', 'assets', 'spending', 'assetsWorkbench', 'agentTools', 'iconSets'];
const FLOOR3 = ['workspace', 'images', 'secrets', 'webview', 'state', 'provenance', 'walkthrough', 'config', 'log', 'notifier', 'requestTracker'];

export default tseslint.config(
	{ ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-output/**', '*.vsix', 'scripts/**', 'esbuild.js', 'eslint.config.mjs'] },
	...tseslint.configs.recommended,
	{
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
			'@typescript-eslint/no-explicit-any': 'off',
			'no-restricted-syntax': [
				'error',
				{
					selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|describe|suite|test|context)$/]",
					message: '.only would hide the other tests.',
				},
			],
		},
	},
	{
		files: ['test/**/*.ts'],
		rules: { '@typescript-eslint/no-require-imports': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
	},
	// Floor 1.
	boundary(
		['src/core/**/*.ts'],
		folders('gemini', 'codecs', ...FLOOR3, ...FEATURES, 'commands', 'shared'),
		'src/core/ is the bottom floor: Node built-ins only.',
		[...noVscode, ...noSdk],
	),
	boundary(
		['src/shared/**/*.ts'],
		folders('core', 'gemini', 'codecs', ...FLOOR3, ...FEATURES, 'commands'),
		'src/shared/ is plain data shared with the webviews: it imports nothing.',
		[...noVscode, ...noSdk],
	),
	// Floor 2.
	boundary(['src/gemini/**/*.ts'], folders('codecs', ...FLOOR3, ...FEATURES, 'commands'), 'src/gemini/ sits on core/ only.', noVscode),
	// Floor 2 beside gemini/: the codecs know no vscode, no SDK and no Gemini wire; floor 3 and up may import them.
	boundary(
		['src/codecs/**/*.ts'],
		folders('gemini', 'shared', ...FLOOR3, ...FEATURES, 'commands'),
		'src/codecs/ sits on core/ only.',
		[...noVscode, ...noSdk],
		[],
	),
	// Floor 2 beside codecs/: pixel tools (matting) on decoded images; core/ and codecs/ only, no vscode.
	boundary(['src/imageTools/**/*.ts'], folders('gemini', 'shared', ...FLOOR3, ...FEATURES, 'commands'), 'src/imageTools/ sits on core/ and codecs/ only.', [
		...noVscode,
		...noSdk,
	]),
	// Floor 3.
	boundary(
		[
			'src/workspace/**/*.ts',
			'src/secrets/**/*.ts',
			'src/webview/**/*.ts',
			'src/state/**/*.ts',
			'src/provenance/**/*.ts',
			'src/walkthrough/**/*.ts',
			'src/config.ts',
			'src/log.ts',
			'src/notifier.ts',
			'src/requestTracker.ts',
		],
		folders(...FEATURES, 'commands'),
		'Floor 3 (workspace, images, secrets, webview, state, config, log, notifier) does not reach up into features or commands.',
		noSdk,
	),
	// Images read the user's files; they never reach into where results are written (that cycle is gone).
	boundary(['src/images/**/*.ts'], folders('workspace', ...FEATURES, 'commands'), 'src/images/ sits below src/workspace/ and the features.', noSdk),
	// The services interface is the composition root's contract with the features: types from them, never commands.
	boundary(['src/services.ts'], folders('commands'), 'src/services.ts names what the features get; it never imports commands.', noSdk),
	// Floor 4: features import the floors below, never commands.
	boundary(
		[
			'src/generation/**/*.ts',
			'src/review/**/*.ts',
			'src/studio/**/*.ts',
			'src/contract/**/*.ts',
			'src/assets/**/*.ts',
			'src/spending/**/*.ts',
			'src/assetsWorkbench/**/*.ts',
			'src/agentTools/**/*.ts',
			'src/iconSets/**/*.ts',
		],
		folders('commands'),
		'Features never import src/commands/: the composition root wires them.',
		noSdk,
	),
	// The asset engine and the CLI run in a plain Node terminal too: no vscode (the editor passes its ports in).
	boundary(
		['src/assets/**/*.ts'],
		folders('commands', ...FEATURES.filter((name) => name !== 'assets')),
		'src/assets/ is the vscode-free asset engine: it imports core/, gemini/ and vscode-free helpers only.',
		[...noVscode, ...noSdk],
	),
	boundary(
		['src/cli.ts'],
		folders('commands', ...FEATURES.filter((name) => name !== 'assets')),
		'src/cli.ts is the terminal composition root: it wires src/assets/ only.',
		[...noVscode, ...noSdk],
	),
	// The studio's rooms get what they need through their constructors: they never import the panel or the manager back.
	boundary(
		['src/studio/turnRunner.ts', 'src/studio/imageActions.ts', 'src/studio/attachments.ts', 'src/studio/turnViews.ts', 'src/studio/studioPage.ts'],
		folders('commands'),
		'Features never import src/commands/: the composition root wires them.',
		[
			...noSdk,
			...['./studioPanel', './studioManager'].map((name) => ({
				name,
				message: 'A studio room never imports the panel or the manager back: pass what it needs to its constructor.',
			})),
		],
	),
	// Floor 5.
	boundary(['src/commands/**/*.ts'], [], 'Commands import the floors below.', noSdk),
	// The webviews: their own kit and the shared protocol only.
	boundary(['media/**/*.ts'], ['**/src/*', '**/src/*/**', '!**/src/shared', '!**/src/shared/**'], 'media/ imports only media/shared/ and src/shared/.', [
		...noVscode,
		...noSdk,
	]),
);
