import * as assert from 'assert';
import * as vscode from 'vscode';
import { takeScreenshot } from './screenshot';

suite('Extension host', () => {
	test('is a real VS Code 1.x', () => {
		assert.ok(vscode.version.startsWith('1.'), `unexpected VS Code version ${vscode.version}`);
	});

	test('has the extension under test', () => {
		const extension = vscode.extensions.getExtension('gemini-image-studio.gemini-image-studio');
		assert.ok(extension, 'gemini-image-studio.gemini-image-studio is not loaded');
	});

	test('opens the fixture workspace', async () => {
		const folder = vscode.workspace.workspaceFolders?.[0];
		assert.ok(folder, 'no workspace folder is open');
		const readme = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, 'README.md'));
		assert.match(Buffer.from(readme).toString('utf8'), /Image Studio test workspace/);
		await takeScreenshot('integration-host');
	});
});
