import * as assert from 'assert';
import { decodeImage, encodeImage, RgbaImage } from '../../src/codecs/imageCodecs';
import { readImageDimensions, sniffImageType } from '../../src/core/imageType';
import { isThumbnailFile, makeThumbnail, THUMBNAIL_SIDE, THUMBNAIL_TEMP, thumbnailFile, thumbnailSize } from '../../src/studio/thumbnails';
import { isTemporaryName } from '../../src/workspace/staleTemporaries';

/** A `width`×`height` image whose left half is opaque red and right half fully transparent. */
function halfTransparent(width: number, height: number): RgbaImage {
	const data = new Uint8ClampedArray(width * height * 4);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			data.set(x < width / 2 ? [220, 20, 30, 255] : [0, 0, 0, 0], (y * width + x) * 4);
		}
	}
	return { width, height, data };
}

describe('studio thumbnails', () => {
	it('names the thumbnail beside the image, whatever its type', () => {
		assert.strictEqual(thumbnailFile('t1-p2.png'), 't1-p2.thumb.webp');
		assert.strictEqual(thumbnailFile('photo.v2.jpeg'), 'photo.v2.thumb.webp');
		assert.strictEqual(thumbnailFile('noextension'), 'noextension.thumb.webp');
		assert.ok(isThumbnailFile(thumbnailFile('a.webp')));
		assert.ok(!isThumbnailFile('a.webp'));
	});

	it('names its temporary files so the stale-temp clean-up finds them, and never a thumbnail or an image', () => {
		assert.ok(isTemporaryName('.thumbnail.0123456789ab.tmp', [THUMBNAIL_TEMP]));
		for (const name of ['t1-p1.thumb.webp', 't1-p1.png', '.thumbnail.tmp', '.thumbnail.0123456789ab.tmp.webp']) {
			assert.ok(!isTemporaryName(name, [THUMBNAIL_TEMP]), name);
		}
	});

	it('fits the long side in THUMBNAIL_SIDE, keeps proportions, never enlarges', () => {
		assert.deepStrictEqual(thumbnailSize(1024, 1024), { width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE });
		assert.deepStrictEqual(thumbnailSize(1024, 576), { width: 256, height: 144 });
		assert.deepStrictEqual(thumbnailSize(600, 2400), { width: 64, height: 256 });
		assert.deepStrictEqual(thumbnailSize(100, 50), { width: 100, height: 50 });
		assert.deepStrictEqual(thumbnailSize(4000, 1), { width: 256, height: 1 });
	});

	it('makes a 256 px WebP of a PNG, keeping its transparency', async () => {
		const png = await encodeImage(halfTransparent(640, 480), 'image/png');
		const thumbnail = await makeThumbnail(png);
		assert.ok(thumbnail.ok, !thumbnail.ok ? thumbnail.reason : '');
		assert.strictEqual(sniffImageType(thumbnail.bytes)?.mimeType, 'image/webp');
		assert.deepStrictEqual(readImageDimensions(thumbnail.bytes), { width: 256, height: 192 });
		assert.deepStrictEqual([thumbnail.width, thumbnail.height], [256, 192]);
		assert.ok(thumbnail.bytes.byteLength < png.byteLength);
		const pixels = await decodeImage(thumbnail.bytes);
		const at = (x: number, y: number) => [...pixels.data.slice((y * 256 + x) * 4, (y * 256 + x) * 4 + 4)];
		assert.strictEqual(at(250, 100)[3], 0, 'the transparent half stays transparent');
		assert.strictEqual(at(10, 100)[3], 255, 'the opaque half stays opaque');
		assert.ok(at(10, 100)[0] > 180, 'and red');
	});

	it('makes one of a JPEG and of a small image (kept at its size)', async () => {
		const jpeg = await encodeImage(halfTransparent(300, 1200), 'image/jpeg');
		const fromJpeg = await makeThumbnail(jpeg);
		assert.ok(fromJpeg.ok);
		assert.deepStrictEqual(readImageDimensions(fromJpeg.bytes), { width: 64, height: 256 });
		const small = await makeThumbnail(await encodeImage(halfTransparent(40, 30), 'image/png'));
		assert.ok(small.ok);
		assert.deepStrictEqual(readImageDimensions(small.bytes), { width: 40, height: 30 });
	});

	it('gives a reason, and no thumbnail, for a damaged or unreadable image (never throws)', async () => {
		const png = await encodeImage(halfTransparent(64, 64), 'image/png');
		for (const bytes of [png.slice(0, 60), new Uint8Array(0), new TextEncoder().encode('<html>not an image</html>')]) {
			const result = await makeThumbnail(bytes);
			assert.strictEqual(result.ok, false);
			assert.ok(!result.ok && result.reason.length > 0);
		}
	});
});
