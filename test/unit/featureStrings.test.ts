// The vscode-free feature files (option validation, icon set rules and notes, the compare page) speak the display
// language through @vscode/l10n: with the Korean bundle configured they say it in Korean, and without one in the
// English the integration tests assert. Every key used here must be in l10n/bundle.l10n.ko.json word for word, so
// a key that the bundle spells differently from the code (an escape such as \u2019 read wrongly) fails here.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import { validateCount, validatePrompt } from '../../src/generation/imageOptions';
import { parseIconSizes } from '../../src/iconSets/iconSetRules';
import { buildCompareHtml } from '../../src/review/compareHtml';

const KOREAN_BUNDLE = path.join(__dirname, '..', '..', '..', 'l10n', 'bundle.l10n.ko.json');

function korean(): Record<string, string> {
	return JSON.parse(fs.readFileSync(KOREAN_BUNDLE, 'utf8')) as Record<string, string>;
}

const page = {
	cspSource: 'https://*.vscode-cdn.net',
	scriptUri: 'https://example.test/compare.js',
	styleUri: 'https://example.test/compare.css',
	nonce: 'bm9uY2Utbm9uY2Utbm9uY2U+Lw==',
	title: 'a.png ↔ b.png',
};

/** The refusal of a validation, or "" when it was accepted. */
function messageOf(result: { readonly ok: true } | { readonly ok: false; readonly message: string }): string {
	return result.ok ? '' : result.message;
}

function sizesError(sizes: unknown): string {
	try {
		parseIconSizes(sizes);
	} catch (error) {
		return (error as Error).message;
	}
	assert.fail(`parseIconSizes(${JSON.stringify(sizes)}) was accepted`);
}

describe('feature strings in Korean and English (@vscode/l10n)', () => {
	afterEach(() => l10n.config({ contents: {} }));

	it('without a bundle: the English the integration tests assert', () => {
		l10n.config({ contents: {} });
		assert.strictEqual(messageOf(validatePrompt('  ')), 'The prompt is empty. Describe the image you want, for example "a watercolor fox logo".');
		assert.strictEqual(messageOf(validateCount(9)), '"count" must be a whole number from 1 to 8.');
		assert.strictEqual(sizesError([17]), 'Icon sizes are 16, 32, 48, 64, 128, 180, 192, 256, 512, 1024; 17 is not among them.');
		assert.match(buildCompareHtml(page), /role="status">Loading images…<\/p>/);
	});

	it('with the Korean bundle: Korean, placeholders filled, singular and plural each their own key', () => {
		l10n.config({ contents: korean() });
		assert.strictEqual(messageOf(validatePrompt('')), '프롬프트가 비어 있습니다. 원하는 이미지를 설명하세요. 예: "수채화 여우 로고".');
		assert.strictEqual(messageOf(validateCount(0)), '"count"는 1부터 8까지의 정수여야 합니다.');
		assert.strictEqual(sizesError([17]), '아이콘 크기는 16, 32, 48, 64, 128, 180, 192, 256, 512, 1024입니다. 17은(는) 여기에 없습니다.');
		assert.strictEqual(sizesError([17, 'x']), '아이콘 크기는 16, 32, 48, 64, 128, 180, 192, 256, 512, 1024입니다. 17, "x"은(는) 여기에 없습니다.');
		assert.match(buildCompareHtml(page), /role="status">이미지를 불러오는 중…<\/p>/);
	});

	it('the Korean bundle keeps every placeholder of its English key, and no value is empty or left in English', () => {
		const bundle = korean();
		const placeholders = (text: string) => [...text.matchAll(/\{(\d+)\}/g)].map((match) => match[1]).sort();
		const problems = Object.entries(bundle).flatMap(([english, translated]) => [
			...(translated.trim() === '' ? [`empty: ${english}`] : []),
			...(JSON.stringify(placeholders(english)) !== JSON.stringify(placeholders(translated)) ? [`placeholders differ: ${english} → ${translated}`] : []),
			// Sentences are translated; a value equal to its key would be English shown in a Korean UI.
			...(translated === english && /[a-z]{3,} [a-z]{3,}/i.test(english) ? [`untranslated: ${english}`] : []),
		]);
		assert.deepStrictEqual(problems, []);
		assert.deepStrictEqual(Object.keys(bundle), [...Object.keys(bundle)].sort(), 'the keys are sorted');
	});
});
