// Studio sessions driven through webview messages in the real extension host, against the fake Gemini in strict
// signature mode: new / open (turns restored, the conversation continues), rename (session.json and the session list),
// delete (moved to the trash, Undo offered) and "Continue from this turn" (a new session with the turns up to that one,
// their images copied and their signatures kept, which a next turn replays successfully).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { StudioToWebview } from '../../src/shared/protocol';
import { decodeFakeSignature } from '../fake-gemini/server';
import { configure, generateRequests, useFakeGemini, waitFor } from './support';
import {
	goodTurn,
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
	type StoredPartJson,
} from './studioHelpers';

type Init = Extract<StudioToWebview, { type: 'init' }>;
type Sessions = Extract<StudioToWebview, { type: 'sessions' }>;

function signatures(parts: readonly StoredPartJson[] | readonly Record<string, unknown>[]): string[] {
	return (parts as readonly Record<string, unknown>[])
		.map((part) => part.thoughtSignature)
		.filter((signature): signature is string => typeof signature === 'string');
}

suite('studio sessions', () => {
	const { fake, api } = useFakeGemini();

	setup(() => {
		fake.options.strictSignatures = true;
	});

	test('newSession and openSession switch the panel between conversations; the reopened one is restored and continues', async () => {
		const a = await goodTurn({ prompt: 'an orange cat', model: PRO, newSession: true });
		await waitFor(() => studioTabs().length === 1, 'the studio tab');
		api().studio.clearPosted();

		assert.ok(api().studio.receive({ type: 'newSession' }));
		const b = await waitFor(() => api().studio.activeSessionId !== a.sessionId && api().studio.activeSessionId, 'a new session in the panel');
		const empty = (await waitForPosted(api(), (m) => m.type === 'init' && m.sessionId === b, 'init for the new session')) as Init;
		assert.deepStrictEqual(empty.turns, [], 'the new session is empty');
		assert.strictEqual(studioTabs().length, 1, 'the same panel switched');

		const bTurn = await goodTurn({ prompt: 'a grey dog' });
		assert.strictEqual(bTurn.sessionId, b, 'the next turn went to the new session');
		assert.deepStrictEqual(
			generateRequests(fake).at(-1)!.body.contents,
			[{ role: 'user', parts: [{ text: 'a grey dog' }] }],
			'nothing of the other conversation is sent',
		);

		api().studio.clearPosted();
		assert.ok(api().studio.receive({ type: 'openSession', sessionId: a.sessionId }));
		await waitFor(() => api().studio.activeSessionId === a.sessionId, 'the panel to switch back');
		const restored = (await waitForPosted(api(), (m) => m.type === 'init' && m.sessionId === a.sessionId, 'init for the reopened session')) as Init;
		assert.deepStrictEqual(
			restored.turns.map((turn) => [turn.prompt, turn.status]),
			[['an orange cat', 'done']],
		);
		const image = restored.turns[0].parts.find((part) => part.kind === 'image' && !part.thought);
		assert.ok(image && image.kind === 'image' && image.src.includes(image.imageId), 'the restored turn shows its image by URI');
		assert.strictEqual(studioTabs().length, 1);

		const next = await goodTurn({ prompt: 'make the cat sleep' });
		assert.strictEqual(next.sessionId, a.sessionId);
		const sent = generateRequests(fake).at(-1)!;
		assert.strictEqual(sent.status, 200, 'strict signatures accepted after the switch back');
		assert.deepStrictEqual(
			sent.body.contents.map((content: { role: string }) => content.role),
			['user', 'model', 'user'],
		);
		assert.deepStrictEqual(sent.body.contents[0].parts, [{ text: 'an orange cat' }]);
		assert.deepStrictEqual(signatures(sent.body.contents[1].parts), signatures(readSession(api(), a.sessionId).turns[0].response!));
		assert.deepStrictEqual(
			readSession(api(), b).turns.map((turn) => turn.prompt),
			['a grey dog'],
			'the other session is untouched',
		);
	});

	test('renameSession changes the title in session.json and in the session list, also for a session not shown', async () => {
		const a = await goodTurn({ prompt: 'a red bicycle', model: PRO, newSession: true });
		api().studio.clearPosted();
		assert.ok(api().studio.receive({ type: 'renameSession', sessionId: a.sessionId, title: 'Bicycle ideas' }));
		await waitFor(() => tryReadSession(api(), a.sessionId)?.title === 'Bicycle ideas', 'the new title in session.json');
		const list = (await waitForPosted(
			api(),
			(m) => m.type === 'sessions' && m.sessions.some((session) => session.id === a.sessionId && session.title === 'Bicycle ideas'),
			'a sessions message with the new title',
		)) as Sessions;
		assert.strictEqual(list.currentId, a.sessionId);
		assert.strictEqual(list.sessions.find((session) => session.id === a.sessionId)!.turnCount, 1);
		assert.strictEqual(readSession(api(), a.sessionId).turns.length, 1, 'the turns are kept');

		// Renaming a stored session while another one is shown.
		const b = await goodTurn({ prompt: 'a blue scooter', newSession: true });
		assert.notStrictEqual(b.sessionId, a.sessionId);
		api().studio.clearPosted();
		assert.ok(api().studio.receive({ type: 'renameSession', sessionId: a.sessionId, title: 'Two wheels' }));
		await waitFor(() => tryReadSession(api(), a.sessionId)?.title === 'Two wheels', 'the stored session renamed');
		await waitForPosted(
			api(),
			(m) => m.type === 'sessions' && m.sessions.some((session) => session.id === a.sessionId && session.title === 'Two wheels'),
			'the list updated',
		);
		assert.strictEqual(api().studio.activeSessionId, b.sessionId, 'the shown session stays');
		assert.notStrictEqual(readSession(api(), b.sessionId).title, 'Two wheels');
		assert.strictEqual(readSession(api(), a.sessionId).turns.length, 1);
	});

	test('deleteSession moves the folder to studio-trash, drops it from the list and offers Undo', async () => {
		const doomed = await goodTurn({ prompt: 'a doomed sketch', model: PRO, newSession: true });
		const kept = await goodTurn({ prompt: 'a kept sketch', newSession: true });
		const folder = sessionDir(api(), doomed.sessionId);
		const files = snapshotDir(folder).map((entry) => entry.split(' ')[0]);
		assert.ok(files.includes('session.json'));
		api().clearNotifications();
		api().studio.clearPosted();

		assert.ok(api().studio.receive({ type: 'deleteSession', sessionId: doomed.sessionId }));
		await waitFor(() => !fs.existsSync(folder), 'the session folder to leave the studio storage');
		const trashed = trashDir(api(), doomed.sessionId);
		// The delete is done when the list without it is posted; then the trash also holds the marker that dates it.
		await waitForPosted(api(), (m) => m.type === 'sessions' && !m.sessions.some((session) => session.id === doomed.sessionId), 'the list without it');
		assert.ok(fs.existsSync(path.join(trashed, 'session.json')), 'moved to <storage>/studio-trash/<id>');
		assert.deepStrictEqual(
			snapshotDir(trashed)
				.map((entry) => entry.split(' ')[0])
				.sort(),
			[...files, 'deleted-at.txt'].sort(),
			'every file moved, plus the marker that dates the deletion',
		);
		const listed = await api().studio.listSessions();
		assert.ok(!listed.sessions.includes(doomed.sessionId), 'not listed any more');
		assert.ok(listed.sessions.includes(kept.sessionId), 'the others stay');
		const undo = await waitFor(
			() => api().notifications.find((record) => record.severity === 'info' && record.actions.includes('Undo')),
			'an info notification offering Undo',
		);
		assert.match(undo.message, /doomed sketch|deleted/i);
		await waitForPosted(api(), (m) => m.type === 'sessions' && !m.sessions.some((session) => session.id === doomed.sessionId), 'the list without it');
		assert.strictEqual(api().studio.activeSessionId, kept.sessionId);
		assert.strictEqual(readSession(api(), kept.sessionId).turns.length, 1);
	});

	test('continueFrom starts a new session with the turns up to that one, images copied, signatures kept; it continues in strict mode', async () => {
		const a = await goodTurn({ prompt: 'a wooden boat', model: PRO, newSession: true });
		await goodTurn({ prompt: 'paint it yellow' });
		await goodTurn({ prompt: 'add a sail' });
		const source = readSession(api(), a.sessionId);
		const sourceDir = sessionDir(api(), a.sessionId);
		api().studio.clearPosted();

		assert.ok(api().studio.receive({ type: 'continueFrom', turnId: source.turns[1].id }));
		const d = await waitFor(() => api().studio.activeSessionId !== a.sessionId && api().studio.activeSessionId, 'the new session in the panel');
		const copy = await waitFor(() => tryReadSession(api(), d), 'the new session.json');
		assert.deepStrictEqual(
			copy.turns.map((turn) => turn.prompt),
			['a wooden boat', 'paint it yellow'],
		);
		const copyDir = sessionDir(api(), d);
		for (const [index, turn] of copy.turns.entries()) {
			const original = source.turns[index];
			assert.deepStrictEqual(signatures(turn.response!), signatures(original.response!), `turn ${index + 1} keeps its signatures`);
			assert.strictEqual(turn.response!.length, original.response!.length);
			turn.response!.forEach((part, partIndex) => {
				const from = original.response![partIndex].inlineFile;
				assert.strictEqual(Boolean(part.inlineFile), Boolean(from));
				if (part.inlineFile && from) {
					assert.deepStrictEqual(
						fs.readFileSync(path.join(copyDir, part.inlineFile.file)),
						fs.readFileSync(path.join(sourceDir, from.file)),
						`${part.inlineFile.file} copied`,
					);
				}
			});
		}
		const files = snapshotDir(copyDir)
			.filter((entry) => !entry.endsWith('/'))
			.map((entry) => entry.split(' ')[0])
			.filter((file) => file !== 'session.json');
		assert.deepStrictEqual(
			files.sort(),
			[...withThumbnails(referencedFiles(copy))].sort(),
			'exactly the images the copied turns need, and their thumbnails',
		);
		const init = (await waitForPosted(api(), (m) => m.type === 'init' && m.sessionId === d, 'init for the new session')) as Init;
		assert.strictEqual(init.turns.length, 2);
		assert.strictEqual(readSession(api(), a.sessionId).turns.length, 3, 'the source session is untouched');

		const next = await goodTurn({ prompt: 'make it night' });
		assert.strictEqual(next.sessionId, d);
		const sent = generateRequests(fake).at(-1)!;
		assert.strictEqual(sent.status, 200, 'the copied signatures pass strict mode');
		assert.deepStrictEqual(
			sent.body.contents.map((content: { role: string }) => content.role),
			['user', 'model', 'user', 'model', 'user'],
		);
		assert.deepStrictEqual(sent.body.contents[2].parts[0], { text: 'paint it yellow' });
		assert.deepStrictEqual(sent.body.contents[4].parts, [{ text: 'make it night' }]);
		assert.ok(!JSON.stringify(sent.body.contents).includes('add a sail'), 'the later turn is not in the new session');
		assert.deepStrictEqual(signatures(sent.body.contents[1].parts), signatures(source.turns[0].response!));
		assert.deepStrictEqual(signatures(sent.body.contents[3].parts), signatures(source.turns[1].response!));
		assert.ok(signatures(sent.body.contents[3].parts).every((signature) => decodeFakeSignature(signature)?.model === PRO));
		assert.strictEqual(readSession(api(), d).turns.length, 3);
		assert.ok(posted(api()).length > 0);
	});

	test('conversations beyond imageStudio.storage.maxStudioConversations move to the trash, least recently used first, never the open one', async () => {
		await configure({ 'storage.maxStudioConversations': 2 });
		try {
			// Open conversations are never moved: each is closed before the next one starts.
			const first = await goodTurn({ prompt: 'first of three', model: PRO, newSession: true });
			api().studio.closeActive();
			const second = await goodTurn({ prompt: 'second of three', newSession: true });
			api().studio.closeActive();
			const third = await goodTurn({ prompt: 'third of three', newSession: true });
			// Pruning runs when the list is refreshed after a conversation's first turn: poll the store.
			let listed = (await api().studio.listSessions()).sessions;
			for (let tries = 0; listed.includes(first.sessionId) && tries < 100; tries++) {
				await new Promise((resolve) => setTimeout(resolve, 100));
				listed = (await api().studio.listSessions()).sessions;
			}
			assert.ok(!listed.includes(first.sessionId), `the oldest conversation left the list: ${listed.join(', ')}`);
			assert.ok(listed.includes(second.sessionId) && listed.includes(third.sessionId), `the newest two stay: ${listed.join(', ')}`);
			// Conversations still open in a panel (from earlier tests) stay too: only closed ones are moved.
			assert.ok(fs.existsSync(path.join(trashDir(api(), first.sessionId), 'session.json')), 'moved to the trash, not deleted');
		} finally {
			await configure({ 'storage.maxStudioConversations': undefined });
		}
	});
});
