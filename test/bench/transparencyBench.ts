// `npm run bench` (also alone: `npm run bench -- --transparency-only`): the transparency step on a 2048×2048 image in
// plain Node, both methods (src/imageTools/matting.ts), pixels only and with the PNG decode/encode of a real run
// (the fake's white/black backdrops, test/fake-gemini/backgrounds.ts). Median of 5 runs after one warm-up.
//   node out/test/bench/transparencyBench.js
import { decodeImage, encodeImage } from '../../src/codecs/imageCodecs';
import { differenceMatte, keyMatte, verifyTransparency } from '../../src/imageTools/matting';
import { renderBackdropImage } from '../fake-gemini/backgrounds';

const SIZE = 2048;
const RUNS = 5;

async function median(run: () => unknown): Promise<number> {
	await run();
	const times: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const started = performance.now();
		await run();
		times.push(performance.now() - started);
	}
	return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

export async function runTransparencyBench(): Promise<Record<string, number>> {
	const subject = [40, 120, 200] as const;
	const whitePng = renderBackdropImage('image/png', SIZE, SIZE, { background: 'white', subject });
	const blackPng = renderBackdropImage('image/png', SIZE, SIZE, { background: 'black', subject });
	const white = await decodeImage(whitePng);
	const black = await decodeImage(blackPng);
	const results = {
		differenceMatteMs: await median(() => differenceMatte(white, black)),
		keyMatteMs: await median(() => keyMatte(white)),
		differenceWithCodecsMs: await median(async () => {
			const [w, b] = await Promise.all([decodeImage(whitePng), decodeImage(blackPng)]);
			const matte = differenceMatte(w, b);
			verifyTransparency(matte);
			return encodeImage(matte, 'image/png');
		}),
		keyWithCodecsMs: await median(async () => {
			const matte = keyMatte(await decodeImage(whitePng));
			verifyTransparency(matte);
			return encodeImage(matte, 'image/png');
		}),
	};
	return Object.fromEntries(Object.entries(results).map(([key, value]) => [key, Math.round(value)]));
}

if (require.main === module) {
	void runTransparencyBench().then(
		(results) => {
			console.log(`Transparency at ${SIZE}×${SIZE} (median of ${RUNS}, ms): ${JSON.stringify(results)}`);
		},
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
