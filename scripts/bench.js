#!/usr/bin/env node
// `npm run bench`: release build, VSIX, compile the bench, then measure in the real extension host.
'use strict';
const childProcess = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const node = process.execPath;
const assetsOnly = process.argv.includes('--assets-only');
const transparencyOnly = process.argv.includes('--transparency-only');
const compile = [node, [path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--outDir', 'out']];
// The asset engine's throughput under a fake 60 RPM quota (plain Node, no editor): test/bench/assetsBench.ts.
const assetsBench = [node, [path.join('out', 'test', 'bench', 'assetsBench.js')]];
// The transparency step (both methods) on a 2048 px image, plain Node: test/bench/transparencyBench.ts.
const transparencyBench = [node, [path.join('out', 'test', 'bench', 'transparencyBench.js')]];
// The icon set pipeline from a 4096 px PNG against sharp (plain Node, no editor): test/bench/iconSetBench.ts.
const iconSetBench = [node, [path.join('out', 'test', 'bench', 'iconSetBench.js')]];
const iconSetOnly = process.argv.includes('--icon-set-only');
const steps = iconSetOnly
	? [compile, iconSetBench]
	: assetsOnly
		? [compile, assetsBench]
		: transparencyOnly
			? [compile, transparencyBench]
			: [
					[node, ['esbuild.js', '--production']],
					[
						node,
						[
							path.join('node_modules', '@vscode', 'vsce', 'vsce'),
							'package',
							'--no-dependencies',
							'--allow-missing-repository',
							'--no-rewrite-relative-links',
							'--out',
							'gemini-image-studio.vsix',
						],
					],
					compile,
					assetsBench,
					transparencyBench,
					iconSetBench,
					// `npm run bench -- --studio-only` / `-- --no-studio`: see test/bench/bench.ts.
					[node, [path.join('out', 'test', 'bench', 'bench.js'), ...process.argv.slice(2)]],
				];
for (const [command, args] of steps) {
	const result = childProcess.spawnSync(command, args, { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) {
		process.exit(result.status ?? 1);
	}
}
