// Mocha entry point inside the extension host (extensionTestsPath). Used by both runners:
// test/runners/codeServer.ts (code-server, web UI, Node host) and test/runners/desktop.ts (desktop VS Code).
// Runs every out/test/integration/*.test.js (sorted; not the restricted/ folder, which restricted/index.ts runs in a
// host with Workspace Trust on), writes counts to $IMAGE_STUDIO_TEST_RESULT_FILE and
// rejects on any failure or when no test ran: the host's own exit status cannot be trusted.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

interface Result {
	passed: number;
	failed: number;
	pending: number;
	total: number;
	vscodeVersion: string;
	appName: string;
	error?: string;
}

function writeResult(result: Result): void {
	const file = process.env.IMAGE_STUDIO_TEST_RESULT_FILE;
	if (!file) {
		return;
	}
	try {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, JSON.stringify(result, null, '\t') + '\n');
	} catch (error) {
		console.error(`Could not write the test result file ${file}: ${String(error)}`);
	}
}

export function run(): Promise<void> {
	return runTestsIn(__dirname, 'Integration tests');
}

/** Runs every `*.test.js` directly in `dir` (sorted) with mocha; `label` names the suite in the log and errors. */
export async function runTestsIn(dir: string, label: string): Promise<void> {
	console.log(`Extension host: VS Code ${vscode.version} (${vscode.env.appName}), uiKind ${vscode.env.uiKind}, remoteName ${String(vscode.env.remoteName)}`);
	const result: Result = { passed: 0, failed: 0, pending: 0, total: 0, vscodeVersion: vscode.version, appName: vscode.env.appName };
	// `.only` and pending (skipped) tests fail the run: a count that shrinks silently is a gate that does not hold.
	const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec', forbidOnly: true, forbidPending: true });
	// IMAGE_STUDIO_TEST_GREP: run only tests whose full title matches (the runners pass it through).
	if (process.env.IMAGE_STUDIO_TEST_GREP) {
		mocha.grep(process.env.IMAGE_STUDIO_TEST_GREP);
	}
	const files = fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.test.js'))
		.sort();
	for (const file of files) {
		mocha.addFile(path.join(dir, file));
	}
	try {
		await new Promise<void>((resolve) => {
			const runner = mocha.run(() => resolve());
			runner.on('pass', () => result.passed++);
			runner.on('fail', () => result.failed++);
			runner.on('pending', () => result.pending++);
		});
	} catch (error) {
		// mocha.run() throws synchronously when a test file cannot be loaded.
		result.failed++;
		result.error = String((error as Error).stack ?? error);
		console.error(`Loading the ${label.toLowerCase()} failed: ${result.error}`);
	}
	result.total = result.passed + result.failed + result.pending;
	writeResult(result);
	console.log(`${label}: ${result.passed} passed, ${result.failed} failed, ${result.pending} pending (${files.length} files)`);
	if (result.failed > 0) {
		throw new Error(`${label}: ${result.failed} failed.`);
	}
	if (result.total === 0) {
		throw new Error(`${label}: none ran.`);
	}
}
