import * as assert from 'assert';
import { validateCount, validateImageOptions, validatePrompt } from '../../src/generation/imageOptions';

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

	it('names the replacement of a shut-down model', () => {
		const result = validateImageOptions('gemini-2.5-flash-image', '1:1', undefined);
		assert.strictEqual(result.ok, false);
		if (!result.ok) {
			assert.match(result.message, /shut down on 2026-10-02.*gemini-3\.1-flash-image/);
			assert.strictEqual(result.suggestedModel, 'gemini-3.1-flash-image');
		}
	});

	it('refuses models that are not Gemini image models', () => {
		const result = validateImageOptions('gpt-image-1', '1:1', '1K');
		assert.strictEqual(result.ok, false);
		assert.match(!result.ok ? result.message : '', /not a Gemini image model/);
	});

	it('bounds the count', () => {
		assert.deepStrictEqual(validateCount(undefined), { ok: true, value: 1 });
		assert.deepStrictEqual(validateCount(3), { ok: true, value: 3 });
		for (const bad of [0, 5, 1.5, '2', -1]) {
			assert.strictEqual(validateCount(bad).ok, false, String(bad));
		}
	});
});
