import * as assert from 'assert';
import { isSavableImageType, readImageDimensions, sniffImageType } from '../../src/core/imageType';

const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (value: string) => Uint8Array.from(Buffer.from(value, 'latin1'));

describe('image type sniffing', () => {
	it('recognises PNG, JPEG, WebP, HEIC and HEIF by content', () => {
		assert.strictEqual(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))?.extension, 'png');
		assert.strictEqual(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0))?.extension, 'jpg');
		assert.strictEqual(sniffImageType(text('RIFF\0\0\0\0WEBPVP8 '))?.mimeType, 'image/webp');
		assert.strictEqual(sniffImageType(text('\0\0\0\x18ftypheic\0\0\0\0'))?.mimeType, 'image/heic');
		assert.strictEqual(sniffImageType(text('\0\0\0\x18ftypmif1\0\0\0\0'))?.mimeType, 'image/heif');
	});

	it('recognises types Gemini does not take, so the message can name them', () => {
		assert.strictEqual(sniffImageType(text('GIF89a....'))?.mimeType, 'image/gif');
		assert.strictEqual(sniffImageType(text('<?xml version="1.0"?><svg xmlns="x"/>'))?.mimeType, 'image/svg+xml');
		assert.strictEqual(sniffImageType(bytes(0x49, 0x49, 0x2a, 0x00))?.mimeType, 'image/tiff');
	});

	it('rejects empty, truncated and non-image data', () => {
		assert.strictEqual(sniffImageType(new Uint8Array()), undefined);
		assert.strictEqual(sniffImageType(bytes(0x89, 0x50)), undefined);
		assert.strictEqual(sniffImageType(text('<html><body>502 Bad Gateway</body></html>')), undefined);
		assert.ok(!isSavableImageType(sniffImageType(text('GIF89a'))));
		assert.ok(isSavableImageType(sniffImageType(bytes(0xff, 0xd8, 0xff))));
	});

	it('reads PNG and JPEG dimensions', () => {
		const png = new Uint8Array(24);
		png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
		new DataView(png.buffer).setUint32(16, 1024);
		new DataView(png.buffer).setUint32(20, 576);
		assert.deepStrictEqual(readImageDimensions(png), { width: 1024, height: 576 });
		const jpeg = bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0, 0, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x02, 0x40, 0x04, 0x00, 0x03);
		assert.deepStrictEqual(readImageDimensions(jpeg), { width: 1024, height: 576 });
		assert.strictEqual(readImageDimensions(bytes(1, 2, 3)), undefined);
	});
});

import { nearestAspectRatio } from '../../src/core/aspectRatio';

describe('nearest aspect ratio', () => {
	const ratios = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'];
	it("keeps an edit in the input's proportions", () => {
		assert.strictEqual(nearestAspectRatio({ width: 1920, height: 1080 }, ratios), '16:9');
		assert.strictEqual(nearestAspectRatio({ width: 512, height: 512 }, ratios), '1:1');
		assert.strictEqual(nearestAspectRatio({ width: 1000, height: 1500 }, ratios), '2:3');
		assert.strictEqual(nearestAspectRatio({ width: 3000, height: 1000 }, ratios), '21:9');
		assert.strictEqual(nearestAspectRatio(undefined, ratios), '1:1');
	});
});
