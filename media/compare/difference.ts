// Pixel difference of two equally sized RGBA buffers. Pure (no DOM) so it stays cheap to reason about: the
// per-pixel magnitudes and the dimmed base are computed once per image pair, and a threshold change only
// repaints (one pass) while the count comes from the histogram.

export interface RgbaBuffer {
	readonly width: number;
	readonly height: number;
	/** Unpremultiplied RGBA, as `getImageData` returns it. */
	readonly data: Uint8ClampedArray;
}

export interface DifferenceData {
	readonly width: number;
	readonly height: number;
	/** Per pixel: the largest absolute channel difference (0–255). */
	readonly magnitude: Uint8Array;
	/** `histogram[m]`: how many pixels have magnitude m. */
	readonly histogram: Uint32Array;
	/** The "before" image as dimmed grayscale RGBA, the backdrop the changed pixels are painted over. */
	readonly base: Uint8ClampedArray;
}

/** The colour changed pixels are painted in: vivid magenta, which neither a grayscale base nor most photos contain. */
export const CHANGED_COLOUR: readonly [number, number, number] = [255, 0, 255];

export function computeDifference(before: RgbaBuffer, after: RgbaBuffer): DifferenceData {
	if (before.width !== after.width || before.height !== after.height) {
		throw new Error(`computeDifference needs equal sizes (${before.width}×${before.height} vs ${after.width}×${after.height}).`);
	}
	const { width, height } = before;
	const count = width * height;
	const a = before.data;
	const b = after.data;
	const magnitude = new Uint8Array(count);
	const histogram = new Uint32Array(256);
	const base = new Uint8ClampedArray(count * 4);
	for (let p = 0, i = 0; p < count; p++, i += 4) {
		const alphaA = a[i + 3];
		const alphaB = b[i + 3];
		let m = 0;
		// Two fully transparent pixels are equal whatever colour their invisible channels hold.
		if (alphaA !== 0 || alphaB !== 0) {
			m = Math.max(Math.abs(a[i] - b[i]), Math.abs(a[i + 1] - b[i + 1]), Math.abs(a[i + 2] - b[i + 2]), Math.abs(alphaA - alphaB));
		}
		magnitude[p] = m;
		histogram[m]++;
		// Luma over a mid-gray backdrop for transparency, then dimmed so the highlight stands out.
		const luma = 0.299 * a[i] + 0.587 * a[i + 1] + 0.114 * a[i + 2];
		const over = (luma * alphaA + 128 * (255 - alphaA)) / 255;
		const dimmed = 24 + over * 0.4;
		base[i] = dimmed;
		base[i + 1] = dimmed;
		base[i + 2] = dimmed;
		base[i + 3] = 255;
	}
	return { width, height, magnitude, histogram, base };
}

/** How many pixels differ by more than `threshold` (0–255). */
export function countChanged(data: DifferenceData, threshold: number): number {
	let changed = 0;
	for (let m = Math.max(0, Math.floor(threshold) + 1); m < 256; m++) {
		changed += data.histogram[m];
	}
	return changed;
}

/** Paints the mask into `out` (RGBA, same size): changed pixels in `colour`, the rest the dimmed base. */
export function paintDifference(
	data: DifferenceData,
	threshold: number,
	out: Uint8ClampedArray,
	colour: readonly [number, number, number] = CHANGED_COLOUR,
): void {
	const { magnitude, base } = data;
	out.set(base);
	const [r, g, b] = colour;
	for (let p = 0, i = 0; p < magnitude.length; p++, i += 4) {
		if (magnitude[p] > threshold) {
			out[i] = r;
			out[i + 1] = g;
			out[i + 2] = b;
		}
	}
}
