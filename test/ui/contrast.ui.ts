// UI (issue #13, accessible webviews): the studio and the compare view in VS Code's "Default High Contrast" theme (set
// in this module's workspace settings, so later modules keep their theme): the webviews get the high-contrast body
// class, icon buttons get the theme's contrast border, the keyboard focus the active contrast border, and the axe scan
// finds no serious or critical violations. Then "Default High Contrast Light" for the compare view, and the system's
// forced colours (emulated): borders stay.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { assertAccessible } from './accessibility';
import { focused, openCompareByKeyboard, pressUntilFocused, writeComparePair } from './keyboardDriver';
import { latestImageId, openStudio, sendPrompt } from './studioDriver';
import type { UiContext } from './uiContext';
import { setTheme, waitForBodyClass, waitForHighContrastWorkbench } from './theme';
import { sleep, waitForWorkbench } from './workbench';

/** A theme colour variable as the computed rgb() string the page would paint it with. */
function themeColour(frame: Frame, variable: string): Promise<string> {
	return frame.evaluate<string>(
		`(() => { const probe = document.createElement('span'); probe.style.color = 'var(${variable})'; document.body.append(probe); const colour = getComputedStyle(probe).color; probe.remove(); return colour; })()`,
	);
}

/** The focused element's outline and a selector's border, as computed. */
function computed(frame: Frame, selector: string): Promise<{ border: string; focusOutline: string }> {
	return frame.evaluate<{ border: string; focusOutline: string }>(`(() => {
		const element = document.querySelector(${JSON.stringify(selector)});
		const border = element ? getComputedStyle(element) : undefined;
		const active = getComputedStyle(document.activeElement);
		return {
			border: border ? border.borderTopStyle + ' ' + border.borderTopWidth + ' ' + border.borderTopColor : '(none)',
			focusOutline: active.outlineStyle + ' ' + active.outlineWidth + ' ' + active.outlineColor,
		};
	})()`);
}

export async function run({ page, fake, workspaceDir, screenshot }: UiContext): Promise<void> {
	fake.reset();
	writeComparePair(workspaceDir);
	await waitForWorkbench(page);
	setTheme(workspaceDir, 'Default High Contrast');
	await waitForHighContrastWorkbench(page);

	// --- the studio in high contrast -------------------------------------------------------------------------------
	const studio = await openStudio(page);
	await waitForBodyClass(studio, 'vscode-high-contrast');
	await sendPrompt(page, studio, 'a lighthouse in high contrast', fake);
	const contrastBorder = await themeColour(studio, '--vscode-contrastBorder');
	const activeBorder = await themeColour(studio, '--vscode-contrastActiveBorder');
	assert.notStrictEqual(contrastBorder, activeBorder, 'the theme has two contrast colours to tell apart');
	const imageId = await latestImageId(studio);
	await studio.locator('textarea.studio-prompt').focus();
	await pressUntilFocused(page, studio, 'Shift+Tab', `button.studio-save[data-image-id="${imageId}"]`, 12);
	const studioStyles = await computed(studio, '.studio-header button.studio-icon-button');
	assert.strictEqual(studioStyles.border, `solid 1px ${contrastBorder}`, 'an icon button has the contrast border');
	assert.strictEqual(studioStyles.focusOutline, `solid 2px ${activeBorder}`, `the focused Save has the active contrast border (${await focused(studio)})`);
	await screenshot('contrast-1-studio');
	await assertAccessible(studio, 'studio (high contrast)');
	await assertForcedColours(page, studio, '.studio-header button.studio-icon-button', 'studio');

	// --- the compare view in high contrast, dark and light ------------------------------------------------------------
	const compare = await openCompareByKeyboard(page);
	await compare.waitForSelector('.side-by-side img', { timeout: 15_000 });
	await waitForBodyClass(compare, 'vscode-high-contrast');
	await pressUntilFocused(page, compare, 'Tab', '[role="tab"][aria-selected="true"]', 6);
	const compareStyles = await computed(compare, 'button[aria-label="Zoom in"]');
	assert.strictEqual(compareStyles.border, `solid 1px ${await themeColour(compare, '--vscode-contrastBorder')}`, 'a zoom button has the contrast border');
	assert.strictEqual(
		compareStyles.focusOutline,
		`solid 2px ${await themeColour(compare, '--vscode-contrastActiveBorder')}`,
		'the focused tab has the active contrast border',
	);
	await screenshot('contrast-2-compare');
	await assertAccessible(compare, 'compare view (high contrast)');
	await page.keyboard.press('ArrowRight');
	await compare.locator('[data-panel="swipe"]:not([hidden])').waitFor({ timeout: 5000 });
	await assertAccessible(compare, 'compare view (swipe, high contrast)');
	await page.keyboard.press('End');
	await compare.locator('#diff-stats[data-changed]').waitFor({ timeout: 15_000 });
	await screenshot('contrast-3-compare-difference');
	await assertAccessible(compare, 'compare view (difference, high contrast)');

	setTheme(workspaceDir, 'Default High Contrast Light');
	await waitForBodyClass(compare, 'vscode-high-contrast-light');
	await sleep(300);
	const lightStyles = await computed(compare, 'button[aria-label="Zoom in"]');
	assert.strictEqual(lightStyles.border, `solid 1px ${await themeColour(compare, '--vscode-contrastBorder')}`, 'high contrast light: the contrast border');
	await screenshot('contrast-4-compare-light');
	await assertAccessible(compare, 'compare view (difference, high contrast light)');
	await assertForcedColours(page, compare, 'button[aria-label="Zoom in"]', 'compare view');
	fs.rmSync(path.join(workspaceDir, '.vscode'), { recursive: true, force: true });
}

/** With the system's forced colours emulated, `selector` keeps a solid border and the focus an outline. */
async function assertForcedColours(page: Page, frame: Frame, selector: string, view: string): Promise<void> {
	await page.emulateMedia({ forcedColors: 'active' });
	try {
		const matches = await frame.evaluate<boolean>(`matchMedia('(forced-colors: active)').matches`);
		assert.ok(matches, `${view}: forced colours are emulated inside the webview`);
		const styles = await computed(frame, selector);
		assert.match(styles.border, /^solid 1px /, `${view}: ${selector} keeps a border in forced colours: ${styles.border}`);
		assert.match(styles.focusOutline, /^solid 2px /, `${view}: the focus keeps an outline in forced colours: ${styles.focusOutline}`);
	} finally {
		await page.emulateMedia({ forcedColors: null });
	}
}
