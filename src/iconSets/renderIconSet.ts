/**
 * The pixels of an icon set, without `vscode` (the bench runs it in plain Node): decode once, centre a non-square
 * source on a transparent square, resample every size needed in one pass (src/codecs/ resizeImageToSizes), encode
 * PNGs, pack favicon.ico, flatten the Apple touch icon onto white. Returns the files to write, in order.
 */
import * as l10n from '@vscode/l10n';
import { loadImageCodecs } from '../codecs/loadCodecs';
import type { RgbaImage } from '../codecs/codecTypes';
import { ImageStudioError } from '../core/errors';
import { APPLE_TOUCH_SIZE, EXTENSION_ICON_SIZES, FAVICON_SIZES, MANIFEST_SIZES, manifestSnippet } from './iconSetRules';

export interface IconSetFile {
	readonly name: string;
	readonly bytes: Uint8Array;
}

export interface RenderedIconSet {
	readonly files: IconSetFile[];
	/** What the user should know: a non-square source padded, upscaled sizes. */
	readonly notes: string[];
	/** The source's size. */
	readonly width: number;
	readonly height: number;
}

/** The source's type and size from its header; refuses what is not a PNG, JPEG or WebP image, or has too many pixels. */
export function checkedHeader(name: string, bytes: Uint8Array): { readonly width: number; readonly height: number } {
	try {
		const { width, height } = loadImageCodecs().checkDecodable(bytes);
		return { width, height };
	} catch (error) {
		throw error instanceof ImageStudioError ? new ImageStudioError(error.code, `${name}: ${error.message}`, error.options) : error;
	}
}

/**
 * The files of the icon set of `bytes` (named `name` in messages): `icon-<size>.png` for `sizes` plus 192 and 512
 * (the manifest's), `favicon.ico` (16, 32, 48), `apple-touch-icon.png` (180, opaque), `extension-icon-128.png`,
 * `extension-icon-256.png` and `manifest.webmanifest`.
 */
export async function renderIconSet(bytes: Uint8Array, name: string, sizes: readonly number[]): Promise<RenderedIconSet> {
	const codecs = loadImageCodecs();
	checkedHeader(name, bytes);
	const notes: string[] = [];
	const decoded = await codecs.decodeImage(bytes);
	let square: RgbaImage = decoded;
	if (decoded.width !== decoded.height) {
		square = codecs.padToSquare(decoded);
		notes.push(
			l10n.t(
				'{0} is {1}×{2}, not square: it was centred on a transparent {3}×{4} square, not stretched.',
				name,
				decoded.width,
				decoded.height,
				square.width,
				square.height,
			),
		);
	}
	const pngSizes = [...new Set([...sizes, ...MANIFEST_SIZES])].sort((a, b) => a - b);
	const needed = [...new Set([...pngSizes, ...FAVICON_SIZES, APPLE_TOUCH_SIZE, ...EXTENSION_ICON_SIZES])].sort((a, b) => b - a);
	const shorter = Math.min(decoded.width, decoded.height);
	const upscaled = needed.filter((size) => size > shorter).sort((a, b) => a - b);
	if (upscaled.length > 0) {
		notes.push(
			l10n.t(
				'{0} is only {1} px on its shorter side: {2} px are upscaled and will look soft. Use a larger source for crisp icons.',
				name,
				shorter,
				upscaled.join(', '),
			),
		);
	}
	const resized = await codecs.resizeImageToSizes(
		square,
		needed.map((size) => ({ width: size, height: size })),
	);
	const pixels = new Map(needed.map((size, index) => [size, resized[index]]));
	const png = new Map<number, Uint8Array>();
	for (const size of needed) {
		png.set(size, await codecs.encodeImage(pixels.get(size)!, 'image/png'));
	}
	const apple = pixels.get(APPLE_TOUCH_SIZE)!;
	const files: IconSetFile[] = [
		...pngSizes.map((size) => ({ name: `icon-${size}.png`, bytes: png.get(size)! })),
		{ name: 'favicon.ico', bytes: codecs.encodeIco(FAVICON_SIZES.map((size) => ({ size, bytes: png.get(size)! }))) },
		{ name: 'apple-touch-icon.png', bytes: await codecs.encodeImage({ ...apple, data: codecs.flattenOntoWhite(apple.data) }, 'image/png') },
		...EXTENSION_ICON_SIZES.map((size) => ({ name: `extension-icon-${size}.png`, bytes: png.get(size)! })),
		{ name: 'manifest.webmanifest', bytes: new TextEncoder().encode(manifestSnippet()) },
	];
	return { files, notes, width: decoded.width, height: decoded.height };
}
