import * as assert from 'assert';
import { availableModels, DEFAULT_MODEL_ID, estimateImagePriceUsd, findModel, MODEL_CATALOG, replacementFor, resolveModel } from '../../src/gemini/modelCatalog';

describe('model catalog', () => {
	it('has unique ids and the models of the guide, the GA models and the lite model', () => {
		const ids = MODEL_CATALOG.map((model) => model.id);
		assert.strictEqual(new Set(ids).size, ids.length);
		for (const id of ['gemini-2.5-flash-image', 'gemini-3-pro-image-preview', 'gemini-3.1-flash-image', 'gemini-3-pro-image', 'gemini-3.1-flash-lite-image']) {
			assert.ok(findModel(id), id);
		}
	});

	it('defaults to the fast GA model', () => {
		assert.strictEqual(DEFAULT_MODEL_ID, 'gemini-3.1-flash-image');
		assert.strictEqual(findModel(DEFAULT_MODEL_ID)?.status, 'ga');
	});

	it('gives every shut-down model a date and an available replacement', () => {
		for (const model of MODEL_CATALOG.filter((m) => m.status === 'shutDown')) {
			assert.match(model.shutDownOn ?? '', /^\d{4}-\d{2}-\d{2}$/, model.id);
			const replacement = replacementFor(model.id);
			assert.ok(replacement, `${model.id} has a replacement`);
			assert.notStrictEqual(replacement!.status, 'shutDown');
		}
		assert.strictEqual(replacementFor('gemini-2.5-flash-image')?.id, 'gemini-3.1-flash-image');
		assert.strictEqual(replacementFor('gemini-3-pro-image-preview')?.id, 'gemini-3-pro-image');
		assert.strictEqual(replacementFor('gemini-3.1-flash-image'), undefined);
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

	it('offers only models that are not shut down', () => {
		assert.deepStrictEqual(
			availableModels().map((m) => m.id),
			['gemini-3.1-flash-image', 'gemini-3-pro-image', 'gemini-3.1-flash-lite-image'],
		);
	});

	it('classifies ids: known, shut down, future Gemini image model, invalid', () => {
		assert.strictEqual(resolveModel('gemini-3-pro-image').kind, 'known');
		assert.strictEqual(resolveModel('gemini-2.5-flash-image').kind, 'shutDown');
		assert.strictEqual(resolveModel('gemini-4-flash-image').kind, 'unknownGemini');
		assert.strictEqual(resolveModel('dall-e-3').kind, 'invalid');
		assert.strictEqual(resolveModel('gemini-2.5-pro').kind, 'invalid');
		assert.strictEqual(resolveModel('../gemini-image').kind, 'invalid');
	});

	it('estimates prices by size', () => {
		assert.strictEqual(estimateImagePriceUsd(findModel('gemini-3-pro-image')!, '4K'), 0.24);
		assert.strictEqual(estimateImagePriceUsd(findModel('gemini-2.5-flash-image')!, undefined), 0.039);
	});
});
