// Over 400 lines: the three suites (integration, restricted, UI) share one code-server lifecycle here.
// Runs the integration suite (mocha inside the extension host) and/or the UI suite (Playwright driving
// the workbench) against a real VS Code: code-server 4.139.1 on Node 24 with Debian's Chromium.
//
//   node out/test/runners/codeServer.js --suite integration|restricted|ui|all
// (restricted = test/integration/restricted/*.test.ts with Workspace Trust on and the workspace untrusted;
// `all` = integration and ui, as before)
//
// Output: test-output/ (screenshots/, cs-<suite>.log = code-server, browser-<suite>.log = page console,
// automation-<suite>.log = all the workbench forwarded, vscode-logs-<suite>/ = VS Code's logs incl. the
// extension's output channel, counts-<suite>.json for scripts/test.js).
// Env: IMAGE_STUDIO_TEST_TIMEOUT_MS (integration driver timeout, default 8 min),
//      IMAGE_STUDIO_TEST_GREP (integration: only tests whose title matches), IMAGE_STUDIO_UI_FILTER
//      (ui: only modules whose file name contains it), IMAGE_STUDIO_TEST_OUTPUT (instead of test-output/,
//      for runs side by side),
//      IMAGE_STUDIO_UI_TIMEOUT_MS (per UI module, default 3 min or the module's own `timeoutMs`), IMAGE_STUDIO_KEEP_RUN_DIR=1 (keep temp dirs).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as util from 'util';
import type { BrowserContext, Page } from 'playwright-core';
import { copyDir, launchChromium, repoRoot, startCodeServer, testHostScripts, type CodeServer, type TestHost } from './codeServerHost';
import { MemorySampler } from './memory';
import type { UiContext, UiModule } from '../ui/uiContext';

type Suite = 'integration' | 'restricted' | 'ui';

interface Counts {
	passed: number;
	failed: number;
	pending: number;
	error?: string;
}

const TEST_API_KEY = 'env-key-for-tests-0001';
const outputDir = process.env.IMAGE_STUDIO_TEST_OUTPUT ? path.resolve(process.env.IMAGE_STUDIO_TEST_OUTPUT) : path.join(repoRoot, 'test-output');
const screenshotDir = path.join(outputDir, 'screenshots');
const fixtureDir = path.join(repoRoot, 'test', 'fixtures', 'workspace');
const keepRunDirs = process.env.IMAGE_STUDIO_KEEP_RUN_DIR === '1';

// Everything that must be undone, newest first, also on SIGINT/SIGTERM and uncaught errors.
const cleanups: Array<() => Promise<void>> = [];
let cleaningUp: Promise<void> | undefined;
let interrupted = false;

function runCleanups(): Promise<void> {
	cleaningUp ??= (async () => {
		while (cleanups.length > 0) {
			const cleanup = cleanups.pop()!;
			try {
				await withTimeout(cleanup(), 15_000, 'cleanup');
			} catch (error) {
				console.error(`[runner] cleanup failed: ${String(error)}`);
			}
		}
	})();
	return cleaningUp;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	process.on(signal, () => {
		interrupted = true;
		console.error(`[runner] ${signal}: stopping code-server and the browser…`);
		void runCleanups().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
	});
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function elapsed(since: number): string {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function makeRunDir(suite: Suite): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gis-${suite}-`));
	const logsCopy = path.join(outputDir, `vscode-logs-${suite}`);
	fs.rmSync(logsCopy, { recursive: true, force: true });
	cleanups.push(async () => {
		// Keep VS Code's own logs (extension host, extension output channels, server) for diagnosis.
		const logs = path.join(dir, 'ud', 'logs');
		if (fs.existsSync(logs)) {
			fs.cpSync(logs, logsCopy, { recursive: true });
		}
		if (keepRunDirs) {
			console.log(`[runner] kept ${dir}`);
		} else {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
	return dir;
}

function freshWorkspace(runDir: string, name = 'workspace'): string {
	const dir = path.join(runDir, name);
	copyDir(fixtureDir, dir);
	return dir;
}

// Workbench messages forwarded through codeAutomationLog that are not test output (all harmless offline).
const workbenchNoise = new RegExp(
	[
		'^Resolving connection token',
		'^Resolved connection token',
		'^Creating a socket',
		'^\\[reconnection-grace-time\\]',
		'^Updating additional builtin extensions cache',
		'^\\[Service Worker\\]',
		'^\\[AgentHost',
		'^\\[AccountPolicyGate\\]',
		'ENOTFOUND open-vsx\\.org',
		'vsda',
		"^Timed out waiting for authentication provider 'github'",
		'^Canceled: Canceled',
	].join('|'),
);

function safeName(name: string): string {
	return name.replace(/[^\w.-]+/g, '_').slice(0, 120) || 'screenshot';
}

async function launchBrowser(host: TestHost, runDir: string, suite: Suite): Promise<BrowserContext> {
	const context = await launchChromium(host, runDir);
	cleanups.push(async () => {
		await context.close().catch(() => undefined);
	});
	const consoleLog = fs.createWriteStream(path.join(outputDir, `browser-${suite}.log`), { flags: 'w' });
	cleanups.push(() => new Promise((resolve) => consoleLog.end(resolve)));
	context.on('page', (page) => attachConsoleLog(page, consoleLog));
	for (const page of context.pages()) {
		attachConsoleLog(page, consoleLog);
	}
	return context;
}

function attachConsoleLog(page: Page, stream: fs.WriteStream): void {
	page.on('console', (message) => {
		if (!stream.writableEnded) {
			stream.write(`[${message.type()}] ${message.text()}\n`);
		}
	});
	page.on('pageerror', (error) => {
		if (!stream.writableEnded) {
			stream.write(`[pageerror] ${error.stack ?? error.message}\n`);
		}
	});
}

async function firstPage(context: BrowserContext): Promise<Page> {
	return context.pages()[0] ?? (await context.newPage());
}

async function startServer(
	host: TestHost,
	runDir: string,
	suite: Suite,
	env: Record<string, string>,
	settings: Record<string, unknown>,
	workspaceTrust = false,
): Promise<CodeServer> {
	const logFile = path.join(outputDir, `cs-${suite}.log`);
	fs.rmSync(logFile, { force: true });
	const started = Date.now();
	const server = await startCodeServer({ host, runDir, env, settings, logFile, workspaceTrust });
	cleanups.push(() => server.stop());
	console.log(`[runner] code-server up on port ${server.port} in ${elapsed(started)} (log: ${path.relative(repoRoot, logFile)})`);
	return server;
}

function writeCounts(suite: Suite, counts: Counts): void {
	fs.writeFileSync(path.join(outputDir, `counts-${suite}.json`), JSON.stringify(counts) + '\n');
}

function readJson(file: string): Record<string, unknown> | undefined {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
	} catch {
		return undefined;
	}
}

/**
 * `integration`: out/test/integration/*.test.js with Workspace Trust disabled (the workspace counts as trusted).
 * `restricted`: out/test/integration/restricted/*.test.js with Workspace Trust on and the workspace never trusted,
 * so the extension runs in Restricted Mode.
 */
async function runIntegration(host: TestHost, suite: 'integration' | 'restricted'): Promise<Counts> {
	const suiteStarted = Date.now();
	const runDir = makeRunDir(suite);
	const workspace = freshWorkspace(runDir);
	const resultFile = path.join(runDir, 'result.json');
	const testsEntry = path.join(repoRoot, 'out', 'test', 'integration', ...(suite === 'restricted' ? ['restricted'] : []), 'index.js');
	if (!fs.existsSync(testsEntry)) {
		throw new Error(`${testsEntry} is missing: compile first (tsc -p . --outDir out).`);
	}
	const server = await startServer(
		host,
		runDir,
		suite,
		{
			GEMINI_API_KEY: TEST_API_KEY,
			IMAGE_STUDIO_TEST_RESULT_FILE: resultFile,
			IMAGE_STUDIO_TEST_SCREENSHOT_DIR: screenshotDir,
			...(process.env.IMAGE_STUDIO_TEST_GREP ? { IMAGE_STUDIO_TEST_GREP: process.env.IMAGE_STUDIO_TEST_GREP } : {}),
		},
		{},
		suite === 'restricted',
	);
	const sampler = new MemorySampler(() => server.pid);
	sampler.start();
	cleanups.push(async () => {
		const memory = sampler.stop();
		if (memory) {
			console.log(`[runner] ${suite} ${memory}`);
		}
	});

	const context = await launchBrowser(host, runDir, suite);
	const page = await firstPage(context);

	let resolveExit!: (code: number) => void;
	const exitCode = new Promise<number>((resolve) => (resolveExit = resolve));
	let firstLogAt: number | undefined;
	let navigated = Date.now();
	let screenshots = Promise.resolve();
	const takeRequestedScreenshot = (name: string): void => {
		screenshots = screenshots.then(async () => {
			const file = path.join(screenshotDir, `${name}.png`);
			try {
				await page.screenshot({ path: file });
				console.log(`[runner] screenshot ${path.relative(repoRoot, file)}`);
			} catch (error) {
				console.error(`[runner] screenshot ${name} failed: ${String(error)}`);
			}
			// Signal the waiting test even if the shot failed, so it does not hang.
			fs.writeFileSync(`${file}.done`, '');
		});
	};

	// Everything the workbench forwards goes to automation-<suite>.log; the terminal gets it minus
	// the workbench's own offline chatter, so mocha's output stays readable.
	const automationLog = fs.createWriteStream(path.join(outputDir, `automation-${suite}.log`), { flags: 'w' });
	cleanups.push(() => new Promise((resolve) => automationLog.end(resolve)));
	await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
		const text = util.format(...(Array.isArray(args) ? args : [args]));
		if (firstLogAt === undefined && text.startsWith('Extension host: VS Code')) {
			firstLogAt = Date.now();
		}
		const line = text.endsWith('\n') ? text : `${text}\n`;
		if (!automationLog.writableEnded) {
			automationLog.write(`+${((Date.now() - navigated) / 1000).toFixed(2)}s [${type}] ${line}`);
		}
		if (!workbenchNoise.test(text)) {
			(type === 'error' ? process.stderr : process.stdout).write(line);
		}
		for (const match of text.matchAll(/\[screenshot-request\] ([\w.-]+)/g)) {
			takeRequestedScreenshot(safeName(match[1]));
		}
	});
	await page.exposeFunction('codeAutomationExit', (code: number) => {
		resolveExit(typeof code === 'number' ? code : 1);
	});

	const url = server.url(workspace, [
		['extensionDevelopmentPath', server.remoteUri(repoRoot)],
		['extensionTestsPath', server.remoteUri(testsEntry)],
	]);
	navigated = Date.now();
	await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

	const timeoutMs = Number(process.env.IMAGE_STUDIO_TEST_TIMEOUT_MS) || 8 * 60_000;
	let code: number;
	let error: string | undefined;
	try {
		code = await withTimeout(
			Promise.race([exitCode, server.exited.then((c) => Promise.reject(new Error(`code-server exited (${c}) during the tests`)))]),
			timeoutMs,
			`${suite} tests (no codeAutomationExit)`,
		);
	} catch (err) {
		if (interrupted) {
			throw new Error('interrupted');
		}
		code = 1;
		error = (err as Error).message;
		console.error(`[runner] ${error}`);
		await page.screenshot({ path: path.join(screenshotDir, `failure-${suite}-timeout.png`) }).catch(() => undefined);
	}
	await screenshots;
	const doneAt = Date.now();

	const result = readJson(resultFile);
	const counts: Counts = {
		passed: Number(result?.passed ?? 0),
		failed: Number(result?.failed ?? 0),
		pending: Number(result?.pending ?? 0),
	};
	if (!result) {
		error ??= `the test index wrote no result file (${resultFile}); did it load? see ${path.relative(repoRoot, path.join(outputDir, `cs-${suite}.log`))}`;
	} else if (Number(result.total ?? 0) === 0) {
		error ??= 'no tests ran';
	} else if (counts.failed > 0) {
		error ??= `${counts.failed} test(s) failed`;
	} else if (code !== 0) {
		error ??= `the workbench reported exit code ${code} although the result file shows no failure`;
	}
	if (result) {
		console.log(`[runner] host: ${String(result.appName)} ${String(result.vscodeVersion)}`);
	}
	console.log(
		`[runner] ${suite}: tests started ${firstLogAt ? `${((firstLogAt - navigated) / 1000).toFixed(1)} s` : 'never'} after page load, ` +
			`exit code ${code} after ${((doneAt - navigated) / 1000).toFixed(1)} s; suite total ${elapsed(suiteStarted)}`,
	);
	if (error) {
		counts.error = error;
	}
	writeCounts(suite, counts);
	console.log(`${suite}: ${counts.passed} passed, ${counts.failed} failed${counts.pending ? `, ${counts.pending} pending` : ''}`);
	return counts;
}

function uiModules(): string[] {
	const dir = path.join(repoRoot, 'out', 'test', 'ui');
	const filter = process.env.IMAGE_STUDIO_UI_FILTER;
	return fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.ui.js'))
		.filter((file) => !filter || file.includes(filter))
		.sort()
		.map((file) => path.join(dir, file));
}

async function runUi(host: TestHost): Promise<Counts> {
	const suiteStarted = Date.now();
	// Imported here so that a missing or broken fake does not break the integration suite.
	const { FakeGemini } = (await import('../fake-gemini/server')) as typeof import('../fake-gemini/server');
	const fake = new FakeGemini();
	const baseUrl = await fake.start();
	cleanups.push(async () => {
		await fake.stop();
	});
	console.log(`[runner] fake Gemini on ${baseUrl}`);

	const runDir = makeRunDir('ui');
	const server = await startServer(
		host,
		runDir,
		'ui',
		{ GEMINI_API_KEY: TEST_API_KEY, IMAGE_STUDIO_TEST_SCREENSHOT_DIR: screenshotDir },
		{ 'imageStudio.endpoint': baseUrl },
	);
	const sampler = new MemorySampler(() => server.pid);
	sampler.start();
	cleanups.push(async () => {
		const memory = sampler.stop();
		if (memory) {
			console.log(`[runner] ui ${memory}`);
		}
	});
	const context = await launchBrowser(host, runDir, 'ui');
	const timeoutMs = Number(process.env.IMAGE_STUDIO_UI_TIMEOUT_MS) || 3 * 60_000;

	const counts: Counts = { passed: 0, failed: 0, pending: 0 };
	const modules = uiModules();
	for (const file of modules) {
		if (interrupted) {
			throw new Error('interrupted');
		}
		const name = path.basename(file, '.ui.js');
		const started = Date.now();
		const workspaceDir = freshWorkspace(runDir, `workspace-${name}`);
		fake.reset();
		const page = await context.newPage();
		const ctx: UiContext = {
			page,
			fake,
			workspaceDir,
			async screenshot(shot: string, of: Page = page): Promise<string> {
				const target = path.join(screenshotDir, `${safeName(shot)}.png`);
				await of.screenshot({ path: target });
				return target;
			},
		};
		console.log(`[ui] ${name}`);
		// An uncaught error in the workbench or a webview fails the module that caused it (it is also in the console log).
		const pageErrors: string[] = [];
		const collectPageError = (error: Error) => pageErrors.push(error.stack ?? error.message);
		page.on('pageerror', collectPageError);
		try {
			const mod = require(file) as Partial<UiModule>;
			if (typeof mod.run !== 'function') {
				throw new Error(`${path.relative(repoRoot, file)} does not export run(ctx)`);
			}
			await page.goto(server.url(workspaceDir, [['extensionDevelopmentPath', server.remoteUri(repoRoot)]]), {
				waitUntil: 'domcontentloaded',
				timeout: 60_000,
			});
			await withTimeout(mod.run(ctx), process.env.IMAGE_STUDIO_UI_TIMEOUT_MS ? timeoutMs : (mod.timeoutMs ?? timeoutMs), `UI module ${name}`);
			if (pageErrors.length > 0) {
				throw new Error(`uncaught error(s) in the page while ${name} ran:\n${pageErrors.join('\n')}`);
			}
			counts.passed++;
			console.log(`[ui]   ✓ ${name} (${elapsed(started)})`);
		} catch (error) {
			counts.failed++;
			const shot = path.join(screenshotDir, `failure-${safeName(name)}.png`);
			await page.screenshot({ path: shot }).catch(() => undefined);
			console.log(`[ui]   ✗ ${name} (${elapsed(started)})`);
			console.log(String((error as Error).stack ?? error).replace(/^/gm, '      '));
			console.log(`      screenshot: ${path.relative(repoRoot, shot)}`);
		} finally {
			await page.close().catch(() => undefined);
		}
	}
	if (modules.length === 0) {
		counts.error = 'no UI modules (out/test/ui/*.ui.js) found';
	} else if (counts.failed > 0) {
		counts.error = `${counts.failed} UI module(s) failed`;
	}
	writeCounts('ui', counts);
	console.log(`[runner] ui suite total ${elapsed(suiteStarted)}`);
	console.log(`ui: ${counts.passed} passed, ${counts.failed} failed`);
	return counts;
}

function parseSuite(argv: string[]): Array<Suite> {
	const index = argv.indexOf('--suite');
	const value = index >= 0 ? argv[index + 1] : (argv.find((arg) => arg.startsWith('--suite='))?.slice('--suite='.length) ?? 'all');
	switch (value) {
		case 'integration':
			return ['integration'];
		case 'restricted':
			return ['restricted'];
		case 'ui':
			return ['ui'];
		case 'all':
			return ['integration', 'ui'];
		default:
			throw new Error(`Unknown --suite ${String(value)} (use integration, restricted, ui or all)`);
	}
}

async function main(): Promise<number> {
	const suites = parseSuite(process.argv.slice(2));
	fs.mkdirSync(screenshotDir, { recursive: true });
	for (const suite of suites) {
		fs.rmSync(path.join(outputDir, `counts-${suite}.json`), { force: true });
	}
	const host = await testHostScripts().ensureTestHost();
	let failed = false;
	for (const suite of suites) {
		try {
			const counts = suite === 'ui' ? await runUi(host) : await runIntegration(host, suite);
			if (counts.error) {
				console.error(`[runner] ${suite} FAILED: ${counts.error}`);
				failed = true;
			}
		} catch (error) {
			if (interrupted) {
				failed = true;
				break;
			}
			console.error(`[runner] ${suite} FAILED: ${String((error as Error).stack ?? error)}`);
			if (!fs.existsSync(path.join(outputDir, `counts-${suite}.json`))) {
				writeCounts(suite, { passed: 0, failed: 0, pending: 0, error: String((error as Error).message ?? error) });
			}
			failed = true;
		} finally {
			await runCleanups();
			cleaningUp = undefined;
		}
		for (const leftover of fs.readdirSync(screenshotDir).filter((file) => file.endsWith('.done'))) {
			fs.rmSync(path.join(screenshotDir, leftover), { force: true });
		}
	}
	return interrupted ? 130 : failed ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	async (error) => {
		console.error(`[runner] ${String((error as Error).stack ?? error)}`);
		await runCleanups();
		process.exit(1);
	},
);
