/**
 * Decoding and encoding PNG, JPEG and WebP without native code: the Squoosh codecs repackaged as `@jsquash/png`,
 * `@jsquash/jpeg` and `@jsquash/webp` (wasm, Apache-2.0), loaded on first use by ./wasmLoader.ts. Input is typed by its
 * bytes, never by a file name, and its header is checked against MAX_IMAGE_PIXELS before anything is decoded.
 * No `vscode`: the callers read and write the files.
 */
import { ImageStudioError, errorMessage } from '../core/errors';
import { MAX_IMAGE_PIXELS, readImageDimensions, sniffImageType } from '../core/imageType';
import type { CodecMimeType, RgbaImage } from './codecTypes';
import { loadDecoder, loadEncoder } from './wasmLoader';

export type { CodecMimeType, RgbaImage } from './codecTypes';

export interface EncodeOptions {
	/** JPEG and WebP quality, 1–100 (default 90). PNG is lossless and ignores it. */
	readonly quality?: number;
}

export const DEFAULT_QUALITY = 90;

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
		const what = type ? `a ${type.extension.toUpperCase()} image` : 'not a PNG, JPEG or WebP image';
		throw new ImageStudioError('inputImage', `The image cannot be converted: it is ${what}. Only PNG, JPEG and WebP images can be read.`);
	}
	const label = LABELS[type.mimeType];
	const dimensions = readImageDimensions(bytes);
	if (!dimensions || dimensions.width === 0 || dimensions.height === 0) {
		throw new ImageStudioError('inputImage', `The ${label} image cannot be read: its header gives no size (the file is damaged or cut short).`);
	}
	if (dimensions.width * dimensions.height > MAX_IMAGE_PIXELS) {
		throw new ImageStudioError(
			'inputImage',
			`The ${label} image is ${dimensions.width}×${dimensions.height} pixels, more than the ${Math.round(MAX_IMAGE_PIXELS / 1e6)} million this extension reads. Nothing was decoded.`,
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
			`The ${LABELS[mimeType]} image could not be decoded: the file is damaged or uses a form the decoder does not read.`,
			{
				detail: errorMessage(error),
				cause: error,
			},
		);
	}
	const { width, height, data } = decoded;
	if (!(data instanceof Uint8ClampedArray) || data.length !== width * height * 4) {
		throw new ImageStudioError('inputImage', `The ${LABELS[mimeType]} image could not be decoded: the decoder returned no RGBA pixels.`, {
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
		throw new ImageStudioError('invalidInput', `Images can be written as PNG, JPEG or WebP, not ${String(mimeType)}.`);
	}
	const { width, height, data } = image;
	if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || data.length !== width * height * 4) {
		throw new ImageStudioError(
			'invalidInput',
			`The pixels to encode do not match their size (${width}×${height} needs ${width * height * 4} values, got ${data.length}).`,
		);
	}
	if (width * height > MAX_IMAGE_PIXELS) {
		throw new ImageStudioError(
			'invalidInput',
			`An image of ${width}×${height} pixels is more than the ${Math.round(MAX_IMAGE_PIXELS / 1e6)} million this extension writes.`,
		);
	}
	const quality = options.quality ?? DEFAULT_QUALITY;
	if (!Number.isFinite(quality) || quality < 1 || quality > 100) {
		throw new ImageStudioError('invalidInput', `Quality must be between 1 and 100, not ${quality}.`);
	}
	const encode = await loadEncoder(mimeType);
	// The PNG glue encodes the whole buffer under `data`, so a view into a larger buffer is copied out first.
	const pixels =
		mimeType === 'image/jpeg' ? flattenOntoWhite(data) : data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
	try {
		return new Uint8Array(await encode({ width, height, data: pixels }, Math.round(quality)));
	} catch (error) {
		throw new ImageStudioError('writeFailed', `The image could not be encoded as ${LABELS[mimeType]}.`, { detail: errorMessage(error), cause: error });
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
