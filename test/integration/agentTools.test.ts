import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { renderFakeImage } from '../fake-gemini/server';
import { generateRequests, snapshotWorkspace, useFakeGemini, waitFor, workspaceRoot } from './support';

const GENERATE = 'imageStudio_generateImage';
const EDIT = 'imageStudio_editImage';

function text(result: vscode.LanguageModelToolResult): string {
	return result.content
		.filter((part): part is vscode.LanguageModelTextPart => part instanceof vscode.LanguageModelTextPart)
		.map((part) => part.value)
		.join('\n');
}

const invoke = (name: string, input: object, token?: vscode.CancellationToken) =>
	vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, token) as Thenable<vscode.LanguageModelToolResult>;

suite('language-model tools', () => {
	const { fake, api } = useFakeGemini();

	setup(() => {
		fs.rmSync(path.join(workspaceRoot(), 'images'), { recursive: true, force: true });
		fs.mkdirSync(path.join(workspaceRoot(), 'images'), { recursive: true });
		fs.writeFileSync(path.join(workspaceRoot(), 'images', 'logo.png'), renderFakeImage('image/png', 320, 320, 5));
	});
	suiteTeardown(() => fs.rmSync(path.join(workspaceRoot(), 'images'), { recursive: true, force: true }));

	test('both tools are registered with their input schemas; each asks before it spends, with the estimated price', async () => {
		for (const name of [GENERATE, EDIT]) {
			const tool = vscode.lm.tools.find((candidate) => candidate.name === name);
			assert.ok(tool, `${name} in vscode.lm.tools: ${vscode.lm.tools.map((candidate) => candidate.name).join(', ')}`);
			assert.ok((tool.inputSchema as { required: string[] }).required.includes('prompt'));
		}
		const prepared = await api().prepareToolInvocation(GENERATE, { prompt: 'a *bold* <b>fox</b>', imageSize: '2K', model: 'gemini-3-pro-image' });
		const message = prepared?.confirmationMessages?.message as vscode.MarkdownString;
		assert.strictEqual(prepared?.confirmationMessages?.title, 'Generate an image with Gemini?');
		assert.match(message.value, /about(&nbsp;| )\$0\.134/);
		assert.match(message.value, /\\\*bold\\\*/, 'the prompt is escaped, never Markdown');
		assert.ok(!message.supportHtml);
		const edit = await api().prepareToolInvocation(EDIT, { path: 'images/logo.png', prompt: 'dark mode' });
		assert.match((edit?.confirmationMessages?.message as vscode.MarkdownString).value, /Replace Original/);
	});

	test('generate: saved as a new file at the path asked (converted to PNG), never overwriting; the model gets the path and the image', async () => {
		const first = await invoke(GENERATE, { prompt: 'a lighthouse icon', path: 'assets/tool/lighthouse.png', aspectRatio: '1:1' });
		assert.match(text(first), /Saved the image as assets\/tool\/lighthouse\.png/);
		const saved = fs.readFileSync(path.join(workspaceRoot(), 'assets/tool/lighthouse.png'));
		assert.strictEqual(saved.subarray(1, 4).toString('latin1'), 'PNG', 'the JPEG Gemini sent was converted to the PNG asked for');
		const dataParts = first.content.filter((part) => !(part instanceof vscode.LanguageModelTextPart));
		if ('LanguageModelDataPart' in vscode) {
			assert.strictEqual(dataParts.length, 1, 'the image is handed to the model');
		}
		const second = await invoke(GENERATE, { prompt: 'a lighthouse icon', path: 'assets/tool/lighthouse.png' });
		assert.match(text(second), /assets\/tool\/lighthouse-2\.png/);
		assert.ok(fs.readFileSync(path.join(workspaceRoot(), 'assets/tool/lighthouse.png')).equals(saved), 'the first file is untouched');
		assert.strictEqual(generateRequests(fake).length, 2);
		assert.deepStrictEqual(generateRequests(fake)[0].body.generationConfig.imageConfig.aspectRatio, '1:1');
	});

	test('refusals reach the model as errors and write nothing: a path outside the workspace, a ratio the model lacks, Restricted Mode-like failures', async () => {
		const before = snapshotWorkspace();
		await assert.rejects(Promise.resolve(invoke(GENERATE, { prompt: 'escape', path: '../outside.png' })), /must stay inside the workspace/);
		await assert.rejects(Promise.resolve(invoke(GENERATE, { prompt: 'bad type', path: 'assets/x.gif' })), /must end in \.png, \.jpg/);
		await assert.rejects(
			Promise.resolve(invoke(GENERATE, { prompt: 'tall', model: 'gemini-3-pro-image', aspectRatio: '8:1' })),
			/8:1/,
			'a ratio the model lacks is refused before sending',
		);
		await assert.rejects(Promise.resolve(invoke(EDIT, { path: 'images/missing.png', prompt: 'x' })));
		assert.strictEqual(generateRequests(fake).length, 0);
		assert.deepStrictEqual(snapshotWorkspace(), before);
		assert.strictEqual(api().notifications.filter((record) => record.severity === 'error').length, 0, 'a tool reports to the model, not in notifications');
	});

	test('cancelling the tool aborts the request and writes nothing', async () => {
		const before = snapshotWorkspace();
		fake.enqueue({ kind: 'stall' });
		const source = new vscode.CancellationTokenSource();
		const pending = Promise.resolve(invoke(GENERATE, { prompt: 'never finishes', path: 'assets/tool/never.png' }, source.token));
		const request = await fake.waitForRequest((r) => r.action === 'generateContent', 10_000);
		source.cancel();
		await assert.rejects(pending);
		await waitFor(() => request.closedByClient, 'the fake to see the connection close');
		assert.deepStrictEqual(snapshotWorkspace(), before);
	});

	test('edit: the result opens in the review and the original is unchanged; the model is told so', async () => {
		const original = fs.readFileSync(path.join(workspaceRoot(), 'images', 'logo.png'));
		const result = await invoke(EDIT, { path: 'images/logo.png', prompt: 'dark-mode variant' });
		assert.match(text(result), /open for review .*images\/logo\.png is unchanged until the user chooses Replace Original/);
		assert.ok(fs.readFileSync(path.join(workspaceRoot(), 'images', 'logo.png')).equals(original));
		assert.strictEqual(generateRequests(fake).length, 1);
		assert.strictEqual(generateRequests(fake)[0].body.contents[0].parts[1].inlineData.mimeType, 'image/png');
		await vscode.commands.executeCommand('imageStudio.discardEdit');
	});
});
