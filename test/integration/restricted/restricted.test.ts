// Restricted Mode: the workspace is not trusted (Workspace Trust on, never granted; see the runner's `restricted`
// suite). Generating into the workspace is refused before any request; the studio may chat (it writes only to the
// extension's storage) but refuses Save and Insert. Nothing in the workspace changes.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { StudioToWebview } from '../../../src/shared/protocol';
import { snapshotWorkspace, useFakeGemini, waitFor } from '../support';
import { finalImages, FLASH, openStudio, posted, readSession } from '../studioHelpers';

type ActionResult = Extract<StudioToWebview, { type: 'imageActionResult' }>;

suite('Restricted Mode (untrusted workspace)', () => {
	const { fake, api } = useFakeGemini();
	let before: string[] = [];

	// After useFakeGemini's per-test setup (it clears assets/), so each test is compared with what it started from.
	setup(() => {
		before = snapshotWorkspace();
		assert.ok(before.length > 0, 'the workspace has files to compare');
	});

	teardown(() => {
		assert.deepStrictEqual(snapshotWorkspace(), before, 'the workspace is unchanged');
	});

	test('the workspace is not trusted', () => {
		assert.strictEqual(vscode.workspace.isTrusted, false);
		assert.ok(vscode.workspace.workspaceFolders?.length, 'a workspace folder is open');
	});

	test('imageStudio.generate refuses before any request and says why', async () => {
		assert.strictEqual(vscode.workspace.isTrusted, false);
		const result = await vscode.commands.executeCommand<unknown>('imageStudio.generate', { prompt: 'x' });
		assert.strictEqual(result, undefined);
		const told = api().notifications.filter(
			(record) => (record.severity === 'warning' || record.severity === 'error') && /Restricted Mode/.test(record.message),
		);
		assert.strictEqual(told.length, 1, `one warning or error about Restricted Mode; saw ${JSON.stringify(api().notifications)}`);
		assert.deepStrictEqual(fake.requests, [], 'nothing reached the fake Gemini');
		assert.deepStrictEqual(snapshotWorkspace(), before, 'the workspace is unchanged');
	});

	test('the studio chats but refuses Save and Insert', async () => {
		assert.strictEqual(vscode.workspace.isTrusted, false);
		const opened = await openStudio({ prompt: 'a red fox in the snow', model: FLASH });
		assert.ok(opened.turn?.ok, `the chat turn succeeded: ${opened.turn?.error}`);
		assert.ok(fake.requests.length > 0, 'the chat reached the fake Gemini');
		const turn = readSession(api(), opened.sessionId).turns[0];
		const imageId = finalImages(turn)[0];
		assert.ok(imageId, 'the turn has an image');
		for (const action of ['save', 'insert'] as const) {
			assert.ok(api().studio.receive({ type: 'imageAction', action, turnId: turn.id, imageId }), `the ${action} message was accepted`);
			const result = await waitFor(
				() =>
					posted(api()).find(
						(message): message is ActionResult => message.type === 'imageActionResult' && message.action === action && message.imageId === imageId,
					),
				`the ${action} result`,
			);
			assert.strictEqual(result.ok, false, `${action} was refused: ${JSON.stringify(result)}`);
			assert.match(result.message, /Restricted Mode/, `${action} says why`);
			assert.deepStrictEqual(snapshotWorkspace(), before, `the workspace is unchanged after ${action}`);
		}
	});
});
