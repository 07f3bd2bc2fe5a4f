import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { expectedDimensions, promptSeed, renderFakeImage } from '../fake-gemini/server';
import type { VariationsToWebview } from '../../src/shared/protocol';
import { configure, generateRequests, snapshotWorkspace, useFakeGemini, waitFor, workspaceRoot } from './support';

suite('variations', () => {
	const { fake, api } = useFakeGemini();
	const posted = () => (api().variations?.posted ?? []) as VariationsToWebview[];
	const candidates = () => posted().filter((message) => message.type === 'candidate');

	teardown(() => configure({ 'assets.concurrency': undefined }));

	test('four candidates requested in parallel arrive in the grid; only the kept ones are written', async () => {
		const prompt = 'a mascot fox, sticker style';
		const before = snapshotWorkspace();
		const pending = vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generateVariations', { prompt, count: 4 });
		await waitFor(() => candidates().length === 4 && api().variations, 'four candidates in the grid', 20_000);
		assert.deepStrictEqual(snapshotWorkspace(), before, 'nothing is written before the user saves');
		const requests = generateRequests(fake);
		assert.strictEqual(requests.length, 4);
		const spread = Math.max(...requests.map((r) => r.receivedAt)) - Math.min(...requests.map((r) => r.receivedAt));
		assert.ok(spread < 1000, `the four requests went out together (spread ${spread} ms)`);
		// Bad messages from the webview are rejected.
		for (const bad of [
			{ type: 'save', keep: [] },
			{ type: 'save', keep: [1, 1] },
			{ type: 'save', keep: [99] },
			{ type: 'save', keep: ['0'] },
			{ type: 'nuke' },
		]) {
			assert.strictEqual(api().variations!.receive(bad), false, JSON.stringify(bad));
		}
		assert.ok(api().variations!.receive({ type: 'save', keep: [0, 2] }));
		const uris = await pending;
		assert.deepStrictEqual(
			uris?.map((uri) => vscode.workspace.asRelativePath(uri, false)),
			['assets/generated/a-mascot-fox-sticker-style.jpg', 'assets/generated/a-mascot-fox-sticker-style-2.jpg'],
		);
		const { width, height } = expectedDimensions('1:1', '1K');
		assert.ok(fs.readFileSync(uris![0].fsPath).equals(renderFakeImage('image/jpeg', width, height, promptSeed(prompt))), 'the bytes Gemini sent');
		assert.strictEqual(fs.readdirSync(path.join(workspaceRoot(), 'assets', 'generated')).length, 2, 'the two discarded candidates are not written');
		assert.strictEqual(api().variations, undefined, 'the grid closed after saving');
	});

	test('Discard All writes nothing and cancels what is still running; concurrency follows imageStudio.assets.concurrency', async () => {
		await configure({ 'assets.concurrency': 2 });
		fake.enqueue({ kind: 'image' }, { kind: 'stall' }, { kind: 'stall' });
		const before = snapshotWorkspace();
		const pending = vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generateVariations', { prompt: 'three doors', count: 3 });
		await waitFor(() => generateRequests(fake).length === 3, 'the third request after the first finished', 20_000);
		assert.strictEqual(candidates().length, 1);
		const stalled = fake.requests.filter((request) => request.action === 'generateContent').slice(1);
		assert.ok(api().variations!.receive({ type: 'discardAll' }));
		assert.deepStrictEqual(await pending, []);
		await waitFor(() => stalled.every((request) => request.closedByClient), 'the stalled requests to be aborted');
		assert.deepStrictEqual(snapshotWorkspace(), before);
	});

	test('generate with count 8 saves eight files; count 9 is refused', async () => {
		const uris = await vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generate', { prompt: 'eight tiles', count: 8, open: false });
		assert.strictEqual(uris?.length, 8);
		assert.strictEqual(generateRequests(fake).length, 8);
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.generateVariations', { prompt: 'too many', count: 9 }), undefined);
		assert.strictEqual(generateRequests(fake).length, 8);
	});
});
