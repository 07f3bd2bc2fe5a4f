import * as assert from 'assert';
import { ImageStudioError } from '../../src/core/errors';
import { encodeIco } from '../../src/codecs/ico';
import { decodeImage, encodeImage, hasTransparency, padToSquare, resizeImage, resizeImageToSizes, RgbaImage } from '../../src/codecs/imageCodecs';
import { defaultIconSizes, manifestSnippet, parseIconSizes } from '../../src/iconSets/iconSetRules';

// sharp is a devDependency (native): the reference resizer here and in the bench only, never shipped.
// Its CommonJS entry exports the function itself; the typings TypeScript picks here name it the default export.
const sharp = require('sharp') as typeof import('sharp').default;

/** A smooth diagonal gradient with a soft transparent disc in the middle: what icons are made of. */
function gradient(size: number): RgbaImage {
	const data = new Uint8ClampedArray(size * size * 4);
	for (let y = 0; y < size; y++) {
		for (let x = 0; x < size; x++) {
			const i = (y * size + x) * 4;
			const distance = Math.hypot(x - size / 2, y - size / 2) / (size / 2);
			data[i] = (255 * x) / size;
			data[i + 1] = (255 * y) / size;
			data[i + 2] = 128 + 100 * Math.sin((x + y) / (size / 8));
			data[i + 3] = distance < 0.5 ? 255 : distance < 0.7 ? 255 * (1 - (distance - 0.5) / 0.2) : 0;
		}
	}
	return { width: size, height: size, data };
}

/** Mean absolute difference of premultiplied RGB and of alpha (so colours under transparent pixels do not count). */
function premultipliedError(a: Uint8Array | Uint8ClampedArray, b: Uint8Array | Uint8ClampedArray): number {
	assert.strictEqual(a.length, b.length);
	let sum = 0;
	for (let i = 0; i < a.length; i += 4) {
		for (let c = 0; c < 3; c++) {
			sum += Math.abs((a[i + c] * a[i + 3]) / 255 - (b[i + c] * b[i + 3]) / 255);
		}
		sum += Math.abs(a[i + 3] - b[i + 3]);
	}
	return sum / a.length;
}

async function sharpResize(image: RgbaImage, size: number): Promise<Uint8Array> {
	return new Uint8Array(
		await sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
			raw: { width: image.width, height: image.height, channels: 4 },
		})
			.resize(size, size, { kernel: 'lanczos3', fit: 'fill' })
			.raw()
			.toBuffer(),
	);
}

/** The directory of an ICO file, read back by the format's rules (little-endian; 0 means 256). */
function readIco(bytes: Uint8Array): { type: number; entries: { width: number; height: number; bpp: number; size: number; offset: number }[] } {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	assert.strictEqual(view.getUint16(0, true), 0, 'reserved');
	const count = view.getUint16(4, true);
	const entries = [];
	for (let index = 0; index < count; index++) {
		const at = 6 + 16 * index;
		entries.push({
			width: view.getUint8(at) || 256,
			height: view.getUint8(at + 1) || 256,
			bpp: view.getUint16(at + 6, true),
			size: view.getUint32(at + 8, true),
			offset: view.getUint32(at + 12, true),
		});
	}
	return { type: view.getUint16(2, true), entries };
}

describe('resizing (src/codecs resizeImage: box halvings + Lanczos3 wasm)', () => {
	it('gives the asked dimensions, down, up and to a different aspect', async () => {
		const source = gradient(100);
		for (const [width, height] of [
			[16, 16],
			[37, 11],
			[100, 100],
			[300, 300],
			[1, 1],
		]) {
			const out = await resizeImage(source, width, height);
			assert.deepStrictEqual([out.width, out.height, out.data.length], [width, height, width * height * 4]);
		}
	});

	it('keeps alpha: transparent corners stay transparent, the opaque centre stays opaque, no colour bleeds into the edge', async () => {
		const out = await resizeImage(gradient(512), 32, 32);
		const at = (x: number, y: number) => Array.from(out.data.slice((y * 32 + x) * 4, (y * 32 + x) * 4 + 4));
		assert.strictEqual(at(0, 0)[3], 0);
		assert.strictEqual(at(31, 31)[3], 0);
		assert.strictEqual(at(16, 16)[3], 255);
		assert.ok(hasTransparency(out));
		// A white disc on transparent black: premultiplied resampling keeps the soft edge white, not grey.
		const disc = gradient(256);
		for (let i = 0; i < disc.data.length; i += 4) {
			disc.data.set(disc.data[i + 3] > 0 ? [255, 255, 255] : [0, 0, 0], i);
		}
		const small = await resizeImage(disc, 24, 24);
		for (let i = 0; i < small.data.length; i += 4) {
			if (small.data[i + 3] > 8) {
				assert.ok(small.data[i] >= 250, `edge pixel ${i / 4} turned grey: ${Array.from(small.data.slice(i, i + 4))}`);
			}
		}
	});

	it('matches sharp’s Lanczos3 within 1/255 on a gradient with a soft alpha edge (1024→512, 32, 16; 2048→180)', async () => {
		for (const [from, to, limit] of [
			[1024, 512, 1],
			[1024, 32, 1],
			[1024, 16, 1],
			[2048, 180, 1],
		]) {
			const source = gradient(from);
			const ours = await resizeImage(source, to, to);
			const reference = await sharpResize(source, to);
			const error = premultipliedError(ours.data, reference);
			assert.ok(error < limit, `${from}→${to}: mean error ${error.toFixed(2)} against sharp (limit ${limit})`);
		}
	});

	it('resizes to several sizes at once exactly as one by one, in the order asked', async () => {
		const source = gradient(300);
		const sizes = [256, 16, 48, 180];
		const many = await resizeImageToSizes(
			source,
			sizes.map((size) => ({ width: size, height: size })),
		);
		assert.deepStrictEqual(
			many.map((image) => image.width),
			sizes,
		);
		for (const [index, size] of sizes.entries()) {
			assert.deepStrictEqual(many[index].data, (await resizeImage(source, size, size)).data);
		}
	});

	it('refuses sizes that are not whole positive numbers and pixels that do not match their size', async () => {
		for (const [width, height] of [
			[0, 10],
			[10.5, 10],
			[-1, 4],
			[100000, 100000],
		]) {
			await assert.rejects(
				resizeImage(gradient(8), width, height),
				(error: unknown) => error instanceof ImageStudioError && error.code === 'invalidInput',
			);
		}
		await assert.rejects(
			resizeImage({ width: 4, height: 4, data: new Uint8ClampedArray(10) }, 2, 2),
			(error: unknown) => error instanceof ImageStudioError && /do not match/.test(error.message),
		);
	});

	it('centres a wide or tall image on a transparent square without touching its pixels', () => {
		const wide: RgbaImage = { width: 4, height: 2, data: new Uint8ClampedArray(4 * 2 * 4).fill(255) };
		const square = padToSquare(wide);
		assert.deepStrictEqual([square.width, square.height], [4, 4]);
		const alphaRows = [0, 1, 2, 3].map((y) => square.data[(y * 4 + 1) * 4 + 3]);
		assert.deepStrictEqual(alphaRows, [0, 255, 255, 0]);
		const tall = padToSquare({ width: 1, height: 3, data: new Uint8ClampedArray(12).fill(9) });
		assert.deepStrictEqual([tall.width, tall.height], [3, 3]);
		assert.deepStrictEqual(
			[0, 1, 2].map((x) => tall.data[(1 * 3 + x) * 4 + 3]),
			[0, 9, 0],
		);
		const already = { width: 2, height: 2, data: new Uint8ClampedArray(16) };
		assert.strictEqual(padToSquare(already), already);
	});
});

describe('ICO writer (src/codecs/ico.ts)', () => {
	it('writes an ICONDIR with one PNG entry per size, offsets pointing at the PNG signatures, 256 stored as 0', async () => {
		const source = gradient(256);
		const sizes = [16, 32, 48, 256];
		const pngs = await Promise.all(sizes.map(async (size) => ({ size, bytes: await encodeImage(await resizeImage(source, size, size), 'image/png') })));
		const ico = encodeIco(pngs);
		const { type, entries } = readIco(ico);
		assert.strictEqual(type, 1);
		assert.deepStrictEqual(
			entries.map((entry) => entry.width),
			sizes,
		);
		assert.strictEqual(ico[6 + 16 * 3], 0, 'a 256 px entry has width byte 0');
		let expectedOffset = 6 + 16 * sizes.length;
		for (const [index, entry] of entries.entries()) {
			assert.strictEqual(entry.height, entry.width);
			assert.strictEqual(entry.bpp, 32);
			assert.strictEqual(entry.offset, expectedOffset);
			assert.strictEqual(entry.size, pngs[index].bytes.length);
			assert.deepStrictEqual(Array.from(ico.subarray(entry.offset, entry.offset + 8)), [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
			const decoded = await decodeImage(ico.subarray(entry.offset, entry.offset + entry.size));
			assert.deepStrictEqual([decoded.width, decoded.height], [entry.width, entry.width]);
			expectedOffset += entry.size;
		}
		assert.strictEqual(ico.length, expectedOffset);
	});

	it('refuses no entries, sizes outside 1–256 and bytes that are not PNG', () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
		assert.throws(() => encodeIco([]), /1 to 65535/);
		assert.throws(() => encodeIco([{ size: 512, bytes: png }]), /1 to 256/);
		assert.throws(() => encodeIco([{ size: 0, bytes: png }]), /1 to 256/);
		assert.throws(() => encodeIco([{ size: 16, bytes: new Uint8Array([1, 2, 3]) }]), /not a PNG/);
	});
});

describe('icon set rules (src/iconSets)', () => {
	it('defaults to the sizes the source covers without upscaling, at least 16', () => {
		assert.deepStrictEqual(defaultIconSizes(1024, 1024), [16, 32, 48, 64, 128, 180, 192, 256, 512, 1024]);
		assert.deepStrictEqual(defaultIconSizes(500, 200), [16, 32, 48, 64, 128, 180, 192]);
		assert.deepStrictEqual(defaultIconSizes(10, 10), [16]);
	});

	it('accepts only the offered sizes, each once, sorted', () => {
		assert.deepStrictEqual(parseIconSizes([512, 16, 16, 32]), [16, 32, 512]);
		assert.throws(() => parseIconSizes([16, 17]), /17 is not among them/);
		assert.throws(() => parseIconSizes([]), /non-empty list/);
		assert.throws(() => parseIconSizes('16'), /non-empty list/);
	});

	it('writes a manifest snippet with the 192 and 512 icons, purpose any', () => {
		const manifest = JSON.parse(manifestSnippet());
		assert.deepStrictEqual(manifest.icons, [
			{ src: 'icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
			{ src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
		]);
	});
});
