// The backdrop behaviour (backgrounds.ts): a prompt asking for a pure white or pure black background gets one centred
// disc on exactly that colour, the same disc in both, so difference matting of the pair recovers its known alpha.
import * as assert from 'node:assert/strict';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { backdropAlpha } from '../backgrounds';
import { renderFakeImage } from '../images';
import { useFake } from './helpers';

const WHITE = 'Place this exact subject on a pure white #FFFFFF background. Keep the subject identical.';
const BLACK = 'Place this exact subject on a pure black #000000 background. Keep the subject identical.';

function decode(mimeType: string, base64: string): { width: number; height: number; data: Uint8Array } {
	const bytes = Buffer.from(base64, 'base64');
	return mimeType === 'image/png' ? PNG.sync.read(bytes) : jpeg.decode(bytes, { useTArray: true });
}

describe('fake gemini: subjects on pure white and pure black', () => {
	const { fake, ai } = useFake();
	const input = renderFakeImage('image/png', 64, 48, 7);

	async function render(model: string, prompt: string, inputImage: Buffer = input, mimeType = 'image/png') {
		const res = await ai().models.generateContent({
			model,
			contents: [{ role: 'user', parts: [{ text: prompt }, { inlineData: { mimeType, data: inputImage.toString('base64') } }] }],
			config: { responseModalities: ['IMAGE'], imageConfig: { aspectRatio: '4:3', imageSize: '1K' } },
		});
		const part = res.candidates?.[0]?.content?.parts?.find((p) => p.inlineData);
		assert.ok(part?.inlineData?.data && part.inlineData.mimeType);
		return { mimeType: part.inlineData.mimeType, base64: part.inlineData.data, image: decode(part.inlineData.mimeType, part.inlineData.data) };
	}

	for (const output of ['image/png', 'image/jpeg'] as const) {
		it(`${output}: the white/black pair differs only by the background, in the model's output type, so alpha is known`, async () => {
			const model = 'gemini-3-pro-image';
			fake.options.modelMime = { [model]: output };
			const white = await render(model, WHITE);
			const black = await render(model, BLACK);
			assert.equal(white.mimeType, output);
			assert.equal(black.mimeType, output);
			const { width, height } = white.image;
			assert.deepEqual([black.image.width, black.image.height], [width, height]);
			const tolerance = white.mimeType === 'image/png' ? 0.01 : 0.08;
			let worst = 0;
			let partial = 0;
			for (let y = 0; y < height; y++) {
				for (let x = 0; x < width; x++) {
					const i = (y * width + x) * 4;
					const d = Math.hypot(
						white.image.data[i] - black.image.data[i],
						white.image.data[i + 1] - black.image.data[i + 1],
						white.image.data[i + 2] - black.image.data[i + 2],
					);
					const expected = backdropAlpha(width, height, x, y);
					worst = Math.max(worst, Math.abs(1 - d / (Math.sqrt(3) * 255) - expected));
					partial += expected > 0 && expected < 1 ? 1 : 0;
				}
			}
			assert.ok(worst <= tolerance, `alpha from the pair within ${tolerance} of the disc's coverage (worst ${worst.toFixed(3)})`);
			assert.ok(partial > 0, 'the disc has a soft edge');
			const corner = white.image.data.slice(0, 3);
			assert.deepEqual(
				[...corner].map((v) => v > 245),
				[true, true, true],
				'the white render has a white corner',
			);
			assert.deepEqual(
				[...black.image.data.slice(0, 3)].map((v) => v < 10),
				[true, true, true],
				'the black render has a black corner',
			);
		});
	}

	it('the white render sent back as input gives a black render with the same subject colour', async () => {
		fake.options.modelMime = { 'gemini-3-pro-image': 'image/png' };
		const white = await render('gemini-3-pro-image', WHITE);
		const again = await render('gemini-3-pro-image', BLACK, Buffer.from(white.base64, 'base64'), white.mimeType);
		const centre = (image: { width: number; height: number; data: Uint8Array }) => {
			const i = (Math.floor(image.height / 2) * image.width + Math.floor(image.width / 2)) * 4;
			return [...image.data.slice(i, i + 3)];
		};
		assert.deepEqual(centre(again.image), centre(white.image));
	});

	it('other prompts and scripted seeds still get the usual fake image', async () => {
		fake.enqueue({ kind: 'image', seed: 5 });
		const seeded = await render('gemini-3-pro-image', WHITE);
		assert.equal(seeded.base64, renderFakeImage('image/jpeg', 1024, 768, 5).toString('base64'));
		const plain = await render('gemini-3-pro-image', 'make it blue');
		assert.notEqual(plain.image.data[0] === 255 && plain.image.data[1] === 255 && plain.image.data[2] === 255, true);
	});
});
