/**
 * Small thumbnail files of a session's images, kept beside them as `<stem>.thumb.webp`: the studio shows these for
 * older turns, so Chromium decodes a 256 px WebP rather than the full-size file (a PNG always decodes at full size,
 * however small it is drawn). WebP keeps alpha. Made with the extension's own resizer and encoder (wasm, loaded on
 * first use). No `vscode`: the session store writes the files.
 */
import { errorMessage } from '../core/errors';
import { loadImageCodecs } from '../codecs/loadCodecs';
import type { TemporaryName } from '../workspace/staleTemporaries';

/** The long side of a thumbnail, in pixels (smaller images keep their size). */
export const THUMBNAIL_SIDE = 256;
export const THUMBNAIL_QUALITY = 80;
export const THUMBNAIL_MIME_TYPE = 'image/webp';
const SUFFIX = '.thumb.webp';
/** How a thumbnail's temporary file is named (the session store's `removeStaleTemporaries` cleans up stale ones). */
export const THUMBNAIL_TEMP: TemporaryName = { prefix: '.thumbnail.', suffix: '.tmp' };

/** The thumbnail's file name for an image file of the session folder: `a-p1.png` → `a-p1.thumb.webp`. */
export function thumbnailFile(file: string): string {
	const dot = file.lastIndexOf('.');
	return `${dot > 0 ? file.slice(0, dot) : file}${SUFFIX}`;
}

export function isThumbnailFile(file: string): boolean {
	return file.endsWith(SUFFIX);
}

/** The thumbnail size of a `width`×`height` image: the long side THUMBNAIL_SIDE at most, proportions kept, ≥ 1 px. */
export function thumbnailSize(width: number, height: number): { width: number; height: number } {
	const scale = Math.min(1, THUMBNAIL_SIDE / Math.max(width, height));
	return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export type ThumbnailResult =
	{ readonly ok: true; readonly bytes: Uint8Array; readonly width: number; readonly height: number } | { readonly ok: false; readonly reason: string };

/**
 * A WebP thumbnail of the PNG, JPEG or WebP image `bytes`. Never throws: an image that cannot be read (damaged, too
 * large, another type) gives a reason instead, and the studio shows the full image.
 */
export async function makeThumbnail(bytes: Uint8Array): Promise<ThumbnailResult> {
	try {
		const codecs = loadImageCodecs();
		const image = await codecs.decodeImage(bytes);
		const size = thumbnailSize(image.width, image.height);
		const small = size.width === image.width && size.height === image.height ? image : await codecs.resizeImage(image, size.width, size.height);
		const encoded = await codecs.encodeImage(small, THUMBNAIL_MIME_TYPE, { quality: THUMBNAIL_QUALITY });
		return { ok: true, bytes: encoded, width: size.width, height: size.height };
	} catch (error) {
		return { ok: false, reason: errorMessage(error) };
	}
}
