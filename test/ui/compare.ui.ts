// UI: two images selected in the explorer → right-click → "Compare Images" → the compare view, then each mode:
// side by side (zoom kept in sync), swipe (divider dragged), onion skin (opacity) and difference (the count of
// changed pixels equals what Node computes from the same files).
import { assertAccessible } from './accessibility';
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { renderFakeImage } from '../fake-gemini/server';
import type { UiContext } from './uiContext';
import { findFrame, notificationTexts, openCommand, sleep, waitForWorkbench, waitUntil } from './workbench';

const WIDTH = 480;
const HEIGHT = 320;
/** The webview's default threshold (media/compare/differenceMode.ts DEFAULT_THRESHOLD). */
const DEFAULT_THRESHOLD = 16;

/** before.png and after.png: the same picture, except a repainted rectangle and a faint tint below the threshold. */
function writeImages(workspaceDir: string): { before: PNG; after: PNG } {
	const beforeBytes = renderFakeImage('image/png', WIDTH, HEIGHT, 7);
	const before = PNG.sync.read(beforeBytes);
	const after = PNG.sync.read(beforeBytes);
	for (let y = 0; y < HEIGHT; y++) {
		for (let x = 0; x < WIDTH; x++) {
			const i = (y * WIDTH + x) * 4;
			if (x >= 300 && x < 420 && y >= 60 && y < 140) {
				// A clearly changed block.
				after.data[i] = 20;
				after.data[i + 1] = 190;
				after.data[i + 2] = 90;
			} else if (x >= 40 && x < 140 && y >= 200 && y < 280) {
				// A faint tint: changed, but only by 8, under the default threshold.
				after.data[i] = Math.min(255, after.data[i] + 8);
			}
		}
	}
	fs.writeFileSync(path.join(workspaceDir, 'before.png'), beforeBytes);
	fs.writeFileSync(path.join(workspaceDir, 'after.png'), PNG.sync.write(after, { colorType: 2 }));
	return { before, after };
}

/** The difference mode's rule, computed independently: max channel difference above the threshold. */
function expectedChanged(before: PNG, after: PNG, threshold: number): number {
	let changed = 0;
	for (let i = 0; i < before.data.length; i += 4) {
		const m = Math.max(
			Math.abs(before.data[i] - after.data[i]),
			Math.abs(before.data[i + 1] - after.data[i + 1]),
			Math.abs(before.data[i + 2] - after.data[i + 2]),
			Math.abs(before.data[i + 3] - after.data[i + 3]),
		);
		if (m > threshold) {
			changed++;
		}
	}
	return changed;
}

export async function run({ page, workspaceDir, screenshot }: UiContext): Promise<void> {
	const { before, after } = writeImages(workspaceDir);
	await waitForWorkbench(page);

	// --- explorer: select both, right-click, "Compare Images" ---------------------------------------------------
	const row = (name: string) =>
		page
			.locator('.explorer-folders-view .monaco-list-row')
			.filter({ hasText: new RegExp(`^\\s*${name.replace('.', '\\.')}\\s*$`) })
			.first();
	await waitUntil(
		async () => (await row('after.png').count()) > 0 && (await row('before.png').count()) > 0,
		30_000,
		async () => {
			return `the explorer does not list before.png and after.png: ${JSON.stringify(await page.locator('.explorer-folders-view .monaco-list-row').allInnerTexts())}`;
		},
	);
	// The palette lists the command once the extension's contributions are loaded; only then does the menu have it.
	await openCommand(page, 'Gemini Image Studio: Compare Images', 'Compare Images');
	await page.keyboard.press('Escape');
	const menuItem = page
		.locator('.context-view .monaco-menu .action-item')
		.filter({ hasText: /^\s*Compare Images\s*$/ })
		.first();
	const selected = page.locator('.explorer-folders-view .monaco-list-row[aria-selected="true"]');
	for (let attempt = 1; ; attempt++) {
		// Select before.png first, then after.png: the explorer passes the selection in that order.
		await clickRow(page, row('before.png'));
		// A click opens the file, and the explorer then reveals (selects) the active file: let that settle
		// before extending the selection, or it collapses the selection again.
		await page
			.locator('.tabs-container .tab.active')
			.filter({ hasText: /^\s*before\.png\s*$/ })
			.waitFor({ timeout: 5000 })
			.catch(() => undefined);
		await sleep(500);
		await clickRow(page, row('after.png'), { modifiers: ['Control'] });
		// On a loaded machine the explorer's reveal of the opened file can still land after the Ctrl+click and
		// collapse the selection to before.png: that is a retry, not a failure, unless it keeps happening.
		const bothSelected = await waitUntil(
			async () => (await selected.count()) === 2,
			5000,
			async () => `two rows selected, saw ${JSON.stringify(await selected.allInnerTexts())}`,
		)
			.then(() => undefined)
			.catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
		let problem = bothSelected;
		if (!problem) {
			await clickRow(page, row('after.png'), { button: 'right' });
			const shown = await menuItem
				.waitFor({ timeout: 5000 })
				.then(() => true)
				.catch(() => false);
			if (shown) {
				break;
			}
			problem = `the context menu had ${JSON.stringify(await page.locator('.context-view .monaco-menu .action-item').allInnerTexts())}`;
			await page.keyboard.press('Escape'); // Closes the menu.
		}
		if (attempt >= 4) {
			throw new Error(`no "Compare Images" for two selected files in the explorer context menu: ${problem}`);
		}
		console.log(`      attempt ${attempt}: ${problem}; trying again`);
		await sleep(1000 * attempt);
	}
	await screenshot('compare-0-explorer-menu');
	await menuItem.click();

	// --- the webview (a nested iframe) ---------------------------------------------------------------------------
	const frame = await findFrame(page, '#compare-toolbar', 30_000);
	await frame.waitForSelector('.side-by-side img', { timeout: 15_000 });
	const tabTitle = (await page.locator('.tabs-container .tab.active').first().getAttribute('aria-label')) ?? '';
	assert.match(tabTitle, /before\.png ↔ after\.png/, `active tab ${JSON.stringify(tabTitle)}`);
	assert.strictEqual(await frame.locator('[role="tab"][aria-selected="true"]').getAttribute('data-mode'), 'sideBySide');
	assert.strictEqual(await frame.locator('#size-note').count(), 0, 'equal sizes: no size note');

	// Side by side: both decoded, before left, after right, one transform for both; zoom keeps them in sync.
	const panes = await frame.evaluate<Array<{ side: string; label: string; width: number; height: number; complete: boolean; transform: string }>>(`
		Array.from(document.querySelectorAll('.side-by-side .pane')).map((pane) => {
			const img = pane.querySelector('img');
			return { side: pane.dataset.side, label: pane.querySelector('.pane-label').textContent, width: img.naturalWidth, height: img.naturalHeight, complete: img.complete, transform: img.style.transform };
		})`);
	assert.deepStrictEqual(
		panes.map((pane) => [pane.side, pane.label, pane.width, pane.height, pane.complete]),
		[
			['before', 'before.png', WIDTH, HEIGHT, true],
			['after', 'after.png', WIDTH, HEIGHT, true],
		],
		'the first selected file is before',
	);
	assert.strictEqual(panes[0].transform, panes[1].transform, 'both panes share one transform');
	const fitted = await zoomScale(frame);
	await frame.locator('button[aria-label="Zoom in"]').click();
	await frame.locator('button[aria-label="Zoom in"]').click();
	const zoomed = await zoomScale(frame);
	assert.ok(zoomed > fitted, `zoom in: ${fitted} → ${zoomed}`);
	const viewport = frame.locator('.side-by-side .pane[data-side="before"] .viewport');
	const box = await viewport.boundingBox();
	assert.ok(box, 'the before pane is on screen');
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await page.mouse.down();
	await page.mouse.move(box.x + box.width / 2 - 60, box.y + box.height / 2 - 30, { steps: 5 });
	await page.mouse.up();
	const transforms = await frame.evaluate<string[]>(`Array.from(document.querySelectorAll('.side-by-side img')).map((img) => img.style.transform)`);
	assert.strictEqual(transforms[0], transforms[1], `panning one pane pans both: ${JSON.stringify(transforms)}`);
	assert.notStrictEqual(transforms[0], panes[0].transform, 'the view moved');
	await screenshot('compare-1-side-by-side');
	await page.keyboard.press('0');
	await waitUntil(
		async () => (await zoomScale(frame)) === fitted,
		5000,
		async () => `"0" did not fit: scale ${await zoomScale(frame)}, fitted ${fitted}`,
	);

	// Swipe: the keyboard shortcut switches; the divider starts in the middle and follows a drag.
	await page.keyboard.press('2');
	await frame.locator('[data-panel="swipe"]:not([hidden])').waitFor({ timeout: 5000 });
	assert.strictEqual(await frame.locator('[role="tab"][aria-selected="true"]').getAttribute('data-mode'), 'swipe');
	const divider = frame.locator('.swipe-divider');
	assert.strictEqual(await divider.getAttribute('aria-valuenow'), '50');
	const dividerBox = await divider.boundingBox();
	const swipeBox = await frame.locator('[data-panel="swipe"] .viewport').boundingBox();
	assert.ok(dividerBox && swipeBox);
	await page.mouse.move(dividerBox.x + dividerBox.width / 2, dividerBox.y + dividerBox.height / 2);
	await page.mouse.down();
	await page.mouse.move(swipeBox.x + swipeBox.width * 0.3, dividerBox.y + dividerBox.height / 2, { steps: 8 });
	await page.mouse.up();
	const swipeValue = Number(await divider.getAttribute('aria-valuenow'));
	assert.ok(Math.abs(swipeValue - 30) <= 2, `the divider follows the drag: ${swipeValue}`);
	const clip = await frame.evaluate<string>(`document.querySelector('.swipe-layer').style.clipPath`);
	assert.match(clip, /^inset\(0(px)? 0(px)? 0(px)? (29|30|31)(\.\d+)?%\)$/, `after is clipped at the divider: ${clip}`);
	await screenshot('compare-2-swipe');

	// Onion skin: the after image takes the slider's opacity.
	await frame.locator('[data-mode="onion"]').click();
	await frame.locator('#onion-opacity').fill('30');
	const opacity = await frame.evaluate<string>(`getComputedStyle(document.querySelector('.onion-after')).opacity`);
	assert.strictEqual(Number(opacity), 0.3, `after opacity ${opacity}`);
	assert.strictEqual(await frame.locator('[data-panel="onion"] img').count(), 2);
	await screenshot('compare-3-onion');

	// Difference: the count equals an independent computation, and the threshold matters.
	await frame.locator('[data-mode="difference"]').click();
	const stats = frame.locator('#diff-stats[data-changed]');
	await stats.waitFor({ timeout: 15_000 });
	const total = Number(await stats.getAttribute('data-total'));
	const changed = Number(await stats.getAttribute('data-changed'));
	const expected = expectedChanged(before, after, DEFAULT_THRESHOLD);
	assert.strictEqual(total, WIDTH * HEIGHT);
	assert.ok(changed > 0 && changed < total, `changed ${changed} of ${total}`);
	assert.strictEqual(changed, expected, `changed pixels at threshold ${DEFAULT_THRESHOLD}: the view says ${changed}, Node computes ${expected}`);
	assert.match(
		(await stats.innerText()).trim(),
		new RegExp(`^${changed.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} pixels changed \\(\\d+\\.\\d+ %\\)$`),
	);
	// The mask really paints changed pixels magenta: sample the middle of the repainted block.
	const sample = await frame.evaluate<number[]>(
		`Array.from(document.querySelector('[data-panel="difference"] canvas').getContext('2d').getImageData(360, 100, 1, 1).data)`,
	);
	assert.deepStrictEqual(sample, [255, 0, 255, 255], 'a changed pixel is painted magenta');
	await screenshot('compare-4-difference');
	await assertAccessible(frame, 'compare view (difference)');

	await frame.locator('#diff-threshold').fill('0');
	const expectedAtZero = expectedChanged(before, after, 0);
	await waitUntil(
		async () => Number(await stats.getAttribute('data-changed')) === expectedAtZero,
		5000,
		async () => `threshold 0: the view says ${await stats.getAttribute('data-changed')}, Node computes ${expectedAtZero}`,
	);
	assert.ok(expectedAtZero > expected, 'the faint tint counts only at a low threshold');
	await screenshot('compare-5-difference-threshold-0');

	// The view follows the theme: switch to dark and look at swipe there.
	const toggled = await openCommand(page, 'Preferences: Toggle between Light/Dark Themes', 'Toggle between Light/Dark Themes', 15_000)
		.then(() => true)
		.catch(() => false);
	if (toggled) {
		await page.keyboard.press('Enter');
		await waitUntil(
			async () => frame.evaluate<boolean>(`document.body.classList.contains('vscode-dark')`),
			10_000,
			async () => `the webview did not switch to the dark theme: body class ${await frame.evaluate<string>('document.body.className')}`,
		);
		await frame.locator('[data-mode="swipe"]').click();
		await sleep(300);
		await screenshot('compare-6-swipe-dark');
		await assertAccessible(frame, 'compare view (swipe, dark theme)');
		// The theme is a user setting shared with the UI modules that run next: put it back.
		await openCommand(page, 'Preferences: Toggle between Light/Dark Themes', 'Toggle between Light/Dark Themes', 15_000);
		await page.keyboard.press('Enter');
		await waitUntil(
			async () => frame.evaluate<boolean>(`!document.body.classList.contains('vscode-dark')`),
			10_000,
			async () => 'the theme did not switch back',
		);
	} else {
		throw new Error('no "Toggle between Light/Dark Themes" command: the dark theme could not be checked');
	}

	const notifications = await notificationTexts(page);
	assert.ok(
		!notifications.some((text) => /compare/i.test(text) && /fail|cannot|error/i.test(text)),
		`no error notification: ${JSON.stringify(notifications)}`,
	);
}

/** Clicks an explorer row after moving the mouse away, so the path hover of the last row cannot cover it. */
async function clickRow(page: Page, target: Locator, options: Parameters<Locator['click']>[0] = {}): Promise<void> {
	await page.mouse.move(1, 1);
	await page
		.locator('.monaco-hover, .context-view .hover-contents')
		.filter({ visible: true })
		.first()
		.waitFor({ state: 'hidden', timeout: 3000 })
		.catch(() => undefined);
	await target.click(options);
}

async function zoomScale(frame: Frame): Promise<number> {
	return Number(await frame.locator('#zoom-level').getAttribute('data-scale'));
}
