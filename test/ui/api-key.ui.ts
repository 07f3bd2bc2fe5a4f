// UI: "Set Gemini API Key…" from the palette → the password box. Escape stores nothing; a value that is no key is
// refused in the box (the message says why, Enter does not take it); a key is stored and then sent with the next
// request (Refresh Model List), instead of the environment's key. "Clear Gemini API Key" puts the environment's back,
// so the modules after this one see what they saw before.
import * as assert from 'assert';
import type { Page } from 'playwright-core';
import type { RecordedRequest } from '../fake-gemini/server';
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

/** The runner's GEMINI_API_KEY (test/runners/codeServer.ts). */
const ENV_KEY = 'env-key-for-tests-0001';
const NEW_KEY = 'ui-stored-key-0002';

function keyOf(request: RecordedRequest): unknown {
	return request.headers['x-goog-api-key'];
}

/** Runs "Refresh Model List" and returns the key its models.list request carried. */
async function keySentByRefresh({ page, fake }: Pick<UiContext, 'page' | 'fake'>): Promise<unknown> {
	const before = fake.requests.length;
	await openCommand(page, 'Gemini Image Studio: Refresh Model List', 'Refresh Model List');
	await page.keyboard.press('Enter');
	await waitUntil(
		async () => fake.requests.slice(before).some((request) => request.action === 'list'),
		20_000,
		async () => `no models.list request; notifications: ${JSON.stringify(await notificationTexts(page))}`,
	);
	return keyOf(fake.requests.slice(before).find((request) => request.action === 'list')!);
}

async function openPasswordBox(page: Page): Promise<void> {
	await openCommand(page, 'Gemini Image Studio: Set Gemini API Key…', 'Set Gemini API Key');
	await page.keyboard.press('Enter');
	await waitUntil(
		async () => (await quickInputTitle(page)) === 'Gemini API Key',
		15_000,
		async () => `the password box did not open; quick input: ${await describeQuickInput(page)}`,
	);
}

async function validationMessage(page: Page): Promise<string> {
	const message = page.locator('.quick-input-widget .quick-input-message').filter({ visible: true }).first();
	return (await message.count()) > 0 ? (await message.innerText().catch(() => '')).trim() : '';
}

export async function run({ page, fake, screenshot }: UiContext): Promise<void> {
	fake.reset();
	await waitForWorkbench(page);
	assert.strictEqual(await keySentByRefresh({ page, fake }), ENV_KEY, 'before: the environment key');

	// Escape: nothing stored.
	await openPasswordBox(page);
	const input = page.locator(quickInputBox).filter({ visible: true }).first();
	assert.strictEqual(await input.getAttribute('type'), 'password', 'the key is typed into a password box');
	await input.pressSequentially('never-stored-0003', { delay: 5 });
	await page.keyboard.press('Escape');
	await waitUntil(async () => !(await isQuickInputVisible(page)), 5000, 'Escape did not close the box');
	assert.strictEqual(await keySentByRefresh({ page, fake }), ENV_KEY, 'Escape stored nothing');

	// A value that is no key: the box says why and keeps it.
	await openPasswordBox(page);
	await input.pressSequentially('two words', { delay: 5 });
	await waitUntil(
		async () => (await validationMessage(page)).includes('This is not an API key: it contains a space.'),
		5000,
		async () => `no validation message; quick input: ${await describeQuickInput(page)}`,
	);
	await screenshot('api-key-1-refused-value');
	await page.keyboard.press('Enter');
	await sleep(500);
	assert.ok(await isQuickInputVisible(page), 'Enter does not take a value that is no key');
	assert.strictEqual(await input.getAttribute('type'), 'password');

	// A key: stored, and sent from now on.
	await input.fill('');
	await input.pressSequentially(NEW_KEY, { delay: 5 });
	// Accepted: no validation message, the box shows its prompt again.
	await waitUntil(
		async () => (await validationMessage(page)).startsWith('Paste a Gemini API key'),
		5000,
		async () => `the prompt is not back: ${await validationMessage(page)}`,
	);
	await screenshot('api-key-2-key-typed');
	await page.keyboard.press('Enter');
	await waitUntil(async () => !(await isQuickInputVisible(page)), 5000, 'the box did not close after a key');
	assert.strictEqual(await keySentByRefresh({ page, fake }), NEW_KEY, 'the stored key is used');
	const shown = [...(await notificationTexts(page)), await page.locator('.monaco-workbench').innerText()].join('\n');
	assert.ok(!shown.includes(NEW_KEY), 'the key is never shown');

	// Clear: the environment's key again (and for the modules after this one).
	await openCommand(page, 'Gemini Image Studio: Clear Gemini API Key', 'Clear Gemini API Key');
	await page.keyboard.press('Enter');
	await sleep(500);
	assert.strictEqual(await keySentByRefresh({ page, fake }), ENV_KEY, 'cleared: the environment key again');
}
