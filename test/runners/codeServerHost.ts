// Starts and stops code-server 4.139.1 on Node 24 the way docs/test-host.md describes:
// own process group (detached = setsid), a clean env with a throwaway HOME/XDG/TMPDIR, `--auth none`,
// `--disable-workspace-trust` (unless `workspaceTrust` is asked for), the smoke-test driver option (needed for dev-mode payloads) and
// seeded user settings. Shared by the test runner (codeServer.ts) and `npm run try` (scripts/try.js).
import * as childProcess from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { BrowserContext, chromium } from 'playwright-core';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * Headless Debian Chromium as every driver here starts it: a throwaway profile and HOME under `runDir`, the flags
 * that keep it off the closed network (test-host.md), and no Playwright signal handlers (they would exit before
 * code-server is stopped).
 */
export async function launchChromium(host: TestHost, runDir: string): Promise<BrowserContext> {
	const browserHome = path.join(runDir, 'browser-home');
	fs.mkdirSync(browserHome, { recursive: true });
	return chromium.launchPersistentContext(path.join(runDir, 'browser-profile'), {
		executablePath: host.chromium,
		headless: true,
		viewport: { width: 1400, height: 900 },
		handleSIGINT: false,
		handleSIGTERM: false,
		handleSIGHUP: false,
		env: {
			PATH: '/usr/local/bin:/usr/bin:/bin',
			HOME: browserHome,
			XDG_CONFIG_HOME: path.join(browserHome, '.config'),
			XDG_CACHE_HOME: path.join(browserHome, '.cache'),
			TMPDIR: path.join(runDir, 'tmp'),
		},
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
		],
	});
}

export interface TestHost {
	nodeBin: string;
	codeServerEntry: string;
	chromium: string;
}

interface EnsureTestHostModule {
	ensureTestHost(): Promise<TestHost>;
	cacheRoot(): string;
}

export function testHostScripts(): EnsureTestHostModule {
	return require(path.join(repoRoot, 'scripts', 'ensure-test-host.js')) as EnsureTestHostModule;
}

/** User settings that keep a fresh profile quiet (no walkthrough, no update checks, no tips). */
export const baseUserSettings: Record<string, unknown> = {
	'workbench.startupEditor': 'none',
	'workbench.welcomePage.walkthroughs.openOnInstall': false,
	'workbench.tips.enabled': false,
	'workbench.enableExperiments': false,
	'telemetry.telemetryLevel': 'off',
	'extensions.autoUpdate': false,
	'extensions.autoCheckUpdates': false,
	'extensions.ignoreRecommendations': true,
	'update.mode': 'none',
	'update.showReleaseNotes': false,
	'security.workspace.trust.enabled': false,
	'git.enabled': false,
	'git.openRepositoryInParentFolders': 'never',
	'chat.disableAIFeatures': true,
	'workbench.secondarySideBar.defaultVisibility': 'hidden',
	'window.restoreWindows': 'none',
};

/**
 * Machine settings every fresh server gets (under the extra settings). `workbench.welcomePage.walkthroughs.openOnInstall`
 * is machine-scoped, so in the remote window only the Machine file counts: off, the extension's first run opens no
 * walkthrough over the tests (test/ui/walkthrough.ui.ts starts its own server with it on).
 */
export const baseMachineSettings: Record<string, unknown> = {
	'workbench.welcomePage.walkthroughs.openOnInstall': false,
};

export interface CodeServerOptions {
	host: TestHost;
	/** Directory for home/, tmp/, xdg-*, ud/ (user data), exts/, config.yaml. */
	runDir: string;
	/** Port to bind; 0 or undefined = a free port. */
	port?: number;
	/** Extra env for code-server (reaches the extension host). */
	env?: Record<string, string>;
	/** Merged over baseUserSettings into ud/User/settings.json (and into ud/Machine/settings.json). */
	settings?: Record<string, unknown>;
	/** Keep what ud/User/settings.json already has (persistent profiles, `npm run try`). */
	keepExistingSettings?: boolean;
	/** code-server stdout+stderr. */
	logFile: string;
	/** Extra CLI arguments. */
	args?: string[];
	/**
	 * Keep Workspace Trust on (Restricted Mode tests): no `--disable-workspace-trust`, trust enabled in the settings,
	 * no startup prompt and no modal for untrusted files, so the folder opens untrusted and nothing blocks.
	 */
	workspaceTrust?: boolean;
}

/** The settings that leave Workspace Trust on without any prompt (a fresh profile trusts no folder). */
export const workspaceTrustSettings: Record<string, unknown> = {
	'security.workspace.trust.enabled': true,
	'security.workspace.trust.startupPrompt': 'never',
	'security.workspace.trust.untrustedFiles': 'open',
	'security.workspace.trust.emptyWindow': false,
};

export interface CodeServer {
	readonly port: number;
	readonly pid: number;
	readonly origin: string;
	/** Dev-mode URL: workspace folder + payload [[key, value]] pairs (values: absolute paths on the server). */
	url(folder: string, payload?: Array<[string, string]>): string;
	/** vscode-remote URI of an absolute server path, as the browser sees this server. */
	remoteUri(absPath: string): string;
	stop(): Promise<void>;
	readonly exited: Promise<number | null>;
}

/** code-server's command line as a user would run it here: offline, no auth, throwaway profile. */
export function codeServerArgs(
	host: TestHost,
	dirs: { configFile: string; port: number; userData: string; extensions: string },
	workspaceTrust = false,
): string[] {
	const args = [
		host.codeServerEntry,
		'--config',
		dirs.configFile,
		'--bind-addr',
		`127.0.0.1:${dirs.port}`,
		'--auth',
		'none',
		'--user-data-dir',
		dirs.userData,
		'--extensions-dir',
		dirs.extensions,
		'--disable-telemetry',
		'--disable-update-check',
		'--disable-workspace-trust',
		'--disable-getting-started-override',
		'--ignore-last-opened',
	];
	return workspaceTrust ? args.filter((arg) => arg !== '--disable-workspace-trust') : args;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, host, () => {
			const address = server.address() as net.AddressInfo;
			server.close(() => resolve(address.port));
		});
	});
}

export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, host, () => server.close(() => resolve(true)));
	});
}

function httpStatus(url: string): Promise<number> {
	return new Promise((resolve) => {
		const request = http.get(url, { timeout: 2000 }, (response) => {
			response.resume();
			resolve(response.statusCode ?? 0);
		});
		request.on('timeout', () => request.destroy());
		request.on('error', () => resolve(0));
	});
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Seeds ud/User/settings.json (base + extra) and ud/Machine/settings.json (base machine settings + extra). In code-server the
 * window is remote: `machine`-scoped settings such as imageStudio.endpoint are ignored in User settings and
 * only read from the server's Machine settings (the "Remote" tab of the settings editor).
 */
export function writeUserSettings(runDir: string, settings: Record<string, unknown>, keepExisting = false): string {
	const write = (file: string, values: Record<string, unknown>, fallback: Record<string, unknown> = {}): void => {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		const existing = keepExisting ? readJsonObject(file, fallback) : {};
		fs.writeFileSync(file, JSON.stringify({ ...existing, ...values }, null, '\t') + '\n');
	};
	const file = path.join(runDir, 'ud', 'User', 'settings.json');
	write(file, keepExisting ? { ...settings } : { ...baseUserSettings, ...settings }, baseUserSettings);
	write(path.join(runDir, 'ud', 'Machine', 'settings.json'), keepExisting ? settings : { ...baseMachineSettings, ...settings });
	return file;
}

function readJsonObject(file: string, fallback: Record<string, unknown>): Record<string, unknown> {
	try {
		const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
	} catch {
		// Missing, or JSON with comments (settings.json is JSONC): start from the fallback instead.
		return { ...fallback };
	}
}

/** Sends TERM to the whole process group, then KILL after `graceMs` if anything is left. */
export async function killProcessGroup(pid: number, graceMs = 3000): Promise<void> {
	const alive = (): boolean => {
		try {
			process.kill(-pid, 0);
			return true;
		} catch {
			return false;
		}
	};
	if (!alive()) {
		return;
	}
	try {
		process.kill(-pid, 'SIGTERM');
	} catch {
		// Already gone.
	}
	const deadline = Date.now() + graceMs;
	while (alive() && Date.now() < deadline) {
		await sleep(100);
	}
	if (alive()) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// Already gone.
		}
		const killDeadline = Date.now() + 2000;
		while (alive() && Date.now() < killDeadline) {
			await sleep(50);
		}
	}
}

function killProcessGroupSync(pid: number): void {
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// Already gone.
	}
}

const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** Last resort: whatever happens to this process, don't leave code-server process groups behind. */
function installExitHook(): void {
	if (exitHookInstalled) {
		return;
	}
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const pid of liveGroups) {
			killProcessGroupSync(pid);
		}
	});
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
	const { host, runDir } = options;
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
	writeUserSettings(
		runDir,
		options.workspaceTrust ? { ...workspaceTrustSettings, ...(options.settings ?? {}) } : (options.settings ?? {}),
		options.keepExistingSettings === true,
	);

	const port = options.port && options.port > 0 ? options.port : await freePort();
	const configFile = path.join(runDir, 'config.yaml');
	fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

	const env: Record<string, string> = {
		PATH: `${path.dirname(host.nodeBin)}:/usr/local/bin:/usr/bin:/bin`,
		HOME: dirs.home,
		TMPDIR: dirs.tmp,
		XDG_CONFIG_HOME: dirs.config,
		XDG_DATA_HOME: dirs.data,
		XDG_CACHE_HOME: dirs.cache,
		LANG: 'C.UTF-8',
		...(options.env ?? {}),
	};
	const args = [
		...codeServerArgs(host, { configFile, port, userData: dirs.userData, extensions: dirs.extensions }, options.workspaceTrust === true),
		// Needed for development-mode payloads (test-host.md); the black-box test runs without it, like a user.
		'--vscode-option',
		'enable-smoke-test-driver',
		...(options.args ?? []),
	];
	fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
	const logFd = fs.openSync(options.logFile, 'a');
	// detached: the child calls setsid(), so it leads a new process group that can be killed as a whole.
	const child = childProcess.spawn(host.nodeBin, args, {
		cwd: dirs.home,
		env,
		detached: true,
		stdio: ['ignore', logFd, logFd],
	});
	fs.closeSync(logFd);
	if (child.pid === undefined) {
		throw new Error('code-server did not start (no pid).');
	}
	const pid = child.pid;
	liveGroups.add(pid);
	installExitHook();
	let exitCode: number | null | undefined;
	const exited = new Promise<number | null>((resolve) => {
		child.on('exit', (code) => {
			exitCode = code;
			resolve(code);
		});
	});

	const origin = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (exitCode !== undefined) {
			liveGroups.delete(pid);
			throw new Error(`code-server exited with ${exitCode} before it was ready; see ${options.logFile}`);
		}
		if ((await httpStatus(`${origin}/healthz`)) === 200) {
			break;
		}
		if (Date.now() > deadline) {
			await killProcessGroup(pid);
			liveGroups.delete(pid);
			throw new Error(`code-server did not answer ${origin}/healthz within 60 s; see ${options.logFile}`);
		}
		await sleep(100);
	}

	const remoteUri = (absPath: string): string => `vscode-remote://127.0.0.1:${port}${absPath}`;
	return {
		port,
		pid,
		origin,
		exited,
		remoteUri,
		url(folder: string, payload: Array<[string, string]> = []): string {
			let url = `${origin}/?folder=${encodeURIComponent(folder)}`;
			if (payload.length > 0) {
				url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
			}
			return url;
		},
		async stop(): Promise<void> {
			await killProcessGroup(pid);
			liveGroups.delete(pid);
		},
	};
}

/** Recursively copies a directory (fs.cpSync exists on Node 16.7+). */
export function copyDir(from: string, to: string): void {
	fs.cpSync(from, to, { recursive: true });
}
