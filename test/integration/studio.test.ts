// Over 400 lines: the studio's main suite; each test is independent and short.
// The studio chat panel in the real extension host: a three-turn conversation against the fake Gemini in strict
// signature mode (every earlier model part must come back with its exact thoughtSignature), persistence, reopening
// and continuing a stored session, a damaged session file, inline failures and rejected webview messages.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AddToStudioResult } from '../../src/commands/addToStudio';
import type { OpenStudioResult } from '../../src/commands/openStudio';
import { decodeFakeSignature, expectedDimensions, promptSeed, renderFakeImage } from '../fake-gemini/server';
import { MODEL_CATALOG } from '../../src/gemini/modelCatalog';
import type { StudioToWebview } from '../../src/shared/protocol';
import type { StudioSession } from '../../src/studio/session';
import { generateRequests, useFakeGemini, waitFor, workspaceRoot } from './support';
import {
	compareTabs,
	finalImages,
	FLASH,
	goodTurn,
	lastTurnView,
	LITE,
	messagesWithBytes,
	posted,
	PRO,
	readSession as readStoredSession,
	sendFromWebview,
	sessionDir,
	waitForPosted,
} from './studioHelpers';

const SKIP = 'skip_thought_signature_validator';

/** The fake's promptTokenCount for a request body (text chars / 4, plus 1120 per image for gemini-3). */
function fakeInputTokens(body: { contents: { parts: Record<string, unknown>[] }[]; systemInstruction?: { parts?: Record<string, unknown>[] } }): number {
	let chars = 0;
	let images = 0;
	for (const content of [...body.contents, ...(body.systemInstruction ? [body.systemInstruction] : [])]) {
		for (const part of content.parts ?? []) {
			if (typeof part.text === 'string') {
				chars += part.text.length;
			}
			if (part.inlineData) {
				images++;
			}
		}
	}
	return Math.max(1, Math.ceil(chars / 4)) + images * 1120;
}

const MODEL = 'gemini-3-pro-image';

function studioTabs(): vscode.Tab[] {
	return vscode.window.tabGroups.all
		.flatMap((group) => group.tabs)
		.filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('imageStudio.studio'));
}

async function openStudio(args: Record<string, unknown>): Promise<OpenStudioResult> {
	const result = await vscode.commands.executeCommand<OpenStudioResult | undefined>('imageStudio.openStudio', args);
	assert.ok(result, 'the command returned a result');
	return result;
}

function signedParts(parts: readonly Record<string, unknown>[]): { thoughtSignature: string }[] {
	return parts.filter((part) => part.thought !== true && typeof part.thoughtSignature === 'string') as { thoughtSignature: string }[];
}

suite('imageStudio.openStudio (studio chat)', () => {
	const { fake, api } = useFakeGemini();
	const sessionFile = (id: string) => path.join(api().studio.storageUri.fsPath, id, 'session.json');
	const readSession = (id: string): StudioSession => JSON.parse(fs.readFileSync(sessionFile(id), 'utf8')) as StudioSession;

	setup(() => {
		fake.options.strictSignatures = true;
	});

	test('three turns replay every earlier model part with its exact signature; the session is persisted', async () => {
		const first = await openStudio({ prompt: 'a red fox in a meadow', model: MODEL });
		assert.ok(first.turn?.ok, `turn 1 succeeded: ${first.turn?.error}`);
		await waitFor(() => studioTabs().length === 1, 'the studio tab');
		assert.strictEqual(api().studio.activeSessionId, first.sessionId);
		const second = await openStudio({ prompt: 'make the fox blue' });
		assert.ok(second.turn?.ok, `turn 2 succeeded: ${second.turn?.error}`);
		const third = await openStudio({ prompt: 'add falling snow' });
		assert.ok(third.turn?.ok, `turn 3 succeeded: ${third.turn?.error}`);
		assert.strictEqual(second.sessionId, first.sessionId, 'turns 2 and 3 went to the open conversation');
		assert.strictEqual(third.sessionId, first.sessionId);
		assert.strictEqual(studioTabs().length, 1, 'no second panel opened');

		const requests = generateRequests(fake);
		assert.strictEqual(requests.length, 3, 'three requests, none rejected');
		for (const request of requests) {
			assert.strictEqual(request.body.generationConfig?.thinkingConfig?.includeThoughts, true, 'thoughts asked for');
		}
		// What the fake answered is what the session stored; it must come back verbatim in the later requests.
		const session = readSession(first.sessionId);
		assert.strictEqual(session.turns.length, 3);
		assert.ok(session.turns.every((turn) => turn.response && !turn.error));
		for (const turn of session.turns) {
			assert.ok(
				turn.response!.some((part) => part.thought === true),
				'thought parts are kept',
			);
			assert.ok(signedParts(turn.response!).length > 0, 'signed parts are kept');
		}
		assert.deepStrictEqual(
			requests[1].body.contents.map((content: { role: string }) => content.role),
			['user', 'model', 'user'],
		);
		assert.deepStrictEqual(
			requests[2].body.contents.map((content: { role: string }) => content.role),
			['user', 'model', 'user', 'model', 'user'],
		);
		const expectSignatures = (request: (typeof requests)[number], contentIndex: number, turnIndex: number) => {
			const sent = signedParts(request.body.contents[contentIndex].parts).map((part) => part.thoughtSignature);
			const stored = signedParts(session.turns[turnIndex].response!).map((part) => part.thoughtSignature);
			assert.deepStrictEqual(sent, stored, `request ${request.id} replays turn ${turnIndex + 1}'s signatures`);
			// The fake signs `sig:<requestId>:<partIndex>:<model>`: the signatures are the ones it issued for that turn.
			for (const signature of sent) {
				assert.match(Buffer.from(signature, 'base64').toString(), new RegExp(`^sig:${requests[turnIndex].id}:\\d+:${MODEL}$`));
			}
			const sentThoughts = request.body.contents[contentIndex].parts.filter((part: { thought?: boolean }) => part.thought === true).length;
			assert.strictEqual(
				sentThoughts,
				session.turns[turnIndex].response!.filter((part) => part.thought === true).length,
				'thought parts are replayed too',
			);
		};
		expectSignatures(requests[1], 1, 0);
		expectSignatures(requests[2], 1, 0);
		expectSignatures(requests[2], 3, 1);
		assert.deepStrictEqual(requests[2].body.contents[0].parts, [{ text: 'a red fox in a meadow' }]);
		assert.deepStrictEqual(requests[2].body.contents[4].parts, [{ text: 'add falling snow' }]);

		// Images are separate files referenced by name; no base64 in session.json.
		const text = fs.readFileSync(sessionFile(first.sessionId), 'utf8');
		assert.ok(!text.includes('"inlineData"'), 'no inline image data in session.json');
		for (const turn of session.turns) {
			for (const part of turn.response!) {
				if (part.inlineFile) {
					assert.ok(fs.statSync(path.join(api().studio.storageUri.fsPath, first.sessionId, part.inlineFile.file)).size > 0, part.inlineFile.file);
				}
			}
		}
		assert.ok(!fs.existsSync(path.join(workspaceRoot(), 'assets')), 'nothing written into the workspace');

		// Save from the webview: into the output folder, named from the turn's prompt.
		const image = session.turns[1].response!.find((part) => part.inlineFile && part.thought !== true)!.inlineFile!;
		assert.ok(api().studio.receive({ type: 'imageAction', action: 'save', turnId: session.turns[1].id, imageId: image.file }));
		const saved = path.join(workspaceRoot(), 'assets', 'generated', 'make-the-fox-blue.jpg');
		await waitFor(() => fs.existsSync(saved), 'the saved image');
		const result = await waitForPosted(api(), (message) => message.type === 'imageActionResult' && message.imageId === image.file, 'the save result');
		assert.ok(result.type === 'imageActionResult' && result.ok && result.action === 'save', JSON.stringify(result));
		assert.deepStrictEqual(fs.readFileSync(saved), fs.readFileSync(path.join(api().studio.storageUri.fsPath, first.sessionId, image.file)));
	});

	test('a stored session reopens and continues; a damaged session.json is reported and skipped', async () => {
		const first = await openStudio({ prompt: 'a lighthouse at dusk', model: MODEL, newSession: true });
		assert.ok(first.turn?.ok, first.turn?.error);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await waitFor(() => studioTabs().length === 0, 'the studio to close');

		const damagedId = '20260101000000-deadbeef';
		fs.mkdirSync(path.dirname(sessionFile(damagedId)), { recursive: true });
		fs.writeFileSync(sessionFile(damagedId), '{"version":1,"id":"20260101000000-deadbeef","turns":[{');
		const listed = await api().studio.listSessions();
		assert.ok(listed.sessions.includes(first.sessionId), 'the good session is listed');
		assert.ok(listed.damaged.includes(damagedId), 'the damaged one is reported');
		assert.ok(!listed.sessions.includes(damagedId), 'and skipped');
		await assert.rejects(api().studio.openSession(damagedId), /JSON/);

		await api().studio.openSession(first.sessionId);
		assert.strictEqual(api().studio.activeSessionId, first.sessionId);
		const next = await openStudio({ prompt: 'now at night' });
		assert.ok(next.turn?.ok, `the reopened session continues under strict signatures: ${next.turn?.error}`);
		assert.strictEqual(next.sessionId, first.sessionId);
		const last = generateRequests(fake).at(-1)!;
		assert.deepStrictEqual(
			last.body.contents.map((content: { role: string }) => content.role),
			['user', 'model', 'user'],
		);
		assert.strictEqual(readSession(first.sessionId).turns.length, 2);

		// After a window reload the serializer hands back the webview's state: the session id only.
		const restorePanel = () => vscode.window.createWebviewPanel('imageStudio.studio', 'restored', vscode.ViewColumn.Active);
		const restored = await api().studio.restore(restorePanel(), { version: 1, sessionId: first.sessionId });
		assert.deepStrictEqual(restored, { sessionId: first.sessionId, turns: 2, notice: undefined });
		const fromDamaged = await api().studio.restore(restorePanel(), { version: 1, sessionId: damagedId });
		assert.notStrictEqual(fromDamaged.sessionId, damagedId, 'a damaged session is not restored');
		assert.strictEqual(fromDamaged.turns, 0, 'a new conversation instead');
		assert.match(fromDamaged.notice ?? '', /could not be restored: not valid JSON/);
		const fromGarbage = await api().studio.restore(restorePanel(), { sessionId: '../../etc', html: '<script>' });
		assert.strictEqual(fromGarbage.turns, 0, 'unusable state: a new conversation');
		fs.rmSync(path.dirname(sessionFile(damagedId)), { recursive: true, force: true });
	});

	test('a failed turn is shown inline and left out of the history', async () => {
		fake.enqueue({ kind: 'promptBlocked' });
		const blocked = await openStudio({ prompt: 'something forbidden', model: MODEL, newSession: true });
		assert.strictEqual(blocked.turn?.ok, false);
		assert.match(blocked.turn!.error!, /blocked the prompt/);
		const next = await openStudio({ prompt: 'a harmless kitten' });
		assert.ok(next.turn?.ok, next.turn?.error);
		const last = generateRequests(fake).at(-1)!;
		assert.deepStrictEqual(last.body.contents, [{ role: 'user', parts: [{ text: 'a harmless kitten' }] }]);
		const session = readSession(next.sessionId);
		assert.strictEqual(session.turns.length, 2);
		assert.match(session.turns[0].error ?? '', /blocked the prompt/);
	});

	test('rejects malformed webview messages and sends nothing for them', async () => {
		await openStudio({});
		await waitFor(() => studioTabs().length === 1, 'the studio tab');
		const before = generateRequests(fake).length;
		const options = { output: 'textAndImage', googleSearch: false };
		for (const bad of [
			null,
			'send',
			{ type: 'send' },
			{ type: 'send', prompt: 'x', model: MODEL },
			{ type: 'send', prompt: 'x'.repeat(100_000), model: MODEL, options },
			{ type: 'send', prompt: 'x', model: MODEL, options, extra: true },
			{ type: 'send', prompt: 'x', model: MODEL, options: { ...options, aspectRatio: '1:1;drop' } },
			{ type: 'send', prompt: 'x', model: MODEL, options: { ...options, imageSize: '8K' } },
			{ type: 'send', prompt: 'x', model: MODEL, options: { ...options, output: 'video' } },
			{ type: 'run', command: 'rm' },
			{ type: 'saveImage', turnId: 't1', imageId: 'x.jpg' },
			{ type: 'imageAction', action: 'save', turnId: 't1', imageId: '../../x' },
		]) {
			assert.strictEqual(api().studio.receive(bad), false, JSON.stringify(bad)?.slice(0, 80));
		}
		assert.strictEqual(api().studio.receive({ type: 'ready' }), true);
		assert.strictEqual(
			api().studio.receive({ type: 'send', prompt: 'a tiny cactus', model: 'not-a-model', options }),
			true,
			'well-formed, but the unknown model is refused by the host',
		);
		await new Promise((resolve) => setTimeout(resolve, 300));
		assert.strictEqual(generateRequests(fake).length, before, 'nothing was sent');
	});

	test('imageStudio.addToStudio attaches workspace images to the next turn; bad types are refused', async () => {
		const dir = path.join(workspaceRoot(), 'images');
		fs.mkdirSync(dir, { recursive: true });
		const png = renderFakeImage('image/png', 64, 64, 7);
		fs.writeFileSync(path.join(dir, 'studio-ref.png'), png);
		fs.writeFileSync(path.join(dir, 'studio-fake.png'), Buffer.from('plain text, not an image'));
		fs.writeFileSync(path.join(dir, 'studio-anim.gif'), Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0, 0, 0x3b]));
		try {
			const opened = await openStudio({ model: MODEL });
			const result = await vscode.commands.executeCommand<AddToStudioResult | undefined>('imageStudio.addToStudio', {
				uris: ['images/studio-ref.png', 'images/studio-fake.png', vscode.Uri.file(path.join(dir, 'studio-anim.gif')).toString()],
			});
			assert.ok(result, 'the command returned a result');
			assert.strictEqual(result.sessionId, opened.sessionId, 'added to the open conversation');
			assert.strictEqual(result.added, 1);
			assert.strictEqual(result.pending, 1);
			assert.strictEqual(result.errors.length, 2, result.errors.join(' | '));
			assert.match(result.errors.join(' | '), /studio-anim\.gif is a GIF image/);
			assert.match(result.errors.join(' | '), /studio-fake\.png is not an image Gemini can read/);
			assert.strictEqual(api().studio.pendingAttachments, 1);

			const turn = await openStudio({ prompt: 'use this as the style reference' });
			assert.ok(turn.turn?.ok, turn.turn?.error);
			assert.strictEqual(api().studio.pendingAttachments, 0, 'the attachments went with the turn');
			const sent = generateRequests(fake).at(-1)!;
			assert.deepStrictEqual(sent.body.contents[0].parts, [
				{ text: 'use this as the style reference' },
				{ inlineData: { mimeType: 'image/png', data: png.toString('base64') } },
			]);
			// Stored as a file beside session.json, referenced by name.
			const session = readSession(turn.sessionId);
			assert.strictEqual(session.turns[0].attachments.length, 1);
			const stored = session.turns[0].attachments[0];
			assert.deepStrictEqual(fs.readFileSync(path.join(api().studio.storageUri.fsPath, turn.sessionId, stored.file)), png);
			assert.ok(!fs.readFileSync(sessionFile(turn.sessionId), 'utf8').includes(png.toString('base64').slice(0, 40)), 'no base64 in session.json');

			// The next turn replays the attachment under strict signatures.
			const next = await openStudio({ prompt: 'warmer colours' });
			assert.ok(next.turn?.ok, next.turn?.error);
			const replayed = generateRequests(fake).at(-1)!;
			assert.deepStrictEqual(replayed.body.contents[0].parts[1], { inlineData: { mimeType: 'image/png', data: png.toString('base64') } });

			const none = await vscode.commands.executeCommand<AddToStudioResult | undefined>('imageStudio.addToStudio', { uris: [] });
			assert.strictEqual(none, undefined, 'no images: refused');
		} finally {
			for (const name of ['studio-ref.png', 'studio-fake.png', 'studio-anim.gif']) {
				fs.rmSync(path.join(dir, name), { force: true });
			}
		}
	});

	test('Insert puts a relative Markdown link to the saved image at the cursor of the last text editor', async () => {
		const docs = path.join(workspaceRoot(), 'docs');
		fs.mkdirSync(docs, { recursive: true });
		const notes = path.join(docs, 'studio-notes.md');
		fs.writeFileSync(notes, '# Notes\n\n');
		let saved: string | undefined;
		try {
			const document = await vscode.workspace.openTextDocument(vscode.Uri.file(notes));
			const editor = await vscode.window.showTextDocument(document);
			editor.selection = new vscode.Selection(2, 0, 2, 0);
			const opened = await openStudio({ prompt: 'a blue whale', model: MODEL, newSession: true });
			assert.ok(opened.turn?.ok, opened.turn?.error);
			const session = readSession(opened.sessionId);
			const image = session.turns[0].response!.find((part) => part.inlineFile && part.thought !== true)!.inlineFile!;
			assert.ok(api().studio.receive({ type: 'imageAction', action: 'insert', turnId: session.turns[0].id, imageId: image.file }));
			const inserted = await waitFor(
				() => /!\[a blue whale\]\((\.\.\/assets\/generated\/a-blue-whale(?:-\d+)?\.jpg)\)/.exec(document.getText()) ?? undefined,
				'the inserted link',
			);
			saved = path.join(docs, inserted[1]);
			assert.ok(fs.existsSync(saved), 'the image was saved first');
			assert.deepStrictEqual(fs.readFileSync(saved), fs.readFileSync(path.join(api().studio.storageUri.fsPath, opened.sessionId, image.file)));
			assert.ok(await document.save());
			assert.strictEqual(fs.readFileSync(notes, 'utf8'), `# Notes\n\n${inserted[0]}`);
			// A second Insert reuses the saved file.
			assert.ok(api().studio.receive({ type: 'imageAction', action: 'insert', turnId: session.turns[0].id, imageId: image.file }));
			await waitFor(() => document.getText().split(inserted[1]).length === 3, 'the second link');
			assert.ok(!fs.existsSync(saved.replace(/\.jpg$/, '-2.jpg')), 'not saved twice');
		} finally {
			await vscode.commands.executeCommand('workbench.action.closeAllEditors');
			fs.rmSync(notes, { force: true });
			if (saved) {
				fs.rmSync(saved, { force: true });
			}
		}
	});

	test('pasted and dropped attachments from the webview are typed by content; chips can be removed', async () => {
		await openStudio({ model: MODEL, newSession: true });
		await waitFor(() => studioTabs().length >= 1, 'the studio tab');
		assert.ok(api().studio.receive({ type: 'attachBytes', name: 'clip.png', bytes: new Uint8Array(Buffer.from('GIF89a\x01\x00\x01\x00')) }));
		assert.ok(api().studio.receive({ type: 'attachBytes', name: 'notes.png', bytes: new Uint8Array(Buffer.from('hello')) }));
		await new Promise((resolve) => setTimeout(resolve, 200));
		assert.strictEqual(api().studio.pendingAttachments, 0, 'a GIF and a text file are refused whatever their names say');
		assert.ok(api().studio.receive({ type: 'attachBytes', name: 'clip.png', bytes: new Uint8Array(renderFakeImage('image/png', 16, 16, 3)) }));
		await waitFor(() => api().studio.pendingAttachments === 1, 'the pasted PNG');
		assert.ok(api().studio.receive({ type: 'removeAttachment', id: 'a1' }));
		await waitFor(() => api().studio.pendingAttachments === 0, 'the chip removed');
		const dir = path.join(workspaceRoot(), 'images');
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, 'studio-drop.png'), renderFakeImage('image/png', 16, 16, 4));
		try {
			assert.ok(
				api().studio.receive({ type: 'attachUris', uris: [vscode.Uri.file(path.join(dir, 'studio-drop.png')).toString(), 'file:///etc/passwd'] }),
			);
			await waitFor(() => api().studio.pendingAttachments === 1, 'the dropped PNG (and not a file outside the workspace)');
			await new Promise((resolve) => setTimeout(resolve, 200));
			assert.strictEqual(api().studio.pendingAttachments, 1);
		} finally {
			fs.rmSync(path.join(dir, 'studio-drop.png'), { force: true });
		}
	});
	test('a dropped URI with .. segments is refused before anything is read: an existing file outside and a missing one get the same answer', async () => {
		await vscode.commands.executeCommand('imageStudio.openStudio', { newSession: true });
		const answers: string[] = [];
		for (const name of ['passwd', 'no-such-file-here']) {
			api().studio.clearPosted();
			const uri = `${vscode.Uri.file(workspaceRoot()).toString()}/images/../../../../../../etc/${name}`;
			assert.ok(api().studio.receive({ type: 'attachUris', uris: [uri] }));
			const posted = await waitForPosted(api(), (m) => m.type === 'attachments' && m.errors.length > 0, 'the refusal');
			assert.ok(posted.type === 'attachments');
			answers.push(posted.errors.join(' ').replace(name, 'NAME'));
		}
		assert.strictEqual(api().studio.pendingAttachments, 0);
		assert.strictEqual(answers[0], answers[1], 'nothing tells whether a file outside the workspace exists');
		assert.match(answers[0], /is not a workspace-relative path or a URI inside the workspace/);
	});
	test('per-turn options reach the request; the turn shows usage, cost and grounding; images go as webview URIs', async () => {
		const prompt = 'a lighthouse on a cliff';
		const outcome = await goodTurn({
			prompt,
			model: FLASH,
			newSession: true,
			aspectRatio: '16:9',
			imageSize: '2K',
			output: 'imageOnly',
			googleSearch: true,
		});
		const request = generateRequests(fake).at(-1)!;
		assert.strictEqual(request.model, FLASH);
		assert.strictEqual(request.status, 200);
		assert.deepStrictEqual(request.body.generationConfig?.imageConfig, { aspectRatio: '16:9', imageSize: '2K' });
		assert.deepStrictEqual(request.body.generationConfig?.responseModalities, ['IMAGE']);
		assert.deepStrictEqual(request.body.tools, [{ googleSearch: {} }]);

		// The stored image is the one the fake rendered for that size.
		const session = readStoredSession(api(), outcome.sessionId);
		const image = finalImages(session.turns[0])[0];
		assert.ok(image, 'an image was stored');
		const { width, height } = expectedDimensions('16:9', '2K');
		assert.deepStrictEqual(
			fs.readFileSync(path.join(sessionDir(api(), outcome.sessionId), image)),
			renderFakeImage('image/jpeg', width, height, promptSeed(prompt)),
		);

		const view = await waitFor(() => {
			const turn = lastTurnView(api(), { turnId: outcome.turn.turnId });
			return turn?.status === 'done' ? turn : undefined;
		}, 'the done turn view');
		assert.deepStrictEqual(view.options, { aspectRatio: '16:9', imageSize: '2K', output: 'imageOnly', googleSearch: true });
		assert.ok(view.usage, 'usage shown');
		const thinking = request.body.generationConfig?.thinkingConfig?.includeThoughts === true;
		assert.strictEqual(view.usage.inputTokens, fakeInputTokens(request.body), 'inputTokens = promptTokenCount');
		assert.strictEqual(view.usage.outputTokens, 1680, 'outputTokens = candidatesTokenCount (one 2K Flash image: 1680 tokens)');
		assert.strictEqual(view.usage.thoughtTokens, thinking ? 258 : 0, 'thoughtTokens = thoughtsTokenCount');
		assert.strictEqual(view.usage.imageCount, 1);
		const price = MODEL_CATALOG.find((model) => model.id === FLASH)!.pricePerImageUsd['2K']!;
		assert.ok(
			typeof view.usage.costUsd === 'number' && view.usage.costUsd >= price * 0.5 && view.usage.costUsd <= price * 1.5,
			`cost ${view.usage.costUsd} is about the 2K image price ${price}`,
		);
		assert.ok(view.grounding, 'grounding shown');
		assert.deepStrictEqual(view.grounding.sources, [
			{ title: 'example.com', uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/fake-1' },
			{ title: 'wikipedia.org', uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/fake-2' },
		]);
		assert.deepStrictEqual(view.grounding.queries, [prompt]);
		assert.match(view.grounding.searchEntryPointHtml ?? '', /<div class="container"><a class="chip" href="https:\/\/www\.google\.com\/search\?q=/);
		const imageParts = view.parts.filter((part) => part.kind === 'image');
		assert.ok(imageParts.length >= 1);
		for (const part of imageParts) {
			assert.ok(
				part.kind === 'image' && typeof part.src === 'string' && part.src.includes(part.imageId) && !part.src.startsWith('data:'),
				`an asWebviewUri src: ${part.kind === 'image' ? part.src : ''}`,
			);
			assert.ok(!('bytes' in part), 'no bytes in the part');
		}
		const withBytes = messagesWithBytes(posted(api())).filter((message) => message.type !== 'attachments' && message.type !== 'imageBytes');
		assert.deepStrictEqual(
			withBytes.map((message) => message.type),
			[],
			'no image bytes cross postMessage outside attachments/copy',
		);
		assert.ok(
			!JSON.stringify(posted(api())).includes(
				fs
					.readFileSync(path.join(sessionDir(api(), outcome.sessionId), image))
					.toString('base64')
					.slice(0, 64),
			),
			'no base64 image in posted messages',
		);

		// Text and image is the default; the model's defaults apply when no ratio/size is chosen.
		const next = await goodTurn({ prompt: 'now at sunset', output: 'textAndImage', googleSearch: false });
		const second = generateRequests(fake).at(-1)!;
		assert.strictEqual(next.sessionId, outcome.sessionId);
		assert.deepStrictEqual(second.body.generationConfig?.responseModalities, ['TEXT', 'IMAGE']);
		assert.strictEqual(second.body.tools, undefined, 'no search tool when not asked for');
	});

	test('Google Search is not sent to a model without it; the turn says so', async () => {
		const outcome = await goodTurn({ prompt: 'a paper crane', model: LITE, newSession: true, googleSearch: true });
		const request = generateRequests(fake).at(-1)!;
		assert.strictEqual(request.model, LITE);
		assert.strictEqual(request.body.tools, undefined, 'no tools for a model without Google Search');
		const view = await waitFor(() => {
			const turn = lastTurnView(api(), { turnId: outcome.turn.turnId });
			return turn?.status === 'done' ? turn : undefined;
		}, 'the done turn view');
		const notices = [
			view.notice ?? '',
			...posted(api())
				.filter((message): message is Extract<StudioToWebview, { type: 'notice' }> => message.type === 'notice')
				.map((message) => message.message),
		];
		assert.ok(
			notices.some((text) => /search/i.test(text)),
			`a notice says search was not used: ${JSON.stringify(notices)}`,
		);
		assert.strictEqual(view.grounding, undefined);
	});

	test('Copy types the image by its bytes, not by the MIME type the model declared', async () => {
		fake.enqueue({ kind: 'image', declaredMimeType: 'image/png' });
		const outcome = await goodTurn({ prompt: 'a mislabelled kite', model: PRO, newSession: true });
		const session = readStoredSession(api(), outcome.sessionId);
		const imageId = finalImages(session.turns[0])[0];
		api().studio.clearPosted();
		assert.ok(api().studio.receive({ type: 'imageAction', action: 'copy', turnId: session.turns[0].id, imageId }));
		const copied = await waitForPosted(api(), (message) => message.type === 'imageBytes' && message.imageId === imageId, 'the imageBytes message');
		assert.ok(copied.type === 'imageBytes');
		assert.strictEqual(copied.mimeType, 'image/jpeg', 'JPEG bytes declared as PNG are copied as JPEG');
	});

	test('per-image actions: copy posts the exact bytes, save writes them, compare opens a tab, use as attachment feeds the next turn', async () => {
		const first = await goodTurn({ prompt: 'a green teapot', model: PRO, newSession: true });
		await goodTurn({ prompt: 'make the teapot red' });
		const session = readStoredSession(api(), first.sessionId);
		const turn = session.turns[1];
		const imageId = finalImages(turn)[0];
		const stored = fs.readFileSync(path.join(sessionDir(api(), first.sessionId), imageId));
		const resultOf = (action: string) =>
			waitForPosted(
				api(),
				(message) => message.type === 'imageActionResult' && message.action === action && message.imageId === imageId,
				`the ${action} result`,
			);
		api().studio.clearPosted();

		assert.ok(api().studio.receive({ type: 'imageAction', action: 'copy', turnId: turn.id, imageId }));
		const copied = await waitForPosted(api(), (message) => message.type === 'imageBytes' && message.imageId === imageId, 'the imageBytes message');
		assert.ok(copied.type === 'imageBytes');
		assert.strictEqual(copied.mimeType, 'image/jpeg');
		assert.ok(Buffer.from(copied.bytes).equals(stored), 'Copy posts the exact stored bytes');
		// The webview writes the clipboard and reports that outcome itself: the host only must not report a failure.
		assert.ok(!posted(api()).some((message) => message.type === 'imageActionResult' && message.action === 'copy' && !message.ok), 'copy did not fail');

		assert.ok(api().studio.receive({ type: 'imageAction', action: 'save', turnId: turn.id, imageId }));
		const saveResult = await resultOf('save');
		assert.ok(saveResult.type === 'imageActionResult' && saveResult.ok, JSON.stringify(saveResult));
		const saved = path.join(workspaceRoot(), 'assets', 'generated', 'make-the-teapot-red.jpg');
		assert.ok(fs.existsSync(saved), 'saved into the output folder, named from the prompt');
		assert.deepStrictEqual(fs.readFileSync(saved), stored);

		assert.strictEqual(compareTabs().length, 0);
		assert.ok(api().studio.receive({ type: 'imageAction', action: 'compare', turnId: turn.id, imageId }));
		const compareResult = await resultOf('compare');
		assert.ok(compareResult.type === 'imageActionResult' && compareResult.ok, JSON.stringify(compareResult));
		await waitFor(() => compareTabs().length === 1, 'a compare tab');

		assert.strictEqual(api().studio.pendingAttachments, 0);
		assert.ok(api().studio.receive({ type: 'imageAction', action: 'useAsAttachment', turnId: turn.id, imageId }));
		const attachResult = await resultOf('useAsAttachment');
		assert.ok(attachResult.type === 'imageActionResult' && attachResult.ok, JSON.stringify(attachResult));
		await waitFor(() => api().studio.pendingAttachments === 1, 'the image as a pending attachment');
		const third = await goodTurn({ prompt: 'put it on a kitchen table' });
		assert.strictEqual(third.sessionId, first.sessionId);
		const sent = generateRequests(fake).at(-1)!;
		const lastUser = sent.body.contents.at(-1);
		assert.strictEqual(lastUser.role, 'user');
		assert.deepStrictEqual(lastUser.parts[0], { text: 'put it on a kitchen table' });
		assert.ok(
			lastUser.parts.some(
				(part: { inlineData?: { data: string; mimeType: string } }) =>
					part.inlineData?.mimeType === 'image/jpeg' && part.inlineData.data === stored.toString('base64'),
			),
			'the next turn carries the image bytes',
		);
		assert.strictEqual(api().studio.pendingAttachments, 0);
	});

	test('an attachment deleted before send goes with the bytes captured when it was attached', async () => {
		const dir = path.join(workspaceRoot(), 'images');
		fs.mkdirSync(dir, { recursive: true });
		const file = path.join(dir, 'studio-vanishing.png');
		const png = renderFakeImage('image/png', 48, 48, 11);
		fs.writeFileSync(file, png);
		try {
			const opened = await openStudio({ model: PRO, newSession: true });
			const added = await vscode.commands.executeCommand<AddToStudioResult | undefined>('imageStudio.addToStudio', {
				uris: ['images/studio-vanishing.png'],
			});
			assert.strictEqual(added?.added, 1, added?.errors.join(' | '));
			fs.rmSync(file);
			const turn = await goodTurn({ prompt: 'use the vanished reference' });
			assert.strictEqual(turn.sessionId, opened.sessionId);
			const sent = generateRequests(fake).at(-1)!;
			assert.deepStrictEqual(sent.body.contents, [
				{ role: 'user', parts: [{ text: 'use the vanished reference' }, { inlineData: { mimeType: 'image/png', data: png.toString('base64') } }] },
			]);
			const stored = readStoredSession(api(), turn.sessionId).turns[0].attachments[0];
			assert.deepStrictEqual(fs.readFileSync(path.join(sessionDir(api(), turn.sessionId), stored.file)), png);
		} finally {
			fs.rmSync(file, { force: true });
		}
	});

	test('switching model mid-session: earlier turns go back with the skip value and no thoughts, later ones with real signatures', async () => {
		const first = await goodTurn({ prompt: 'a castle on a hill', model: PRO, newSession: true });
		await goodTurn({ prompt: 'add a moat' });
		api().studio.clearPosted();
		const third = await goodTurn({ prompt: 'make it winter', model: FLASH });
		assert.strictEqual(third.sessionId, first.sessionId, 'the same conversation continues');
		// Switched by the command's `model`: the explanation is on the turn (or in a notice).
		const switchedView = lastTurnView(api(), { turnId: third.turn.turnId });
		const notices = [
			switchedView?.notice ?? '',
			...posted(api())
				.filter((message): message is Extract<StudioToWebview, { type: 'notice' }> => message.type === 'notice')
				.map((message) => message.message),
		];
		assert.ok(
			notices.some((notice) => /signature/i.test(notice)),
			`the switch is explained: ${JSON.stringify(notices)}`,
		);

		const requests = generateRequests(fake);
		const switched = requests.at(-1)!;
		assert.strictEqual(switched.model, FLASH);
		assert.strictEqual(switched.status, 200, 'accepted in strict mode');
		const expectForeign = (request: (typeof requests)[number], contentIndex: number) => {
			const content = request.body.contents[contentIndex];
			assert.strictEqual(content.role, 'model');
			assert.ok(!content.parts.some((part: { thought?: boolean }) => part.thought === true), `no thought parts in content ${contentIndex}`);
			const signatures = content.parts
				.map((part: { thoughtSignature?: string }) => part.thoughtSignature)
				.filter((signature: unknown) => signature !== undefined);
			assert.ok(signatures.length > 0, `content ${contentIndex} has signed parts`);
			assert.ok(
				signatures.every((signature: string) => signature === SKIP),
				`content ${contentIndex} carries only the skip value: ${signatures.join(', ')}`,
			);
		};
		const expectOwn = (request: (typeof requests)[number], contentIndex: number, turnIndex: number, model: string, withImages = true) => {
			const stored = readStoredSession(api(), first.sessionId).turns[turnIndex].response!;
			const parts = request.body.contents[contentIndex].parts as { thought?: boolean; thoughtSignature?: string }[];
			const sent = parts.filter((part) => part.thoughtSignature !== undefined).map((part) => part.thoughtSignature);
			assert.deepStrictEqual(
				sent,
				stored.filter((part) => part.thoughtSignature !== undefined).map((part) => part.thoughtSignature),
			);
			assert.ok(
				sent.length > 0 && sent.every((signature) => decodeFakeSignature(signature!)?.model === model),
				`real ${model} signatures in content ${contentIndex}`,
			);
			// Thought parts come back, text and draft images (the whole conversation fits the default request budget).
			assert.strictEqual(
				parts.filter((part) => part.thought === true && !('inlineData' in part)).length,
				stored.filter((part) => part.thought === true && !part.inlineFile).length,
				'own thought text parts replayed',
			);
			if (withImages) {
				assert.strictEqual(
					parts.filter((part) => part.thought === true).length,
					stored.filter((part) => part.thought === true).length,
					'own thought images replayed',
				);
			}
		};
		assert.deepStrictEqual(
			switched.body.contents.map((content: { role: string }) => content.role),
			['user', 'model', 'user', 'model', 'user'],
		);
		expectForeign(switched, 1);
		expectForeign(switched, 3);

		await goodTurn({ prompt: 'add a dragon' });
		const same = generateRequests(fake).at(-1)!;
		assert.strictEqual(same.model, FLASH, 'the conversation stays on the new model');
		expectForeign(same, 1);
		expectForeign(same, 3);
		expectOwn(same, 5, 2, FLASH);

		// Stored turns keep what the model issued; only the request swaps them.
		const session = readStoredSession(api(), first.sessionId);
		assert.deepStrictEqual(
			session.turns.map((turn) => turn.model),
			[PRO, PRO, FLASH, FLASH],
		);
		assert.ok(
			session.turns[0].response!.filter((part) => part.thoughtSignature).every((part) => decodeFakeSignature(part.thoughtSignature!)?.model === PRO),
		);

		// Back to the first model through the webview's controls: a notice explains the switch at once, and its own turns
		// replay their real signatures again.
		api().studio.clearPosted();
		assert.ok(api().studio.receive({ type: 'modelChanged', model: PRO }));
		const changed = await waitForPosted(api(), (message) => message.type === 'notice', 'a notice for the model change');
		assert.ok(changed.type === 'notice' && /signature/i.test(changed.message), JSON.stringify(changed));
		const back = await sendFromWebview(api(), 'back on the pro model', PRO);
		assert.strictEqual(back.status, 'done', back.error);
		const returned = generateRequests(fake).at(-1)!;
		assert.strictEqual(returned.model, PRO);
		assert.strictEqual(returned.status, 200);
		expectOwn(returned, 1, 0, PRO);
		expectOwn(returned, 3, 1, PRO);
		expectForeign(returned, 5);
		expectForeign(returned, 7);
	});
});
