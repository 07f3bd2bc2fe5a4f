// UI: Command Palette → "Gemini Image Studio: Generate Image…" → prompt → model / aspect ratio / size
// (defaults) → the image is saved under assets/generated/ and opens in an editor tab.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import type { UiContext } from './uiContext';
import {
	describeQuickInput,
	isQuickInputVisible,
	notificationTexts,
	openCommand,
	quickInputBox,
	quickInputTitle,
	sleep,
	waitForWorkbench,
	waitUntil,
} from './workbench';

const COMMAND = 'Gemini Image Studio: Generate Image…';
const PROMPT = 'a red bicycle on a beach';

export async function run({ page, fake, workspaceDir, screenshot }: UiContext): Promise<void> {
	fake.reset();
	const started = Date.now();
	const phases: string[] = [];
	const mark = (label: string): void => {
		phases.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
	};
	await waitForWorkbench(page);
	mark('workbench');

	await openCommand(page, COMMAND, 'Generate Image');
	mark('palette');
	await screenshot('generate-1-palette');
	await page.keyboard.press('Enter');

	// The prompt box replaces the palette: a visible quick input whose value no longer starts with '>'.
	const input = page.locator(quickInputBox).filter({ visible: true }).first();
	await waitUntil(
		async () => (await isQuickInputVisible(page)) && !(await input.inputValue().catch(() => '>')).startsWith('>'),
		15_000,
		async () =>
			`the prompt box did not open; quick input: ${await describeQuickInput(page)}; notifications: ${JSON.stringify(await notificationTexts(page))}`,
	);
	await input.pressSequentially(PROMPT, { delay: 5 });
	// Let the quick pick offer the typed prompt before accepting it.
	await page
		.locator('.quick-input-widget .quick-input-list .monaco-list-row')
		.filter({ hasText: PROMPT })
		.first()
		.waitFor({ timeout: 5000 })
		.catch(() => undefined);
	mark('prompt typed');
	await screenshot('generate-2-prompt');
	let lastTitle = await quickInputTitle(page);
	await page.keyboard.press('Enter');

	// Then one quick pick per option (model, aspect ratio, size), each with the default first: accept each,
	// until the generated image's tab shows up. Generic on purpose, so a changed step order still passes.
	const imageTab = page
		.locator('.tabs-container .tab')
		.filter({ hasText: /red-bicycle/ })
		.filter({ hasText: /\.jpe?g/ });
	const accepted: string[] = [];
	const deadline = Date.now() + 90_000;
	for (;;) {
		if ((await imageTab.count()) > 0) {
			break;
		}
		const title = (await isQuickInputVisible(page)) ? await quickInputTitle(page) : '';
		if (title && title !== lastTitle && (await input.inputValue().catch(() => '')) === '') {
			// A new step: give its items a moment to render, then take the pre-selected default.
			await page
				.locator('.quick-input-widget .quick-input-list .monaco-list-row')
				.first()
				.waitFor({ timeout: 5000 })
				.catch(() => undefined);
			accepted.push(
				`${title} → ${
					(await page
						.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused')
						.first()
						.getAttribute('aria-label')
						.catch(() => null)) ?? '?'
				}`.replace(/\s+/g, ' '),
			);
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
	mark('image tab');
	console.log(`      steps: ${accepted.join(' | ')}`);

	// The tab's aria-label is its full title; its inner text splits name and extension into separate spans.
	const tab = imageTab.first();
	const tabTitle = ((await tab.getAttribute('aria-label')) ?? (await tab.innerText())).split(',')[0].replace(/\s+/g, ' ').trim();
	assert.match(tabTitle, /\.jpg$/, `tab title ${JSON.stringify(tabTitle)} should end with .jpg`);
	// The built-in Image Preview is a webview (nested iframe): wait until some frame shows a loaded <img>.
	const rendered = await waitForImageInFrames(page, 20_000);
	assert.ok(rendered, 'the image preview rendered the saved image (an <img> with pixels) within 20 s');
	mark('image rendered');
	await sleep(300);
	await screenshot('generate-3-image-opened');
	console.log(`      timeline: ${phases.join(', ')}`);

	const folder = path.join(workspaceDir, 'assets', 'generated');
	assert.ok(fs.existsSync(folder), `${folder} was not created`);
	const files = fs.readdirSync(folder).filter((file) => !file.startsWith('.'));
	const jpegs = files.filter((file) => {
		const bytes = fs.readFileSync(path.join(folder, file)).subarray(0, 3);
		return bytes.length === 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
	});
	assert.ok(jpegs.length >= 1, `no JPEG (FF D8 FF) in ${folder}: ${JSON.stringify(files)}`);
	assert.ok(jpegs.includes(tabTitle), `the opened tab ${tabTitle} is not one of the saved files ${JSON.stringify(jpegs)}`);

	const generateCalls = fake.requests.filter((request) => request.action === 'generateContent' || /:generateContent$/.test(request.path));
	assert.strictEqual(
		generateCalls.length,
		1,
		`expected 1 generateContent request, got ${generateCalls.length}: ${fake.requests.map((r) => r.path).join(', ')}`,
	);
	assert.ok(JSON.stringify(generateCalls[0].body ?? generateCalls[0].rawBody).includes(PROMPT), 'the request does not carry the prompt text');
}

async function waitForImageInFrames(page: Page, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		for (const frame of page.frames()) {
			const loaded = await frame.evaluate<boolean>(`Array.from(document.images).some((img) => img.complete && img.naturalWidth > 0)`).catch(() => false);
			if (loaded && frame !== page.mainFrame()) {
				return true;
			}
		}
		await sleep(250);
	}
	return false;
}
