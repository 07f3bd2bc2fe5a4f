// The API key must never reach logs, settings, global storage or workspace files (security.md, sentinel test).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { ENV_KEY, generateRequests, lastNotification, useFakeGemini, workspaceRoot } from './support';

const SENTINEL = 'SENTINEL-key-7d3f9a1c-do-not-leak';

function filesBelow(root: string, limit = 5000): string[] {
	const found: string[] = [];
	const walk = (dir: string) => {
		let entries: fs.Dirent[];
		try {
			entries = fs.readdirSync(dir, { withFileTypes: true });
		} catch {
			return;
		}
		for (const entry of entries) {
			if (found.length >= limit) {
				return;
			}
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				walk(full);
			} else if (entry.isFile()) {
				found.push(full);
			}
		}
	};
	walk(root);
	return found;
}

suite('security: the key stays secret', () => {
	const { fake, api } = useFakeGemini();

	test('a sentinel key reaches the fake in the header and nowhere else', async () => {
		await vscode.commands.executeCommand('imageStudio.setApiKey', { apiKey: SENTINEL });
		await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'sentinel success', open: false });
		fake.enqueue({ kind: 'error', status: 400 });
		await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'sentinel failure', open: false });
		await vscode.commands.executeCommand('imageStudio.generate', { prompt: '', open: false });
		assert.ok(fake.requests.length >= 2, 'requests reached the fake');
		assert.ok(fake.requests.every((request) => request.headers['x-goog-api-key'] === SENTINEL));
		assert.ok(
			fake.requests.every((request) => !request.path.includes(SENTINEL) && !request.query.includes(SENTINEL)),
			'never in the URL',
		);

		// Let the log channel flush to disk.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		const logsRoot = path.dirname(path.dirname(api().logUri.fsPath));
		const userDir = path.dirname(path.dirname(api().globalStorageUri.fsPath));
		const candidates = [
			...filesBelow(logsRoot),
			path.join(userDir, 'settings.json'),
			...filesBelow(api().globalStorageUri.fsPath),
			...filesBelow(workspaceRoot()),
		].filter((file) => fs.existsSync(file));
		assert.ok(
			candidates.some((file) => /Gemini Image Studio/.test(path.basename(file)) || file.includes('gemini-image-studio')),
			`the extension's log is among ${candidates.length} files checked`,
		);
		for (const file of candidates) {
			const content = fs.readFileSync(file);
			assert.ok(!content.includes(SENTINEL), `the key leaked into ${file}`);
		}
		assert.ok(!JSON.stringify(api().notifications).includes(SENTINEL));
		assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('imageStudio')).includes(SENTINEL));
	});

	test('an endpoint that echoes the key: not in notifications, studio turns, posted messages, storage or logs', async () => {
		await vscode.commands.executeCommand('imageStudio.setApiKey', { apiKey: SENTINEL });
		const echo = `Request rejected for API key ${SENTINEL}; header x-goog-api-key: ${SENTINEL}`;
		fake.enqueue({ kind: 'error', status: 400, message: echo });
		await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'echo in generate', open: false });
		assert.match(lastNotification(api()).message, /\[redacted\]/);
		fake.enqueue({ kind: 'error', status: 400, message: echo });
		const result = await vscode.commands.executeCommand<{ turn?: { ok: boolean; error?: string } }>('imageStudio.openStudio', {
			prompt: 'echo in the studio',
			newSession: true,
		});
		assert.strictEqual(result?.turn?.ok, false);
		assert.match(result?.turn?.error ?? '', /\[redacted\]/);
		assert.strictEqual(generateRequests(fake).length, 2, 'both requests went out');
		assert.ok(
			generateRequests(fake).every((request) => request.headers['x-goog-api-key'] === SENTINEL),
			'the key did go out, in the header',
		);
		assert.ok(!JSON.stringify(api().studio.posted()).includes(SENTINEL), 'not in a message posted to the webview');
		assert.ok(!JSON.stringify(api().notifications).includes(SENTINEL));
		await new Promise((resolve) => setTimeout(resolve, 1500));
		const candidates = [
			...filesBelow(path.dirname(path.dirname(api().logUri.fsPath))),
			...filesBelow(api().studio.storageUri.fsPath),
			...filesBelow(api().editStorageUri.fsPath),
			...filesBelow(api().globalStorageUri.fsPath),
			...filesBelow(workspaceRoot()),
		].filter((file) => fs.existsSync(file));
		assert.ok(
			candidates.some((file) => file.endsWith('session.json')),
			'the studio session was among the files checked',
		);
		for (const file of candidates) {
			assert.ok(!fs.readFileSync(file).includes(SENTINEL), `the key leaked into ${file}`);
		}
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	test('a value that is no key (a line break, a space) is refused when stored and when read from the environment, never echoed', async () => {
		const broken = 'AIzaSy-first-half\nsecond-half-9c1';
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.setApiKey', { apiKey: broken }), false);
		const refused = lastNotification(api());
		assert.match(refused.message, /not an API key: it contains a line break/);
		assert.ok(!refused.message.includes('first-half') && !refused.message.includes('second-half'), refused.message);
		const saved = process.env.GEMINI_API_KEY;
		process.env.GEMINI_API_KEY = 'AIzaSy with a space';
		try {
			await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'env key with a space', open: false });
			const notice = lastNotification(api());
			assert.strictEqual(notice.code, 'noKey');
			assert.match(notice.message, /GEMINI_API_KEY environment variable is not an API key: it contains a space/);
			assert.ok(!notice.message.includes('with a space'));
			assert.strictEqual(generateRequests(fake).length, 0, 'nothing was sent');
		} finally {
			process.env.GEMINI_API_KEY = saved ?? ENV_KEY;
		}
	});

	test('setApiKey with arguments never replaces a stored key silently', async () => {
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.setApiKey', { apiKey: 'first-key-0001' }), true);
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.setApiKey', { apiKey: 'second-key-0002' }), false);
		assert.match(lastNotification(api()).message, /already stored.*"replace": true/);
		await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'which key', open: false });
		assert.strictEqual(generateRequests(fake).at(-1)?.headers['x-goog-api-key'], 'first-key-0001');
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.setApiKey', { apiKey: 'second-key-0002', replace: true }), true);
		await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'which key now', open: false });
		assert.strictEqual(generateRequests(fake).at(-1)?.headers['x-goog-api-key'], 'second-key-0002');
	});
});
