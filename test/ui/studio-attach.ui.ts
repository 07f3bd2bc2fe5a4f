// UI: attaching images to a studio turn by drag and drop from the Explorer and by the file picker (VS Code's simple
// file dialog in code-server); per image "Use as attachment" and "Copy". Each attachment shows a chip with a decoded
// thumbnail, and the next turn's request carries exactly the file's bytes. Strict-signature mode throughout.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { renderFakeImage } from '../fake-gemini/server';
import type { UiContext } from './uiContext';
import { describeQuickInput, explorerRow, isQuickInputVisible, pollFrame, sleep, waitForQuickInput, waitForWorkbench, waitUntil } from './workbench';
import {
	FINAL_IMAGES,
	clickImageAction,
	generateRequests,
	inlineImages,
	lastUserContent,
	latestImageId,
	openStudio,
	sendPrompt,
	storedImageBytes,
	waitForImageStatus,
	waitForImagesDecoded,
} from './studioDriver';

const CHIP_THUMBS = 'ul.studio-attachments li.studio-chip img.studio-chip-thumb';

export async function run({ page, fake, workspaceDir, screenshot }: UiContext): Promise<void> {
	fake.reset();
	fake.options.strictSignatures = true;
	const dropped = renderFakeImage('image/png', 96, 64, 7);
	const picked = renderFakeImage('image/png', 64, 96, 8);
	fs.mkdirSync(path.join(workspaceDir, 'assets'), { recursive: true });
	const droppedFile = path.join(workspaceDir, 'assets', 'drop-me.png');
	const pickedFile = path.join(workspaceDir, 'assets', 'pick-me.png');
	fs.writeFileSync(droppedFile, dropped);
	fs.writeFileSync(pickedFile, picked);
	await waitForWorkbench(page);
	// Clipboard access for Copy (code-server on http://127.0.0.1 is a secure context; headless Chromium still asks).
	await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
	const frame = await openStudio(page);

	// --- drag and drop from the Explorer onto the composer ---------------------------------------------------------
	await dropFromExplorer(page, frame, 'assets', 'drop-me.png', droppedFile);
	await expectChip(frame, 'drop-me.png');
	await screenshot('studio-attach-1-dropped');
	await sendPrompt(page, frame, 'blend the dropped image in', fake);
	let request = generateRequests(fake).at(-1)!;
	assert.deepStrictEqual(inlineImages(lastUserContent(request)), [dropped.toString('base64')], 'the dropped file went with the turn, byte for byte');
	assert.strictEqual(await frame.locator(CHIP_THUMBS).count(), 0, 'the chip is gone once sent');

	// --- the picker: "Attach…" opens VS Code's (simple) file dialog ------------------------------------------------
	await frame.locator('button.studio-attach').click();
	const input = await waitForQuickInput(page, 15_000);
	await sleep(300);
	await input.fill(pickedFile);
	await sleep(300);
	await screenshot('studio-attach-2-picker');
	await page.keyboard.press('Enter');
	// The simple dialog may take a first Enter to accept the completion; press again while it stays open.
	await waitUntil(
		async () => {
			if ((await frame.locator(CHIP_THUMBS).count()) > 0) {
				return true;
			}
			if (await isQuickInputVisible(page)) {
				await page.keyboard.press('Enter');
				await sleep(500);
			}
			return false;
		},
		15_000,
		async () =>
			`no chip after picking ${pickedFile}: ${await describeQuickInput(page)}; attach error: ${await frame
				.locator('.studio-attach-error')
				.textContent()
				.catch(() => '')}`,
	);
	await expectChip(frame, 'pick-me.png');
	await screenshot('studio-attach-3-picked');
	await sendPrompt(page, frame, 'now use the picked image', fake);
	request = generateRequests(fake).at(-1)!;
	assert.deepStrictEqual(inlineImages(lastUserContent(request)), [picked.toString('base64')], 'the picked file went with the turn, byte for byte');

	// --- per image: Copy ---------------------------------------------------------------------------------------------
	await waitForImagesDecoded(frame, FINAL_IMAGES, 2);
	const imageId = await latestImageId(frame);
	await clickImageAction(frame, 'studio-copy', imageId);
	const copied = await waitForImageStatus(frame, imageId, /copied|fail|could not|cannot|denied|error/i);
	assert.match(copied, /^Copied/, `Copy succeeded: ${copied}`);
	// What landed on the clipboard: an image.
	const clipboardTypes = await page
		.evaluate<string[]>(`navigator.clipboard.read().then((items) => items.flatMap((item) => item.types))`)
		.catch((error: unknown) => [`(cannot read: ${String(error)})`]);
	assert.ok(
		clipboardTypes.some((type) => type.startsWith('image/')),
		`the clipboard holds an image: ${JSON.stringify(clipboardTypes)}`,
	);
	await screenshot('studio-attach-4-copied');

	// --- per image: Use as attachment ------------------------------------------------------------------------------
	const latestSrc = (await waitForImagesDecoded(frame, FINAL_IMAGES, 2)).at(-1)!.src;
	await clickImageAction(frame, 'studio-use-attachment', imageId);
	await expectChip(frame);
	await screenshot('studio-attach-5-use-as-attachment');
	await sendPrompt(page, frame, 'keep everything else', fake);
	request = generateRequests(fake).at(-1)!;
	const sent = inlineImages(lastUserContent(request));
	assert.strictEqual(sent.length, 1, 'the reused image went with the turn');
	const stored = storedImageBytes(latestSrc);
	assert.ok(stored, `the image's stored file is found from its webview URL: ${latestSrc}`);
	assert.strictEqual(sent[0], stored.toString('base64'), 'the reused image is the stored one, byte for byte');
	assert.ok(generateRequests(fake).length > 0 && generateRequests(fake).every((r) => r.status === 200), 'requests were sent and strict mode rejected none');
	await screenshot('studio-attach-6-sent');
}

/** Waits for exactly one chip with a decoded thumbnail (and the given name). */
async function expectChip(frame: Frame, name?: string): Promise<void> {
	await pollFrame(
		frame,
		`(() => { const img = document.querySelector(${JSON.stringify(CHIP_THUMBS)}); return !!img && img.complete && img.naturalWidth > 0; })()`,
		async () =>
			`a chip with a decoded thumbnail; attach error: ${JSON.stringify(
				await frame
					.locator('.studio-attach-error')
					.textContent()
					.catch(() => ''),
			)}`,
		15_000,
	);
	assert.strictEqual(await frame.locator('ul.studio-attachments li.studio-chip').count(), 1, 'one chip');
	if (name) {
		assert.strictEqual(((await frame.locator('.studio-chip .studio-chip-name').first().textContent()) ?? '').trim(), name);
	}
	assert.match((await frame.locator(CHIP_THUMBS).first().getAttribute('src')) ?? '', /^blob:/, 'the chip thumbnail is a blob: URL');
}

/**
 * Drags `fileName` (inside `folder`) from the Explorer onto the studio's composer with Shift held (VS Code lets a drop
 * into a webview through only with Shift). This is a REAL drag (Playwright's mouse, which Chromium turns into native
 * drag events): it works in code-server, and VS Code itself fills the DataTransfer (text/uri-list =
 * `vscode-remote://<host:port><absolute path>`, plus its own types), so no synthetic DragEvent is needed. A capture
 * listener records what the drop delivered, and we check it names the file: if the chip then fails to appear, the
 * fault is the studio's handling of that URI, not the drag.
 */
async function dropFromExplorer(page: Page, frame: Frame, folder: string, fileName: string, file: string): Promise<void> {
	const folderRow = explorerRow(page, folder);
	await folderRow.waitFor({ timeout: 20_000 });
	const row = explorerRow(page, fileName);
	if (!(await row.isVisible().catch(() => false))) {
		await folderRow.click();
	}
	await row.waitFor({ timeout: 10_000 });
	const from = await row.boundingBox();
	const to = await frame.locator('.studio-composer').boundingBox();
	assert.ok(from && to, 'the explorer row and the composer are on screen');
	await frame.evaluate(`window.addEventListener('drop', (event) => {
		window.__studioTestDrop = { uris: event.dataTransfer ? event.dataTransfer.getData('text/uri-list') : '', shift: event.shiftKey };
	}, { capture: true, once: true })`);
	await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
	await page.mouse.down();
	await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2 + 5, { steps: 4 });
	await page.keyboard.down('Shift');
	await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
	await sleep(300);
	await page.mouse.move(to.x + to.width / 2 + 5, to.y + to.height / 2, { steps: 2 });
	await page.mouse.up();
	await page.keyboard.up('Shift');
	await pollFrame(frame, `!!window.__studioTestDrop`, 'the drop to reach the webview (was Shift held?)', 5_000);
	const delivered = JSON.parse(await frame.evaluate<string>(`JSON.stringify(window.__studioTestDrop)`)) as { uris: string; shift: boolean };
	const uris = delivered.uris.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'));
	assert.strictEqual(uris.length, 1, `one URI dropped: ${JSON.stringify(delivered)}`);
	assert.strictEqual(decodeURIComponent(new URL(uris[0]).pathname), file, `the drop names the file: ${uris[0]}`);
}
