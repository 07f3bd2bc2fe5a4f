// Restore Original writes under the same rules as every other write: a backup record is checked before its path or
// extension is used, and a deleted original is recreated only inside the workspace, never in .git or through a link.
import * as assert from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { renderFakeImage } from '../fake-gemini/server';
import { configure, lastNotification, snapshotWorkspace, useFakeGemini, workspaceRoot } from './support';

suite('restore original: backup records are checked', () => {
	const { api } = useFakeGemini();
	const bytes = renderFakeImage('image/png', 8, 8, 3);

	function plantBackup(fields: Record<string, unknown>, content: Buffer = bytes): string {
		const hash = crypto.createHash('sha256').update(content).digest('hex');
		const id = crypto.randomBytes(8).toString('hex');
		const folder = path.join(api().editStorageUri.fsPath, 'backups', id);
		fs.mkdirSync(folder, { recursive: true });
		const extension = typeof fields.extension === 'string' ? fields.extension : 'png';
		fs.writeFileSync(path.join(folder, `original.${extension.replace(/[^a-z0-9]/g, '')}`), content);
		fs.writeFileSync(
			path.join(folder, 'backup.json'),
			JSON.stringify({ id, fileName: 'x.png', sha256: hash, extension: 'png', replacedBySha256: hash, replacedAt: new Date().toISOString(), ...fields }),
		);
		return id;
	}

	teardown(() => fs.rmSync(path.join(api().editStorageUri.fsPath, 'backups'), { recursive: true, force: true }));

	test('a deleted original is recreated at its place', async () => {
		const target = vscode.Uri.file(path.join(workspaceRoot(), 'brand', 'restored-logo.png'));
		plantBackup({ fileUri: target.toString(), fileName: 'restored-logo.png' });
		try {
			const restored = await vscode.commands.executeCommand<vscode.Uri>('imageStudio.restoreOriginal', { uri: 'brand/restored-logo.png' });
			assert.strictEqual(restored?.toString(), target.toString());
			assert.ok(fs.readFileSync(target.fsPath).equals(bytes));
		} finally {
			fs.rmSync(target.fsPath, { force: true });
		}
	});

	test('a record pointing into .git is refused, and nothing is written', async () => {
		fs.mkdirSync(path.join(workspaceRoot(), '.git', 'hooks'), { recursive: true });
		const target = vscode.Uri.file(path.join(workspaceRoot(), '.git', 'hooks', 'pre-commit'));
		plantBackup({ fileUri: target.toString(), fileName: 'pre-commit' });
		const before = snapshotWorkspace();
		try {
			assert.strictEqual(await vscode.commands.executeCommand('imageStudio.restoreOriginal', { uri: '.git/hooks/pre-commit' }), undefined);
			assert.match(lastNotification(api()).message, /does not write into "\.git\/hooks"/);
			assert.ok(!fs.existsSync(target.fsPath));
			assert.deepStrictEqual(snapshotWorkspace(), before);
		} finally {
			fs.rmSync(path.join(workspaceRoot(), '.git'), { recursive: true, force: true });
		}
	});

	test('a record whose extension is a path is skipped as damaged', async () => {
		const target = vscode.Uri.file(path.join(workspaceRoot(), 'brand', 'tampered.png'));
		plantBackup({ fileUri: target.toString(), extension: '../../../../etc/x' });
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.restoreOriginal', { uri: 'brand/tampered.png' }), undefined);
		assert.match(lastNotification(api()).message, /No backup of tampered\.png exists/);
		assert.ok(!fs.existsSync(target.fsPath));
	});

	test('backups are kept within imageStudio.storage.maxBackupsPerFile, the newest always', async () => {
		const target = vscode.Uri.file(path.join(workspaceRoot(), 'brand', 'pruned.png'));
		fs.writeFileSync(target.fsPath, renderFakeImage('image/png', 8, 8, 99));
		await configure({ 'storage.maxBackupsPerFile': 2 });
		try {
			const ids = [1, 2, 3].map((day) =>
				plantBackup(
					{ fileUri: target.toString(), fileName: 'pruned.png', replacedAt: `2026-11-0${day}T00:00:00.000Z` },
					renderFakeImage('image/png', 8, 8, day),
				),
			);
			// Restores the newest (Nov 3), backing up what is there first: four backups, of which two stay.
			const restored = await vscode.commands.executeCommand<vscode.Uri>('imageStudio.restoreOriginal', { uri: 'brand/pruned.png', backupId: ids[2] });
			assert.strictEqual(restored?.toString(), target.toString());
			assert.ok(fs.readFileSync(target.fsPath).equals(renderFakeImage('image/png', 8, 8, 3)));
			const left = fs.readdirSync(path.join(api().editStorageUri.fsPath, 'backups'));
			assert.strictEqual(left.length, 2, `kept: ${left.join(', ')}`);
			assert.ok(left.includes(ids[2]), 'the newest planted backup is kept');
			assert.ok(!left.includes(ids[0]) && !left.includes(ids[1]), 'the two oldest are gone');
		} finally {
			await configure({ 'storage.maxBackupsPerFile': undefined });
			fs.rmSync(target.fsPath, { force: true });
		}
	});
});
