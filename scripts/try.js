#!/usr/bin/env node
// `npm run try`: the extension in a real VS Code in your browser, against the fake Gemini server,
// no API key and no network needed. Builds, starts the fake (out/test/fake-gemini/cli.js) and code-server
// 4.139.1 (extension in development mode), prints the URL, and stops everything on Ctrl+C.
//
// Env: PORT (code-server port; default 8080, or a free one if 8080 is taken).
// State (user settings, workspace) persists in <cache>/try/ and <cache>/try-workspace/
// (cache = IMAGE_STUDIO_TEST_HOST_CACHE or ~/.cache/gemini-image-studio).
'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const path = require('path');
const { ensureTestHost, cacheRoot } = require('./ensure-test-host.js');

const root = path.resolve(__dirname, '..');

const stops = [];
let stopping = false;

async function stopAll(code) {
	if (stopping) {
		return;
	}
	stopping = true;
	console.log('\n[try] stopping…');
	for (const stop of stops.reverse()) {
		try {
			await stop();
		} catch (error) {
			console.error(`[try] ${error.message}`);
		}
	}
	process.exit(code);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

function step(command, args, { allowFailure = false } = {}) {
	const result = childProcess.spawnSync(command, args, { cwd: root, stdio: 'inherit' });
	if (result.status !== 0 && !allowFailure) {
		throw new Error(`${[path.basename(command), ...args].join(' ')} failed (exit ${result.status})`);
	}
	return result.status;
}

function startFake(port) {
	return new Promise((resolve, reject) => {
		const child = childProcess.spawn(process.execPath, [path.join(root, 'out', 'test', 'fake-gemini', 'cli.js'), '--port', String(port)], {
			cwd: root,
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let buffer = '';
		let url;
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk) => {
			buffer += chunk;
			let newline;
			while ((newline = buffer.indexOf('\n')) >= 0) {
				const line = buffer.slice(0, newline);
				buffer = buffer.slice(newline + 1);
				const match = /Fake Gemini listening on (\S+)/.exec(line);
				if (match && !url) {
					url = match[1];
					resolve({ child, url });
				} else {
					console.log(`[fake] ${line}`);
				}
			}
		});
		child.on('error', reject);
		child.on('exit', (code) => {
			if (!url) {
				reject(new Error(`the fake Gemini server exited (${code}) before listening`));
			}
		});
		setTimeout(() => reject(new Error('the fake Gemini server did not start within 15 s')), 15_000).unref();
	});
}

async function main() {
	// No Chromium: the URL is for your own browser.
	const host = await ensureTestHost({ chromium: false });
	console.log('[try] building…');
	step(process.execPath, ['esbuild.js']);
	// Type errors elsewhere should not block trying things out: tsc still emits.
	if (step(process.execPath, [path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--outDir', 'out'], { allowFailure: true }) !== 0) {
		console.warn('[try] tsc reported errors (output was still written); continuing.');
	}
	const hostModule = path.join(root, 'out', 'test', 'runners', 'codeServerHost.js');
	for (const file of [hostModule, path.join(root, 'out', 'test', 'fake-gemini', 'cli.js')]) {
		if (!fs.existsSync(file)) {
			throw new Error(`${path.relative(root, file)} is missing after compiling.`);
		}
	}
	const { startCodeServer, freePort, isPortFree, copyDir } = require(hostModule);

	const cache = cacheRoot();
	const runDir = path.join(cache, 'try');
	const workspace = path.join(cache, 'try-workspace');
	if (!fs.existsSync(workspace)) {
		copyDir(path.join(root, 'test', 'fixtures', 'workspace'), workspace);
	}

	const fake = await startFake(await freePort());
	stops.push(
		() =>
			new Promise((resolve) => {
				if (fake.child.exitCode !== null) {
					return resolve();
				}
				fake.child.once('exit', () => resolve());
				fake.child.kill('SIGTERM');
				setTimeout(() => {
					fake.child.kill('SIGKILL');
					resolve();
				}, 3000).unref();
			}),
	);
	console.log(`[try] fake Gemini: ${fake.url}`);

	const requested = Number(process.env.PORT);
	let port;
	if (Number.isInteger(requested) && requested > 0) {
		port = requested;
	} else {
		port = (await isPortFree(8080)) ? 8080 : await freePort();
	}
	const logFile = path.join(runDir, 'cs.log');
	fs.mkdirSync(runDir, { recursive: true });
	fs.rmSync(logFile, { force: true });
	const server = await startCodeServer({
		host,
		runDir,
		port,
		logFile,
		env: { GEMINI_API_KEY: 'try-key' },
		settings: { 'imageStudio.endpoint': fake.url },
		keepExistingSettings: true,
	});
	stops.push(() => server.stop());
	server.exited.then((code) => {
		if (!stopping) {
			console.error(`[try] code-server exited (${code}); see ${logFile}`);
			void stopAll(1);
		}
	});
	fake.child.on('exit', (code) => {
		if (!stopping) {
			console.error(`[try] the fake Gemini server exited (${code})`);
			void stopAll(1);
		}
	});

	const url = server.url(workspace, [['extensionDevelopmentPath', server.remoteUri(root)]]);
	console.log('');
	console.log('[try] Gemini Image Studio is running in development mode against the fake Gemini server.');
	console.log(`[try] workspace: ${workspace}`);
	console.log(`[try] code-server log: ${logFile}`);
	console.log('[try] After `npm run build`, run "Developer: Reload Window" to load your changes.');
	console.log('[try] Open this URL (Ctrl+C here stops everything):');
	console.log('');
	console.log(url);
	console.log('');
}

main().catch((error) => {
	console.error(`[try] ${error.message}`);
	void stopAll(1);
});
