import * as assert from 'assert';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { decodeImage, encodeImage } from '../../src/codecs/imageCodecs';
import {
	crc32,
	embedJpegXmp,
	embedPngText,
	embedText,
	embedWebpXmp,
	readEmbeddedText,
	readJpegXmp,
	readPngText,
	readWebpXmp,
	readXmpPacket,
	xmpPacket,
} from '../../src/core/imageMetadata';
import { parseProvenanceJson, parseProvenanceRecord, provenanceProblem, ProvenanceRecord, serializeProvenance } from '../../src/core/provenance';
import { renderFakeImage } from '../fake-gemini/images';

const HASH = 'a'.repeat(64);

function record(overrides: Partial<Record<keyof ProvenanceRecord, unknown>> = {}): ProvenanceRecord {
	return {
		version: 1,
		kind: 'generate',
		prompt: 'Ein Fuchs 🦊 im Schnee, 雪の中の狐, «ёж» <b>&amp;</b> "quotes" \u2028 ]]> \ufffe',
		model: 'gemini-3-pro-image',
		aspectRatio: '16:9',
		imageSize: '2K',
		inputs: [{ sha256: HASH, mimeType: 'image/png', name: 'assets/ref.png' }],
		parentSha256: 'b'.repeat(64),
		finishReason: 'STOP',
		usage: { inputTokens: 12, outputTokens: 1290, thoughtTokens: 3 },
		costUsd: 0.134,
		createdAt: '2026-05-01T10:11:12.345Z',
		resultSha256: 'c'.repeat(64),
		extension: { name: 'gemini-image-studio', version: '0.1.0' },
		...overrides,
	} as ProvenanceRecord;
}

function pixels(width: number, height: number): Uint8ClampedArray {
	const data = new Uint8ClampedArray(width * height * 4);
	for (let i = 0; i < data.length; i += 4) {
		data.set([(i * 7) & 0xff, (i * 13) & 0xff, (i * 3) & 0xff, 255], i);
	}
	return data;
}

describe('provenance record', () => {
	it('a complete record passes and survives serialize → parse unchanged (any Unicode)', () => {
		const original = record();
		assert.strictEqual(provenanceProblem(original), undefined);
		const text = serializeProvenance(original);
		assert.ok(!/[\ufffe\uffff\u007f-\u009f]/.test(text), 'characters XML forbids are escaped');
		assert.deepStrictEqual(parseProvenanceJson(text), original);
	});

	it('hostile or damaged records are refused', () => {
		const bad: unknown[] = [
			null,
			[],
			'text',
			record({ version: 2 }),
			record({ kind: 'shell' }),
			record({ prompt: '' }),
			record({ prompt: 'x'.repeat(100_001) }),
			record({ model: '../../etc/passwd' }),
			record({ model: 'a b' }),
			record({ aspectRatio: '16:9; rm -rf' }),
			record({ imageSize: '8K' }),
			record({ inputs: [{ sha256: 'zz', mimeType: 'image/png' }] }),
			record({ inputs: [{ sha256: HASH, mimeType: 'text/html' }] }),
			record({ inputs: [{ sha256: HASH, mimeType: 'image/png', name: 'a\nb' }] }),
			record({ inputs: [{ sha256: HASH, mimeType: 'image/png', extra: 1 }] }),
			record({ inputs: new Array(33).fill({ sha256: HASH, mimeType: 'image/png' }) }),
			record({ usage: { inputTokens: -1, outputTokens: 0, thoughtTokens: 0 } }),
			record({ usage: { inputTokens: 1.5, outputTokens: 0, thoughtTokens: 0 } }),
			record({ costUsd: Number.NaN }),
			record({ costUsd: -1 }),
			record({ createdAt: 'yesterday' }),
			record({ resultSha256: HASH.toUpperCase() }),
			record({ finishReason: '<script>' }),
			record({ extension: { name: 'x', version: '1', evil: true } }),
			{ ...record(), __proto__: { polluted: true } },
			{ ...record(), html: '<img src=x onerror=alert(1)>' },
		];
		for (const value of bad) {
			assert.strictEqual(parseProvenanceRecord(value), undefined, `accepted ${JSON.stringify(value)?.slice(0, 120)}`);
		}
		assert.strictEqual(parseProvenanceJson('{"version":1'), undefined);
		assert.strictEqual(parseProvenanceJson(' '.repeat(400_001)), undefined);
	});
});

describe('provenance embedding', () => {
	it('CRC-32 matches the standard check value', () => {
		assert.strictEqual(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
	});

	it('PNG: an iTXt chunk before IEND round-trips non-Latin text, and the image still decodes to the same pixels', () => {
		const png = PNG.sync.write({ width: 8, height: 6, data: Buffer.from(pixels(8, 6)) } as PNG);
		const text = serializeProvenance(record());
		const embedded = embedPngText(png, text)!;
		assert.ok(embedded, 'embedded');
		assert.strictEqual(readPngText(embedded), text);
		assert.deepStrictEqual(parseProvenanceJson(readEmbeddedText(embedded)!), record());
		// The chunk sits just before IEND and the file still ends with IEND.
		assert.strictEqual(Buffer.from(embedded.subarray(embedded.length - 8, embedded.length - 4)).toString('latin1'), 'IEND');
		const decoded = PNG.sync.read(Buffer.from(embedded));
		assert.deepStrictEqual(decoded.data, PNG.sync.read(png).data);
		// Embedding again replaces ours instead of adding a second chunk.
		const again = embedPngText(embedded, serializeProvenance(record({ prompt: 'second' })))!;
		assert.strictEqual(parseProvenanceJson(readPngText(again)!)!.prompt, 'second');
		assert.strictEqual(Buffer.from(again).toString('latin1').split('iTXtgemini-image-studio').length, 2);
		// pngjs checks CRCs: a wrong CRC would have failed above; a damaged chunk is not read.
		const damaged = Buffer.from(embedded);
		damaged[damaged.indexOf('iTXt', 0, 'latin1') + 30] ^= 0xff;
		assert.strictEqual(readPngText(damaged), undefined);
	});

	it('JPEG: an XMP APP1 segment after JFIF round-trips, and the image still decodes', () => {
		const jpg = renderFakeImage('image/jpeg', 16, 12, 7);
		const text = serializeProvenance(record());
		const embedded = embedJpegXmp(jpg, text)!;
		assert.ok(embedded, 'embedded');
		assert.strictEqual(readJpegXmp(embedded), text);
		assert.ok(Buffer.from(embedded).includes('http://ns.adobe.com/xap/1.0/\0', 0, 'latin1'));
		const before = jpeg.decode(jpg, { useTArray: true });
		const after = jpeg.decode(embedded, { useTArray: true });
		assert.deepStrictEqual([after.width, after.height], [16, 12]);
		assert.deepStrictEqual(after.data, before.data);
		// Ours is replaced; someone else's XMP is left alone and the embed refused.
		assert.strictEqual(readJpegXmp(embedJpegXmp(embedded, 'second')!), 'second');
		const foreign = embedded.slice();
		const at = Buffer.from(foreign).indexOf('gemini-image-studio.dev', 0, 'latin1');
		foreign[at] = 'G'.charCodeAt(0);
		assert.strictEqual(embedJpegXmp(foreign, text), undefined);
		// A record too large for one segment is refused (the caller keeps it in storage).
		assert.strictEqual(embedJpegXmp(jpg, 'x'.repeat(70_000)), undefined);
	});

	it('XMP escapes markup in the prompt and reads nothing from a packet with a bare ampersand', () => {
		const packet = xmpPacket('<script>alert("x")</script> & more');
		assert.ok(!packet.includes('<script>'));
		assert.strictEqual(readXmpPacket(packet), '<script>alert("x")</script> & more');
		assert.strictEqual(readXmpPacket(packet.replace('&amp;', '&')), undefined);
	});

	it('WebP: a simple lossy (VP8) file becomes extended (VP8X + XMP) and still decodes', async () => {
		const webp = await encodeImage({ width: 20, height: 10, data: pixels(20, 10) }, 'image/webp', { quality: 80 });
		assert.strictEqual(Buffer.from(webp.subarray(12, 16)).toString('latin1'), 'VP8 ');
		const text = serializeProvenance(record());
		const embedded = embedWebpXmp(webp, text)!;
		assert.ok(embedded, 'embedded');
		const buffer = Buffer.from(embedded);
		assert.strictEqual(buffer.toString('latin1', 12, 16), 'VP8X');
		assert.strictEqual(buffer[20] & 0x04, 0x04, 'XMP flag');
		assert.strictEqual(buffer.readUIntLE(24, 3) + 1, 20, 'canvas width');
		assert.strictEqual(buffer.readUIntLE(27, 3) + 1, 10, 'canvas height');
		assert.strictEqual(buffer.readUInt32LE(4) + 8, buffer.length, 'RIFF size');
		assert.strictEqual(readWebpXmp(embedded), text);
		const decoded = await decodeImage(embedded);
		assert.deepStrictEqual([decoded.width, decoded.height], [20, 10]);
		assert.deepStrictEqual(decoded.data, (await decodeImage(webp)).data);
	});

	it('WebP: a lossless (VP8L) file with alpha keeps its alpha flag and pixels', async () => {
		const data = pixels(9, 7);
		data[3] = 0;
		// sharp (a devDependency, bench reference) writes lossless WebP; the project's codecs encode lossy only.
		const sharp = require('sharp') as (input: Buffer, options: object) => { webp(options: object): { toBuffer(): Promise<Buffer> } };
		const webp = new Uint8Array(
			await sharp(Buffer.from(data), { raw: { width: 9, height: 7, channels: 4 } })
				.webp({ lossless: true })
				.toBuffer(),
		);
		assert.strictEqual(Buffer.from(webp.subarray(12, 16)).toString('latin1'), 'VP8L');
		const embedded = embedText(webp, 'hello ✓')!;
		assert.strictEqual(embedded[20] & 0x10, 0x10, 'alpha flag');
		assert.strictEqual(readEmbeddedText(embedded), 'hello ✓');
		assert.deepStrictEqual((await decodeImage(embedded)).data, (await decodeImage(webp)).data);
		// Embedding into the now extended file again replaces ours.
		assert.strictEqual(readEmbeddedText(embedText(embedded, 'again')!), 'again');
	});

	it('a hostile embedded record is read as text but refused by the validator; truncated files are not read', () => {
		const png = PNG.sync.write({ width: 2, height: 2, data: Buffer.from(pixels(2, 2)) } as PNG);
		const hostile = embedPngText(png, JSON.stringify({ ...record(), prompt: 42, extra: '<img onerror>' }))!;
		assert.ok(readEmbeddedText(hostile));
		assert.strictEqual(parseProvenanceJson(readEmbeddedText(hostile)!), undefined);
		const embedded = embedPngText(png, serializeProvenance(record()))!;
		assert.strictEqual(readPngText(embedded.subarray(0, embedded.length - 20)), undefined);
		assert.strictEqual(readEmbeddedText(new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff])), undefined);
		assert.strictEqual(readEmbeddedText(Buffer.from('RIFF\xff\xff\xff\x7fWEBPXMP ', 'latin1')), undefined);
		assert.strictEqual(embedText(Buffer.from('GIF89a'), 'x'), undefined);
	});
});
