// Inputs and settings no other suite walks (issue #10): the aspect ratio and size settings reaching
// generationConfig.imageConfig (and falling back where the model lacks them), WebP and HEIC images edited end to end,
// the Lite model refusing HEIC before any request, and the studio refusing an attachment over its 7 MB inline limit.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { findModel } from '../../src/gemini/modelCatalog';
import type { EditOutcome } from '../../src/review/editReview';
import type { StudioToWebview } from '../../src/shared/protocol';
import { expectedDimensions, promptSeed, renderFakeImage } from '../fake-gemini/server';
import { configure, generateRequests, lastNotification, snapshotWorkspace, useFakeGemini, waitFor, workspaceRoot } from './support';
import { LITE, openStudio, posted, PRO, studioTabs } from './studioHelpers';

const NANO = 'gemini-nano-banana-2.1';

function writeImage(relative: string, bytes: Buffer): string {
	const full = path.join(workspaceRoot(), relative);
	fs.mkdirSync(path.dirname(full), { recursive: true });
	fs.writeFileSync(full, bytes);
	return full;
}

function le32(value: number): Buffer {
	const buffer = Buffer.alloc(4);
	buffer.writeUInt32LE(value >>> 0);
	return buffer;
}

function be32(value: number): Buffer {
	const buffer = Buffer.alloc(4);
	buffer.writeUInt32BE(value >>> 0);
	return buffer;
}

/** A lossless WebP whose VP8L header says `width`×`height` (https://developers.google.com/speed/webp/docs/riff_container). */
function webp(width: number, height: number): Buffer {
	const bits = ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14);
	const payload = Buffer.concat([Buffer.from([0x2f]), le32(bits), Buffer.alloc(27, 0x5a)]);
	const chunk = Buffer.concat([Buffer.from('VP8L', 'latin1'), le32(payload.length), payload]);
	return Buffer.concat([Buffer.from('RIFF', 'latin1'), le32(4 + chunk.length), Buffer.from('WEBP', 'latin1'), chunk]);
}

/** An ISO BMFF file with the `heic` brand (what an iPhone writes): an `ftyp` box, then a `meta` and an `mdat` box. */
function heic(): Buffer {
	const box = (type: string, body: Buffer) => Buffer.concat([be32(8 + body.length), Buffer.from(type, 'latin1'), body]);
	const ftyp = box('ftyp', Buffer.concat([Buffer.from('heic', 'latin1'), be32(0), Buffer.from('mif1heic', 'latin1')]));
	const meta = box('meta', Buffer.concat([be32(0), box('hdlr', Buffer.concat([be32(0), be32(0), Buffer.from('pict', 'latin1'), Buffer.alloc(13)]))]));
	return Buffer.concat([ftyp, meta, box('mdat', Buffer.alloc(256, 0x42))]);
}

suite('inputs and settings: what reaches Gemini, and what is refused before', () => {
	const { fake, api } = useFakeGemini();

	setup(() => fs.rmSync(path.join(workspaceRoot(), 'images'), { recursive: true, force: true }));
	suiteTeardown(() => fs.rmSync(path.join(workspaceRoot(), 'images'), { recursive: true, force: true }));

	async function edit(args: Record<string, unknown>): Promise<EditOutcome> {
		const outcome = await vscode.commands.executeCommand<EditOutcome | undefined>('imageStudio.edit', args);
		assert.ok(outcome, `edit returned a result; notifications: ${JSON.stringify(api().notifications)}`);
		return outcome;
	}

	test('the aspect ratio and size settings reach generationConfig.imageConfig, and the saved image has that size', async () => {
		await configure({ aspectRatio: '16:9', imageSize: '2K' });
		const prompt = 'a wide harbour at dusk';
		const uris = await vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generate', { prompt, open: false });
		assert.strictEqual(uris?.length, 1, JSON.stringify(api().notifications));
		const [request] = generateRequests(fake);
		assert.strictEqual(request.model, NANO, 'the model setting default');
		assert.deepStrictEqual(request.body.generationConfig.imageConfig, { aspectRatio: '16:9', imageSize: '2K' });
		const { width, height } = expectedDimensions('16:9', '2K');
		assert.ok(fs.readFileSync(uris![0].fsPath).equals(renderFakeImage('image/jpeg', width, height, promptSeed(prompt))));
	});

	test('settings the model lacks fall back quietly: its 1:1 and its default size', async () => {
		// gemini-3-pro-image makes neither 4:1 nor 512.
		await configure({ aspectRatio: '4:1', imageSize: '512' });
		const uris = await vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generate', { prompt: 'a narrow banner', model: PRO, open: false });
		assert.strictEqual(uris?.length, 1, JSON.stringify(api().notifications));
		assert.deepStrictEqual(generateRequests(fake)[0].body.generationConfig.imageConfig, {
			aspectRatio: '1:1',
			imageSize: findModel(PRO)!.defaultImageSize,
		});
		assert.deepStrictEqual(
			api().notifications.filter((record) => record.severity !== 'info'),
			[],
			'nothing to warn about',
		);
	});

	test('edit: the size setting applies, the aspect ratio comes from the image (not the setting)', async () => {
		writeImage('images/wide.png', renderFakeImage('image/png', 640, 360, 3));
		await configure({ aspectRatio: '9:16', imageSize: '2K' });
		await edit({ uri: 'images/wide.png', prompt: 'night version', model: NANO });
		assert.deepStrictEqual(generateRequests(fake)[0].body.generationConfig.imageConfig, { aspectRatio: '16:9', imageSize: '2K' });
	});

	test('a WebP image is edited end to end: sent as image/webp with its own bytes, its proportions kept', async () => {
		const bytes = webp(320, 180);
		const original = writeImage('images/photo.webp', bytes);
		const outcome = await edit({ uri: 'images/photo.webp', prompt: 'make it autumn', model: NANO });
		const [request] = generateRequests(fake);
		assert.strictEqual(request.status, 200, 'Gemini took it');
		assert.deepStrictEqual(request.body.contents[0].parts[1], { inlineData: { mimeType: 'image/webp', data: bytes.toString('base64') } });
		assert.strictEqual(request.body.generationConfig.imageConfig.aspectRatio, '16:9', '320×180 read from the VP8L header');
		assert.match(outcome.before.path, /\/original\/photo \(original\)\.webp$/);
		assert.ok(Buffer.from(await vscode.workspace.fs.readFile(outcome.before)).equals(bytes), 'the snapshot is the WebP');
		const { width, height } = expectedDimensions('16:9', '1K');
		assert.ok(
			Buffer.from(await vscode.workspace.fs.readFile(outcome.after)).equals(renderFakeImage('image/jpeg', width, height, promptSeed('make it autumn'))),
		);
		const saved = await vscode.commands.executeCommand<vscode.Uri>('imageStudio.saveEditAsNew', { editId: outcome.editId });
		assert.strictEqual(vscode.workspace.asRelativePath(saved!, false), 'images/photo-edited.jpg');
		assert.ok(fs.readFileSync(original).equals(bytes), 'the WebP is untouched');
	});

	test('a HEIC image is edited end to end with a model that takes HEIC', async () => {
		const bytes = heic();
		writeImage('images/IMG_0001.HEIC', bytes);
		const outcome = await edit({ uri: 'images/IMG_0001.HEIC', prompt: 'remove the lamp post', model: NANO });
		const [request] = generateRequests(fake);
		assert.strictEqual(request.status, 200, 'Gemini sniffed HEIC and took it');
		assert.deepStrictEqual(request.body.contents[0].parts[1], { inlineData: { mimeType: 'image/heic', data: bytes.toString('base64') } });
		assert.strictEqual(request.body.generationConfig.imageConfig.aspectRatio, '1:1', 'no size in the header: 1:1');
		assert.match(outcome.before.path, /\/original\/IMG_0001 \(original\)\.heic$/);
		assert.ok(Buffer.from(await vscode.workspace.fs.readFile(outcome.before)).equals(bytes));
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.discardEdit', { editId: outcome.editId }), true);
	});

	test('the Lite model refuses a HEIC input before any request, with a clear message', async () => {
		writeImage('images/IMG_0002.heic', heic());
		const before = snapshotWorkspace();
		assert.strictEqual(
			await vscode.commands.executeCommand('imageStudio.edit', { uri: 'images/IMG_0002.heic', prompt: 'brighter', model: LITE }),
			undefined,
		);
		const notice = lastNotification(api(), 'error');
		assert.strictEqual(notice.code, 'inputImage');
		assert.strictEqual(notice.message, 'IMG_0002.heic is a HEIC image, which gemini-3.1-flash-lite-image does not accept. Convert it to PNG, JPEG, WEBP.');
		assert.strictEqual(generateRequests(fake).length, 0, 'nothing was sent');
		assert.deepStrictEqual(snapshotWorkspace(), before);

		// Pasted into a Lite studio conversation: the same words, on the chip.
		await openStudio({ model: LITE, newSession: true });
		await waitFor(() => studioTabs().length >= 1, 'the studio tab');
		assert.ok(api().studio.receive({ type: 'attachBytes', name: 'pasted.heic', bytes: new Uint8Array(heic()) }));
		const chips = await waitFor(
			() => posted(api()).find((message): message is Extract<StudioToWebview, { type: 'attachments' }> => message.type === 'attachments'),
			'the chips',
		);
		assert.deepStrictEqual(chips.errors, [
			'pasted.heic is a HEIC image, which gemini-3.1-flash-lite-image does not accept. Convert it to PNG, JPEG, WEBP.',
		]);
		assert.strictEqual(api().studio.pendingAttachments, 0);
		assert.strictEqual(generateRequests(fake).length, 0);
	});

	test('the studio refuses an attachment over its 7 MB inline limit with a clear chip error; nothing is sent', async () => {
		// A real PNG header (and IEND) around 7.5 MB of padding.
		const small = renderFakeImage('image/png', 64, 64, 1);
		const iend = small.subarray(small.length - 12);
		const head = small.subarray(0, small.length - 12);
		const big = Buffer.concat([head, Buffer.alloc(Math.round(7.5 * 1024 * 1024) - head.length - iend.length, 0x11), iend]);
		await openStudio({ model: PRO, newSession: true });
		await waitFor(() => studioTabs().length >= 1, 'the studio tab');
		api().studio.clearPosted();
		assert.ok(api().studio.receive({ type: 'attachBytes', name: 'poster.png', bytes: new Uint8Array(big) }));
		const chips = await waitFor(
			() => posted(api()).find((message): message is Extract<StudioToWebview, { type: 'attachments' }> => message.type === 'attachments'),
			'the chips',
		);
		assert.deepStrictEqual(chips.errors, ['poster.png is 7.5 MB; the studio sends images inline, at most 7 MB each. Use a smaller image.']);
		assert.deepStrictEqual(chips.attachments, [], 'no chip for it');
		assert.strictEqual(api().studio.pendingAttachments, 0);

		// A smaller one is still taken, and the turn carries only it.
		const ok = renderFakeImage('image/png', 64, 64, 2);
		assert.ok(api().studio.receive({ type: 'attachBytes', name: 'small.png', bytes: new Uint8Array(ok) }));
		await waitFor(() => api().studio.pendingAttachments === 1, 'the small attachment');
		const turn = await openStudio({ prompt: 'use the small one' });
		assert.ok(turn.turn?.ok, turn.turn?.error);
		const sent = generateRequests(fake).at(-1)!;
		assert.deepStrictEqual(sent.body.contents[0].parts, [
			{ text: 'use the small one' },
			{ inlineData: { mimeType: 'image/png', data: ok.toString('base64') } },
		]);
	});
});
