// UI: Command Palette → "Gemini Image Studio: Open Studio" → type a prompt in the studio's textarea (Shift+Enter adds
// a new line without sending) → Enter sends → the image appears in the conversation.
import * as assert from 'assert';
import type { Frame, Page } from 'playwright-core';
import type { UiContext } from './uiContext';
import { notificationTexts, openCommand, sleep, waitForWorkbench } from './workbench';

const COMMAND = 'Gemini Image Studio: Open Studio';

export async function run({ page, fake, screenshot }: UiContext): Promise<void> {
	fake.reset();
	fake.options.strictSignatures = true;
	await waitForWorkbench(page);
	await openCommand(page, COMMAND, 'Open Studio');
	await page.keyboard.press('Enter');

	// --- the webview (a nested iframe) ---------------------------------------------------------------------------
	const frame = await findFrame(page, 'textarea.studio-prompt', 30_000);
	const prompt = frame.locator('textarea.studio-prompt');
	await prompt.click();
	await prompt.pressSequentially('a red fox', { delay: 5 });
	await page.keyboard.press('Shift+Enter');
	await prompt.pressSequentially('in the snow', { delay: 5 });
	assert.strictEqual(await prompt.inputValue(), 'a red fox\nin the snow', 'Shift+Enter adds a new line');
	await sleep(300);
	assert.strictEqual(await frame.locator('.studio-turn').count(), 0, 'Shift+Enter sent nothing');
	assert.strictEqual(fake.requests.filter((request) => request.action === 'generateContent').length, 0);

	await page.keyboard.press('Enter');
	await frame.waitForSelector('.studio-turn-done .studio-image:not(.studio-thought-image) img', { timeout: 30_000 }).catch(async (error: Error) => {
		const turns = await frame.locator('.studio-turn').allInnerTexts().catch(() => []);
		throw new Error(`${error.message}; turns: ${JSON.stringify(turns)}; notifications: ${JSON.stringify(await notificationTexts(page))}`);
	});
	assert.strictEqual(await prompt.inputValue(), '', 'the prompt box is cleared after sending');
	assert.strictEqual((await frame.locator('.studio-user').first().textContent()) ?? '', 'a red fox\nin the snow');
	const decoded = await frame.evaluate<{ width: number; complete: boolean; src: string }>(`(() => {
		const img = document.querySelector('.studio-turn-done .studio-image:not(.studio-thought-image) img');
		return { width: img.naturalWidth, complete: img.complete, src: img.src };
	})()`);
	assert.ok(decoded.complete && decoded.width > 0, `the image decoded: ${JSON.stringify(decoded)}`);
	assert.match(decoded.src, /^blob:/, 'shown through a blob: URL');
	assert.ok((await frame.locator('details.studio-thinking').count()) > 0, 'a Thinking section for the thought parts');
	assert.ok((await frame.locator('button.studio-save').count()) > 0, 'a Save button per image');
	const requests = fake.requests.filter((request) => request.action === 'generateContent');
	assert.strictEqual(requests.length, 1);
	assert.deepStrictEqual(requests[0].body.contents, [{ role: 'user', parts: [{ text: 'a red fox\nin the snow' }] }]);
	await screenshot('studio-1-first-turn');
}

async function findFrame(page: Page, selector: string, timeoutMs: number): Promise<Frame> {
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
