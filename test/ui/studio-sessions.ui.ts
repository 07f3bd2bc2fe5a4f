// UI: the studio survives a window reload ("Developer: Reload Window") with its conversation, and the restored
// conversation continues in strict-signature mode (the earlier turns are replayed with their signatures). Then the
// session list: a new conversation starts empty, the earlier one is listed, and choosing it brings its turns back.
import * as assert from 'assert';
import type { Frame } from 'playwright-core';
import type { UiContext } from './uiContext';
import { pollFrame, reloadWindow, sleep, waitForWorkbench } from './workbench';
import {
	FINAL_IMAGES,
	assertSignaturesReplayed,
	contentsOf,
	describeStudio,
	generateRequests,
	lastUserContent,
	openStudio,
	sendPrompt,
	shownPrompts,
	studioFrame,
	waitForDoneTurns,
	waitForImagesDecoded,
} from './studioDriver';

const PROMPTS = ['a blue whale breaching', 'add a sunset behind it'];
const NEXT = 'now as a watercolour';

interface SessionOption {
	value: string;
	text: string;
}

export async function run({ page, fake, screenshot }: UiContext): Promise<void> {
	fake.reset();
	fake.options.strictSignatures = true;
	await waitForWorkbench(page);
	let frame = await openStudio(page);
	for (const prompt of PROMPTS) {
		await sendPrompt(page, frame, prompt, fake);
	}
	await waitForImagesDecoded(frame, FINAL_IMAGES, 2);
	const sessionId = await frame.locator('select.studio-sessions').inputValue();
	assert.ok(sessionId, 'the session list names the current conversation');
	// Checked at the end (so that a stale count does not hide the rest): the list counts the turns as they are added.
	const listedAfterTwo = (await sessionOptions(frame)).find((option) => option.value === sessionId);
	await screenshot('studio-sessions-1-before-reload');

	// --- reload the window: the studio tab comes back with the same conversation ---------------------------------
	await reloadWindow(page);
	frame = await studioFrame(page, 60_000);
	await waitForDoneTurns(page, frame, PROMPTS.length, fake, 30_000);
	assert.deepStrictEqual(await shownPrompts(frame), PROMPTS, 'the restored conversation shows the same prompts');
	const restored = await waitForImagesDecoded(frame, FINAL_IMAGES, PROMPTS.length);
	assert.ok(
		restored.every((image) => !/^(blob|data):/.test(image.src)),
		'restored images come from the stored files',
	);
	assert.strictEqual(await frame.locator('select.studio-sessions').inputValue(), sessionId, 'the same conversation is open');
	await screenshot('studio-sessions-2-restored');

	// --- continue the restored conversation, strict signatures -------------------------------------------------------
	await sendPrompt(page, frame, NEXT, fake);
	await waitForImagesDecoded(frame, FINAL_IMAGES, 3);
	const requests = generateRequests(fake);
	assert.strictEqual(requests.length, 3);
	assert.ok(
		requests.every((request) => request.status === 200),
		`strict mode rejected none: ${await describeStudio(page, frame, fake)}`,
	);
	const replay = contentsOf(requests[2]);
	assert.deepStrictEqual(
		replay.map((content) => content.role),
		['user', 'model', 'user', 'model', 'user'],
		'the earlier turns are replayed',
	);
	assert.strictEqual(replay[0].parts[0].text, PROMPTS[0]);
	assert.strictEqual(replay[2].parts[0].text, PROMPTS[1]);
	assert.deepStrictEqual(replay[1], contentsOf(requests[1])[1], 'the first model turn is replayed exactly as before the reload');
	assertSignaturesReplayed(requests[2]);
	assert.strictEqual(lastUserContent(requests[2]).parts[0].text, NEXT);
	await screenshot('studio-sessions-3-continued');

	// --- sessions: new, listed, switch back ---------------------------------------------------------------------------
	await frame.locator('button.studio-new-session').click();
	await pollFrame(frame, `document.querySelectorAll('.studio-turn').length === 0`, 'an empty conversation', 10_000);
	await pollFrame(
		frame,
		`document.querySelector('select.studio-sessions').value !== ${JSON.stringify(sessionId)}`,
		'the new conversation to be current',
		10_000,
	);
	const options = await sessionOptions(frame);
	const earlier = options.find((option) => option.value === sessionId);
	assert.ok(earlier, `the earlier conversation is listed: ${JSON.stringify(options)}`);
	assert.ok(earlier.text.includes(PROMPTS[0].slice(0, 15)), `it is titled from its first prompt: ${JSON.stringify(earlier.text)}`);
	await screenshot('studio-sessions-4-new-session');

	await frame.locator('select.studio-sessions').selectOption(sessionId);
	await waitForDoneTurns(page, frame, 3, fake);
	assert.deepStrictEqual(await shownPrompts(frame), [...PROMPTS, NEXT], 'choosing it brings its turns back');
	await waitForImagesDecoded(frame, FINAL_IMAGES, 3);
	await sleep(200);
	await screenshot('studio-sessions-5-switched-back');

	// The list says how many turns each conversation has, also right after sending (not only once reloaded).
	assert.match(listedAfterTwo?.text ?? '', /\(2 turns\)/, `after two turns the session list counts 2: ${JSON.stringify(listedAfterTwo)}`);
	const listed = (await sessionOptions(frame)).find((option) => option.value === sessionId);
	assert.match(listed?.text ?? '', /\(3 turns\)/, `the session list counts the 3 turns: ${JSON.stringify(listed)}`);
}

function sessionOptions(frame: Frame): Promise<SessionOption[]> {
	return frame.evaluate<SessionOption[]>(
		`Array.from(document.querySelectorAll('select.studio-sessions option')).map((o) => ({ value: o.value, text: o.textContent }))`,
	);
}
