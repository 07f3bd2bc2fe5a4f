// Small Playwright helpers for driving the VS Code workbench (code-server) in UI tests.
import type { Frame, Locator, Page } from 'playwright-core';

export const quickInput = '.quick-input-widget';
export const quickInputBox = '.quick-input-widget input';
export const quickInputRows = '.quick-input-widget .quick-input-list .monaco-list-row';

/** Waits until the workbench is interactive (`.monaco-workbench` and the status bar are there). */
export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
	await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
	await page.waitForSelector('.part.statusbar', { timeout: timeoutMs });
}

/** The visible quick input widget (palette, input box or quick pick). */
export function visibleQuickInput(page: Page): Locator {
	return page.locator(quickInput).filter({ visible: true });
}

/**
 * Opens the command palette and types `>` + title, until a row containing `rowText` (default: the title)
 * is listed. Retries the whole thing: early after page load the first key press can land before the
 * workbench handles keys, and the palette lists only commands known when it opened (a dev extension's
 * contributions arrive a few seconds after the workbench is drawn).
 */
export async function openCommand(page: Page, title: string, rowText = title, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	const input = page.locator(quickInputBox).filter({ visible: true }).first();
	const row = page.locator(quickInputRows).filter({ hasText: rowText }).first();
	for (let attempt = 1; ; attempt++) {
		try {
			if (!(await input.isVisible())) {
				await page.keyboard.press('F1');
				await input.waitFor({ timeout: 3000 });
			}
			await input.fill(`>${title}`);
			await row.waitFor({ timeout: 3000 });
			return;
		} catch (error) {
			if (Date.now() > deadline) {
				throw new Error(`command "${title}" not found in the palette after ${attempt} attempts: ${String((error as Error).message ?? error)}`);
			}
			// Close whatever is open and try again.
			await page.keyboard.press('Escape').catch(() => undefined);
			await sleep(1000);
		}
	}
}

/** Waits for a visible input box / quick pick whose title, prompt or placeholder matches, or for any when omitted. */
export async function waitForQuickInput(page: Page, timeoutMs = 30_000): Promise<Locator> {
	const input = page.locator(quickInputBox).filter({ visible: true }).first();
	await input.waitFor({ timeout: timeoutMs });
	return input;
}

/** Text describing the open quick input (title, message, placeholder, value, visible rows), for logs and errors. */
export async function describeQuickInput(page: Page): Promise<string> {
	// A string, not a function: the test tsconfig has no DOM lib.
	const script = `(() => {
		const widget = Array.from(document.querySelectorAll('.quick-input-widget')).find((w) => w.offsetParent !== null);
		if (!widget) {
			return '(no quick input)';
		}
		const text = (selector) => ((widget.querySelector(selector) || {}).innerText || '').trim();
		const input = widget.querySelector('input');
		const rows = Array.from(widget.querySelectorAll('.monaco-list-row')).map((row) => row.innerText.replace(/\\s+/g, ' ').trim());
		return JSON.stringify({ title: text('.quick-input-title'), message: text('.quick-input-message'), placeholder: input ? input.placeholder : '', value: input ? input.value : '', rows: rows.slice(0, 10) });
	})()`;
	return page.evaluate<string>(script).catch((error: unknown) => `(cannot describe quick input: ${String(error)})`);
}

/** Title of the visible quick input ('' when it has none or none is shown). */
export async function quickInputTitle(page: Page): Promise<string> {
	const title = page.locator('.quick-input-widget .quick-input-title').filter({ visible: true }).first();
	return (await title.count()) > 0 ? (await title.innerText().catch(() => '')).trim() : '';
}

/** Whether the quick input is currently shown. */
export async function isQuickInputVisible(page: Page): Promise<boolean> {
	return page.locator(quickInputBox).filter({ visible: true }).first().isVisible();
}

/** Texts of the notifications/toasts currently shown (for error messages). */
export async function notificationTexts(page: Page): Promise<string[]> {
	return page
		.locator('.notification-toast .notification-list-item-message')
		.allInnerTexts()
		.catch(() => []);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it holds; fails with `describe` (text, or a function building it) after `timeoutMs`. */
export async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number, describe: string | (() => Promise<string>)): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) {
			throw new Error(typeof describe === 'string' ? describe : await describe());
		}
		await sleep(150);
	}
}

/** The frame (among the nested webview iframes) that contains `selector`. */
export async function findFrame(page: Page, selector: string, timeoutMs: number): Promise<Frame> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		for (const frame of page.frames()) {
			if (frame === page.mainFrame()) {
				continue;
			}
			const found = await frame.evaluate<boolean>(`document.querySelector(${JSON.stringify(selector)}) !== null`).catch(() => false);
			if (found) {
				return frame;
			}
		}
		await sleep(250);
	}
	throw new Error(`no webview frame contains ${selector}; notifications: ${JSON.stringify(await notificationTexts(page))}`);
}

/** Polls an expression in a webview frame (a webview's CSP forbids the eval that `waitForFunction` needs). */
export async function pollFrame(frame: Frame, expression: string, what: string | (() => Promise<string>), timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await frame.evaluate<boolean>(expression).catch(() => false)) {
			return;
		}
		await sleep(100);
	}
	throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : await what()}`);
}

/** The Explorer row whose label is exactly `name`. */
export function explorerRow(page: Page, name: string): Locator {
	const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return page
		.locator('.explorer-folders-view .monaco-list-row')
		.filter({ hasText: new RegExp(`^\\s*${escaped}\\s*$`) })
		.first();
}

/** The editor tab whose label contains `label`. */
export function editorTab(page: Page, label: string | RegExp): Locator {
	return page.locator('.tabs-container .tab').filter({ hasText: label }).first();
}

/** "Developer: Reload Window" through the palette; resolves once the reloaded workbench is interactive. */
export async function reloadWindow(page: Page, timeoutMs = 60_000): Promise<void> {
	await openCommand(page, 'Developer: Reload Window', 'Reload Window');
	await page.keyboard.press('Enter');
	await sleep(1500);
	await waitForWorkbench(page, timeoutMs);
}

/** Quick Open (Ctrl+P): types `fileName` and opens the first matching row; waits for its editor tab. */
export async function quickOpenFile(page: Page, fileName: string, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	const input = page.locator(quickInputBox).filter({ visible: true }).first();
	const row = page.locator(quickInputRows).filter({ hasText: fileName }).first();
	for (;;) {
		try {
			if (!(await input.isVisible())) {
				await page.keyboard.press('Control+P');
				await input.waitFor({ timeout: 3000 });
			}
			await input.fill(fileName);
			await row.waitFor({ timeout: 5000 });
			await page.keyboard.press('Enter');
			await editorTab(page, fileName).waitFor({ timeout: 5000 });
			return;
		} catch (error) {
			if (Date.now() > deadline) {
				throw new Error(`could not quick-open ${fileName}: ${String((error as Error).message ?? error)}; ${await describeQuickInput(page)}`);
			}
			await page.keyboard.press('Escape').catch(() => undefined);
			await sleep(1000);
		}
	}
}
