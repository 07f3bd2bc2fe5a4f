// Edit, review and compose: the before/after view, Replace with backup and Restore, Save as new, Discard, Edit
// again, and every way an input or the disk can misbehave. The user's bytes are checked after every step.
import * as assert from 'assert';
import { DEFAULT_MODEL_ID } from '../../src/gemini/modelCatalog';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { EditOutcome } from '../../src/review/editReview';
import { expectedDimensions, promptSeed, renderFakeImage } from '../fake-gemini/server';
import { takeScreenshot } from './screenshot';
import { generateRequests, lastNotification, snapshotWorkspace, useFakeGemini, waitFor, workspaceRoot } from './support';

const LOGO = 'images/logo.png';

function writeImage(relative: string, bytes: Buffer): string {
	const full = path.join(workspaceRoot(), relative);
	fs.mkdirSync(path.dirname(full), { recursive: true });
	fs.writeFileSync(full, bytes);
	return full;
}

const REVIEW_LABEL = 'logo (original).png ↔ logo (edited).jpg';

/** The review's diff tab. VS Code gives a diff of two image previews no tab input, only its label "left ↔ right". */
function reviewTab(): vscode.Tab | undefined {
	return vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.label === REVIEW_LABEL);
}

suite('imageStudio.edit and the before/after review', () => {
	const { fake, api } = useFakeGemini();
	const originalBytes = renderFakeImage('image/png', 640, 360, 42);
	let logoPath = '';

	setup(() => {
		fs.rmSync(path.join(workspaceRoot(), 'images'), { recursive: true, force: true });
		logoPath = writeImage(LOGO, originalBytes);
	});
	suiteTeardown(() => fs.rmSync(path.join(workspaceRoot(), 'images'), { recursive: true, force: true }));

	async function edit(args: Record<string, unknown> = {}): Promise<EditOutcome> {
		const outcome = await vscode.commands.executeCommand<EditOutcome | undefined>('imageStudio.edit', { uri: LOGO, prompt: 'dark mode variant', ...args });
		assert.ok(outcome, `edit returned a result; notifications: ${JSON.stringify(api().notifications)}`);
		return outcome;
	}

	function resultBytes(prompt = 'dark mode variant', ratio = '16:9'): Buffer {
		const { width, height } = expectedDimensions(ratio, '1K');
		return renderFakeImage('image/jpeg', width, height, promptSeed(prompt));
	}

	test('opens a diff of the original snapshot and the result; the original is untouched; the aspect ratio is kept', async () => {
		const outcome = await edit();
		const tab = await waitFor(reviewTab, 'the diff editor to open', 10_000).catch((error) => {
			const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).map((t) => ({ label: t.label, input: t.input }));
			throw new Error(`${error.message}; tabs: ${JSON.stringify(tabs)}`);
		});
		assert.ok(tab.isActive, 'the review is the active tab');
		assert.strictEqual(tab.input, undefined, 'a diff of two image previews (VS Code exposes no input for it)');
		assert.strictEqual(outcome.before.scheme, 'image-studio-review');
		assert.match(outcome.before.path, /\/original\/logo \(original\)\.png$/);
		assert.match(outcome.after.path, /\/edited\/logo \(edited\)\.jpg$/);
		// Both sides are served by the extension's read-only scheme and hold the expected bytes.
		assert.ok(Buffer.from(await vscode.workspace.fs.readFile(outcome.before)).equals(originalBytes));
		assert.ok(Buffer.from(await vscode.workspace.fs.readFile(outcome.after)).equals(resultBytes()));
		await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(outcome.before, Buffer.from('x'))));
		assert.ok(fs.readFileSync(logoPath).equals(originalBytes), 'the original is untouched until Replace');

		const [request] = generateRequests(fake);
		assert.strictEqual(request.body.contents[0].parts[1].inlineData.mimeType, 'image/png');
		assert.strictEqual(request.body.contents[0].parts[1].inlineData.data, originalBytes.toString('base64'));
		assert.strictEqual(request.body.generationConfig.imageConfig.aspectRatio, '16:9', '640×360 keeps 16:9');
		await new Promise((resolve) => setTimeout(resolve, 1500));
		await takeScreenshot('edit-before-after-diff');
	});

	test('a later change on disk does not alter the snapshot', async () => {
		const outcome = await edit();
		fs.writeFileSync(logoPath, Buffer.from('changed by the user'));
		assert.ok(Buffer.from(await vscode.workspace.fs.readFile(outcome.before)).equals(originalBytes));
	});

	test('Replace backs up the original, then swaps; Restore gives back the identical bytes', async () => {
		const outcome = await edit();
		fs.chmodSync(logoPath, 0o640);
		const replaced = await vscode.commands.executeCommand<vscode.Uri>('imageStudio.replaceOriginal', { editId: outcome.editId });
		assert.strictEqual(replaced?.fsPath, logoPath);
		assert.ok(fs.readFileSync(logoPath).equals(resultBytes()), 'the file now holds the result');
		assert.strictEqual(fs.statSync(logoPath).mode & 0o777, 0o640, 'the replaced file keeps its permissions');
		const backupsDir = path.join(api().editStorageUri.fsPath, 'backups');
		const backups = fs
			.readdirSync(backupsDir)
			.map((id) => path.join(backupsDir, id, 'original.png'))
			.filter((file) => fs.existsSync(file));
		assert.ok(
			backups.some((file) => fs.readFileSync(file).equals(originalBytes)),
			'a backup holds the original bytes',
		);
		assert.strictEqual(reviewTab(), undefined, 'the review closed');
		assert.deepStrictEqual(fs.readdirSync(path.dirname(logoPath)), ['logo.png'], 'no temporary files');

		const restored = await vscode.commands.executeCommand<vscode.Uri>('imageStudio.restoreOriginal', { uri: LOGO });
		assert.strictEqual(restored?.fsPath, logoPath);
		assert.ok(fs.readFileSync(logoPath).equals(originalBytes), 'restored byte for byte');
	});

	test('Save as new file writes beside the original and leaves it untouched', async () => {
		const outcome = await edit();
		const saved = await vscode.commands.executeCommand<vscode.Uri>('imageStudio.saveEditAsNew', { editId: outcome.editId });
		assert.strictEqual(vscode.workspace.asRelativePath(saved!, false), 'images/logo-edited.jpg');
		assert.ok(fs.readFileSync(saved!.fsPath).equals(resultBytes()));
		assert.ok(fs.readFileSync(logoPath).equals(originalBytes));
		const again = await edit();
		const second = await vscode.commands.executeCommand<vscode.Uri>('imageStudio.saveEditAsNew', { editId: again.editId });
		assert.strictEqual(vscode.workspace.asRelativePath(second!, false), 'images/logo-edited-2.jpg');
	});

	test('Discard drops the result; nothing in the workspace changes', async () => {
		const before = snapshotWorkspace();
		const outcome = await edit();
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.discardEdit', { editId: outcome.editId }), true);
		assert.deepStrictEqual(snapshotWorkspace(), before);
		assert.ok(!fs.existsSync(path.join(api().editStorageUri.fsPath, 'pending', outcome.editId)));
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.replaceOriginal', { editId: outcome.editId }), undefined);
		assert.match(lastNotification(api(), 'error').message, /no longer pending/);
	});

	test('Edit again sends the result as the new input and keeps the original on the left', async () => {
		const first = await edit();
		const second = await vscode.commands.executeCommand<EditOutcome>('imageStudio.editAgain', { editId: first.editId, prompt: 'now with a blue accent' });
		assert.ok(second && second.editId !== first.editId);
		const requests = generateRequests(fake);
		assert.strictEqual(requests.length, 2);
		assert.strictEqual(requests[1].body.contents[0].parts[1].inlineData.data, resultBytes().toString('base64'), 'chained on the result');
		assert.ok(Buffer.from(await vscode.workspace.fs.readFile(second.before)).equals(originalBytes), 'the left side is still the original');
		assert.ok(Buffer.from(await vscode.workspace.fs.readFile(second.after)).equals(resultBytes('now with a blue accent')));
		assert.ok(!fs.existsSync(path.join(api().editStorageUri.fsPath, 'pending', first.editId)), 'the superseded edit is gone');
		const provenance = JSON.parse(fs.readFileSync(path.join(api().editStorageUri.fsPath, 'pending', second.editId, 'edit.json'), 'utf8'));
		assert.strictEqual(provenance.provenance.parentEditId, first.editId);
		assert.strictEqual(provenance.provenance.prompt, 'now with a blue accent');
		assert.strictEqual(provenance.provenance.model, DEFAULT_MODEL_ID);
	});

	test('Replace refuses when the original changed on disk after the edit started', async () => {
		const outcome = await edit();
		const userBytes = renderFakeImage('image/png', 64, 64, 7);
		fs.writeFileSync(logoPath, userBytes);
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.replaceOriginal', { editId: outcome.editId }), undefined);
		assert.strictEqual(lastNotification(api(), 'error').code, 'changedOnDisk');
		assert.ok(fs.readFileSync(logoPath).equals(userBytes), "the user's newer bytes are kept");
	});

	test('Replace refuses a read-only original', async () => {
		const outcome = await edit();
		fs.chmodSync(logoPath, 0o444);
		try {
			assert.strictEqual(await vscode.commands.executeCommand('imageStudio.replaceOriginal', { editId: outcome.editId }), undefined);
			assert.strictEqual(lastNotification(api(), 'error').code, 'readOnly');
			assert.ok(fs.readFileSync(logoPath).equals(originalBytes));
		} finally {
			fs.chmodSync(logoPath, 0o644);
		}
	});

	for (const stage of ['tempWrite', 'verify', 'swap'] as const) {
		test(`a write failure during Replace (${stage}) leaves the original intact and the edit pending`, async () => {
			const outcome = await edit();
			api().injectWriteFault(stage);
			assert.strictEqual(await vscode.commands.executeCommand('imageStudio.replaceOriginal', { editId: outcome.editId }), undefined);
			assert.strictEqual(lastNotification(api(), 'error').code, 'writeFailed');
			assert.ok(fs.readFileSync(logoPath).equals(originalBytes));
			assert.deepStrictEqual(fs.readdirSync(path.dirname(logoPath)), ['logo.png'], 'no temporary file left');
			// The edit is still there and can be replaced once the disk behaves.
			await vscode.commands.executeCommand('imageStudio.replaceOriginal', { editId: outcome.editId });
			assert.ok(fs.readFileSync(logoPath).equals(resultBytes()));
		});
	}

	test('cancel during the request: no pending edit, nothing written', async () => {
		const before = snapshotWorkspace();
		const pendingBefore = fs.existsSync(path.join(api().editStorageUri.fsPath, 'pending'))
			? fs.readdirSync(path.join(api().editStorageUri.fsPath, 'pending'))
			: [];
		fake.enqueue({ kind: 'stall' });
		const running = vscode.commands.executeCommand('imageStudio.edit', { uri: LOGO, prompt: 'slow edit' });
		await fake.waitForRequest((r) => r.action === 'generateContent', 10_000);
		await vscode.commands.executeCommand('imageStudio.cancelRequests');
		assert.strictEqual(await running, undefined);
		assert.strictEqual(lastNotification(api(), 'warning').code, 'cancelled');
		assert.deepStrictEqual(snapshotWorkspace(), before);
		const pendingAfter = fs.existsSync(path.join(api().editStorageUri.fsPath, 'pending'))
			? fs.readdirSync(path.join(api().editStorageUri.fsPath, 'pending'))
			: [];
		assert.deepStrictEqual(pendingAfter, pendingBefore);
	});

	test('a mislabelled file (.png holding JPEG) is sent as what it really is', async () => {
		const jpeg = renderFakeImage('image/jpeg', 300, 400, 3);
		writeImage('images/photo.png', jpeg);
		await edit({ uri: 'images/photo.png' });
		const part = generateRequests(fake)[0].body.contents[0].parts[1];
		assert.strictEqual(part.inlineData.mimeType, 'image/jpeg');
		assert.strictEqual(generateRequests(fake)[0].body.generationConfig.imageConfig.aspectRatio, '3:4');
	});

	test('nothing is written into .vscode, even beside an image there', async () => {
		const inside = writeImage('.vscode/icon.png', originalBytes);
		try {
			const outcome = await edit({ uri: '.vscode/icon.png' });
			assert.strictEqual(await vscode.commands.executeCommand('imageStudio.saveEditAsNew', { editId: outcome.editId }), undefined);
			assert.strictEqual(await vscode.commands.executeCommand('imageStudio.replaceOriginal', { editId: outcome.editId }), undefined);
			assert.strictEqual(lastNotification(api(), 'error').code, 'outputFolder');
			assert.deepStrictEqual(fs.readdirSync(path.dirname(inside)), ['icon.png']);
			assert.ok(fs.readFileSync(inside).equals(originalBytes));
		} finally {
			fs.rmSync(path.dirname(inside), { recursive: true, force: true });
		}
	});

	test('a huge input (60 MB) is uploaded through the Files API, and the user is told', async () => {
		// A PNG whose header says 8000×8000, padded to 60 MB before its IEND chunk.
		const small = renderFakeImage('image/png', 64, 64, 1);
		const iend = small.subarray(small.length - 12);
		const header = Buffer.from(small.subarray(0, small.length - 12));
		header.writeUInt32BE(8000, 16);
		header.writeUInt32BE(8000, 20);
		const huge = Buffer.concat([header, Buffer.alloc(60 * 1024 * 1024 - header.length - iend.length, 0x11), iend]);
		writeImage('images/huge.png', huge);
		await vscode.commands.executeCommand('imageStudio.edit', { uri: 'images/huge.png', prompt: 'make it smaller' });
		const uploaded = [...fake.uploadedFiles.values()];
		assert.strictEqual(uploaded.length, 1, 'uploaded once');
		assert.ok(uploaded[0].bytes.equals(huge), 'the exact 60 MB arrived');
		const told = api().notifications.find((n) => /huge\.png is 60\.0 MB.*Files API/.test(n.message));
		assert.ok(told, `the user is told about the upload: ${JSON.stringify(api().notifications.map((n) => n.message))}`);
		const generate = generateRequests(fake)[0];
		assert.strictEqual(generate.body.contents[0].parts[1].fileData.fileUri, uploaded[0].uri, 'referenced, not inlined');
		assert.strictEqual(generate.body.generationConfig.imageConfig.aspectRatio, '1:1', '8000×8000 keeps 1:1');
	});

	const badInputs: [string, () => unknown, RegExp][] = [
		['a deleted file', () => 'images/gone.png', /no longer exists/],
		['an empty file', () => (writeImage('images/empty.png', Buffer.alloc(0)), 'images/empty.png'), /empty \(0 bytes\)/],
		[
			'a truncated PNG',
			() => (writeImage('images/cut.png', originalBytes.subarray(0, originalBytes.length >> 1)), 'images/cut.png'),
			/truncated or damaged/,
		],
		[
			'an SVG',
			() => (writeImage('images/icon.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), 'images/icon.png'),
			/SVG image, which .* does not accept/,
		],
		['a GIF', () => (writeImage('images/anim.gif', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')), 'images/anim.gif'), /GIF image/],
		['a TIFF', () => (writeImage('images/scan.tiff', Buffer.from([0x49, 0x49, 0x2a, 0x00, 0, 0, 0, 0])), 'images/scan.tiff'), /TIFF image/],
		['HTML named .png', () => (writeImage('images/page.png', Buffer.from('<html>nope</html>')), 'images/page.png'), /not an image Gemini can read/],
		['a folder', () => (fs.mkdirSync(path.join(workspaceRoot(), 'images', 'dir.png')), 'images/dir.png'), /is a folder/],
		['a path that leaves the workspace', () => '../outside.png', /not a workspace-relative path/],
		[
			'a link to a file outside the workspace',
			() => {
				const outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'outside-')), 'secret.png');
				fs.writeFileSync(outside, originalBytes);
				fs.symlinkSync(outside, path.join(workspaceRoot(), 'images', 'link.png'));
				return 'images/link.png';
			},
			/link to a file outside the workspace/,
		],
	];
	for (const [name, prepare, message] of badInputs) {
		test(`bad input: ${name}`, async () => {
			const uri = prepare();
			const before = snapshotWorkspace();
			assert.strictEqual(await vscode.commands.executeCommand('imageStudio.edit', { uri, prompt: 'anything' }), undefined);
			const notice = lastNotification(api(), 'error');
			assert.match(notice.message, message);
			assert.strictEqual(generateRequests(fake).length, 0, 'nothing was sent');
			assert.deepStrictEqual(snapshotWorkspace(), before);
		});
	}

	test('compose: several images → a new image in the output folder, opened beside', async () => {
		writeImage('images/shirt.png', renderFakeImage('image/png', 400, 400, 9));
		const saved = await vscode.commands.executeCommand<vscode.Uri>('imageStudio.compose', {
			uris: [LOGO, 'images/shirt.png'],
			prompt: 'logo on the shirt',
		});
		assert.strictEqual(vscode.workspace.asRelativePath(saved!, false), 'assets/generated/logo-on-the-shirt.jpg');
		const parts = generateRequests(fake)[0].body.contents[0].parts;
		assert.strictEqual(parts.filter((part: { inlineData?: unknown }) => part.inlineData).length, 2);
		assert.ok(fs.readFileSync(logoPath).equals(originalBytes));
	});

	test('compose refuses more images than the model takes, and fewer than two', async () => {
		for (let i = 0; i < 4; i++) {
			writeImage(`images/ref${i}.png`, renderFakeImage('image/png', 64, 64, i));
		}
		const uris = [0, 1, 2, 3].map((i) => `images/ref${i}.png`);
		assert.strictEqual(
			await vscode.commands.executeCommand('imageStudio.compose', { uris, prompt: 'mix', model: 'gemini-3.1-flash-lite-image' }),
			undefined,
		);
		assert.match(lastNotification(api(), 'error').message, /takes at most 3 images; 4 were selected/);
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.compose', { uris: [LOGO], prompt: 'mix' }), undefined);
		assert.match(lastNotification(api(), 'error').message, /at least two images/);
		assert.strictEqual(generateRequests(fake).length, 0);
	});
});

suite('compare view on a pending edit', () => {
	const { api } = useFakeGemini();

	test('opens with the snapshot and the result, and offers the decisions', async () => {
		fs.mkdirSync(path.join(workspaceRoot(), 'images'), { recursive: true });
		fs.writeFileSync(path.join(workspaceRoot(), LOGO), renderFakeImage('image/png', 640, 360, 5));
		try {
			const outcome = await vscode.commands.executeCommand<EditOutcome>('imageStudio.edit', { uri: LOGO, prompt: 'sepia' });
			assert.ok(outcome, JSON.stringify(api().notifications));
			const view = await vscode.commands.executeCommand<{ panel: vscode.WebviewPanel; dispose(): void }>('imageStudio.compareEdit', {
				editId: outcome.editId,
			});
			assert.ok(view, JSON.stringify(api().notifications));
			assert.strictEqual(view.panel.title, 'logo.png: original ↔ edited');
			await waitFor(() => vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputWebview, 'the compare tab');
			await new Promise((resolve) => setTimeout(resolve, 1500));
			await takeScreenshot('edit-compare-view');
			view.dispose();
		} finally {
			fs.rmSync(path.join(workspaceRoot(), 'images'), { recursive: true, force: true });
		}
	});
});
