// Starting "Generate Variations…" from the Command Palette, the same way in every variations UI module: the prompt
// typed, the model, ratio and size steps taken with their defaults (Enter), `count` at "How Many?". Keyboard only.
import type { Page } from 'playwright-core';
import { describeQuickInput, isQuickInputVisible, openCommand, quickInputBox, quickInputTitle, sleep, waitUntil } from './workbench';

export async function startVariations(page: Page, prompt: string, count: number): Promise<void> {
	await openCommand(page, 'Gemini Image Studio: Generate Variations…', 'Generate Variations');
	await page.keyboard.press('Enter');
	const input = page.locator(quickInputBox).filter({ visible: true }).first();
	await waitUntil(
		async () => (await isQuickInputVisible(page)) && !(await input.inputValue().catch(() => '>')).startsWith('>'),
		15_000,
		async () => `the prompt box did not open: ${await describeQuickInput(page)}`,
	);
	await page.keyboard.type(prompt, { delay: 5 });
	await sleep(300);
	await page.keyboard.press('Enter');
	const deadline = Date.now() + 60_000;
	let lastTitle = '';
	for (;;) {
		const title = (await isQuickInputVisible(page)) ? await quickInputTitle(page) : '';
		if (/How Many/.test(title)) {
			await input.fill(String(count));
			await sleep(300);
			await page.keyboard.press('Enter');
			return;
		}
		if (title && title !== lastTitle) {
			// A new step (model, ratio, size): its default.
			await sleep(400);
			lastTitle = title;
			await page.keyboard.press('Enter');
			continue;
		}
		if (Date.now() > deadline) {
			throw new Error(`no "How Many?" step: ${await describeQuickInput(page)}`);
		}
		await sleep(200);
	}
}
