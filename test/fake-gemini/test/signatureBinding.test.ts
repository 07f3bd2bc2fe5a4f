// Where the fake puts signatures (the documented placement for image models) and what binds them: part kind, part
// content, one use per request, one response per model turn in issued order, and images never unsigned. Each rule:
// the verbatim replay is accepted, the violating variant rejected. Strict mode is the default here (no option set).
import * as assert from 'node:assert/strict';
import { Content, Part } from '@google/genai';
import { FakeGemini, SKIP_SIGNATURE_VALUES, renderFakeImage } from '../server';
import { rejection, useFake, violations } from './helpers';

const PRO = 'gemini-3-pro-image';
const INVALID_AT = (index: number) => new RegExp(`^Unable to submit request because it has an invalid thought signature for content at index ${index}\\.`);

describe('fake Gemini: signatures bound to part kind, content and response', function () {
	this.timeout(20000);
	const { fake, ai } = useFake();

	/** One generate call with a scripted reply; returns [user turn, model turn] as a chat would keep them. */
	async function turn(prompt: string, reply: Parameters<FakeGemini['enqueue']>[0] = { kind: 'image' }, model = PRO): Promise<Content[]> {
		fake.enqueue(reply);
		const res = await ai().models.generateContent({ model, contents: prompt, config: { responseModalities: ['TEXT', 'IMAGE'] } });
		const content = res.candidates?.[0]?.content;
		assert.ok(content?.parts?.length, 'the model answered');
		return [
			{ role: 'user', parts: [{ text: prompt }] },
			{ role: 'model', parts: content.parts },
		];
	}

	/** Sends history + a new user turn to `model`; resolves with the HTTP status, rejects like the SDK. */
	async function replay(history: Content[], model = PRO): Promise<void> {
		await ai().models.generateContent({ model, contents: [...history, { role: 'user', parts: [{ text: 'next' }] }] });
	}

	const withParts = (history: Content[], parts: Part[]): Content[] => [history[0], { role: 'model', parts }];

	it('is strict by default', () => {
		assert.equal(new FakeGemini().options.strictSignatures, true);
		assert.equal(fake.options.strictSignatures, true);
	});

	it('signs the first part after the thoughts and every later image; thoughts and later text unsigned', async () => {
		const [, model] = await turn('a fox', { kind: 'image', text: 'Here are two.', count: 2, thoughts: true });
		const parts = model.parts!;
		assert.deepEqual(
			parts.map((p) => [p.thought === true, p.inlineData ? 'image' : 'text', typeof p.thoughtSignature === 'string']),
			[
				[true, 'text', false],
				[true, 'image', false],
				[false, 'text', true],
				[false, 'image', true],
				[false, 'image', true],
			],
		);
		const [, imageFirst] = await turn('a cat', { kind: 'image' });
		assert.ok(imageFirst.parts![0].thoughtSignature);
		// A stream's closing `{"text":""}` comes unsigned.
		const chunks = [];
		for await (const c of await ai().models.generateContentStream({ model: PRO, contents: 'a dog' })) {
			chunks.push(...(c.candidates?.[0]?.content?.parts ?? []));
		}
		assert.deepEqual(
			chunks.map((p) => typeof p.thoughtSignature === 'string'),
			[true, false],
		);
		// Models whose entry does not sign (2.5 Flash Image) return no signatures, and nothing is checked for them.
		fake.options.shutDownModels = [];
		const [, old] = await turn('a bird', { kind: 'image', text: 'x' }, 'gemini-2.5-flash-image');
		assert.ok(old.parts!.every((p) => p.thoughtSignature === undefined));
	});

	it('a verbatim replay passes, thoughts and all, also after a streamed chat turn', async () => {
		const history = await turn('a fox', { kind: 'image', text: 'Here are two.', count: 2, thoughts: true });
		await replay(history);
		const chat = ai().chats.create({ model: PRO });
		for await (const chunk of await chat.sendMessageStream({ message: 'a cat' })) {
			assert.ok(chunk);
		}
		// The SDK keeps each streamed chunk as its own model turn; sent back as is.
		await chat.sendMessage({ message: 'make it blue' });
		assert.ok(fake.requests.every((r) => r.status === 200));
	});

	it('a signature moved to another kind of part is invalid', async () => {
		const history = await turn('a fox');
		const image = history[1].parts![0];
		const e = await rejection(replay(withParts(history, [{ text: '(an earlier image)', thoughtSignature: image.thoughtSignature }])));
		assert.equal(e.code, 400);
		assert.match(e.message, INVALID_AT(1));
		assert.match(violations(e), /contents\[1\]\.parts\[0\]\.thought_signature: The signature was issued for an image part/);
	});

	it('a signed part whose content changed is invalid: other text, other image bytes', async () => {
		const history = await turn('a fox', { kind: 'image', text: 'Here it is.' });
		const [text, image] = history[1].parts!;
		const changedText = await rejection(replay(withParts(history, [{ ...text, text: 'Here it is!' }, image])));
		assert.match(changedText.message, INVALID_AT(1));
		assert.match(violations(changedText), /differs from the one the signature was issued with/);
		const otherBytes = renderFakeImage('image/jpeg', 64, 64, 7).toString('base64');
		const changedImage = await rejection(replay(withParts(history, [text, { ...image, inlineData: { mimeType: 'image/jpeg', data: otherBytes } }])));
		assert.match(changedImage.message, INVALID_AT(1));
		// Same bytes in the other base64 alphabet are the same content.
		const urlSafe = image.inlineData!.data!.replace(/\+/g, '-').replace(/\//g, '_');
		await replay(withParts(history, [text, { ...image, inlineData: { ...image.inlineData, data: urlSafe } }]));
	});

	it('a signature used twice in one request is invalid', async () => {
		const history = await turn('a fox');
		const e = await rejection(replay([...history, { role: 'user', parts: [{ text: 'again' }] }, history[1]]));
		assert.equal(e.code, 400);
		assert.match(e.message, INVALID_AT(3));
		assert.match(violations(e), /used more than once/);
		const twice = await rejection(replay(withParts(history, [history[1].parts![0], history[1].parts![0]])));
		assert.match(violations(twice), /used more than once/);
	});

	it('one model turn holds one response, in issued order', async () => {
		const first = await turn('a fox');
		const second = await turn('a cat');
		await replay([...first, ...second]);
		const merged = await rejection(replay([first[0], { role: 'model', parts: [...first[1].parts!, ...second[1].parts!] }]));
		assert.match(merged.message, INVALID_AT(1));
		assert.match(violations(merged), /mixes signatures of different responses/);
		const two = await turn('two foxes', { kind: 'image', count: 2 });
		await replay(two);
		const swapped = await rejection(replay(withParts(two, [two[1].parts![1], two[1].parts![0]])));
		assert.match(swapped.message, INVALID_AT(1));
		assert.match(violations(swapped), /not in the order they were issued/);
	});

	it('an image of a model turn without a signature is refused; unsigned text the model never signed passes', async () => {
		const history = await turn('a fox', { kind: 'image', text: 'Here it is.' });
		const [text, image] = history[1].parts!;
		const { thoughtSignature: _dropped, ...unsignedImage } = image;
		const e = await rejection(replay(withParts(history, [text, unsignedImage])));
		assert.equal(e.code, 400);
		assert.equal(e.status, 'INVALID_ARGUMENT');
		assert.match(e.message, /^Image part is missing a thought_signature in content position 2, part position 2\./);
		// Hand-written text in a model turn needs no signature (text/chat is not validated strictly).
		await replay([
			{ role: 'user', parts: [{ text: 'hi' }] },
			{ role: 'model', parts: [{ text: 'Hello! What shall I draw?' }] },
		]);
		// Thought images come unsigned and go back unsigned.
		await replay(await turn('a cat', { kind: 'image', thoughts: true }));
	});

	it('a part the fake signed, returned without its signature, is refused', async () => {
		const history = await turn('a fox', { kind: 'image', text: 'Here it is.' });
		const [text, image] = history[1].parts!;
		const { thoughtSignature: _dropped, ...unsignedText } = text;
		const e = await rejection(replay(withParts(history, [unsignedText, image])));
		assert.match(e.message, /^Text part is missing a thought_signature in content position 2, part position 1\./);
	});

	it('signatures not issued here, or issued for another model, are refused', async () => {
		const history = await turn('a fox');
		const forged = await rejection(
			replay(withParts(history, [{ ...history[1].parts![0], thoughtSignature: Buffer.from(`sig:999999:0:${PRO}`).toString('base64') }])),
		);
		assert.match(forged.message, /^Corrupted thought signature/);
		const flash = await rejection(replay(history, 'gemini-nano-banana-2.1'));
		assert.match(flash.message, /issued by another model and is not valid for gemini-nano-banana-2\.1/);
	});

	for (const placeholder of SKIP_SIGNATURE_VALUES) {
		it(`the placeholder ${placeholder} passes on any part of any model, moved or edited`, async () => {
			const history = await turn('a fox', { kind: 'image', text: 'Here it is.' });
			const edited: Part[] = [
				{ text: 'an edited caption', thoughtSignature: placeholder },
				{ text: '(an earlier image)', thoughtSignature: placeholder },
				{ inlineData: { mimeType: 'image/png', data: renderFakeImage('image/png', 32, 32, 3).toString('base64') }, thoughtSignature: placeholder },
			];
			for (const model of [PRO, 'gemini-nano-banana-2.1', 'gemini-3.1-flash-lite-image']) {
				await replay(withParts(history, edited), model);
			}
			assert.ok(fake.requests.every((r) => r.status === 200));
		});
	}
});
