// Real, decodable images for the fake Gemini server. Tests compare bytes and
// header dimensions, so everything here is deterministic: the same
// (mime, width, height, seed) always yields the same bytes.
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export type FakeImageMime = 'image/png' | 'image/jpeg';

export const VALID_ASPECT_RATIOS: readonly string[] = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9', '1:4', '4:1', '1:8', '8:1'];

// Uppercase only: Google rejects '1k' and the SDK does not normalise it (gemini-wire.md §4).
export const VALID_IMAGE_SIZES: readonly string[] = ['512', '1K', '2K', '4K'];

const LONG_SIDE: Record<string, number> = { '512': 512, '1K': 1024, '2K': 2048, '4K': 4096 };

/**
 * Pixel size the fake renders for an aspect ratio and image size.
 *
 * Rule (a simplification of Google's per-ratio tables, chosen so tests can
 * compute it): the long side is 512 / 1024 / 2048 / 4096 for
 * `512` / `1K` / `2K` / `4K`; the short side is long × (short ratio term /
 * long ratio term), rounded to the nearest multiple of 8 and at least 8.
 * Examples: 16:9 1K → 1024×576, 9:16 2K → 1152×2048, 21:9 1K → 1024×440,
 * 1:8 512 → 64×512. Defaults: ratio 1:1, size 1K.
 */
export function expectedDimensions(aspectRatio = '1:1', imageSize = '1K'): { width: number; height: number } {
	const long = LONG_SIDE[imageSize];
	const m = /^(\d+):(\d+)$/.exec(aspectRatio);
	if (long === undefined || !m) {
		throw new Error(`expectedDimensions: unsupported ${aspectRatio} / ${imageSize}`);
	}
	const a = Number(m[1]);
	const b = Number(m[2]);
	const short = (n: number): number => Math.max(8, Math.round(n / 8) * 8);
	return a >= b ? { width: long, height: short((long * b) / a) } : { width: short((long * a) / b), height: long };
}

/** FNV-1a 32-bit: stable across runs and platforms, unlike any built-in hash. */
export function promptSeed(text: string): number {
	let h = 0x811c9dc5;
	const bytes = Buffer.from(text, 'utf8');
	for (const byte of bytes) {
		h ^= byte;
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h >>> 0;
}

// Small xorshift PRNG so colours and shapes follow from the seed alone.
function rng(seed: number): () => number {
	let s = seed >>> 0 || 0x9e3779b9;
	return () => {
		s ^= s << 13;
		s >>>= 0;
		s ^= s >>> 17;
		s ^= s << 5;
		s >>>= 0;
		return s / 0x100000000;
	};
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** RGBA pixels: diagonal gradient, a disc and a grid, all picked by the seed. */
export function renderFakePixels(width: number, height: number, seed: number): Buffer {
	const rand = rng(seed);
	const c1 = [rand() * 255, rand() * 255, rand() * 255];
	const c2 = [rand() * 255, rand() * 255, rand() * 255];
	const c3 = [rand() * 255, rand() * 255, rand() * 255];
	const cx = width * (0.25 + rand() * 0.5);
	const cy = height * (0.25 + rand() * 0.5);
	const r = Math.min(width, height) * (0.15 + rand() * 0.2);
	const r2 = r * r;
	const cell = 16 << Math.floor(rand() * 3);
	const data = Buffer.alloc(width * height * 4);
	// Separable terms: colour = column part + row part, so the inner loop is
	// additions only; the disc is a per-row span. Keeps 4K at a few hundred ms.
	const colR = new Float32Array(width);
	const colG = new Float32Array(width);
	const colB = new Float32Array(width);
	const colOdd = new Uint8Array(width);
	for (let x = 0; x < width; x++) {
		const t = x / Math.max(1, width - 1) / 2;
		colR[x] = c1[0] + (c2[0] - c1[0]) * t;
		colG[x] = c1[1] + (c2[1] - c1[1]) * t;
		colB[x] = c1[2] + (c2[2] - c1[2]) * t;
		colOdd[x] = Math.floor(x / cell) & 1;
	}
	// One 32-bit store per pixel; the packing follows host byte order so the
	// bytes in memory are always R, G, B, A.
	const px = new Uint32Array(data.buffer, data.byteOffset, width * height);
	const pack = LITTLE_ENDIAN
		? (r: number, g: number, b: number): number => ((255 << 24) | ((b & 255) << 16) | ((g & 255) << 8) | (r & 255)) >>> 0
		: (r: number, g: number, b: number): number => (((r & 255) << 24) | ((g & 255) << 16) | ((b & 255) << 8) | 255) >>> 0;
	const disc = pack(c3[0], c3[1], c3[2]);
	let i = 0;
	for (let y = 0; y < height; y++) {
		const t = y / Math.max(1, height - 1) / 2;
		const rowR = (c2[0] - c1[0]) * t;
		const rowG = (c2[1] - c1[1]) * t;
		const rowB = (c2[2] - c1[2]) * t;
		const rowOdd = Math.floor(y / cell) & 1;
		const dy2 = (y - cy) * (y - cy);
		const half = dy2 < r2 ? Math.sqrt(r2 - dy2) : -1;
		const discFrom = half < 0 ? width : Math.ceil(cx - half);
		const discTo = half < 0 ? -1 : Math.floor(cx + half);
		for (let x = 0; x < width; x++, i++) {
			if (x >= discFrom && x <= discTo) {
				px[i] = disc;
			} else {
				const k = (colOdd[x] ^ rowOdd) === 1 ? 0.85 : 1;
				px[i] = pack((colR[x] + rowR) * k, (colG[x] + rowG) * k, (colB[x] + rowB) * k);
			}
		}
	}
	return data;
}

// Bounded cache: encoding a 4K JPEG takes about 1.5 s in jpeg-js, and tests
// (and the server, which renders the same image for a test's expectation)
// ask for the same image repeatedly.
const cache = new Map<string, Buffer>();
const CACHE_MAX_BYTES = 96 * 1024 * 1024;
let cacheBytes = 0;

/**
 * Encoded image bytes for (mime, width, height, seed). PNG is RGB (like
 * Gemini 2.5's output); JPEG uses quality 85. Returned buffers are shared by
 * the cache: do not mutate them.
 */
export function renderFakeImage(mime: FakeImageMime | string, width: number, height: number, seed: number): Buffer {
	const key = `${mime}:${width}x${height}:${seed >>> 0}`;
	const hit = cache.get(key);
	if (hit) {
		// Re-insert so Map order approximates least-recently-used.
		cache.delete(key);
		cache.set(key, hit);
		return hit;
	}
	const pixels = renderFakePixels(width, height, seed >>> 0);
	let bytes: Buffer;
	if (mime === 'image/jpeg') {
		bytes = jpeg.encode({ width, height, data: pixels }, 85).data;
	} else if (mime === 'image/png') {
		bytes = PNG.sync.write({ width, height, data: pixels } as PNG, { colorType: 2 });
	} else {
		throw new Error(`renderFakeImage: unsupported mime ${mime}`);
	}
	cache.set(key, bytes);
	cacheBytes += bytes.length;
	for (const [k, v] of cache) {
		if (cacheBytes <= CACHE_MAX_BYTES || k === key) {
			break;
		}
		cache.delete(k);
		cacheBytes -= v.length;
	}
	return bytes;
}

/** Recognises the image formats Gemini accepts as input, by magic bytes. */
export function sniffImageMime(head: Uint8Array): string | undefined {
	const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
	if (b.length >= 8 && b.readUInt32BE(0) === 0x89504e47) {
		return 'image/png';
	}
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
		return 'image/jpeg';
	}
	if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') {
		return 'image/webp';
	}
	if (b.length >= 6 && b.toString('latin1', 0, 4) === 'GIF8') {
		return 'image/gif';
	}
	if (b.length >= 12 && b.toString('latin1', 4, 8) === 'ftyp') {
		const brand = b.toString('latin1', 8, 12);
		return /^(heic|heix|hevc|hevx)$/.test(brand) ? 'image/heic' : 'image/heif';
	}
	return undefined;
}
