// The API key must never reach logs, settings, global storage or workspace files (security.md, sentinel test).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { useFakeGemini, workspaceRoot } from './support';

const SENTINEL = 'SENTINEL-key-7d3f9a1c-do-not-leak';

function filesBelow(root: string, limit = 5000): string[] {
	const found: string[] = [];
	const walk = (dir: string) => {
		let entries: fs.Dirent[];
		try {
			entries = fs.readdirSync(dir, { withFileTypes: true });
		} catch {
			return;
		}
		for (const entry of entries) {
			if (found.length >= limit) {
				return;
			}
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				walk(full);
			} else if (entry.isFile()) {
				found.push(full);
			}
		}
	};
	walk(root);
	return found;
}

suite('security: the key stays secret', () => {
	const { fake, api } = useFakeGemini();

	test('a sentinel key reaches the fake in the header and nowhere else', async () => {
		await vscode.commands.executeCommand('imageStudio.setApiKey', { apiKey: SENTINEL });
		await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'sentinel success', open: false });
		fake.enqueue({ kind: 'error', status: 400 });
		await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'sentinel failure', open: false });
		await vscode.commands.executeCommand('imageStudio.generate', { prompt: '', open: false });
		assert.ok(fake.requests.every((request) => request.headers['x-goog-api-key'] === SENTINEL));
		assert.ok(fake.requests.every((request) => !request.path.includes(SENTINEL) && !request.query.includes(SENTINEL)), 'never in the URL');

		// Let the log channel flush to disk.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		const logsRoot = path.dirname(path.dirname(api().logUri.fsPath));
		const userDir = path.dirname(path.dirname(api().globalStorageUri.fsPath));
		const candidates = [
			...filesBelow(logsRoot),
			path.join(userDir, 'settings.json'),
			...filesBelow(api().globalStorageUri.fsPath),
			...filesBelow(workspaceRoot()),
		].filter((file) => fs.existsSync(file));
		assert.ok(candidates.some((file) => /Gemini Image Studio/.test(path.basename(file)) || file.includes('gemini-image-studio')), `the extension's log is among ${candidates.length} files checked`);
		for (const file of candidates) {
			const content = fs.readFileSync(file);
			assert.ok(!content.includes(SENTINEL), `the key leaked into ${file}`);
		}
		assert.ok(!JSON.stringify(api().notifications).includes(SENTINEL));
		assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('imageStudio')).includes(SENTINEL));
	});
});
