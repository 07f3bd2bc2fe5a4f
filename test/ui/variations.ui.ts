// UI: Command Palette → "Gemini Image Studio: Generate Variations…" → prompt → model / ratio / size (defaults) →
// 4 candidates → the grid (a webview) shows them as they arrive → Keep two → Save Kept → only those two are files.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { assertAccessible } from './accessibility';
import type { UiContext } from './uiContext';
import { startVariations } from './variationsDriver';
import { findFrame, sleep, waitForWorkbench, waitUntil } from './workbench';

const PROMPT = 'a mascot fox sticker';

export async function run({ page, fake, workspaceDir, screenshot }: UiContext): Promise<void> {
	fake.reset();
	await waitForWorkbench(page);
	await startVariations(page, PROMPT, 4);

	const frame = await findFrame(page, '#variations-root .grid', 30_000);
	// Polled with evaluate (a string expression: this file compiles without the DOM library, and the webview's CSP
	// forbids the eval that waitForFunction would need).
	await waitUntil(
		async () =>
			(await frame.evaluate<boolean>(
				`(() => { const images = Array.from(document.querySelectorAll('#variations-root .tile img')); return images.length === 4 && images.every((image) => image.complete && image.naturalWidth > 0); })()`,
			)) === true,
		30_000,
		'four decoded candidates in the grid',
	);
	assert.strictEqual(fake.requests.filter((request) => request.action === 'generateContent').length, 4);
	assert.ok(!fs.existsSync(path.join(workspaceDir, 'assets', 'generated')), 'nothing is written before Save Kept');
	const keep = frame.locator('#variations-root .tile .keep');
	// A click on a loaded machine was once lost (the toggle stayed off): click until the toggle says it is on, never
	// clicking one that already is (a second click would turn it off again).
	for (const index of [0, 2]) {
		for (let attempt = 0; attempt < 3 && (await keep.nth(index).getAttribute('aria-pressed')) !== 'true'; attempt++) {
			await keep.nth(index).click();
			await waitUntil(async () => (await keep.nth(index).getAttribute('aria-pressed')) === 'true', 2_000, `Keep ${index + 1} did not turn on`).catch(
				() => undefined,
			);
		}
	}
	assert.strictEqual(await frame.locator('#save-kept').innerText(), 'Save Kept (2)');
	assert.strictEqual(await keep.nth(0).getAttribute('aria-pressed'), 'true');
	await sleep(300);
	await screenshot('variations-1-grid');
	await assertAccessible(frame, 'variations grid');
	await frame.locator('#save-kept').click();
	const folder = path.join(workspaceDir, 'assets', 'generated');
	const expected = ['a-mascot-fox-sticker-2.jpg', 'a-mascot-fox-sticker.jpg'];
	// Until both files are complete: while one is written its temporary `.image-studio-….partial` is in the folder too.
	await waitUntil(
		async () => fs.existsSync(folder) && JSON.stringify(fs.readdirSync(folder).sort()) === JSON.stringify(expected),
		20_000,
		() => Promise.resolve(`two files were not written: ${fs.existsSync(folder) ? fs.readdirSync(folder).join(', ') : 'no folder'}`),
	);
	assert.deepStrictEqual(fs.readdirSync(folder).sort(), expected);
}
