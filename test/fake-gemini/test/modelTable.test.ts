// The fake validates every request by its own per-model table (modelTable.ts, from Google's pages, not from the
// extension's catalog): for each rule one request it accepts and the violating variant it rejects like Google.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GenerateContentConfig, Part, ThinkingLevel } from '@google/genai';
import { EXTENDED_ASPECT_RATIOS, MODEL_TABLE, STANDARD_ASPECT_RATIOS, findFakeModel } from '../server';
import { assertInvalidArgument, pngBase64, rejection, useFake } from './helpers';

/** A HEIC header (`ftypheic` box) that sniffs as an image. */
const HEIC = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic', 'latin1'), Buffer.alloc(40)]).toString('base64');

function images(n: number): Part[] {
	return Array.from({ length: n }, (_, i) => ({ inlineData: { mimeType: 'image/png', data: pngBase64(i + 1) } }));
}

describe('fake Gemini: per-model capabilities', function () {
	this.timeout(20000);
	const { fake, ai } = useFake();

	const generate = (model: string, config: GenerateContentConfig = {}, contents: Part[] | string = 'a lighthouse') =>
		ai().models.generateContent({ model, contents, config });

	it('is written apart from the extension: modelTable.ts imports nothing from src/', () => {
		const source = fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'test', 'fake-gemini', 'modelTable.ts'), 'utf8');
		assert.doesNotMatch(source, /^import .*from '(\.\.\/)+src\//m);
		assert.doesNotMatch(source, /^import /m, 'the table depends on nothing');
		assert.deepEqual(
			MODEL_TABLE.filter((m) => m.status === 'shutDown').map((m) => m.id),
			['gemini-2.5-flash-image', 'gemini-3-pro-image-preview', 'gemini-3.1-flash-image-preview'],
		);
		const nano = findFakeModel('gemini-nano-banana-2.1');
		assert.equal(nano?.displayName, 'Nano Banana 2.1');
		assert.match(nano?.description ?? '', /generates and edits images/);
	});

	it('aspect ratios: the 14 on Nano Banana 2.1, the standard 10 on 3 Pro Image', async () => {
		assert.equal(EXTENDED_ASPECT_RATIOS.length, 14);
		await generate('gemini-nano-banana-2.1', { imageConfig: { aspectRatio: '1:8' } });
		await generate('gemini-3-pro-image', { imageConfig: { aspectRatio: '21:9' } });
		for (const extreme of EXTENDED_ASPECT_RATIOS.filter((r) => !STANDARD_ASPECT_RATIOS.includes(r))) {
			assertInvalidArgument(
				await rejection(generate('gemini-3-pro-image', { imageConfig: { aspectRatio: extreme } })),
				/aspect_ratio: Unsupported aspect ratio/,
			);
		}
		assertInvalidArgument(await rejection(generate('gemini-nano-banana-2.1', { imageConfig: { aspectRatio: '7:5' } })), /aspect_ratio/);
	});

	it('image sizes: 512 only on 3.1 Flash Image, 1K only on Flash Lite, uppercase K', async () => {
		await generate('gemini-3.1-flash-image', { imageConfig: { imageSize: '512' } });
		await generate('gemini-nano-banana-2.1', { imageConfig: { imageSize: '4K', aspectRatio: '1:4' } });
		await generate('gemini-3.1-flash-lite-image', { imageConfig: { imageSize: '1K' } });
		assertInvalidArgument(
			await rejection(generate('gemini-nano-banana-2.1', { imageConfig: { imageSize: '512' } })),
			/image_size: Unsupported image size "512" for gemini-nano-banana-2\.1/,
		);
		assertInvalidArgument(await rejection(generate('gemini-3-pro-image', { imageConfig: { imageSize: '512' } })), /image_size/);
		assertInvalidArgument(await rejection(generate('gemini-3.1-flash-lite-image', { imageConfig: { imageSize: '2K' } })), /supported: 1K\./);
		assertInvalidArgument(await rejection(generate('gemini-nano-banana-2.1', { imageConfig: { imageSize: '2k' } })), /image_size/);
		assert.equal(fake.requests.filter((r) => r.status === 200).length, 3);
	});

	it('input images: at most 3 on Flash Lite and 14 on the others, model turns included', async () => {
		await generate('gemini-3.1-flash-lite-image', {}, [{ text: 'combine' }, ...images(3)]);
		assertInvalidArgument(
			await rejection(generate('gemini-3.1-flash-lite-image', {}, [{ text: 'combine' }, ...images(4)])),
			/4 input images; gemini-3\.1-flash-lite-image accepts at most 3/,
		);
		await generate('gemini-3-pro-image', {}, [{ text: 'combine' }, ...images(14)]);
		assertInvalidArgument(await rejection(generate('gemini-nano-banana-2.1', {}, [{ text: 'combine' }, ...images(15)])), /15 input images/);
		// Images the history carries count too (here a hand-written model turn with the documented placeholder).
		const history = ai().models.generateContent({
			model: 'gemini-3.1-flash-lite-image',
			contents: [
				{ role: 'user', parts: [{ text: 'two' }, ...images(2)] },
				{ role: 'model', parts: [{ ...images(1)[0], thoughtSignature: 'skip_thought_signature_validator' }] },
				{ role: 'user', parts: [{ text: 'one more' }, ...images(1)] },
			],
		});
		assertInvalidArgument(await rejection(history), /4 input images/);
	});

	it('input types: HEIC on the Gemini 3 models, not on Flash Lite; never SVG', async () => {
		await generate('gemini-nano-banana-2.1', {}, [{ text: 'edit' }, { inlineData: { mimeType: 'image/heic', data: HEIC } }]);
		await generate('gemini-3.1-flash-lite-image', {}, [{ text: 'edit' }, { inlineData: { mimeType: 'image/webp', data: pngBase64() } }]);
		assertInvalidArgument(
			await rejection(generate('gemini-3.1-flash-lite-image', {}, [{ text: 'edit' }, { inlineData: { mimeType: 'image/heic', data: HEIC } }])),
			/mime_type: Unsupported MIME type: image\/heic/,
		);
		assertInvalidArgument(
			await rejection(generate('gemini-3-pro-image', {}, [{ text: 'edit' }, { inlineData: { mimeType: 'image/svg+xml', data: 'PHN2Zz4=' } }])),
			/Unsupported MIME type/,
		);
		assertInvalidArgument(
			await rejection(generate('gemini-3-pro-image', {}, [{ text: 'read' }, { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } }])),
			/application\/pdf/,
		);
	});

	it('Google Search: yes on Nano Banana 2.1 and 3 Pro Image, no on Flash Lite', async () => {
		const res = await generate('gemini-nano-banana-2.1', { tools: [{ googleSearch: {} }] });
		assert.ok(res.candidates?.[0]?.groundingMetadata?.searchEntryPoint);
		await generate('gemini-3-pro-image', { tools: [{ googleSearch: {} }] });
		assertInvalidArgument(
			await rejection(generate('gemini-3.1-flash-lite-image', { tools: [{ googleSearch: {} }] })),
			/tools\[0\]\.google_search: Search Grounding is not supported for gemini-3\.1-flash-lite-image/,
		);
	});

	it("thinking levels: the model's own, as SDK enum names or REST lowercase; anything else 400", async () => {
		await generate('gemini-nano-banana-2.1', { thinkingConfig: { thinkingLevel: ThinkingLevel.MEDIUM } });
		await generate('gemini-nano-banana-2.1', { thinkingConfig: { thinkingLevel: 'minimal' as ThinkingLevel } });
		await generate('gemini-3.1-flash-image', { thinkingConfig: { thinkingLevel: ThinkingLevel.HIGH } });
		await generate('gemini-3.1-flash-lite-image', { thinkingConfig: { thinkingLevel: 'high' as ThinkingLevel } });
		await generate('gemini-3.5-flash', { thinkingConfig: { thinkingLevel: ThinkingLevel.LOW } });
		assertInvalidArgument(
			await rejection(generate('gemini-nano-banana-2.1', { thinkingConfig: { thinkingLevel: ThinkingLevel.LOW } })),
			/thinking_level: Thinking level LOW is not supported for gemini-nano-banana-2\.1; supported: MINIMAL, MEDIUM, HIGH/,
		);
		assertInvalidArgument(
			await rejection(generate('gemini-3.1-flash-image', { thinkingConfig: { thinkingLevel: 'medium' as ThinkingLevel } })),
			/Thinking level MEDIUM is not supported/,
		);
		assertInvalidArgument(
			await rejection(generate('gemini-3-pro-image', { thinkingConfig: { thinkingLevel: ThinkingLevel.HIGH } })),
			/Thinking level is not supported for gemini-3-pro-image/,
		);
		for (const bad of ['Low', 'ULTRA', 'THINKING_LEVEL_UNSPECIFIED']) {
			const e = await rejection(generate('gemini-nano-banana-2.1', { thinkingConfig: { thinkingLevel: bad as ThinkingLevel } }));
			assert.equal(e.code, 400, bad);
			assert.equal(e.status, 'INVALID_ARGUMENT');
			assert.match(e.message, /^Invalid JSON payload received\. Invalid value at 'generation_config\.thinking_config\.thinking_level'/);
		}
	});

	it('includeThoughts: on thinking models only', async () => {
		const res = await generate('gemini-3-pro-image', { thinkingConfig: { includeThoughts: true } });
		assert.equal(res.candidates?.[0]?.content?.parts?.[0]?.thought, true);
		fake.options.shutDownModels = [];
		await generate('gemini-2.5-flash-image', { thinkingConfig: { includeThoughts: false } });
		assertInvalidArgument(
			await rejection(generate('gemini-2.5-flash-image', { thinkingConfig: { includeThoughts: true } })),
			/include_thoughts: Thinking is not supported for gemini-2\.5-flash-image/,
		);
		assertInvalidArgument(await rejection(generate('gemini-2.5-flash-image', { imageConfig: { imageSize: '1K' } })), /image_size.*supported: none/);
	});

	it("404 NOT_FOUND with Google's message for unknown and shut-down models, on every route", async () => {
		for (const model of ['gemini-nano-banana-3-preview', 'gemini-2.5-flash-image', 'gemini-3-pro-image-preview', 'gemini-3.1-flash-image-preview']) {
			const calls: [string, () => Promise<unknown>][] = [
				['generateContent', () => generate(model)],
				['streamGenerateContent', () => ai().models.generateContentStream({ model, contents: 'x' })],
				['countTokens', () => ai().models.countTokens({ model, contents: 'x' })],
				['get', () => ai().models.get({ model })],
			];
			for (const [action, call] of calls) {
				const e = await rejection(call());
				assert.equal(e.httpStatus, 404, `${model} ${action}`);
				assert.equal(e.status, 'NOT_FOUND');
				assert.equal(
					e.message,
					`models/${model} is not found for API version v1beta, or is not supported for ${action}. Call ListModels to see the list of available models and their supported methods.`,
				);
			}
		}
	});

	it('non-image models: text from a text model (IMAGE refused), 404 for generate on embedding and Imagen models', async () => {
		const text = await generate('gemini-3.5-flash');
		assert.match(text.text ?? '', /^Fake Gemini text reply/);
		assert.equal(text.candidates?.[0]?.content?.parts?.[0]?.thoughtSignature, undefined);
		const e = await rejection(generate('gemini-3.5-flash', { responseModalities: ['TEXT', 'IMAGE'] }));
		assert.equal(e.code, 400);
		assert.equal(e.message, 'Model does not support the requested response modalities: image');
		for (const model of ['gemini-embedding-001', 'imagen-4.0-generate-001']) {
			assert.equal((await ai().models.get({ model })).name, `models/${model}`);
			const notSupported = await rejection(generate(model));
			assert.equal(notSupported.httpStatus, 404);
			assert.match(notSupported.message, /or is not supported for generateContent/);
		}
	});

	it('extra models: unknown until added, then listed, served, signed and validated by their capabilities', async () => {
		const id = 'gemini-nano-banana-3-preview';
		assert.equal((await rejection(generate(id))).httpStatus, 404);
		fake.options.extraModels = [{ id, displayName: 'Nano Banana 3 Preview', capabilities: { maxInputImages: 1, imageSizes: ['1K'] } }];
		assertInvalidArgument(await rejection(generate(id, { imageConfig: { imageSize: '2K' } })), /image_size/);
		const ok = await generate(id, { imageConfig: { imageSize: '1K' } }, [{ text: 'edit' }, ...images(1)]);
		const image = ok.candidates?.[0]?.content?.parts?.[0];
		assert.equal(image?.inlineData?.mimeType, 'image/jpeg');
		assert.equal(fake.signatureModel(image?.thoughtSignature ?? ''), id);
		assertInvalidArgument(await rejection(generate(id, {}, [{ text: 'edit' }, ...images(2)])), /accepts at most 1/);
		const listed = [];
		for await (const model of await ai().models.list()) {
			listed.push(model.name);
		}
		assert.ok(listed.includes(`models/${id}`));
		assert.equal((await ai().models.get({ model: id })).displayName, 'Nano Banana 3 Preview');
	});
});
