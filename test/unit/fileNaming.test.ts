import * as assert from 'assert';
import { MAX_SLUG_LENGTH, numberedFileName, sanitizeFileStem, slugFromPrompt } from '../../src/workspace/fileNaming';

describe('file naming', () => {
	it('derives a hyphenated lower-case slug from the prompt', () => {
		assert.strictEqual(slugFromPrompt('A red bicycle, on a beach!'), 'a-red-bicycle-on-a-beach');
		assert.strictEqual(slugFromPrompt('Café crème brûlée'), 'cafe-creme-brulee');
	});

	it('limits the length at a word boundary', () => {
		const slug = slugFromPrompt('word '.repeat(100));
		assert.ok(slug.length <= MAX_SLUG_LENGTH);
		assert.ok(!slug.endsWith('-'));
		assert.strictEqual(slugFromPrompt('x'.repeat(300)).length, MAX_SLUG_LENGTH);
	});

	it('falls back when nothing usable is left', () => {
		assert.strictEqual(slugFromPrompt('!!! ??? ***'), 'image');
		assert.strictEqual(slugFromPrompt('...'), 'image');
	});

	it('keeps names legal on Windows', () => {
		assert.strictEqual(slugFromPrompt('CON'), 'con-image');
		assert.strictEqual(sanitizeFileStem('nul.tar.gz'), 'nul.tar.gz-image');
		assert.strictEqual(sanitizeFileStem('LPT¹'), 'LPT¹-image');
		assert.strictEqual(sanitizeFileStem('a:b*c?d|e<f>g"h'), 'a-b-c-d-e-f-g-h');
		assert.strictEqual(sanitizeFileStem('trailing dot.'), 'trailing dot');
		assert.strictEqual(sanitizeFileStem('../../etc/passwd'), 'etc-passwd');
		assert.strictEqual(sanitizeFileStem('a\u0000b'), 'a-b');
	});

	it('keeps non-Latin scripts', () => {
		assert.strictEqual(slugFromPrompt('東京の夜景'), '東京の夜景');
	});

	it('drops invisible and text-direction characters, so a name reads as what it is', () => {
		assert.strictEqual(sanitizeFileStem('invoice\u202egnp.exe'), 'invoicegnp.exe');
		assert.strictEqual(slugFromPrompt('a\u200bfox'), 'a-fox');
		assert.strictEqual(sanitizeFileStem('aux\u200b.png'), 'aux.png-image');
	});

	it('numbers later attempts', () => {
		assert.strictEqual(numberedFileName('fox', 'jpg', 0), 'fox.jpg');
		assert.strictEqual(numberedFileName('fox', 'jpg', 1), 'fox-2.jpg');
		assert.strictEqual(numberedFileName('fox', 'png', 9), 'fox-10.png');
	});
});
