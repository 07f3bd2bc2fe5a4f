import * as assert from 'assert';
import { findModel, unknownModelInfo } from '../../src/gemini/modelCatalog';
import { validateCount, validateImageOptions, validatePrompt, validateThinkingLevel } from '../../src/generation/imageOptions';

describe('image options', () => {
	it('trims prompts and refuses empty, whitespace and non-text prompts', () => {
		assert.deepStrictEqual(validatePrompt('  a fox  '), { ok: true, value: 'a fox' });
		for (const bad of ['', '   \n\t', undefined, 42, null]) {
			const result = validatePrompt(bad);
			assert.strictEqual(result.ok, false, String(bad));
		}
		assert.strictEqual(validatePrompt('x'.repeat(40_000)).ok, false);
	});

	it('accepts a valid combination and fills the default size', () => {
		const result = validateImageOptions('gemini-3-pro-image', '16:9', undefined);
		assert.ok(result.ok);
		assert.strictEqual(result.value.model.id, 'gemini-3-pro-image');
		assert.strictEqual(result.value.imageSize, '1K');
	});

	it('refuses lower-case sizes and says how to write them', () => {
		const result = validateImageOptions('gemini-3.1-flash-image', '1:1', '1k');
		assert.strictEqual(result.ok, false);
		assert.match(!result.ok ? result.message : '', /upper case: "1K"/);
	});

	it('refuses 4K on a 1K-only model and ratios a model lacks', () => {
		const size = validateImageOptions('gemini-3.1-flash-lite-image', '1:1', '4K');
		assert.strictEqual(size.ok, false);
		assert.match(!size.ok ? size.message : '', /Supported: 1K/);
		const ratio = validateImageOptions('gemini-3-pro-image', '8:1', '1K');
		assert.strictEqual(ratio.ok, false);
		assert.ok(validateImageOptions('gemini-3.1-flash-image', '8:1', '1K').ok);
	});

	it('passes shut-down, deprecated and unknown models on to the API, which decides', () => {
		for (const id of ['gemini-2.5-flash-image', 'gemini-3.1-flash-image', 'gemini-nano-banana-2.1', 'gemini-nano-banana-9-preview', 'gpt-image-1']) {
			const result = validateImageOptions(id, '1:1', '1K');
			assert.strictEqual(result.ok, true, id);
		}
		// An unknown model's capabilities are not known: every ratio and size goes through.
		const unknown = validateImageOptions('gemini-nano-banana-9-preview', '8:1', '512');
		assert.deepStrictEqual(unknown.ok && [unknown.value.aspectRatio, unknown.value.imageSize], ['8:1', '512']);
	});

	it('checks a known model against the catalog: Nano Banana 2.1 takes 1:8 but not 512', () => {
		assert.strictEqual(validateImageOptions('gemini-nano-banana-2.1', '1:8', '4K').ok, true);
		const small = validateImageOptions('gemini-nano-banana-2.1', '1:1', '512');
		assert.match(!small.ok ? small.message : '', /does not support the image size "512".*1K, 2K, 4K/);
	});

	it('refuses only what is not a model ID at all', () => {
		for (const bad of ['', '  ', '../gemini-image', 'models/x?key=1', 'Gemini Nano', 'a&b', 'x'.repeat(101)]) {
			const result = validateImageOptions(bad, '1:1', '1K');
			assert.strictEqual(result.ok, false, bad);
		}
	});

	it('takes a thinking level the model has, in any case, and refuses others', () => {
		const nano = findModel('gemini-nano-banana-2.1')!;
		assert.deepStrictEqual(validateThinkingLevel(nano, 'high'), { ok: true, value: 'HIGH' });
		assert.deepStrictEqual(validateThinkingLevel(nano, undefined), { ok: true, value: undefined });
		assert.match(validateThinkingLevel(nano, 'low').ok ? '' : (validateThinkingLevel(nano, 'low') as { message: string }).message, /minimal, medium, high/);
		assert.strictEqual(validateThinkingLevel(findModel('gemini-3-pro-image')!, 'high').ok, false);
		assert.deepStrictEqual(validateThinkingLevel(unknownModelInfo('gemini-x'), 'Low'), { ok: true, value: 'LOW' });
		assert.strictEqual(validateThinkingLevel(unknownModelInfo('gemini-x'), 'turbo').ok, false);
	});

	it('bounds the count', () => {
		assert.deepStrictEqual(validateCount(undefined), { ok: true, value: 1 });
		assert.deepStrictEqual(validateCount(3), { ok: true, value: 3 });
		assert.deepStrictEqual(validateCount(8), { ok: true, value: 8 });
		for (const bad of [0, 9, 1.5, '2', -1]) {
			assert.strictEqual(validateCount(bad).ok, false, String(bad));
		}
	});
});
