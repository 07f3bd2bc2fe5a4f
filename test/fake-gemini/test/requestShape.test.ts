// The fake parses bodies the way Google's front end does (proto JSON): a content needs parts, a part needs exactly one
// data field, `text` is a string, enum names are exact. Each rule: one accepted request, the violating variant 400.
import * as assert from 'node:assert/strict';
import { Content, Modality, Part } from '@google/genai';
import { pngBase64, rejection, useFake } from './helpers';

const MODEL = 'gemini-3-pro-image';

describe("fake Gemini: request shape like Google's parser", function () {
	this.timeout(10000);
	const { fake, ai, baseUrl } = useFake();

	const send = (contents: Content[], config = {}) => ai().models.generateContent({ model: MODEL, contents, config });
	const user = (...parts: Part[]): Content => ({ role: 'user', parts });

	it('contents.parts must not be empty', async () => {
		await send([
			user({ text: 'a' }),
			{ role: 'model', parts: [{ text: 'hello', thoughtSignature: 'skip_thought_signature_validator' }] },
			user({ text: 'b' }),
		]);
		const e = await rejection(send([user({ text: 'a' }), { role: 'model', parts: [] }, user({ text: 'b' })]));
		assert.equal(e.code, 400);
		assert.equal(e.status, 'INVALID_ARGUMENT');
		assert.equal(e.message, '* GenerateContentRequest.contents[1].parts: contents.parts must not be empty.\n');
		// No parts at all (the SDK would take such a content for a part, so sent raw).
		const raw = await fetch(`${baseUrl()}/v1beta/models/${MODEL}:generateContent`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-goog-api-key': 'test-key' },
			body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'a' }] }, { role: 'model' }, { role: 'user', parts: [{ text: 'b' }] }] }),
		});
		assert.equal(raw.status, 400);
		assert.equal(((await raw.json()) as any).error.message, '* GenerateContentRequest.contents[1].parts: contents.parts must not be empty.\n');
		const system = await rejection(ai().models.generateContent({ model: MODEL, contents: 'x', config: { systemInstruction: { parts: [] } } }));
		assert.match(system.message, /system_instruction\.parts: contents\.parts must not be empty/);
	});

	it('a part needs one data field: {} or a bare thoughtSignature is refused', async () => {
		await send([user({ text: 'a' }, { inlineData: { mimeType: 'image/png', data: pngBase64() } })]);
		for (const bare of [{}, { thoughtSignature: 'skip_thought_signature_validator' }, { thought: true }] as Part[]) {
			const e = await rejection(send([user({ text: 'a' }, bare)]));
			assert.equal(e.code, 400, JSON.stringify(bare));
			assert.equal(e.message, "* GenerateContentRequest.contents[0].parts[1].data: required oneof field 'data' must have one initialized field\n");
		}
		const two = await rejection(send([user({ text: 'a', inlineData: { mimeType: 'image/png', data: pngBase64() } })]));
		assert.equal(two.code, 400);
		assert.match(two.message, /Oneof field 'data' is already set/);
		// An empty string is a set text field (the stream's last chunk has one).
		await send([user({ text: '' }, { text: 'a cat' })]);
	});

	it('text must be a string', async () => {
		await send([user({ text: '5' })]);
		for (const value of [5, null, { text: 'x' }, ['x']]) {
			const e = await rejection(send([user({ text: value } as unknown as Part)]));
			if (value === null) {
				// JSON null is "not set": the part has no data at all.
				assert.match(e.message, /required oneof field 'data'/);
				continue;
			}
			assert.equal(e.code, 400, JSON.stringify(value));
			assert.equal(e.message, `Invalid JSON payload received. Invalid value at 'contents[0].parts[0].text' (TYPE_STRING), ${JSON.stringify(value)}`);
			assert.equal(e.details?.[0]?.fieldViolations?.[0]?.field, 'contents[0].parts[0].text');
		}
	});

	it('responseModalities: exactly TEXT, IMAGE or AUDIO, and only what the model outputs', async () => {
		await send([user({ text: 'a cat' })], { responseModalities: [Modality.TEXT, Modality.IMAGE] });
		const textOnly = await send([user({ text: 'a cat' })], { responseModalities: [Modality.TEXT] });
		assert.ok(textOnly.candidates?.[0]?.content?.parts?.every((p) => p.inlineData === undefined));
		for (const bad of ['image', 'Image', 'IMAGES', '']) {
			const e = await rejection(send([user({ text: 'a cat' })], { responseModalities: ['TEXT', bad] }));
			assert.equal(e.code, 400, bad);
			assert.equal(
				e.message,
				`Invalid JSON payload received. Invalid value at 'generation_config.response_modalities[1]' (type.googleapis.com/google.ai.generativelanguage.v1beta.GenerationConfig.Modality), ${JSON.stringify(bad)}`,
			);
		}
		const audio = await rejection(send([user({ text: 'a cat' })], { responseModalities: [Modality.AUDIO] }));
		assert.equal(audio.message, 'Model does not support the requested response modalities: audio');
		assert.equal(fake.requests.filter((r) => r.status === 200).length, 2);
	});

	it('a rejected request consumes no scripted reply', async () => {
		fake.enqueue({ kind: 'text', text: 'kept' });
		await rejection(send([user({})]));
		assert.equal(fake.queued, 1);
		assert.equal((await send([user({ text: 'x' })])).text, 'kept');
	});
});
