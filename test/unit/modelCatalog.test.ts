import * as assert from 'assert';
import {
	availableModels,
	DEFAULT_MODEL_ID,
	estimateImagePriceUsd,
	estimateRequestCostUsd,
	findModel,
	MODEL_CATALOG,
	outputTokensPerImage,
	replacementFor,
	resolveModel,
} from '../../src/gemini/modelCatalog';

describe('model catalog', () => {
	it('has unique ids and the models of the guide, the GA models and the lite model', () => {
		const ids = MODEL_CATALOG.map((model) => model.id);
		assert.strictEqual(new Set(ids).size, ids.length);
		for (const id of [
			'gemini-2.5-flash-image',
			'gemini-3-pro-image-preview',
			'gemini-3.1-flash-image',
			'gemini-3-pro-image',
			'gemini-3.1-flash-lite-image',
		]) {
			assert.ok(findModel(id), id);
		}
	});

	it("defaults to Google's current GA model, Nano Banana 2.1 (changelog 2026-10-06)", () => {
		assert.strictEqual(DEFAULT_MODEL_ID, 'gemini-nano-banana-2.1');
		const nano = findModel(DEFAULT_MODEL_ID)!;
		assert.strictEqual(nano.status, 'ga');
		assert.deepStrictEqual(nano.imageSizes, ['1K', '2K', '4K']);
		for (const ratio of ['1:4', '4:1', '1:8', '8:1', '21:9']) {
			assert.ok(nano.aspectRatios.includes(ratio), ratio);
		}
		assert.strictEqual(nano.aspectRatios.length, 14);
		assert.deepStrictEqual(nano.thinkingLevels, ['MINIMAL', 'MEDIUM', 'HIGH']);
	});

	it('marks gemini-3.1-flash-image deprecated with Nano Banana 2.1 as its replacement, still usable', () => {
		const flash = findModel('gemini-3.1-flash-image')!;
		assert.strictEqual(flash.status, 'deprecated');
		assert.strictEqual(replacementFor(flash.id)?.id, 'gemini-nano-banana-2.1');
		assert.strictEqual(resolveModel(flash.id).kind, 'known');
	});

	it('counts output tokens per image by size (747 / 1120 / 1680 / 2520 on Flash) and prices thinking as text', () => {
		const flash = findModel('gemini-3.1-flash-image')!;
		assert.deepStrictEqual(
			(['512', '1K', '2K', '4K'] as const).map((size) => outputTokensPerImage(flash, size)),
			[747, 1120, 1680, 2520],
		);
		assert.strictEqual(outputTokensPerImage(findModel('gemini-3-pro-image')!, '4K'), 2000);
		// A 4K Flash image of 2520 tokens: none of its output tokens are charged as text.
		const cost = estimateRequestCostUsd(flash, { inputTokens: 0, outputTokens: 2520, thoughtTokens: 0, imageCount: 1 }, '4K');
		assert.strictEqual(cost, flash.pricePerImageUsd['4K']);
		assert.strictEqual(findModel('gemini-3.1-flash-lite-image')!.supportsThinking, true);
	});

	it('gives every shut-down model a date and an available replacement', () => {
		for (const model of MODEL_CATALOG.filter((m) => m.status === 'shutDown')) {
			assert.match(model.shutDownOn ?? '', /^\d{4}-\d{2}-\d{2}$/, model.id);
			const replacement = replacementFor(model.id);
			assert.ok(replacement, `${model.id} has a replacement`);
			assert.notStrictEqual(replacement!.status, 'shutDown');
		}
		assert.strictEqual(replacementFor('gemini-2.5-flash-image')?.id, 'gemini-nano-banana-2.1');
		assert.strictEqual(replacementFor('gemini-3-pro-image-preview')?.id, 'gemini-3-pro-image');
		// The preview's GA model is itself deprecated: the chain goes on to Nano Banana 2.1.
		assert.strictEqual(replacementFor('gemini-3.1-flash-image-preview')?.id, 'gemini-nano-banana-2.1');
		assert.strictEqual(replacementFor('gemini-3-pro-image'), undefined);
	});

	it('keeps limits consistent: sizes upper case, a price for every size, MIME types of images', () => {
		for (const model of MODEL_CATALOG) {
			for (const size of model.imageSizes) {
				assert.match(size, /^(512|[124]K)$/);
				assert.ok(typeof model.pricePerImageUsd[size] === 'number', `${model.id} ${size} price`);
			}
			if (model.imageSizes.length === 0) {
				assert.ok(typeof model.pricePerImageUsd.default === 'number');
			} else {
				assert.ok(model.imageSizes.includes(model.defaultImageSize!), `${model.id} default size`);
			}
			assert.ok(model.aspectRatios.includes('1:1'));
			assert.ok(model.maxInputImages >= 1);
			assert.ok(model.inputMimeTypes.every((mime) => mime.startsWith('image/')));
		}
		assert.deepStrictEqual(findModel('gemini-3.1-flash-lite-image')?.imageSizes, ['1K']);
	});

	it('offers without a notice only models that are neither deprecated nor shut down', () => {
		assert.deepStrictEqual(
			availableModels().map((m) => m.id),
			['gemini-nano-banana-2.1', 'gemini-3-pro-image', 'gemini-3.1-flash-lite-image'],
		);
	});

	it('classifies ids: known (whatever their status), unknown (the API decides), not an ID', () => {
		assert.strictEqual(resolveModel('gemini-3-pro-image').kind, 'known');
		assert.strictEqual(resolveModel('gemini-2.5-flash-image').kind, 'known');
		assert.strictEqual(resolveModel('gemini-4-flash-image').kind, 'unknown');
		assert.strictEqual(resolveModel('gemini-nano-banana-3').kind, 'unknown');
		assert.strictEqual(resolveModel('dall-e-3').kind, 'unknown');
		assert.strictEqual(resolveModel('../gemini-image').kind, 'invalid');
		assert.strictEqual(resolveModel('models/x?key=1').kind, 'invalid');
	});

	it('estimates prices by size', () => {
		assert.strictEqual(estimateImagePriceUsd(findModel('gemini-3-pro-image')!, '4K'), 0.24);
		assert.strictEqual(estimateImagePriceUsd(findModel('gemini-2.5-flash-image')!, undefined), 0.039);
	});
});
