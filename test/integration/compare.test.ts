// The compare view in the real extension host: the panel, its locked-down webview, the bytes it is sent, the
// handshake after the webview is rebuilt, and the failures that must not open a panel.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { openCompareView, restoreCompareView, type CompareView } from '../../src/review/compareView';
import type { CompareToWebview } from '../../src/shared/protocol';
import { renderFakeImage } from '../fake-gemini/server';
import { takeScreenshot } from './screenshot';
import { EXTENSION_ID, extensionApi, lastNotification, waitFor, workspaceRoot } from './support';

type InitMessage = Extract<CompareToWebview, { type: 'init' }>;

const FOLDER = 'compare-fixtures';

/** Records what the host posts to the panel's webview, without changing it. */
function recordPosts(view: CompareView | vscode.WebviewPanel): CompareToWebview[] {
	const posted: CompareToWebview[] = [];
	const webview = 'panel' in view ? view.panel.webview : view.webview;
	const original = webview.postMessage.bind(webview);
	webview.postMessage = (message: unknown) => {
		posted.push(message as CompareToWebview);
		return original(message);
	};
	return posted;
}

function compareTabs(): vscode.Tab[] {
	return vscode.window.tabGroups.all
		.flatMap((group) => group.tabs)
		.filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('imageStudio.compare'));
}

async function activeCompareTab(): Promise<vscode.Tab> {
	// tabGroups is updated asynchronously after the panel is created.
	return waitFor(() => compareTabs().find((tab) => tab.isActive && tab.group.isActive), 'an active compare view tab');
}

function inits(posted: readonly CompareToWebview[]): InitMessage[] {
	return posted.filter((message): message is InitMessage => message.type === 'init');
}

suite('imageStudio.compareImages', () => {
	const root = () => path.join(workspaceRoot(), FOLDER);
	const write = (name: string, bytes: Uint8Array | string): string => {
		fs.mkdirSync(root(), { recursive: true });
		fs.writeFileSync(path.join(root(), name), bytes);
		return `${FOLDER}/${name}`;
	};
	const views: CompareView[] = [];

	suiteSetup(async () => {
		await extensionApi();
	});
	setup(async () => {
		(await extensionApi()).clearNotifications();
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});
	teardown(() => {
		for (const view of views.splice(0)) {
			view.dispose();
		}
	});
	suiteTeardown(() => {
		fs.rmSync(root(), { recursive: true, force: true });
	});

	test('{ before, after } opens a locked-down compare panel and sends it both images as bytes', async () => {
		const beforeBytes = renderFakeImage('image/png', 320, 240, 11);
		const afterBytes = renderFakeImage('image/png', 320, 240, 12);
		const before = write('before.png', beforeBytes);
		const after = write('after.png', afterBytes);

		const view = await vscode.commands.executeCommand<CompareView | undefined>('imageStudio.compareImages', { before, after });
		assert.ok(view, 'the command returns the view');
		views.push(view);
		const posted = recordPosts(view);
		assert.strictEqual(view.panel.title, 'before.png ↔ after.png');
		assert.strictEqual(view.panel.viewType, 'imageStudio.compare');

		const tab = await activeCompareTab();
		assert.strictEqual(tab.label, 'before.png ↔ after.png');

		const options = view.panel.webview.options;
		assert.strictEqual(options.enableScripts, true);
		assert.strictEqual(options.enableForms, false);
		assert.strictEqual(options.enableCommandUris, false);
		const extensionPath = vscode.extensions.getExtension('gemini-image-studio.gemini-image-studio')!.extensionUri.path;
		assert.deepStrictEqual(
			options.localResourceRoots?.map((uri) => uri.path),
			[`${extensionPath}/dist/media`, `${extensionPath}/media`],
		);
		const html = view.panel.webview.html;
		assert.match(html, /<head>\s*<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;nonce-/);
		assert.ok(!html.includes('unsafe-'), 'no unsafe-* in the CSP');

		// The webview says `ready`, then gets exactly one init with the real bytes.
		const [init] = await waitFor(() => (inits(posted).length > 0 ? inits(posted) : undefined), 'the init message', 20_000);
		assert.deepStrictEqual(init.actions, []);
		assert.strictEqual(init.mode, 'sideBySide');
		for (const [side, expected] of [
			[init.before, beforeBytes],
			[init.after, afterBytes],
		] as const) {
			assert.strictEqual(side.kind, 'image', JSON.stringify(side.kind === 'unavailable' ? side : side.label));
			if (side.kind === 'image') {
				assert.strictEqual(side.mimeType, 'image/png');
				assert.strictEqual(side.width, 320);
				assert.strictEqual(side.height, 240);
				assert.ok(Buffer.from(side.bytes).equals(expected), `${side.label}: the bytes of the file`);
			}
		}
		// Only URIs, labels and the title are offered for persistence: never image data.
		assert.deepStrictEqual(Object.keys(init.state ?? {}).sort(), ['after', 'before', 'title', 'version']);
		assert.strictEqual(vscode.Uri.parse(init.state!.before.uri).path, vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, before).path);

		await new Promise((resolve) => setTimeout(resolve, 1500)); // Let the webview paint before the screenshot.
		await takeScreenshot('integration-compare-view');

		// Hidden (another editor on top) and shown again, the webview is rebuilt: it says `ready` again and gets
		// the same images again, without the files being needed.
		const readme = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'README.md');
		await vscode.window.showTextDocument(readme, { viewColumn: view.panel.viewColumn, preview: false });
		await waitFor(() => !view.panel.visible || undefined, 'the panel to be hidden');
		fs.rmSync(path.join(workspaceRoot(), after));
		view.panel.reveal(undefined, false);
		const again = await waitFor(() => (inits(posted).length > 1 ? inits(posted)[1] : undefined), 'a second init after the webview was rebuilt', 20_000);
		assert.strictEqual(again.after.kind, 'image', 'the bytes are kept for the panel’s lifetime');

		let disposed = false;
		view.onDidDispose(() => (disposed = true));
		view.dispose();
		assert.ok(disposed, 'onDidDispose fired');
		await waitFor(() => compareTabs().length === 0 || undefined, 'the compare tab to close');
	});

	test('the explorer passes (clicked, [a, b]): the selection order decides which is before', async () => {
		const first = vscode.Uri.file(path.join(workspaceRoot(), write('one.png', renderFakeImage('image/png', 64, 64, 1))));
		const second = vscode.Uri.file(path.join(workspaceRoot(), write('two.png', renderFakeImage('image/png', 64, 64, 2))));
		const view = await vscode.commands.executeCommand<CompareView | undefined>('imageStudio.compareImages', second, [second, first]);
		assert.ok(view);
		views.push(view);
		assert.strictEqual(view.panel.title, 'two.png ↔ one.png');
		await activeCompareTab();
	});

	test('images of different sizes and a file that is not an image still open, with the problem shown inline', async () => {
		const small = write('small.png', renderFakeImage('image/png', 160, 120, 5));
		const large = write('large.jpg', renderFakeImage('image/jpeg', 400, 300, 6));
		const sized = await vscode.commands.executeCommand<CompareView | undefined>('imageStudio.compareImages', {
			before: small,
			after: large,
			title: 'Sizes',
		});
		assert.ok(sized);
		views.push(sized);
		const sizedPosts = recordPosts(sized);
		assert.strictEqual(sized.panel.title, 'Sizes');
		const [sizedInit] = await waitFor(() => (inits(sizedPosts).length > 0 ? inits(sizedPosts) : undefined), 'the init message', 20_000);
		assert.ok(sizedInit.after.kind === 'image' && sizedInit.after.mimeType === 'image/jpeg' && sizedInit.after.width === 400);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		await takeScreenshot('integration-compare-sizes-differ');
		sized.dispose();

		const fake = write('notes.png', '<html><body>not a picture</body></html>');
		const view = await vscode.commands.executeCommand<CompareView | undefined>('imageStudio.compareImages', { before: small, after: fake });
		assert.ok(view, 'a file that is not an image is explained inside the view');
		views.push(view);
		const posted = recordPosts(view);
		const [init] = await waitFor(() => (inits(posted).length > 0 ? inits(posted) : undefined), 'the init message', 20_000);
		assert.strictEqual(init.before.kind, 'image');
		assert.strictEqual(init.after.kind, 'unavailable');
		assert.match(init.after.kind === 'unavailable' ? init.after.message : '', /notes\.png is not an image/);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		await takeScreenshot('integration-compare-not-an-image');
	});

	test('after a window reload a panel is restored from its state: files re-read, a deleted one explained inline', async () => {
		const extensionUri = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
		const folder = vscode.workspace.workspaceFolders![0].uri;
		const before = write('kept.png', renderFakeImage('image/png', 200, 150, 21));
		const after = write('deleted.png', renderFakeImage('image/png', 200, 150, 22));
		const state = {
			version: 1,
			title: 'kept.png ↔ deleted.png',
			before: { uri: vscode.Uri.joinPath(folder, before).toString(), label: 'kept.png' },
			after: { uri: vscode.Uri.joinPath(folder, after).toString(), label: 'deleted.png' },
		};
		fs.rmSync(path.join(workspaceRoot(), after));

		// What VS Code hands the serializer: a bare panel of our view type, plus the state the webview persisted.
		const panel = vscode.window.createWebviewPanel('imageStudio.compare', 'kept.png ↔ deleted.png', vscode.ViewColumn.Active, {});
		const view = restoreCompareView(extensionUri, panel, state);
		assert.ok(view, 'valid state restores the view');
		views.push(view);
		const posted = recordPosts(view);
		assert.strictEqual(panel.webview.options.enableScripts, true);
		assert.strictEqual(panel.webview.options.enableCommandUris, false);
		const [init] = await waitFor(() => (inits(posted).length > 0 ? inits(posted) : undefined), 'the init message', 20_000);
		assert.strictEqual(init.before.kind, 'image');
		assert.strictEqual(init.after.kind, 'unavailable');
		assert.match(init.after.kind === 'unavailable' ? init.after.message : '', /deleted\.png no longer exists/);
		assert.deepStrictEqual(init.actions, [], 'no actions: their callbacks did not survive the reload');
		assert.deepStrictEqual(init.state, state, 'the same state is persisted again');
		await new Promise((resolve) => setTimeout(resolve, 1000));
		await takeScreenshot('integration-compare-restored-file-gone');
		view.dispose();

		// Saved state naming a file outside the workspace (or climbing out of it) is refused like damaged state.
		const outside = [
			{ ...state, before: { uri: 'file:///etc/passwd', label: 'x' } },
			{ ...state, after: { uri: `${vscode.Uri.file(workspaceRoot()).toString()}/../../etc/hostname`, label: 'x' } },
		];
		for (const damaged of [
			undefined,
			{ version: 2 },
			{ ...state, before: { uri: 'no scheme', label: 'x' } },
			{ ...state, extra: { bytes: [1, 2, 3] } },
			...outside,
		]) {
			const restoredPanel = vscode.window.createWebviewPanel('imageStudio.compare', 'damaged', vscode.ViewColumn.Active, {});
			try {
				assert.strictEqual(restoreCompareView(extensionUri, restoredPanel, damaged), undefined, JSON.stringify(damaged));
				const damagedPosts = recordPosts(restoredPanel);
				const [message] = await waitFor(
					() => (inits(damagedPosts).length > 0 ? inits(damagedPosts) : undefined),
					'the init message of a damaged panel',
					20_000,
				);
				assert.strictEqual(message.before.kind, 'unavailable');
				assert.match(message.before.kind === 'unavailable' ? message.before.message : '', /could not be restored/);
				assert.strictEqual(message.state, undefined, 'nothing to persist');
			} finally {
				restoredPanel.dispose();
			}
		}
	});

	test('action buttons: only offered actions run, one at a time, and the webview hears how they ended', async () => {
		const folder = vscode.workspace.workspaceFolders![0].uri;
		const before = vscode.Uri.joinPath(folder, write('act-before.png', renderFakeImage('image/png', 64, 64, 31)));
		const after = vscode.Uri.joinPath(folder, write('act-after.png', renderFakeImage('image/png', 64, 64, 32)));
		const ran: string[] = [];
		let release!: () => void;
		const warnings: string[] = [];
		const errors: string[] = [];
		const context = { extensionUri: vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri } as vscode.ExtensionContext;
		const view = openCompareView(context, {
			title: 'Review',
			before: { uri: before, label: 'Original' },
			after: { uri: after, label: 'Edited' },
			actions: ['replace', 'saveAsNew', 'discard'],
			onAction: async (action) => {
				ran.push(action);
				if (action === 'replace') {
					await new Promise<void>((resolve) => (release = resolve));
				}
				if (action === 'discard') {
					throw new Error('disk full');
				}
			},
			log: { warn: (message) => warnings.push(message), error: (message) => errors.push(message) },
		});
		views.push(view);
		const posted = recordPosts(view);
		const [init] = await waitFor(() => (inits(posted).length > 0 ? inits(posted) : undefined), 'the init message', 20_000);
		assert.deepStrictEqual(init.actions, ['replace', 'saveAsNew', 'discard']);
		await new Promise((resolve) => setTimeout(resolve, 1000));
		await takeScreenshot('integration-compare-actions');

		// The extension host cannot click inside the webview: deliver what the webview would post.
		const deliver = (message: unknown) => (view as unknown as { _onMessage(message: unknown): void })._onMessage(message);
		const statuses = () =>
			posted
				.filter((message) => message.type === 'actionStatus')
				.map((message) => (message.type === 'actionStatus' ? `${message.action}:${message.status}` : ''));

		deliver({ type: 'action', action: 'editAgain' }); // Not offered.
		deliver({ type: 'action', action: 'replace', path: '/etc/passwd' }); // Not our shape.
		deliver({ type: 'runCommand', command: 'workbench.action.terminal.new' });
		deliver({ type: 'action', action: 'replace' });
		deliver({ type: 'action', action: 'replace' }); // A double click while the first runs.
		await waitFor(() => statuses().length === 1 || undefined, 'the running status');
		assert.deepStrictEqual(ran, ['replace']);
		assert.deepStrictEqual(statuses(), ['replace:running']);
		release();
		await waitFor(() => statuses().length === 2 || undefined, 'the done status');
		assert.deepStrictEqual(statuses(), ['replace:running', 'replace:done']);

		deliver({ type: 'action', action: 'discard' });
		await waitFor(() => statuses().length === 4 || undefined, 'the failed status');
		assert.deepStrictEqual(statuses().slice(2), ['discard:running', 'discard:failed']);
		assert.deepStrictEqual(ran, ['replace', 'discard']);
		assert.ok(
			errors.some((message) => message.includes('"Discard" failed') && message.includes('disk full')),
			JSON.stringify(errors),
		);
		assert.strictEqual(warnings.length, 4, `ignored messages are logged: ${JSON.stringify(warnings)}`);
		assert.ok(
			warnings.every((message) => !message.includes('/etc/passwd')),
			'the log names the type only, not the content',
		);

		deliver({ type: 'modeChanged', mode: 'difference' });
		view.panel.webview.html = view.panel.webview.html.replace('</body>', '<!-- reload --></body>'); // The webview is rebuilt and says ready again.
		await waitFor(() => inits(posted).length > 1 || undefined, 'a second init', 20_000);
		assert.strictEqual(inits(posted)[1].mode, 'difference', 'the rebuilt webview starts in the last mode');
	});

	test('a missing file: an error notification and no panel', async () => {
		const before = write('present.png', renderFakeImage('image/png', 32, 32, 3));
		const result = await vscode.commands.executeCommand('imageStudio.compareImages', { before, after: `${FOLDER}/missing.png` });
		assert.strictEqual(result, undefined);
		const notice = lastNotification(await extensionApi(), 'error');
		assert.match(notice.message, /Cannot compare: compare-fixtures\/missing\.png does not exist\./);
		assert.ok(notice.actions.includes('Open Log'));
		await new Promise((resolve) => setTimeout(resolve, 300));
		assert.strictEqual(compareTabs().length, 0, 'no compare panel opened');
	});

	test('wrong arguments and selections are refused with a clear message', async () => {
		const api = await extensionApi();
		const a = vscode.Uri.file(path.join(workspaceRoot(), write('a.png', renderFakeImage('image/png', 16, 16, 1))));
		const b = vscode.Uri.file(path.join(workspaceRoot(), write('b.png', renderFakeImage('image/png', 16, 16, 2))));
		const c = vscode.Uri.file(path.join(workspaceRoot(), write('c.png', renderFakeImage('image/png', 16, 16, 3))));

		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.compareImages', a, [a, b, c]), undefined);
		assert.match(lastNotification(api, 'warning').message, /Select exactly two images to compare \(3 selected\)/);

		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.compareImages', { before: 42, after: 'x.png' }), undefined);
		assert.match(lastNotification(api, 'error').message, /"before" must be a workspace-relative path or a URI/);

		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.compareImages', { before: FOLDER, after: `${FOLDER}/a.png` }), undefined);
		assert.match(lastNotification(api, 'error').message, /is a folder/);
		assert.strictEqual(compareTabs().length, 0, 'no compare panel opened');
	});
});
