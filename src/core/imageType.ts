/**
 * Image type detection from magic bytes. File extensions lie (a `.png` holding JPEG is common), and Gemini 3 models
 * return JPEG whatever the request said, so every saved or sent image is typed by its content.
 */

export interface ImageType {
	readonly mimeType: 'image/png' | 'image/jpeg' | 'image/webp' | 'image/heic' | 'image/heif' | 'image/gif' | 'image/tiff' | 'image/svg+xml' | 'image/bmp';
	readonly extension: string;
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
	if (startsWith(bytes, PNG)) {
		return { mimeType: 'image/png', extension: 'png' };
	}
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
		return { mimeType: 'image/jpeg', extension: 'jpg' };
	}
	if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') {
		return { mimeType: 'image/webp', extension: 'webp' };
	}
	if (ascii(bytes, 4, 4) === 'ftyp') {
		const brand = ascii(bytes, 8, 4);
		if (['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx'].includes(brand)) {
			return { mimeType: 'image/heic', extension: 'heic' };
		}
		if (['mif1', 'msf1', 'heif'].includes(brand)) {
			return { mimeType: 'image/heif', extension: 'heif' };
		}
	}
	if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') {
		return { mimeType: 'image/gif', extension: 'gif' };
	}
	if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
		return { mimeType: 'image/tiff', extension: 'tiff' };
	}
	if (ascii(bytes, 0, 2) === 'BM' && bytes.length > 26) {
		return { mimeType: 'image/bmp', extension: 'bmp' };
	}
	const head = ascii(bytes, 0, Math.min(bytes.length, 512)).trimStart().toLowerCase();
	if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) {
		return { mimeType: 'image/svg+xml', extension: 'svg' };
	}
	return undefined;
}

/** Output types the extension saves: what Gemini image models return. */
export function isSavableImageType(type: ImageType | undefined): boolean {
	return type?.mimeType === 'image/png' || type?.mimeType === 'image/jpeg' || type?.mimeType === 'image/webp';
}

/**
 * The most pixels an image may have before anything decodes it or holds it: Gemini's largest image is 4K (about 16.8
 * million pixels at 1:1); 64 million leaves room for what comes next. Replies (src/gemini/responseParser.ts) and the
 * codecs (src/codecs/) both check a header against it.
 */
export const MAX_IMAGE_PIXELS = 64_000_000;

export interface ImageDimensions {
	readonly width: number;
	readonly height: number;
}

/** Reads width and height from a PNG IHDR or JPEG SOF header; undefined for other or damaged data. */
export function readImageDimensions(bytes: Uint8Array): ImageDimensions | undefined {
	if (startsWith(bytes, PNG) && bytes.length >= 24) {
		const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		return { width: view.getUint32(16), height: view.getUint32(20) };
	}
	if (bytes.length >= 30 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') {
		// https://developers.google.com/speed/webp/docs/riff_container
		const chunk = ascii(bytes, 12, 4);
		if (chunk === 'VP8X') {
			return { width: 1 + (bytes[24] | (bytes[25] << 8) | (bytes[26] << 16)), height: 1 + (bytes[27] | (bytes[28] << 8) | (bytes[29] << 16)) };
		}
		if (chunk === 'VP8 ') {
			return { width: (bytes[26] | (bytes[27] << 8)) & 0x3fff, height: (bytes[28] | (bytes[29] << 8)) & 0x3fff };
		}
		if (chunk === 'VP8L' && bytes[20] === 0x2f) {
			const bits = bytes[21] | (bytes[22] << 8) | (bytes[23] << 16) | (bytes[24] << 24);
			return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
		}
		return undefined;
	}
	if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
		let offset = 2;
		while (offset + 9 < bytes.length) {
			if (bytes[offset] !== 0xff) {
				return undefined;
			}
			const marker = bytes[offset + 1];
			if (marker === 0xff) {
				offset++;
				continue;
			}
			const length = (bytes[offset + 2] << 8) | bytes[offset + 3];
			const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
			if (isStartOfFrame) {
				return { height: (bytes[offset + 5] << 8) | bytes[offset + 6], width: (bytes[offset + 7] << 8) | bytes[offset + 8] };
			}
			offset += 2 + length;
		}
	}
	return undefined;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
	return bytes.length >= prefix.length && prefix.every((value, index) => bytes[index] === value);
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
	let text = '';
	for (let i = start; i < start + length && i < bytes.length; i++) {
		text += String.fromCharCode(bytes[i]);
	}
	return text;
}
