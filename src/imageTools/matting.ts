/**
 * Real transparency for images that have none (Gemini outputs no alpha). Two ways, both on 8-bit RGBA pixels:
 *
 * - **Difference matting**: the same subject rendered once on pure white and once on pure black. Where the two agree
 *   the pixel is opaque; where they differ by the full white–black distance it is background. In between, the
 *   difference is exactly `(1 − alpha)` times the background difference, so alpha is recovered per pixel, hair and
 *   glass included, and the colour is un-premultiplied.
 * - **Flat-colour key**: one image on a flat background. The background colour is the median of the border pixels;
 *   alpha comes from the colour distance to it (soft ramp between two thresholds), refined at the edge by projecting
 *   each pixel onto the line between the background and the nearby interior colour; the edge colour is de-spilled by
 *   taking the background back out of it.
 *
 * Pure: no `vscode`, no codecs (callers decode and encode with src/codecs/).
 */
import * as l10n from '@vscode/l10n';
import { ImageStudioError } from '../core/errors';
import type { RgbaImage } from '../codecs/codecTypes';

/** What an image's alpha channel holds. */
export interface TransparencyCheck {
	/** Some pixel is not fully opaque. */
	readonly hasAlpha: boolean;
	readonly opaquePixels: number;
	readonly transparentPixels: number;
	/** Pixels neither fully opaque nor fully transparent (soft edges). */
	readonly partial: number;
	readonly totalPixels: number;
}

/** The largest RGB distance: white to black. */
const FULL_DISTANCE = Math.sqrt(3) * 255;

/**
 * Difference matting below this alpha is background noise (JPEG ringing, a background a shade off pure), above its
 * complement it is solid: about 3 % either way, so a white of 250 and a black of 5 still count as background.
 */
const SNAP = 0.03;

/**
 * Recovers alpha from the same subject on pure white (`onWhite`) and pure black (`onBlack`):
 * `alpha = 1 − |white − black| / |#FFFFFF − #000000|` per pixel (Euclidean RGB distance). The colour is the mean of
 * the two un-premultiplied estimates, `black / alpha` and `(white − (1 − alpha)·255) / alpha`, clamped to 0–255 (the
 * mean halves the noise of one render; on exact input both are equal). Throws when the sizes differ.
 */
export function differenceMatte(onWhite: RgbaImage, onBlack: RgbaImage): RgbaImage {
	if (onWhite.width !== onBlack.width || onWhite.height !== onBlack.height) {
		throw new ImageStudioError(
			'badResponse',
			l10n.t(
				'The white and black renders differ in size ({0} and {1}), so they cannot be matted. Try again, or use the flat-colour key (method "key").',
				`${onWhite.width}×${onWhite.height}`,
				`${onBlack.width}×${onBlack.height}`,
			),
		);
	}
	const white = onWhite.data;
	const black = onBlack.data;
	const out = new Uint8ClampedArray(white.length);
	for (let i = 0; i < white.length; i += 4) {
		const dr = white[i] - black[i];
		const dg = white[i + 1] - black[i + 1];
		const db = white[i + 2] - black[i + 2];
		let alpha = 1 - Math.sqrt(dr * dr + dg * dg + db * db) / FULL_DISTANCE;
		if (alpha <= SNAP) {
			continue; // Background: transparent black (already zero).
		}
		if (alpha >= 1 - SNAP) {
			alpha = 1;
		}
		const background = (1 - alpha) * 255;
		const half = 0.5 / alpha;
		out[i] = (black[i] + white[i] - background) * half;
		out[i + 1] = (black[i + 1] + white[i + 1] - background) * half;
		out[i + 2] = (black[i + 2] + white[i + 2] - background) * half;
		out[i + 3] = Math.round(alpha * 255);
	}
	return { width: onWhite.width, height: onWhite.height, data: out };
}

export interface KeyOptions {
	/** The background colour; default: the median of the border pixels (see estimateBackground). */
	readonly background?: readonly [number, number, number];
	/** RGB distance (0–441) up to which a pixel is background (default 24). */
	readonly lowThreshold?: number;
	/** RGB distance from which a pixel is subject (default 96); the ramp between the two gives soft edges. */
	readonly highThreshold?: number;
}

export const DEFAULT_KEY_LOW = 24;
export const DEFAULT_KEY_HIGH = 96;
/** How far (in pixels) an edge pixel looks for the interior colour it is a mix of. */
const EDGE_RADIUS = 4;

/** The background of a flat-background image: the per-channel median of its outermost two rows and columns. */
export function estimateBackground(image: RgbaImage): [number, number, number] {
	const { width, height, data } = image;
	const ring = Math.min(2, Math.ceil(width / 2), Math.ceil(height / 2));
	const channels: number[][] = [[], [], []];
	const take = (x: number, y: number) => {
		const i = (y * width + x) * 4;
		channels[0].push(data[i]);
		channels[1].push(data[i + 1]);
		channels[2].push(data[i + 2]);
	};
	for (let y = 0; y < height; y++) {
		const edgeRow = y < ring || y >= height - ring;
		for (let x = 0; x < width; x++) {
			if (edgeRow || x < ring || x >= width - ring) {
				take(x, y);
			}
		}
	}
	return channels.map((values) => median(values)) as [number, number, number];
}

function median(values: number[]): number {
	// Counting sort: 8-bit values, and a 4096² border holds ~32k of them.
	const counts = new Uint32Array(256);
	for (const value of values) {
		counts[value]++;
	}
	const middle = Math.floor(values.length / 2);
	let seen = 0;
	for (let value = 0; value < 256; value++) {
		seen += counts[value];
		if (seen > middle) {
			return value;
		}
	}
	return 0;
}

/**
 * Keys out a flat background. Pixels within `lowThreshold` of the background are transparent; pixels beyond
 * `highThreshold` whose neighbours are too are solid; every other pixel is an edge: its alpha is the projection of
 * `pixel − background` on `interior − background` (the interior colour is the mean of the solid pixels within
 * EDGE_RADIUS), or the smoothstep ramp between the thresholds where no interior pixel is near. Edge colours are
 * de-spilled: `background + (pixel − background) / alpha`, clamped.
 */
export function keyMatte(image: RgbaImage, options: KeyOptions = {}): RgbaImage {
	const { width, height, data } = image;
	const [kr, kg, kb] = options.background ?? estimateBackground(image);
	const low = options.lowThreshold ?? DEFAULT_KEY_LOW;
	const high = Math.max(low + 1, options.highThreshold ?? DEFAULT_KEY_HIGH);
	const pixels = width * height;
	const distance = new Float32Array(pixels);
	for (let p = 0, i = 0; p < pixels; p++, i += 4) {
		const dr = data[i] - kr;
		const dg = data[i + 1] - kg;
		const db = data[i + 2] - kb;
		distance[p] = Math.sqrt(dr * dr + dg * dg + db * db);
	}
	// Solid: beyond the high threshold with all 8 neighbours beyond it too (an edge pixel of a far colour can pass it).
	const solid = new Uint8Array(pixels);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const p = y * width + x;
			if (distance[p] < high) {
				continue;
			}
			let inside = true;
			for (let ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1) && inside; ny++) {
				for (let nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) {
					if (distance[ny * width + nx] < high) {
						inside = false;
						break;
					}
				}
			}
			solid[p] = inside ? 1 : 0;
		}
	}
	const out = new Uint8ClampedArray(data.length);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const p = y * width + x;
			const i = p * 4;
			if (solid[p]) {
				out[i] = data[i];
				out[i + 1] = data[i + 1];
				out[i + 2] = data[i + 2];
				out[i + 3] = 255;
				continue;
			}
			const d = distance[p];
			if (d <= low) {
				continue; // Background: transparent black.
			}
			let alpha = edgeAlpha(data, solid, width, height, x, y, kr, kg, kb);
			if (alpha === undefined) {
				const t = Math.min(1, (d - low) / (high - low));
				alpha = t * t * (3 - 2 * t);
			}
			if (alpha <= 1 / 255) {
				continue;
			}
			alpha = Math.min(1, alpha);
			out[i] = kr + (data[i] - kr) / alpha;
			out[i + 1] = kg + (data[i + 1] - kg) / alpha;
			out[i + 2] = kb + (data[i + 2] - kb) / alpha;
			out[i + 3] = Math.round(alpha * 255);
		}
	}
	return { width, height, data: out };
}

/** Alpha of an edge pixel as a mix of the background and the mean solid colour nearby; undefined when none is near. */
function edgeAlpha(
	data: Uint8ClampedArray,
	solid: Uint8Array,
	width: number,
	height: number,
	x: number,
	y: number,
	kr: number,
	kg: number,
	kb: number,
): number | undefined {
	let sr = 0;
	let sg = 0;
	let sb = 0;
	let n = 0;
	for (let ny = Math.max(0, y - EDGE_RADIUS); ny <= Math.min(height - 1, y + EDGE_RADIUS); ny++) {
		for (let nx = Math.max(0, x - EDGE_RADIUS); nx <= Math.min(width - 1, x + EDGE_RADIUS); nx++) {
			const q = ny * width + nx;
			if (solid[q]) {
				const j = q * 4;
				sr += data[j];
				sg += data[j + 1];
				sb += data[j + 2];
				n++;
			}
		}
	}
	if (n === 0) {
		return undefined;
	}
	const fr = sr / n - kr;
	const fg = sg / n - kg;
	const fb = sb / n - kb;
	const length2 = fr * fr + fg * fg + fb * fb;
	if (length2 < 1) {
		return undefined;
	}
	const i = (y * width + x) * 4;
	const projection = ((data[i] - kr) * fr + (data[i + 1] - kg) * fg + (data[i + 2] - kb) * fb) / length2;
	return Math.max(0, Math.min(1, projection));
}

/** Counts the opaque, transparent and partly transparent pixels. */
export function verifyTransparency(image: RgbaImage): TransparencyCheck {
	const { data } = image;
	let opaquePixels = 0;
	let transparentPixels = 0;
	for (let i = 3; i < data.length; i += 4) {
		const alpha = data[i];
		if (alpha === 255) {
			opaquePixels++;
		} else if (alpha === 0) {
			transparentPixels++;
		}
	}
	const totalPixels = data.length / 4;
	const partial = totalPixels - opaquePixels - transparentPixels;
	return { hasAlpha: opaquePixels < totalPixels, opaquePixels, transparentPixels, partial, totalPixels };
}

/**
 * Refuses a result that is not a cut-out: every pixel opaque (nothing was keyed out) or every pixel transparent
 * (the subject was lost). `method` picks the advice.
 */
export function assertUsableTransparency(check: TransparencyCheck, method: 'difference' | 'key'): void {
	const other =
		method === 'difference'
			? l10n.t(
					'Try again (Gemini may have changed the subject between the two renders), or use the flat-colour key (method "key") on an image with a plain background.',
				)
			: l10n.t(
					'The key needs a plain, flat background that touches the image border; use difference matting (method "difference"), which asks Gemini for white and black renders.',
				);
	if (check.opaquePixels === check.totalPixels) {
		throw new ImageStudioError('noImage', l10n.t('No background was found to make transparent: every pixel stayed opaque. {0}', other));
	}
	if (check.opaquePixels === 0) {
		const what = check.transparentPixels === check.totalPixels ? l10n.t('every pixel became transparent') : l10n.t('no pixel stayed opaque');
		throw new ImageStudioError('noImage', l10n.t('Nothing of the subject was kept: {0}. {1}', what, other));
	}
}
