// Pure pieces of the studio: the history sent to a different model, "Continue from this turn", the price estimate,
// grounding read defensively, and the link text of Insert for each kind of document.
import * as assert from 'assert';
import { parseGrounding } from '../../src/gemini/chatClient';
import { estimateRequestCostUsd, findModel } from '../../src/gemini/modelCatalog';
import { altFromPrompt, insertionText, relativeImagePath } from '../../src/studio/insertion';
import { buildContents, foreignModels, SKIP_SIGNATURE_VALIDATION } from '../../src/studio/historyBuilder';
import { continueSession, createSession, StudioSession } from '../../src/studio/session';

function twoModelSession(): StudioSession {
	const session = createSession('s1', 'gemini-3-pro-image');
	session.turns.push({
		id: 't1',
		model: 'gemini-3-pro-image',
		prompt: 'a fox',
		attachments: [{ file: 't1-a0.png', mimeType: 'image/png' }],
		response: [
			{ text: 'thinking', thought: true },
			{ inlineFile: { file: 't1-p1.jpg', mimeType: 'image/jpeg' }, thought: true },
			{ text: 'Here.', thoughtSignature: 'cHJvLTE=' },
			{ inlineFile: { file: 't1-p3.jpg', mimeType: 'image/jpeg' }, thoughtSignature: 'cHJvLTI=' },
		],
		createdAt: 'now',
	});
	session.turns.push({ id: 't2', model: 'gemini-3-pro-image', prompt: 'bluer', attachments: [], error: 'quota', createdAt: 'now' });
	session.turns.push({
		id: 't3',
		model: 'gemini-3.1-flash-image',
		prompt: 'in snow',
		attachments: [],
		response: [{ inlineFile: { file: 't3-p0.jpg', mimeType: 'image/jpeg' }, thoughtSignature: 'Zmxhc2gtMQ==' }],
		createdAt: 'now',
	});
	return session;
}

const read = (file: string) => new Uint8Array(Buffer.from(file));

describe('studio: model switch, continue, cost, grounding, insert', () => {
	it("sends another model's turns without its thoughts and with the documented skip value for its signatures", () => {
		const session = twoModelSession();
		assert.deepStrictEqual(foreignModels(session, 'gemini-3.1-flash-image'), ['gemini-3-pro-image']);
		assert.deepStrictEqual(foreignModels(session, 'gemini-3-pro-image'), ['gemini-3.1-flash-image']);
		const contents = buildContents(session, { prompt: 'now at night', model: 'gemini-3.1-flash-image' }, read);
		assert.deepStrictEqual(
			contents.map((content) => content.role),
			['user', 'model', 'user', 'model', 'user'],
		);
		const proTurn = contents[1].parts;
		assert.ok(
			proTurn.every((part) => part.thought !== true),
			'no thought parts of the other model',
		);
		assert.deepStrictEqual(
			proTurn.map((part) => part.thoughtSignature),
			[SKIP_SIGNATURE_VALIDATION, SKIP_SIGNATURE_VALIDATION],
		);
		assert.strictEqual((proTurn[1].inlineData as { data: string }).data, Buffer.from('t1-p3.jpg').toString('base64'), 'its image still goes');
		assert.deepStrictEqual(
			contents[3].parts,
			[{ thoughtSignature: 'Zmxhc2gtMQ==', inlineData: { mimeType: 'image/jpeg', data: Buffer.from('t3-p0.jpg').toString('base64') } }],
			"the same model's turn is verbatim",
		);
		// Without a model (or the same one throughout) nothing is rewritten.
		const verbatim = buildContents(session, { prompt: 'x' }, read);
		assert.strictEqual(verbatim[1].parts.length, 4);
		assert.strictEqual(verbatim[1].parts[2].thoughtSignature, 'cHJvLTE=');
	});

	it('continues from a turn: a copy of the turns up to it, and the files they need', () => {
		const session = twoModelSession();
		const copy = continueSession(session, 't2', 's2', new Date('2026-11-25T10:00:00Z'))!;
		assert.strictEqual(copy.session.id, 's2');
		assert.deepStrictEqual(
			copy.session.turns.map((turn) => turn.id),
			['t1', 't2'],
		);
		assert.deepStrictEqual(copy.files.sort(), ['t1-a0.png', 't1-p1.jpg', 't1-p3.jpg']);
		assert.strictEqual(copy.session.turns[0].response![2].thoughtSignature, 'cHJvLTE=', 'signatures kept');
		// A deep copy: changing it leaves the original alone.
		(copy.session.turns[0].response![2] as { text?: string }).text = 'changed';
		assert.strictEqual(session.turns[0].response![2].text, 'Here.');
		assert.match(copy.session.title, /^Continued: /);
		assert.strictEqual(continueSession(session, 'nope', 's3'), undefined);
	});

	it('estimates the price from tokens and the catalog, and gives up for a model it has no price for', () => {
		const flash = findModel('gemini-3.1-flash-image')!;
		const cost = estimateRequestCostUsd(flash, { inputTokens: 1_000, outputTokens: 1_120 + 100, thoughtTokens: 200, imageCount: 1 }, '1K')!;
		// 1,000 input at $0.50/M + 300 text/thought tokens at $3/M + one 1K image at $0.067.
		assert.ok(Math.abs(cost - (0.0005 + 0.0009 + 0.067)) < 1e-9, String(cost));
		// A Pro 4K image is 2,000 output tokens: all of them are the image's.
		const pro4k = estimateRequestCostUsd(findModel('gemini-3-pro-image')!, { inputTokens: 0, outputTokens: 2_000, thoughtTokens: 0, imageCount: 1 }, '4K')!;
		assert.ok(Math.abs(pro4k - 0.24) < 1e-9, String(pro4k));
		const unknown = { ...flash, pricePerImageUsd: {} };
		assert.strictEqual(estimateRequestCostUsd(unknown, { inputTokens: 1, outputTokens: 1120, thoughtTokens: 0, imageCount: 1 }, '1K'), undefined);
	});

	it('reads grounding defensively: http(s) sources only, bounded, nothing when empty', () => {
		const grounding = parseGrounding({
			searchEntryPoint: { renderedContent: '<style>.a{}</style><a class="chip" href="https://www.google.com/search?q=x">x</a>' },
			groundingChunks: [
				{ web: { uri: 'https://example.com/a', title: 'example.com' } },
				{ web: { uri: 'javascript:alert(1)', title: 'evil' } },
				{ web: { uri: 'command:workbench.action.terminal.new', title: 'evil' } },
				{ web: { uri: 'https://b.example', title: '' } },
				{ retrievedContext: {} },
				null,
			],
			webSearchQueries: ['fox', 42],
		})!;
		assert.deepStrictEqual(grounding.sources, [
			{ title: 'example.com', uri: 'https://example.com/a' },
			{ title: 'https://b.example', uri: 'https://b.example' },
		]);
		assert.deepStrictEqual(grounding.queries, ['fox']);
		assert.match(grounding.searchEntryPointHtml!, /chip/);
		assert.strictEqual(parseGrounding(undefined), undefined);
		assert.strictEqual(parseGrounding({ groundingChunks: [] }), undefined);
		assert.strictEqual(parseGrounding({ searchEntryPoint: { renderedContent: 'x'.repeat(70 * 1024) } }), undefined);
	});

	it("inserts a relative link in the form the document's language uses", () => {
		assert.strictEqual(insertionText('markdown', '../assets/fox.jpg', 'a red fox'), '![a red fox](../assets/fox.jpg)');
		assert.strictEqual(insertionText('markdown', 'my assets/fox (1).jpg', 'a [red] fox'), '![a red fox](<my assets/fox (1).jpg>)');
		assert.strictEqual(insertionText('html', 'assets/a"b.jpg', 'x <y>'), '<img src="assets/a&quot;b.jpg" alt="x &lt;y&gt;">');
		assert.strictEqual(insertionText('typescriptreact', 'fox.jpg', 'fox'), '<img src="fox.jpg" alt="fox" />', 'closed, as JSX needs');
		assert.strictEqual(insertionText('javascriptreact', 'a{b}.jpg', 'a {fox}'), '<img src="a%7Bb%7D.jpg" alt="a fox" />');
		assert.strictEqual(insertionText('css', 'img/fo"x.jpg', 'ignored'), 'url("img/fo\\"x.jpg")');
		assert.strictEqual(insertionText('plaintext', 'img/fox.jpg', 'ignored'), 'img/fox.jpg');
		assert.strictEqual(relativeImagePath('/w/docs/guide/README.md', '/w/assets/generated/fox.jpg'), '../../assets/generated/fox.jpg');
		assert.strictEqual(relativeImagePath('/w/README.md', '/w/assets/fox.jpg'), 'assets/fox.jpg');
		assert.strictEqual(relativeImagePath('/w/assets/index.html', '/w/assets/fox.jpg'), 'fox.jpg');
		assert.strictEqual(altFromPrompt('a  fox\nin snow'), 'a fox in snow');
		assert.strictEqual(altFromPrompt('x'.repeat(300)).length, 100);
	});
});
