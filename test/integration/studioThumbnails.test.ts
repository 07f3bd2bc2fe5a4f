// Studio thumbnails (issue #12 part 6): a turn writes `<stem>.thumb.webp` beside each stored image, the turn views
// carry its `thumbnailUri`, the image actions keep using the full file, and a conversation stored before thumbnails
// gets them when it is opened, once.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { readImageDimensions, sniffImageType } from '../../src/core/imageType';
import { thumbnailFile, thumbnailSize } from '../../src/studio/thumbnails';
import { useFakeGemini, waitFor, workspaceRoot } from './support';
import { finalImages, goodTurn, lastTurnView, posted, PRO, readSession, sessionDir, studioTabs, waitForPosted } from './studioHelpers';

suite('studio thumbnails', () => {
	const { api } = useFakeGemini();

	/** Every image file a stored session references. */
	function imageFiles(sessionId: string): string[] {
		return readSession(api(), sessionId).turns.flatMap((turn) => (turn.response ?? []).flatMap((part) => (part.inlineFile ? [part.inlineFile.file] : [])));
	}

	function expectThumbnail(folder: string, file: string): void {
		const full = fs.readFileSync(path.join(folder, file));
		const thumbnail = fs.readFileSync(path.join(folder, thumbnailFile(file)));
		assert.strictEqual(sniffImageType(thumbnail)?.mimeType, 'image/webp', file);
		const size = readImageDimensions(full)!;
		assert.deepStrictEqual(readImageDimensions(thumbnail), thumbnailSize(size.width, size.height), file);
		assert.ok(Math.max(...Object.values(readImageDimensions(thumbnail)!)) <= 256, file);
	}

	test('a turn writes a 256 px WebP beside each image; views carry thumbnailUri; Save and Copy use the full bytes', async () => {
		const first = await goodTurn({ prompt: 'a striped umbrella', model: PRO, newSession: true });
		await goodTurn({ prompt: 'make the umbrella yellow' });
		const folder = sessionDir(api(), first.sessionId);
		const files = imageFiles(first.sessionId);
		assert.ok(files.length >= 2, JSON.stringify(files));
		for (const file of files) {
			expectThumbnail(folder, file);
		}
		const view = lastTurnView(api(), { prompt: 'make the umbrella yellow' })!;
		const images = view.parts.filter((part) => part.kind === 'image');
		assert.ok(images.length > 0);
		for (const part of images) {
			assert.ok(part.kind === 'image' && part.thumbnailUri, JSON.stringify(part));
			assert.ok(decodeURIComponent(part.thumbnailUri).includes(`/${thumbnailFile(part.imageId)}`), part.thumbnailUri);
			assert.notStrictEqual(part.thumbnailUri, part.src);
			assert.strictEqual(part.thumbnailPending, undefined);
		}

		const session = readSession(api(), first.sessionId);
		const turn = session.turns[1];
		const imageId = finalImages(turn)[0];
		const stored = fs.readFileSync(path.join(folder, imageId));
		api().studio.clearPosted();
		assert.ok(api().studio.receive({ type: 'imageAction', action: 'copy', turnId: turn.id, imageId }));
		const copied = await waitForPosted(api(), (message) => message.type === 'imageBytes' && message.imageId === imageId, 'the imageBytes message');
		assert.ok(copied.type === 'imageBytes' && Buffer.from(copied.bytes).equals(stored), 'Copy posts the full stored bytes');
		assert.ok(api().studio.receive({ type: 'imageAction', action: 'save', turnId: turn.id, imageId }));
		await waitForPosted(
			api(),
			(message) => message.type === 'imageActionResult' && message.action === 'save' && message.imageId === imageId,
			'the save result',
		);
		const saved = path.join(workspaceRoot(), 'assets', 'generated', 'make-the-umbrella-yellow.jpg');
		assert.deepStrictEqual(fs.readFileSync(saved), stored, 'Save writes the full stored bytes');
		fs.rmSync(saved, { force: true });
	});

	test('a conversation stored without thumbnails gets them when opened, once, and its images swap to them in place', async () => {
		const first = await goodTurn({ prompt: 'a paper boat', model: PRO, newSession: true });
		await goodTurn({ prompt: 'put the boat on a pond' });
		const files = imageFiles(first.sessionId);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await waitFor(() => studioTabs().length === 0, 'the studio to close');
		// As stored before this change: a copy of the conversation under an id this window has not seen, no thumbnails.
		const legacyId = `20250101000000-${Date.now().toString(16).slice(-8)}`;
		const folder = sessionDir(api(), legacyId);
		fs.cpSync(sessionDir(api(), first.sessionId), folder, { recursive: true });
		const sessionJson = path.join(folder, 'session.json');
		fs.writeFileSync(sessionJson, fs.readFileSync(sessionJson, 'utf8').split(first.sessionId).join(legacyId));
		for (const file of files) {
			fs.rmSync(path.join(folder, thumbnailFile(file)));
		}
		await api().studio.openSession(legacyId);
		const init = await waitForPosted(api(), (message) => message.type === 'init', 'the conversation shown');
		const initImages = init.type === 'init' ? init.turns.flatMap((turn) => turn.parts.filter((part) => part.kind === 'image')) : [];
		assert.ok(initImages.length > 0);
		for (const part of initImages) {
			// Still being made: the webview shows an empty frame for a collapsed image rather than decoding the full file.
			assert.ok(part.kind === 'image' && part.thumbnailPending === true && part.thumbnailUri === undefined, JSON.stringify(part));
		}
		await waitFor(() => files.every((file) => fs.existsSync(path.join(folder, thumbnailFile(file)))), 'the thumbnails made on open');
		for (const file of files) {
			expectThumbnail(folder, file);
		}
		const swappedImages = () => posted(api()).flatMap((message) => (message.type === 'thumbnails' ? message.images : []));
		await waitFor(() => swappedImages().length >= files.length, 'the images swapped to their thumbnails');
		const swapped = swappedImages();
		assert.deepStrictEqual(swapped.map((image) => image.imageId).sort(), [...files].sort(), 'every image swapped to its thumbnail');
		assert.ok(swapped.every((image) => image.thumbnailUri && decodeURIComponent(image.thumbnailUri).endsWith(thumbnailFile(image.imageId))));
		// Once: opening again finds them (same files, not written again).
		const times = files.map((file) => fs.statSync(path.join(folder, thumbnailFile(file))).mtimeMs);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await waitFor(() => studioTabs().length === 0, 'the studio to close');
		await api().studio.openSession(legacyId);
		await waitForPosted(api(), (message) => message.type === 'init', 'the conversation shown again');
		assert.deepStrictEqual(
			files.map((file) => fs.statSync(path.join(folder, thumbnailFile(file))).mtimeMs),
			times,
		);
	});
});
