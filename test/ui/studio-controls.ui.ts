// UI: the studio's controls and per-image Save / Insert. A prompt template fills the prompt box; aspect ratio 16:9,
// thinking level "high" (the Thinking select lists the model's levels in lower case, its default marked), output
// "image only" and Google Search go into the request; the turn shows its grounding sources, Google's search
// entry point in a sandboxed frame, and its token usage. Then Insert puts `![alt](relative path)` at the cursor of a
// Markdown file (asserted on disk after saving it) and Save stores the image in the output folder.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { findFakeModel } from '../fake-gemini/modelTable';
import { expectedDimensions, promptSeed, renderFakeImage } from '../fake-gemini/server';
import type { UiContext } from './uiContext';
import { editorTab, quickOpenFile, sleep, waitForWorkbench, waitUntil } from './workbench';
import {
	FINAL_IMAGES,
	clickImageAction,
	generateRequests,
	latestImageId,
	openStudio,
	storedImageBytes,
	studioFrame,
	waitForDoneTurns,
	waitForImageStatus,
	waitForImagesDecoded,
} from './studioDriver';

const PROMPT = 'a lighthouse at dusk, the current news headline on a banner';
const NOTES = '# Notes\n\nThe lighthouse, as generated:\n';

export async function run({ page, fake, workspaceDir, screenshot }: UiContext): Promise<void> {
	fake.reset();
	fake.options.strictSignatures = true;
	const notes = path.join(workspaceDir, 'docs', 'notes.md');
	fs.mkdirSync(path.dirname(notes), { recursive: true });
	fs.writeFileSync(notes, NOTES);
	await waitForWorkbench(page);
	let frame = await openStudio(page);
	const prompt = frame.locator('textarea.studio-prompt');

	// --- a prompt template fills a structured prompt with [placeholders] ---------------------------------------------
	const templates = await frame.evaluate<string[]>(
		`Array.from(document.querySelectorAll('select.studio-template option')).map((o) => o.value).filter((v) => v)`,
	);
	assert.ok(templates.length >= 8, `the guide's templates are offered: ${JSON.stringify(templates)}`);
	await frame.locator('select.studio-template').selectOption(templates[0]);
	const filled = await prompt.inputValue();
	assert.ok(filled.includes('['), `the template filled the prompt box with placeholders: ${JSON.stringify(filled)}`);
	await screenshot('studio-controls-1-template');

	// --- controls: 16:9, thinking high, image only, Google Search ------------------------------------------------------
	await prompt.fill(PROMPT);
	await frame.locator('select.studio-aspect-ratio').selectOption('16:9');
	// The model control: the selected model's name, marked when deprecated; its tooltip has the catalog's detail.
	const model = await frame.evaluate<{ id: string; text: string; title: string }>(
		`(() => { const s = document.querySelector('select.studio-model'); const o = s.selectedOptions[0]; return { id: s.value, text: o.textContent, title: s.title }; })()`,
	);
	assert.ok(model.title.includes(model.id), `the model's tooltip names it: ${JSON.stringify(model)}`);
	if (model.id === 'gemini-3.1-flash-image') {
		assert.match(model.text, /\(deprecated\)$/, 'a deprecated model is marked');
	}
	const thinking = frame.locator('select.studio-thinking-level');
	assert.ok(await thinking.isVisible(), 'the Thinking select is shown for a model with thinking levels');
	const levels = await frame.evaluate<{ value: string; text: string }[]>(
		`Array.from(document.querySelectorAll('select.studio-thinking-level option')).map((o) => ({ value: o.value, text: o.textContent }))`,
	);
	const defaults = levels.filter((level) => level.text.endsWith(' (default)'));
	assert.strictEqual(defaults.length, 1, `one level is marked as the default: ${JSON.stringify(levels)}`);
	assert.strictEqual(defaults[0].value, '', 'the default sends nothing');
	assert.ok(
		levels.every((level) => level.text === level.text.toLowerCase()),
		`levels in lower case: ${JSON.stringify(levels)}`,
	);
	assert.ok(
		levels.some((level) => level.value === 'HIGH' && level.text === 'high'),
		`"high" is offered: ${JSON.stringify(levels)}`,
	);
	await thinking.selectOption('HIGH');
	await screenshot('studio-controls-1b-thinking');
	await frame.locator('select.studio-output').selectOption('imageOnly');
	await frame.locator('input.studio-grounding').check();
	// Google's search entry HTML is untrusted: a refresh hidden by nesting, a base URL, a stylesheet link and a form must
	// not reach the frame; its style (with the page's style nonce) and its chips do.
	fake.enqueue({
		kind: 'image',
		renderedContent:
			'<style>.chip{border:1px solid #ccc}</style><me<meta>ta http-equiv="refresh" content="0;url=https://evil.example/">' +
			'<meta http-equiv="refresh" content="0;url=https://evil.example/"><base href="https://evil.example/"><link rel="stylesheet" href="https://evil.example/x.css">' +
			'<form action="https://evil.example/"><input name="q"></form><div class="container"><a class="chip" href="https://www.google.com/search?q=lighthouse">lighthouse</a></div>',
	});
	await prompt.press('Enter');
	await waitForDoneTurns(page, frame, 1, fake);
	const requests = generateRequests(fake);
	assert.strictEqual(requests.length, 1);
	const body = requests[0].body;
	assert.strictEqual(body.generationConfig?.imageConfig?.aspectRatio, '16:9', JSON.stringify(body.generationConfig));
	assert.deepStrictEqual(body.generationConfig?.responseModalities, ['IMAGE'], JSON.stringify(body.generationConfig));
	assert.deepStrictEqual(body.tools, [{ googleSearch: {} }]);
	assert.strictEqual(body.generationConfig?.thinkingConfig?.thinkingLevel, 'HIGH', JSON.stringify(body.generationConfig));
	assert.strictEqual(await thinking.inputValue(), 'HIGH', 'the choice stays for the next turn');
	const [image] = await waitForImagesDecoded(frame, FINAL_IMAGES, 1);
	const { width, height } = expectedDimensions('16:9', body.generationConfig?.imageConfig?.imageSize ?? '1K');
	assert.deepStrictEqual([image.width, image.height], [width, height], 'a 16:9 image is shown');

	// Grounding: the sources as links, and Google's search entry point in a sandboxed frame without scripts.
	const links = frame.locator('.studio-turn-done .studio-grounding ul.studio-grounding-sources a');
	assert.strictEqual(await links.count(), 2, 'two grounding sources');
	const titles = (await links.allInnerTexts()).map((text) => text.trim());
	assert.ok(titles.some((t) => t.includes('example.com')) && titles.some((t) => t.includes('wikipedia.org')), `source titles: ${JSON.stringify(titles)}`);
	for (const href of await frame.evaluate<string[]>(
		`Array.from(document.querySelectorAll('.studio-turn-done .studio-grounding ul.studio-grounding-sources a')).map((a) => a.href)`,
	)) {
		assert.match(href, /^https:\/\//, 'sources link to https only');
	}
	const entry = frame.locator('.studio-turn-done iframe.studio-search-entry');
	assert.strictEqual(await entry.count(), 1, 'the search entry point is shown');
	const sandbox = await entry.getAttribute('sandbox');
	assert.ok(sandbox !== null, 'the search entry frame is sandboxed');
	assert.doesNotMatch(sandbox, /allow-scripts/, `no scripts in the search entry frame: sandbox="${sandbox}"`);
	const srcdoc = (await entry.getAttribute('srcdoc')) ?? '';
	assert.match(srcdoc, /<a class="chip" href="https:\/\/www\.google\.com\/search\?q=lighthouse">/, 'the chips are shown');
	assert.match(srcdoc, /<style nonce="[^"]+">\.chip/, "Google's style applies with the style nonce");
	assert.doesNotMatch(
		srcdoc,
		/<meta[^>]*refresh|<base|<link|<form|evil\.example\/x\.css/i,
		`no refresh, base, stylesheet link or form: ${srcdoc.slice(0, 600)}`,
	);
	// Token usage of the turn, with its input tokens.
	const usage = ((await frame.locator('.studio-turn-done .studio-usage').first().textContent()) ?? '').trim();
	assert.match(usage, /[\d,]+\s*input/i, `the turn shows its input tokens: ${JSON.stringify(usage)}`);
	await frame.locator('.studio-turn-done .studio-grounding').first().scrollIntoViewIfNeeded();
	await sleep(300);
	await screenshot('studio-controls-2-grounding');

	// The image as the session holds it: the stored file behind the webview URL, else what the fake renders.
	const sessionBytes = storedImageBytes(image.src);
	assert.ok(sessionBytes, `the image's stored file is found from its webview URL: ${image.src}`);
	// And it is what the fake rendered for this prompt (the studio stores the model's bytes untouched).
	const rendered = renderFakeImage(findFakeModel(requests[0].model ?? '')?.capabilities.outputMimeType ?? 'image/png', width, height, promptSeed(PROMPT));
	assert.ok(sessionBytes.equals(rendered), "the stored image is the model's bytes");
	const imageId = await latestImageId(frame);

	// --- Insert into a Markdown file at its cursor ---------------------------------------------------------------------
	await quickOpenFile(page, 'notes.md');
	await sleep(300);
	await page.keyboard.press('Control+End');
	frame = await backToStudio(page);
	await clickImageAction(frame, 'studio-insert', imageId);
	const inserted = await waitForImageStatus(frame, imageId, /inserted|fail|could not|open a text/i);
	assert.match(inserted, /^Inserted/, `Insert succeeded: ${inserted}`);
	await screenshot('studio-controls-3-inserted-status');
	await editorTab(page, 'notes.md').click();
	await sleep(300);
	await page.keyboard.press('Control+S');
	// The save may be caught half-way (the file truncated before it is written): wait for the link itself.
	await waitUntil(
		async () => /!\[[^\]]*\]\(/.test(fs.readFileSync(notes, 'utf8')),
		10_000,
		`notes.md was not saved with the link: ${JSON.stringify(fs.readFileSync(notes, 'utf8'))}`,
	);
	const markdown = fs.readFileSync(notes, 'utf8');
	assert.ok(markdown.startsWith(NOTES), `the link went to the end, after the existing text: ${JSON.stringify(markdown)}`);
	const link = /!\[([^\]]*)\]\(<?([^)>]+)>?\)/.exec(markdown.slice(NOTES.length));
	assert.ok(link, `a Markdown image link was inserted: ${JSON.stringify(markdown)}`);
	const [, alt, relative] = link;
	assert.ok(alt.trim().length > 0, 'the link has alt text');
	assert.ok(!path.isAbsolute(relative) && !/^[a-z]+:/i.test(relative), `the path is relative: ${relative}`);
	const linked = path.resolve(path.dirname(notes), decodeURI(relative));
	assert.ok(linked.startsWith(workspaceDir + path.sep), `the image is inside the workspace: ${linked}`);
	assert.ok(fs.existsSync(linked), `the linked image exists: ${linked}`);
	assert.ok(fs.readFileSync(linked).equals(sessionBytes), 'the linked file holds the session image, byte for byte');
	await screenshot('studio-controls-4-inserted-markdown');

	// --- Save: into the output folder ------------------------------------------------------------------------------------
	frame = await backToStudio(page);
	await clickImageAction(frame, 'studio-save', imageId);
	const saved = await waitForImageStatus(frame, imageId, /saved as|fail|could not/i);
	// Insert saved it already: Save names that file instead of writing a second copy.
	const savedMatch = /^Already saved as (.+)$/.exec(saved.trim());
	assert.ok(savedMatch, `Save reports the file Insert saved: ${saved}`);
	const savedFile = path.resolve(workspaceDir, savedMatch[1].trim());
	assert.strictEqual(savedFile, linked, 'the same file as the inserted link');
	assert.ok(fs.existsSync(savedFile), `the saved file exists: ${savedFile}`);
	assert.ok(fs.readFileSync(savedFile).equals(sessionBytes), 'the saved file holds the session image, byte for byte');
	await screenshot('studio-controls-5-saved');

	// --- Gemini refuses the history (a thought-signature 400): Continue from here, no Retry ----------------------------
	fake.enqueue({
		kind: 'error',
		status: 400,
		errorStatus: 'INVALID_ARGUMENT',
		details: [],
		message: 'Image part is missing a thought_signature in content position 2, part position 1.',
	});
	const sentBefore = generateRequests(fake).length;
	frame = await backToStudio(page);
	const nextPrompt = frame.locator('textarea.studio-prompt');
	await nextPrompt.fill('now with fog');
	await nextPrompt.press('Enter');
	const failed = frame.locator('.studio-turn-failed');
	await failed.waitFor({ timeout: 30_000 });
	assert.match((await failed.locator('.studio-error-text').textContent()) ?? '', /did not accept this conversation's history/);
	assert.strictEqual(await failed.locator('.studio-retry').count(), 0, 'no Retry for a refused history');
	const continueButton = failed.locator('.studio-continue-earlier');
	assert.strictEqual(await continueButton.count(), 1, 'Continue from here is offered');
	assert.match((await continueButton.textContent()) ?? '', /Continue from here/);
	assert.strictEqual(generateRequests(fake).length, sentBefore + 1, 'sent once, never retried');
	await failed.scrollIntoViewIfNeeded();
	await screenshot('studio-controls-6-history-refused');
	await continueButton.click();
	// A new conversation with the answered turn, and none of the failed one.
	await waitUntil(
		async () =>
			(await frame.evaluate<string>(`document.querySelector('select.studio-sessions')?.selectedOptions[0]?.textContent ?? ''`)).startsWith('Continued: '),
		15_000,
		'the continued conversation is shown',
	);
	await waitForDoneTurns(page, frame, 1, fake);
	assert.strictEqual(await frame.locator('.studio-turn-failed').count(), 0, 'the failed turn is not in the continued conversation');
}

/** Brings the studio tab to the front and returns its webview frame (VS Code may have recreated it while hidden). */
async function backToStudio(page: Page): Promise<Frame> {
	await editorTab(page, /Studio: |Gemini Studio/).click();
	const frame = await studioFrame(page);
	await waitForDoneTurns(page, frame, 1);
	await waitForImagesDecoded(frame, FINAL_IMAGES, 1);
	return frame;
}
