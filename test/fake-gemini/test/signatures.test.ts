// The fake's strict signature model (on by default): a thoughtSignature is valid only for the model that issued it;
// Gemini's documented placeholder values skip validation (for history from another model); anything else is a 400
// that names thought_signature. Driven through the real @google/genai SDK, as the extension drives it. Binding to
// part kind, content and response: signatureBinding.test.ts.
import * as assert from 'node:assert/strict';
import { ApiError, Content, GoogleGenAI } from '@google/genai';
import { FakeGemini, SKIP_SIGNATURE_VALUES, decodeFakeSignature } from '../server';

function apiError(err: unknown): { code: number; status: string; message: string } {
	assert.ok(err instanceof ApiError, `expected ApiError, got ${String(err)}`);
	return JSON.parse(err.message).error;
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
	try {
		await p;
	} catch (e) {
		return e;
	}
	throw new Error('expected a rejection');
}

describe('fake Gemini: signatures bound to their model', function () {
	this.timeout(10000);
	const fake = new FakeGemini();
	let ai: GoogleGenAI;

	before(async () => {
		const baseUrl = await fake.start();
		ai = new GoogleGenAI({ apiKey: 'test-key', apiVersion: 'v1beta', httpOptions: { baseUrl } });
	});
	after(() => fake.stop());
	beforeEach(() => {
		fake.reset();
		fake.options.strictSignatures = true;
	});

	/** One turn with `model`; returns the history (user + model content) as the SDK's chat would keep it. */
	async function oneTurn(model: string, prompt: string): Promise<Content[]> {
		const res = await ai.models.generateContent({ model, contents: prompt, config: { responseModalities: ['TEXT', 'IMAGE'] } });
		const content = res.candidates?.[0]?.content;
		assert.ok(content?.parts?.length, 'the model answered');
		return [
			{ role: 'user', parts: [{ text: prompt }] },
			{ role: 'model', parts: content.parts },
		];
	}

	function signaturesOf(history: Content[]): string[] {
		return history
			.flatMap((c) => (c.role === 'model' ? (c.parts ?? []) : []))
			.map((p) => p.thoughtSignature)
			.filter((s): s is string => typeof s === 'string');
	}

	it('issues signatures that decode to sig:<requestId>:<partIndex>:<model> and remembers the model', async () => {
		const history = await oneTurn('gemini-3-pro-image', 'a red fox');
		const request = fake.requests.at(-1)!;
		const sigs = signaturesOf(history);
		assert.ok(sigs.length > 0);
		for (const sig of sigs) {
			const decoded = decodeFakeSignature(sig);
			assert.ok(decoded, Buffer.from(sig, 'base64').toString());
			assert.equal(decoded.requestId, request.id);
			assert.equal(decoded.model, 'gemini-3-pro-image');
			assert.match(Buffer.from(sig, 'base64').toString(), new RegExp(`^sig:${request.id}:\\d+:gemini-3-pro-image$`));
			assert.ok(fake.issuedSignature(sig));
			assert.equal(fake.signatureModel(sig), 'gemini-3-pro-image');
		}
		assert.equal(fake.signatureModel('Zm9yZ2Vk'), undefined);
		assert.equal(decodeFakeSignature('Zm9yZ2Vk'), undefined);
	});

	it('accepts a replay to the model that issued the signatures', async () => {
		const history = await oneTurn('gemini-3-pro-image', 'a red fox');
		const res = await ai.models.generateContent({
			model: 'gemini-3-pro-image',
			contents: [...history, { role: 'user', parts: [{ text: 'make it blue' }] }],
		});
		assert.ok(res.candidates?.[0]?.content?.parts?.length);
		assert.equal(fake.requests.at(-1)!.status, 200);
	});

	it('rejects signatures replayed to another model: 400 INVALID_ARGUMENT naming thought_signature, no reply consumed', async () => {
		const history = await oneTurn('gemini-3-pro-image', 'a red fox');
		fake.enqueue({ kind: 'text', text: 'kept for the next good request' });
		const err = apiError(
			await rejection(
				ai.models.generateContent({
					model: 'gemini-3.1-flash-image',
					contents: [...history, { role: 'user', parts: [{ text: 'make it blue' }] }],
				}),
			),
		);
		assert.equal(err.code, 400);
		assert.equal(err.status, 'INVALID_ARGUMENT');
		assert.match(err.message, /thought_signature/);
		assert.match(err.message, /gemini-3\.1-flash-image/);
		assert.match(err.message, /content position 2, part position \d+/);
		assert.equal(fake.queued, 1, 'a rejected request does not eat the scripted reply');
		// The other direction too.
		const flash = await oneTurn('gemini-3.1-flash-image', 'a blue fox');
		const back = apiError(
			await rejection(
				ai.models.generateContent({
					model: 'gemini-3-pro-image',
					contents: [...flash, { role: 'user', parts: [{ text: 'again' }] }],
				}),
			),
		);
		assert.equal(back.code, 400);
		assert.match(back.message, /thought_signature/);
	});

	it('rejects one foreign signature among valid ones', async () => {
		const pro = await oneTurn('gemini-3-pro-image', 'a red fox');
		const flash = await oneTurn('gemini-3.1-flash-image', 'a blue fox');
		const err = apiError(
			await rejection(
				ai.models.generateContent({
					model: 'gemini-3.1-flash-image',
					contents: [...flash, ...pro, { role: 'user', parts: [{ text: 'merge them' }] }],
				}),
			),
		);
		assert.equal(err.code, 400);
		assert.match(err.message, /thought_signature in content position 4/);
	});

	for (const placeholder of SKIP_SIGNATURE_VALUES) {
		it(`accepts the documented placeholder ${placeholder} for another model's history`, async () => {
			const pro = await oneTurn('gemini-3-pro-image', 'a red fox');
			const swapped = pro.map((c) =>
				c.role === 'model'
					? { role: 'model', parts: (c.parts ?? []).filter((p) => p.thought !== true).map((p) => ({ ...p, thoughtSignature: placeholder })) }
					: c,
			);
			const res = await ai.models.generateContent({
				model: 'gemini-3.1-flash-image',
				contents: [...swapped, { role: 'user', parts: [{ text: 'make it blue' }] }],
			});
			assert.ok(res.candidates?.[0]?.content?.parts?.length);
			const sent = fake.requests.at(-1)!;
			assert.equal(sent.status, 200);
			assert.ok(sent.body.contents[1].parts.every((p: { thoughtSignature?: string }) => p.thoughtSignature === placeholder));
			// Also valid for hand-written history and for the same model.
			const handWritten = await ai.models.generateContent({
				model: 'gemini-3-pro-image',
				contents: [
					{ role: 'user', parts: [{ text: 'hi' }] },
					{ role: 'model', parts: [{ text: 'hello', thoughtSignature: placeholder }] },
					{ role: 'user', parts: [{ text: 'a cat' }] },
				],
			});
			assert.ok(handWritten.candidates?.[0]?.content?.parts?.length);
		});
	}

	it('placeholders are exact: a near miss is still rejected', async () => {
		for (const bad of ['skip_thought_signature_validator ', 'SKIP_THOUGHT_SIGNATURE_VALIDATOR', 'context_engineering']) {
			const err = apiError(
				await rejection(
					ai.models.generateContent({
						model: 'gemini-3-pro-image',
						contents: [
							{ role: 'user', parts: [{ text: 'hi' }] },
							{ role: 'model', parts: [{ text: 'hello', thoughtSignature: bad }] },
							{ role: 'user', parts: [{ text: 'a cat' }] },
						],
					}),
				),
			);
			assert.equal(err.code, 400, bad);
			assert.match(err.message, /thought_signature/);
		}
	});

	it('without strict mode a foreign signature passes (conflicting reports, gemini-wire.md §9)', async () => {
		const pro = await oneTurn('gemini-3-pro-image', 'a red fox');
		fake.options.strictSignatures = false;
		const res = await ai.models.generateContent({ model: 'gemini-3.1-flash-image', contents: [...pro, { role: 'user', parts: [{ text: 'x' }] }] });
		assert.ok(res.candidates?.[0]?.content?.parts?.length);
	});

	it('issued signatures and their models survive reset()', async () => {
		const pro = await oneTurn('gemini-3-pro-image', 'a red fox');
		fake.reset();
		fake.options.strictSignatures = true;
		const sig = signaturesOf(pro)[0];
		assert.equal(fake.signatureModel(sig), 'gemini-3-pro-image');
		await ai.models.generateContent({ model: 'gemini-3-pro-image', contents: [...pro, { role: 'user', parts: [{ text: 'x' }] }] });
		assert.equal(fake.requests.at(-1)!.status, 200);
	});
});
