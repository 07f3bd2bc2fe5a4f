// "Export Icon Set…" in the real extension host: a 1024 px PNG with transparency becomes a folder of icons of the
// right pixel sizes (read from the files' own headers), a favicon.ico with three PNG entries, an opaque Apple touch
// icon; a second export goes to a new numbered folder; bad input writes nothing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { PNG } from 'pngjs';
import * as vscode from 'vscode';
import { extensionApi, snapshotWorkspace, workspaceRoot } from './support';

const FOLDER = 'icon-fixtures';

/** A `size`×`size` PNG: a coloured disc with a soft edge on a transparent background. */
function discPng(width: number, height = width): Buffer {
	const png = new PNG({ width, height });
	const radius = Math.min(width, height) / 2;
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const i = (y * width + x) * 4;
			const distance = Math.hypot(x + 0.5 - width / 2, y + 0.5 - height / 2) / radius;
			png.data[i] = (255 * x) / width;
			png.data[i + 1] = 120;
			png.data[i + 2] = (255 * y) / height;
			png.data[i + 3] = distance < 0.8 ? 255 : distance < 0.9 ? Math.round(255 * (0.9 - distance) * 10) : 0;
		}
	}
	return PNG.sync.write(png, { colorType: 6 });
}

/** Width and height from a PNG's IHDR. */
function pngSize(bytes: Buffer): [number, number] {
	assert.strictEqual(bytes.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG file');
	return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

function relative(uri: vscode.Uri): string {
	return path.relative(workspaceRoot(), uri.fsPath).split(path.sep).join('/');
}

suite('imageStudio.exportIconSet', () => {
	const root = () => path.join(workspaceRoot(), FOLDER);
	const write = (name: string, bytes: Uint8Array | string): string => {
		fs.mkdirSync(root(), { recursive: true });
		fs.writeFileSync(path.join(root(), name), bytes);
		return `${FOLDER}/${name}`;
	};

	suiteSetup(async () => {
		await extensionApi();
	});
	setup(async () => {
		(await extensionApi()).clearNotifications();
		fs.rmSync(root(), { recursive: true, force: true });
	});
	suiteTeardown(() => {
		fs.rmSync(root(), { recursive: true, force: true });
	});

	test('{ uri } exports every icon at its size, a three-entry favicon.ico, an opaque apple-touch-icon and the manifest', async function () {
		this.timeout(120_000);
		const source = write('logo.png', discPng(1024));
		const files = await vscode.commands.executeCommand<vscode.Uri[] | undefined>('imageStudio.exportIconSet', { uri: source });
		assert.ok(files, 'the command returns the files it wrote');
		const names = files.map((file) => relative(file));
		const expected = [
			...[16, 32, 48, 64, 128, 180, 192, 256, 512, 1024].map((size) => `icon-${size}.png`),
			'favicon.ico',
			'apple-touch-icon.png',
			'extension-icon-128.png',
			'extension-icon-256.png',
			'manifest.webmanifest',
		].map((name) => `${FOLDER}/logo-icons/${name}`);
		assert.deepStrictEqual(names, expected);
		assert.deepStrictEqual(
			fs.readdirSync(path.join(root(), 'logo-icons')).sort(),
			expected.map((name) => name.split('/').pop()).sort(),
			'nothing else, no temporary',
		);
		for (const file of files.filter((uri) => uri.path.endsWith('.png'))) {
			const size = Number(/(\d+)\.png$/.exec(file.path)?.[1] ?? 180);
			assert.deepStrictEqual(pngSize(fs.readFileSync(file.fsPath)), [size, size], relative(file));
		}
		const icon = PNG.sync.read(fs.readFileSync(path.join(root(), 'logo-icons', 'icon-64.png')));
		assert.strictEqual(icon.data[3], 0, 'the transparent corner stays transparent');
		assert.strictEqual(icon.data[(32 * 64 + 32) * 4 + 3], 255, 'the centre stays opaque');

		const ico = fs.readFileSync(path.join(root(), 'logo-icons', 'favicon.ico'));
		assert.deepStrictEqual([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)], [0, 1, 3]);
		for (const [index, size] of [16, 32, 48].entries()) {
			const entry = 6 + 16 * index;
			assert.deepStrictEqual([ico[entry], ico[entry + 1]], [size, size]);
			const offset = ico.readUInt32LE(entry + 12);
			assert.deepStrictEqual(pngSize(ico.subarray(offset, offset + ico.readUInt32LE(entry + 8))), [size, size]);
		}

		const apple = PNG.sync.read(fs.readFileSync(path.join(root(), 'logo-icons', 'apple-touch-icon.png')));
		for (let i = 3; i < apple.data.length; i += 4) {
			assert.strictEqual(apple.data[i], 255, 'apple-touch-icon.png is opaque');
		}
		assert.deepStrictEqual([apple.data[0], apple.data[1], apple.data[2]], [255, 255, 255], 'flattened onto white');

		const manifest = JSON.parse(fs.readFileSync(path.join(root(), 'logo-icons', 'manifest.webmanifest'), 'utf8'));
		assert.deepStrictEqual(
			manifest.icons.map((entry: { src: string; purpose: string }) => `${entry.src} ${entry.purpose}`),
			['icon-192.png any', 'icon-512.png any'],
		);
		const api = await extensionApi();
		assert.deepStrictEqual(
			api.notifications.map((record) => [record.severity, record.message]),
			[['info', `Icon set exported: 15 files in ${FOLDER}/logo-icons/.`]],
		);

		// Again: a new numbered folder, the first one untouched.
		const before = fs.readdirSync(path.join(root(), 'logo-icons')).map((name) => `${name} ${fs.statSync(path.join(root(), 'logo-icons', name)).mtimeMs}`);
		const again = await vscode.commands.executeCommand<vscode.Uri[] | undefined>('imageStudio.exportIconSet', { uri: source, sizes: [16] });
		assert.ok(again);
		assert.deepStrictEqual(
			again.map((file) => relative(file)).filter((name) => name.includes('/icon-')),
			[`${FOLDER}/logo-icons-2/icon-16.png`, `${FOLDER}/logo-icons-2/icon-192.png`, `${FOLDER}/logo-icons-2/icon-512.png`],
		);
		assert.deepStrictEqual(
			fs.readdirSync(path.join(root(), 'logo-icons')).map((name) => `${name} ${fs.statSync(path.join(root(), 'logo-icons', name)).mtimeMs}`),
			before,
		);
	});

	test('from the Explorer (clicked, [selection]) it asks for the sizes with those the image covers ticked, then exports them', async function () {
		this.timeout(60_000);
		write('badge.png', discPng(100));
		const uri = vscode.Uri.file(path.join(root(), 'badge.png'));
		const running = vscode.commands.executeCommand<vscode.Uri[] | undefined>('imageStudio.exportIconSet', uri, [uri]);
		// The multi-select opens once the header is read; accepting it keeps the ticked defaults (16, 32, 48, 64). Accept
		// is a no-op while no picker is open, so it is pressed until the command settles (no fixed sleep).
		let settled = false;
		void Promise.resolve(running).finally(() => (settled = true));
		for (let waited = 0; !settled && waited < 30_000; waited += 250) {
			await new Promise((resolve) => setTimeout(resolve, 250));
			if (!settled) {
				await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
			}
		}
		const files = await running;
		assert.ok(files, 'the command returns the files it wrote');
		assert.deepStrictEqual(
			files.map((file) => relative(file)).filter((name) => name.includes('/icon-')),
			[16, 32, 48, 64, 192, 512].map((size) => `${FOLDER}/badge-icons/icon-${size}.png`),
		);
	});

	test('a wide, small source is centred on a transparent square, and the notification says so and warns about upscaling', async function () {
		this.timeout(60_000);
		const source = write('banner.png', discPng(120, 60));
		const files = await vscode.commands.executeCommand<vscode.Uri[] | undefined>('imageStudio.exportIconSet', { uri: source, sizes: [16, 48] });
		assert.ok(files);
		const icon = PNG.sync.read(fs.readFileSync(path.join(root(), 'banner-icons', 'icon-48.png')));
		assert.deepStrictEqual([icon.width, icon.height], [48, 48]);
		assert.strictEqual(icon.data[(2 * 48 + 24) * 4 + 3], 0, 'the band above the image is transparent');
		assert.strictEqual(icon.data[(24 * 48 + 24) * 4 + 3], 255, 'the middle is the image');
		const [told] = (await extensionApi()).notifications;
		assert.strictEqual(told.severity, 'warning');
		assert.match(told.message, /120×60, not square: it was centred on a transparent 120×120 square/);
		assert.match(told.message, /only 60 px on its shorter side: 128, 180, 192, 256, 512 px are upscaled/);
	});

	test('bad input writes nothing and says why: not an image, a missing file, unknown sizes, a folder where code runs', async function () {
		this.timeout(60_000);
		const good = write('good.png', discPng(64));
		const fake = write('fake.png', '<html>not an image</html>');
		const before = snapshotWorkspace();
		const api = await extensionApi();
		for (const [args, code, pattern] of [
			[{ uri: fake }, 'inputImage', /fake\.png: The image cannot be converted: it is not a PNG, JPEG or WebP image/],
			[{ uri: `${FOLDER}/missing.png` }, 'inputImage', /missing\.png does not exist/],
			[{ uri: good, sizes: [16, 20] }, 'invalidInput', /20 is not among them/],
			[{ uri: good, outputFolder: '.vscode' }, 'outputFolder', /\.vscode/],
			[{ uri: good, outputFolder: '../outside' }, 'outputFolder', /leaves the workspace/],
			[{}, 'invalidInput', /needs "uri"/],
		] as const) {
			api.clearNotifications();
			const result = await vscode.commands.executeCommand('imageStudio.exportIconSet', args);
			assert.strictEqual(result, undefined, JSON.stringify(args));
			assert.deepStrictEqual(
				api.notifications.map((record) => [record.severity, record.code]),
				[['error', code]],
				`${JSON.stringify(args)}: ${JSON.stringify(api.notifications)}`,
			);
			assert.match(api.notifications[0].message, pattern);
			assert.deepStrictEqual(snapshotWorkspace(), before, `${JSON.stringify(args)} wrote nothing`);
		}
	});

	test('a failure while writing (after the first file, or right before the folder is renamed into place) leaves nothing behind', async function () {
		this.timeout(60_000);
		const source = write('logo.png', discPng(64));
		const api = await extensionApi();
		for (const stage of ['tempWrite', 'swap'] as const) {
			const before = snapshotWorkspace();
			api.clearNotifications();
			api.injectWriteFault(stage);
			const result = await vscode.commands.executeCommand('imageStudio.exportIconSet', { uri: source });
			api.injectWriteFault(undefined);
			assert.strictEqual(result, undefined, stage);
			assert.deepStrictEqual(
				api.notifications.map((record) => [record.severity, record.code]),
				[['error', 'writeFailed']],
				stage,
			);
			assert.match(api.notifications[0].message, /Nothing was written/);
			assert.deepStrictEqual(snapshotWorkspace(), before, `${stage}: no folder, no temporary`);
		}
	});
});
