// UI: Command Palette → "Gemini Image Studio: Open Studio" → type a prompt in the studio's textarea (Shift+Enter adds
// a new line without sending) → Enter sends → the image appears in the conversation. Then a pasted image goes with the
// second turn, a third turn follows, all with the fake in strict-signature mode (contents 1/3/5, none rejected), Up
// recalls the last prompt, and the Thinking section shows the model's interim thought image.
import { assertAccessible } from './accessibility';
import * as assert from 'assert';
import type { UiContext } from './uiContext';
import { pollFrame, sleep, waitForWorkbench } from './workbench';
import {
	assertSignaturesReplayed,
	contentsOf,
	describeStudio,
	FINAL_IMAGES,
	generateRequests,
	lastUserContent,
	openStudio,
	sendPrompt,
	waitForDoneTurns,
	waitForImagesDecoded,
} from './studioDriver';

export async function run({ page, fake, screenshot }: UiContext): Promise<void> {
	fake.reset();
	fake.options.strictSignatures = true;
	await waitForWorkbench(page);
	const frame = await openStudio(page);
	// The frames of the README's animated studio turn (scripts/make-studio-gif.js): open, typed, answering, answered.
	await screenshot('studio-0a-open');

	// --- turn 1: Shift+Enter is a new line, Enter sends ------------------------------------------------------------
	const prompt = frame.locator('textarea.studio-prompt');
	await prompt.click();
	await prompt.pressSequentially('a red fox', { delay: 5 });
	await page.keyboard.press('Shift+Enter');
	await prompt.pressSequentially('in the snow', { delay: 5 });
	assert.strictEqual(await prompt.inputValue(), 'a red fox\nin the snow', 'Shift+Enter adds a new line');
	await sleep(300);
	assert.strictEqual(await frame.locator('.studio-turn').count(), 0, 'Shift+Enter sent nothing');
	assert.strictEqual(generateRequests(fake).length, 0);
	await screenshot('studio-0b-typed');

	// Slow enough to see the turn running; the running turn shows before the reply.
	fake.options.defaultDelayMs = 1_500;
	await page.keyboard.press('Enter');
	await frame.locator('.studio-turn').first().waitFor({ state: 'visible', timeout: 10_000 });
	await screenshot('studio-0c-running');
	await waitForDoneTurns(page, frame, 1, fake);
	fake.options.defaultDelayMs = 0;
	const [decoded] = await waitForImagesDecoded(frame, FINAL_IMAGES, 1);
	assert.strictEqual(await prompt.inputValue(), '', 'the prompt box is cleared after sending');
	assert.strictEqual(((await frame.locator('.studio-user').first().textContent()) ?? '').trim(), 'a red fox\nin the snow');
	// Turn images are the session's stored files through asWebviewUri: no bytes or base64 over postMessage.
	assert.doesNotMatch(decoded.src, /^(blob|data):/, `a turn image is shown from its stored file, not a blob:/data: URL: ${decoded.src.slice(0, 120)}`);
	assert.ok((await frame.locator('.studio-turn-done details.studio-thinking').count()) > 0, 'a Thinking section for the thought parts');
	assert.ok((await frame.locator('.studio-turn-done button.studio-save').count()) > 0, 'a Save button per image');
	let requests = generateRequests(fake);
	assert.strictEqual(requests.length, 1);
	assert.deepStrictEqual(requests[0].body.contents, [{ role: 'user', parts: [{ text: 'a red fox\nin the snow' }] }]);
	await screenshot('studio-1-first-turn');

	// --- paste an image into the prompt box: a chip with a thumbnail, sent with turn 2 -----------------------------
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
	await frame.waitForSelector('ul.studio-attachments li.studio-chip img.studio-chip-thumb', { timeout: 15_000 }).catch(async (error: Error) => {
		const problem = await frame
			.locator('.studio-attach-error')
			.textContent()
			.catch(() => '');
		throw new Error(`${error.message}; attach error: ${JSON.stringify(problem)}`);
	});
	await pollFrame(frame, `document.querySelector('.studio-chip img.studio-chip-thumb').naturalWidth > 0`, 'the chip thumbnail to decode', 5_000);
	const chip = await frame.evaluate<{ src: string; name: string }>(`(() => {
		const img = document.querySelector('.studio-chip img.studio-chip-thumb');
		return { src: img.src, name: document.querySelector('.studio-chip .studio-chip-name').textContent };
	})()`);
	assert.match(chip.src, /^blob:/, 'the chip thumbnail (not stored yet) is a blob: URL');
	assert.strictEqual(chip.name.trim(), 'pasted.png');
	assert.strictEqual(await frame.locator('.studio-chip button.studio-chip-remove').count(), 1, 'a remove button on the chip');
	await prompt.click();
	await prompt.pressSequentially('use this colour for the sky', { delay: 5 });
	await screenshot('studio-2-attachment');
	await page.keyboard.press('Enter');
	await waitForDoneTurns(page, frame, 2, fake);
	const userAttachments = await waitForImagesDecoded(frame, '.studio-turn-done:nth-child(2) .studio-user-attachments img', 1);
	assert.strictEqual(userAttachments.length, 1, 'the user turn shows its attachment');
	assert.doesNotMatch(userAttachments[0].src, /^(blob|data):/, 'a sent attachment is shown from its stored file');
	assert.strictEqual(await frame.locator('.studio-attachments .studio-chip').count(), 0, 'the chips are cleared once sent');
	requests = generateRequests(fake);
	assert.strictEqual(requests.length, 2, 'a second request');
	const lastUser = lastUserContent(requests[1]);
	assert.strictEqual(lastUser.parts[0].text, 'use this colour for the sky');
	assert.strictEqual(lastUser.parts[1]?.inlineData?.mimeType, 'image/png', 'the pasted image went with the turn');
	assert.strictEqual(Buffer.from(lastUser.parts[1].inlineData!.data, 'base64').subarray(1, 4).toString(), 'PNG');
	await screenshot('studio-3-attachment-sent');

	// --- turn 3, strict signatures: the whole history goes back with its signatures ---------------------------------
	await sendPrompt(page, frame, 'make the light warmer', fake);
	await waitForImagesDecoded(frame, FINAL_IMAGES, 3);
	requests = generateRequests(fake);
	assert.deepStrictEqual(
		requests.map((request) => contentsOf(request).length),
		[1, 3, 5],
		'three requests carrying 1, 3 and 5 contents (user / user+model+user / …)',
	);
	assert.deepStrictEqual(
		requests.map((request) => request.status),
		[200, 200, 200],
		`strict mode rejected none: ${await describeStudio(page, frame, fake)}`,
	);
	assert.deepStrictEqual(
		contentsOf(requests[2]).map((content) => content.role),
		['user', 'model', 'user', 'model', 'user'],
	);
	assertSignaturesReplayed(requests[2]);
	assert.strictEqual(lastUserContent(requests[2]).parts[0].text, 'make the light warmer');
	await screenshot('studio-4-three-turns');
	await assertAccessible(frame, 'studio');

	// --- Up at the start of an empty prompt box recalls the last prompt ------------------------------------------------
	await prompt.click();
	await prompt.press('ArrowUp');
	assert.strictEqual(await prompt.inputValue(), 'make the light warmer', 'ArrowUp recalls the last prompt');
	await prompt.fill('');

	// --- the Thinking section: thought text and the interim thought image ------------------------------------------
	const thinking = frame.locator('.studio-turn-done details.studio-thinking').last();
	await thinking.locator('summary').click();
	await pollFrame(
		frame,
		`(() => { const all = document.querySelectorAll('.studio-turn-done details.studio-thinking'); return all.length > 0 && all[all.length - 1].open; })()`,
		'the Thinking section to open',
		5_000,
	);
	const thoughtImages = await waitForImagesDecoded(frame, '.studio-turn-done details.studio-thinking[open] figure.studio-thought-image img', 1);
	assert.ok(thoughtImages[0].width > 0, 'the thought image decoded');
	assert.doesNotMatch(thoughtImages[0].src, /^(blob|data):/, 'the thought image is shown from its stored file');
	await thinking.scrollIntoViewIfNeeded();
	await sleep(200);
	await screenshot('studio-5-thinking');
}
