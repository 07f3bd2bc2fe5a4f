import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, extensionApi } from './support';

suite('contract', () => {
	test('every contributed command is registered, and the public ones exist', async () => {
		const api = await extensionApi();
		const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
		const contributed: string[] = extension.packageJSON.contributes.commands.map((command: { command: string }) => command.command);
		assert.deepStrictEqual([...api.registeredCommands].sort(), [...contributed].sort(), 'registered at activation');
		assert.deepStrictEqual([...api.implementedCommands].sort(), [...contributed].sort(), 'implemented by the features bundle');
		const all = await vscode.commands.getCommands(true);
		for (const id of ['imageStudio.generate', 'imageStudio.setApiKey', 'imageStudio.clearApiKey']) {
			assert.ok(all.includes(id), id);
		}
	});

	test('settings: the endpoint cannot be set by a repository, the output folder defaults to assets/generated', () => {
		const properties = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.configuration.properties;
		assert.ok(['machine', 'application'].includes(properties['imageStudio.endpoint'].scope));
		assert.strictEqual(properties['imageStudio.outputFolder'].default, 'assets/generated');
		assert.strictEqual(vscode.workspace.getConfiguration('imageStudio').inspect('outputFolder')?.defaultValue, 'assets/generated');
	});

	test('runs in the Node extension host of a real VS Code', () => {
		console.log(`vscode.version=${vscode.version} vscode.env.appName=${vscode.env.appName} remoteName=${vscode.env.remoteName} node=${process.version}`);
		assert.match(vscode.version, /^1\.\d+/);
		assert.strictEqual(typeof process.versions.node, 'string');
		assert.strictEqual(vscode.extensions.getExtension(EXTENSION_ID)!.extensionKind, vscode.ExtensionKind.Workspace);
	});
});
