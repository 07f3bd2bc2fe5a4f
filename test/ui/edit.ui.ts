// UI: Explorer → right-click an image → "Edit Image with Gemini…" → prompt → the before/after diff opens with the
// original untouched → window reload: the review comes back → "Replace Original with Edit" in the editor title →
// the file holds the result.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { expectedDimensions, promptSeed, renderFakeImage } from '../fake-gemini/server';
import type { UiContext } from './uiContext';
import { isQuickInputVisible, notificationTexts, openCommand, quickInputBox, sleep, waitForWorkbench, waitUntil } from './workbench';

const PROMPT = 'dark mode variant with light strokes';

export async function run({ page, fake, workspaceDir, screenshot }: UiContext): Promise<void> {
	fake.reset();
	const original = renderFakeImage('image/png', 800, 450, 11);
	const logo = path.join(workspaceDir, 'brand', 'logo.png');
	fs.mkdirSync(path.dirname(logo), { recursive: true });
	fs.writeFileSync(logo, original);
	await waitForWorkbench(page);

	const folderRow = explorerRow(page, 'brand');
	await folderRow.waitFor({ timeout: 20_000 });
	await folderRow.click();
	const logoRow = explorerRow(page, 'logo.png');
	await logoRow.waitFor({ timeout: 10_000 });
	// The menu lists the extension's entries only once the development extension is registered, which can take a
	// few seconds after the workbench appears: reopen the menu until the entry is there.
	const menuItem = page.locator('.monaco-menu .action-item').filter({ hasText: 'Edit Image with Gemini…' }).first();
	const menuDeadline = Date.now() + 30_000;
	for (;;) {
		await logoRow.click({ button: 'right' });
		if (
			await menuItem.waitFor({ timeout: 3000 }).then(
				() => true,
				() => false,
			)
		) {
			break;
		}
		if (Date.now() > menuDeadline) {
			throw new Error(
				`no "Edit Image with Gemini…" in the context menu: ${JSON.stringify(await page.locator('.monaco-menu .action-item').allInnerTexts())}`,
			);
		}
		await page.keyboard.press('Escape');
		await sleep(1000);
	}
	await screenshot('edit-1-explorer-context-menu');
	await menuItem.click();

	const input = page.locator(quickInputBox).filter({ visible: true }).first();
	await waitUntil(() => isQuickInputVisible(page), 15_000, 'the prompt box did not open');
	await input.pressSequentially(PROMPT, { delay: 5 });
	await screenshot('edit-2-prompt');
	await page.keyboard.press('Enter');

	const diffTab = page.locator('.tabs-container .tab').filter({ hasText: 'logo (original).png' });
	await waitUntil(
		async () => (await diffTab.count()) > 0,
		60_000,
		async () => `no review tab; notifications: ${JSON.stringify(await notificationTexts(page))}`,
	);
	await waitUntil(() => imagesRendered(page, 2), 20_000, 'the two image previews did not render');
	await sleep(500);
	await screenshot('edit-3-before-after-diff');
	assert.ok(fs.readFileSync(logo).equals(original), 'the original is untouched while the edit is under review');
	const request = fake.requests.find((r) => r.action === 'generateContent');
	assert.ok(request, 'Gemini was asked');
	assert.strictEqual(request.body.contents[0].parts[1].inlineData.data, original.toString('base64'), 'the original went along as the input image');

	// The pending edit is kept on disk: after a window reload the review comes back and still works.
	await openCommand(page, 'Developer: Reload Window', 'Reload Window');
	await page.keyboard.press('Enter');
	await sleep(1500);
	await waitForWorkbench(page);
	await waitUntil(async () => (await diffTab.count()) > 0, 30_000, 'the review tab did not come back after the reload');
	await diffTab.first().click();
	await waitUntil(() => imagesRendered(page, 2), 30_000, 'the restored review did not render both images');
	await sleep(500);
	await screenshot('edit-3b-after-reload');

	const replace = page.locator('.editor-actions .action-label[aria-label^="Replace Original with Edit"]').first();
	await replace.waitFor({ timeout: 10_000 });
	await replace.click();
	const { width, height } = expectedDimensions('16:9', '1K');
	const result = renderFakeImage('image/jpeg', width, height, promptSeed(PROMPT));
	await waitUntil(async () => fs.readFileSync(logo).equals(result), 15_000, 'the original was not replaced by the result');
	await sleep(300);
	await screenshot('edit-4-replaced');
	assert.strictEqual(await diffTab.count(), 0, 'the review closed after Replace');
}

function explorerRow(page: Page, name: string) {
	return page
		.locator('.explorer-folders-view .monaco-list-row')
		.filter({ hasText: new RegExp(`^\\s*${name.replace(/\./g, '\\.')}\\s*$`) })
		.first();
}

async function imagesRendered(page: Page, count: number): Promise<boolean> {
	let loaded = 0;
	for (const frame of page.frames()) {
		if (frame === page.mainFrame()) {
			continue;
		}
		const ok = await frame.evaluate<boolean>(`Array.from(document.images).some((img) => img.complete && img.naturalWidth > 0)`).catch(() => false);
		loaded += ok ? 1 : 0;
	}
	return loaded >= count;
}
