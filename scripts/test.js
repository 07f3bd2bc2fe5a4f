#!/usr/bin/env node
// The one test command (`npm test`), the gate every change passes: lint (one-way layers), format, the webviews' type
// check, build, compile (into an emptied out/), the fake Gemini server's own tests (test/fake-gemini/test/, counted
// apart from the product's), unit tests, the contract check against the fake, then the integration, Restricted Mode
// (untrusted workspace) and UI suites on a real VS Code (code-server 4.139.1 on Node 24 + Chromium; installed on
// first use), then the black-box test of the packaged VSIX (`npm run package`, installed with code-server's CLI, no
// dev mode). Stops at the first failing step. A layer fails too when it skips a test, runs none, or runs fewer than
// its floor (MINIMUM_TESTS); `.only` is refused by the linter and by mocha. Ends with a plain `N passed, N failed`
// line; exit 0 only when every step passed.
'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
// IMAGE_STUDIO_TEST_OUTPUT moves test-output/ elsewhere (the runners honour it too).
const outputDir = process.env.IMAGE_STUDIO_TEST_OUTPUT ? path.resolve(process.env.IMAGE_STUDIO_TEST_OUTPUT) : path.join(root, 'test-output');
const counts = (layer) => path.join(outputDir, `counts-${layer}.json`);

let interrupted = false;
let running;
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		// The child got the signal too (same process group) and cleans up after itself; wait for it.
		interrupted = true;
		if (running && signal === 'SIGTERM') {
			running.kill('SIGTERM');
		}
		if (!running) {
			process.exit(130);
		}
	});
}

function run(command, args) {
	return new Promise((resolve) => {
		running = childProcess.spawn(command, args, { cwd: root, stdio: 'inherit' });
		running.on('error', (error) => {
			console.error(`[test] cannot start ${command}: ${error.message}`);
			running = undefined;
			resolve(1);
		});
		running.on('exit', (code, signal) => {
			running = undefined;
			resolve(code === null ? (signal === 'SIGINT' ? 130 : 1) : code);
		});
	});
}

const node = process.execPath;
/** A mocha run with the counts reporter, for the `fake` and `unit` layers. */
function mochaLayer(config, layer) {
	return run(node, [
		path.join('node_modules', 'mocha', 'bin', 'mocha.js'),
		'--config',
		config,
		'--reporter',
		path.join(root, 'scripts', 'mocha-counts-reporter.js'),
		'--reporter-option',
		`countsFile=${counts(layer)}`,
	]);
}

// Layers that test the test tools rather than the product: their counts are shown apart in the summary (still in the total).
const toolLayers = new Set(['fake']);

/**
 * The fewest tests each layer may report. A layer whose count drops below its floor fails the run: tests that went
 * missing (a file no longer picked up, a suite that stopped early) must not pass for a green run. Raise a floor when
 * tests are added; lower it only together with the change that removes tests, and say why in the commit.
 */
const MINIMUM_TESTS = { fake: 103, unit: 250, integration: 228, restricted: 14, ui: 18, blackbox: 12 };

/** Variables that narrow what runs: useful by hand with the runners, never under `npm test`. */
const NARROWING_VARIABLES = ['IMAGE_STUDIO_TEST_GREP', 'IMAGE_STUDIO_UI_FILTER'];

const tsc = path.join('node_modules', 'typescript', 'bin', 'tsc');
const steps = [
	{ name: 'lint', run: () => run(node, [path.join('node_modules', 'eslint', 'bin', 'eslint.js'), '--max-warnings', '0', 'src', 'media', 'test']) },
	// Every string in English and Korean, and the English bundle up to date (scripts/check-l10n.js; also in `npm run lint`).
	{ name: 'l10n', run: () => run(node, [path.join('scripts', 'check-l10n.js')]) },
	{
		name: 'format',
		run: () =>
			run(node, [
				path.join('node_modules', 'prettier', 'bin', 'prettier.cjs'),
				'--check',
				'--log-level',
				'warn',
				'src',
				'media',
				'test',
				'scripts',
				'esbuild.js',
			]),
	},
	{ name: 'typecheck webviews', run: () => run(node, [tsc, '-p', 'media', '--noEmit']) },
	{ name: 'build', run: () => run(node, ['esbuild.js']) },
	{
		name: 'compile',
		run: () => {
			// Stale compiled tests (of a renamed or deleted file) would still run: start from an empty out/.
			fs.rmSync(path.join(root, 'out'), { recursive: true, force: true });
			return run(node, [tsc, '-p', '.', '--outDir', 'out']);
		},
	},
	// The fake Gemini server must be right before anything is tested against it.
	{ name: 'fake server', layer: 'fake', run: () => mochaLayer('.mocharc.fake.json', 'fake') },
	{ name: 'unit', layer: 'unit', run: () => mochaLayer('.mocharc.unit.json', 'unit') },
	// What the extension assumes about the Gemini API, checked against the fake (live: `npm run contract`).
	{ name: 'contract', run: () => run(node, [path.join('scripts', 'contract.js'), '--fake']) },
	{
		name: 'test host',
		run: async () => {
			try {
				await require('./ensure-test-host.js').ensureTestHost();
				return 0;
			} catch (error) {
				console.error(`[test] ${error.message}`);
				return 1;
			}
		},
	},
	{ name: 'integration', layer: 'integration', run: () => run(node, [path.join('out', 'test', 'runners', 'codeServer.js'), '--suite', 'integration']) },
	// The same host with Workspace Trust on and the workspace untrusted: test/integration/restricted/ (Restricted Mode).
	{ name: 'restricted', layer: 'restricted', run: () => run(node, [path.join('out', 'test', 'runners', 'codeServer.js'), '--suite', 'restricted']) },
	{ name: 'ui', layer: 'ui', run: () => run(node, [path.join('out', 'test', 'runners', 'codeServer.js'), '--suite', 'ui']) },
	{
		name: 'blackbox',
		layer: 'blackbox',
		run: async () => {
			// `npm run package` (vscode:prepublish = production build), then the VSIX in a real VS Code.
			const vsce = path.join('node_modules', '@vscode', 'vsce', 'vsce');
			const packaged = await run(node, [
				vsce,
				'package',
				'--no-dependencies',
				'--allow-missing-repository',
				'--no-rewrite-relative-links',
				'--out',
				'gemini-image-studio.vsix',
			]);
			if (interrupted) {
				return packaged || 130;
			}
			if (packaged !== 0) {
				console.error(`[test] vsce package failed (exit ${packaged})`);
				return packaged;
			}
			return run(node, [path.join('out', 'test', 'blackbox', 'vsix.blackbox.js'), 'gemini-image-studio.vsix']);
		},
	},
];

function readCounts(layer) {
	try {
		const data = JSON.parse(fs.readFileSync(counts(layer), 'utf8'));
		return { passed: Number(data.passed) || 0, failed: Number(data.failed) || 0, pending: Number(data.pending) || 0 };
	} catch {
		return undefined;
	}
}

async function main() {
	const narrowing = NARROWING_VARIABLES.filter((name) => process.env[name]);
	if (narrowing.length > 0) {
		console.error(
			`[test] ${narrowing.join(' and ')} ${narrowing.length === 1 ? 'is' : 'are'} set: npm test always runs every test. Unset ${narrowing.length === 1 ? 'it' : 'them'}, or run one suite by hand (node out/test/runners/codeServer.js --suite …).`,
		);
		console.log('0 passed, 1 failed');
		return 1;
	}
	fs.mkdirSync(outputDir, { recursive: true });
	// Screenshots from an earlier run would pass for this run's.
	fs.rmSync(path.join(outputDir, 'screenshots'), { recursive: true, force: true });
	for (const layer of ['fake', 'unit', 'integration', 'restricted', 'ui', 'blackbox']) {
		fs.rmSync(counts(layer), { force: true });
	}
	const started = Date.now();
	const lines = [];
	let passed = 0;
	let failed = 0;
	// The fake server's own tests, kept apart from the product's in the summary.
	const tools = { passed: 0, failed: 0 };
	let failedStep;
	for (const step of steps) {
		const stepStarted = Date.now();
		console.log(`\n[test] ── ${step.name} ──`);
		const code = await step.run();
		const seconds = ((Date.now() - stepStarted) / 1000).toFixed(1);
		let line = `${step.name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds} s`;
		if (step.layer) {
			const layerCounts = readCounts(step.layer);
			if (layerCounts) {
				passed += layerCounts.passed;
				failed += layerCounts.failed;
				if (toolLayers.has(step.layer)) {
					tools.passed += layerCounts.passed;
					tools.failed += layerCounts.failed;
				}
				line += ` — ${layerCounts.passed} passed, ${layerCounts.failed} failed${layerCounts.pending ? `, ${layerCounts.pending} pending` : ''}`;
				const minimum = MINIMUM_TESTS[step.layer] ?? 1;
				const problem =
					layerCounts.passed + layerCounts.failed === 0
						? 'no tests ran'
						: layerCounts.pending > 0
							? `${layerCounts.pending} pending (skipped) test(s): a skipped test is not a passed one`
							: layerCounts.passed + layerCounts.failed < minimum
								? `only ${layerCounts.passed + layerCounts.failed} tests, fewer than the ${minimum} this layer has (scripts/test.js MINIMUM_TESTS): tests went missing`
								: undefined;
				if (code === 0 && problem) {
					line += ` (${problem})`;
					lines.push(line);
					failedStep = step.name;
					failed++;
					if (toolLayers.has(step.layer)) {
						tools.failed++;
					}
					break;
				}
			} else if (code === 0) {
				// A layer that wrote no counts cannot show that its tests ran.
				line += ' (no counts file: FAILED)';
				lines.push(line);
				failedStep = step.name;
				failed++;
				break;
			}
			if (code !== 0 && (!layerCounts || layerCounts.failed === 0)) {
				// The layer failed without a failing test (crash, timeout, load error): count it as one failure.
				failed++;
				if (toolLayers.has(step.layer)) {
					tools.failed++;
				}
			}
		} else if (code !== 0) {
			failed++;
		}
		lines.push(line);
		if (code !== 0 || interrupted) {
			failedStep = step.name;
			break;
		}
	}
	console.log('\n[test] ── summary ──');
	for (const line of lines) {
		console.log(`[test] ${line}`);
	}
	if (failedStep) {
		console.log(`[test] stopped at: ${failedStep}${interrupted ? ' (interrupted)' : ''}`);
	}
	console.log(`[test] total ${((Date.now() - started) / 1000).toFixed(1)} s`);
	console.log(`[test] fake server: ${tools.passed} passed, ${tools.failed} failed`);
	console.log(`[test] product: ${passed - tools.passed} passed, ${failed - tools.failed} failed`);
	console.log(`${passed} passed, ${failed} failed`);
	return failedStep || failed > 0 || passed === 0 ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
