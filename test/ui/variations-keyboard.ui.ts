// UI (issue #13, accessible webviews): the variations grid by keyboard and screen reader. Three candidates, one of
// which Gemini refuses: the refusal is announced in the assertive live region, the progress and the kept count in
// the polite status; Tab reaches a Keep toggle, Space presses it (aria-pressed), Tab reaches Save Kept, Enter writes
// exactly that candidate (and the view closes). In VS Code's "Default High Contrast" theme, where the axe scan runs
// (variations.ui.ts scans the grid in the default theme).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { assertAccessible } from './accessibility';
import { announced, focusMatches, focused, pressUntilFocused, waitForAnnouncement } from './keyboardDriver';
import { setTheme, waitForBodyClass, waitForHighContrastWorkbench } from './theme';
import type { UiContext } from './uiContext';
import { startVariations } from './variationsDriver';
import { findFrame, waitForWorkbench, waitUntil } from './workbench';

export async function run({ page, fake, workspaceDir, screenshot }: UiContext): Promise<void> {
	fake.reset();
	// The three requests run in parallel: whichever comes second is refused.
	fake.enqueue(
		{ kind: 'image' },
		{ kind: 'error', status: 400, errorStatus: 'INVALID_ARGUMENT', details: [], message: 'Refused for the keyboard test.' },
		{ kind: 'image' },
	);
	await waitForWorkbench(page);
	setTheme(workspaceDir, 'Default High Contrast');
	await waitForHighContrastWorkbench(page);
	await startVariations(page, 'a fox badge', 3);

	const frame = await findFrame(page, '#variations-root .grid', 30_000);
	await waitForBodyClass(frame, 'vscode-high-contrast');
	const alert = await waitForAnnouncement(frame, 'assertive', /^Candidate \d failed: .+/, 30_000);
	assert.match(alert, /Refused for the keyboard test|rejected|invalid/i, `the alert carries the error: ${alert}`);
	await waitUntil(async () => (await frame.locator('#variations-root .tile img').count()) === 2, 30_000, 'two candidates in the grid');
	const status = frame.locator('#variations-root .status[role="status"]');
	await waitUntil(
		async () => /^0 of 3 kept/.test(await status.innerText()),
		10_000,
		async () => `the status says ${await status.innerText()}`,
	);

	// Tab to the first Keep toggle, Space presses it; the status (a polite live region) counts it.
	await page.keyboard.press('Tab');
	await pressUntilFocused(page, frame, 'Tab', '#variations-root .tile .keep', 8).catch(async (error: Error) => {
		throw new Error(`${error.message}; focus at ${await focused(frame)}`);
	});
	const keptIndex = await frame.evaluate<string>(`document.activeElement.closest('.tile').dataset.index`);
	await page.keyboard.press('Space');
	await waitUntil(
		async () => /^1 of 3 kept/.test(await status.innerText()),
		5000,
		async () => `after Space the status says ${await status.innerText()}`,
	);
	assert.ok(await focusMatches(frame, '.keep[aria-pressed="true"]'), `the focused toggle is pressed: ${await focused(frame)}`);
	await screenshot('variations-keyboard-1-kept');
	await assertAccessible(frame, 'variations grid (one failed, high contrast)');
	assert.strictEqual(await announced(frame, 'assertive'), alert, 'the alert stays until the next one');

	// Shift+Tab back to Save Kept (in the toolbar above the grid), Enter saves the one kept candidate.
	await pressUntilFocused(page, frame, 'Shift+Tab', '#save-kept', 8);
	await page.keyboard.press('Enter');
	const folder = path.join(workspaceDir, 'assets', 'generated');
	// One finished file (a temporary `.image-studio-….partial` is in the folder while it is written).
	await waitUntil(
		async () => fs.existsSync(folder) && fs.readdirSync(folder).length === 1 && !fs.readdirSync(folder)[0].startsWith('.'),
		20_000,
		() => Promise.resolve(`one file was not written: ${fs.existsSync(folder) ? fs.readdirSync(folder).join(', ') : 'no folder'}`),
	);
	// The view closes once the kept candidates are written.
	assert.ok(Number(keptIndex) >= 0, 'a candidate was kept by keyboard');
}
