// The studio's history, the Thinking control, the model list and signature 400s, in the real extension host against
// the fake Gemini in strict-signature mode (issue #8). Each test asserts what the fake received (the requests' contents
// and generationConfig) and what the panel showed (turn views, notices), not only that a turn "worked".
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { StudioModelView, StudioToWebview } from '../../src/shared/protocol';
import { renderFakeImage } from '../fake-gemini/server';
import { configure, generateRequests, lastNotification, useFakeGemini, waitFor } from './support';
import {
	FLASH,
	goodTurn,
	lastTurnView,
	LITE,
	openStudio,
	posted,
	PRO,
	readSession,
	sendFromWebview,
	sessionDir,
	type StoredPartJson,
	studioTabs,
	waitForPosted,
} from './studioHelpers';

const SKIP = 'skip_thought_signature_validator';
const LEFT_OUT = '(An earlier image, left out to keep the request small.)';

type WirePart = Record<string, unknown> & { thought?: boolean; thoughtSignature?: string; inlineData?: { mimeType: string; data: string }; text?: string };
type WireContent = { role: string; parts: WirePart[] };

suite('studio history, thinking level, model list and signature errors', () => {
	const { fake, api } = useFakeGemini();

	setup(() => {
		fake.setOptions({ strictSignatures: true });
	});

	/** A stored part as the request must carry it verbatim: every field as received, the image bytes from its file. */
	function wireForm(sessionId: string, part: StoredPartJson): WirePart {
		const { inlineFile, ...rest } = part;
		if (!inlineFile) {
			return rest as WirePart;
		}
		return {
			...rest,
			inlineData: { mimeType: inlineFile.mimeType, data: fs.readFileSync(path.join(sessionDir(api(), sessionId), inlineFile.file)).toString('base64') },
		} as WirePart;
	}

	function contentsOf(request: ReturnType<typeof generateRequests>[number]): WireContent[] {
		return request.body.contents as WireContent[];
	}

	test("seven turns replay verbatim; after a switch the other model's turns carry the placeholder on every part; all accepted in strict mode", async () => {
		const prompts = [
			'a lighthouse on a cliff',
			'add a sailing boat',
			'make it dusk',
			'add seagulls',
			'a storm is coming',
			'lightning in the distance',
			'add rain on the lens',
		];
		const first = await goodTurn({ prompt: prompts[0], model: PRO, newSession: true });
		for (const prompt of prompts.slice(1)) {
			const turn = await goodTurn({ prompt });
			assert.strictEqual(turn.sessionId, first.sessionId);
		}
		const sessionId = first.sessionId;
		let requests = generateRequests(fake);
		assert.strictEqual(requests.length, 7);
		assert.ok(
			requests.every((request) => request.status === 200 && request.model === PRO),
			'every turn accepted in strict mode',
		);

		// The seventh request: turns 1–6 exactly as stored (thought parts, signatures, images), in order.
		const stored = readSession(api(), sessionId);
		const seventh = contentsOf(requests[6]);
		assert.strictEqual(seventh.length, 13);
		stored.turns.slice(0, 6).forEach((turn, index) => {
			assert.deepStrictEqual(seventh[index * 2], { role: 'user', parts: [{ text: turn.prompt }] });
			assert.deepStrictEqual(
				seventh[index * 2 + 1],
				{ role: 'model', parts: turn.response!.map((part) => wireForm(sessionId, part)) },
				`turn ${index + 1} replayed verbatim`,
			);
			assert.ok(
				turn.response!.some((part) => part.thought === true),
				`turn ${index + 1} has thought parts, and they went back`,
			);
			assert.ok(
				turn.response!.some((part) => part.inlineFile && part.thoughtSignature),
				`turn ${index + 1} has a signed image`,
			);
		});
		const view = lastTurnView(api(), { prompt: prompts[6] });
		assert.strictEqual(view?.notice, undefined, 'nothing was left out, nothing to say');

		// Switch to another model: the same conversation, every earlier model part with the placeholder, no thoughts.
		api().studio.clearPosted();
		const switched = await goodTurn({ prompt: 'now as a watercolour', model: FLASH });
		assert.strictEqual(switched.sessionId, sessionId);
		requests = generateRequests(fake);
		const eighth = requests[7];
		assert.strictEqual(eighth.model, FLASH);
		assert.strictEqual(eighth.status, 200, 'accepted in strict mode');
		const contents = contentsOf(eighth);
		assert.strictEqual(contents.length, 15);
		stored.turns.forEach((turn, index) => {
			const sent = contents[index * 2 + 1].parts;
			const answer = turn.response!.filter((part) => part.thought !== true);
			assert.deepStrictEqual(
				sent,
				answer.map((part) => ({ ...wireForm(sessionId, part), thoughtSignature: SKIP })),
				`turn ${index + 1}: the placeholder on every part, no thoughts`,
			);
		});
		for (const content of contents.filter((candidate) => candidate.role === 'user')) {
			assert.ok(
				content.parts.every((part) => part.thoughtSignature === undefined),
				'user turns carry no signature',
			);
		}
		// The model control follows a switch made by a command (the webview is told the conversation's new model).
		assert.ok(
			api()
				.studio.posted()
				.some((message) => message.type === 'models' && message.model === FLASH),
			'the model control shows the new model',
		);
		const switchView = lastTurnView(api(), { turnId: switched.turn.turnId });
		assert.match(switchView?.notice ?? '', /continues a conversation started with .*thought signatures only work with the model that made them/);

		// One more turn on the new model: its own turn goes back verbatim, the earlier model's still with the placeholder.
		const ninth = await goodTurn({ prompt: 'add a signature in the corner' });
		assert.strictEqual(ninth.sessionId, sessionId);
		const last = generateRequests(fake).at(-1)!;
		assert.strictEqual(last.status, 200);
		const after = readSession(api(), sessionId);
		const lastContents = contentsOf(last);
		assert.deepStrictEqual(
			lastContents[15].parts,
			after.turns[7].response!.map((part) => wireForm(sessionId, part)),
			"the new model's own turn, verbatim",
		);
		assert.ok(lastContents[1].parts.every((part) => part.thoughtSignature === SKIP));
		assert.deepStrictEqual(
			after.turns.map((turn) => turn.model),
			[...prompts.map(() => PRO), FLASH, FLASH],
		);
	});

	test('a tiny request budget leaves the oldest images out: placeholder-signed notes in model turns, plain notes in user turns; the turn says so', async () => {
		await configure({ 'studio.maxRequestMB': 1 });
		try {
			// 4K images (about 0.56 MB each, 0.75 MB in base64): two turns no longer fit in 1 MB.
			const opened = await openStudio({ model: PRO, newSession: true });
			await waitFor(() => studioTabs().length >= 1, 'the studio tab');
			const legend = renderFakeImage('image/png', 64, 64, 1);
			assert.ok(api().studio.receive({ type: 'attachBytes', name: 'legend.png', bytes: new Uint8Array(legend) }));
			await waitFor(() => api().studio.pendingAttachments === 1, 'the attachment');
			const first = await goodTurn({ prompt: 'a detailed city map with this legend', imageSize: '4K' });
			assert.strictEqual(first.sessionId, opened.sessionId);
			await goodTurn({ prompt: 'add the parks' });
			const secondRequest = generateRequests(fake).at(-1)!;
			assert.ok(!JSON.stringify(secondRequest.body.contents).includes(LEFT_OUT), 'turn 2 still fits: nothing left out');
			const third = await goodTurn({ prompt: 'label the rivers' });
			const sessionId = first.sessionId;
			const request = generateRequests(fake).at(-1)!;
			assert.strictEqual(request.status, 200, 'the trimmed history is accepted in strict mode');
			const contents = contentsOf(request);
			const bytes = Buffer.byteLength(JSON.stringify(contents), 'utf8');
			assert.ok(bytes <= 1_000_000, `contents are ${bytes} bytes, within 1 MB`);

			const stored = readSession(api(), sessionId);
			// Turn 1's attachment and images (its thought draft and its 4K image) are the oldest: left out, as notes.
			assert.deepStrictEqual(
				contents[0].parts,
				[{ text: 'a detailed city map with this legend' }, { text: LEFT_OUT }],
				'the attachment: a note without a signature',
			);
			const turn1 = stored.turns[0].response!;
			assert.deepStrictEqual(
				contents[1].parts,
				turn1.map((part) =>
					part.inlineFile ? { ...(part.thought ? { thought: true } : {}), text: LEFT_OUT, thoughtSignature: SKIP } : wireForm(sessionId, part),
				),
				'turn 1: images replaced by notes carrying the placeholder; its text parts keep their own signatures',
			);
			// Every signature sent is on the part it came with.
			const signedBy = new Map<string, StoredPartJson>();
			stored.turns.forEach((turn) => turn.response?.forEach((part) => part.thoughtSignature && signedBy.set(part.thoughtSignature, part)));
			for (const content of contents) {
				for (const part of content.parts) {
					if (part.thoughtSignature && part.thoughtSignature !== SKIP) {
						assert.deepStrictEqual(part, wireForm(sessionId, signedBy.get(part.thoughtSignature)!), 'a real signature only on its own part');
					}
				}
			}
			// How many went, and the notice that says so.
			const leftOut = contents.flatMap((content) => content.parts).filter((part) => part.text === LEFT_OUT).length;
			assert.strictEqual(leftOut, 1 + turn1.filter((part) => part.inlineFile).length, "turn 1's attachment and images, no more");
			const view = await waitFor(() => {
				const turn = lastTurnView(api(), { turnId: third.turn.turnId });
				return turn?.status === 'done' ? turn : undefined;
			}, 'the done turn');
			assert.match(
				view.notice ?? '',
				new RegExp(`^${leftOut} earlier images were left out to keep the request under 1 MB \\(imageStudio\\.studio\\.maxRequestMB`),
			);
			// The newest turn's images all went.
			const turn2 = stored.turns[1].response!;
			assert.deepStrictEqual(
				contents[3].parts,
				turn2.map((part) => wireForm(sessionId, part)),
				'turn 2 verbatim',
			);
		} finally {
			await configure({ 'studio.maxRequestMB': undefined });
		}
	});

	test("the Thinking control: offered with the model's levels; the chosen level reaches generationConfig.thinkingConfig; absent sends none", async () => {
		const opened = await openStudio({ model: FLASH, newSession: true });
		await waitFor(() => studioTabs().length >= 1, 'the studio tab');
		assert.ok(api().studio.receive({ type: 'ready' }));
		const init = await waitForPosted(api(), (message) => message.type === 'init' && message.sessionId === opened.sessionId, 'init');
		assert.ok(init.type === 'init');
		const flash = init.models.find((model) => model.id === FLASH)!;
		assert.deepStrictEqual([flash.thinkingLevels, flash.defaultThinkingLevel], [['MINIMAL', 'HIGH'], 'MINIMAL']);
		assert.deepStrictEqual(init.models.find((model) => model.id === PRO)!.thinkingLevels, [], 'no control for a model without levels');

		// From the webview, as the select posts it.
		const high = await sendFromWebview(api(), 'a paper lantern', FLASH, { output: 'textAndImage', googleSearch: false, thinkingLevel: 'HIGH' });
		assert.strictEqual(high.status, 'done', high.error);
		let request = generateRequests(fake).at(-1)!;
		assert.deepStrictEqual(request.body.generationConfig?.thinkingConfig, { includeThoughts: true, thinkingLevel: 'HIGH' });
		assert.strictEqual(high.options?.thinkingLevel, 'HIGH', 'the turn remembers its level');
		assert.strictEqual(readSession(api(), opened.sessionId).turns[0].model, FLASH);

		// The default ("minimal (default)" in the select) sends no level: the model decides.
		await sendFromWebview(api(), 'a second lantern', FLASH, { output: 'textAndImage', googleSearch: false });
		request = generateRequests(fake).at(-1)!;
		assert.deepStrictEqual(request.body.generationConfig?.thinkingConfig, { includeThoughts: true });

		// From the command, in any case; checked against the model before anything is sent.
		const viaCommand = await goodTurn({ prompt: 'three lanterns', thinkingLevel: 'minimal' });
		assert.strictEqual(viaCommand.sessionId, opened.sessionId);
		request = generateRequests(fake).at(-1)!;
		assert.strictEqual(request.body.generationConfig?.thinkingConfig?.thinkingLevel, 'MINIMAL');
		const before = generateRequests(fake).length;
		const refused = await vscode.commands.executeCommand('imageStudio.openStudio', { prompt: 'x', model: LITE, thinkingLevel: 'medium' });
		assert.strictEqual(refused, undefined, 'refused');
		assert.match(lastNotification(api(), 'error').message, /takes the thinking levels minimal, high, not medium/);
		const bogus = await vscode.commands.executeCommand('imageStudio.openStudio', { prompt: 'x', thinkingLevel: 'extreme' });
		assert.strictEqual(bogus, undefined);
		assert.strictEqual(generateRequests(fake).length, before, 'nothing was sent for them');
		// A model the catalog does not know gets the level passed on (the API decides).
		const unknown = await openStudio({ prompt: 'a lantern, by a newer model', model: 'gemini-3.5-flash-image', thinkingLevel: 'low', newSession: true });
		request = generateRequests(fake).at(-1)!;
		assert.strictEqual(request.model, 'gemini-3.5-flash-image');
		assert.strictEqual(request.body.generationConfig?.thinkingConfig?.thinkingLevel, 'LOW');
		assert.ok(unknown.turn, 'the turn was sent');
	});

	test("the model control lists the API's models (deprecated ones marked) and is refreshed when a new list arrives", async () => {
		await openStudio({ model: PRO, newSession: true });
		await waitFor(() => studioTabs().length >= 1, 'the studio tab');
		api().studio.clearPosted();
		const listed = await api().studio.refreshModels();
		assert.ok(
			fake.requests.some((request) => request.action === 'list'),
			'the list came from the fake',
		);
		const message = await waitForPosted(
			api(),
			(candidate): candidate is Extract<StudioToWebview, { type: 'models' }> => candidate.type === 'models',
			'a models message',
		);
		assert.strictEqual(message.model, PRO);
		assert.deepStrictEqual(new Set(message.models.map((model) => model.id)), new Set(listed), "the listed models, the conversation's among them");
		const byId = new Map<string, StudioModelView>(message.models.map((model) => [model.id, model]));
		assert.strictEqual(byId.get(FLASH)?.status, 'deprecated');
		assert.match(byId.get(FLASH)?.detail ?? '', /^deprecated: use gemini-nano-banana-2\.1/);
		assert.strictEqual(byId.get(PRO)?.status, 'ga');
		// A model the list has is accepted from the webview; one it does not have (nor the conversation) is not.
		const before = generateRequests(fake).length;
		assert.ok(api().studio.receive({ type: 'send', prompt: 'x', model: 'gemini-0-not-listed', options: { output: 'textAndImage', googleSearch: false } }));
		await new Promise((resolve) => setTimeout(resolve, 300));
		assert.strictEqual(generateRequests(fake).length, before, 'a model that is not offered is refused');
	});

	test('a 400 about thought signatures shows inline with Continue from here and no Retry; it is never retried', async () => {
		const first = await goodTurn({ prompt: 'a red kite', model: PRO, newSession: true });
		const second = await goodTurn({ prompt: 'add a long tail' });
		const before = generateRequests(fake).length;
		fake.enqueue({
			kind: 'error',
			status: 400,
			errorStatus: 'INVALID_ARGUMENT',
			details: [],
			message: 'Image part is missing a thought_signature in content position 2, part position 1.',
		});
		const failed = await openStudio({ prompt: 'make it fly higher' });
		assert.strictEqual(failed.turn?.ok, false);
		assert.strictEqual(generateRequests(fake).length, before + 1, 'sent once, not retried');
		const view = await waitFor(() => {
			const turn = lastTurnView(api(), { turnId: failed.turn!.turnId });
			return turn?.status === 'failed' ? turn : undefined;
		}, 'the failed turn view');
		assert.match(view.error ?? '', /did not accept this conversation's history/);
		assert.strictEqual(view.retryable, undefined, 'no Retry');
		assert.strictEqual(view.continueFrom, second.turn.turnId, 'Continue from the last answered turn before it');
		assert.strictEqual(readSession(api(), first.sessionId).turns[2].errorCode, 'invalidHistory');

		// A retry message (a stale or crafted webview) is refused: nothing is sent.
		api().studio.clearPosted();
		assert.ok(api().studio.receive({ type: 'retry', turnId: failed.turn!.turnId }));
		const refusal = await waitForPosted(api(), (message) => message.type === 'notice', 'the refusal notice');
		assert.ok(refusal.type === 'notice' && /Continue from an earlier turn/.test(refusal.message), JSON.stringify(refusal));
		await new Promise((resolve) => setTimeout(resolve, 300));
		assert.strictEqual(generateRequests(fake).length, before + 1, 'Retry sent nothing');

		// Continue from here: a new conversation with turns 1–2, which continues.
		assert.ok(api().studio.receive({ type: 'continueFrom', turnId: view.continueFrom! }));
		const continued = await waitFor(
			() => (api().studio.activeSessionId !== first.sessionId ? api().studio.activeSessionId : undefined),
			'the continued conversation',
		);
		assert.deepStrictEqual(
			readSession(api(), continued).turns.map((turn) => turn.prompt),
			['a red kite', 'add a long tail'],
		);
		const next = await goodTurn({ prompt: 'make it fly higher' });
		assert.strictEqual(next.sessionId, continued);
		const resent = generateRequests(fake).at(-1)!;
		assert.strictEqual(resent.status, 200);
		assert.strictEqual(contentsOf(resent).length, 5);
		assert.ok(
			posted(api()).some((message) => message.type === 'init' && message.sessionId === continued),
			'the panel shows the new conversation',
		);
	});
});
