// UI: Command Palette → "Gemini Image Studio: Make Background Transparent…" → the image picker → logo.png → two
// renders (white, black) → `logo-transparent.png` with real alpha → the compare view, original ↔ result, with the
// result over the checkerboard.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { PNG } from 'pngjs';
import { renderFakeImage } from '../fake-gemini/server';
import { assertAccessible } from './accessibility';
import type { UiContext } from './uiContext';
import { describeQuickInput, findFrame, notificationTexts, openCommand, quickInputBox, quickInputRows, sleep, waitForWorkbench, waitUntil } from './workbench';

export async function run({ page, fake, workspaceDir, screenshot }: UiContext): Promise<void> {
	fake.reset();
	fs.mkdirSync(path.join(workspaceDir, 'images'), { recursive: true });
	const original = renderFakeImage('image/png', 480, 480, 77);
	fs.writeFileSync(path.join(workspaceDir, 'images', 'logo.png'), original);
	await waitForWorkbench(page);

	await openCommand(page, 'Gemini Image Studio: Make Background Transparent…', 'Make Background Transparent');
	await page.keyboard.press('Enter');
	const input = page.locator(quickInputBox).filter({ visible: true }).first();
	const rows = page.locator(quickInputRows).filter({ visible: true });
	await waitUntil(
		async () => (await rows.filter({ hasText: 'logo.png' }).count()) > 0,
		20_000,
		async () => `no image picker listing logo.png: ${await describeQuickInput(page)}`,
	);
	await input.fill('logo');
	await sleep(300);
	await page.keyboard.press('Enter');

	const result = path.join(workspaceDir, 'images', 'logo-transparent.png');
	await waitUntil(
		async () => fs.existsSync(result),
		40_000,
		async () => `no logo-transparent.png; notifications: ${JSON.stringify(await notificationTexts(page))}`,
	);
	const edits = fake.requests.filter((request) => request.action === 'generateContent');
	assert.strictEqual(edits.length, 2, 'one render on white, one on black');
	const png = PNG.sync.read(fs.readFileSync(result));
	let transparent = 0;
	let opaque = 0;
	for (let index = 3; index < png.data.length; index += 4) {
		transparent += png.data[index] === 0 ? 1 : 0;
		opaque += png.data[index] === 255 ? 1 : 0;
	}
	assert.ok(transparent > 0 && opaque > 0, `real alpha: ${transparent} transparent, ${opaque} opaque pixels`);
	assert.ok(fs.readFileSync(path.join(workspaceDir, 'images', 'logo.png')).equals(original), 'the original is untouched');

	// The compare view opens on its own: the result's transparent pixels show the checkerboard behind it.
	const frame = await findFrame(page, '#compare-toolbar', 30_000);
	await frame.waitForSelector('.side-by-side img', { timeout: 15_000 });
	const background = await frame.evaluate<string>(
		`getComputedStyle(document.querySelector('.side-by-side .pane[data-side="after"] img') ?? document.body).backgroundImage`,
	);
	assert.match(background, /linear-gradient/, `the result is drawn over a checkerboard: ${background}`);
	await sleep(800);
	await screenshot('transparency-1-checkerboard');
	await assertAccessible(frame, 'compare view');
}
