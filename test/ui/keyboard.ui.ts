// UI, keyboard only (issue #13, accessible webviews): the palette opens the studio, the focus lands in the prompt box,
// a typed prompt goes with Enter, the live region says the turn is generating (its spinner stops when reduced motion
// is asked for) and then that it was answered; Shift+Tab reaches the image's Save, Enter saves it and the file is on
// disk; a refused turn is announced in the assertive region. Then the compare view opens from the explorer by
// keyboard, Tab reaches the mode tabs (one tab stop), the arrow keys and the number keys switch modes, and the live
// region names the mode. No mouse event is sent in this module.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { assertAccessible } from './accessibility';
import {
	announced,
	announcerRoles,
	focusMatches,
	focused,
	openCompareByKeyboard,
	pressUntilFocused,
	waitForAnnouncement,
	writeComparePair,
} from './keyboardDriver';
import {
	describeStudio,
	latestImageId,
	OPEN_STUDIO,
	storedImageBytes,
	studioFrame,
	waitForDoneTurns,
	waitForImageStatus,
	waitForImagesDecoded,
	FINAL_IMAGES,
} from './studioDriver';
import type { UiContext } from './uiContext';
import { openCommand, sleep, waitForWorkbench, waitUntil } from './workbench';

export async function run({ page, fake, workspaceDir, screenshot }: UiContext): Promise<void> {
	fake.reset();
	writeComparePair(workspaceDir);
	await waitForWorkbench(page);

	// --- the palette opens the studio; the focus is in the prompt box -------------------------------------------------
	await openCommand(page, OPEN_STUDIO, 'Open Studio');
	await page.keyboard.press('Enter');
	const frame = await studioFrame(page);
	await waitUntil(
		() => focusMatches(frame, 'textarea.studio-prompt'),
		10_000,
		async () => `the prompt box does not have the focus once the studio opened: ${JSON.stringify(await focused(frame))}`,
	);
	assert.deepStrictEqual(
		(await announcerRoles(frame)).sort(),
		['assertive alert assertive', 'polite status polite'],
		'the studio has a polite status region and an assertive alert region',
	);

	// --- type, Enter: "generating" is announced; reduced motion stops the spinner -----------------------------------
	fake.enqueue({ kind: 'delay', delayMs: 4000, reply: { kind: 'image' } });
	await page.keyboard.type('a lighthouse drawn by keyboard', { delay: 5 });
	await page.keyboard.press('Enter');
	await waitForAnnouncement(frame, 'polite', /^Turn 1: generating/, 10_000);
	const spinner = `getComputedStyle(document.querySelector('.studio-turn-pending .studio-pending .codicon-modifier-spin')).animationName`;
	await frame.waitForSelector('.studio-turn-pending .studio-pending .codicon-modifier-spin', { timeout: 5000 });
	const spinning = await frame.evaluate<string>(spinner);
	assert.notStrictEqual(spinning, 'none', 'the spinner turns when no reduced motion is asked for');
	await page.emulateMedia({ reducedMotion: 'reduce' });
	try {
		await waitUntil(
			async () => (await frame.evaluate<string>(spinner).catch(() => '')) === 'none',
			5000,
			async () => `with prefers-reduced-motion: reduce the spinner still has animation-name ${await frame.evaluate<string>(spinner).catch(() => '?')}`,
		);
		await screenshot('keyboard-1-generating-reduced-motion');
	} finally {
		await page.emulateMedia({ reducedMotion: null });
	}

	// --- the answer is announced; Shift+Tab reaches Save, Enter saves ------------------------------------------------
	await waitForDoneTurns(page, frame, 1, fake, 30_000);
	await waitForImagesDecoded(frame, FINAL_IMAGES, 1);
	assert.match(await announced(frame, 'polite'), /^Turn 1 answered with 1 image/, 'the answer is announced');
	assert.ok(await focusMatches(frame, 'textarea.studio-prompt'), `the focus stayed in the prompt box: ${await focused(frame)}`);
	const imageId = await latestImageId(frame);
	const presses = await pressUntilFocused(page, frame, 'Shift+Tab', `button.studio-save[data-image-id="${imageId}"]`, 12);
	assert.ok(presses > 0, 'Save is reached from the prompt box');
	const outline = await frame.evaluate<string>(
		`(() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; })()`,
	);
	assert.match(outline, /^solid [1-9]/, `the focused Save button shows a focus outline: ${outline}`);
	await screenshot('keyboard-2-save-focused');
	await page.keyboard.press('Enter');
	const status = await waitForImageStatus(frame, imageId, /saved as|fail|could not/i);
	await waitUntil(
		() => focusMatches(frame, `button.studio-save[data-image-id="${imageId}"]`),
		5000,
		async () => `the focus is back on Save once it is done: ${JSON.stringify(await focused(frame))}`,
	);
	const savedMatch = /Saved as (.+)$/i.exec(status.trim());
	assert.ok(savedMatch, `Save by keyboard reports the file: ${status}`);
	assert.strictEqual(await announced(frame, 'polite'), status.trim(), 'the result of Save is announced (politely: it worked)');
	const savedFile = path.resolve(workspaceDir, savedMatch[1].trim());
	assert.ok(fs.existsSync(savedFile), `the saved file exists: ${savedFile}`);
	const shown = await frame.evaluate<string>(`document.querySelector(${JSON.stringify(FINAL_IMAGES)}).src`);
	const sessionBytes = storedImageBytes(shown);
	assert.ok(sessionBytes && fs.readFileSync(savedFile).equals(sessionBytes), 'the saved file holds the turn image, byte for byte');

	// --- Tab back to the prompt box; a refused turn is announced as an alert -----------------------------------------
	await pressUntilFocused(page, frame, 'Tab', 'textarea.studio-prompt', 12);
	fake.enqueue({ kind: 'error', status: 400, errorStatus: 'INVALID_ARGUMENT', details: [], message: 'The keyboard test refuses this prompt.' });
	assert.strictEqual(await announced(frame, 'assertive'), '', 'no alert before the failure');
	await page.keyboard.type('now at night', { delay: 5 });
	await page.keyboard.press('Enter');
	const alert = await waitForAnnouncement(frame, 'assertive', /^Turn 2 failed: .+/, 30_000).catch(async (error: Error) => {
		throw new Error(`${error.message}; ${await describeStudio(page, frame, fake)}`);
	});
	assert.match(alert, /refuses this prompt|not accept|invalid/i, `the alert carries the error: ${alert}`);
	await frame.locator('.studio-turn-failed').waitFor({ timeout: 10_000 });
	await screenshot('keyboard-3-error-announced');
	await assertAccessible(frame, 'studio (keyboard run)');

	// --- Escape cancels a running turn with the focus outside the prompt box (on Retry) ----------------------------------
	fake.enqueue({ kind: 'delay', delayMs: 20_000, reply: { kind: 'image' } });
	await page.keyboard.type('a slow one', { delay: 5 });
	await page.keyboard.press('Enter');
	await waitForAnnouncement(frame, 'polite', /^Turn 3: generating/, 10_000);
	await page.keyboard.press('Shift+Tab'); // Into the conversation (Retry and Continue wait while a turn runs).
	await pressUntilFocused(page, frame, 'Shift+Tab', 'button, summary, [tabindex="0"]', 6);
	assert.ok(!(await focusMatches(frame, 'textarea.studio-prompt')), 'the focus is outside the prompt box');
	const cancelStarted = Date.now();
	await page.keyboard.press('Escape');
	await waitUntil(
		async () => (await frame.locator('.studio-turn-pending').count()) === 0,
		10_000,
		async () => `Escape did not cancel the running turn: ${await describeStudio(page, frame, fake)}`,
	);
	assert.ok(Date.now() - cancelStarted < 10_000, 'cancelled long before the slow reply');
	await waitForAnnouncement(frame, 'assertive', /^Turn 3 failed: /, 5000);

	// --- compare: explorer by keyboard, Tab to the mode tabs, arrows and number keys switch ---------------------------
	const compare = await openCompareByKeyboard(page);
	await compare.waitForSelector('.side-by-side img', { timeout: 15_000 });
	const selectedMode = () => compare.evaluate<string | null>(`document.querySelector('[role="tab"][aria-selected="true"]')?.dataset.mode ?? null`);
	const shownPanel = () => compare.evaluate<string | null>(`document.querySelector('.mode-panel:not([hidden])')?.dataset.panel ?? null`);
	assert.strictEqual(await selectedMode(), 'sideBySide');
	// The webview takes the focus when it opens; Tab enters the toolbar at the selected tab (the tabs are one stop).
	await pressUntilFocused(page, compare, 'Tab', '[role="tab"][aria-selected="true"]', 6);
	await screenshot('keyboard-4-compare-tab-focused');
	await page.keyboard.press('ArrowRight');
	await waitUntil(
		async () => (await selectedMode()) === 'swipe',
		5000,
		async () => `ArrowRight selected ${await selectedMode()}`,
	);
	assert.strictEqual(await shownPanel(), 'swipe', 'the swipe panel shows');
	assert.ok(await focusMatches(compare, '[role="tab"][data-mode="swipe"][tabindex="0"]'), `the focus moved with the selection: ${await focused(compare)}`);
	assert.strictEqual(await compare.locator('[role="tab"][tabindex="0"]').count(), 1, 'one tab in the tab order (roving tabindex)');
	await waitForAnnouncement(compare, 'polite', /^Swipe mode$/, 5000);
	await page.keyboard.press('End');
	await waitUntil(
		async () => (await selectedMode()) === 'difference',
		5000,
		async () => `End selected ${await selectedMode()}`,
	);
	await compare.locator('#diff-stats[data-changed]').waitFor({ timeout: 15_000 });
	await waitForAnnouncement(compare, 'polite', /^Difference mode$/, 5000);
	await page.keyboard.press('ArrowLeft');
	await waitUntil(
		async () => (await selectedMode()) === 'onion',
		5000,
		async () => `ArrowLeft selected ${await selectedMode()}`,
	);
	await screenshot('keyboard-5-compare-onion');
	// Tab leaves the tab list at once (the next stop is the zoom group), and the number keys switch from there too.
	await page.keyboard.press('Tab');
	await sleep(150);
	assert.ok(!(await focusMatches(compare, '[role="tab"]')), `Tab leaves the tab list: ${await focused(compare)}`);
	await page.keyboard.press('1');
	await waitUntil(
		async () => (await selectedMode()) === 'sideBySide',
		5000,
		async () => `"1" selected ${await selectedMode()}`,
	);
	assert.strictEqual(await shownPanel(), 'sideBySide');
	await waitForAnnouncement(compare, 'polite', /^Side by Side mode$/, 5000);
	// Back into the tabs with Shift+Tab, and Space or Enter on a tab keeps it selected (no trap, no surprise).
	await pressUntilFocused(page, compare, 'Shift+Tab', '[role="tab"][aria-selected="true"]', 4);
	await page.keyboard.press('Space');
	await page.keyboard.press('Enter');
	await sleep(200);
	assert.strictEqual(await selectedMode(), 'sideBySide', 'Space/Enter on the selected tab keep it');
	await assertAccessible(compare, 'compare view (keyboard run)');
}
