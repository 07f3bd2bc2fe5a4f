// UI: Command Palette → "Gemini Image Studio: Open Studio" → type a prompt in the studio's textarea (Shift+Enter adds
// a new line without sending) → Enter sends → the image appears in the conversation.
import * as assert from 'assert';
import type { Frame } from 'playwright-core';
import type { UiContext } from './uiContext';
import { findFrame, notificationTexts, openCommand, sleep, waitForWorkbench } from './workbench';

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

	// --- paste an image into the prompt box: a chip with a thumbnail, sent with the next turn -----------------------
	await frame.evaluate(`(async () => {
		const canvas = document.createElement('canvas');
		canvas.width = 48;
		canvas.height = 48;
		const context = canvas.getContext('2d');
		context.fillStyle = '#1e90ff';
		context.fillRect(0, 0, 48, 48);
		const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
		const transfer = new DataTransfer();
		transfer.items.add(new File([blob], 'pasted.png', { type: 'image/png' }));
		const textarea = document.querySelector('textarea.studio-prompt');
		textarea.focus();
		textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
	})()`);
	await frame.waitForSelector('.studio-attachments .studio-chip img', { timeout: 15_000 }).catch(async (error: Error) => {
		const problem = await frame.locator('.studio-attach-error').textContent().catch(() => '');
		throw new Error(`${error.message}; attach error: ${JSON.stringify(problem)}`);
	});
	const chip = await frame.evaluate<{ width: number; src: string; name: string }>(`(() => {
		const img = document.querySelector('.studio-chip img');
		return { width: img.naturalWidth, src: img.src, name: document.querySelector('.studio-chip-name').textContent };
	})()`);
	await pollFrame(frame, `document.querySelector('.studio-chip img').naturalWidth > 0`, 'the chip thumbnail to decode', 5_000);
	assert.match(chip.src, /^blob:/, 'the chip thumbnail is a blob: URL');
	assert.strictEqual(chip.name, 'pasted.png');
	assert.ok((await frame.locator('button.studio-chip-remove').count()) === 1, 'a remove button on the chip');
	await prompt.click();
	await prompt.pressSequentially('use this colour for the sky', { delay: 5 });
	await screenshot('studio-2-attachment');
	await page.keyboard.press('Enter');
	await pollFrame(frame, `document.querySelectorAll('.studio-turn-done').length === 2`, 'the second turn', 30_000);
	assert.ok((await frame.locator('.studio-turn-done').nth(1).locator('.studio-user-attachments img').count()) === 1, 'the user turn shows its attachment');
	assert.strictEqual(await frame.locator('.studio-attachments .studio-chip').count(), 0, 'the chips are cleared once sent');
	const second = fake.requests.filter((request) => request.action === 'generateContent')[1];
	assert.ok(second, 'a second request');
	const lastUser = second.body.contents.at(-1) as { role: string; parts: { text?: string; inlineData?: { mimeType: string; data: string } }[] };
	assert.strictEqual(lastUser.parts[0].text, 'use this colour for the sky');
	assert.strictEqual(lastUser.parts[1].inlineData?.mimeType, 'image/png', 'the pasted image went with the turn');
	assert.ok(Buffer.from(lastUser.parts[1].inlineData!.data, 'base64').subarray(1, 4).toString() === 'PNG');
	await screenshot('studio-3-attachment-sent');
}

/** Polls an expression in the webview (the webview's CSP forbids the eval that `waitForFunction` needs). */
async function pollFrame(frame: Frame, expression: string, what: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await frame.evaluate<boolean>(expression).catch(() => false)) {
			return;
		}
		await sleep(100);
	}
	throw new Error(`timed out waiting for ${what}`);
}
