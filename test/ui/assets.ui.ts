// UI: an asset manifest in the editor → its code lenses and a problem → "Generate Missing" from the code lens →
// the budget's modal (above imageStudio.confirmAboveUsd) → files on disk; then "Submit Assets as Batch" from the
// palette → the status bar's batch item → Reload Window → the job is still tracked → its results are saved.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { UiContext } from './uiContext';
import { notificationTexts, openCommand, quickOpenFile, reloadWindow, sleep, waitForWorkbench, waitUntil } from './workbench';

const MANIFEST = 'assets.imagestudio.json';

function manifest(withBanner: boolean): string {
	return JSON.stringify(
		{
			defaults: { model: 'gemini-nano-banana-2.1', imageSize: '1K', outputFolder: 'assets/app' },
			style: 'flat vector, two colours',
			assets: [
				{ id: 'home', prompt: 'a house icon', output: 'icons/home.jpg' },
				{ id: 'search', prompt: 'a magnifier icon', output: 'icons/search.jpg' },
				{ id: 'typo', prompt: 'misspelt key', output: 'icons/typo.jpg', colour: 'red' },
				...(withBanner ? [{ id: 'banner', prompt: 'a wide banner', output: 'banner.jpg', aspectRatio: '16:9' }] : []),
			],
		},
		null,
		'\t',
	);
}

export async function run({ page, fake, workspaceDir, screenshot }: UiContext): Promise<void> {
	fake.reset();
	fs.writeFileSync(path.join(workspaceDir, MANIFEST), manifest(false));
	fs.mkdirSync(path.join(workspaceDir, '.vscode'), { recursive: true });
	fs.writeFileSync(
		path.join(workspaceDir, '.vscode', 'settings.json'),
		JSON.stringify(
			{ 'imageStudio.confirmAboveUsd': 0.05, 'imageStudio.assets.requestsPerMinute': 0, 'imageStudio.assets.batchPollSeconds': 2 },
			null,
			'\t',
		),
	);
	const file = (relative: string) => path.join(workspaceDir, relative);
	await waitForWorkbench(page);

	// --- the manifest: code lenses and a problem ------------------------------------------------------------------
	await quickOpenFile(page, MANIFEST);
	const lens = (text: string | RegExp) => page.locator('.contentWidgets .codelens-decoration a, .codelens-decoration a').filter({ hasText: text }).first();
	await waitUntil(
		async () => (await lens('Generate Missing (2)').count()) > 0,
		30_000,
		async () => `no "Generate Missing (2)" code lens: ${JSON.stringify(await page.locator('.codelens-decoration').allInnerTexts())}`,
	);
	const squiggles = page.locator('.monaco-editor .squiggly-error');
	await waitUntil(async () => (await squiggles.count()) > 0, 15_000, 'no error squiggle under the unknown key "colour"');
	await sleep(300);
	await screenshot('assets-1-manifest-code-lenses');

	// --- Generate Missing → the budget's modal → files --------------------------------------------------------------
	await lens('Generate Missing (2)').click();
	const dialog = page.locator('.monaco-dialog-box').first();
	await dialog.waitFor({ timeout: 15_000 });
	const dialogText = (await dialog.innerText()).replace(/\s+/g, ' ');
	assert.match(dialogText, /2 image requests for 2 assets will cost about \$0\.07/, dialogText);
	await screenshot('assets-2-budget-question');
	assert.strictEqual(fake.requests.filter((request) => request.action === 'generateContent').length, 0, 'nothing is sent before the answer');
	await dialog.locator('a.monaco-button, button').filter({ hasText: 'Generate 2 Images' }).first().click();
	await waitUntil(
		async () => fs.existsSync(file('assets/app/icons/home.jpg')) && fs.existsSync(file('assets/app/icons/search.jpg')),
		30_000,
		async () => `the two images were not written; notifications: ${JSON.stringify(await notificationTexts(page))}`,
	);
	// A lens without a command (the status) is plain text, not a link.
	await waitUntil(
		async () => (await page.locator('.codelens-decoration').filter({ hasText: 'up to date' }).count()) > 0,
		15_000,
		'no "up to date" code lens after the run',
	);
	assert.ok(!fs.existsSync(file('assets/app/icons/typo.jpg')), 'the bad entry is skipped');

	// --- a batch job across a reload ---------------------------------------------------------------------------------
	fake.setOptions({ batchCompletesAfterPolls: 1000 });
	fs.writeFileSync(file(MANIFEST), manifest(true));
	await waitUntil(async () => (await lens('Generate Missing (1)').count()) > 0, 20_000, 'the new asset is not counted as missing');
	await openCommand(page, 'Gemini Image Studio: Submit Assets as Batch (half price)', 'Submit Assets as Batch');
	await page.keyboard.press('Enter');
	const batchItem = page
		.locator('.statusbar-item')
		.filter({ hasText: /1 batch job/ })
		.first();
	await batchItem.waitFor({ timeout: 20_000 });
	const job = [...fake.batches.keys()][0];
	assert.ok(job, 'the fake received a batch job');
	await waitUntil(
		async () => (await page.locator('.codelens-decoration').filter({ hasText: 'waiting in a batch job' }).count()) > 0,
		15_000,
		'no "waiting in a batch job" code lens',
	);
	await screenshot('assets-3-batch-pending');

	await reloadWindow(page);
	await batchItem.waitFor({ timeout: 30_000 });
	assert.ok(!fs.existsSync(file('assets/app/banner.jpg')));
	assert.ok(fake.forceBatchState(job, 'BATCH_STATE_SUCCEEDED'));
	await waitUntil(
		async () => fs.existsSync(file('assets/app/banner.jpg')),
		40_000,
		async () => `the batch result was not saved after the reload; notifications: ${JSON.stringify(await notificationTexts(page))}`,
	);
	await waitUntil(async () => (await batchItem.count()) === 0, 15_000, 'the batch status bar item stays after the job finished');
	await waitUntil(
		async () => (await lens('Generate Missing (0)').count()) > 0,
		15_000,
		async () => `the code lenses were not refreshed: ${JSON.stringify(await page.locator('.codelens-decoration').allInnerTexts())}`,
	);
	await sleep(500);
	await screenshot('assets-4-batch-saved-after-reload');
	const lock = JSON.parse(fs.readFileSync(file('assets.imagestudio.lock.json'), 'utf8'));
	assert.deepStrictEqual(Object.keys(lock.assets).sort(), ['banner', 'home', 'search']);
	assert.deepStrictEqual(lock.pendingBatches ?? [], []);
}
