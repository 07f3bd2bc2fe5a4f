// Over 400 lines: one self-contained acceptance program (processes, browser, checks) run outside any test runner.
// Black-box acceptance test of the packaged VSIX, done the way a reviewer would: install the .vsix with
// code-server's CLI into a fresh extensions dir, start code-server 4.139.1 (Node 24) WITHOUT development mode
// or the smoke-test driver, open the plain workbench URL in headless Chromium, and drive the extension only
// through user keybindings with argument objects. Gemini is the fake server started as a separate process
// (out/test/fake-gemini/cli.js) on its own port, checked over its /__fake/ control routes.
//
//   node out/test/blackbox/vsix.blackbox.js [path/to.vsix]
//
// Default VSIX: <repo>/gemini-image-studio.vsix (packaged with vsce first when missing).
// Output: test-output/screenshots/blackbox-*.png, cs-blackbox.log (code-server), browser-blackbox.log (page
// console), fake-blackbox.log (fake Gemini), vscode-logs-blackbox/ (VS Code's logs), counts-blackbox.json (for
// scripts/test.js). Ends with `blackbox: N passed, N failed`; exit 0 only when every check passed.
// Env: IMAGE_STUDIO_TEST_OUTPUT (instead of test-output/), IMAGE_STUDIO_KEEP_RUN_DIR=1 (keep the temp dir).
import * as assert from 'assert';
import * as childProcess from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import type { BrowserContext, Page } from 'playwright-core';
import { expectedDimensions, promptSeed, promptTextOf, renderFakeImage } from '../fake-gemini/server';
import { MODEL_FAKE_OPTIONS, MODEL_KEYBINDINGS, runModelChecks } from './models.blackbox';
import {
	codeServerArgs,
	freePort,
	killProcessGroup,
	launchChromium,
	repoRoot,
	testHostScripts,
	writeUserSettings,
	type TestHost,
} from '../runners/codeServerHost';

const API_KEY = 'blackbox-key';
const GENERATE_PROMPT = 'black box hero image';
const GENERATE_RATIO = '16:9';
const GENERATED_FILE = ['assets', 'generated', 'black-box-hero-image.jpg'];
const EDIT_PROMPT = 'dark mode variant';
const LOGO_FILE = ['brand', 'logo.png'];
const REVIEW_TAB_TEXT = 'logo (original).png';
const DEFAULT_VSIX = path.join(repoRoot, 'gemini-image-studio.vsix');
const OVERALL_TIMEOUT_MS = 8 * 60_000;

const outputDir = process.env.IMAGE_STUDIO_TEST_OUTPUT ? path.resolve(process.env.IMAGE_STUDIO_TEST_OUTPUT) : path.join(repoRoot, 'test-output');
const screenshotDir = path.join(outputDir, 'screenshots');
const countsFile = path.join(outputDir, 'counts-blackbox.json');
const keepRunDir = process.env.IMAGE_STUDIO_KEEP_RUN_DIR === '1';

interface Counts {
	passed: number;
	failed: number;
	pending: number;
	error?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message: string): void => console.log(`[blackbox] ${message}`);
const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;

// ---- cleanup: newest first, also on signals, uncaught errors and the watchdog ------------------------------

const cleanups: Array<() => Promise<void>> = [];
let cleaningUp: Promise<void> | undefined;
let interrupted = false;
/** Process groups (code-server) and single processes (fake Gemini, CLI runs) to SIGKILL if we exit abruptly. */
const liveGroups = new Set<number>();
const livePids = new Set<number>();

function runCleanups(): Promise<void> {
	cleaningUp ??= (async () => {
		while (cleanups.length > 0) {
			const cleanup = cleanups.pop()!;
			try {
				await withTimeout(cleanup(), 15_000, 'cleanup');
			} catch (error) {
				console.error(`[blackbox] cleanup failed: ${String(error)}`);
			}
		}
	})();
	return cleaningUp;
}

process.on('exit', () => {
	for (const pid of liveGroups) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// Already gone.
		}
	}
	for (const pid of livePids) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// Already gone.
		}
	}
});

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	process.on(signal, () => {
		if (interrupted) {
			return;
		}
		interrupted = true;
		console.error(`[blackbox] ${signal}: stopping code-server, the browser and the fake…`);
		finish(signal === 'SIGINT' ? 130 : 143, new Error(`interrupted (${signal})`));
	});
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---- checks ------------------------------------------------------------------------------------------------

const counts: Counts = { passed: 0, failed: 0, pending: 0 };
let blockedBy: string | undefined;
let failureShots = 0;
let currentPage: Page | undefined;

function writeCounts(value: Counts): void {
	fs.mkdirSync(outputDir, { recursive: true });
	fs.writeFileSync(countsFile, JSON.stringify(value) + '\n');
}

/** Runs one check. A failed `required` check skips the rest (counted as pending). */
async function check(name: string, body: () => Promise<void>, required = false): Promise<boolean> {
	if (interrupted) {
		throw new Error('interrupted');
	}
	if (blockedBy) {
		counts.pending++;
		log(`- ${name} (skipped: "${blockedBy}" failed)`);
		return false;
	}
	const started = Date.now();
	try {
		await body();
		counts.passed++;
		log(`✓ ${name} (${seconds(started)})`);
		return true;
	} catch (error) {
		if (interrupted) {
			throw new Error('interrupted');
		}
		counts.failed++;
		log(`✗ ${name} (${seconds(started)})`);
		console.log(String((error as Error).stack ?? error).replace(/^/gm, '      '));
		if (currentPage) {
			const shot = path.join(screenshotDir, `blackbox-failure-${++failureShots}.png`);
			await currentPage.screenshot({ path: shot }).then(
				() => console.log(`      screenshot: ${path.relative(repoRoot, shot)}`),
				() => undefined,
			);
		}
		if (required) {
			blockedBy = name;
		}
		return false;
	}
}

async function until(condition: () => Promise<boolean> | boolean, timeoutMs: number, describe: string | (() => Promise<string>)): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (interrupted) {
			throw new Error('interrupted');
		}
		if (Date.now() > deadline) {
			throw new Error(typeof describe === 'string' ? describe : await describe());
		}
		await sleep(200);
	}
}

// ---- processes ---------------------------------------------------------------------------------------------

/** Runs a command to completion (tracked for cleanup), returning its exit code and combined output. */
function runProcess(
	command: string,
	args: string[],
	options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number; inherit?: boolean },
): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve, reject) => {
		const child = childProcess.spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: options.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
		});
		if (child.pid !== undefined) {
			livePids.add(child.pid);
		}
		let output = '';
		child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
		child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('exit', (code) => {
			clearTimeout(timer);
			if (child.pid !== undefined) {
				livePids.delete(child.pid);
			}
			resolve({ code, output });
		});
	});
}

async function ensureVsix(argument: string | undefined): Promise<string> {
	if (argument) {
		const vsix = path.resolve(argument);
		if (!fs.existsSync(vsix)) {
			throw new Error(`${vsix} does not exist`);
		}
		return vsix;
	}
	if (!fs.existsSync(DEFAULT_VSIX)) {
		log(`${path.relative(repoRoot, DEFAULT_VSIX)} is missing: packaging it with vsce…`);
		const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
		const { code } = await runProcess(
			process.execPath,
			[vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', DEFAULT_VSIX],
			{
				cwd: repoRoot,
				timeoutMs: 5 * 60_000,
				inherit: true,
			},
		);
		if (code !== 0 || !fs.existsSync(DEFAULT_VSIX)) {
			throw new Error(`vsce package failed (exit ${code})`);
		}
	}
	return DEFAULT_VSIX;
}

interface HostDirs {
	home: string;
	tmp: string;
	userData: string;
	extensions: string;
	configFile: string;
	env: Record<string, string>;
}

/** The same throwaway HOME/XDG/TMPDIR layout and clean env that codeServerHost.startCodeServer uses. */
function hostDirs(host: TestHost, runDir: string, port: number): HostDirs {
	const dirs = {
		home: path.join(runDir, 'home'),
		tmp: path.join(runDir, 'tmp'),
		config: path.join(runDir, 'xdg-config'),
		data: path.join(runDir, 'xdg-data'),
		cache: path.join(runDir, 'xdg-cache'),
		userData: path.join(runDir, 'ud'),
		extensions: path.join(runDir, 'exts'),
	};
	for (const dir of Object.values(dirs)) {
		fs.mkdirSync(dir, { recursive: true });
	}
	const configFile = path.join(runDir, 'config.yaml');
	fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
	return {
		home: dirs.home,
		tmp: dirs.tmp,
		userData: dirs.userData,
		extensions: dirs.extensions,
		configFile,
		env: {
			PATH: `${path.dirname(host.nodeBin)}:/usr/local/bin:/usr/bin:/bin`,
			HOME: dirs.home,
			TMPDIR: dirs.tmp,
			XDG_CONFIG_HOME: dirs.config,
			XDG_DATA_HOME: dirs.data,
			XDG_CACHE_HOME: dirs.cache,
			LANG: 'C.UTF-8',
		},
	};
}

function codeServerCli(host: TestHost, dirs: HostDirs, ...args: string[]): Promise<{ code: number | null; output: string }> {
	return runProcess(
		host.nodeBin,
		[host.codeServerEntry, '--config', dirs.configFile, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, ...args],
		{
			cwd: dirs.home,
			env: dirs.env,
			timeoutMs: 120_000,
		},
	);
}

function httpRequest(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? undefined : JSON.stringify(body);
		const request = http.request(
			url,
			{ method, timeout: 5000, headers: payload ? { 'content-type': 'application/json', ...headers } : headers },
			(response) => {
				let body = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => (body += chunk));
				response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
			},
		);
		request.on('timeout', () => request.destroy(new Error(`${method} ${url} timed out`)));
		request.on('error', reject);
		request.end(payload);
	});
}

export interface FakeProcess {
	url: string;
	/** GET /__fake/requests */
	requests(): Promise<FakeRequest[]>;
	/** POST /__fake/options: merges into the fake's options. */
	setOptions(patch: Record<string, unknown>): Promise<void>;
	/** The image model IDs the fake lists for the test's key, following every page (GET /v1beta/models). */
	listedModels(): Promise<string[]>;
}

/** The parts of a recorded request (GET /__fake/requests) this test looks at. */
export interface FakeRequest {
	id: number;
	action?: string;
	model?: string;
	headers: Record<string, string | string[] | undefined>;

	body: any;
	status?: number;
}

/** Starts `node out/test/fake-gemini/cli.js --port N --valid-key blackbox-key` and waits for its banner. */
async function startFake(): Promise<FakeProcess> {
	const cli = path.join(repoRoot, 'out', 'test', 'fake-gemini', 'cli.js');
	if (!fs.existsSync(cli)) {
		throw new Error(`${cli} is missing: compile first (tsc -p . --outDir out)`);
	}
	const port = await freePort();
	const logFile = fs.createWriteStream(path.join(outputDir, 'fake-blackbox.log'), { flags: 'w' });
	// Only this key is accepted (any other gets 400 API_KEY_INVALID), so a wrong key cannot pass unnoticed.
	const child = childProcess.spawn(process.execPath, [cli, '--port', String(port), '--valid-key', API_KEY], {
		cwd: repoRoot,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (child.pid === undefined) {
		throw new Error('the fake Gemini did not start (no pid)');
	}
	const pid = child.pid;
	livePids.add(pid);
	const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
	cleanups.push(async () => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			await Promise.race([exited, sleep(3000)]);
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGKILL');
				await Promise.race([exited, sleep(2000)]);
			}
		}
		livePids.delete(pid);
		await new Promise<void>((resolve) => logFile.end(resolve));
	});
	child.stderr.on('data', (chunk: Buffer) => !logFile.writableEnded && logFile.write(chunk));
	const url = await withTimeout(
		new Promise<string>((resolve, reject) => {
			let buffer = '';
			child.stdout.setEncoding('utf8');
			child.stdout.on('data', (chunk: string) => {
				if (!logFile.writableEnded) {
					logFile.write(chunk);
				}
				buffer += chunk;
				const match = /Fake Gemini listening on (http:\/\/\S+)/.exec(buffer);
				if (match) {
					resolve(match[1]);
				}
			});
			child.on('exit', (code) => reject(new Error(`the fake Gemini exited (${code}) before listening; see fake-blackbox.log`)));
		}),
		15_000,
		'fake Gemini start',
	);
	return {
		url,
		async requests(): Promise<FakeRequest[]> {
			const { status, body } = await httpRequest('GET', `${url}/__fake/requests`);
			assert.strictEqual(status, 200, `GET /__fake/requests answered ${status}`);
			return JSON.parse(body) as FakeRequest[];
		},
		async setOptions(patch: Record<string, unknown>): Promise<void> {
			const { status, body } = await httpRequest('POST', `${url}/__fake/options`, patch);
			assert.strictEqual(status, 200, `POST /__fake/options answered ${status}: ${body}`);
		},
		async listedModels(): Promise<string[]> {
			const ids: string[] = [];
			let token = '';
			for (let page = 0; page < 50; page++) {
				const { status, body } = await httpRequest(
					'GET',
					`${url}/v1beta/models?pageSize=1000${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`,
					undefined,
					{ 'x-goog-api-key': API_KEY },
				);
				assert.strictEqual(status, 200, `GET /v1beta/models answered ${status}: ${body}`);
				const parsed = JSON.parse(body) as { models?: { name: string }[]; nextPageToken?: string };
				ids.push(...(parsed.models ?? []).map((model) => model.name.replace(/^models\//, '')));
				if (!parsed.nextPageToken) {
					return ids;
				}
				token = parsed.nextPageToken;
			}
			throw new Error('the fake hands out page tokens forever');
		},
	};
}

/** code-server as a user runs it: no `--vscode-option enable-smoke-test-driver`, no development payload. */
async function startCodeServer(host: TestHost, dirs: HostDirs, port: number): Promise<{ origin: string; pid: number }> {
	const logFile = path.join(outputDir, 'cs-blackbox.log');
	const logFd = fs.openSync(logFile, 'w');
	const args = codeServerArgs(host, { configFile: dirs.configFile, port, userData: dirs.userData, extensions: dirs.extensions });
	// detached: setsid(), so the whole tree (extension host, file watcher) can be killed as one group.
	const child = childProcess.spawn(host.nodeBin, args, {
		cwd: dirs.home,
		env: { ...dirs.env, GEMINI_API_KEY: API_KEY },
		detached: true,
		stdio: ['ignore', logFd, logFd],
	});
	fs.closeSync(logFd);
	if (child.pid === undefined) {
		throw new Error('code-server did not start (no pid)');
	}
	const pid = child.pid;
	liveGroups.add(pid);
	cleanups.push(async () => {
		await killProcessGroup(pid);
		liveGroups.delete(pid);
	});
	let exitCode: number | null | undefined;
	child.on('exit', (code) => (exitCode = code));
	const origin = `http://127.0.0.1:${port}`;
	await until(
		async () => {
			if (exitCode !== undefined) {
				throw new Error(`code-server exited with ${exitCode} before it was ready; see ${path.relative(repoRoot, logFile)}`);
			}
			return (await httpRequest('GET', `${origin}/healthz`).catch(() => ({ status: 0 }))).status === 200;
		},
		60_000,
		`code-server did not answer ${origin}/healthz within 60 s; see ${path.relative(repoRoot, logFile)}`,
	);
	return { origin, pid };
}

/** Headless Chromium with the UI suite's flags and a throwaway profile/HOME. */
async function launchBrowser(host: TestHost, runDir: string): Promise<BrowserContext> {
	const context = await launchChromium(host, runDir);
	cleanups.push(async () => {
		currentPage = undefined;
		await context.close().catch(() => undefined);
	});
	const consoleLog = fs.createWriteStream(path.join(outputDir, 'browser-blackbox.log'), { flags: 'w' });
	cleanups.push(() => new Promise((resolve) => consoleLog.end(resolve)));
	const attach = (page: Page): void => {
		page.on('console', (message) => !consoleLog.writableEnded && consoleLog.write(`[${message.type()}] ${message.text()}\n`));
		page.on('pageerror', (error) => !consoleLog.writableEnded && consoleLog.write(`[pageerror] ${error.stack ?? error.message}\n`));
	};
	context.on('page', attach);
	context.pages().forEach(attach);
	return context;
}

// ---- workbench helpers -------------------------------------------------------------------------------------

async function screenshot(page: Page, name: string): Promise<string> {
	const file = path.join(screenshotDir, `blackbox-${name}.png`);
	await page.screenshot({ path: file });
	log(`screenshot ${path.relative(repoRoot, file)}`);
	return file;
}

async function notificationTexts(page: Page): Promise<string[]> {
	return page
		.locator('.notification-toast .notification-list-item-message')
		.allInnerTexts()
		.catch(() => []);
}

function tabWith(page: Page, text: string) {
	return page
		.locator('.tabs-container .tab')
		.filter({ hasText: text })
		.or(page.locator(`.tabs-container .tab[aria-label*="${text}"]`));
}

/** How many webview frames show at least one loaded image. */
async function renderedImageFrames(page: Page): Promise<number> {
	let loaded = 0;
	for (const frame of page.frames()) {
		if (frame !== page.mainFrame()) {
			const ok = await frame.evaluate<boolean>('Array.from(document.images).some((img) => img.complete && img.naturalWidth > 0)').catch(() => false);
			loaded += ok ? 1 : 0;
		}
	}
	return loaded;
}

/** Proves the workbench handles keys: F1 opens the command palette, Escape closes it. */
async function waitForKeyHandling(page: Page, timeoutMs = 30_000): Promise<void> {
	const input = page.locator('.quick-input-widget input').filter({ visible: true }).first();
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		await page.keyboard.press('F1');
		if (
			await input.waitFor({ timeout: 3000 }).then(
				() => true,
				() => false,
			)
		) {
			await page.keyboard.press('Escape');
			await input.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
			return;
		}
		if (Date.now() > deadline) {
			throw new Error('F1 never opened the command palette: the workbench does not handle keys');
		}
		await page.keyboard.press('Escape').catch(() => undefined);
		await sleep(1000);
	}
}

/** Clicks empty space in the Explorer (below the rows), so the workbench, not a webview, has keyboard focus. */
async function focusWorkbench(page: Page): Promise<void> {
	const box = await page
		.locator('.explorer-folders-view')
		.first()
		.boundingBox()
		.catch(() => null);
	if (box && box.height > 60) {
		await page.mouse.click(box.x + box.width / 2, box.y + box.height - 20);
	} else {
		await page
			.locator('.part.editor')
			.first()
			.click({ position: { x: 200, y: 200 } });
	}
	await sleep(200);
}

/**
 * Presses `key` until `reacted()` says the workbench acted on it. Never presses again once anything reacted
 * (callers include the fake's request count in `reacted`, so nothing is generated twice).
 */
async function pressUntilReacted(page: Page, key: string, reacted: () => Promise<boolean>, what: string): Promise<number> {
	for (let attempt = 1; attempt <= 4; attempt++) {
		if (await reacted()) {
			return attempt - 1;
		}
		await focusWorkbench(page);
		await page.keyboard.press(key);
		const deadline = Date.now() + (attempt === 1 ? 15_000 : 10_000);
		while (Date.now() < deadline) {
			if (await reacted()) {
				return attempt;
			}
			await sleep(250);
		}
		log(`${what}: no reaction to ${key} (press ${attempt}); notifications ${JSON.stringify(await notificationTexts(page))}`);
	}
	throw new Error(`${what}: ${key} had no effect after 4 presses (no request to the fake, no activation, no result)`);
}

/** `ExtensionService#_doActivateExtension <id>, … activationEvent: '…'` lines from the remote extension host log. */
function activationLines(userData: string, extensionId: string): string[] {
	const lines: string[] = [];
	const logs = path.join(userData, 'logs');
	const walk = (dir: string): void => {
		for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				walk(full);
			} else if (entry.name.endsWith('exthost.log')) {
				lines.push(
					...fs
						.readFileSync(full, 'utf8')
						.split('\n')
						.filter((line) => line.includes(`_doActivateExtension ${extensionId},`)),
				);
			}
		}
	};
	walk(logs);
	return lines;
}

function isCompleteJpeg(file: string): boolean {
	try {
		const bytes = fs.readFileSync(file);
		return (
			bytes.length > 4 &&
			bytes[0] === 0xff &&
			bytes[1] === 0xd8 &&
			bytes[2] === 0xff &&
			bytes[bytes.length - 2] === 0xff &&
			bytes[bytes.length - 1] === 0xd9
		);
	} catch {
		return false;
	}
}

function filesUnder(dir: string, prefix = ''): string[] {
	const out: string[] = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
		if (entry.isDirectory()) {
			out.push(...filesUnder(path.join(dir, entry.name), rel));
		} else {
			out.push(rel);
		}
	}
	return out.sort();
}

function header(request: FakeRequest, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value.join(', ') : value;
}

// ---- the test ----------------------------------------------------------------------------------------------

async function main(): Promise<number> {
	const started = Date.now();
	fs.mkdirSync(screenshotDir, { recursive: true });
	fs.rmSync(countsFile, { force: true });
	for (const old of fs.readdirSync(screenshotDir).filter((file) => file.startsWith('blackbox-'))) {
		fs.rmSync(path.join(screenshotDir, old), { force: true });
	}
	const vsix = await ensureVsix(process.argv[2]);
	const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { publisher: string; name: string };
	const extensionId = `${manifest.publisher}.${manifest.name}`;
	log(`VSIX ${path.relative(process.cwd(), vsix) || vsix} (${(fs.statSync(vsix).size / 1024).toFixed(0)} KiB)`);

	const host = await testHostScripts().ensureTestHost();
	const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gis-blackbox-'));
	const logsCopy = path.join(outputDir, 'vscode-logs-blackbox');
	fs.rmSync(logsCopy, { recursive: true, force: true });
	cleanups.push(async () => {
		const logs = path.join(runDir, 'ud', 'logs');
		if (fs.existsSync(logs)) {
			fs.cpSync(logs, logsCopy, { recursive: true });
		}
		if (keepRunDir) {
			log(`kept ${runDir}`);
		} else {
			fs.rmSync(runDir, { recursive: true, force: true });
		}
	});
	const port = await freePort();
	const dirs = hostDirs(host, runDir, port);
	const workspace = path.join(runDir, 'workspace');
	const logo = path.join(workspace, ...LOGO_FILE);
	const generated = path.join(workspace, ...GENERATED_FILE);
	const originalLogo = renderFakeImage('image/png', 800, 450, 11);

	await check(
		'the VSIX installs with code-server --install-extension into a fresh extensions dir',
		async () => {
			const installStarted = Date.now();
			const { code, output } = await codeServerCli(host, dirs, '--install-extension', vsix);
			log(`install took ${seconds(installStarted)}: ${output.trim().split('\n').filter(Boolean).slice(-2).join(' | ')}`);
			assert.strictEqual(code, 0, `--install-extension exited with ${code}:\n${output}`);
			assert.match(output, /was successfully installed/, `unexpected --install-extension output:\n${output}`);
			const installed = fs.readdirSync(dirs.extensions).filter((name) => name.toLowerCase().startsWith(`${extensionId.toLowerCase()}-`));
			assert.strictEqual(
				installed.length,
				1,
				`expected one ${extensionId}-* folder in the extensions dir, found ${JSON.stringify(fs.readdirSync(dirs.extensions))}`,
			);
			const installedDir = path.join(dirs.extensions, installed[0]);
			const installedManifest = JSON.parse(fs.readFileSync(path.join(installedDir, 'package.json'), 'utf8')) as { main?: string; version?: string };
			assert.ok(
				installedManifest.main && fs.existsSync(path.join(installedDir, installedManifest.main)),
				`the installed extension lacks its main file ${String(installedManifest.main)}`,
			);
			for (const notShipped of ['src', 'test', 'node_modules', 'out']) {
				assert.ok(!fs.existsSync(path.join(installedDir, notShipped)), `the VSIX ships ${notShipped}/`);
			}
			const list = await codeServerCli(host, dirs, '--list-extensions', '--show-versions');
			assert.match(
				list.output,
				new RegExp(`^${extensionId.replace(/[.]/g, '\\.')}@${String(installedManifest.version).replace(/[.]/g, '\\.')}$`, 'im'),
				`--list-extensions does not show it:\n${list.output}`,
			);
			log(`installed ${installed[0]} (${filesUnder(installedDir).length} files)`);
		},
		true,
	);

	let page: Page | undefined;
	let fake: FakeProcess | undefined;
	await check(
		'the workbench opens the folder with the installed extension (plain URL, no development mode)',
		async () => {
			fs.mkdirSync(path.dirname(logo), { recursive: true });
			fs.writeFileSync(logo, originalLogo);
			fake = await startFake();
			await fake.setOptions(MODEL_FAKE_OPTIONS);
			log(`fake Gemini (separate process) on ${fake.url}, options ${JSON.stringify(MODEL_FAKE_OPTIONS)}`);
			// User + Machine settings: imageStudio.endpoint is machine-scoped, so only the Machine file counts remotely.
			writeUserSettings(runDir, { 'imageStudio.endpoint': fake.url });
			const keybindings = [
				{ key: 'ctrl+alt+g', command: 'imageStudio.generate', args: { prompt: GENERATE_PROMPT, aspectRatio: GENERATE_RATIO } },
				{ key: 'ctrl+alt+e', command: 'imageStudio.edit', args: { uri: LOGO_FILE.join('/'), prompt: EDIT_PROMPT } },
				...MODEL_KEYBINDINGS,
			];
			fs.writeFileSync(path.join(dirs.userData, 'User', 'keybindings.json'), JSON.stringify(keybindings, null, '\t') + '\n');
			const serverStarted = Date.now();
			const server = await startCodeServer(host, dirs, port);
			log(`code-server up on ${server.origin} in ${seconds(serverStarted)} (log: ${path.relative(repoRoot, path.join(outputDir, 'cs-blackbox.log'))})`);
			const context = await launchBrowser(host, runDir);
			page = context.pages()[0] ?? (await context.newPage());
			currentPage = page;
			const url = `${server.origin}/?folder=${encodeURIComponent(workspace)}`;
			const loadStarted = Date.now();
			await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
			await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
			await page.waitForSelector('.part.statusbar', { timeout: 60_000 });
			await page
				.locator('.explorer-folders-view .monaco-list-row')
				.filter({ hasText: /^\s*brand\s*$/ })
				.first()
				.waitFor({ timeout: 30_000 });
			log(`workbench ready ${seconds(loadStarted)} after navigation (${url})`);
			const title = await page.title();
			assert.ok(!/Extension Development Host/i.test(title), `the window is an Extension Development Host: "${title}"`);
			await waitForKeyHandling(page);
		},
		true,
	);

	await check('Ctrl+Alt+G (keybinding with args) saves assets/generated/black-box-hero-image.jpg and opens it', async () => {
		const p = page!;
		const f = fake!;
		const generateCount = async (): Promise<number> => (await f.requests()).filter((r) => r.action === 'generateContent').length;
		const pressStarted = Date.now();
		const presses = await pressUntilReacted(
			p,
			'Control+Alt+KeyG',
			async () => fs.existsSync(generated) || (await generateCount()) > 0 || activationLines(dirs.userData, extensionId).length > 0,
			'generate',
		);
		log(`Ctrl+Alt+G handled after ${presses} press(es)`);
		await until(
			() => isCompleteJpeg(generated),
			60_000,
			async () =>
				`${GENERATED_FILE.join('/')} did not appear as a JPEG within 60 s; files: ${JSON.stringify(fs.existsSync(workspace) ? filesUnder(workspace) : [])}; notifications: ${JSON.stringify(await notificationTexts(p))}`,
		);
		log(`image saved ${seconds(pressStarted)} after the key press`);
		const activation = activationLines(dirs.userData, extensionId);
		log(`activation: ${activation.map((line) => line.replace(/^.*_doActivateExtension /, '')).join(' / ') || '(not in the log)'}`);

		// The saved bytes are exactly what the fake sent (its images are a function of prompt, ratio and size).
		const request = (await f.requests()).find((r) => r.action === 'generateContent');
		assert.ok(request, 'the fake recorded no generateContent request');
		const imageConfig = request.body?.generationConfig?.imageConfig ?? {};
		const { width, height } = expectedDimensions(imageConfig.aspectRatio ?? '1:1', imageConfig.imageSize ?? '1K');
		const expected = renderFakeImage('image/jpeg', width, height, promptSeed(promptTextOf(request.body)));
		const actual = fs.readFileSync(generated);
		assert.ok(
			actual.equals(expected),
			`the saved file (${actual.length} bytes) differs from the fake's ${width}×${height} image (${expected.length} bytes)`,
		);

		const imageTab = tabWith(p, path.basename(generated));
		await until(async () => (await imageTab.count()) > 0, 20_000, 'the generated image did not open in an editor tab');
		await until(async () => (await renderedImageFrames(p)) >= 1, 15_000, 'the generated image preview did not render').catch((error: Error) =>
			log(`note: ${error.message}`),
		);
		await sleep(500);
		await screenshot(p, '1-generated');
	});

	await check('the fake Gemini got exactly one generateContent request with the prompt, 16:9 and x-goog-api-key: blackbox-key', async () => {
		const requests = (await fake!.requests()).filter((r) => r.action === 'generateContent');
		assert.strictEqual(
			requests.length,
			1,
			`expected 1 generateContent request, got ${requests.length}: ${JSON.stringify(requests.map((r) => ({ id: r.id, model: r.model, status: r.status })))}`,
		);
		const [request] = requests;
		assert.strictEqual(header(request, 'x-goog-api-key'), API_KEY, 'the request did not carry the key from GEMINI_API_KEY');
		assert.strictEqual(request.status, 200, `the fake answered ${String(request.status)}`);
		const prompt = promptTextOf(request.body);
		assert.ok(prompt.includes(GENERATE_PROMPT), `the prompt was not sent: ${JSON.stringify(prompt)}`);
		assert.strictEqual(request.body?.generationConfig?.imageConfig?.aspectRatio, GENERATE_RATIO, 'the aspect ratio from the keybinding args was not sent');
		log(`request #${request.id}: model ${String(request.model)}, imageConfig ${JSON.stringify(request.body?.generationConfig?.imageConfig)}`);
	});

	await check('Ctrl+Alt+E (keybinding with args) opens the before/after review "logo (original).png ↔ logo (edited).jpg"', async () => {
		const p = page!;
		const f = fake!;
		const reviewTab = tabWith(p, REVIEW_TAB_TEXT);
		const before = (await f.requests()).filter((r) => r.action === 'generateContent').length;
		const pressStarted = Date.now();
		const presses = await pressUntilReacted(
			p,
			'Control+Alt+KeyE',
			async () => (await reviewTab.count()) > 0 || (await f.requests()).filter((r) => r.action === 'generateContent').length > before,
			'edit',
		);
		log(`Ctrl+Alt+E handled after ${presses} press(es)`);
		await until(
			async () => (await reviewTab.count()) > 0,
			60_000,
			async () => `no "${REVIEW_TAB_TEXT}" tab within 60 s; notifications: ${JSON.stringify(await notificationTexts(p))}`,
		);
		log(`review tab open ${seconds(pressStarted)} after the key press`);
		const label = (await reviewTab.first().getAttribute('aria-label')) ?? (await reviewTab.first().innerText());
		log(`review tab: ${JSON.stringify(label)}`);
		assert.match(label, /logo \(original\)\.png.*logo \(edited\)\.jpg/, `unexpected review tab label ${JSON.stringify(label)}`);
		await until(async () => (await renderedImageFrames(p)) >= 2, 20_000, 'the two sides of the review did not render').catch((error: Error) =>
			log(`note: ${error.message}`),
		);
		await sleep(800);
		await screenshot(p, '2-edit-review');
	});

	await check('brand/logo.png is byte-identical while the edit is under review; the edit request carried the prompt and the original', async () => {
		assert.ok(fs.readFileSync(logo).equals(originalLogo), 'brand/logo.png changed');
		const requests = (await fake!.requests()).filter((r) => r.action === 'generateContent');
		assert.strictEqual(requests.length, 2, `expected 2 generateContent requests in total, got ${requests.length}`);
		const edit = requests[1];
		assert.strictEqual(header(edit, 'x-goog-api-key'), API_KEY, 'the edit request did not carry the key');
		assert.ok(promptTextOf(edit.body).includes(EDIT_PROMPT), `the edit prompt was not sent: ${JSON.stringify(promptTextOf(edit.body))}`);
		const inline = JSON.stringify(edit.body?.contents ?? []);
		assert.ok(inline.includes(`<${originalLogo.toString('base64').length} base64 chars>`), 'the original image was not sent inline with the edit');
		const files = filesUnder(workspace);
		assert.deepStrictEqual(files, [GENERATED_FILE.join('/'), LOGO_FILE.join('/')], `unexpected files in the workspace: ${JSON.stringify(files)}`);
	});

	let firstGenerateModel: string | undefined;
	if (fake) {
		firstGenerateModel = (await fake.requests()).find((r) => r.action === 'generateContent')?.model;
	}
	if (page && fake) {
		await runModelChecks(
			{ page, fake, workspace, check, pressUntilReacted, until, notificationTexts, screenshot, filesUnder: (dir) => filesUnder(dir), log },
			() => firstGenerateModel,
		);
	}

	const total = counts.passed + counts.failed + counts.pending;
	if (total === 0) {
		counts.error = 'no checks ran';
	} else if (counts.failed > 0) {
		counts.error = `${counts.failed} check(s) failed`;
	}
	log(`total ${seconds(started)}`);
	return counts.failed > 0 || counts.passed === 0 ? 1 : 0;
}

let finished = false;

/** Writes the counts file, cleans up, prints the closing line and exits (once). */
function finish(code: number, error?: unknown): void {
	if (finished) {
		return;
	}
	finished = true;
	if (error !== undefined) {
		if (!interrupted) {
			console.error(`[blackbox] ${String((error as Error).stack ?? error)}`);
		}
		counts.error ??= String((error as Error).message ?? error);
		if (counts.failed === 0) {
			counts.failed = 1;
		}
	}
	writeCounts(counts);
	void runCleanups().finally(() => {
		console.log(`blackbox: ${counts.passed} passed, ${counts.failed} failed${counts.pending ? `, ${counts.pending} pending` : ''}`);
		process.exit(code);
	});
}

const watchdog = setTimeout(() => finish(1, new Error(`the black-box test did not finish within ${OVERALL_TIMEOUT_MS / 60_000} min`)), OVERALL_TIMEOUT_MS);
watchdog.unref();

main().then(
	(code) => finish(code),
	(error: unknown) => finish(1, error),
);
