// Provenance: every written image has its recipe in extension storage (nothing extra in the workspace), or inside
// the file when the user opts in; Show Provenance, Regenerate and Continue in Studio read it back.
import * as assert from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import * as vscode from 'vscode';
import { readEmbeddedText } from '../../src/core/imageMetadata';
import { parseProvenanceJson, type ProvenanceRecord } from '../../src/core/provenance';
import type { EditOutcome } from '../../src/review/editReview';
import { configure, generateRequests, lastNotification, snapshotWorkspace, useFakeGemini, workspaceRoot } from './support';

const sha = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

suite('provenance', () => {
	const { fake, api } = useFakeGemini();

	setup(async () => {
		await configure({ 'provenance.embedInFile': undefined, 'storage.maxProvenanceRecords': undefined });
		fs.rmSync(path.join(workspaceRoot(), 'images'), { recursive: true, force: true });
	});
	suiteTeardown(async () => {
		await configure({ 'provenance.embedInFile': undefined, 'storage.maxProvenanceRecords': undefined });
		fs.rmSync(path.join(workspaceRoot(), 'images'), { recursive: true, force: true });
	});

	async function generate(args: Record<string, unknown>): Promise<vscode.Uri> {
		const uris = await vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generate', { open: false, ...args });
		assert.ok(uris?.length === 1, `generated; notifications: ${JSON.stringify(api().notifications)}`);
		return uris[0];
	}

	const show = (uri: vscode.Uri) =>
		vscode.commands.executeCommand<ProvenanceRecord | undefined>('imageStudio.showProvenance', { uri: uri.toString(), open: false });

	test('generate keeps the recipe in extension storage, keyed by the file hash; nothing else appears in the workspace', async () => {
		const before = snapshotWorkspace();
		const uri = await generate({ prompt: 'Ein Fuchs 🦊 im Schnee <b>&</b>', aspectRatio: '16:9', imageSize: '2K' });
		const bytes = fs.readFileSync(uri.fsPath);
		const added = snapshotWorkspace()
			.filter((entry) => !before.includes(entry) && !entry.endsWith('/'))
			.map((entry) => entry.split(' ')[0].replace(/\\/g, '/'));
		assert.deepStrictEqual(added, [vscode.workspace.asRelativePath(uri, false)], 'only the image itself was written');
		assert.strictEqual(readEmbeddedText(bytes), undefined, 'the file carries no metadata by default');

		const record = await show(uri);
		assert.ok(record, 'a record');
		assert.strictEqual(record.kind, 'generate');
		assert.strictEqual(record.prompt, 'Ein Fuchs 🦊 im Schnee <b>&</b>');
		assert.strictEqual(record.model, 'gemini-nano-banana-2.1');
		assert.strictEqual(record.aspectRatio, '16:9');
		assert.strictEqual(record.imageSize, '2K');
		assert.strictEqual(record.resultSha256, sha(bytes));
		assert.strictEqual(record.finishReason, 'STOP');
		assert.ok(record.usage && record.usage.outputTokens > 0, JSON.stringify(record.usage));
		assert.ok(typeof record.costUsd === 'number' && record.costUsd > 0, `cost ${record.costUsd}`);
		assert.deepStrictEqual(record.inputs, []);
		const stored = path.join(api().provenanceStorageUri.fsPath, `${sha(bytes)}.json`);
		assert.deepStrictEqual(parseProvenanceJson(fs.readFileSync(stored, 'utf8')), record);

		// Shown as a read-only JSON document, the prompt as data.
		await vscode.commands.executeCommand('imageStudio.showProvenance', { uri: uri.toString() });
		const document = vscode.window.activeTextEditor?.document;
		assert.strictEqual(document?.uri.scheme, 'image-studio-provenance');
		assert.strictEqual(JSON.parse(document.getText()).record.prompt, record.prompt);
	});

	test('with embedInFile on, JPEG and PNG results carry the record and still decode; lookup finds it in the file', async () => {
		await configure({ 'provenance.embedInFile': true });
		for (const mimeType of ['image/jpeg', 'image/png'] as const) {
			fake.enqueue({ kind: 'image', mimeType });
			const uri = await generate({ prompt: `embedded ${mimeType}`, aspectRatio: '1:1' });
			assert.ok(uri.path.endsWith(mimeType === 'image/png' ? '.png' : '.jpg'), uri.path);
			const bytes = fs.readFileSync(uri.fsPath);
			const embedded = parseProvenanceJson(readEmbeddedText(bytes) ?? '');
			assert.ok(embedded, `${mimeType}: the file carries a valid record`);
			assert.strictEqual(embedded.prompt, `embedded ${mimeType}`);
			assert.notStrictEqual(embedded.resultSha256, sha(bytes), 'resultSha256 is the hash of the image as generated');
			if (uri.path.endsWith('.png')) {
				assert.ok(PNG.sync.read(bytes).width > 0);
			} else {
				assert.ok(jpeg.decode(bytes, { useTArray: true }).width > 0);
			}
			assert.deepStrictEqual(await show(uri), embedded);
		}
	});

	test('regenerate sends the same request again and saves a new file beside the image, with its own record', async () => {
		const uri = await generate({
			prompt: 'a lighthouse at dusk',
			aspectRatio: '4:3',
			imageSize: '1K',
			thinkingLevel: 'high',
			model: 'gemini-3.1-flash-image',
		});
		const again = await vscode.commands.executeCommand<vscode.Uri>('imageStudio.regenerate', { uri: uri.toString(), open: false });
		assert.ok(again, `regenerated; notifications: ${JSON.stringify(api().notifications)}`);
		assert.notStrictEqual(again.toString(), uri.toString());
		assert.strictEqual(path.dirname(again.fsPath), path.dirname(uri.fsPath));
		assert.match(path.basename(again.fsPath), /^a-lighthouse-at-dusk-regenerated\.(jpg|png)$/);
		const requests = generateRequests(fake);
		assert.strictEqual(requests.length, 2);
		assert.strictEqual(requests[1].path, requests[0].path);
		assert.deepStrictEqual(requests[1].body, requests[0].body);
		const record = await show(again);
		assert.strictEqual(record?.prompt, 'a lighthouse at dusk');
		assert.strictEqual(record?.thinkingLevel, 'HIGH', 'the level as it was sent');
		assert.strictEqual(record?.resultSha256, sha(fs.readFileSync(again.fsPath)));
	});

	test('edit → Replace: the replaced file has an edit record whose parent is the original', async () => {
		const original = await generate({ prompt: 'plain logo', aspectRatio: '1:1' });
		const originalSha = sha(fs.readFileSync(original.fsPath));
		const outcome = await vscode.commands.executeCommand<EditOutcome>('imageStudio.edit', { uri: original.toString(), prompt: 'dark mode variant' });
		assert.ok(outcome, JSON.stringify(api().notifications));
		const replaced = await vscode.commands.executeCommand<vscode.Uri>('imageStudio.replaceOriginal', { editId: outcome.editId });
		assert.ok(replaced);
		const bytes = fs.readFileSync(original.fsPath);
		const record = await show(original);
		assert.strictEqual(record?.kind, 'edit');
		assert.strictEqual(record?.prompt, 'dark mode variant');
		assert.strictEqual(record?.parentSha256, originalSha);
		assert.strictEqual(record?.inputs[0].sha256, originalSha);
		assert.strictEqual(record?.resultSha256, sha(bytes));
	});

	test('compose → an input deleted: regenerate names it, sends nothing and writes nothing', async () => {
		const folder = path.join(workspaceRoot(), 'images');
		fs.mkdirSync(folder, { recursive: true });
		const a = await generate({ prompt: 'input a' });
		const b = await generate({ prompt: 'input b' });
		fs.copyFileSync(a.fsPath, path.join(folder, 'a.jpg'));
		fs.copyFileSync(b.fsPath, path.join(folder, 'b.jpg'));
		fs.rmSync(a.fsPath);
		fs.rmSync(b.fsPath);
		const composed = await vscode.commands.executeCommand<vscode.Uri>('imageStudio.compose', {
			uris: ['images/a.jpg', 'images/b.jpg'],
			prompt: 'a beside b',
		});
		assert.ok(composed, JSON.stringify(api().notifications));
		const record = await show(composed);
		assert.deepStrictEqual(
			record?.inputs.map((input) => input.name),
			['images/a.jpg', 'images/b.jpg'],
		);
		fs.rmSync(path.join(folder, 'b.jpg'));
		const requestsBefore = generateRequests(fake).length;
		const before = snapshotWorkspace();
		api().clearNotifications();
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.regenerate', { uri: composed.toString(), open: false }), undefined);
		assert.match(lastNotification(api(), 'error').message, /"images\/b\.jpg".*no longer in the workspace/);
		assert.strictEqual(generateRequests(fake).length, requestsBefore, 'nothing was sent');
		assert.deepStrictEqual(snapshotWorkspace(), before, 'nothing was written');
	});

	test('continue in studio opens a new conversation with the image attached', async () => {
		const uri = await generate({ prompt: 'studio seed' });
		const result = await vscode.commands.executeCommand<{ sessionId: string; pending: number; model?: string }>('imageStudio.continueInStudio', {
			uri: uri.toString(),
		});
		assert.ok(result, JSON.stringify(api().notifications));
		assert.strictEqual(result.pending, 1);
		assert.strictEqual(result.model, 'gemini-nano-banana-2.1');
		assert.strictEqual(api().studio.activeSessionId, result.sessionId);
		assert.strictEqual(api().studio.pendingAttachments, 1);
		api().studio.closeActive();
	});

	test('an image without a record, or with a damaged stored record, has no provenance; the store is pruned to its limit', async () => {
		const folder = path.join(workspaceRoot(), 'images');
		fs.mkdirSync(folder, { recursive: true });
		const uri = await generate({ prompt: 'to be damaged' });
		const bytes = fs.readFileSync(uri.fsPath);
		fs.writeFileSync(path.join(api().provenanceStorageUri.fsPath, `${sha(bytes)}.json`), '{"version":1,"kind":"generate","prompt":"<img src=x>"}');
		assert.strictEqual(await show(uri), undefined);
		fs.writeFileSync(path.join(folder, 'foreign.jpg'), Buffer.concat([bytes, Buffer.from('tail')]));
		assert.strictEqual(await show(vscode.Uri.file(path.join(folder, 'foreign.jpg'))), undefined);

		await configure({ 'storage.maxProvenanceRecords': 2 });
		await generate({ prompt: 'prune one' });
		await generate({ prompt: 'prune two' });
		await generate({ prompt: 'prune three' });
		const deadline = Date.now() + 5000;
		const count = () => fs.readdirSync(api().provenanceStorageUri.fsPath).filter((name) => name.endsWith('.json')).length;
		while (count() > 2 && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		assert.strictEqual(count(), 2);
	});
});
