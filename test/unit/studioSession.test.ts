// The studio's session: model parts stored exactly (thought parts and signatures included), images moved to files and
// back byte for byte; session.json checked on the way in; a conversation replayed to the fake Gemini in strict mode.
import * as assert from 'assert';
import { GeminiChatClient } from '../../src/gemini/chatClient';
import { DEFAULT_RETRY_POLICY } from '../../src/gemini/retryPolicy';
import { buildContents, LEFT_OUT_IMAGE_TEXT, planHistory, SKIP_SIGNATURE_VALIDATION } from '../../src/studio/historyBuilder';
import { createSession, parseSession, serializeSession, storeModelParts, StudioSession, titleFromPrompt } from '../../src/studio/session';
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

	it('round-trips session.json and rejects damaged ones with a reason', () => {
		const session: StudioSession = createSession('s1', 'gemini-3-pro-image');
		session.title = titleFromPrompt('  a   fox\nin the snow ');
		assert.strictEqual(session.title, 'a fox in the snow');
		session.turns.push({
			id: 't1',
			model: 'm',
			prompt: 'a fox',
			attachments: [],
			response: storeModelParts(receivedParts(), (i, e) => `t1-p${i}.${e}`).parts,
			createdAt: 'now',
		});
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

		it('continues a three-turn conversation with thoughts and signatures, then with its oldest images left out', async () => {
			fake.reset();
			fake.setOptions({ strictSignatures: true });
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
				assert.ok(
					reply.parts.some((part) => part.thought),
					'thought parts came back',
				);
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

			// A budget that leaves out the oldest images: notes with the placeholder, and strict mode still accepts it.
			const next = { prompt: 'now at night', model: 'gemini-3-pro-image' };
			const full = buildContents(session, next, (file) => files.get(file)!);
			const budget = Buffer.byteLength(JSON.stringify(full)) - 1;
			const plan = planHistory(session, next, { maxBytes: budget, maxImages: 14 }, (file) => files.get(file)!.byteLength);
			assert.ok(plan.leftOut.size > 0 && plan.bytes <= budget);
			const limited = plan.contents((file) => files.get(file)!);
			const reply = await client.send(
				{ model: 'gemini-3-pro-image', contents: limited, includeThoughts: true },
				{ apiKey: 'unit-key', endpoint: baseUrl, timeoutMs: 10_000, retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries: 0 } },
			);
			assert.ok(reply.parts.length > 0);
			const fourth = fake.requests.filter((request) => request.action === 'generateContent')[3];
			assert.strictEqual(fourth.status, 200);
			const firstModelTurn = (fourth.body.contents as { parts: Record<string, unknown>[] }[])[1].parts;
			assert.deepStrictEqual(
				firstModelTurn.find((part) => part.inlineData === undefined && part.text === LEFT_OUT_IMAGE_TEXT)?.thoughtSignature,
				SKIP_SIGNATURE_VALIDATION,
				'the oldest image became a note with the placeholder',
			);
			const sent = JSON.stringify(fourth.body.contents);
			for (const signature of [...signatures[1], ...signatures[2]]) {
				assert.ok(sent.includes(signature), `the newer turns keep ${signature}`);
			}
		});
	});
});
