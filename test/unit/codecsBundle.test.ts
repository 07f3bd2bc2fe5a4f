import * as assert from 'assert';
import * as childProcess from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PNG } from 'pngjs';
import { renderFakeImage } from '../fake-gemini/images';

const root = path.resolve(__dirname, '..', '..', '..');

/**
 * What the VSIX ships, run as shipped: dist/codecs.js and dist/wasm/ copied into an empty temporary folder with no
 * node_modules anywhere above it, required by a separate Node process. Proves that esbuild bundled the ESM-only
 * @jsquash glue into the CommonJS bundle and that the wasm is read from dist/wasm/, not from the packages.
 */
describe('the built codec bundle (dist/codecs.js + dist/wasm/)', function () {
	this.timeout(180_000);
	let folder: string;

	before(() => {
		const build = childProcess.spawnSync(process.execPath, ['esbuild.js'], { cwd: root, encoding: 'utf8' });
		assert.strictEqual(build.status, 0, `node esbuild.js failed: ${build.stderr}`);
		folder = fs.mkdtempSync(path.join(os.tmpdir(), 'codecs-bundle-'));
		fs.copyFileSync(path.join(root, 'dist', 'codecs.js'), path.join(folder, 'codecs.js'));
		fs.cpSync(path.join(root, 'dist', 'wasm'), path.join(folder, 'wasm'), { recursive: true });
	});

	after(() => {
		if (folder) {
			fs.rmSync(folder, { recursive: true, force: true });
		}
	});

	it('decodes and encodes PNG, JPEG and WebP from a folder without node_modules', () => {
		for (let dir = folder; ; dir = path.dirname(dir)) {
			assert.ok(!fs.existsSync(path.join(dir, 'node_modules')), `${dir} has a node_modules folder`);
			if (path.dirname(dir) === dir) {
				break;
			}
		}
		fs.writeFileSync(path.join(folder, 'in.jpg'), renderFakeImage('image/jpeg', 80, 60, 9));
		const rgba = Buffer.alloc(8 * 8 * 4);
		for (let i = 0; i < rgba.length; i += 4) {
			rgba.set([i % 251, (i * 7) % 253, 200, i % 3 === 0 ? 0 : 255], i);
		}
		fs.writeFileSync(path.join(folder, 'in.png'), PNG.sync.write({ width: 8, height: 8, data: rgba } as PNG, { colorType: 6 }));
		const script = /* js */ `
			const fs = require('fs');
			let resolvable = true;
			try { require.resolve('@jsquash/png/package.json'); } catch { resolvable = false; }
			const codecs = require('./codecs.js');
			(async () => {
				const jpg = fs.readFileSync('in.jpg');
				const png = await codecs.transcodeImage(jpg, 'image/png');
				const pngBack = await codecs.decodeImage(png);
				const alpha = await codecs.decodeImage(fs.readFileSync('in.png'));
				const alphaPng = await codecs.encodeImage(alpha, 'image/png');
				const webp = await codecs.encodeImage(alpha, 'image/webp');
				const webpBack = await codecs.decodeImage(webp);
				const jpegOut = await codecs.transcodeImage(fs.readFileSync('in.png'), 'image/jpeg');
				fs.writeFileSync('alpha.png', alphaPng);
				let refused;
				try { await codecs.decodeImage(Buffer.from('not an image')); } catch (error) { refused = error.code; }
				console.log(JSON.stringify({
					resolvable,
					png: [png[1], png[2], png[3]].map((c) => String.fromCharCode(c)).join(''),
					pngSize: [pngBack.width, pngBack.height],
					webp: Buffer.from(webp.subarray(8, 12)).toString('latin1'),
					webpSize: [webpBack.width, webpBack.height],
					jpeg: [jpegOut[0], jpegOut[1]],
					refused,
				}));
			})().catch((error) => { console.error(error); process.exit(1); });
		`;
		const env = { ...process.env };
		delete env.NODE_PATH;
		const run = childProcess.spawnSync(process.execPath, ['-e', script], { cwd: folder, env, encoding: 'utf8', timeout: 60_000 });
		assert.strictEqual(run.status, 0, `the bundle failed: ${run.stderr}`);
		const result = JSON.parse(run.stdout);
		assert.deepStrictEqual(result, {
			resolvable: false,
			png: 'PNG',
			pngSize: [80, 60],
			webp: 'WEBP',
			webpSize: [8, 8],
			jpeg: [0xff, 0xd8],
			refused: 'inputImage',
		});
		assert.deepStrictEqual(
			PNG.sync.read(fs.readFileSync(path.join(folder, 'alpha.png'))).data,
			rgba,
			'PNG with alpha round-trips exactly through the bundle',
		);
	});

	it('resizes (Lanczos3 wasm from dist/wasm/) and writes an ICO from the bundle alone', () => {
		const script = /* js */ `
			const codecs = require('./codecs.js');
			(async () => {
				const data = new Uint8ClampedArray(64 * 40 * 4).fill(255);
				const resized = await codecs.resizeImage({ width: 64, height: 40, data }, 16, 10);
				const square = codecs.padToSquare({ width: 64, height: 40, data });
				const png = await codecs.encodeImage(resized, 'image/png');
				const ico = codecs.encodeIco([{ size: 16, bytes: png }]);
				console.log(JSON.stringify({ size: [resized.width, resized.height], pixel: Array.from(resized.data.slice(0, 4)), square: [square.width, square.height], ico: [ico[2], ico[4]] }));
			})().catch((error) => { console.error(error); process.exit(1); });
		`;
		const env = { ...process.env };
		delete env.NODE_PATH;
		const run = childProcess.spawnSync(process.execPath, ['-e', script], { cwd: folder, env, encoding: 'utf8', timeout: 60_000 });
		assert.strictEqual(run.status, 0, `the bundle failed: ${run.stderr}`);
		assert.deepStrictEqual(JSON.parse(run.stdout), { size: [16, 10], pixel: [255, 255, 255, 255], square: [64, 64], ico: [1, 1] });
	});

	it('keeps the codecs out of dist/extension.js and dist/features.js, and loads nothing from node_modules', () => {
		const bundle = fs.readFileSync(path.join(root, 'dist', 'codecs.js'), 'utf8');
		assert.doesNotMatch(bundle, /require\(["']@jsquash/);
		assert.doesNotMatch(bundle, /require\(["']wasm-feature-detect/);
		for (const file of ['extension.js', 'features.js']) {
			assert.doesNotMatch(fs.readFileSync(path.join(root, 'dist', file), 'utf8'), /jsquash|mozjpeg|squoosh/i, `${file} holds codec code`);
		}
		const shipped = fs.readdirSync(path.join(root, 'dist', 'wasm')).sort();
		assert.deepStrictEqual(
			shipped.filter((file) => file.endsWith('.wasm')),
			['mozjpeg_dec.wasm', 'mozjpeg_enc.wasm', 'squoosh_png_bg.wasm', 'squoosh_resize_bg.wasm', 'webp_dec.wasm', 'webp_enc.wasm', 'webp_enc_simd.wasm'],
		);
		assert.ok(shipped.includes('LICENSE-jsquash.txt'));
		const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split(/\r?\n/);
		assert.ok(ignore.includes('!dist/codecs.js') && ignore.includes('!dist/wasm/**'), '.vscodeignore lets the codecs into the VSIX');
	});
});
