import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { expectedDimensions, promptSeed, renderFakeImage } from '../fake-gemini/server';
import { takeScreenshot } from './screenshot';
import { ENV_KEY, generateRequests, lastNotification, readWorkspaceFile, snapshotWorkspace, useFakeGemini, waitFor, workspaceRoot } from './support';

suite('imageStudio.generate', () => {
	const { fake, api } = useFakeGemini();

	test('saves exactly the bytes Gemini sent, named after the prompt, and opens them', async () => {
		const prompt = 'A red bicycle on a beach';
		const uris = await vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generate', { prompt, aspectRatio: '16:9', imageSize: '2K' });
		assert.ok(Array.isArray(uris) && uris.length === 1, `returned ${JSON.stringify(uris)}`);
		assert.strictEqual(vscode.workspace.asRelativePath(uris[0], false), 'assets/generated/a-red-bicycle-on-a-beach.jpg');
		const { width, height } = expectedDimensions('16:9', '2K');
		const expected = renderFakeImage('image/jpeg', width, height, promptSeed(prompt));
		assert.ok(readWorkspaceFile('assets/generated/a-red-bicycle-on-a-beach.jpg').equals(expected), 'the saved bytes equal the fake image');

		const requests = generateRequests(fake);
		assert.strictEqual(requests.length, 1);
		assert.strictEqual(requests[0].path, '/v1beta/models/gemini-nano-banana-2.1:generateContent');
		assert.deepStrictEqual(requests[0].body.generationConfig.imageConfig, { aspectRatio: '16:9', imageSize: '2K' });
		assert.deepStrictEqual(requests[0].body.generationConfig.responseModalities, ['TEXT', 'IMAGE']);
		assert.strictEqual(requests[0].body.contents[0].parts[0].text, prompt);

		const tab = await waitFor(() => {
			const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
			return input instanceof vscode.TabInputCustom && input.uri.toString() === uris[0].toString() ? input : undefined;
		}, 'the image to open in the image preview');
		assert.strictEqual(tab.viewType, 'imagePreview.previewEditor');
		assert.match(lastNotification(api(), 'info').message, /Saved assets\/generated\/a-red-bicycle-on-a-beach\.jpg/);
		await new Promise((resolve) => setTimeout(resolve, 1500)); // Let the preview paint before the screenshot.
		await takeScreenshot('integration-generated-image-open');
	});

	test('never overwrites: a second run and an existing file get numbered names', async () => {
		const folder = path.join(workspaceRoot(), 'assets', 'generated');
		fs.mkdirSync(folder, { recursive: true });
		const precious = Buffer.from("the user's own file");
		fs.writeFileSync(path.join(folder, 'fox-logo.jpg'), precious);
		const first = await vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generate', { prompt: 'fox logo', open: false });
		const second = await vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generate', { prompt: 'Fox  logo!', open: false });
		assert.strictEqual(path.basename(first![0].fsPath), 'fox-logo-2.jpg');
		assert.strictEqual(path.basename(second![0].fsPath), 'fox-logo-3.jpg');
		assert.ok(fs.readFileSync(path.join(folder, 'fox-logo.jpg')).equals(precious), 'the existing file is untouched');
		assert.deepStrictEqual(fs.readdirSync(folder).sort(), ['fox-logo-2.jpg', 'fox-logo-3.jpg', 'fox-logo.jpg'], 'no temporary files remain');
	});

	test('count asks for several images and saves them all; the model and the output folder come from settings', async () => {
		await vscode.workspace.getConfiguration('imageStudio').update('outputFolder', 'public/img', vscode.ConfigurationTarget.Global);
		await vscode.workspace.getConfiguration('imageStudio').update('model', 'gemini-3-pro-image', vscode.ConfigurationTarget.Global);
		try {
			const uris = await vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generate', { prompt: 'hero banner', count: 2, open: false });
			assert.deepStrictEqual(
				uris!.map((uri) => vscode.workspace.asRelativePath(uri, false)),
				['public/img/hero-banner.jpg', 'public/img/hero-banner-2.jpg'],
			);
			assert.strictEqual(generateRequests(fake).length, 2);
			assert.ok(generateRequests(fake).every((request) => request.model === 'gemini-3-pro-image'));
		} finally {
			fs.rmSync(path.join(workspaceRoot(), 'public'), { recursive: true, force: true });
		}
	});

	test('the key comes from the environment when SecretStorage is empty, and from SecretStorage once set (trimmed)', async () => {
		await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'env key', open: false });
		assert.strictEqual(generateRequests(fake)[0].headers['x-goog-api-key'], ENV_KEY);

		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.setApiKey', { apiKey: '  stored-key-ABC123  ' }), true);
		await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'stored key', open: false });
		assert.strictEqual(generateRequests(fake)[1].headers['x-goog-api-key'], 'stored-key-ABC123');

		await vscode.commands.executeCommand('imageStudio.clearApiKey');
		await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'env key again', open: false });
		assert.strictEqual(generateRequests(fake)[2].headers['x-goog-api-key'], ENV_KEY);
	});

	test('cancelling aborts the HTTP request and writes nothing', async () => {
		const before = snapshotWorkspace();
		fake.enqueue({ kind: 'stall' });
		const pending = vscode.commands.executeCommand<vscode.Uri[] | undefined>('imageStudio.generate', { prompt: 'never finishes' });
		const request = await fake.waitForRequest((r) => r.action === 'generateContent', 10_000);
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.cancelRequests'), 1);
		assert.strictEqual(await pending, undefined);
		await waitFor(() => request.closedByClient, 'the fake to see the connection close');
		const notice = lastNotification(api(), 'warning');
		assert.strictEqual(notice.code, 'cancelled');
		assert.deepStrictEqual(snapshotWorkspace(), before);
	});

	test('a 429 is retried after the delay Google advertises, then succeeds', async () => {
		fake.enqueue({ kind: 'error', status: 429, retryDelay: '2s' });
		const uris = await vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generate', { prompt: 'patience', open: false });
		assert.strictEqual(uris?.length, 1);
		const requests = generateRequests(fake);
		assert.strictEqual(requests.length, 2);
		const waited = requests[1].receivedAt - requests[0].receivedAt;
		assert.ok(waited >= 2000, `waited ${waited} ms`);
		assert.ok(waited < 8000, `waited ${waited} ms`);
	});

	test('a per-day quota fails at once with a message, without retrying', async () => {
		const before = snapshotWorkspace();
		fake.enqueue({ kind: 'error', status: 429, perDay: true });
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'quota', open: false }), undefined);
		assert.strictEqual(generateRequests(fake).length, 1);
		assert.strictEqual(lastNotification(api(), 'error').code, 'dailyQuota');
		assert.deepStrictEqual(snapshotWorkspace(), before);
	});

	test('a stalled reply times out with a message', async () => {
		await vscode.workspace.getConfiguration('imageStudio').update('requestTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
		const before = snapshotWorkspace();
		fake.enqueue({ kind: 'stall', phase: 'afterHeaders' });
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'slow', open: false }), undefined);
		const notice = lastNotification(api(), 'error');
		assert.strictEqual(notice.code, 'timeout');
		assert.match(notice.message, /within 1 s/);
		assert.deepStrictEqual(snapshotWorkspace(), before);
	});
});
