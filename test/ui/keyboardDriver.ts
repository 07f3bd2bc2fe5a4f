// Shared steps of the accessibility UI modules (test/ui/keyboard.ui.ts, test/ui/contrast.ui.ts): where the keyboard
// focus is, Tab until it reaches something, the webviews' live regions, and the compare view opened from the explorer
// by keyboard alone. Not a UI module itself (the runner loads only *.ui.js). Everything run inside a webview is a
// string expression: its CSP forbids eval-based helpers.
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { renderFakeImage } from '../fake-gemini/server';
import { findFrame, openCommand, sleep, waitUntil } from './workbench';

/** What has the keyboard focus inside a webview: tag, classes, role and accessible name ('' when none of ours). */
export function focused(frame: Frame): Promise<string> {
	return frame
		.evaluate<string>(
			`(() => { const e = document.activeElement; if (!e || e === document.body || !document.hasFocus()) { return ''; } return [e.tagName.toLowerCase(), e.className, e.getAttribute('role') || '', e.getAttribute('aria-label') || e.textContent.trim().slice(0, 40)].join('|'); })()`,
		)
		.catch(() => '');
}

/** Whether the webview document has the focus and its active element matches `selector`. */
export function focusMatches(frame: Frame, selector: string): Promise<boolean> {
	return frame
		.evaluate<boolean>(`document.hasFocus() && !!document.activeElement && document.activeElement.matches(${JSON.stringify(selector)})`)
		.catch(() => false);
}

/**
 * Presses `key` (Tab, Shift+Tab, ArrowDown, …) until the focus matches `selector`; fails after `max` presses with the
 * path the focus took. Returns how many presses it took.
 */
export async function pressUntilFocused(page: Page, frame: Frame, key: string, selector: string, max = 25): Promise<number> {
	const visited: string[] = [];
	for (let presses = 0; presses <= max; presses++) {
		if (await focusMatches(frame, selector)) {
			return presses;
		}
		if (presses === max) {
			break;
		}
		await page.keyboard.press(key);
		await sleep(120);
		visited.push(await focused(frame));
	}
	throw new Error(`${max}× ${key} never reached ${selector}; the focus went ${JSON.stringify(visited)}`);
}

/** The text of a webview's polite (`status`) or assertive (`alert`) announcer region. */
export function announced(frame: Frame, kind: 'polite' | 'assertive'): Promise<string> {
	return frame.evaluate<string>(`(document.querySelector('[data-announcer="${kind}"]') || { textContent: '(no ${kind} announcer)' }).textContent`);
}

/** Waits until the announcer region's text matches `pattern`; returns it. */
export async function waitForAnnouncement(frame: Frame, kind: 'polite' | 'assertive', pattern: RegExp, timeoutMs = 30_000): Promise<string> {
	let text = '';
	await waitUntil(
		async () => pattern.test((text = await announced(frame, kind).catch(() => ''))),
		timeoutMs,
		() => Promise.resolve(`the ${kind} live region never said ${String(pattern)}; it says ${JSON.stringify(text)}`),
	);
	return text;
}

/** The role and the live attributes of the announcer regions, to check they are real live regions. */
export function announcerRoles(frame: Frame): Promise<string[]> {
	return frame.evaluate<string[]>(
		`Array.from(document.querySelectorAll('[data-announcer]')).map((e) => [e.dataset.announcer, e.getAttribute('role'), e.getAttribute('aria-live')].join(' '))`,
	);
}

/** before.png and after.png in the workspace: the same picture, after with a repainted block. */
export function writeComparePair(workspaceDir: string): void {
	const beforeBytes = renderFakeImage('image/png', 320, 200, 11);
	const after = PNG.sync.read(beforeBytes);
	for (let y = 40; y < 120; y++) {
		for (let x = 180; x < 280; x++) {
			const i = (y * 320 + x) * 4;
			after.data[i] = 20;
			after.data[i + 1] = 190;
			after.data[i + 2] = 90;
		}
	}
	fs.writeFileSync(path.join(workspaceDir, 'before.png'), beforeBytes);
	fs.writeFileSync(path.join(workspaceDir, 'after.png'), PNG.sync.write(after, { colorType: 2 }));
}

const EXPLORER_ROWS = '.explorer-folders-view .monaco-list-row';

/** The label of the explorer row that has the list focus ('' when none). */
async function focusedRow(page: Page): Promise<string> {
	const row = page.locator(`${EXPLORER_ROWS}.focused`).first();
	return (await row.count()) > 0 ? (await row.innerText().catch(() => '')).trim() : '';
}

/**
 * Opens the compare view for after.png and before.png with the keyboard only: Ctrl+Shift+E focuses the explorer, the
 * arrow keys walk to after.png, Shift+Down adds before.png, Shift+F10 opens the context menu, the arrow keys reach
 * "Compare Images", Enter runs it. Returns the compare webview's frame.
 */
export async function openCompareByKeyboard(page: Page): Promise<Frame> {
	await waitUntil(
		async () =>
			(await page
				.locator(EXPLORER_ROWS)
				.filter({ hasText: /^\s*before\.png\s*$/ })
				.count()) > 0,
		30_000,
		'the explorer lists before.png',
	);
	// The context menu has the command once the extension's contributions are loaded: the palette tells when.
	await openCommand(page, 'Gemini Image Studio: Compare Images', 'Compare Images');
	await page.keyboard.press('Escape');
	const menuItems = page.locator('.context-view .monaco-menu .action-item');
	for (let attempt = 1; ; attempt++) {
		try {
			// Ctrl+Shift+E toggles: from the explorer it goes back to the editor, so only press it from elsewhere.
			const inExplorer = () => page.evaluate<boolean>(`!!document.activeElement && !!document.activeElement.closest('.explorer-folders-view')`);
			if (!(await inExplorer())) {
				await page.keyboard.press('Control+Shift+E');
			}
			await waitUntil(inExplorer, 5000, 'Ctrl+Shift+E did not focus the explorer');
			await page.keyboard.press('Home');
			for (let step = 0; step < 30 && (await focusedRow(page)) !== 'after.png'; step++) {
				await page.keyboard.press('ArrowDown');
				await sleep(80);
			}
			if ((await focusedRow(page)) !== 'after.png') {
				throw new Error(`the arrow keys never reached after.png (at ${JSON.stringify(await focusedRow(page))})`);
			}
			await page.keyboard.press('Space'); // Selects the focused row.
			await sleep(300);
			await page.keyboard.press('Shift+ArrowDown');
			await waitUntil(
				async () => (await page.locator(`${EXPLORER_ROWS}[aria-selected="true"]`).count()) === 2,
				5000,
				async () =>
					`Shift+Down did not select two rows: ${JSON.stringify(await page.locator(`${EXPLORER_ROWS}[aria-selected="true"]`).allInnerTexts())}`,
			);
			await page.keyboard.press('Shift+F10');
			await menuItems.first().waitFor({ timeout: 5000 });
			let label = '';
			for (let step = 0; step < 40 && !/^\s*Compare Images\s*$/.test(label); step++) {
				await page.keyboard.press('ArrowDown');
				await sleep(60);
				label = await page
					.locator('.context-view .monaco-menu .action-item.focused')
					.first()
					.innerText()
					.catch(() => '');
			}
			if (!/^\s*Compare Images\s*$/.test(label)) {
				throw new Error(`the menu has no focusable "Compare Images": ${JSON.stringify(await menuItems.allInnerTexts())}`);
			}
			await page.keyboard.press('Enter');
			return await findFrame(page, '#compare-toolbar', 30_000);
		} catch (error) {
			if (attempt >= 3) {
				throw error;
			}
			console.log(`      attempt ${attempt}: ${error instanceof Error ? error.message : String(error)}; trying again`);
			await page.keyboard.press('Escape');
			await sleep(1000 * attempt);
		}
	}
}
