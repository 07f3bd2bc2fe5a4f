// UI: the pickers of the palette flows, answered as a user would.
// "Edit Image with Gemini…" from the palette → the image picker lists the workspace's images and "Browse…" → an image
// picked from the list; again → "Browse…" → the file dialog → an image the list leaves out (under node_modules) →
// two pending edits. "Review Pending Edits…" → "Which pending edit?" lists both → the older one opens → Replace.
// "Review Pending Edits…" again → the one left opens without asking → Replace. "Restore Original Image…" →
// "Restore which original?" lists both backups → the logo's → its bytes are back, the other file stays replaced.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { expectedDimensions, promptSeed, renderFakeImage } from '../fake-gemini/server';
import type { UiContext } from './uiContext';
import {
	describeQuickInput,
	editorTab,
	isQuickInputVisible,
	notificationTexts,
	openCommand,
	quickInputBox,
	quickInputTitle,
	sleep,
	waitForWorkbench,
	waitUntil,
} from './workbench';

const LOGO_PROMPT = 'dark mode variant';
const BADGE_PROMPT = 'a golden badge';

/** What the fake returns for an edit with `prompt` (default model, 1K JPEG) of an input of `ratio`. */
function resultFor(prompt: string, ratio: string): Buffer {
	const { width, height } = expectedDimensions(ratio, '1K');
	return renderFakeImage('image/jpeg', width, height, promptSeed(prompt));
}

/** The rows of the open quick pick: the texts of each (label, description, detail) joined by spaces. */
async function rowTexts(page: Page): Promise<string[]> {
	// A string, not a function: the test tsconfig has no DOM lib.
	const script = `(() => {
		const widget = Array.from(document.querySelectorAll('.quick-input-widget')).find((w) => w.offsetParent !== null);
		if (!widget) {
			return [];
		}
		// Label, description and detail are each a highlighted label (matches split them into spans); separators
		// such as "recently used" are plain text.
		return Array.from(widget.querySelectorAll('.quick-input-list .monaco-list-row')).map((row) =>
			Array.from(row.querySelectorAll('.monaco-highlighted-label, .quick-input-list-separator'))
				.map((part) => part.textContent.trim())
				.filter(Boolean)
				.join(' '),
		);
	})()`;
	return page.evaluate<string[]>(script).catch(() => []);
}

/** Waits for a quick pick whose placeholder is `placeholder` and which lists at least `minRows` rows. */
async function waitForPicker(page: Page, placeholder: string, minRows: number): Promise<string[]> {
	const input = page.locator(quickInputBox).filter({ visible: true }).first();
	await waitUntil(
		async () => (await input.getAttribute('placeholder').catch(() => '')) === placeholder && (await rowTexts(page)).length >= minRows,
		20_000,
		async () =>
			`no "${placeholder}" picker with ${minRows}+ rows; quick input: ${await describeQuickInput(page)}; notifications: ${JSON.stringify(await notificationTexts(page))}`,
	);
	return rowTexts(page);
}

/** Types `filter` into the open quick pick, waits until its first row is `row`, and accepts it with Enter. */
async function pickRow(page: Page, filter: string, row: RegExp): Promise<void> {
	const input = page.locator(quickInputBox).filter({ visible: true }).first();
	await input.fill(filter);
	await waitUntil(
		async () => row.test((await rowTexts(page))[0] ?? ''),
		10_000,
		async () => `typing "${filter}" did not bring ${String(row)} to the top: ${JSON.stringify(await rowTexts(page))}`,
	);
	await page.keyboard.press('Enter');
}

/** Types the prompt into the prompt box titled `title` and sends it. */
async function answerPrompt(page: Page, title: string, prompt: string): Promise<void> {
	await waitUntil(
		async () => (await quickInputTitle(page)) === title,
		15_000,
		async () => `no prompt box "${title}"; quick input: ${await describeQuickInput(page)}`,
	);
	const input = page.locator(quickInputBox).filter({ visible: true }).first();
	await input.pressSequentially(prompt, { delay: 5 });
	await page.keyboard.press('Enter');
}

/**
 * Waits for the review of `stem` and for both its previews to show their image: a preview that loads later takes the
 * focus, which would close a picker opened meanwhile.
 */
async function waitForReview(page: Page, stem: string): Promise<void> {
	const tab = editorTab(page, `${stem} (original).png`);
	await waitUntil(
		async () => (await tab.count()) > 0,
		60_000,
		async () =>
			`no review tab for ${stem}; tabs: ${JSON.stringify(await page.locator('.tabs-container .tab').allInnerTexts())}; notifications: ${JSON.stringify(await notificationTexts(page))}`,
	);
	await waitUntil(() => imagesRendered(page, 2), 20_000, `the review of ${stem} did not render both images`);
	await sleep(500);
}

async function imagesRendered(page: Page, count: number): Promise<boolean> {
	let loaded = 0;
	for (const frame of page.frames()) {
		if (frame !== page.mainFrame()) {
			const ok = await frame.evaluate<boolean>(`Array.from(document.images).some((img) => img.complete && img.naturalWidth > 0)`).catch(() => false);
			loaded += ok ? 1 : 0;
		}
	}
	return loaded >= count;
}

async function closeAllEditors(page: Page): Promise<void> {
	await openCommand(page, 'View: Close All Editors', 'Close All Editors');
	await page.keyboard.press('Enter');
	await waitUntil(async () => (await page.locator('.tabs-container .tab').count()) === 0, 10_000, 'the editors did not close');
	await waitUntil(async () => !(await isQuickInputVisible(page)), 10_000, 'the palette did not close');
}

/** Clicks "Replace Original with Edit" in the title bar of the active review and waits until `file` holds `bytes`. */
async function replaceFromTitle(page: Page, file: string, bytes: Buffer): Promise<void> {
	const replace = page.locator('.editor-actions .action-label[aria-label^="Replace Original with Edit"]').filter({ visible: true }).first();
	await replace.waitFor({ timeout: 10_000 });
	await replace.click();
	await waitUntil(async () => fs.readFileSync(file).equals(bytes), 15_000, `${path.basename(file)} was not replaced by the result`);
}

export async function run({ page, fake, workspaceDir, screenshot }: UiContext): Promise<void> {
	fake.reset();
	const logo = path.join(workspaceDir, 'images', 'logo.png');
	const shirt = path.join(workspaceDir, 'images', 'shirt.png');
	// Under node_modules: the picker's search leaves it out, "Browse…" reaches it.
	const badge = path.join(workspaceDir, 'vendor', 'node_modules', 'brand', 'badge.png');
	const logoBytes = renderFakeImage('image/png', 800, 450, 61);
	const badgeBytes = renderFakeImage('image/png', 300, 300, 62);
	for (const [file, bytes] of [
		[logo, logoBytes],
		[shirt, renderFakeImage('image/png', 200, 200, 63)],
		[badge, badgeBytes],
	] as const) {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, bytes);
	}
	const started = Date.now();
	const mark = (what: string) => console.log(`[ui]     ${what} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
	await waitForWorkbench(page);

	// --- the image picker: a listed image ------------------------------------------------------------------------
	await openCommand(page, 'Gemini Image Studio: Edit Image with Gemini…', 'Edit Image with Gemini');
	await page.keyboard.press('Enter');
	const listed = await waitForPicker(page, 'Select an image', 3);
	assert.deepStrictEqual(listed, ['images/logo.png', 'images/shirt.png', 'Browse…'], 'the workspace images, sorted, then Browse…');
	assert.strictEqual(await quickInputTitle(page), 'Edit Image with Gemini');
	await screenshot('pickers-1-image-picker');
	await pickRow(page, 'logo', /^images\/logo\.png$/);
	await answerPrompt(page, 'Edit logo.png', LOGO_PROMPT);
	await waitForReview(page, 'logo');
	const logoRequest = fake.requests.find((request) => request.action === 'generateContent');
	assert.strictEqual(logoRequest?.body.contents[0].parts[1].inlineData.data, logoBytes.toString('base64'), 'the picked image was sent');

	mark('the first edit');
	// --- the image picker: Browse… -------------------------------------------------------------------------------
	await openCommand(page, 'Gemini Image Studio: Edit Image with Gemini…', 'Edit Image with Gemini');
	await page.keyboard.press('Enter');
	await waitForPicker(page, 'Select an image', 3);
	await pickRow(page, 'Browse', /^Browse…$/);
	// code-server has no native dialog: VS Code's own file dialog is a quick input whose value is a path. It lists
	// the folder first and may reset the value meanwhile: type the path once the listing is there, and again if lost.
	const input = page.locator(quickInputBox).filter({ visible: true }).first();
	await waitUntil(
		async () =>
			(await quickInputTitle(page)) === 'Edit Image with Gemini' &&
			(await input.inputValue().catch(() => '')).startsWith('/') &&
			(await rowTexts(page)).includes('images'),
		15_000,
		async () => `the file dialog did not open; quick input: ${await describeQuickInput(page)}`,
	);
	await waitUntil(
		async () => {
			if ((await quickInputTitle(page)) === 'Edit badge.png') {
				return true;
			}
			if ((await input.inputValue().catch(() => '')) !== badge) {
				await input.fill(badge);
				await sleep(500);
				return false;
			}
			await screenshot('pickers-2-browse-dialog');
			await page.keyboard.press('Enter');
			await sleep(1000);
			return (await quickInputTitle(page)) === 'Edit badge.png';
		},
		20_000,
		async () => `the file dialog did not take ${badge}; quick input: ${await describeQuickInput(page)}`,
	);
	await answerPrompt(page, 'Edit badge.png', BADGE_PROMPT);
	await waitForReview(page, 'badge');
	const badgeRequest = fake.requests.filter((request) => request.action === 'generateContent')[1];
	assert.strictEqual(badgeRequest?.body.contents[0].parts[1].inlineData.data, badgeBytes.toString('base64'), 'the browsed image was sent');

	mark('the edit through Browse…');
	// --- "Which pending edit?" -----------------------------------------------------------------------------------
	await closeAllEditors(page);
	await openCommand(page, 'Gemini Image Studio: Review Pending Edits…', 'Review Pending Edits');
	mark('the palette found Review Pending Edits');
	await page.keyboard.press('Enter');
	const pending = await waitForPicker(page, 'Which pending edit?', 2);
	assert.strictEqual(pending.length, 2, `both edits are listed: ${JSON.stringify(pending)}`);
	assert.match(
		pending[0],
		/^badge\.png vendor\/node_modules\/brand\/badge\.png a golden badge( recently used| similar commands)?$/,
		`the newest first, with its path and prompt: ${JSON.stringify(pending)}`,
	);
	assert.match(pending[1], /^logo\.png images\/logo\.png dark mode variant( recently used| similar commands)?$/, JSON.stringify(pending));
	await screenshot('pickers-3-which-pending-edit');
	await pickRow(page, 'logo', /^logo\.png /);
	await waitForReview(page, 'logo');
	const logoResult = resultFor(LOGO_PROMPT, '16:9');
	await replaceFromTitle(page, logo, logoResult);

	mark('the pending-edit picker and a Replace');
	// One edit left: it opens without a question.
	await closeAllEditors(page);
	mark('closed the editors');
	await openCommand(page, 'Gemini Image Studio: Review Pending Edits…', 'Review Pending Edits');
	await page.keyboard.press('Enter');
	await waitForReview(page, 'badge');
	mark('the review of the edit left');
	const badgeResult = resultFor(BADGE_PROMPT, '1:1');
	await replaceFromTitle(page, badge, badgeResult);

	mark('the second Replace');
	// --- "Restore which original?" -------------------------------------------------------------------------------
	await closeAllEditors(page);
	await openCommand(page, 'Gemini Image Studio: Restore Original Image…', 'Restore Original Image');
	await page.keyboard.press('Enter');
	const restorable = await waitForPicker(page, 'Restore which original?', 2);
	assert.strictEqual(restorable.length, 2, `both backups are listed: ${JSON.stringify(restorable)}`);
	// The workbench may mark the row it last picked in this session "recently used", and a row reused from the command
	// palette can still carry its section label ("similar commands") for a moment: separator labels, not our text.
	assert.match(
		restorable[0],
		/^badge\.png .+ a golden badge( recently used| similar commands)?$/,
		`the newest first, with when and the prompt: ${JSON.stringify(restorable)}`,
	);
	assert.match(restorable[1], /^logo\.png .+ dark mode variant( recently used| similar commands)?$/, JSON.stringify(restorable));
	await screenshot('pickers-4-restore-which-original');
	await pickRow(page, 'logo', /^logo\.png /);
	await waitUntil(async () => fs.readFileSync(logo).equals(logoBytes), 15_000, 'the logo was not restored');
	assert.ok(fs.readFileSync(badge).equals(badgeResult), 'the other file stays replaced');
	await screenshot('pickers-5-restored');
}
