import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import { templateText } from '../../media/studio/templateText';
import { buildCompareHtml } from '../../src/review/compareHtml';
import { PROMPT_TEMPLATES } from '../../src/shared/promptTemplates';
import { continueSession, createSession, titleFromPrompt, type StudioTurn } from '../../src/studio/session';
import { buildWebviewPage } from '../../src/webview/page';

const ROOT = path.join(__dirname, '..', '..', '..');
const KOREAN: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.ko.json'), 'utf8'));
const ENGLISH: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8'));

const base = { cspSource: 'vscode-webview://abc', scriptUri: 's.js', styleUri: 's.css', nonce: 'N', title: 't' };

/** What the page's script reads: `<body data-l10n>` as the browser decodes the attribute (media/shared/l10n.ts). */
function pageStrings(html: string): unknown {
	const match = /<body data-l10n="([^"]*)">/.exec(html);
	assert.ok(match, 'the body carries the strings in a double-quoted attribute');
	const decoded = match[1].replace(
		/&(quot|#39|#96|lt|gt|amp);/g,
		(_, name: string) => ({ quot: '"', '#39': "'", '#96': '`', lt: '<', gt: '>', amp: '&' })[name]!,
	);
	return JSON.parse(decoded);
}

describe('webview strings in the display language', () => {
	afterEach(() => l10n.config({ contents: {} }));

	it('an English page says lang="en" and carries an empty bundle', () => {
		const html = buildWebviewPage(base, '<main></main>');
		assert.match(html, /<html lang="en">/);
		assert.deepStrictEqual(pageStrings(html), {});
	});

	it('carries the bundle and the language into the page, escaped, without a second script', () => {
		const hostile = { Send: '보내기', 'Remove {0}': '"></body><script>alert(1)</script>{0} & \'`' };
		const html = buildCompareHtml({ ...base, l10n: { lang: 'ko', contents: hostile } });
		assert.match(html, /<html lang="ko">/);
		assert.deepStrictEqual(pageStrings(html), hostile);
		assert.strictEqual((html.match(/<script\b[^>]*>/g) ?? []).length, 1, 'still the one nonce script');
		assert.ok(!html.includes('<script>alert'), 'no injected element');
		const hostileLang = buildWebviewPage({ ...base, l10n: { lang: '"><x>', contents: {} } }, '');
		assert.match(hostileLang, /<html lang="&quot;&gt;&lt;x&gt;">/);
	});

	it('the Korean bundle, handed to @vscode/l10n as the page does, turns the studio composer Korean', () => {
		const html = buildWebviewPage({ ...base, l10n: { lang: 'ko', contents: KOREAN } }, '');
		l10n.config({ contents: pageStrings(html) as Record<string, string> });
		// What the Korean display-language UI test looks for in the studio.
		assert.strictEqual(l10n.t('Send'), '보내기');
		assert.strictEqual(
			l10n.t('Describe an image, or how to change the last one (Enter sends, Shift+Enter for a new line, ↑ recalls earlier prompts)'),
			'이미지를 설명하거나 마지막 이미지를 어떻게 바꿀지 입력하세요(Enter로 보내기, Shift+Enter로 줄 바꿈, ↑로 이전 프롬프트 불러오기)',
		);
		assert.strictEqual(l10n.t('{0} ({1} turns)', 'Cats', 3), 'Cats (턴 3개)');
	});

	it('translates every string of the webviews and the studio, keeping the placeholders', () => {
		const placeholders = (text: string) => [...new Set(text.match(/\{[^{}]+\}/g) ?? [])].sort();
		for (const key of ['Send', 'Loading conversation…', 'Side by Side', 'Save Kept ({0})', 'Copy failed: {0}']) {
			assert.ok(key in ENGLISH, `the export found "${key}"`);
		}
		const untranslated = Object.keys(ENGLISH).filter((key) => typeof KOREAN[key] !== 'string' || KOREAN[key] === '');
		assert.deepStrictEqual(untranslated, []);
		for (const [key, value] of Object.entries(KOREAN)) {
			assert.deepStrictEqual(placeholders(value), placeholders(key), key);
		}
	});

	it('a Korean conversation is titled in Korean, and a copy of a copy is not "continued" twice', () => {
		l10n.config({ contents: KOREAN });
		const session = createSession('s1', 'gemini-3-pro-image');
		assert.strictEqual(session.title, '새 대화');
		assert.strictEqual(titleFromPrompt('   '), '새 대화');
		session.title = '고양이';
		session.turns.push({
			id: 't1',
			prompt: 'a cat',
			attachments: [],
			model: 'gemini-3-pro-image',
			createdAt: '2026-12-01T00:00:00Z',
			response: [{ text: 'ok' }],
		} satisfies StudioTurn);
		const copy = continueSession(session, 't1', 's2')!;
		assert.strictEqual(copy.session.title, '이어서: 고양이');
		assert.strictEqual(continueSession(copy.session, 't1', 's3')!.session.title, '이어서: 고양이');
	});

	it('the template menu shows every template: its own English text without a bundle, Korean with the Korean one', () => {
		for (const template of PROMPT_TEMPLATES) {
			assert.deepStrictEqual(templateText(template), { label: template.label, description: template.description }, template.id);
		}
		l10n.config({ contents: KOREAN });
		for (const template of PROMPT_TEMPLATES) {
			const text = templateText(template);
			assert.ok(text.label !== template.label && text.description !== template.description, `${template.id} has Korean text`);
		}
	});

	it('without a bundle the host strings stay English', () => {
		assert.strictEqual(createSession('s1', 'm').title, 'New conversation');
		assert.strictEqual(l10n.t('Continued: {0}', 'Cats'), 'Continued: Cats');
	});
});
