// `npm run bench` (also alone: `node out/test/bench/iconSetBench.js`): the icon set pipeline from a 4096×4096 PNG
// with transparency (generated here), ours (src/iconSets/renderIconSet.ts: @jsquash decode, box halvings + Lanczos3
// wasm, PNG encode, ICO) against sharp (native libvips, dev-only reference) doing the same work: one decode, then a
// Lanczos3 resize and a PNG encode for each of the same sizes, plus the flattened Apple touch icon. Median of RUNS
// after one warm-up run each. Goal: ours ≤ 2.5× sharp.
import { performance } from 'perf_hooks';
import { ICON_SIZES } from '../../src/iconSets/iconSetRules';
import { renderIconSet } from '../../src/iconSets/renderIconSet';

// Its CommonJS entry exports the function itself; the typings TypeScript picks here name it the default export.
const sharp = require('sharp') as typeof import('sharp').default;

const SOURCE = 4096;
const RUNS = 5;
export const GOAL = 2.5;
/** Every size the set holds: the icon-<size>.png files (all offered) and the fixed members' sizes (all among them). */
const SIZES = [...ICON_SIZES].sort((a, b) => b - a);

export interface IconSetBenchResult {
	readonly sourceSize: number;
	readonly files: number;
	readonly oursMs: number;
	/** The faster of the two sharp pipelines. */
	readonly sharpMs: number;
	readonly ratio: number;
	readonly oursRuns: number[];
	readonly sharpDirectRuns: number[];
	readonly sharpCascadeRuns: number[];
	/** Total PNG bytes of the 10 sizes plus the Apple touch icon, ours and sharp's (direct). */
	readonly oursPngBytes: number;
	readonly sharpPngBytes: number;
}

async function sourcePng(): Promise<Buffer> {
	const data = Buffer.alloc(SOURCE * SOURCE * 4);
	for (let y = 0; y < SOURCE; y++) {
		for (let x = 0; x < SOURCE; x++) {
			const i = (y * SOURCE + x) * 4;
			const distance = Math.hypot(x - SOURCE / 2, y - SOURCE / 2) / (SOURCE / 2);
			data[i] = (255 * x) / SOURCE;
			data[i + 1] = 128 + 100 * Math.sin((x * y) / 40000);
			data[i + 2] = (255 * y) / SOURCE;
			data[i + 3] = distance < 0.8 ? 255 : distance < 0.9 ? 255 * (0.9 - distance) * 10 : 0;
		}
	}
	return sharp(data, { raw: { width: SOURCE, height: SOURCE, channels: 4 } })
		.png()
		.toBuffer();
}

async function ours(png: Buffer): Promise<number> {
	const set = await renderIconSet(png, 'bench.png', ICON_SIZES);
	return set.files.length;
}

/**
 * sharp, each size from the decoded source (`direct`), or like ours from one shared intermediate: the 1024 px
 * resize, every smaller size from it (`cascade`, less work, slightly softer). The faster is the reference.
 */
async function withSharp(png: Buffer, cascade: boolean): Promise<number> {
	const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
	const raw = (width: number) => ({ raw: { width, height: width, channels: 4 as const } });
	let from = { data, width: info.width };
	let bytes = 0;
	for (const size of SIZES) {
		const resized = await sharp(from.data, raw(from.width)).resize(size, size, { kernel: 'lanczos3', fit: 'fill' }).raw().toBuffer();
		bytes += (await sharp(resized, raw(size)).png().toBuffer()).length;
		if (cascade && size === 1024) {
			from = { data: resized, width: size };
		}
	}
	// The Apple touch icon: 180, flattened onto white.
	bytes += (await sharp(from.data, raw(from.width)).resize(180, 180, { kernel: 'lanczos3', fit: 'fill' }).flatten({ background: '#ffffff' }).png().toBuffer())
		.length;
	return bytes;
}

async function time(run: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await run();
	return performance.now() - started;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

export async function runIconSetBench(): Promise<IconSetBenchResult> {
	const png = await sourcePng();
	// Warm-up (wasm compiled, JIT warm), and the output sizes.
	const set = await renderIconSet(png, 'bench.png', ICON_SIZES);
	const files = set.files.length;
	const oursPngBytes = set.files.filter((file) => /^icon-\d+\.png$|^apple/.test(file.name)).reduce((sum, file) => sum + file.bytes.length, 0);
	const sharpPngBytes = await withSharp(png, false);
	await withSharp(png, true);
	const oursRuns: number[] = [];
	const sharpDirectRuns: number[] = [];
	const sharpCascadeRuns: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		// Interleaved, so that a busy moment of the machine hits all three alike.
		oursRuns.push(await time(() => ours(png)));
		sharpDirectRuns.push(await time(() => withSharp(png, false)));
		sharpCascadeRuns.push(await time(() => withSharp(png, true)));
	}
	const oursMs = median(oursRuns);
	const sharpMs = Math.min(median(sharpDirectRuns), median(sharpCascadeRuns));
	return { sourceSize: SOURCE, files, oursMs, sharpMs, ratio: oursMs / sharpMs, oursRuns, sharpDirectRuns, sharpCascadeRuns, oursPngBytes, sharpPngBytes };
}

export function printIconSetBench(result: IconSetBenchResult): boolean {
	const ok = result.ratio <= GOAL;
	const runs = (values: number[]) => values.map((value) => Math.round(value)).join('/');
	console.log(
		`[bench] icon set from a ${result.sourceSize}² PNG (${result.files} files, ${SIZES.length} sizes, medians of ${RUNS}): ours ${Math.round(result.oursMs)} ms ` +
			`(${runs(result.oursRuns)}), sharp ${Math.round(median(result.sharpDirectRuns))} ms each size from the source (${runs(result.sharpDirectRuns)}), ` +
			`${Math.round(median(result.sharpCascadeRuns))} ms cascaded from 1024 (${runs(result.sharpCascadeRuns)}); ` +
			`ratio ${result.ratio.toFixed(2)}× the faster sharp (goal ≤ ${GOAL}×) ${ok ? '✓' : '✗'}; ` +
			`PNG bytes ours ${(result.oursPngBytes / 1e6).toFixed(2)} MB, sharp ${(result.sharpPngBytes / 1e6).toFixed(2)} MB`,
	);
	return ok;
}

if (require.main === module) {
	runIconSetBench()
		.then((result) => process.exit(printIconSetBench(result) ? 0 : 1))
		.then(undefined, (error) => {
			console.error(error);
			process.exit(1);
		});
}
