// Review and restore paths that no other test walks: "Review Pending Edits" with several edits waiting (and none),
// "Show Log", Restore Original with several backups, with none, after the file was deleted and after it was changed,
// and Replace when the original was deleted meanwhile. The pickers these commands open when called from the palette
// are driven in the UI suite (test/ui/palette-pickers.ui.ts); here the commands take their arguments.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { DEFAULT_MODEL_ID } from '../../src/gemini/modelCatalog';
import type { EditOutcome } from '../../src/review/editReview';
import type { Backup } from '../../src/review/pendingEdits';
import { expectedDimensions, promptSeed, renderFakeImage } from '../fake-gemini/server';
import { hideLog, waitForLogShown } from './logChannel';
import { generateRequests, lastNotification, snapshotWorkspace, useFakeGemini, waitFor, workspaceRoot } from './support';

const LOGO = 'images/logo.png';
const SHIRT = 'images/shirt.png';

/** What the fake returns for an edit with `prompt` of a 16:9 input by the default model (1K JPEG). */
function resultBytes(prompt: string, ratio = '16:9'): Buffer {
	const { width, height } = expectedDimensions(ratio, '1K');
	return renderFakeImage('image/jpeg', width, height, promptSeed(prompt));
}

function allTabs(): vscode.Tab[] {
	return vscode.window.tabGroups.all.flatMap((group) => group.tabs);
}

suite('review and restore paths', () => {
	const { fake, api } = useFakeGemini();
	const logoBytes = renderFakeImage('image/png', 640, 360, 51);
	const shirtBytes = renderFakeImage('image/png', 640, 360, 52);
	let logo = '';

	function pendingDir(): string {
		return path.join(api().editStorageUri.fsPath, 'pending');
	}

	function backupsDir(): string {
		return path.join(api().editStorageUri.fsPath, 'backups');
	}

	/** The stored backup records, newest first. */
	function backups(): Backup[] {
		if (!fs.existsSync(backupsDir())) {
			return [];
		}
		return fs
			.readdirSync(backupsDir())
			.map((id) => JSON.parse(fs.readFileSync(path.join(backupsDir(), id, 'backup.json'), 'utf8')) as Backup)
			.sort((a, b) => b.replacedAt.localeCompare(a.replacedAt));
	}

	function backupBytes(backup: Backup): Buffer {
		return fs.readFileSync(path.join(backupsDir(), backup.id, `original.${backup.extension}`));
	}

	async function edit(uri: string, prompt: string): Promise<EditOutcome> {
		// The model is named: an edit otherwise takes the last one used, which depends on the tests that ran before.
		const outcome = await vscode.commands.executeCommand<EditOutcome | undefined>('imageStudio.edit', { uri, prompt, model: DEFAULT_MODEL_ID });
		assert.ok(outcome, `the edit of ${uri} is pending; notifications: ${JSON.stringify(api().notifications)}`);
		return outcome;
	}

	/** Edits images/logo.png with `prompt` and replaces it: the file then holds the result, a backup the bytes before. */
	async function editAndReplace(prompt: string): Promise<Buffer> {
		const outcome = await edit(LOGO, prompt);
		const replaced = await vscode.commands.executeCommand<vscode.Uri>('imageStudio.replaceOriginal', { editId: outcome.editId });
		assert.strictEqual(replaced?.fsPath, logo, `replaced; notifications: ${JSON.stringify(api().notifications)}`);
		const result = resultBytes(prompt);
		assert.ok(fs.readFileSync(logo).equals(result), 'the file holds the result');
		return result;
	}

	async function restore(args?: Record<string, unknown>): Promise<vscode.Uri | undefined> {
		return vscode.commands.executeCommand<vscode.Uri | undefined>('imageStudio.restoreOriginal', ...(args ? [args] : []));
	}

	setup(() => {
		fs.rmSync(path.join(workspaceRoot(), 'images'), { recursive: true, force: true });
		fs.rmSync(pendingDir(), { recursive: true, force: true });
		fs.rmSync(backupsDir(), { recursive: true, force: true });
		fs.mkdirSync(path.join(workspaceRoot(), 'images'), { recursive: true });
		logo = path.join(workspaceRoot(), LOGO);
		fs.writeFileSync(logo, logoBytes);
		fs.writeFileSync(path.join(workspaceRoot(), SHIRT), shirtBytes);
	});

	suiteTeardown(() => {
		fs.rmSync(path.join(workspaceRoot(), 'images'), { recursive: true, force: true });
		fs.rmSync(pendingDir(), { recursive: true, force: true });
		fs.rmSync(backupsDir(), { recursive: true, force: true });
	});

	test('reviewPendingEdits with several edits waiting: { editId } opens that one, { } the newest, and with none it says so', async () => {
		const older = await edit(LOGO, 'dark mode');
		const newer = await edit(SHIRT, 'a blue shirt');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await waitFor(() => allTabs().length === 0, 'the editors to close');
		api().clearNotifications();

		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.reviewPendingEdits', { editId: older.editId }), older.editId);
		await waitFor(() => vscode.window.tabGroups.activeTabGroup.activeTab?.label === 'logo (original).png ↔ logo (edited).jpg', 'the review of logo.png');
		assert.match(lastNotification(api(), 'info').message, /^Review the edit of logo\.png .*"dark mode"/);
		assert.deepStrictEqual(lastNotification(api(), 'info').actions, ['Replace Original', 'Save as New File', 'Discard', 'Edit Again']);

		// With the logo's review active, { } is about that review; with none active, about the newest edit.
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.reviewPendingEdits', {}), older.editId, 'the active review');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await waitFor(() => allTabs().length === 0, 'the editors to close');
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.reviewPendingEdits', {}), newer.editId, 'the newest edit');
		await waitFor(() => vscode.window.tabGroups.activeTabGroup.activeTab?.label === 'shirt (original).png ↔ shirt (edited).jpg', 'the review of shirt.png');
		assert.strictEqual(allTabs().length, 1, 'one review open');

		for (const outcome of [older, newer]) {
			assert.strictEqual(await vscode.commands.executeCommand('imageStudio.discardEdit', { editId: outcome.editId }), true);
		}
		await waitFor(() => allTabs().length === 0, 'the discarded review to close');
		for (const args of [[{}], []]) {
			assert.strictEqual(await vscode.commands.executeCommand('imageStudio.reviewPendingEdits', ...args), undefined);
			const notice = lastNotification(api(), 'error');
			assert.strictEqual(notice.code, 'notFound');
			assert.match(notice.message, /^No edit is waiting for review/);
		}
		assert.ok(fs.readFileSync(logo).equals(logoBytes) && fs.readFileSync(path.join(workspaceRoot(), SHIRT)).equals(shirtBytes), 'nothing written');
	});

	test('showLog shows the log channel', async () => {
		await hideLog();
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.showLog'), undefined);
		await waitForLogShown();
		await hideLog();
	});

	test('restoreOriginal with several backups: { uri } restores the newest, { backupId } the one named; nothing is lost', async () => {
		const first = await editAndReplace('first pass');
		const second = await editAndReplace('second pass');
		const [newest, oldest] = backups();
		assert.strictEqual(backups().length, 2);
		assert.ok(backupBytes(oldest).equals(logoBytes) && backupBytes(newest).equals(first), 'one backup per Replace');

		assert.strictEqual((await restore({ uri: LOGO }))?.fsPath, logo);
		assert.ok(fs.readFileSync(logo).equals(first), 'the newest backup (the bytes before the last Replace) is back');
		assert.strictEqual(backups().length, 3, 'what the file held was backed up before the restore');
		assert.ok(backupBytes(backups()[0]).equals(second), 'the second result is kept');

		assert.strictEqual((await restore({ uri: LOGO, backupId: oldest.id }))?.fsPath, logo);
		assert.ok(fs.readFileSync(logo).equals(logoBytes), 'the very first original is back');
		assert.strictEqual(backups().length, 4);
		assert.ok(backupBytes(backups()[0]).equals(first));
		assert.match(lastNotification(api(), 'info').message, /^Restored the original logo\.png/);
		assert.deepStrictEqual(fs.readdirSync(path.dirname(logo)).sort(), ['logo.png', 'shirt.png'], 'no temporary files');
	});

	test('restoreOriginal with no backup says so, asks nothing and writes nothing', async () => {
		const before = snapshotWorkspace();
		for (const [args, message] of [
			[undefined, /^No replaced image has a backup yet\./],
			[{}, /^No replaced image has a backup yet\./],
			[{ uri: LOGO }, /^No backup of logo\.png exists\./],
		] as const) {
			api().clearNotifications();
			assert.strictEqual(await restore(args), undefined);
			const notice = lastNotification(api(), 'error');
			assert.strictEqual(notice.code, 'notFound');
			assert.match(notice.message, message);
		}
		// A backup of another file is not one of this file.
		await editAndReplace('only the logo');
		fs.writeFileSync(logo, logoBytes);
		assert.strictEqual(await restore({ uri: SHIRT }), undefined);
		assert.match(lastNotification(api(), 'error').message, /^No backup of shirt\.png exists\./);
		assert.deepStrictEqual(
			snapshotWorkspace().filter((entry) => entry.startsWith('images/shirt')),
			before.filter((entry) => entry.startsWith('images/shirt')),
		);
	});

	test('restoreOriginal after the file was deleted recreates it with the original bytes', async () => {
		await editAndReplace('to be deleted');
		fs.rmSync(logo);
		assert.strictEqual((await restore({ uri: LOGO }))?.fsPath, logo);
		assert.ok(fs.readFileSync(logo).equals(logoBytes), 'recreated byte for byte');
		assert.strictEqual(backups().length, 1, 'nothing else to back up');
		assert.deepStrictEqual(fs.readdirSync(path.dirname(logo)).sort(), ['logo.png', 'shirt.png']);
	});

	test('restoreOriginal after the file was changed keeps the change in a backup, which can be restored in turn', async () => {
		await editAndReplace('to be changed');
		const [replaceBackup] = backups();
		const userBytes = renderFakeImage('image/png', 100, 100, 53);
		fs.writeFileSync(logo, userBytes);

		assert.strictEqual((await restore({ uri: LOGO, backupId: replaceBackup.id }))?.fsPath, logo);
		assert.ok(fs.readFileSync(logo).equals(logoBytes), 'the original is back');
		const [changeBackup] = backups();
		assert.notStrictEqual(changeBackup.id, replaceBackup.id);
		assert.ok(backupBytes(changeBackup).equals(userBytes), "the user's change is kept");
		assert.strictEqual(changeBackup.prompt, 'before restoring the original');

		assert.strictEqual((await restore({ uri: LOGO, backupId: changeBackup.id }))?.fsPath, logo);
		assert.ok(fs.readFileSync(logo).equals(userBytes), "the user's change is back");
	});

	test('Replace when the original was deleted meanwhile: refused, nothing recreated, the edit stays pending and can be saved as new', async () => {
		const outcome = await edit(LOGO, 'deleted meanwhile');
		fs.rmSync(logo);
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.replaceOriginal', { editId: outcome.editId }), undefined);
		const notice = lastNotification(api(), 'error');
		assert.strictEqual(notice.code, 'notFound');
		assert.match(notice.message, /^logo\.png no longer exists, so it was not replaced\. Use "Save as New File" instead\./);
		assert.ok(!fs.existsSync(logo), 'not recreated');
		assert.deepStrictEqual(backups(), [], 'no backup of nothing');
		assert.ok(fs.existsSync(path.join(pendingDir(), outcome.editId, 'edit.json')), 'still pending');

		const saved = await vscode.commands.executeCommand<vscode.Uri>('imageStudio.saveEditAsNew', { editId: outcome.editId });
		assert.strictEqual(saved && vscode.workspace.asRelativePath(saved, false), 'images/logo-edited.jpg', JSON.stringify(api().notifications));
		assert.ok(fs.readFileSync(saved.fsPath).equals(resultBytes('deleted meanwhile')));
		assert.ok(!fs.existsSync(path.join(pendingDir(), outcome.editId)), 'no longer pending');
		assert.strictEqual(generateRequests(fake).length, 1);
	});
});
