// Matting (src/imageTools/matting.ts) on synthetic images with a known alpha: a disc with a soft edge composited on
// white, on black and on a flat colour, and the refusals when a result is no cut-out.
import * as assert from 'assert';
import type { RgbaImage } from '../../src/codecs/codecTypes';
import { ImageStudioError } from '../../src/core/errors';
import { assertUsableTransparency, differenceMatte, estimateBackground, keyMatte, verifyTransparency } from '../../src/imageTools/matting';

const W = 96;
const H = 72;
const SUBJECT: [number, number, number] = [200, 60, 30];

/** The disc's true alpha: radius 22, centred, with an edge `soft` pixels wide. */
function coverage(x: number, y: number, soft = 3): number {
	const distance = Math.hypot(x + 0.5 - W / 2, y + 0.5 - H / 2);
	return Math.min(1, Math.max(0, (22 - distance) / soft + 0.5));
}

/** The disc (colour `subject`, alpha `coverage`) over an opaque background, with optional ±noise. */
function composite(background: readonly number[], options: { noise?: number; subject?: readonly number[]; soft?: number } = {}): RgbaImage {
	const subject = options.subject ?? SUBJECT;
	const data = new Uint8ClampedArray(W * H * 4);
	let seed = 12345;
	const noise = () => {
		seed = (seed * 1103515245 + 12345) >>> 0;
		return options.noise ? ((seed >>> 16) / 65536 - 0.5) * 2 * options.noise : 0;
	};
	for (let y = 0; y < H; y++) {
		for (let x = 0; x < W; x++) {
			const a = coverage(x, y, options.soft);
			const i = (y * W + x) * 4;
			for (let c = 0; c < 3; c++) {
				data[i + c] = Math.round(subject[c] * a + background[c] * (1 - a) + noise());
			}
			data[i + 3] = 255;
		}
	}
	return { width: W, height: H, data };
}

/** Mean and worst |alpha − truth| in 0–1 over the pixels `where` selects. */
function alphaError(image: RgbaImage, where: (truth: number) => boolean = () => true, soft = 3): { mean: number; worst: number; n: number } {
	let sum = 0;
	let worst = 0;
	let n = 0;
	for (let y = 0; y < H; y++) {
		for (let x = 0; x < W; x++) {
			const truth = coverage(x, y, soft);
			if (!where(truth)) {
				continue;
			}
			const error = Math.abs(image.data[(y * W + x) * 4 + 3] / 255 - truth);
			sum += error;
			worst = Math.max(worst, error);
			n++;
		}
	}
	return { mean: sum / n, worst, n };
}

function pixel(image: RgbaImage, x: number, y: number): number[] {
	const i = (y * image.width + x) * 4;
	return [...image.data.slice(i, i + 4)];
}

describe('matting: difference (white and black renders)', () => {
	it('recovers the known alpha exactly enough, soft edge included, and un-premultiplies the colour', () => {
		const result = differenceMatte(composite([255, 255, 255]), composite([0, 0, 0]));
		const all = alphaError(result);
		assert.ok(all.worst <= 0.035, `worst alpha error ${all.worst.toFixed(3)}`);
		const edge = alphaError(result, (truth) => truth > 0.1 && truth < 0.9);
		assert.ok(edge.n > 20 && edge.mean < 0.01, `edge alpha recovered (${edge.n} px, mean error ${edge.mean.toFixed(4)})`);
		assert.deepEqual(pixel(result, W / 2, H / 2), [...SUBJECT, 255], 'the centre is the subject, opaque');
		assert.deepEqual(pixel(result, 0, 0), [0, 0, 0, 0], 'the corner is transparent');
		// A half-covered edge pixel keeps the subject's colour, not a grey mix.
		for (let x = 0; x < W; x++) {
			const truth = coverage(x, H / 2);
			if (truth > 0.3 && truth < 0.7) {
				const [r, g, b] = pixel(result, x, H / 2);
				assert.ok(Math.abs(r - SUBJECT[0]) <= 3 && Math.abs(g - SUBJECT[1]) <= 3 && Math.abs(b - SUBJECT[2]) <= 3, `edge colour ${r},${g},${b}`);
			}
		}
		const check = verifyTransparency(result);
		assert.ok(check.hasAlpha && check.opaquePixels > 0 && check.transparentPixels > 0 && check.partial > 0, JSON.stringify(check));
	});

	it('tolerates render noise (JPEG-like ±4): background stays transparent, interior opaque', () => {
		const result = differenceMatte(composite([255, 255, 255], { noise: 4 }), composite([0, 0, 0], { noise: 4 }));
		assert.ok(alphaError(result).mean < 0.02);
		assert.strictEqual(alphaError(result, (truth) => truth === 0).worst, 0, 'background exactly transparent');
		assert.strictEqual(alphaError(result, (truth) => truth === 1).worst, 0, 'interior exactly opaque');
	});

	it('refuses renders of different sizes, naming the key as the alternative', () => {
		const small: RgbaImage = { width: 2, height: 2, data: new Uint8ClampedArray(16) };
		assert.throws(
			() => differenceMatte(composite([255, 255, 255]), small),
			(error: unknown) => error instanceof ImageStudioError && /differ in size \(96×72 and 2×2\)/.test(error.message) && /"key"/.test(error.message),
		);
	});
});

describe('matting: flat-colour key', () => {
	it('estimates the background from the border (median), ignoring a subject that touches it', () => {
		const image = composite([40, 180, 90], { noise: 3 });
		assert.deepEqual(
			estimateBackground(image).map((v, c) => Math.abs(v - [40, 180, 90][c]) <= 3),
			[true, true, true],
		);
	});

	for (const background of [
		[255, 255, 255],
		[0, 255, 0],
		[30, 30, 40],
	]) {
		it(`keys a disc off ${background.join(',')}: transparent outside, opaque inside, partial soft edge close to the truth, de-spilled`, () => {
			const result = keyMatte(composite(background, { noise: 2 }));
			assert.strictEqual(alphaError(result, (truth) => truth === 0).worst, 0, 'background transparent');
			assert.strictEqual(alphaError(result, (truth) => truth === 1).worst, 0, 'interior opaque');
			const edge = alphaError(result, (truth) => truth > 0.15 && truth < 0.85);
			assert.ok(edge.mean < 0.12, `edge alpha mean error ${edge.mean.toFixed(3)} over ${edge.n} px`);
			const check = verifyTransparency(result);
			assert.ok(check.partial > 0, 'soft edges are partly transparent');
			// De-spill: a half-covered pixel's colour is the subject's, not half background.
			for (let x = 0; x < W; x++) {
				const truth = coverage(x, H / 2);
				if (truth > 0.35 && truth < 0.65) {
					const [r, g, b] = pixel(result, x, H / 2);
					const off = Math.max(Math.abs(r - SUBJECT[0]), Math.abs(g - SUBJECT[1]), Math.abs(b - SUBJECT[2]));
					assert.ok(off <= 40, `edge colour ${r},${g},${b} near the subject (off by ${off})`);
				}
			}
		});
	}

	it('takes an explicit background and thresholds', () => {
		const result = keyMatte(composite([255, 255, 255]), { background: [255, 255, 255], lowThreshold: 10, highThreshold: 50 });
		assert.deepEqual(pixel(result, 0, 0), [0, 0, 0, 0]);
		assert.deepEqual(pixel(result, W / 2, H / 2), [...SUBJECT, 255]);
	});
});

describe('matting: verifyTransparency and the refusals', () => {
	const flat = (alpha: number): RgbaImage => {
		const data = new Uint8ClampedArray(4 * 4 * 4);
		for (let i = 0; i < data.length; i += 4) {
			data.set([10, 20, 30, alpha], i);
		}
		return { width: 4, height: 4, data };
	};

	it('counts opaque, transparent and partial pixels', () => {
		const image = flat(255);
		image.data[3] = 0;
		image.data[7] = 128;
		assert.deepEqual(verifyTransparency(image), { hasAlpha: true, opaquePixels: 14, transparentPixels: 1, partial: 1, totalPixels: 16 });
		assert.deepEqual(verifyTransparency(flat(255)), { hasAlpha: false, opaquePixels: 16, transparentPixels: 0, partial: 0, totalPixels: 16 });
	});

	it('refuses an all-opaque result, saying what to try', () => {
		assert.throws(
			() => assertUsableTransparency(verifyTransparency(flat(255)), 'key'),
			(error: unknown) => error instanceof ImageStudioError && /every pixel stayed opaque/.test(error.message) && /"difference"/.test(error.message),
		);
		// A photo with no flat background: the key finds the "background" everywhere or nowhere.
		assert.throws(() => assertUsableTransparency(verifyTransparency(keyMatte(flat(255))), 'key'), ImageStudioError);
	});

	it('refuses an all-transparent result, saying what to try', () => {
		assert.throws(
			() => assertUsableTransparency(verifyTransparency(flat(0)), 'difference'),
			(error: unknown) => error instanceof ImageStudioError && /every pixel became transparent/.test(error.message) && /"key"/.test(error.message),
		);
		// Two identical white renders: no subject survives difference matting.
		const white = composite([255, 255, 255], { subject: [255, 255, 255] });
		assert.throws(() => assertUsableTransparency(verifyTransparency(differenceMatte(white, white)), 'difference'), ImageStudioError);
	});

	it('accepts a real cut-out', () => {
		assertUsableTransparency(verifyTransparency(differenceMatte(composite([255, 255, 255]), composite([0, 0, 0]))), 'difference');
	});
});
