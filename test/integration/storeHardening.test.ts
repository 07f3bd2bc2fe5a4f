// Hardening of the stores and owners: the studio's conversation list comes from sessions-index.json (no session.json
// parsed per refresh; rebuilt when missing or damaged), stray temps of every store are removed (ours only, old only),
// a closed studio tab leaves the manager, the review emitters are disposed with their owners, and deleting a
// conversation asks nothing and is undone with identical content.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { EditOutcome } from '../../src/review/editReview';
import { PendingEditStore } from '../../src/review/pendingEdits';
import { ReviewFileSystemProvider } from '../../src/review/reviewFileSystem';
import type { Logger } from '../../src/log';
import { renderFakeImage } from '../fake-gemini/server';
import { EXTENSION_ID, useFakeGemini, waitFor, workspaceRoot } from './support';
import { goodTurn, PRO, sessionDir, studioTabs, trashDir, waitForPosted } from './studioHelpers';

const HOUR = 60 * 60 * 1000;

function age(file: string, ms: number): void {
	const when = new Date(Date.now() - ms);
	fs.utimesSync(file, when, when);
}

/** Every file below `dir` with its bytes, for "identical content". */
function contents(dir: string): Record<string, string> {
	const files: Record<string, string> = {};
	for (const name of fs.readdirSync(dir).sort()) {
		files[name] = fs.readFileSync(path.join(dir, name)).toString('base64');
	}
	return files;
}

suite('store hardening', () => {
	const { api } = useFakeGemini();

	test('the conversation list reads sessions-index.json only; a deleted or damaged index is rebuilt into the same list', async () => {
		const created: string[] = [];
		for (const prompt of ['index one', 'index two', 'index three']) {
			created.push((await goodTurn({ prompt, model: PRO, newSession: true })).sessionId);
		}
		const indexFile = path.join(api().studio.storageUri.fsPath, 'sessions-index.json');
		let listed = await api().studio.sessionSummaries();
		for (let tries = 0; !created.every((id) => listed.sessions.some((session) => session.id === id && session.turnCount === 1)); tries++) {
			assert.ok(tries < 100, `the new conversations in the list: ${JSON.stringify(listed)}`);
			await new Promise((resolve) => setTimeout(resolve, 100));
			listed = await api().studio.sessionSummaries();
		}
		assert.ok(fs.existsSync(indexFile), 'the index is written');

		// The list must not open a session.json: damage the three, then refresh (directly, and as a panel does).
		const files = created.map((id) => path.join(sessionDir(api(), id), 'session.json'));
		const saved = files.map((file) => fs.readFileSync(file));
		try {
			files.forEach((file) => fs.writeFileSync(file, '{"damaged": '));
			const loads = api().studio.sessionLoads;
			assert.deepStrictEqual(await api().studio.sessionSummaries(), listed, 'the same list, from the index');
			api().studio.clearPosted();
			assert.ok(api().studio.receive({ type: 'ready' }));
			const posted = await waitForPosted(api(), (message) => message.type === 'sessions', 'the panel list');
			assert.ok(posted.type === 'sessions' && created.every((id) => posted.sessions.some((session) => session.id === id)));
			assert.strictEqual(posted.type === 'sessions' && posted.damaged, listed.damaged, 'nothing reported damaged');
			assert.strictEqual(api().studio.sessionLoads, loads, 'no session.json parsed by a refresh');
		} finally {
			files.forEach((file, index) => fs.writeFileSync(file, saved[index]));
		}

		// Deleted: rebuilt from the session files, written again, the same list.
		fs.rmSync(indexFile);
		const loads = api().studio.sessionLoads;
		assert.deepStrictEqual(await api().studio.sessionSummaries(), listed, 'rebuilt into the same list');
		assert.ok(api().studio.sessionLoads - loads >= created.length, 'the rebuild parsed the sessions');
		assert.ok(fs.existsSync(indexFile), 'and wrote the index again');
		// Damaged: the same.
		fs.writeFileSync(indexFile, '{"version":1,"sessions":[{"id":"../x"}],"damaged":[]}');
		assert.deepStrictEqual(await api().studio.sessionSummaries(), listed, 'a damaged index is rebuilt');
		assert.strictEqual(JSON.parse(fs.readFileSync(indexFile, 'utf8')).version, 1);
		// A session folder the index does not know (another window, an older version) is added without a rebuild.
		const known = JSON.parse(fs.readFileSync(indexFile, 'utf8')) as { sessions: { id: string }[] };
		known.sessions = known.sessions.filter((session) => session.id !== created[0]);
		fs.writeFileSync(indexFile, JSON.stringify(known));
		const beforeAdd = api().studio.sessionLoads;
		assert.deepStrictEqual(await api().studio.sessionSummaries(), listed);
		assert.strictEqual(api().studio.sessionLoads - beforeAdd, 1, 'only the unknown session was parsed');
	});

	test('stray temps: the studio store removes its stale temps, keeps fresh ones and look-alike user files', async () => {
		const { sessionId } = await goodTurn({ prompt: 'a temp test', model: PRO, newSession: true });
		const root = api().studio.storageUri.fsPath;
		const folder = sessionDir(api(), sessionId);
		const staleSession = path.join(folder, '.session.json.0123456789ab.tmp');
		const staleIndex = path.join(root, '.sessions-index.json.0123456789ab.tmp');
		const fresh = path.join(folder, '.session.json.ba9876543210.tmp');
		const lookAlike = path.join(folder, '.session.json.notes.tmp');
		for (const file of [staleSession, staleIndex, fresh, lookAlike]) {
			fs.writeFileSync(file, 'x');
		}
		[staleSession, staleIndex, lookAlike].forEach((file) => age(file, 2 * HOUR));
		try {
			assert.strictEqual(await api().studio.removeStaleTemporaries(), 2);
			assert.ok(!fs.existsSync(staleSession) && !fs.existsSync(staleIndex), 'the stale temps are gone');
			assert.ok(fs.existsSync(fresh), 'a temp of a write in progress stays');
			assert.ok(fs.existsSync(lookAlike), 'a file that only looks like ours stays');
			assert.ok(fs.existsSync(path.join(folder, 'session.json')));
		} finally {
			[fresh, lookAlike].forEach((file) => fs.rmSync(file, { force: true }));
		}
	});

	test('stray temps: replacing a file removes the stale temps beside it, not fresh ones or user files', async () => {
		const dir = path.join(workspaceRoot(), 'images-temps');
		const logo = path.join(dir, 'logo.png');
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(logo, renderFakeImage('image/png', 320, 180, 7));
		const stale = path.join(dir, '.image-studio-0123456789ab.partial');
		const fresh = path.join(dir, '.image-studio-ba9876543210.partial');
		const user = path.join(dir, '.image-studio-my-draft.partial');
		[stale, fresh, user].forEach((file) => fs.writeFileSync(file, 'x'));
		[stale, user].forEach((file) => age(file, 2 * HOUR));
		try {
			const outcome = await vscode.commands.executeCommand<EditOutcome>('imageStudio.edit', { uri: 'images-temps/logo.png', prompt: 'sepia' });
			assert.ok(outcome, JSON.stringify(api().notifications));
			await vscode.commands.executeCommand('imageStudio.replaceOriginal', { editId: outcome.editId });
			await waitFor(() => !fs.existsSync(stale), 'the stale temp beside the replaced file to go');
			assert.ok(fs.existsSync(fresh) && fs.existsSync(user), 'a fresh temp and a user file stay');
			assert.deepStrictEqual(fs.readdirSync(dir).sort(), [path.basename(fresh), path.basename(user), 'logo.png'].sort());
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	test('a closed studio tab leaves the manager: no panel counts as open after its tab is closed', async () => {
		await goodTurn({ prompt: 'a panel to close', model: PRO, newSession: true });
		await waitFor(() => studioTabs().length > 0, 'the studio tab');
		assert.ok(api().studio.openPanels > 0);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		// At once: the command resolves after the panels' dispose events reached the extension host.
		assert.strictEqual(studioTabs().length, 0, 'no studio tab');
		assert.strictEqual(api().studio.openPanels, 0, 'the manager let go of every closed panel');

		await goodTurn({ prompt: 'a tab closed by the tab API', newSession: true });
		const tab = await waitFor(() => studioTabs()[0], 'the studio tab');
		await vscode.window.tabGroups.close(tab);
		await waitFor(() => api().studio.openPanels === 0, 'the manager to let go of the closed tab', 5_000);
	});

	test('deleting a conversation from the studio list asks nothing modal; Undo brings it back with identical content', async () => {
		const doomed = await goodTurn({ prompt: 'an undone drawing', model: PRO, newSession: true });
		await goodTurn({ prompt: 'the shown drawing', newSession: true });
		const folder = sessionDir(api(), doomed.sessionId);
		const before = contents(folder);
		const window = vscode.window as unknown as Record<string, (...args: unknown[]) => unknown>;
		const methods = ['showInformationMessage', 'showWarningMessage', 'showErrorMessage'];
		const originals = methods.map((name) => window[name]);
		const shown: { method: string; modal: boolean }[] = [];
		methods.forEach((name, index) => {
			window[name] = (...args: unknown[]) => {
				shown.push({ method: name, modal: args.some((arg) => typeof arg === 'object' && arg !== null && (arg as { modal?: boolean }).modal === true) });
				return originals[index].apply(vscode.window, args);
			};
		});
		try {
			api().clearNotifications();
			assert.ok(api().studio.receive({ type: 'deleteSession', sessionId: doomed.sessionId }));
			const deleted = await waitFor(() => api().notifications.find((record) => record.actions.includes('Undo')), 'the notification offering Undo');
			assert.ok(shown.length > 0, 'the spy sees what the extension shows');
			assert.deepStrictEqual(
				shown.filter((call) => call.modal),
				[],
				'no modal dialog',
			);
			assert.ok(!fs.existsSync(folder) && fs.existsSync(trashDir(api(), doomed.sessionId)), 'moved to the trash');
			assert.ok(!(await api().studio.sessionSummaries()).sessions.some((session) => session.id === doomed.sessionId), 'not listed');

			await api().runNotificationAction(deleted.message, 'Undo');
			assert.deepStrictEqual(contents(folder), before, 'every file back, byte for byte');
			assert.ok(!fs.existsSync(trashDir(api(), doomed.sessionId)));
			const listed = (await api().studio.sessionSummaries()).sessions.find((session) => session.id === doomed.sessionId);
			assert.strictEqual(listed?.turnCount, 1, 'listed again with its turn');
			assert.deepStrictEqual(
				shown.filter((call) => call.modal),
				[],
				'no modal dialog for the Undo either',
			);
		} finally {
			methods.forEach((name, index) => (window[name] = originals[index]));
		}
	});

	test('review emitters are disposed with their owners; disposing the feature set disposes them', async () => {
		const log = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;
		const root = fs.mkdtempSync(path.join(os.tmpdir(), 'edit-store-'));
		try {
			const store = new PendingEditStore(vscode.Uri.file(root), log);
			let changes = 0;
			store.onDidChange(() => changes++);
			await store.remove('0123456789abcdef');
			assert.strictEqual(changes, 1, 'the listener is called while the store lives');
			store.dispose();
			await store.remove('0123456789abcdef');
			assert.strictEqual(changes, 1, 'not after the store is disposed');

			// The composition root: every emitter the feature set's owners made is disposed with it.
			const emitterPrototype = vscode.EventEmitter.prototype as { dispose(): void };
			const originalDispose = emitterPrototype.dispose;
			const disposed = new Set<unknown>();
			emitterPrototype.dispose = function (this: unknown) {
				disposed.add(this);
				return originalDispose.call(this);
			};
			try {
				const { createFeatures } = await import('../../src/features');
				const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
				const secrets = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
				const memento = { get: () => undefined, update: async () => undefined, keys: () => [], setKeysForSync: () => undefined };
				const context = {
					extension,
					extensionUri: extension.extensionUri,
					extensionMode: vscode.ExtensionMode.Test,
					storageUri: vscode.Uri.file(root),
					globalStorageUri: vscode.Uri.file(root),
					logUri: vscode.Uri.file(root),
					globalState: memento,
					workspaceState: memento,
					secrets: { onDidChange: secrets.event, get: async () => undefined, store: async () => undefined, delete: async () => undefined },
					subscriptions: [],
				} as unknown as vscode.ExtensionContext;
				// Its own log channel: one with the extension's name would be the extension's own (same id), closed with it.
				const window = vscode.window as unknown as { createOutputChannel: unknown };
				const createOutputChannel = window.createOutputChannel;
				const quiet = () => undefined;
				window.createOutputChannel = () => ({ info: quiet, warn: quiet, error: quiet, show: quiet, dispose: quiet });
				let features: ReturnType<typeof createFeatures>;
				try {
					features = createFeatures(context);
				} finally {
					window.createOutputChannel = createOutputChannel;
				}
				const provider = features.reviewFileSystem as ReviewFileSystemProvider;
				assert.ok(provider instanceof ReviewFileSystemProvider);
				const providerEmitter = () => [...disposed].some((emitter) => (emitter as vscode.EventEmitter<unknown>).event === provider.onDidChangeFile);
				assert.ok(!providerEmitter(), 'not disposed while the features live');
				features.dispose();
				secrets.dispose();
				assert.ok(providerEmitter(), "the review file system's emitter is disposed with the features");
			} finally {
				emitterPrototype.dispose = originalDispose;
			}
		} finally {
			fs.rmSync(root, { recursive: true, force: true });
		}
	});
});
