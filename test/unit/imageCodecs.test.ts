import * as assert from 'assert';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { ImageStudioError } from '../../src/core/errors';
import { MAX_IMAGE_PIXELS, readImageDimensions, sniffImageType } from '../../src/core/imageType';
import { decodeImage, encodeImage, flattenOntoWhite, RgbaImage, transcodeImage } from '../../src/codecs/imageCodecs';
import { loadImageCodecs } from '../../src/codecs/loadCodecs';
import { WASM_FILES, wasmPath } from '../../src/codecs/wasmLoader';
import { renderFakeImage, renderFakePixels } from '../fake-gemini/images';

/** A 32×24 RGBA image in four 16×12 blocks: opaque red, fully transparent (green underneath), half-transparent black, opaque blue. */
function quadrants(): RgbaImage {
	const width = 32;
	const height = 24;
	const data = new Uint8ClampedArray(width * height * 4);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const i = (y * width + x) * 4;
			const block = (y < 12 ? 0 : 2) + (x < 16 ? 0 : 1);
			const [r, g, b, a] = [
				[220, 20, 30, 255],
				[0, 255, 0, 0],
				[0, 0, 0, 128],
				[10, 40, 200, 255],
			][block];
			data.set([r, g, b, a], i);
		}
	}
	// A few odd pixels, so that "exact" means more than four flat blocks.
	data.set([1, 2, 3, 1], 0);
	data.set([250, 251, 252, 254], data.length - 4);
	return { width, height, data };
}

function pngWithAlpha(image: RgbaImage): Buffer {
	return PNG.sync.write({ width: image.width, height: image.height, data: Buffer.from(image.data) } as PNG, { colorType: 6 });
}

/** Mean absolute difference of the RGB channels. */
function meanRgbError(a: Uint8Array | Uint8ClampedArray, b: Uint8Array | Uint8ClampedArray): number {
	assert.strictEqual(a.length, b.length);
	let sum = 0;
	for (let i = 0; i < a.length; i += 4) {
		sum += Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
	}
	return sum / ((a.length / 4) * 3);
}

function pixelAt(data: Uint8Array | Uint8ClampedArray, width: number, x: number, y: number): number[] {
	const i = (y * width + x) * 4;
	return [data[i], data[i + 1], data[i + 2], data[i + 3]];
}

async function rejectsWith(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
	await assert.rejects(promise, (error: unknown) => {
		assert.ok(error instanceof ImageStudioError, `expected an ImageStudioError, got ${String(error)}`);
		assert.strictEqual(error.code, code);
		assert.match(error.message, pattern);
		return true;
	});
}

/** A PNG signature and IHDR claiming the given size, with no pixel data at all. */
function pngHeader(width: number, height: number): Uint8Array {
	const bytes = new Uint8Array(33);
	bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
	const view = new DataView(bytes.buffer);
	view.setUint32(16, width);
	view.setUint32(20, height);
	bytes.set([8, 6, 0, 0, 0], 24);
	return bytes;
}

describe('image codecs (src/codecs, @jsquash wasm)', () => {
	it('round-trips a PNG with transparent pixels exactly, both ways against an independent decoder', async () => {
		const source = quadrants();
		const decoded = await decodeImage(pngWithAlpha(source));
		assert.deepStrictEqual([decoded.width, decoded.height], [32, 24]);
		assert.ok(decoded.data instanceof Uint8ClampedArray);
		assert.deepStrictEqual(Buffer.from(decoded.data), Buffer.from(source.data), 'decoded RGBA, alpha and the RGB under alpha 0 included');

		const encoded = await encodeImage(source, 'image/png');
		assert.strictEqual(sniffImageType(encoded)?.mimeType, 'image/png');
		const check = PNG.sync.read(Buffer.from(encoded));
		assert.deepStrictEqual([check.width, check.height], [32, 24]);
		assert.deepStrictEqual(Buffer.from(check.data), Buffer.from(source.data), 'pngjs reads back every RGBA value');
	});

	it('encodes a view into a larger buffer as just its own pixels', async () => {
		const source = quadrants();
		const larger = new Uint8ClampedArray(source.data.length + 64);
		larger.set(source.data, 32);
		const encoded = await encodeImage({ ...source, data: larger.subarray(32, 32 + source.data.length) }, 'image/png');
		assert.deepStrictEqual(Buffer.from(PNG.sync.read(Buffer.from(encoded)).data), Buffer.from(source.data));
	});

	it('turns a JPEG into a PNG of the same size, within a small error of the source pixels', async () => {
		const source = renderFakePixels(96, 64, 7);
		const jpegBytes = renderFakeImage('image/jpeg', 96, 64, 7);
		const png = await transcodeImage(jpegBytes, 'image/png');
		assert.strictEqual(sniffImageType(png)?.mimeType, 'image/png');
		assert.deepStrictEqual(readImageDimensions(png), { width: 96, height: 64 });
		const pixels = PNG.sync.read(Buffer.from(png));
		assert.ok(
			pixels.data.every((value, index) => index % 4 !== 3 || value === 255),
			'a JPEG is opaque',
		);
		const error = meanRgbError(pixels.data, source);
		assert.ok(error < 4, `mean error ${error.toFixed(2)} against the source pixels`);
	});

	it('flattens alpha onto white when writing JPEG', async () => {
		const jpegBytes = await transcodeImage(pngWithAlpha(quadrants()), 'image/jpeg');
		assert.strictEqual(sniffImageType(jpegBytes)?.mimeType, 'image/jpeg');
		const check = jpeg.decode(Buffer.from(jpegBytes), { useTArray: true });
		assert.deepStrictEqual([check.width, check.height], [32, 24]);
		const near = (actual: number[], expected: number[], what: string) =>
			assert.ok(
				actual.slice(0, 3).every((value, i) => Math.abs(value - expected[i]) <= 12),
				`${what}: ${actual.slice(0, 3).join(',')} is not near ${expected.join(',')}`,
			);
		near(pixelAt(check.data, 32, 8, 6), [220, 20, 30], 'opaque red stays red');
		near(pixelAt(check.data, 32, 24, 6), [255, 255, 255], 'transparent becomes white, not the green underneath');
		near(pixelAt(check.data, 32, 8, 18), [127, 127, 127], 'half-transparent black becomes grey');
		near(pixelAt(check.data, 32, 24, 18), [10, 40, 200], 'opaque blue stays blue');
		assert.deepStrictEqual(
			Array.from(flattenOntoWhite(new Uint8ClampedArray([0, 255, 0, 0, 9, 8, 7, 255, 0, 0, 0, 128]))),
			[255, 255, 255, 255, 9, 8, 7, 255, 127, 127, 127, 255],
		);
	});

	it('writes and reads WebP, alpha kept', async () => {
		const source = quadrants();
		const webp = await encodeImage(source, 'image/webp', { quality: 95 });
		assert.strictEqual(sniffImageType(webp)?.mimeType, 'image/webp');
		assert.deepStrictEqual(readImageDimensions(webp), { width: 32, height: 24 });
		const decoded = await decodeImage(webp);
		assert.deepStrictEqual([decoded.width, decoded.height], [32, 24]);
		assert.strictEqual(pixelAt(decoded.data, 32, 24, 6)[3], 0, 'the transparent block stays transparent');
		assert.strictEqual(pixelAt(decoded.data, 32, 8, 6)[3], 255);
		const photo = renderFakePixels(64, 48, 3);
		const again = await decodeImage(await encodeImage({ width: 64, height: 48, data: new Uint8ClampedArray(photo) }, 'image/webp'));
		const error = meanRgbError(again.data, photo);
		assert.ok(error < 4, `mean WebP error ${error.toFixed(2)}`);
	});

	it('returns the very same bytes when the image already is the asked type', async () => {
		const png = renderFakeImage('image/png', 40, 30, 1);
		const jpegBytes = renderFakeImage('image/jpeg', 40, 30, 1);
		assert.strictEqual(await transcodeImage(png, 'image/png'), png);
		assert.strictEqual(await transcodeImage(jpegBytes, 'image/jpeg'), jpegBytes);
		const webp = await encodeImage(quadrants(), 'image/webp');
		assert.strictEqual(await transcodeImage(webp, 'image/webp'), webp);
	});

	it('lowers the JPEG size with the quality option', async () => {
		const image = { width: 96, height: 64, data: new Uint8ClampedArray(renderFakePixels(96, 64, 11)) };
		const high = await encodeImage(image, 'image/jpeg', { quality: 95 });
		const low = await encodeImage(image, 'image/jpeg', { quality: 20 });
		assert.ok(low.length < high.length, `q20 ${low.length} bytes, q95 ${high.length} bytes`);
	});

	it('refuses what is not a PNG, JPEG or WebP image, saying what it is', async () => {
		await rejectsWith(decodeImage(Buffer.from('<html><body>502 Bad Gateway</body></html>')), 'inputImage', /not a PNG, JPEG or WebP image/);
		await rejectsWith(decodeImage(new Uint8Array()), 'inputImage', /not a PNG, JPEG or WebP image/);
		await rejectsWith(decodeImage(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00')), 'inputImage', /a GIF image/);
		await rejectsWith(transcodeImage(Buffer.from('plain text'), 'image/png'), 'inputImage', /Only PNG, JPEG and WebP/);
	});

	it('refuses a header claiming 100000×100000 pixels before decoding or allocating anything', async () => {
		const before = process.memoryUsage().arrayBuffers;
		const started = Date.now();
		await rejectsWith(decodeImage(pngHeader(100_000, 100_000)), 'inputImage', /100000×100000 pixels, more than the 64 million/);
		await rejectsWith(transcodeImage(pngHeader(100_000, 100_000), 'image/jpeg'), 'inputImage', /100000×100000/);
		// JPEG: an SOF0 claiming 65535×65535; WebP: a VP8X claiming 16384×16384. Neither has any image data.
		const jpegHeader = Uint8Array.from([0xff, 0xd8, 0xff, 0xc0, 0, 17, 8, 0xff, 0xff, 0xff, 0xff, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0, 0, 0, 0, 0]);
		await rejectsWith(decodeImage(jpegHeader), 'inputImage', /JPEG image is 65535×65535/);
		const webpHeader = new Uint8Array(30);
		webpHeader.set(Buffer.from('RIFF\x16\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x00\x00\x00\x00', 'latin1'));
		webpHeader.set([0xff, 0x3f, 0x00, 0xff, 0x3f, 0x00], 24);
		await rejectsWith(decodeImage(webpHeader), 'inputImage', /WebP image is 16384×16384/);
		assert.ok(Date.now() - started < 1000, 'refused from the header alone');
		assert.ok(process.memoryUsage().arrayBuffers - before < 16 * 1024 * 1024, 'no pixel buffer was set aside');
		assert.strictEqual(MAX_IMAGE_PIXELS, 64_000_000, 'the limit Gemini replies are held to');
	});

	it('refuses a damaged image with an inputImage error, and decodes the next good one', async () => {
		const jpegBytes = renderFakeImage('image/jpeg', 64, 48, 5);
		await assert.rejects(decodeImage(jpegBytes.subarray(0, 400)), (error: unknown) => {
			assert.ok(error instanceof ImageStudioError);
			assert.strictEqual(error.code, 'inputImage');
			assert.match(error.message, /JPEG image could not be decoded/);
			assert.match(error.options.detail ?? '', /JPEG|exit/, 'the detail says what libjpeg printed');
			return true;
		});
		const png = renderFakeImage('image/png', 64, 48, 5);
		await rejectsWith(decodeImage(png.subarray(0, 60)), 'inputImage', /PNG image could not be decoded/);
		await rejectsWith(decodeImage(pngHeader(0, 10)), 'inputImage', /gives no size/);
		assert.strictEqual((await decodeImage(jpegBytes)).width, 64);
		assert.strictEqual((await decodeImage(png)).width, 64);
	});

	it('refuses pixels that do not match their size and a quality out of range', async () => {
		await rejectsWith(encodeImage({ width: 4, height: 4, data: new Uint8ClampedArray(10) }, 'image/png'), 'invalidInput', /do not match their size/);
		await rejectsWith(encodeImage(quadrants(), 'image/jpeg', { quality: 0 }), 'invalidInput', /between 1 and 100/);
		await rejectsWith(encodeImage(quadrants(), 'image/gif' as never), 'invalidInput', /PNG, JPEG or WebP/);
	});

	it('reads the wasm from node_modules when not bundled, and loads the module itself through loadImageCodecs', async () => {
		for (const name of Object.keys(WASM_FILES) as (keyof typeof WASM_FILES)[]) {
			assert.match(wasmPath(name), /node_modules[\\/]@jsquash[\\/].*\.wasm$/);
		}
		const codecs = loadImageCodecs();
		assert.strictEqual(codecs.decodeImage, decodeImage);
	});
});
