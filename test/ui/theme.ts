// Colour themes for UI modules: a module's own workspace settings carry the theme, so later modules keep theirs.
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { waitUntil } from './workbench';

/** Writes the workspace's settings.json with `theme`; VS Code applies a changed settings file at once. */
export function setTheme(workspaceDir: string, theme: string): void {
	fs.mkdirSync(path.join(workspaceDir, '.vscode'), { recursive: true });
	fs.writeFileSync(path.join(workspaceDir, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.colorTheme': theme }, null, '\t'));
}

/** Waits until the workbench shows "Default High Contrast" (its root element gets `hc-black`). */
export async function waitForHighContrastWorkbench(page: Page): Promise<void> {
	await waitUntil(
		async () => (await page.locator('.monaco-workbench.hc-black').count()) > 0,
		20_000,
		async () => `the workbench did not switch to high contrast: ${await page.locator('.monaco-workbench').first().getAttribute('class')}`,
	);
}

/** Waits until the webview's body has `className` (VS Code sets it from the theme's kind). */
export async function waitForBodyClass(frame: Frame, className: string): Promise<void> {
	await waitUntil(
		() => frame.evaluate<boolean>(`document.body.classList.contains(${JSON.stringify(className)})`).catch(() => false),
		15_000,
		async () => `the webview body never got ${className}: ${await frame.evaluate<string>('document.body.className').catch(() => '?')}`,
	);
}
