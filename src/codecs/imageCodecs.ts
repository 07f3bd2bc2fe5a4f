/**
 * Decoding and encoding PNG, JPEG and WebP without native code: the Squoosh codecs repackaged as `@jsquash/png`,
 * `@jsquash/jpeg` and `@jsquash/webp` (wasm, Apache-2.0), loaded on first use by ./wasmLoader.ts. Input is typed by its
 * bytes, never by a file name, and its header is checked against MAX_IMAGE_PIXELS before anything is decoded.
 * No `vscode`: the callers read and write the files.
 */
import * as l10n from '@vscode/l10n';
import { ImageStudioError, errorMessage } from '../core/errors';
import { MAX_IMAGE_PIXELS, readImageDimensions, sniffImageType } from '../core/imageType';
import type { CodecMimeType, RgbaImage } from './codecTypes';
import { loadDecoder, loadEncoder, loadResizer } from './wasmLoader';

export type { CodecMimeType, RgbaImage } from './codecTypes';
export { encodeIco, type IcoEntry } from './ico';

export interface EncodeOptions {
	/** JPEG and WebP quality, 1–100 (default 90). PNG is lossless and ignores it. */
	readonly quality?: number;
}

export const DEFAULT_QUALITY = 90;

/** This bundle's own `@vscode/l10n` gets the display language's translations from ./loadCodecs.ts. */
export function configureL10n(contents: Record<string, string>): void {
	l10n.config({ contents });
}

const LABELS: Record<CodecMimeType, string> = { 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/webp': 'WebP' };

/** Whether the codecs can read and write this type. */
export function isCodecMimeType(mimeType: string): mimeType is CodecMimeType {
	return mimeType === 'image/png' || mimeType === 'image/jpeg' || mimeType === 'image/webp';
}

/**
 * The type of `bytes` if the codecs read it. Throws an `inputImage` error for anything else (GIF, HEIC, SVG, text…),
 * for a header without a readable size, and for a header claiming more than MAX_IMAGE_PIXELS: that check reads only
 * the header, so a small file claiming 100000×100000 pixels is refused before any memory is set aside for it.
 */
export function checkDecodable(bytes: Uint8Array): { readonly mimeType: CodecMimeType; readonly width: number; readonly height: number } {
	const type = sniffImageType(bytes);
	if (!type || !isCodecMimeType(type.mimeType)) {
		const what = type ? l10n.t('a {0} image', type.extension.toUpperCase()) : l10n.t('not a PNG, JPEG or WebP image');
		throw new ImageStudioError('inputImage', l10n.t('The image cannot be converted: it is {0}. Only PNG, JPEG and WebP images can be read.', what));
	}
	const label = LABELS[type.mimeType];
	const dimensions = readImageDimensions(bytes);
	if (!dimensions || dimensions.width === 0 || dimensions.height === 0) {
		throw new ImageStudioError('inputImage', l10n.t('The {0} image cannot be read: its header gives no size (the file is damaged or cut short).', label));
	}
	if (dimensions.width * dimensions.height > MAX_IMAGE_PIXELS) {
		throw new ImageStudioError(
			'inputImage',
			l10n.t(
				'The {0} image is {1}×{2} pixels, more than the {3} million this extension reads. Nothing was decoded.',
				label,
				dimensions.width,
				dimensions.height,
				Math.round(MAX_IMAGE_PIXELS / 1e6),
			),
		);
	}
	return { mimeType: type.mimeType, width: dimensions.width, height: dimensions.height };
}

/** Decodes a PNG, JPEG or WebP image into 8-bit RGBA. See checkDecodable for what is refused. */
export async function decodeImage(bytes: Uint8Array): Promise<RgbaImage> {
	const { mimeType } = checkDecodable(bytes);
	const decode = await loadDecoder(mimeType);
	let decoded;
	try {
		decoded = await decode(exactBuffer(bytes));
	} catch (error) {
		throw new ImageStudioError(
			'inputImage',
			l10n.t('The {0} image could not be decoded: the file is damaged or uses a form the decoder does not read.', LABELS[mimeType]),
			{
				detail: errorMessage(error),
				cause: error,
			},
		);
	}
	const { width, height, data } = decoded;
	if (!(data instanceof Uint8ClampedArray) || data.length !== width * height * 4) {
		throw new ImageStudioError('inputImage', l10n.t('The {0} image could not be decoded: the decoder returned no RGBA pixels.', LABELS[mimeType]), {
			detail: `${width}×${height}, ${data?.length} values`,
		});
	}
	return { width, height, data };
}

/**
 * Encodes RGBA pixels. PNG keeps every pixel exactly, alpha included; WebP keeps alpha; JPEG has no alpha, so pixels
 * are flattened onto white first (a transparent pixel becomes white, a half-transparent one half its colour, half white).
 */
export async function encodeImage(image: RgbaImage, mimeType: CodecMimeType, options: EncodeOptions = {}): Promise<Uint8Array> {
	if (!isCodecMimeType(mimeType)) {
		throw new ImageStudioError('invalidInput', l10n.t('Images can be written as PNG, JPEG or WebP, not {0}.', String(mimeType)));
	}
	const { width, height, data } = image;
	if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || data.length !== width * height * 4) {
		throw new ImageStudioError(
			'invalidInput',
			l10n.t('The pixels to encode do not match their size ({0}×{1} needs {2} values, got {3}).', width, height, width * height * 4, data.length),
		);
	}
	if (width * height > MAX_IMAGE_PIXELS) {
		throw new ImageStudioError(
			'invalidInput',
			l10n.t('An image of {0}×{1} pixels is more than the {2} million this extension writes.', width, height, Math.round(MAX_IMAGE_PIXELS / 1e6)),
		);
	}
	const quality = options.quality ?? DEFAULT_QUALITY;
	if (!Number.isFinite(quality) || quality < 1 || quality > 100) {
		throw new ImageStudioError('invalidInput', l10n.t('Quality must be between 1 and 100, not {0}.', quality));
	}
	const encode = await loadEncoder(mimeType);
	// The PNG glue encodes the whole buffer under `data`, so a view into a larger buffer is copied out first.
	const pixels =
		mimeType === 'image/jpeg' ? flattenOntoWhite(data) : data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
	try {
		return new Uint8Array(await encode({ width, height, data: pixels }, Math.round(quality)));
	} catch (error) {
		throw new ImageStudioError('writeFailed', l10n.t('The image could not be encoded as {0}.', LABELS[mimeType]), {
			detail: errorMessage(error),
			cause: error,
		});
	}
}

/**
 * `bytes` as `targetMimeType`: the same bytes, untouched, when they already are that type; otherwise decoded and
 * encoded again (PNG keeps alpha; JPEG flattens it onto white; see encodeImage). Refuses what decodeImage refuses.
 */
export async function transcodeImage(bytes: Uint8Array, targetMimeType: CodecMimeType, options: EncodeOptions = {}): Promise<Uint8Array> {
	const { mimeType } = checkDecodable(bytes);
	if (mimeType === targetMimeType) {
		return bytes;
	}
	return encodeImage(await decodeImage(bytes), targetMimeType, options);
}

/**
 * `image` resampled to `width`×`height`: high quality, as libvips (sharp) does it. While the image is more than twice
 * as large as the target (RESIZE_GAP), it is first halved with an exact 2×2 area average, alpha-weighted; the rest is
 * a Lanczos3 filter (`@jsquash/resize`, the Squoosh resizer, wasm) on premultiplied alpha, so transparent pixels lend
 * no colour to the edges (no dark or green fringes). Sizes up or down; proportions are the caller's (see padToSquare).
 */
export async function resizeImage(image: RgbaImage, width: number, height: number): Promise<RgbaImage> {
	return (await resizeImageToSizes(image, [{ width, height }]))[0];
}

/**
 * resizeImage for several sizes of one image (an icon set): the halvings are computed once and shared, so ten sizes
 * cost about one pass over the source plus ten small Lanczos passes. Results come in the order asked.
 */
export async function resizeImageToSizes(image: RgbaImage, sizes: readonly { readonly width: number; readonly height: number }[]): Promise<RgbaImage[]> {
	assertPixels(image);
	for (const { width, height } of sizes) {
		if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width * height > MAX_IMAGE_PIXELS) {
			throw new ImageStudioError(
				'invalidInput',
				l10n.t(
					'An image cannot be resized to {0}×{1}: sizes are whole numbers from 1, at most {2} million pixels.',
					width,
					height,
					Math.round(MAX_IMAGE_PIXELS / 1e6),
				),
			);
		}
	}
	const resize = await loadResizer();
	// levels[k]: the source halved k times (exact area averages, so level k is the 2^k box average of the source).
	const levels: RgbaImage[] = [image];
	const results: RgbaImage[] = [];
	for (const { width, height } of sizes) {
		let level = 0;
		for (;;) {
			const current = levels[level];
			if (current.width / 2 < width * RESIZE_GAP || current.height / 2 < height * RESIZE_GAP) {
				break;
			}
			levels[level + 1] ??= halve(current);
			level++;
		}
		const from = levels[level];
		if (from.width === width && from.height === height) {
			results.push({ width, height, data: from.data.slice() });
			continue;
		}
		let data: Uint8ClampedArray;
		try {
			data = resize(new Uint8Array(from.data.buffer, from.data.byteOffset, from.data.byteLength), from.width, from.height, width, height);
		} catch (error) {
			throw new ImageStudioError('writeFailed', l10n.t('The image could not be resized to {0}×{1}.', width, height), {
				detail: errorMessage(error),
				cause: error,
			});
		}
		if (data.length !== width * height * 4) {
			throw new ImageStudioError(
				'writeFailed',
				l10n.t('The image could not be resized to {0}×{1}: the resizer returned {2} values.', width, height, data.length),
			);
		}
		results.push({ width, height, data });
	}
	return results;
}

/**
 * How much larger than the target an image stays before the Lanczos filter takes over (libvips' `gap`, 2.0 in sharp):
 * the box halvings before it are exact and cheap, the filter does the last, quality-deciding factor of 2 to 4.
 */
const RESIZE_GAP = 2;

/**
 * The image at half its size (rounded up): each pixel the average of a 2×2 block (fewer at an odd edge), colours
 * weighted by alpha, that is the premultiplied average turned back into straight alpha.
 */
function halve(image: RgbaImage): RgbaImage {
	const { width, height, data } = image;
	const outWidth = Math.ceil(width / 2);
	const outHeight = Math.ceil(height / 2);
	const out = new Uint8ClampedArray(outWidth * outHeight * 4);
	const stride = width * 4;
	for (let y = 0; y < outHeight; y++) {
		const rows = 2 * y + 1 < height ? 2 : 1;
		for (let x = 0; x < outWidth; x++) {
			const columns = 2 * x + 1 < width ? 2 : 1;
			const o = (y * outWidth + x) * 4;
			const i = 2 * y * stride + 8 * x;
			if (rows === 2 && columns === 2) {
				// The inner 2×2 blocks, unrolled: most of the work of a large source.
				const j = i + stride;
				const a0 = data[i + 3];
				const a1 = data[i + 7];
				const a2 = data[j + 3];
				const a3 = data[j + 7];
				const a = a0 + a1 + a2 + a3;
				if (a === 1020) {
					out[o] = (data[i] + data[i + 4] + data[j] + data[j + 4]) / 4;
					out[o + 1] = (data[i + 1] + data[i + 5] + data[j + 1] + data[j + 5]) / 4;
					out[o + 2] = (data[i + 2] + data[i + 6] + data[j + 2] + data[j + 6]) / 4;
				} else if (a > 0) {
					out[o] = (data[i] * a0 + data[i + 4] * a1 + data[j] * a2 + data[j + 4] * a3) / a;
					out[o + 1] = (data[i + 1] * a0 + data[i + 5] * a1 + data[j + 1] * a2 + data[j + 5] * a3) / a;
					out[o + 2] = (data[i + 2] * a0 + data[i + 6] * a1 + data[j + 2] * a2 + data[j + 6] * a3) / a;
				}
				out[o + 3] = a / 4;
				continue;
			}
			let r = 0;
			let g = 0;
			let b = 0;
			let a = 0;
			for (let dy = 0; dy < rows; dy++) {
				for (let dx = 0; dx < columns; dx++) {
					const k = i + dy * stride + dx * 4;
					const alpha = data[k + 3];
					r += data[k] * alpha;
					g += data[k + 1] * alpha;
					b += data[k + 2] * alpha;
					a += alpha;
				}
			}
			if (a > 0) {
				out[o] = r / a;
				out[o + 1] = g / a;
				out[o + 2] = b / a;
			}
			out[o + 3] = a / (rows * columns);
		}
	}
	return { width: outWidth, height: outHeight, data: out };
}

/**
 * `image` centred on a transparent square as wide as its longer side (a square image is returned as it is): an icon
 * made from a wide or tall picture keeps its proportions instead of being stretched. Odd leftovers go right/bottom.
 */
export function padToSquare(image: RgbaImage): RgbaImage {
	assertPixels(image);
	const { width, height, data } = image;
	if (width === height) {
		return image;
	}
	const side = Math.max(width, height);
	const out = new Uint8ClampedArray(side * side * 4);
	const left = Math.floor((side - width) / 2);
	const top = Math.floor((side - height) / 2);
	for (let y = 0; y < height; y++) {
		out.set(data.subarray(y * width * 4, (y + 1) * width * 4), ((top + y) * side + left) * 4);
	}
	return { width: side, height: side, data: out };
}

/** Whether any pixel is less than fully opaque. */
export function hasTransparency(image: RgbaImage): boolean {
	const { data } = image;
	for (let i = 3; i < data.length; i += 4) {
		if (data[i] !== 255) {
			return true;
		}
	}
	return false;
}

function assertPixels(image: RgbaImage): void {
	const { width, height, data } = image;
	if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || data.length !== width * height * 4) {
		throw new ImageStudioError(
			'invalidInput',
			l10n.t('The pixels do not match their size ({0}×{1} needs {2} values, got {3}).', width, height, width * height * 4, data.length),
		);
	}
}

/** JPEG has no alpha: composite each pixel over opaque white. */
export function flattenOntoWhite(data: Uint8ClampedArray): Uint8ClampedArray {
	const out = new Uint8ClampedArray(data.length);
	for (let i = 0; i < data.length; i += 4) {
		const alpha = data[i + 3];
		if (alpha === 255) {
			out[i] = data[i];
			out[i + 1] = data[i + 1];
			out[i + 2] = data[i + 2];
		} else {
			const white = 255 - alpha;
			// Rounded (x + 127) / 255: exact for alpha 0 (white) and 255 (unchanged).
			out[i] = (data[i] * alpha + 255 * white + 127) / 255;
			out[i + 1] = (data[i + 1] * alpha + 255 * white + 127) / 255;
			out[i + 2] = (data[i + 2] * alpha + 255 * white + 127) / 255;
		}
		out[i + 3] = 255;
	}
	return out;
}

/**
 * A copy of exactly these bytes as an ArrayBuffer: the codecs take ArrayBuffers, and a Buffer is often a view into a
 * larger pool (and its `slice` does not copy, so `new Uint8Array(bytes)` is used).
 */
function exactBuffer(bytes: Uint8Array): ArrayBuffer {
	return new Uint8Array(bytes).buffer;
}
