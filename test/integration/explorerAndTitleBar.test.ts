// Commands called the way VS Code's own menus call them (issue #10), not with argument objects:
// - the Explorer's context menu: `(clickedUri, [selectedUris])` for imageStudio.compose and imageStudio.addToStudio;
// - the review's diff editor title bar: the review URI (`image-studio-review:/<editId>/edited/…`) of the open review
//   for Replace, Save as New, Discard, Compare and Edit Again.
// Without an argument object the commands ask for the prompt: the input box is answered by replacing
// `vscode.window.showInputBox` for the call (the tests run in the extension's own host and share its `vscode` API).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AddToStudioResult } from '../../src/commands/addToStudio';
import type { EditOutcome } from '../../src/review/editReview';
import type { StudioToWebview } from '../../src/shared/protocol';
import { expectedDimensions, promptSeed, renderFakeImage } from '../fake-gemini/server';
import { generateRequests, lastNotification, snapshotWorkspace, useFakeGemini, waitFor, workspaceRoot } from './support';
import { posted, studioTabs } from './studioHelpers';

const NANO = 'gemini-nano-banana-2.1';

function writeImage(relative: string, bytes: Buffer): vscode.Uri {
	const full = path.join(workspaceRoot(), relative);
	fs.mkdirSync(path.dirname(full), { recursive: true });
	fs.writeFileSync(full, bytes);
	return vscode.Uri.file(full);
}

/**
 * Runs `run` with the extension's input boxes answered from `answers`, in turn (each answer is checked by the box's
 * own validation first); returns what was asked.
 */
async function answeringInputBoxes<T>(answers: (string | undefined)[], run: () => Thenable<T>): Promise<{ result: T; asked: vscode.InputBoxOptions[] }> {
	const window = vscode.window as { showInputBox: typeof vscode.window.showInputBox };
	const original = window.showInputBox;
	const asked: vscode.InputBoxOptions[] = [];
	window.showInputBox = (async (options?: vscode.InputBoxOptions) => {
		asked.push(options ?? {});
		assert.ok(answers.length > 0, `an unexpected input box: ${options?.title}`);
		const answer = answers.shift();
		if (answer !== undefined) {
			assert.ok(!(await options?.validateInput?.(answer)), `the box accepts "${answer}"`);
		}
		return answer;
	}) as typeof vscode.window.showInputBox;
	try {
		return { result: await run(), asked };
	} finally {
		window.showInputBox = original;
	}
}

/** The diff tabs of reviews of images/logo.png (VS Code gives a diff of two image previews no tab input, only a label). */
function reviewTabs(): vscode.Tab[] {
	return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.label === 'logo (original).png ↔ logo (edited).jpg');
}

/** The argument VS Code adds after the resource for editor title actions. */
const TITLE_CONTEXT = { groupId: 1, editorIndex: 0 };

suite('Explorer and review title bar: commands called as VS Code calls them', () => {
	const { fake, api } = useFakeGemini();
	const logoBytes = renderFakeImage('image/png', 640, 360, 42);
	let logo: vscode.Uri;

	setup(() => {
		fs.rmSync(path.join(workspaceRoot(), 'images'), { recursive: true, force: true });
		logo = writeImage('images/logo.png', logoBytes);
	});
	suiteTeardown(() => fs.rmSync(path.join(workspaceRoot(), 'images'), { recursive: true, force: true }));

	test('compose from the Explorer: (clicked, [selection]) asks for the prompt and composes the selection in its order', async () => {
		const shirtBytes = renderFakeImage('image/png', 400, 400, 9);
		const shirt = writeImage('images/shirt.png', shirtBytes);
		const { result: saved, asked } = await answeringInputBoxes(['logo on the shirt'], () =>
			vscode.commands.executeCommand<vscode.Uri | undefined>('imageStudio.compose', shirt, [logo, shirt]),
		);
		assert.ok(saved, JSON.stringify(api().notifications));
		assert.strictEqual(asked.length, 1);
		assert.strictEqual(asked[0].title, 'Compose 2 images');
		assert.strictEqual(vscode.workspace.asRelativePath(saved, false), 'assets/generated/logo-on-the-shirt.jpg');
		const [request] = generateRequests(fake);
		const parts = request.body.contents[0].parts;
		assert.deepStrictEqual(parts, [
			{ text: 'logo on the shirt' },
			{ inlineData: { mimeType: 'image/png', data: logoBytes.toString('base64') } },
			{ inlineData: { mimeType: 'image/png', data: shirtBytes.toString('base64') } },
		]);
		assert.strictEqual(request.body.generationConfig.imageConfig.aspectRatio, '16:9', 'the first selected image sets the proportions');
		const { width, height } = expectedDimensions('16:9', '1K');
		assert.ok(fs.readFileSync(saved.fsPath).equals(renderFakeImage('image/jpeg', width, height, promptSeed('logo on the shirt'))));
		assert.ok(fs.readFileSync(logo.fsPath).equals(logoBytes), 'the inputs are untouched');
		assert.match(lastNotification(api(), 'info').message, /^Composed assets\/generated\/logo-on-the-shirt\.jpg from 2 images\./);
	});

	test('compose from the Explorer with one image selected is refused before anything is asked or sent', async () => {
		const before = snapshotWorkspace();
		const { result, asked } = await answeringInputBoxes([], () => vscode.commands.executeCommand('imageStudio.compose', logo, [logo]));
		assert.strictEqual(result, undefined);
		assert.strictEqual(asked.length, 0, 'no prompt asked');
		assert.match(lastNotification(api(), 'error').message, /Compose needs at least two images/);
		assert.strictEqual(generateRequests(fake).length, 0);
		assert.deepStrictEqual(snapshotWorkspace(), before);
	});

	test('compose from the Explorer, prompt dismissed: nothing is sent or written', async () => {
		const shirt = writeImage('images/shirt.png', renderFakeImage('image/png', 400, 400, 9));
		const before = snapshotWorkspace();
		const { result, asked } = await answeringInputBoxes([undefined], () => vscode.commands.executeCommand('imageStudio.compose', logo, [logo, shirt]));
		assert.strictEqual(result, undefined);
		assert.strictEqual(asked.length, 1);
		assert.strictEqual(generateRequests(fake).length, 0);
		assert.deepStrictEqual(snapshotWorkspace(), before);
		assert.deepStrictEqual(
			api().notifications.filter((record) => record.severity === 'error'),
			[],
		);
	});

	test('add to studio from the Explorer: (clicked, [selection]) attaches what the model takes and tells what it refused', async () => {
		const gif = writeImage('images/anim.gif', Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0, 0, 0x3b]));
		// Over the studio's 7 MB inline limit: a PNG header and IEND around padding.
		const small = renderFakeImage('image/png', 64, 64, 1);
		const big = writeImage(
			'images/poster.png',
			Buffer.concat([small.subarray(0, small.length - 12), Buffer.alloc(8 * 1024 * 1024, 0x11), small.subarray(small.length - 12)]),
		);
		const result = await vscode.commands.executeCommand<AddToStudioResult | undefined>('imageStudio.addToStudio', logo, [logo, gif, big]);
		assert.ok(result, JSON.stringify(api().notifications));
		assert.strictEqual(result.added, 1);
		assert.strictEqual(result.pending, 1);
		assert.strictEqual(result.errors.length, 2, result.errors.join(' | '));
		assert.match(result.errors[0], /^anim\.gif is a GIF image, which /);
		assert.match(result.errors[1], /^poster\.png is 8\.0 MB; the studio sends images inline, at most 7 MB each\./);
		await waitFor(() => studioTabs().length === 1, 'a studio opened for the images');
		assert.strictEqual(api().studio.activeSessionId, result.sessionId);
		assert.strictEqual(api().studio.pendingAttachments, 1);
		const chips = posted(api())
			.filter((message): message is Extract<StudioToWebview, { type: 'attachments' }> => message.type === 'attachments')
			.at(-1);
		assert.deepStrictEqual(
			chips?.attachments.map((chip) => chip.name),
			['logo.png'],
		);
		assert.deepStrictEqual(chips?.errors, result.errors, 'the chips say why');
		// Called from the UI, the refusals are also a notification.
		const notice = lastNotification(api(), 'error');
		assert.strictEqual(notice.code, 'inputImage');
		assert.match(notice.message, /anim\.gif is a GIF image.*poster\.png is 8\.0 MB/);
		assert.strictEqual(generateRequests(fake).length, 0, 'nothing sent yet');
	});

	async function editLogo(prompt = 'dark mode variant'): Promise<EditOutcome> {
		const outcome = await vscode.commands.executeCommand<EditOutcome | undefined>('imageStudio.edit', { uri: 'images/logo.png', prompt, model: NANO });
		assert.ok(outcome, JSON.stringify(api().notifications));
		return outcome;
	}

	function result(prompt = 'dark mode variant'): Buffer {
		const { width, height } = expectedDimensions('16:9', '1K');
		return renderFakeImage('image/jpeg', width, height, promptSeed(prompt));
	}

	function pendingIds(): string[] {
		const dir = path.join(api().editStorageUri.fsPath, 'pending');
		return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
	}

	test('title bar: Replace Original with the review URI replaces the file the review is about', async () => {
		const outcome = await editLogo();
		assert.strictEqual(outcome.after.scheme, 'image-studio-review');
		const replaced = await vscode.commands.executeCommand<vscode.Uri>('imageStudio.replaceOriginal', outcome.after, TITLE_CONTEXT);
		assert.strictEqual(replaced?.fsPath, logo.fsPath, JSON.stringify(api().notifications));
		assert.ok(fs.readFileSync(logo.fsPath).equals(result()));
		assert.ok(!pendingIds().includes(outcome.editId), 'no longer pending');
		assert.match(lastNotification(api(), 'info').message, /^Replaced logo\.png\./);
	});

	test('title bar: Save as New File with the review URI, of the edit the URI names when two are pending', async () => {
		const first = await editLogo('sepia');
		const second = await editLogo('dark mode variant');
		// Two reviews of one file: two diff tabs with the same label.
		await waitFor(() => reviewTabs().length === 2, 'both reviews open');
		// The second review is the active tab; the title bar of the first one names the first edit.
		const saved = await vscode.commands.executeCommand<vscode.Uri>('imageStudio.saveEditAsNew', first.after, TITLE_CONTEXT);
		assert.ok(saved, JSON.stringify(api().notifications));
		assert.strictEqual(vscode.workspace.asRelativePath(saved, false), 'images/logo-edited.jpg');
		assert.ok(fs.readFileSync(saved.fsPath).equals(result('sepia')), 'the first edit was saved, not the active one');
		assert.ok(fs.readFileSync(logo.fsPath).equals(logoBytes));
		assert.ok(!pendingIds().includes(first.editId));
		assert.ok(pendingIds().includes(second.editId), 'the other edit is still pending');
		// The first review closed, the other edit's stays open (until it is decided too).
		await waitFor(() => reviewTabs().length === 1, 'the first review to close');
		assert.ok(
			(await vscode.commands.executeCommand<vscode.Uri>('imageStudio.saveEditAsNew', second.after, TITLE_CONTEXT)) !== undefined,
			JSON.stringify(api().notifications),
		);
		await waitFor(() => reviewTabs().length === 0, 'the second review to close');
	});

	test('title bar: Discard with the review URI (either side) drops the edit and writes nothing', async () => {
		const before = snapshotWorkspace();
		const outcome = await editLogo();
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.discardEdit', outcome.before, TITLE_CONTEXT), true);
		assert.ok(!pendingIds().includes(outcome.editId));
		assert.deepStrictEqual(snapshotWorkspace(), before);
		// The same title bar again (a stale tab): told it is gone.
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.discardEdit', outcome.after, TITLE_CONTEXT), undefined);
		assert.match(lastNotification(api(), 'error').message, /no longer pending/);
	});

	test('title bar: Compare with the review URI opens the compare view of that edit', async () => {
		const outcome = await editLogo();
		const view = await vscode.commands.executeCommand<{ panel: vscode.WebviewPanel; dispose(): void }>(
			'imageStudio.compareEdit',
			outcome.after,
			TITLE_CONTEXT,
		);
		assert.ok(view, JSON.stringify(api().notifications));
		try {
			assert.strictEqual(view.panel.title, 'logo.png: original ↔ edited');
		} finally {
			view.dispose();
		}
		assert.ok(pendingIds().includes(outcome.editId), 'still pending');
	});

	test('title bar: Edit Again with the review URI asks for the prompt and chains on that result', async () => {
		const first = await editLogo();
		const { result: second, asked } = await answeringInputBoxes(['now with a blue accent'], () =>
			vscode.commands.executeCommand<EditOutcome | undefined>('imageStudio.editAgain', first.after, TITLE_CONTEXT),
		);
		assert.ok(second, JSON.stringify(api().notifications));
		assert.strictEqual(asked.length, 1);
		assert.strictEqual(asked[0].title, 'Edit logo.png again');
		const requests = generateRequests(fake);
		assert.strictEqual(requests.length, 2);
		assert.strictEqual(requests[1].body.contents[0].parts[1].inlineData.data, result().toString('base64'), 'chained on the first result');
		assert.ok(Buffer.from(await vscode.workspace.fs.readFile(second.before)).equals(logoBytes), 'the left side is still the original');
		assert.ok(Buffer.from(await vscode.workspace.fs.readFile(second.after)).equals(result('now with a blue accent')));
		assert.ok(!pendingIds().includes(first.editId), 'the superseded edit is gone');
	});
});
