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
	readonly sharpMs: number;
	readonly ratio: number;
	readonly oursRuns: number[];
	readonly sharpRuns: number[];
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

async function withSharp(png: Buffer): Promise<number> {
	const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
	const raw = { raw: { width: info.width, height: info.height, channels: 4 as const } };
	let files = 0;
	for (const size of SIZES) {
		await sharp(data, raw).resize(size, size, { kernel: 'lanczos3', fit: 'fill' }).png().toBuffer();
		files++;
	}
	// The Apple touch icon: 180, flattened onto white.
	await sharp(data, raw).resize(180, 180, { kernel: 'lanczos3', fit: 'fill' }).flatten({ background: '#ffffff' }).png().toBuffer();
	return files + 1;
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
	const files = await ours(png); // warm-up: wasm compiled, JIT warm
	await withSharp(png);
	const oursRuns: number[] = [];
	const sharpRuns: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		// Interleaved, so that a busy moment of the machine hits both alike.
		oursRuns.push(await time(() => ours(png)));
		sharpRuns.push(await time(() => withSharp(png)));
	}
	const oursMs = median(oursRuns);
	const sharpMs = median(sharpRuns);
	return { sourceSize: SOURCE, files, oursMs, sharpMs, ratio: oursMs / sharpMs, oursRuns, sharpRuns };
}

export function printIconSetBench(result: IconSetBenchResult): boolean {
	const ok = result.ratio <= GOAL;
	const runs = (values: number[]) => values.map((value) => Math.round(value)).join('/');
	console.log(
		`[bench] icon set from a ${result.sourceSize}² PNG (${result.files} files, ${SIZES.length} sizes): ours ${Math.round(result.oursMs)} ms, ` +
			`sharp ${Math.round(result.sharpMs)} ms (medians of ${RUNS}; ours ${runs(result.oursRuns)}, sharp ${runs(result.sharpRuns)}), ` +
			`ratio ${result.ratio.toFixed(2)}× (goal ≤ ${GOAL}×) ${ok ? '✓' : '✗'}`,
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
