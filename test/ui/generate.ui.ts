// UI: Command Palette → "Gemini Image Studio: Generate Image…" → prompt → model / aspect ratio / size
// (defaults) → the image is saved under assets/generated/ and opens in an editor tab.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { UiContext } from './uiContext';
import { describeQuickInput, isQuickInputVisible, notificationTexts, openCommand, quickInputBox, quickInputTitle, sleep, waitForWorkbench } from './workbench';

const COMMAND = 'Gemini Image Studio: Generate Image…';
const PROMPT = 'a red bicycle on a beach';

export async function run({ page, fake, workspaceDir, screenshot }: UiContext): Promise<void> {
	fake.reset();
	await waitForWorkbench(page);

	await openCommand(page, COMMAND, 'Generate Image');
	await screenshot('generate-1-palette');
	await page.keyboard.press('Enter');

	// The prompt box replaces the palette: a visible quick input whose value no longer starts with '>'.
	const input = page.locator(quickInputBox).filter({ visible: true }).first();
	await waitUntil(
		async () => (await isQuickInputVisible(page)) && !(await input.inputValue().catch(() => '>')).startsWith('>'),
		15_000,
		async () => `the prompt box did not open; quick input: ${await describeQuickInput(page)}; notifications: ${JSON.stringify(await notificationTexts(page))}`,
	);
	await input.pressSequentially(PROMPT, { delay: 5 });
	// Let the quick pick offer the typed prompt before accepting it.
	await page
		.locator('.quick-input-widget .quick-input-list .monaco-list-row')
		.filter({ hasText: PROMPT })
		.first()
		.waitFor({ timeout: 5000 })
		.catch(() => undefined);
	await screenshot('generate-2-prompt');
	let lastTitle = await quickInputTitle(page);
	await page.keyboard.press('Enter');

	// Then one quick pick per option (model, aspect ratio, size), each with the default first: accept each,
	// until the generated image's tab shows up. Generic on purpose, so a changed step order still passes.
	const imageTab = page.locator('.tabs-container .tab').filter({ hasText: /red-bicycle/ }).filter({ hasText: /\.jpe?g/ });
	const accepted: string[] = [];
	const deadline = Date.now() + 90_000;
	for (;;) {
		if ((await imageTab.count()) > 0) {
			break;
		}
		const title = (await isQuickInputVisible(page)) ? await quickInputTitle(page) : '';
		if (title && title !== lastTitle && (await input.inputValue().catch(() => '')) === '') {
			// A new step: give its items a moment to render, then take the pre-selected default.
			await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor({ timeout: 5000 }).catch(() => undefined);
			accepted.push(`${title} → ${await page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused').first().innerText().catch(() => '?')}`.replace(/\s+/g, ' '));
			lastTitle = title;
			await page.keyboard.press('Enter');
			continue;
		}
		if (accepted.length > 6) {
			throw new Error(`more option steps than expected: ${JSON.stringify(accepted)}`);
		}
		if (Date.now() > deadline) {
			throw new Error(
				`no editor tab for the generated image; steps accepted: ${JSON.stringify(accepted)}; quick input: ${await describeQuickInput(page)}; ` +
					`notifications: ${JSON.stringify(await notificationTexts(page))}; tabs: ${JSON.stringify(await page.locator('.tabs-container .tab').allInnerTexts())}; ` +
					`fake requests: ${fake.requests.map((r) => `${r.method} ${r.path} ${r.status ?? ''}`).join(', ')}`,
			);
		}
		await sleep(200);
	}
	console.log(`      steps: ${accepted.join(' | ')}`);

	const tabTitle = (await imageTab.first().locator('.label-name').innerText().catch(async () => imageTab.first().innerText())).trim();
	assert.match(tabTitle, /\.jpg$/, `tab title ${JSON.stringify(tabTitle)} should end with .jpg`);
	// The image editor renders the picture (a webview-free built-in editor: an <img> in the editor area).
	await page
		.locator('.editor-container img, .editor-container iframe')
		.first()
		.waitFor({ timeout: 15_000 })
		.catch(() => undefined);
	await sleep(500);
	await screenshot('generate-3-image-opened');

	const folder = path.join(workspaceDir, 'assets', 'generated');
	assert.ok(fs.existsSync(folder), `${folder} was not created`);
	const files = fs.readdirSync(folder).filter((file) => !file.startsWith('.'));
	const jpegs = files.filter((file) => {
		const bytes = fs.readFileSync(path.join(folder, file)).subarray(0, 3);
		return bytes.length === 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
	});
	assert.ok(jpegs.length >= 1, `no JPEG (FF D8 FF) in ${folder}: ${JSON.stringify(files)}`);
	assert.ok(jpegs.some((file) => file === tabTitle), `the opened tab ${tabTitle} is not one of the saved files ${JSON.stringify(jpegs)}`);

	const generateCalls = fake.requests.filter((request) => request.action === 'generateContent' || /:generateContent$/.test(request.path));
	assert.strictEqual(generateCalls.length, 1, `expected 1 generateContent request, got ${generateCalls.length}: ${fake.requests.map((r) => r.path).join(', ')}`);
	assert.ok(JSON.stringify(generateCalls[0].body ?? generateCalls[0].rawBody).includes(PROMPT), 'the request does not carry the prompt text');
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number, describe: () => Promise<string>): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) {
			throw new Error(await describe());
		}
		await sleep(150);
	}
}
