// Notification buttons, pressed rather than only listed: "Use <model>", "Open Settings", "Restore Original" (after a
// Replace), "Open Log" and "Undo" after deleting a studio conversation. A test in the extension host cannot click a
// toast, so the test API's runNotificationAction runs what the click runs (the UI suite clicks the real buttons of
// "Open Log" and "Open Settings", see test/ui/notification-buttons.ui.ts); each test checks what the button did.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { EditOutcome } from '../../src/review/editReview';
import { renderFakeImage } from '../fake-gemini/server';
import { configure, generateRequests, lastNotification, useFakeGemini, waitFor, workspaceRoot } from './support';
import { goodTurn, PRO, sessionDir, trashDir, waitForPosted } from './studioHelpers';
import { hideLog, waitForLogShown } from './logChannel';

suite('notification buttons, pressed', () => {
	const { fake, api } = useFakeGemini();

	test('"Use <model>" on a shut-down model sets imageStudio.model, and the next image uses it', async () => {
		const gone = 'gemini-3-pro-image-preview';
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'a teapot', model: gone }), undefined);
		const notice = lastNotification(api(), 'error');
		assert.strictEqual(notice.code, 'modelShutDown', JSON.stringify(notice));
		assert.deepStrictEqual(notice.actions, ['Use gemini-3-pro-image', 'Open Log']);
		assert.strictEqual(vscode.workspace.getConfiguration('imageStudio').inspect('model')?.globalValue, undefined, 'not set before the press');

		await api().runNotificationAction(/no longer available/, 'Use gemini-3-pro-image');
		assert.strictEqual(vscode.workspace.getConfiguration('imageStudio').inspect('model')?.globalValue, 'gemini-3-pro-image', 'the user setting');
		assert.strictEqual(vscode.workspace.getConfiguration('imageStudio').get('model'), 'gemini-3-pro-image', 'in effect');

		fake.reset();
		const saved = await vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generate', { prompt: 'a teapot', open: false });
		assert.ok(saved?.length, `the next image was made: ${JSON.stringify(api().notifications)}`);
		assert.deepStrictEqual(
			generateRequests(fake).map((request) => request.model),
			['gemini-3-pro-image'],
		);
	});

	test('"Open Settings" on a bad output folder opens the Settings editor', async () => {
		await configure({ outputFolder: '../outside' });
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'a kettle' }), undefined);
		const notice = lastNotification(api(), 'error');
		assert.strictEqual(notice.code, 'outputFolder', JSON.stringify(notice));
		assert.deepStrictEqual(notice.actions, ['Open Settings', 'Open Log']);
		assert.deepStrictEqual(generateRequests(fake), [], 'nothing was sent');
		const settingsTab = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.label === 'Settings');
		assert.strictEqual(settingsTab(), undefined, 'no Settings editor before the press');

		await api().runNotificationAction(notice.message, 'Open Settings');
		const tab = await waitFor(settingsTab, 'the Settings editor');
		assert.ok(tab.isActive, 'the Settings editor is the active tab');
		// Which setting it shows is only visible in the workbench: test/ui/notification-buttons.ui.ts reads its search box.
	});

	test('"Restore Original" after a Replace puts the original bytes back', async () => {
		const original = renderFakeImage('image/png', 480, 270, 31);
		const logo = path.join(workspaceRoot(), 'images', 'logo.png');
		fs.mkdirSync(path.dirname(logo), { recursive: true });
		fs.writeFileSync(logo, original);
		try {
			const outcome = await vscode.commands.executeCommand<EditOutcome>('imageStudio.edit', { uri: 'images/logo.png', prompt: 'sepia' });
			assert.ok(outcome, JSON.stringify(api().notifications));
			await vscode.commands.executeCommand('imageStudio.replaceOriginal', { editId: outcome.editId });
			assert.ok(!fs.readFileSync(logo).equals(original), 'replaced');
			const replaced = lastNotification(api(), 'info');
			assert.deepStrictEqual(replaced.actions, ['Restore Original'], JSON.stringify(replaced));

			const restored = await api().runNotificationAction(/^Replaced logo\.png/, 'Restore Original');
			assert.strictEqual((restored as vscode.Uri | undefined)?.fsPath, logo, 'the button ran Restore Original on the file');
			assert.ok(fs.readFileSync(logo).equals(original), 'the original bytes are back');
			assert.match(lastNotification(api(), 'info').message, /^Restored the original logo\.png/);
			assert.deepStrictEqual(fs.readdirSync(path.dirname(logo)), ['logo.png'], 'no other file beside it');
		} finally {
			fs.rmSync(path.dirname(logo), { recursive: true, force: true });
		}
	});

	test('"Open Log" shows the log channel', async () => {
		await hideLog();
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.reviewPendingEdits', { editId: '0123456789abcdef' }), undefined);
		const notice = lastNotification(api(), 'error');
		assert.deepStrictEqual(notice.actions, ['Open Log']);

		await api().runNotificationAction(notice.message, 'Open Log');
		await waitForLogShown();
		await hideLog();
	});

	test('"Undo" after deleting a studio conversation brings it back, listed and with its turns', async () => {
		const doomed = await goodTurn({ prompt: 'an undone sketch', model: PRO, newSession: true });
		const kept = await goodTurn({ prompt: 'a kept sketch', newSession: true });
		const folder = sessionDir(api(), doomed.sessionId);
		const files = fs.readdirSync(folder).sort();
		api().studio.clearPosted();
		assert.ok(api().studio.receive({ type: 'deleteSession', sessionId: doomed.sessionId }));
		const deleted = await waitFor(() => api().notifications.find((record) => record.actions.includes('Undo')), 'the notification offering Undo');
		assert.ok(!fs.existsSync(folder), 'deleted');
		assert.ok(!(await api().studio.listSessions()).sessions.includes(doomed.sessionId));
		api().studio.clearPosted();

		await api().runNotificationAction(deleted.message, 'Undo');
		assert.deepStrictEqual(fs.readdirSync(folder).sort(), files, 'the folder is back with every file');
		assert.ok(!fs.existsSync(trashDir(api(), doomed.sessionId)), 'and no longer in the trash');
		const listed = await api().studio.listSessions();
		assert.ok(listed.sessions.includes(doomed.sessionId) && listed.sessions.includes(kept.sessionId), JSON.stringify(listed));
		await waitForPosted(
			api(),
			(message) => message.type === 'sessions' && message.sessions.some((session) => session.id === doomed.sessionId),
			'the open studio lists it again',
		);
		await api().studio.openSession(doomed.sessionId);
		await waitFor(() => api().studio.activeSessionId === doomed.sessionId, 'the restored conversation to open');
		await waitForPosted(
			api(),
			(message) => message.type === 'init' && message.sessionId === doomed.sessionId && message.turns.length === 1,
			'the restored conversation with its turn',
		);
	});

	test('a button that was not offered cannot be pressed', async () => {
		await vscode.commands.executeCommand('imageStudio.reviewPendingEdits', { editId: '0123456789abcdef' });
		await assert.rejects(api().runNotificationAction(/no longer pending/, 'Restore Original'), /offers "Restore Original"/);
		await assert.rejects(api().runNotificationAction(/no such message/, 'Open Log'), /No notification matching/);
	});
});
