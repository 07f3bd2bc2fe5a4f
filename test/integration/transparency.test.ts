// Real transparency in the extension host: imageStudio.makeBackgroundTransparent (difference matting through two
// edit requests, or the free local key) and imageStudio.generate { transparent }, against the fake Gemini's
// white/black backdrops (test/fake-gemini/backgrounds.ts). Results are decoded with pngjs: a real PNG with alpha.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { PNG } from 'pngjs';
import * as vscode from 'vscode';
import { TRANSPARENCY_PROMPTS } from '../../src/generation/transparency';
import { renderBackdropImage } from '../fake-gemini/backgrounds';
import { renderFakeImage } from '../fake-gemini/server';
import { takeScreenshot } from './screenshot';
import { configure, generateRequests, lastNotification, snapshotWorkspace, useFakeGemini, waitFor, workspaceRoot } from './support';

const FOLDER = 'transparency';
const PHOTO = `${FOLDER}/photo.png`;

function writeImage(relative: string, bytes: Buffer): string {
	const full = path.join(workspaceRoot(), relative);
	fs.mkdirSync(path.dirname(full), { recursive: true });
	fs.writeFileSync(full, bytes);
	return full;
}

/** Decodes a saved result and counts its alpha: it must be a PNG whose colour type carries alpha. */
function readAlphaPng(uri: vscode.Uri): { colorType: number; opaque: number; transparent: number; partial: number; width: number } {
	const bytes = fs.readFileSync(uri.fsPath);
	assert.strictEqual(bytes.subarray(1, 4).toString('latin1'), 'PNG', 'the result is a PNG');
	const colorType = bytes[25];
	const png = PNG.sync.read(bytes);
	let opaque = 0;
	let transparent = 0;
	for (let i = 3; i < png.data.length; i += 4) {
		opaque += png.data[i] === 255 ? 1 : 0;
		transparent += png.data[i] === 0 ? 1 : 0;
	}
	return { colorType, opaque, transparent, partial: png.width * png.height - opaque - transparent, width: png.width };
}

function compareTabs(): vscode.Tab[] {
	return vscode.window.tabGroups.all
		.flatMap((group) => group.tabs)
		.filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('imageStudio.compare'));
}

suite('imageStudio.makeBackgroundTransparent and generate { transparent }', () => {
	const { fake, api } = useFakeGemini();
	const original = renderFakeImage('image/png', 400, 300, 11);
	let photoPath = '';

	setup(() => {
		fs.rmSync(path.join(workspaceRoot(), FOLDER), { recursive: true, force: true });
		photoPath = writeImage(PHOTO, original);
	});
	suiteTeardown(() => fs.rmSync(path.join(workspaceRoot(), FOLDER), { recursive: true, force: true }));

	test('difference: two edit requests with the documented prompts, <name>-transparent.png with alpha, original untouched, compare view open', async () => {
		const saved = await vscode.commands.executeCommand<vscode.Uri | undefined>('imageStudio.makeBackgroundTransparent', { uri: PHOTO });
		assert.ok(saved, `a URI is returned; notifications: ${JSON.stringify(api().notifications)}`);
		assert.strictEqual(vscode.workspace.asRelativePath(saved, false), `${FOLDER}/photo-transparent.png`);
		const result = readAlphaPng(saved);
		assert.strictEqual(result.colorType, 6, 'RGBA PNG');
		assert.ok(result.opaque > 1000 && result.transparent > 1000 && result.partial > 0, JSON.stringify(result));
		assert.ok(fs.readFileSync(photoPath).equals(original), 'the original bytes are unchanged');

		const requests = generateRequests(fake);
		assert.strictEqual(requests.length, 2, 'exactly two requests');
		assert.deepStrictEqual(
			requests.map((request) => request.body.contents[0].parts[0].text),
			[TRANSPARENCY_PROMPTS.white, TRANSPARENCY_PROMPTS.black],
		);
		for (const request of requests) {
			assert.strictEqual(request.body.contents[0].parts[1].inlineData.data, original.toString('base64'), 'the original is the input of both');
			assert.strictEqual(request.body.generationConfig.imageConfig.aspectRatio, '4:3', '400×300 keeps 4:3');
		}
		const tab = await waitFor(() => compareTabs().find((candidate) => candidate.isActive), 'the compare view');
		assert.strictEqual(tab.label, 'photo.png ↔ photo-transparent.png');
		assert.match(lastNotification(api(), 'info').message, /^Saved transparency\/photo-transparent\.png \(\d+ % transparent, \d+ % soft edge\)\.$/);
		await new Promise((resolve) => setTimeout(resolve, 1000));
		await takeScreenshot('integration-transparency-compare');
	});

	test('never overwrites: a second run saves photo-transparent-2.png', async () => {
		writeImage(`${FOLDER}/photo-transparent.png`, Buffer.from('kept'));
		const saved = await vscode.commands.executeCommand<vscode.Uri>('imageStudio.makeBackgroundTransparent', { uri: PHOTO });
		assert.strictEqual(path.basename(saved.fsPath), 'photo-transparent-2.png');
		assert.strictEqual(fs.readFileSync(path.join(workspaceRoot(), FOLDER, 'photo-transparent.png'), 'utf8'), 'kept');
	});

	test('from the explorer menu, (uri, [uri]): the same two requests and result', async () => {
		const uri = vscode.Uri.file(photoPath);
		const saved = await vscode.commands.executeCommand<vscode.Uri | undefined>('imageStudio.makeBackgroundTransparent', uri, [uri]);
		assert.ok(saved, JSON.stringify(api().notifications));
		assert.strictEqual(path.basename(saved.fsPath), 'photo-transparent.png');
		assert.strictEqual(generateRequests(fake).length, 2);
	});

	test('method "key" keys a flat background locally: no request, a PNG with alpha', async () => {
		const flat = renderBackdropImage('image/png', 320, 240, { background: 'white', subject: [40, 90, 160] });
		writeImage(`${FOLDER}/sticker.png`, flat);
		const saved = await vscode.commands.executeCommand<vscode.Uri>('imageStudio.makeBackgroundTransparent', {
			uri: `${FOLDER}/sticker.png`,
			method: 'key',
		});
		assert.ok(saved, JSON.stringify(api().notifications));
		assert.strictEqual(path.basename(saved.fsPath), 'sticker-transparent.png');
		const result = readAlphaPng(saved);
		assert.ok(result.colorType === 6 && result.opaque > 1000 && result.transparent > 1000 && result.partial > 0, JSON.stringify(result));
		assert.strictEqual(fake.requests.length, 0, 'nothing was sent');
	});

	test('generate { transparent: true }: on white, then the white render on black; a PNG with alpha', async () => {
		const saved = await vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generate', {
			prompt: 'a round blue badge',
			transparent: true,
			aspectRatio: '1:1',
			open: false,
		});
		assert.ok(saved && saved.length === 1, JSON.stringify(api().notifications));
		assert.match(path.basename(saved[0].fsPath), /-transparent\.png$/);
		const result = readAlphaPng(saved[0]);
		assert.ok(result.colorType === 6 && result.opaque > 1000 && result.transparent > 1000, JSON.stringify(result));
		const requests = generateRequests(fake);
		assert.strictEqual(requests.length, 2);
		assert.strictEqual(requests[0].body.contents[0].parts[0].text, `a round blue badge\n\n${TRANSPARENCY_PROMPTS.generateOnWhite}`);
		assert.strictEqual(requests[0].body.contents[0].parts.length, 1, 'the first request is a plain generation');
		assert.strictEqual(requests[1].body.contents[0].parts[0].text, TRANSPARENCY_PROMPTS.black);
		assert.strictEqual(requests[1].body.contents[0].parts[1].inlineData.mimeType, 'image/jpeg', 'the white render (the model sends JPEG) is the input');
		fs.rmSync(saved[0].fsPath, { force: true });
	});

	test('generate { transparent: "key" }: one request, the white background keyed out', async () => {
		const saved = await vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generate', { prompt: 'a green leaf', transparent: 'key', open: false });
		assert.ok(saved && saved.length === 1, JSON.stringify(api().notifications));
		const result = readAlphaPng(saved[0]);
		assert.ok(result.opaque > 1000 && result.transparent > 1000, JSON.stringify(result));
		assert.strictEqual(generateRequests(fake).length, 1);
		fs.rmSync(saved[0].fsPath, { force: true });
	});

	test('the second request failing (500 after its retries) writes nothing', async () => {
		await configure({ maxRetries: 1 });
		fake.enqueue({ kind: 'image' }, { kind: 'error', status: 500 }, { kind: 'error', status: 500 });
		const before = snapshotWorkspace();
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.makeBackgroundTransparent', { uri: PHOTO }), undefined);
		assert.strictEqual(lastNotification(api(), 'error').code, 'serverUnavailable');
		assert.strictEqual(generateRequests(fake).length, 3);
		assert.deepStrictEqual(snapshotWorkspace(), before);
		assert.strictEqual(compareTabs().length, 0, 'no compare view');
	});

	test('cancel during the second request writes nothing', async () => {
		fake.enqueue({ kind: 'image' }, { kind: 'stall' });
		const before = snapshotWorkspace();
		const running = vscode.commands.executeCommand('imageStudio.makeBackgroundTransparent', { uri: PHOTO });
		await waitFor(() => generateRequests(fake).length === 2, 'the second request');
		await vscode.commands.executeCommand('imageStudio.cancelRequests');
		assert.strictEqual(await running, undefined);
		assert.strictEqual(lastNotification(api(), 'warning').code, 'cancelled');
		assert.deepStrictEqual(snapshotWorkspace(), before);
	});

	test('bad arguments are refused before anything is sent', async () => {
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.makeBackgroundTransparent', { uri: PHOTO, method: 'magic' }), undefined);
		assert.match(lastNotification(api(), 'error').message, /"method" must be "difference" or "key"/);
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.makeBackgroundTransparent', { uri: PHOTO, maxCostUsd: 0.001 }), undefined);
		assert.strictEqual(lastNotification(api()).code, 'overBudget');
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'x', transparent: 'yes' }), undefined);
		assert.match(lastNotification(api(), 'error').message, /"transparent" must be/);
		assert.strictEqual(fake.requests.length, 0);
	});
});
