// The integration suite on desktop VS Code (Electron) via @vscode/test-electron.
//
//   node out/test/runners/desktop.js
//
// Env: VSCODE_TEST_VERSION (default 'stable'; downloads into .vscode-test/, needs internet) or
//      VSCODE_EXECUTABLE_PATH (an installed VS Code binary; no download).
// Desktop VS Code needs a display: on a headless Linux box run it under `xvfb-run -a`.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const TEST_API_KEY = 'env-key-for-tests-0001';

async function main(): Promise<number> {
	const outputDir = path.join(repoRoot, 'test-output');
	fs.mkdirSync(outputDir, { recursive: true });
	const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gis-desktop-'));
	const workspace = path.join(runDir, 'workspace');
	fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
	const resultFile = path.join(runDir, 'result.json');
	const executable = process.env.VSCODE_EXECUTABLE_PATH;
	const version = process.env.VSCODE_TEST_VERSION || 'stable';
	const started = Date.now();
	let exitCode: number;
	try {
		exitCode = await runTests({
			...(executable ? { vscodeExecutablePath: executable } : { version }),
			extensionDevelopmentPath: repoRoot,
			extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
			extensionTestsEnv: {
				GEMINI_API_KEY: TEST_API_KEY,
				IMAGE_STUDIO_TEST_RESULT_FILE: resultFile,
				IMAGE_STUDIO_TEST_GREP: process.env.IMAGE_STUDIO_TEST_GREP,
			},
			launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes', '--user-data-dir', path.join(runDir, 'ud')],
		});
	} catch (error) {
		const message = String((error as Error).message ?? error);
		const download =
			!executable &&
			/ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|getaddrinfo|download|update\.code\.visualstudio\.com|fetch failed|socket hang up/i.test(
				message,
			);
		if (download) {
			console.error(
				`\nDesktop tests could not download VS Code (${version}): ${message}\n` +
					'Desktop runs need internet access to update.code.visualstudio.com, or set VSCODE_EXECUTABLE_PATH to an installed VS Code binary.\n' +
					'Offline, use `npm run test:integration` (code-server) instead.',
			);
		} else {
			console.error(`\nDesktop tests failed: ${message}`);
		}
		exitCode = 1;
	}
	let result: { passed?: number; failed?: number; pending?: number; total?: number } | undefined;
	try {
		result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as typeof result;
	} catch {
		result = undefined;
	}
	fs.rmSync(runDir, { recursive: true, force: true });
	if (result) {
		console.log(`desktop: ${result.passed ?? 0} passed, ${result.failed ?? 0} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
		fs.writeFileSync(
			path.join(outputDir, 'counts-desktop.json'),
			JSON.stringify({ passed: result.passed ?? 0, failed: result.failed ?? 0, pending: result.pending ?? 0 }) + '\n',
		);
	}
	if (exitCode !== 0) {
		return 1;
	}
	// The exit status alone is not trusted: require the index's result file with at least one test and no failure.
	if (!result || (result.total ?? 0) === 0 || (result.failed ?? 0) > 0) {
		console.error(result ? 'desktop: no tests ran or some failed' : 'desktop: the test index wrote no result file');
		return 1;
	}
	return 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
