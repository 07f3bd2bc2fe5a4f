// Shared steps of the studio UI modules (test/ui/studio*.ui.ts): open the studio, send prompts, read what the
// webview shows. Not a UI module itself (the runner loads only *.ui.js). Everything that runs inside the webview is
// a string expression: its CSP forbids eval-based helpers such as waitForFunction.
import * as assert from 'assert';
import * as fs from 'fs';
import type { Frame, Page } from 'playwright-core';
import type { FakeGemini, RecordedRequest } from '../fake-gemini/server';
import { findFrame, notificationTexts, openCommand, pollFrame, sleep } from './workbench';

export const OPEN_STUDIO = 'Gemini Image Studio: Open Studio';

/** A part of a request's `contents` as the fake recorded it. */
export interface WirePart {
	text?: string;
	thought?: boolean;
	thoughtSignature?: string;
	inlineData?: { mimeType: string; data: string };
}
export interface WireContent {
	role: string;
	parts: WirePart[];
}

/** Opens the studio from the palette and returns its webview frame. */
export async function openStudio(page: Page): Promise<Frame> {
	await openCommand(page, OPEN_STUDIO, 'Open Studio');
	await page.keyboard.press('Enter');
	return studioFrame(page);
}

/** The studio's webview frame (after a reload the old frames are gone: call again). */
export function studioFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
	return findFrame(page, 'textarea.studio-prompt', timeoutMs);
}

/** Generate requests (streamed or not) the fake received, oldest first. */
export function generateRequests(fake: FakeGemini): RecordedRequest[] {
	return fake.requests.filter((request) => request.action === 'generateContent' || request.action === 'streamGenerateContent');
}

export function contentsOf(request: RecordedRequest): WireContent[] {
	return (request.body?.contents ?? []) as WireContent[];
}

/** The last user turn of a request (the new prompt and its images). */
export function lastUserContent(request: RecordedRequest): WireContent {
	const last = contentsOf(request).at(-1);
	assert.ok(last && last.role === 'user', `the request ends with a user turn: ${JSON.stringify(last?.role)}`);
	return last;
}

/** Base64 payloads of the inline images of a content. */
export function inlineImages(content: WireContent): string[] {
	return content.parts.filter((part) => part.inlineData).map((part) => part.inlineData!.data);
}

/** What the turns show, the fake's request log and the notifications: for failure messages. */
export async function describeStudio(page: Page, frame: Frame, fake?: FakeGemini): Promise<string> {
	const turns = await frame
		.evaluate<string[]>(
			`Array.from(document.querySelectorAll('.studio-turn')).map((li) => li.className + ': ' + li.innerText.replace(/\\s+/g, ' ').slice(0, 300))`,
		)
		.catch((error: unknown) => [`(cannot read turns: ${String(error)})`]);
	const requests = fake ? generateRequests(fake).map((request) => `${request.id} ${request.action} → ${request.status ?? '…'}`) : [];
	return `turns: ${JSON.stringify(turns)}; requests: ${JSON.stringify(requests)}; notifications: ${JSON.stringify(await notificationTexts(page))}`;
}

/** Waits until the conversation shows `count` finished turns and nothing is pending; fails early on a failed turn. */
export async function waitForDoneTurns(page: Page, frame: Frame, count: number, fake?: FakeGemini, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const state = await frame
			.evaluate<{ done: number; pending: number; failed: number }>(
				`({ done: document.querySelectorAll('.studio-turn-done').length, pending: document.querySelectorAll('.studio-turn-pending').length, failed: document.querySelectorAll('.studio-turn-failed').length })`,
			)
			.catch(() => ({ done: -1, pending: -1, failed: 0 }));
		if (state.failed > 0) {
			throw new Error(`a studio turn failed: ${await describeStudio(page, frame, fake)}`);
		}
		if (state.done === count && state.pending === 0) {
			return;
		}
		if (Date.now() > deadline) {
			throw new Error(`expected ${count} done turns, have ${JSON.stringify(state)}: ${await describeStudio(page, frame, fake)}`);
		}
		await sleep(150);
	}
}

/** Types a prompt (replacing the box's content) and presses Enter; waits for the turn to finish. */
export async function sendPrompt(page: Page, frame: Frame, text: string, fake?: FakeGemini): Promise<void> {
	const before = await frame.evaluate<number>(`document.querySelectorAll('.studio-turn-done').length`);
	const prompt = frame.locator('textarea.studio-prompt');
	await prompt.click();
	await prompt.fill(text);
	await prompt.press('Enter');
	await waitForDoneTurns(page, frame, before + 1, fake);
}

export interface ImageState {
	complete: boolean;
	width: number;
	height: number;
	src: string;
}

/** naturalWidth/height and src of every image matching `selector`. */
export function imageStates(frame: Frame, selector: string): Promise<ImageState[]> {
	return frame.evaluate<ImageState[]>(
		`Array.from(document.querySelectorAll(${JSON.stringify(selector)})).map((img) => ({ complete: img.complete, width: img.naturalWidth, height: img.naturalHeight, src: img.src }))`,
	);
}

/** Waits until every image matching `selector` (at least `min` of them) has decoded. */
export async function waitForImagesDecoded(frame: Frame, selector: string, min = 1, timeoutMs = 15_000): Promise<ImageState[]> {
	const sel = JSON.stringify(selector);
	await pollFrame(
		frame,
		`(() => { const images = Array.from(document.querySelectorAll(${sel})); return images.length >= ${min} && images.every((img) => img.complete && img.naturalWidth > 0); })()`,
		async () => `${min}+ decoded images for ${selector}: ${JSON.stringify(await imageStates(frame, selector).catch(() => []))}`,
		timeoutMs,
	);
	return imageStates(frame, selector);
}

/** Final (non-thought) images of done turns. */
export const FINAL_IMAGES = '.studio-turn-done figure.studio-image:not(.studio-thought-image) img';

/** Texts of the prompts shown in the conversation, in order. */
export function shownPrompts(frame: Frame): Promise<string[]> {
	return frame.evaluate<string[]>(
		`Array.from(document.querySelectorAll('.studio-turn')).map((li) => { const user = li.querySelector('.studio-user'); if (!user) { return ''; } const copy = user.cloneNode(true); copy.querySelectorAll('.studio-user-attachments').forEach((n) => n.remove()); return copy.textContent.trim(); })`,
	);
}

/** The `data-image-id` of the last final image's buttons. */
export async function latestImageId(frame: Frame): Promise<string> {
	const id = await frame.evaluate<string | null>(
		`(() => { const buttons = document.querySelectorAll('.studio-turn-done button.studio-save[data-image-id]'); return buttons.length ? buttons[buttons.length - 1].dataset.imageId : null; })()`,
	);
	assert.ok(id, 'the latest image has action buttons with a data-image-id');
	return id;
}

/** The text of the status next to an image (`span.studio-save-status[data-image-id]`). */
export function imageStatus(frame: Frame, imageId: string): Promise<string> {
	return frame.evaluate<string>(
		`Array.from(document.querySelectorAll('span.studio-save-status')).filter((s) => s.dataset.imageId === ${JSON.stringify(imageId)}).map((s) => s.textContent).join(' | ')`,
	);
}

/** Waits until the status of an image matches `pattern`; fails at once when it shows a different final message. */
export async function waitForImageStatus(frame: Frame, imageId: string, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	let text = '';
	while (Date.now() < deadline) {
		text = await imageStatus(frame, imageId).catch(() => '');
		if (pattern.test(text)) {
			return text;
		}
		await sleep(150);
	}
	throw new Error(`the status of image ${imageId} never matched ${String(pattern)}; it says ${JSON.stringify(text)}`);
}

/** Clicks a per-image button (`.studio-save`, `.studio-insert`, …) of image `imageId`. */
export async function clickImageAction(frame: Frame, buttonClass: string, imageId: string): Promise<void> {
	await frame.locator(`button.${buttonClass}[data-image-id="${imageId}"]`).first().click();
}

/**
 * The bytes of the stored file an image of the conversation is shown from. The webview shows turn images through
 * `asWebviewUri` of the session's files, so the file's absolute path is in the URL (the last path that exists on disk).
 */
export function storedImageBytes(src: string): Buffer | undefined {
	const url = new URL(src);
	const candidates = [decodeURIComponent(url.pathname), ...[...url.searchParams.values()]];
	for (const candidate of candidates) {
		// vscode-remote-resource?path=/abs or https://file+.vscode-resource…/abs, maybe with a leading authority.
		for (let index = candidate.indexOf('/'); index >= 0; index = candidate.indexOf('/', index + 1)) {
			const file = candidate.slice(index);
			if (file.length > 1 && fs.existsSync(file) && fs.statSync(file).isFile()) {
				return fs.readFileSync(file);
			}
		}
	}
	return undefined;
}

/** Asserts that each earlier model turn of a request carries its parts back with their signatures. */
export function assertSignaturesReplayed(request: RecordedRequest): void {
	for (const [index, content] of contentsOf(request).entries()) {
		if (content.role !== 'model') {
			continue;
		}
		const answer = content.parts.filter((part) => part.thought !== true && !(part.text === '' && !part.inlineData));
		assert.ok(answer.length > 0, `model turn ${index} has answer parts`);
		for (const part of answer) {
			assert.ok(part.thoughtSignature, `model turn ${index}: every answer part carries its thoughtSignature (${JSON.stringify(Object.keys(part))})`);
		}
	}
}
