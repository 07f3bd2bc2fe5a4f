// Over 400 lines: one suite of fault cases for the studio, each test independent.
// The studio under faults (security.md "Faults survived", issue 4 "Bad input and faults"), in the real extension host
// against the fake Gemini in strict-signature mode: the panel closed mid-request (aborted, recorded as cancelled, no
// orphan file), the webview reloaded mid-request (the turn completes and the new page is told), a per-day quota error
// mid-session (fails fast inline; Retry replaces the failed turn) and bad webview messages (rejected or answered,
// never a throw, nothing written).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Worker } from 'worker_threads';
import type { StudioToWebview } from '../../src/shared/protocol';
import { renderFakeImage } from '../fake-gemini/server';
import { generateRequests, snapshotWorkspace, useFakeGemini, waitFor } from './support';
import {
	DEFAULT_OPTIONS,
	delay,
	FLASH,
	finalImages,
	LITE,
	goodTurn,
	lastTurnView,
	openStudio,
	type OpenStudioOutcome,
	posted,
	PRO,
	readSession,
	referencedFiles,
	withThumbnails,
	sessionDir,
	snapshotDir,
	studioTabs,
	trashDir,
	tryReadSession,
	waitForPosted,
} from './studioHelpers';

/** A short description of a message for assertion texts (long strings summarised, never stringified whole). */
function label(message: unknown): string {
	return String(
		JSON.stringify(message, (_key, value: unknown) =>
			typeof value === 'string' && value.length > 60 ? `<${value.length} chars>` : value instanceof Uint8Array ? `<${value.byteLength} bytes>` : value,
		),
	);
}

type Notice = Extract<StudioToWebview, { type: 'notice' }>;
type ActionResult = Extract<StudioToWebview, { type: 'imageActionResult' }>;

suite('studio faults', () => {
	const { fake, api } = useFakeGemini();

	setup(() => {
		fake.options.strictSignatures = true;
	});

	/** Files below the session folder, relative (recursive). */
	function filesIn(dir: string): string[] {
		return snapshotDir(dir)
			.filter((entry) => !entry.endsWith('/'))
			.map((entry) => entry.split(' ')[0]);
	}

	test('closing the panel mid-request aborts it, records the turn as cancelled and leaves no orphan file', async () => {
		const first = await goodTurn({ prompt: 'a sailing boat', model: PRO, newSession: true });
		const png = renderFakeImage('image/png', 32, 32, 21);
		assert.ok(api().studio.receive({ type: 'attachBytes', name: 'sail.png', bytes: new Uint8Array(png) }));
		await waitFor(() => api().studio.pendingAttachments === 1, 'the pasted attachment');

		const lastId = fake.requests.at(-1)?.id ?? 0;
		// Long enough that only an abort ends it within the test.
		fake.enqueue({ kind: 'delay', delayMs: 20_000, reply: { kind: 'image' } });
		const started = Date.now();
		const pending = vscode.commands.executeCommand<OpenStudioOutcome | undefined>('imageStudio.openStudio', { prompt: 'make the sails red' });
		const request = await fake.waitForRequest((r) => r.id > lastId && r.action === 'generateContent', 10_000);
		assert.ok(api().studio.busy, 'the panel is busy with the turn');
		api().clearNotifications();
		api().studio.closeActive();
		const outcome = await pending;
		await fake.waitForRequest((r) => r.id === request.id && r.closedByClient, 5_000);
		assert.ok(Date.now() - started < 15_000, 'ended by the abort, not by the delay');
		await waitFor(() => studioTabs().length === 0, 'the studio tab to close');
		const closeNotifications = api()
			.notifications.filter((record) => record.severity === 'error')
			.map((record) => record.message);

		const dir = sessionDir(api(), first.sessionId);
		const session = await waitFor(() => {
			const current = tryReadSession(api(), first.sessionId);
			return current?.turns.find((turn) => turn.prompt === 'make the sails red')?.error ? current : undefined;
		}, 'session.json to record the cancelled turn');
		assert.strictEqual(session.turns.length, 2);
		const cancelled = session.turns[1];
		assert.match(cancelled.error!, /cancel/i);
		assert.strictEqual(cancelled.response, undefined, 'no reply stored for the cancelled turn');
		assert.ok(session.turns[0].response && !session.turns[0].error, 'the earlier turn is intact');
		// Give late writes a chance to show up before looking for orphans.
		await delay(300);
		const files = filesIn(dir);
		assert.ok(!files.some((file) => file.endsWith('.tmp')), `no temporary files: ${files.join(', ')}`);
		const referenced = withThumbnails(referencedFiles(readSession(api(), first.sessionId)));
		for (const file of files.filter((name) => name !== 'session.json')) {
			assert.ok(referenced.has(file), `${file} is referenced by session.json, or the thumbnail of a file that is (no orphan)`);
		}
		for (const file of referenced) {
			assert.ok(files.includes(file), `${file} referenced by session.json exists`);
		}
		for (const attachment of cancelled.attachments) {
			assert.deepStrictEqual(fs.readFileSync(path.join(dir, attachment.file)), png, 'the attachment kept with the cancelled turn is the pasted image');
		}

		// Reopened, the conversation continues without the cancelled turn.
		await api().studio.openSession(first.sessionId);
		await goodTurn({ prompt: 'a second try' });
		const next = generateRequests(fake).at(-1)!;
		assert.deepStrictEqual(
			next.body.contents.map((content: { role: string }) => content.role),
			['user', 'model', 'user'],
		);
		assert.deepStrictEqual(next.body.contents[0].parts, [{ text: 'a sailing boat' }]);

		// Last, what the command said (checked after the rest so that a failure here does not hide the others).
		assert.ok(outcome, `openStudio resolved with a result, not undefined; notifications: ${JSON.stringify(closeNotifications)}`);
		assert.strictEqual(outcome.turn?.ok, false, 'the turn did not succeed');
		assert.match(outcome.turn!.error ?? '', /cancel/i);
	});

	test('reloading the webview mid-request: the new page gets the pending turn, then the finished one', async () => {
		const first = await goodTurn({ prompt: 'a hot air balloon', model: PRO, newSession: true });
		const lastId = fake.requests.at(-1)?.id ?? 0;
		fake.enqueue({ kind: 'delay', delayMs: 2_500, reply: { kind: 'image' } });
		const pending = openStudio({ prompt: 'add a second balloon' });
		const request = await fake.waitForRequest((r) => r.id > lastId && r.action === 'generateContent', 10_000);
		await waitFor(() => api().studio.busy, 'the panel to be busy');
		api().studio.clearPosted();
		api().studio.reloadWebview();
		// What the rebuilt page says first (the real page will say it too; a second init is harmless).
		assert.ok(api().studio.receive({ type: 'ready' }));
		const init = await waitForPosted(api(), (message) => message.type === 'init', 'an init for the reloaded page');
		assert.ok(init.type === 'init');
		assert.strictEqual(init.sessionId, first.sessionId);
		assert.strictEqual(init.busy, true, 'the new page learns a turn is running');
		assert.deepStrictEqual(
			init.turns.map((turn) => [turn.prompt, turn.status]),
			[
				['a hot air balloon', 'done'],
				['add a second balloon', 'pending'],
			],
		);

		const outcome = await pending;
		assert.ok(outcome.turn?.ok, `the turn completed: ${outcome.turn?.error}`);
		const done = await waitFor(() => {
			const view = lastTurnView(api(), { prompt: 'add a second balloon' });
			return view?.status === 'done' ? view : undefined;
		}, 'a turn message with status done after the reload');
		assert.ok(
			done.parts.some((part) => part.kind === 'image' && !part.thought),
			'the finished turn shows its image',
		);
		assert.ok(
			posted(api()).some((message) => message.type === 'busy' && message.busy === false),
			'busy cleared for the new page',
		);
		const served = fake.requests.find((r) => r.id === request.id)!;
		assert.strictEqual(served.closedByClient, false, 'the request was not aborted by the reload');
		assert.strictEqual(served.status, 200);
		const session = readSession(api(), first.sessionId);
		assert.strictEqual(session.turns.length, 2);
		assert.ok(session.turns[1].response && finalImages(session.turns[1]).length === 1, 'session.json has the response');
		assert.strictEqual(session.turns[1].error, undefined);
	});

	test('a per-day quota error mid-session fails fast inline; Retry sends it again and replaces the failed turn', async () => {
		const first = await goodTurn({ prompt: 'a mountain lake', model: PRO, newSession: true });
		await goodTurn({ prompt: 'add a cabin' });
		const before = readSession(api(), first.sessionId);
		const sentBefore = generateRequests(fake).length;
		fake.enqueue({ kind: 'error', status: 429, perDay: true });
		const started = Date.now();
		const failed = await openStudio({ prompt: 'add a rainbow' });
		assert.ok(Date.now() - started < 5_000, `failed fast (${Date.now() - started} ms)`);
		assert.strictEqual(failed.turn?.ok, false);
		assert.match(failed.turn!.error ?? '', /quota/i);
		assert.match(failed.turn!.error ?? '', /daily|per day/i);
		assert.strictEqual(generateRequests(fake).length, sentBefore + 1, 'a per-day quota is not retried');
		const failedId = failed.turn!.turnId;
		const view = await waitFor(() => {
			const turn = lastTurnView(api(), { turnId: failedId });
			return turn?.status === 'failed' ? turn : undefined;
		}, 'the failed turn view');
		assert.match(view.error ?? '', /quota/i);
		assert.strictEqual(view.retryable, true, 'offered for Retry');
		const afterFailure = readSession(api(), first.sessionId);
		assert.deepStrictEqual(afterFailure.turns.slice(0, 2), before.turns, 'the earlier turns are intact');
		assert.strictEqual(afterFailure.turns.length, 3);
		assert.match(afterFailure.turns[2].error ?? '', /quota/i);

		// The quota is back (nothing more scripted): Retry.
		api().studio.clearPosted();
		assert.ok(api().studio.receive({ type: 'retry', turnId: failedId }));
		await waitForPosted(api(), (message) => message.type === 'turnRemoved' && message.turnId === failedId, 'turnRemoved for the failed turn', 30_000);
		const retried = await waitFor(
			() => {
				const turn = lastTurnView(api(), { prompt: 'add a rainbow' });
				return turn && turn.id !== failedId && turn.status !== 'pending' && !api().studio.busy ? turn : undefined;
			},
			'the retried turn to finish',
			30_000,
		);
		assert.strictEqual(retried.status, 'done', retried.error);
		const resent = generateRequests(fake).at(-1)!;
		assert.strictEqual(resent.status, 200, 'accepted in strict mode');
		assert.deepStrictEqual(
			resent.body.contents.map((content: { role: string }) => content.role),
			['user', 'model', 'user', 'model', 'user'],
			'the failed attempt is not replayed',
		);
		assert.deepStrictEqual(resent.body.contents[4].parts, [{ text: 'add a rainbow' }]);
		const after = readSession(api(), first.sessionId);
		assert.deepStrictEqual(
			after.turns.map((turn) => turn.prompt),
			['a mountain lake', 'add a cabin', 'add a rainbow'],
		);
		assert.ok(!after.turns.some((turn) => turn.id === failedId), 'the failed turn was replaced');
		assert.ok(after.turns.every((turn) => turn.response && turn.error === undefined));
	});

	test('a model that takes few images per request gets fewer earlier images (the oldest left out), and the turn says so', async () => {
		// The Lite model accepts 3 images per request: four earlier images (a draft and a final per turn) and two new
		// attachments would be 6, so the three oldest are left out.
		const first = await goodTurn({ prompt: 'a paper boat', model: LITE, newSession: true });
		await goodTurn({ prompt: 'make it red' });
		for (const seed of [1, 2]) {
			assert.ok(api().studio.receive({ type: 'attachBytes', name: `ref${seed}.png`, bytes: new Uint8Array(renderFakeImage('image/png', 32, 32, seed)) }));
		}
		await waitFor(() => api().studio.pendingAttachments === 2, 'two attachments');
		const third = await goodTurn({ prompt: 'combine with these' });
		const request = generateRequests(fake).at(-1)!;
		const images = request.body.contents.flatMap((content: { parts: { inlineData?: unknown }[] }) => content.parts.filter((part) => part.inlineData));
		assert.strictEqual(images.length, 3, 'three images: the two attachments and the latest earlier image');
		assert.strictEqual(request.body.contents.length, 5, 'every earlier turn still goes, as text');
		assert.strictEqual(request.status, 200, 'accepted in strict mode');
		const notes = request.body.contents.flatMap((content: { role: string; parts: { text?: string; thoughtSignature?: string }[] }) =>
			content.parts
				.filter((part) => part.text === '(An earlier image, left out to keep the request small.)')
				.map((part) => ({ role: content.role, signature: part.thoughtSignature })),
		);
		assert.deepStrictEqual(notes, [
			{ role: 'model', signature: 'skip_thought_signature_validator' },
			{ role: 'model', signature: 'skip_thought_signature_validator' },
			{ role: 'model', signature: 'skip_thought_signature_validator' },
		]);
		const view = lastTurnView(api(), { turnId: third.turn.turnId });
		assert.match(view?.notice ?? '', /at most 3 images per request, so 3 earlier images were left out/, 'the turn says why fewer images went');
		assert.strictEqual(readSession(api(), first.sessionId).turns.length, 3);
	});

	test('Save refuses an image whose stored data is not an image; nothing is written into the workspace', async () => {
		const first = await goodTurn({ prompt: 'a glass of water', model: FLASH, newSession: true });
		const session = readSession(api(), first.sessionId);
		const image = finalImages(session.turns[0])[0];
		fs.writeFileSync(path.join(sessionDir(api(), first.sessionId), image), '<html><script>alert(1)</script></html>');
		const before = snapshotWorkspace();
		api().studio.clearPosted();
		assert.ok(api().studio.receive({ type: 'imageAction', action: 'save', turnId: session.turns[0].id, imageId: image }));
		const result = (await waitForPosted(api(), (message) => message.type === 'imageActionResult', 'the save result')) as ActionResult;
		assert.strictEqual(result.ok, false);
		assert.match(result.message, /not a PNG, JPEG or WebP/);
		assert.deepStrictEqual(snapshotWorkspace(), before, 'the workspace is unchanged');
	});

	test('a restored studio that was never saved (empty) starts fresh without an error', async () => {
		const panel = vscode.window.createWebviewPanel('imageStudio.studio', 'Gemini Studio', vscode.ViewColumn.Active);
		const restored = await api().studio.restore(panel, { version: 1, sessionId: '20261125000000-00000000' });
		assert.strictEqual(restored.turns, 0);
		assert.strictEqual(restored.notice, undefined, 'nothing to apologise for');
		panel.dispose();
	});

	test('session.json never disappears while the conversation is saved (atomic replace)', async () => {
		const first = await goodTurn({ prompt: 'a paper lantern', model: PRO, newSession: true });
		const dir = sessionDir(api(), first.sessionId);
		const file = path.join(dir, 'session.json');
		// A thread outside the extension host's event loop looks for the file as fast as it can while the host saves.
		const stop = new Int32Array(new SharedArrayBuffer(4));
		const worker = new Worker(
			`const { workerData, parentPort } = require('worker_threads');
			const fs = require('fs');
			const stop = new Int32Array(workerData.stop);
			let checks = 0;
			let missing = 0;
			while (Atomics.load(stop, 0) === 0) {
				checks++;
				if (!fs.existsSync(workerData.file)) missing++;
			}
			parentPort.postMessage({ checks, missing });`,
			{ eval: true, workerData: { file, stop: stop.buffer } },
		);
		const counts = new Promise<{ checks: number; missing: number }>((resolve, reject) => {
			worker.once('message', resolve);
			worker.once('error', reject);
		});
		try {
			for (let index = 0; index < 10; index++) {
				assert.ok(api().studio.receive({ type: 'renameSession', sessionId: first.sessionId, title: `Lantern ${index}` }));
				await waitFor(() => tryReadSession(api(), first.sessionId)?.title === `Lantern ${index}`, `rename ${index} saved`);
			}
		} finally {
			Atomics.store(stop, 0, 1);
		}
		const { checks, missing } = await counts;
		await worker.terminate();
		assert.ok(checks > 0, 'the watcher ran');
		assert.strictEqual(missing, 0, `session.json was missing in ${missing} of ${checks} checks while it was being saved`);
		assert.deepStrictEqual(
			filesIn(dir).filter((name) => name.endsWith('.tmp')),
			[],
			'no temporary file left',
		);
	});

	test('deleteSession with a "." or ".." id deletes nothing: not the storage, not the trash, not a session', async () => {
		const kept = await goodTurn({ prompt: 'a lighthouse keeper', model: PRO, newSession: true });
		const doomed = await goodTurn({ prompt: 'a sketch for the trash', newSession: true });
		api().studio.clearPosted();
		assert.ok(api().studio.receive({ type: 'deleteSession', sessionId: doomed.sessionId }));
		await waitFor(() => fs.existsSync(path.join(trashDir(api(), doomed.sessionId), 'deleted-at.txt')), 'a session in the trash');
		// The delete is done (the session index written too) when the list without it is posted.
		await waitForPosted(api(), (m) => m.type === 'sessions' && !m.sessions.some((session) => session.id === doomed.sessionId), 'the list without it');
		const storageRoot = path.dirname(api().studio.storageUri.fsPath);
		const sentinel = path.join(storageRoot, 'studio-test-sentinel.txt');
		fs.writeFileSync(sentinel, 'must survive');
		try {
			const before = snapshotDir(storageRoot);
			for (const sessionId of ['..', '.']) {
				api().studio.clearPosted();
				let accepted: boolean | undefined;
				assert.doesNotThrow(() => {
					accepted = api().studio.receive({ type: 'deleteSession', sessionId });
				});
				if (accepted) {
					await waitForPosted(api(), (m) => m.type === 'notice', `a notice for deleteSession ${sessionId}`, 5_000);
				}
				await delay(300);
				assert.deepStrictEqual(snapshotDir(storageRoot), before, `deleteSession "${sessionId}" left <storage> as it was`);
			}
			assert.ok(fs.existsSync(sentinel), 'the extension storage is intact');
			assert.ok(fs.existsSync(path.join(sessionDir(api(), kept.sessionId), 'session.json')), 'the other sessions are intact');
			assert.ok(fs.existsSync(path.join(trashDir(api(), doomed.sessionId), 'session.json')), 'the trash is intact');
		} finally {
			fs.rmSync(sentinel, { force: true });
		}
	});

	test('bad webview messages are rejected or answered, never throw, and write nothing', async () => {
		const other = await goodTurn({ prompt: 'a loud city', model: PRO, newSession: true });
		const otherImage = finalImages(readSession(api(), other.sessionId).turns[0])[0];
		const first = await goodTurn({ prompt: 'a quiet pond', model: PRO, newSession: true });
		const session = readSession(api(), first.sessionId);
		const turn = session.turns[0];
		const image = finalImages(turn)[0];
		const big = 'x'.repeat(50 * 1024 * 1024);
		const storage = api().studio.storageUri.fsPath;
		const storageBefore = snapshotDir(storage);
		const trashBefore = snapshotDir(trashDir(api()));
		const workspaceBefore = snapshotWorkspace();
		const requestsBefore = generateRequests(fake).length;
		const tabsBefore = studioTabs().length;

		const rejected: unknown[] = [
			undefined,
			null,
			42,
			[],
			[{ type: 'ready' }],
			{ type: 'ready', extra: 1 },
			JSON.parse('{"type":"ready","__proto__":{"polluted":true}}'),
			{ type: 'newSession', sessionId: first.sessionId },
			{ type: 'send', prompt: big, model: PRO, options: DEFAULT_OPTIONS },
			{ type: 'send', prompt: 'x', model: PRO },
			{ type: 'send', prompt: 'x', model: '../' + PRO, options: DEFAULT_OPTIONS },
			{ type: 'attachBytes', name: big, bytes: new Uint8Array(8) },
			{ type: 'attachBytes', name: 'x.png', bytes: 'iVBORw0KGgo=' },
			{ type: 'attachUris', uris: big },
			{ type: 'renameSession', sessionId: first.sessionId, title: big },
			{ type: 'renameSession', sessionId: first.sessionId, title: '   ' },
			{ type: 'renameSession', sessionId: first.sessionId },
			{ type: 'openSession', sessionId: '../studio-trash' },
			{ type: 'openSession', sessionId: '..\\x' },
			{ type: 'openSession', sessionId: big },
			{ type: 'deleteSession', sessionId: `../${first.sessionId}` },
			{ type: 'deleteSession', sessionId: '/etc' },
			{ type: 'retry' },
			{ type: 'retry', turnId: 7 },
			{ type: 'continueFrom', turnId: `../${turn.id}` },
			{ type: 'imageAction', action: 'delete', turnId: turn.id, imageId: image },
			{ type: 'imageAction', action: 'save', turnId: turn.id, imageId: `../${other.sessionId}/${otherImage}` },
			{ type: 'imageAction', action: 'save', turnId: turn.id },
			{ type: 'optionsChanged', options: { output: 'textAndImage', googleSearch: 'yes' } },
			{ type: 'modelChanged', model: big },
			// Ids are plain file names: never `.` or `..`.
			{ type: 'openSession', sessionId: '..' },
			{ type: 'openSession', sessionId: '.' },
			{ type: 'renameSession', sessionId: '..', title: 'escape' },
			{ type: 'imageAction', action: 'compare', turnId: turn.id, imageId: '..' },
			{ type: 'imageAction', action: 'save', turnId: turn.id, imageId: '.hidden.jpg' },
		];
		for (const message of rejected) {
			let accepted: boolean | undefined;
			assert.doesNotThrow(
				() => {
					accepted = api().studio.receive(message);
				},
				`receive threw for ${label(message)}`,
			);
			assert.strictEqual(accepted, false, `rejected: ${label(message)}`);
		}
		assert.strictEqual(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');

		// Well-formed but naming things that do not exist (or are not the session's): answered, not acted on.
		const answered: { message: Record<string, unknown>; answer: 'notice' | 'imageActionResult' | 'sessions' }[] = [
			{ message: { type: 'openSession', sessionId: '20990101000000-00000000' }, answer: 'notice' },
			{ message: { type: 'renameSession', sessionId: '20990101000000-00000000', title: 'ghost' }, answer: 'notice' },
			// Deleting what is already gone: answered by the current session list (a stale list in the webview).
			{ message: { type: 'deleteSession', sessionId: '20990101000000-00000000' }, answer: 'sessions' },
			{ message: { type: 'retry', turnId: 'no-such-turn' }, answer: 'notice' },
			{ message: { type: 'retry', turnId: turn.id }, answer: 'notice' },
			{ message: { type: 'continueFrom', turnId: 'no-such-turn' }, answer: 'notice' },
			{ message: { type: 'imageAction', action: 'save', turnId: turn.id, imageId: 'no-such-image.jpg' }, answer: 'imageActionResult' },
			{ message: { type: 'imageAction', action: 'save', turnId: turn.id, imageId: 'session.json' }, answer: 'imageActionResult' },
			{ message: { type: 'imageAction', action: 'copy', turnId: turn.id, imageId: 'session.json' }, answer: 'imageActionResult' },
			{ message: { type: 'imageAction', action: 'save', turnId: turn.id, imageId: otherImage }, answer: 'imageActionResult' },
			{ message: { type: 'imageAction', action: 'save', turnId: 'no-such-turn', imageId: image }, answer: 'imageActionResult' },
			{ message: { type: 'imageAction', action: 'useAsAttachment', turnId: 'no-such-turn', imageId: image }, answer: 'imageActionResult' },
		];
		assert.notStrictEqual(otherImage, image, 'image file names differ between sessions (else the cross-session probe proves nothing)');
		for (const { message, answer } of answered) {
			api().studio.clearPosted();
			let accepted: boolean | undefined;
			assert.doesNotThrow(
				() => {
					accepted = api().studio.receive(message);
				},
				`receive threw for ${label(message)}`,
			);
			assert.strictEqual(accepted, true, `well-formed, so accepted (and answered): ${label(message)}`);
			if (answer === 'imageActionResult') {
				const result = (await waitForPosted(
					api(),
					(m) => m.type === 'imageActionResult',
					`an imageActionResult for ${label(message)}`,
					5_000,
				)) as ActionResult;
				assert.strictEqual(result.ok, false, `failed: ${label(message)} → ${result.message}`);
				assert.ok(!posted(api()).some((m) => m.type === 'imageBytes'), 'no bytes posted');
			} else if (answer === 'sessions') {
				const list = await waitForPosted(
					api(),
					(m) => m.type === 'sessions' || m.type === 'notice',
					`a session list or notice for ${label(message)}`,
					5_000,
				);
				assert.ok(list.type === 'notice' || !list.sessions.some((session) => session.id === message.sessionId), 'the list does not show it');
			} else {
				const notice = (await waitForPosted(api(), (m) => m.type === 'notice', `a notice for ${label(message)}`, 5_000)) as Notice;
				assert.ok(notice.message.length > 0);
			}
			assert.strictEqual(api().studio.activeSessionId, first.sessionId, `still on the same session after ${label(message)}`);
		}
		await delay(500);
		assert.strictEqual(generateRequests(fake).length, requestsBefore, 'nothing was sent to Gemini');
		assert.strictEqual(api().studio.pendingAttachments, 0, 'nothing attached');
		assert.strictEqual(studioTabs().length, tabsBefore, 'no panel opened or closed');
		assert.deepStrictEqual(snapshotDir(storage), storageBefore, 'nothing written, moved or deleted in the studio storage');
		assert.deepStrictEqual(snapshotDir(trashDir(api())), trashBefore, 'nothing moved to the trash');
		assert.deepStrictEqual(snapshotWorkspace(), workspaceBefore, 'nothing written into the workspace');

		// The panel still works.
		const next = await goodTurn({ prompt: 'add a frog' });
		assert.strictEqual(next.sessionId, first.sessionId);
	});
});
