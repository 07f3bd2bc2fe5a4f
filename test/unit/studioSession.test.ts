// The studio's history builder: model parts replayed exactly (thought parts and signatures included), images moved
// to files and back byte for byte, failed turns left out; session.json checked on the way in.
import * as assert from 'assert';
import { GeminiChatClient } from '../../src/gemini/chatClient';
import { DEFAULT_RETRY_POLICY } from '../../src/gemini/retryPolicy';
import { buildContents, createSession, OMITTED_ATTACHMENT_TEXT, OMITTED_IMAGE_TEXT, parseSession, serializeSession, storeModelParts, StudioSession, titleFromPrompt } from '../../src/studio/session';
import { FakeGemini } from '../fake-gemini/server';

const IMAGE_B64 = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]).toString('base64');

function receivedParts(): Record<string, unknown>[] {
	return [
		{ text: 'Let me sketch a composition first.', thought: true },
		{ inlineData: { mimeType: 'image/jpeg', data: IMAGE_B64 }, thought: true },
		{ text: 'Here is your image.', thoughtSignature: 'c2lnOjE6Mg==' },
		{ inlineData: { mimeType: 'image/jpeg', data: IMAGE_B64 }, thoughtSignature: 'c2lnOjE6Mw==', futureField: { kept: true } },
	];
}

describe('studio session', () => {
	it('stores images as files and replays every model part exactly as received', () => {
		const files = new Map<string, Uint8Array>();
		const session = createSession('s1', 'gemini-3-pro-image');
		const original = receivedParts();
		const stored = storeModelParts(original, (index, extension) => `t1-p${index}.${extension}`);
		assert.deepStrictEqual(
			stored.images.map((image) => image.file),
			['t1-p1.jpg', 't1-p3.jpg'],
		);
		assert.ok(!JSON.stringify(stored.parts).includes(IMAGE_B64), 'no base64 in the stored parts');
		for (const image of stored.images) {
			files.set(image.file, image.bytes);
		}
		session.turns.push({ id: 't1', model: 'gemini-3-pro-image', prompt: 'a fox', attachments: [], response: stored.parts, createdAt: 'now' });

		const contents = buildContents(session, { prompt: 'make it blue' }, (file) => files.get(file)!);
		assert.deepStrictEqual(contents, [
			{ role: 'user', parts: [{ text: 'a fox' }] },
			{ role: 'model', parts: original },
			{ role: 'user', parts: [{ text: 'make it blue' }] },
		]);
	});

	it('leaves failed and pending turns out of the history', () => {
		const session = createSession('s1', 'gemini-3-pro-image');
		session.turns.push({ id: 't1', model: 'm', prompt: 'blocked', attachments: [], error: 'Gemini blocked the prompt', createdAt: 'now' });
		session.turns.push({ id: 't2', model: 'm', prompt: 'pending', attachments: [], createdAt: 'now' });
		session.turns.push({ id: 't3', model: 'm', prompt: 'empty', attachments: [], response: [], createdAt: 'now' });
		session.turns.push({ id: 't4', model: 'm', prompt: 'ok', attachments: [], response: [{ text: 'hi', thoughtSignature: 'sig' }], createdAt: 'now' });
		const contents = buildContents(session, { prompt: 'next' }, () => new Uint8Array());
		assert.deepStrictEqual(contents.map((content) => content.role), ['user', 'model', 'user']);
		assert.deepStrictEqual(contents[0].parts, [{ text: 'ok' }]);
		assert.deepStrictEqual(contents[1].parts, [{ text: 'hi', thoughtSignature: 'sig' }]);
	});

	it('replays images of the latest turns only; older turns keep their text and every signature', () => {
		const files = new Map<string, Uint8Array>();
		const session = createSession('s1', 'gemini-3-pro-image');
		for (const id of ['t1', 't2', 't3']) {
			const stored = storeModelParts(receivedParts(), (index, extension) => `${id}-p${index}.${extension}`);
			stored.images.forEach((image) => files.set(image.file, image.bytes));
			files.set(`${id}-a0.png`, new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
			session.turns.push({ id, model: 'm', prompt: `prompt ${id}`, attachments: [{ file: `${id}-a0.png`, mimeType: 'image/png' }], response: stored.parts, createdAt: 'now' });
		}
		const contents = buildContents(session, { prompt: 'next' }, (file) => files.get(file)!, 1);
		assert.deepStrictEqual(contents.map((content) => content.role), ['user', 'model', 'user', 'model', 'user', 'model', 'user']);
		for (const index of [0, 2]) {
			assert.deepStrictEqual(contents[index].parts, [{ text: `prompt t${index / 2 + 1}` }, { text: OMITTED_ATTACHMENT_TEXT }], 'older attachments left out, with a placeholder');
			assert.deepStrictEqual(contents[index + 1].parts, [
				{ text: 'Let me sketch a composition first.', thought: true },
				{ text: 'Here is your image.', thoughtSignature: 'c2lnOjE6Mg==' },
				{ text: OMITTED_IMAGE_TEXT, thoughtSignature: 'c2lnOjE6Mw==', futureField: { kept: true } },
			]);
			assert.ok(!JSON.stringify(contents[index + 1]).includes('inlineData'));
		}
		assert.strictEqual(contents[4].parts.length, 2, 'the latest turn keeps its attachment');
		assert.deepStrictEqual(contents[5].parts, receivedParts(), 'and its images, verbatim');
		assert.deepStrictEqual(buildContents(session, { prompt: 'next' }, (file) => files.get(file)!, 3), buildContents(session, { prompt: 'next' }, (file) => files.get(file)!));
	});

	it('round-trips session.json and rejects damaged ones with a reason', () => {
		const session: StudioSession = createSession('s1', 'gemini-3-pro-image');
		session.title = titleFromPrompt('  a   fox\nin the snow ');
		assert.strictEqual(session.title, 'a fox in the snow');
		session.turns.push({ id: 't1', model: 'm', prompt: 'a fox', attachments: [], response: storeModelParts(receivedParts(), (i, e) => `t1-p${i}.${e}`).parts, createdAt: 'now' });
		assert.deepStrictEqual(parseSession(serializeSession(session), 's1'), session);

		const damaged = ['', '{', 'null', '[]', '{"version":2}', serializeSession(session).replace('"id": "s1"', '"id": "s2"')];
		const tampered = JSON.parse(serializeSession(session));
		tampered.turns[0].response[1].inlineFile.file = '../../../.vscode/settings.json';
		damaged.push(JSON.stringify(tampered));
		const inline = JSON.parse(serializeSession(session));
		inline.turns[0].response[0].inlineData = { mimeType: 'image/png', data: 'AAAA' };
		damaged.push(JSON.stringify(inline));
		for (const text of damaged) {
			assert.throws(() => parseSession(text, 's1'), Error, text.slice(0, 60));
		}
	});

	describe('replay against the fake Gemini in strict-signature mode (real SDK)', () => {
		const fake = new FakeGemini();
		let baseUrl = '';
		before(async () => {
			baseUrl = await fake.start();
		});
		after(() => fake.stop());

		it('continues a three-turn conversation with thoughts and signatures', async () => {
			fake.reset();
			fake.options.strictSignatures = true;
			const client = new GeminiChatClient();
			const files = new Map<string, Uint8Array>();
			const session = createSession('s1', 'gemini-3-pro-image');
			const signatures: string[][] = [];
			for (const [index, prompt] of ['a fox', 'make it blue', 'add snow'].entries()) {
				const contents = buildContents(session, { prompt }, (file) => files.get(file)!);
				const reply = await client.send(
					{ model: 'gemini-3-pro-image', contents, includeThoughts: true },
					{ apiKey: 'unit-key', endpoint: baseUrl, timeoutMs: 10_000, retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries: 0 } },
				);
				assert.ok(reply.parts.some((part) => part.thought), 'thought parts came back');
				const turnSignatures = reply.parts.filter((part) => !part.thought && part.thoughtSignature).map((part) => part.thoughtSignature!);
				assert.ok(turnSignatures.length > 0, 'signed parts came back');
				signatures.push(turnSignatures);
				const stored = storeModelParts(reply.parts, (i, e) => `t${index + 1}-p${i}.${e}`);
				stored.images.forEach((image) => files.set(image.file, image.bytes));
				session.turns.push({ id: `t${index + 1}`, model: 'gemini-3-pro-image', prompt, attachments: [], response: stored.parts, createdAt: 'now' });
			}
			const requests = fake.requests.filter((request) => request.action === 'generateContent');
			assert.strictEqual(requests.length, 3);
			const third = JSON.stringify(requests[2].body.contents);
			for (const signature of [...signatures[0], ...signatures[1]]) {
				assert.ok(third.includes(signature), `the third request replays ${signature}`);
			}

			// With only the latest turn's images replayed, strict mode still accepts the history.
			const limited = buildContents(session, { prompt: 'now at night' }, (file) => files.get(file)!, 1);
			const reply = await client.send(
				{ model: 'gemini-3-pro-image', contents: limited, includeThoughts: true },
				{ apiKey: 'unit-key', endpoint: baseUrl, timeoutMs: 10_000, retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries: 0 } },
			);
			assert.ok(reply.parts.length > 0);
			const fourth = fake.requests.filter((request) => request.action === 'generateContent')[3];
			const inlineCount = (fourth.body.contents as { parts: Record<string, unknown>[] }[]).flatMap((content) => content.parts).filter((part) => part.inlineData).length;
			const lastTurnImages = session.turns[2].response!.filter((part) => part.inlineFile).length;
			assert.strictEqual(inlineCount, lastTurnImages, 'only the latest turn\'s images were sent');
			const sent = JSON.stringify(fourth.body.contents);
			for (const signature of signatures.flat()) {
				assert.ok(sent.includes(signature), `the limited request still replays ${signature}`);
			}
		});
	});
});
