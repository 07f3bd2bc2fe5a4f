// Restricted Mode: every command that writes into the workspace, or decides on a pending edit, is refused before it
// runs: edit, compose, restore, export icon set and the review decisions (replace, save as new, discard, edit again, compare edit).
// Each is called as a keybinding or agent would ({ … }), as the Explorer or a review tab would (a Uri) and as the
// palette would (nothing): one notification about Restricted Mode, no picker or prompt, nothing sent to the fake, the
// workspace byte-identical, and the pending edit and the backup (planted in the extension's storage, as a trusted
// session would have left them) untouched.
import * as assert from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { renderFakeImage } from '../../fake-gemini/server';
import { snapshotDir, useFakeGemini, workspaceRoot } from '../support';
import { compareTabs } from '../studioHelpers';

const LOGO = 'images/logo.png';
const SHIRT = 'images/shirt.png';

/** Every file below `dir` with the sha256 of its bytes, sorted: what "byte-identical" compares. */
function hashDir(dir: string): string[] {
	const entries: string[] = [];
	const walk = (current: string) => {
		for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
			const full = path.join(current, entry.name);
			if (entry.isDirectory()) {
				entries.push(`${path.relative(dir, full)}/`);
				walk(full);
			} else {
				entries.push(`${path.relative(dir, full)} ${crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex')}`);
			}
		}
	};
	if (fs.existsSync(dir)) {
		walk(dir);
	}
	return entries.sort();
}

function sha256(bytes: Buffer): string {
	return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** Resolves to the command's result, or fails when it did not return in time (a picker or prompt it opened waits forever). */
async function runWithin(command: string, args: unknown[], ms = 10_000): Promise<unknown> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${command} did not return within ${ms} ms: did it open a picker or prompt?`)), ms);
	});
	try {
		return await Promise.race([vscode.commands.executeCommand<unknown>(command, ...args), timeout]);
	} finally {
		clearTimeout(timer);
		await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
	}
}

suite('Restricted Mode: edit, compose, restore and the review decisions are refused', () => {
	const { fake, api } = useFakeGemini();
	const logoBytes = renderFakeImage('image/png', 320, 180, 21);
	const shirtBytes = renderFakeImage('image/png', 200, 200, 22);
	const resultBytes = renderFakeImage('image/png', 320, 180, 23);
	let editId = '';
	let backupId = '';
	let workspaceBefore: string[] = [];
	let storageBefore: string[] = [];

	function storageRoot(): string {
		return api().editStorageUri.fsPath;
	}

	/** A pending edit of images/logo.png as `imageStudio.edit` stores it (see src/review/pendingEdits.ts). */
	function plantPendingEdit(): string {
		const id = crypto.randomBytes(8).toString('hex');
		const folder = path.join(storageRoot(), 'pending', id);
		fs.mkdirSync(folder, { recursive: true });
		fs.writeFileSync(path.join(folder, 'original.png'), logoBytes);
		fs.writeFileSync(path.join(folder, 'result.png'), resultBytes);
		const logoUri = vscode.Uri.file(path.join(workspaceRoot(), LOGO)).toString();
		const edit = {
			id,
			originalUri: logoUri,
			originalName: 'logo.png',
			originalSha256: sha256(logoBytes),
			originalExtension: 'png',
			resultSha256: sha256(resultBytes),
			resultExtension: 'png',
			resultMimeType: 'image/png',
			provenance: {
				kind: 'edit',
				prompt: 'a planted edit',
				model: 'gemini-3.1-flash-image',
				aspectRatio: '16:9',
				imageSize: '1K',
				inputs: [{ uri: logoUri, sha256: sha256(logoBytes), mimeType: 'image/png' }],
				createdAt: new Date().toISOString(),
			},
		};
		fs.writeFileSync(path.join(folder, 'edit.json'), JSON.stringify(edit, null, '\t'));
		return id;
	}

	/** A backup of images/logo.png holding other bytes than the file: a restore would overwrite the file. */
	function plantBackup(): string {
		const id = crypto.randomBytes(8).toString('hex');
		const folder = path.join(storageRoot(), 'backups', id);
		fs.mkdirSync(folder, { recursive: true });
		fs.writeFileSync(path.join(folder, 'original.png'), resultBytes);
		const backup = {
			id,
			fileUri: vscode.Uri.file(path.join(workspaceRoot(), LOGO)).toString(),
			fileName: 'logo.png',
			sha256: sha256(resultBytes),
			extension: 'png',
			replacedBySha256: sha256(logoBytes),
			replacedAt: new Date().toISOString(),
			prompt: 'a planted backup',
		};
		fs.writeFileSync(path.join(folder, 'backup.json'), JSON.stringify(backup, null, '\t'));
		return id;
	}

	suiteSetup(() => {
		for (const [relative, bytes] of [
			[LOGO, logoBytes],
			[SHIRT, shirtBytes],
		] as const) {
			fs.mkdirSync(path.dirname(path.join(workspaceRoot(), relative)), { recursive: true });
			fs.writeFileSync(path.join(workspaceRoot(), relative), bytes);
		}
	});

	suiteTeardown(() => {
		fs.rmSync(path.join(workspaceRoot(), 'images'), { recursive: true, force: true });
		for (const folder of ['pending', 'backups']) {
			fs.rmSync(path.join(storageRoot(), folder), { recursive: true, force: true });
		}
	});

	// After useFakeGemini's per-test setup (it clears assets/ and closes the editors).
	setup(() => {
		assert.strictEqual(vscode.workspace.isTrusted, false, 'the workspace is not trusted');
		for (const folder of ['pending', 'backups']) {
			fs.rmSync(path.join(storageRoot(), folder), { recursive: true, force: true });
		}
		editId = plantPendingEdit();
		backupId = plantBackup();
		workspaceBefore = hashDir(workspaceRoot());
		storageBefore = hashDir(storageRoot());
		assert.ok(workspaceBefore.includes(`${LOGO} ${sha256(logoBytes)}`), 'the image to protect is there');
	});

	teardown(() => {
		assert.deepStrictEqual(hashDir(workspaceRoot()), workspaceBefore, 'the workspace is byte-identical');
	});

	/** Runs `command` with each argument list; each call is refused at once with one Restricted Mode error naming `title`. */
	async function expectRefused(command: string, title: string, argLists: unknown[][]): Promise<void> {
		for (const args of argLists) {
			api().clearNotifications();
			const shown = `${command}(${args.map((arg) => (arg instanceof vscode.Uri ? `Uri ${arg.toString(true)}` : JSON.stringify(arg))).join(', ')})`;
			assert.strictEqual(await runWithin(command, args), undefined, `${shown} returns nothing`);
			assert.deepStrictEqual(
				api().notifications.map((record) => ({ severity: record.severity, code: record.code })),
				[{ severity: 'error', code: 'untrustedWorkspace' }],
				`${shown}: one error and nothing else; saw ${JSON.stringify(api().notifications)}`,
			);
			const [told] = api().notifications;
			assert.match(told.message, /is not available in Restricted Mode/, `${shown} says why`);
			assert.ok(told.message.startsWith(title), `${shown} names the command: ${told.message}`);
			assert.deepStrictEqual(fake.requests, [], `${shown} sent nothing to the fake Gemini`);
			assert.deepStrictEqual(hashDir(workspaceRoot()), workspaceBefore, `${shown} left the workspace byte-identical`);
			assert.deepStrictEqual(hashDir(storageRoot()), storageBefore, `${shown} left the pending edit and the backup as they were`);
			assert.deepStrictEqual(compareTabs(), [], `${shown} opened no compare view`);
		}
	}

	const logoUri = () => vscode.Uri.file(path.join(workspaceRoot(), LOGO));
	const shirtUri = () => vscode.Uri.file(path.join(workspaceRoot(), SHIRT));
	const reviewUri = () => vscode.Uri.from({ scheme: 'image-studio-review', path: `/${editId}/edited/logo (edited).png` });

	test('imageStudio.edit is refused', async () => {
		await expectRefused('imageStudio.edit', 'Edit Image', [[{ uri: LOGO, prompt: 'make it dark' }], [logoUri()], []]);
	});

	test('imageStudio.compose is refused', async () => {
		await expectRefused('imageStudio.compose', 'Compose Images', [
			[{ uris: [LOGO, SHIRT], prompt: 'the logo on the shirt' }],
			[logoUri(), [logoUri(), shirtUri()]],
			[],
		]);
	});

	test('imageStudio.makeBackgroundTransparent is refused', async () => {
		await expectRefused('imageStudio.makeBackgroundTransparent', 'Make Background Transparent', [
			[{ uri: LOGO }],
			[{ uri: LOGO, method: 'key' }],
			[logoUri()],
			[],
		]);
	});

	test('imageStudio.restoreOriginal is refused', async () => {
		await expectRefused('imageStudio.restoreOriginal', 'Restore Original', [[{ uri: LOGO, backupId }], [{ uri: LOGO }], [logoUri()], []]);
	});

	test('imageStudio.exportIconSet is refused', async () => {
		await expectRefused('imageStudio.exportIconSet', 'Export Icon Set', [
			[{ uri: LOGO }],
			[{ uri: LOGO, sizes: [16, 32] }],
			[logoUri()],
			[logoUri(), [logoUri()]],
			[],
		]);
	});

	const decisions: [string, string, (id: string) => unknown[][]][] = [
		['imageStudio.replaceOriginal', 'Replace Original', (id) => [[{ editId: id }], [reviewUri()], []]],
		['imageStudio.saveEditAsNew', 'Save as New File', (id) => [[{ editId: id }], [reviewUri()], []]],
		['imageStudio.discardEdit', 'Discard Edit', (id) => [[{ editId: id }], [reviewUri()], []]],
		['imageStudio.editAgain', 'Edit Again', (id) => [[{ editId: id, prompt: 'and brighter' }], [{ editId: id }], [reviewUri()], []]],
		['imageStudio.compareEdit', 'Compare Edit', (id) => [[{ editId: id }], [reviewUri()], []]],
	];
	for (const [command, title, argLists] of decisions) {
		test(`${command} is refused`, async () => {
			await expectRefused(command, title, argLists(editId));
		});
	}

	test("the review notification's buttons are refused too", async () => {
		// The pending edit can still be looked at (the diff only reads the extension's storage); its decisions cannot.
		for (const button of ['Replace Original', 'Save as New File', 'Discard', 'Edit Again']) {
			api().clearNotifications();
			assert.strictEqual(await runWithin('imageStudio.reviewPendingEdits', [{ editId }]), editId, 'the review opens');
			await api().runNotificationAction(/^Review the edit of logo\.png/, button);
			assert.deepStrictEqual(
				api()
					.notifications.slice(1)
					.map((record) => record.code),
				['untrustedWorkspace'],
				`"${button}" was refused: ${JSON.stringify(api().notifications)}`,
			);
			assert.deepStrictEqual(compareTabs(), []);
		}
		assert.deepStrictEqual(fake.requests, [], 'nothing was sent');
		assert.deepStrictEqual(hashDir(storageRoot()), storageBefore, 'the pending edit is still pending');
		assert.strictEqual(snapshotDir(path.join(workspaceRoot(), 'images')).length, 2, 'no file was added beside the original');
	});
});
