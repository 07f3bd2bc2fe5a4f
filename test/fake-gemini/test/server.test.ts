// Over 400 lines: one suite per server behaviour; each test is short.
// Checks the fake Gemini server against the real @google/genai SDK, so the
// fake stays faithful to the wire format the extension will meet.
import * as assert from 'node:assert/strict';
import { ApiError, GoogleGenAI } from '@google/genai';
import { FakeGemini, RecordedRequest, expectedDimensions, promptSeed, renderFakeImage } from '../server';

/** Dimensions from PNG IHDR or JPEG SOFn, parsed independently of the fake. */
function headerSize(bytes: Buffer): { type: 'png' | 'jpeg'; width: number; height: number } {
	if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
		assert.equal(bytes.toString('latin1', 12, 16), 'IHDR');
		return { type: 'png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
	}
	assert.equal(bytes.readUInt16BE(0), 0xffd8, 'not a JPEG (no SOI)');
	let p = 2;
	while (p < bytes.length) {
		assert.equal(bytes[p], 0xff, `bad JPEG marker at ${p}`);
		const marker = bytes[p + 1];
		const len = bytes.readUInt16BE(p + 2);
		if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
			return { type: 'jpeg', height: bytes.readUInt16BE(p + 5), width: bytes.readUInt16BE(p + 7) };
		}
		p += 2 + len;
	}
	throw new Error('no SOF marker');
}

function apiErrorBody(err: unknown): any {
	assert.ok(err instanceof ApiError, `expected ApiError, got ${String(err)}`);
	return JSON.parse(err.message).error;
}

async function rejects(p: Promise<unknown>): Promise<unknown> {
	try {
		await p;
	} catch (e) {
		return e;
	}
	throw new Error('expected a rejection');
}

function promptOf(r: RecordedRequest): string | undefined {
	return r.body?.contents?.at(-1)?.parts?.[0]?.text;
}

describe('fake Gemini server', function () {
	this.timeout(10000);
	const fake = new FakeGemini();
	let baseUrl = '';
	let ai: GoogleGenAI;

	before(async () => {
		baseUrl = await fake.start();
		ai = new GoogleGenAI({ apiKey: 'test-key', apiVersion: 'v1beta', httpOptions: { baseUrl } });
	});
	after(() => fake.stop());
	beforeEach(() => fake.reset());

	it('starts on a loopback URL without a version path', () => {
		assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
	});

	it('documents the size rule through expectedDimensions', () => {
		assert.deepEqual(expectedDimensions('16:9', '1K'), { width: 1024, height: 576 });
		assert.deepEqual(expectedDimensions('9:16', '2K'), { width: 1152, height: 2048 });
		assert.deepEqual(expectedDimensions('1:1', '4K'), { width: 4096, height: 4096 });
		assert.deepEqual(expectedDimensions('21:9', '1K'), { width: 1024, height: 440 });
		assert.deepEqual(expectedDimensions('1:8', '512'), { width: 64, height: 512 });
		assert.deepEqual(expectedDimensions(), { width: 1024, height: 1024 });
	});

	const combos: [string, string | undefined][] = [
		['1:1', undefined],
		['16:9', '1K'],
		['9:16', '2K'],
		['21:9', '512'],
		['1:8', '4K'],
		['4:5', '1K'],
	];
	for (const [aspectRatio, imageSize] of combos) {
		it(`gemini-3 returns a signed JPEG for ${aspectRatio} ${imageSize ?? '(default size)'}`, async () => {
			const prompt = `a lighthouse ${aspectRatio}`;
			const res = await ai.models.generateContent({
				model: 'gemini-3.1-flash-image',
				contents: prompt,
				config: { responseModalities: ['IMAGE'], imageConfig: imageSize ? { aspectRatio, imageSize } : { aspectRatio } },
			});
			const parts = res.candidates?.[0]?.content?.parts ?? [];
			assert.equal(res.candidates?.[0]?.content?.role, 'model');
			assert.equal(res.candidates?.[0]?.finishReason, 'STOP');
			assert.equal(parts.length, 1);
			const image = parts[0];
			assert.equal(image.inlineData?.mimeType, 'image/jpeg');
			assert.ok(image.thoughtSignature && image.thoughtSignature.length > 0);
			assert.ok(fake.issuedSignature(image.thoughtSignature));
			const bytes = Buffer.from(image.inlineData?.data ?? '', 'base64');
			const want = expectedDimensions(aspectRatio, imageSize ?? '1K');
			assert.deepEqual(headerSize(bytes), { type: 'jpeg', ...want });
			assert.ok(bytes.equals(renderFakeImage('image/jpeg', want.width, want.height, promptSeed(prompt))));
			// Flash-family tokens per image by size (Vertex: 747 / 1120 / 1680 / 2520).
			const tokens = ({ '512': 747, '1K': 1120, '2K': 1680, '4K': 2520 } as Record<string, number>)[imageSize ?? '1K'];
			assert.equal(res.usageMetadata?.candidatesTokenCount, tokens);
			assert.deepEqual(res.usageMetadata?.candidatesTokensDetails, [{ modality: 'IMAGE', tokenCount: tokens }]);
			assert.equal(res.modelVersion, 'gemini-3.1-flash-image');
			assert.ok(res.responseId);
		});
	}

	it('different prompts give different images', async () => {
		const a = renderFakeImage('image/jpeg', 256, 256, promptSeed('a cat'));
		const b = renderFakeImage('image/jpeg', 256, 256, promptSeed('a dog'));
		assert.ok(!a.equals(b));
		assert.ok(a.equals(renderFakeImage('image/jpeg', 256, 256, promptSeed('a cat'))));
	});

	it('gemini-2.5-flash-image is shut down by default (404) and returns unsigned PNG when enabled', async () => {
		const err = await rejects(ai.models.generateContent({ model: 'gemini-2.5-flash-image', contents: 'a cat' }));
		assert.equal((err as ApiError).status, 404);
		const body = apiErrorBody(err);
		assert.equal(body.status, 'NOT_FOUND');
		assert.match(body.message, /^models\/gemini-2\.5-flash-image is not found for API version v1beta, or is not supported for generateContent/);

		fake.options.shutDownModels = [];
		const res = await ai.models.generateContent({ model: 'gemini-2.5-flash-image', contents: 'a cat' });
		const image = res.candidates?.[0]?.content?.parts?.[0];
		assert.equal(image?.inlineData?.mimeType, 'image/png');
		assert.equal(image?.thoughtSignature, undefined);
		assert.deepEqual(headerSize(Buffer.from(image?.inlineData?.data ?? '', 'base64')), { type: 'png', width: 1024, height: 1024 });
		assert.equal(res.usageMetadata?.candidatesTokenCount, 1290);
	});

	it('records the request: headers, route, body', async () => {
		await ai.models.generateContent({ model: 'gemini-3-pro-image', contents: 'a cat', config: { imageConfig: { aspectRatio: '3:2' } } });
		const r = await fake.waitForRequest((x) => x.action === 'generateContent');
		assert.equal(r.headers['x-goog-api-key'], 'test-key');
		assert.equal(r.method, 'POST');
		assert.equal(r.path, '/v1beta/models/gemini-3-pro-image:generateContent');
		assert.equal(r.apiVersion, 'v1beta');
		assert.equal(r.model, 'gemini-3-pro-image');
		assert.equal(r.status, 200);
		assert.equal(r.closedByClient, false);
		assert.deepEqual(r.body.generationConfig.imageConfig, { aspectRatio: '3:2' });
		assert.equal(JSON.parse(r.rawBody).contents[0].parts[0].text, 'a cat');
	});

	it('rejects a missing key with 403 and unknown keys with 400 API_KEY_INVALID', async () => {
		const raw = await fetch(`${baseUrl}/v1beta/models/gemini-3-pro-image:generateContent`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'x' }] }] }),
		});
		assert.equal(raw.status, 403);
		const forbidden = ((await raw.json()) as any).error;
		assert.equal(forbidden.status, 'PERMISSION_DENIED');
		assert.match(forbidden.message, /^Method doesn't allow unregistered callers/);

		fake.options.validKeys = ['other-key'];
		const err = await rejects(ai.models.generateContent({ model: 'gemini-3-pro-image', contents: 'x' }));
		assert.equal((err as ApiError).status, 400);
		const body = apiErrorBody(err);
		assert.equal(body.message, 'API key not valid. Please pass a valid API key.');
		assert.equal(body.details[0].reason, 'API_KEY_INVALID');
	});

	it('429 carries QuotaFailure and RetryInfo; per-day variant says PerDay', async () => {
		fake.enqueue({ kind: 'error', status: 429 }, { kind: 'error', status: 429, perDay: true, retryDelay: '37.5s' });
		const first = apiErrorBody(await rejects(ai.models.generateContent({ model: 'gemini-3-pro-image', contents: 'x' })));
		assert.equal(first.code, 429);
		assert.equal(first.status, 'RESOURCE_EXHAUSTED');
		assert.equal(first.details[0]['@type'], 'type.googleapis.com/google.rpc.QuotaFailure');
		assert.deepEqual(first.details[1], { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '15s' });
		assert.doesNotMatch(first.details[0].violations[0].quotaId, /PerDay/);
		const second = apiErrorBody(await rejects(ai.models.generateContent({ model: 'gemini-3-pro-image', contents: 'x' })));
		assert.match(second.details[0].violations[0].quotaId, /PerDay/);
		assert.equal(second.details[1].retryDelay, '37.5s');
		assert.equal(fake.requests.map((r) => r.status).join(), '429,429');
	});

	it('server errors: 500, 503 overloaded, 504, HTML 502', async () => {
		fake.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 503 }, { kind: 'error', status: 504 }, { kind: 'html', status: 502 });
		const e500 = await rejects(ai.models.generateContent({ model: 'gemini-3-pro-image', contents: 'x' }));
		assert.equal(apiErrorBody(e500).status, 'INTERNAL');
		const e503 = await rejects(ai.models.generateContent({ model: 'gemini-3-pro-image', contents: 'x' }));
		assert.equal(apiErrorBody(e503).message, 'The model is overloaded. Please try again later.');
		const e504 = await rejects(ai.models.generateContent({ model: 'gemini-3-pro-image', contents: 'x' }));
		assert.equal((e504 as ApiError).status, 504);
		const e502 = await rejects(ai.models.generateContent({ model: 'gemini-3-pro-image', contents: 'x' }));
		assert.equal((e502 as ApiError).status, 502);
		// Non-JSON bodies are wrapped by the SDK with the raw text as message.
		assert.match(apiErrorBody(e502).message, /<title>Error 502/);
	});

	it('streams an image as two SSE chunks: image + signature, then empty text + STOP', async () => {
		const stream = await ai.models.generateContentStream({ model: 'gemini-3-pro-image', contents: 'a cat' });
		const chunks = [];
		for await (const c of stream) {
			chunks.push(c);
		}
		assert.equal(chunks.length, 2);
		const first = chunks[0].candidates?.[0];
		assert.equal(first?.content?.role, 'model');
		assert.equal(first?.content?.parts?.[0]?.inlineData?.mimeType, 'image/jpeg');
		assert.ok(first?.content?.parts?.[0]?.thoughtSignature);
		assert.equal(first?.finishReason, undefined);
		const last = chunks[1].candidates?.[0];
		assert.deepEqual(last?.content, { role: 'model', parts: [{ text: '' }] });
		assert.equal(last?.finishReason, 'STOP');
		assert.equal(chunks[1].usageMetadata?.candidatesTokenCount, 1120);
		const r = await fake.waitForRequest((x) => x.action === 'streamGenerateContent');
		assert.equal(r.query, 'alt=sse');
	});

	it('streams thoughts first when includeThoughts is set', async () => {
		const stream = await ai.models.generateContentStream({
			model: 'gemini-3-pro-image',
			contents: 'a cat',
			config: { thinkingConfig: { includeThoughts: true } },
		});
		const parts = [];
		for await (const c of stream) {
			parts.push(...(c.candidates?.[0]?.content?.parts ?? []));
		}
		assert.deepEqual(
			parts.map((p) => [p.thought === true, p.inlineData ? 'image' : 'text']),
			[
				[true, 'text'],
				[true, 'image'],
				[false, 'image'],
				[false, 'text'],
			],
		);
	});

	it('strict signatures (the default): verbatim chat replay passes, unsigned or forged replay fails', async () => {
		const chat = ai.chats.create({ model: 'gemini-3-pro-image', config: { responseModalities: ['TEXT', 'IMAGE'] } });
		await chat.sendMessage({ message: 'a cat' });
		await chat.sendMessage({ message: 'make it blue' });
		const second = await fake.waitForRequest((r) => promptOf(r) === 'make it blue');
		assert.equal(second.status, 200);
		const replayed = second.body.contents[1];
		assert.equal(replayed.role, 'model');
		assert.ok(fake.issuedSignature(replayed.parts[0].thoughtSignature));

		const jpeg = renderFakeImage('image/jpeg', 1024, 1024, promptSeed('a cat')).toString('base64');
		const unsigned = ai.chats.create({
			model: 'gemini-3-pro-image',
			history: [
				{ role: 'user', parts: [{ text: 'a cat' }] },
				{ role: 'model', parts: [{ inlineData: { mimeType: 'image/jpeg', data: jpeg } }] },
			],
		});
		const e1 = apiErrorBody(await rejects(unsigned.sendMessage({ message: 'edit it' })));
		assert.equal(e1.code, 400);
		assert.match(e1.message, /thought_signature/);

		const forged = ai.chats.create({
			model: 'gemini-3-pro-image',
			history: [
				{ role: 'user', parts: [{ text: 'a cat' }] },
				{ role: 'model', parts: [{ inlineData: { mimeType: 'image/jpeg', data: jpeg }, thoughtSignature: 'Zm9yZ2Vk' }] },
			],
		});
		assert.match(apiErrorBody(await rejects(forged.sendMessage({ message: 'edit it' }))).message, /thought_signature/);

		// Non-strict mode lets the unsigned replay through (conflicting reports, gemini-wire.md §9).
		fake.options.strictSignatures = false;
		await unsigned.sendMessage({ message: 'edit it' });
	});

	it('abort through config.abortSignal marks the request closedByClient', async () => {
		fake.enqueue({ kind: 'stall' });
		const controller = new AbortController();
		const pending = ai.models.generateContent({ model: 'gemini-3-pro-image', contents: 'abort me', config: { abortSignal: controller.signal } });
		const r = await fake.waitForRequest((x) => promptOf(x) === 'abort me');
		assert.equal(r.closedByClient, false);
		controller.abort();
		const err = await rejects(pending);
		assert.equal((err as Error).name, 'AbortError');
		const closed = await fake.waitForRequest((x) => x.id === r.id && x.closedByClient, 2000);
		assert.equal(closed.status, undefined);
	});

	it('a delayed reply is cancelled by an abort too', async () => {
		fake.enqueue({ kind: 'delay', delayMs: 5000, reply: { kind: 'image' } });
		const controller = new AbortController();
		const started = Date.now();
		const pending = ai.models.generateContent({ model: 'gemini-3-pro-image', contents: 'slow', config: { abortSignal: controller.signal } });
		await fake.waitForRequest((x) => promptOf(x) === 'slow');
		setTimeout(() => controller.abort(), 50);
		await rejects(pending);
		await fake.waitForRequest((x) => promptOf(x) === 'slow' && x.closedByClient, 2000);
		assert.ok(Date.now() - started < 2000);
	});

	it('a stall mid-body trips the client timeout and counts as a client close', async () => {
		fake.enqueue({ kind: 'stall', phase: 'midBody' });
		const err = await rejects(ai.models.generateContent({ model: 'gemini-3-pro-image', contents: 'stall me', config: { httpOptions: { timeout: 300 } } }));
		assert.ok(err instanceof Error);
		const r = await fake.waitForRequest((x) => promptOf(x) === 'stall me' && x.closedByClient, 2000);
		assert.equal(r.status, 200);
	});

	it('records a request whose upload was cut off', async () => {
		const { request } = await import('node:http');
		const req = request(`${baseUrl}/v1beta/models/gemini-3-pro-image:generateContent`, {
			method: 'POST',
			headers: { 'content-length': '100000', 'x-goog-api-key': 'test-key' },
		});
		req.on('error', () => undefined);
		req.write('{"contents":');
		setTimeout(() => req.destroy(), 30);
		const r = await fake.waitForRequest((x) => x.closedByClient);
		assert.equal(r.rawBody, '{"contents":');
		assert.equal(r.body, undefined);
		assert.equal(r.status, undefined);
	});

	it('validates like Google: lowercase 1k, unknown ratio, bad base64, bad mime', async () => {
		const bad = async (config: object, contents: any = 'a cat'): Promise<any> =>
			apiErrorBody(await rejects(ai.models.generateContent({ model: 'gemini-3-pro-image', contents, config })));
		for (const body of [
			await bad({ imageConfig: { imageSize: '1k' } }),
			await bad({ imageConfig: { aspectRatio: '7:5' } }),
			await bad({}, [{ text: 'edit' }, { inlineData: { mimeType: 'image/png', data: '!!notbase64!!' } }]),
			await bad({}, [{ text: 'edit' }, { inlineData: { mimeType: 'image/svg+xml', data: 'PHN2Zz4=' } }]),
		]) {
			assert.equal(body.code, 400);
			assert.equal(body.status, 'INVALID_ARGUMENT');
			assert.equal(body.message, 'Request contains an invalid argument.');
		}
		assert.equal(fake.requests.filter((r) => r.status === 400).length, 4);
		// Valid input images are accepted.
		const png = renderFakeImage('image/png', 64, 64, 1).toString('base64');
		await ai.models.generateContent({
			model: 'gemini-3-pro-image',
			contents: [{ text: 'edit' }, { inlineData: { mimeType: 'image/png', data: png } }],
			config: { imageConfig: { imageSize: '2K' } },
		});
	});

	it('rejects unknown roles and unknown paths in Google format', async () => {
		const res = await fetch(`${baseUrl}/v1beta/models/gemini-3-pro-image:generateContent`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-goog-api-key': 'test-key' },
			body: JSON.stringify({ contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] }),
		});
		assert.equal(res.status, 400);
		assert.equal(((await res.json()) as any).error.message, 'Request contains an invalid argument.');
		const missing = await fetch(`${baseUrl}/v2/nothing`, { headers: { 'x-goog-api-key': 'test-key' } });
		assert.equal(missing.status, 404);
		assert.equal(((await missing.json()) as any).error.status, 'NOT_FOUND');
	});

	it('promptBlocked and finishReason replies are shaped like Google', async () => {
		fake.enqueue(
			{ kind: 'promptBlocked', blockReason: 'PROHIBITED_CONTENT', blockReasonMessage: 'blocked' },
			{ kind: 'finishReason', finishReason: 'IMAGE_SAFETY' },
			{ kind: 'noCandidates' },
			{ kind: 'text', text: 'Only words.' },
		);
		const blocked = await ai.models.generateContent({ model: 'gemini-3-pro-image', contents: 'x' });
		assert.equal(blocked.candidates, undefined);
		assert.equal(blocked.promptFeedback?.blockReason, 'PROHIBITED_CONTENT');
		assert.equal(blocked.promptFeedback?.blockReasonMessage, 'blocked');
		const safety = await ai.models.generateContent({ model: 'gemini-3-pro-image', contents: 'x' });
		assert.equal(safety.candidates?.length, 1);
		assert.equal(safety.candidates?.[0]?.finishReason, 'IMAGE_SAFETY');
		assert.equal(safety.candidates?.[0]?.content?.parts, undefined);
		const empty = await ai.models.generateContent({ model: 'gemini-3-pro-image', contents: 'x' });
		assert.equal(empty.candidates, undefined);
		const text = await ai.models.generateContent({ model: 'gemini-3-pro-image', contents: 'x' });
		assert.equal(text.text, 'Only words.');
		assert.equal(text.candidates?.[0]?.finishReason, 'STOP');
	});

	it('truncated, malformed, corrupt and disconnected replies make the SDK fail or return junk', async () => {
		fake.enqueue({ kind: 'truncated' }, { kind: 'truncated', end: true }, { kind: 'raw', body: '{"candidates":[' }, { kind: 'disconnect' });
		for (let i = 0; i < 4; i++) {
			await rejects(ai.models.generateContent({ model: 'gemini-3-pro-image', contents: `broken ${i}` }));
		}
		fake.enqueue({ kind: 'corruptBase64' }, { kind: 'corruptBase64', variant: 'notAnImage' });
		const c1 = await ai.models.generateContent({ model: 'gemini-3-pro-image', contents: 'a cat' });
		assert.match(c1.candidates?.[0]?.content?.parts?.[0]?.inlineData?.data ?? '', /[^A-Za-z0-9+/=]/);
		const c2 = await ai.models.generateContent({ model: 'gemini-3-pro-image', contents: 'a cat' });
		assert.match(Buffer.from(c2.candidates?.[0]?.content?.parts?.[0]?.inlineData?.data ?? '', 'base64').toString(), /<html>/);
	});

	it('a truncated stream and a mid-stream error reject from the iterator', async () => {
		fake.enqueue({ kind: 'truncated', end: true }, { kind: 'error', status: 503, midStream: true });
		const drain = async (): Promise<number> => {
			let n = 0;
			for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-3-pro-image', contents: 'a cat' })) {
				assert.ok(chunk);
				n++;
			}
			return n;
		};
		const e1 = await rejects(drain());
		assert.match(String(e1), /Incomplete JSON segment/);
		const e2 = await rejects(drain());
		assert.equal((e2 as ApiError).status, 503);
	});

	it('grounding metadata when the request uses googleSearch', async () => {
		const res = await ai.models.generateContent({ model: 'gemini-3-pro-image', contents: 'a cat', config: { tools: [{ googleSearch: {} }] } });
		const g = res.candidates?.[0]?.groundingMetadata;
		assert.match(g?.searchEntryPoint?.renderedContent ?? '', /<div/);
		assert.ok(g?.groundingChunks?.[0]?.web?.uri);
		assert.deepEqual(g?.webSearchQueries, ['a cat']);
	});

	it('countTokens and models.get', async () => {
		const count = await ai.models.countTokens({ model: 'gemini-3-pro-image', contents: 'a cat with a hat' });
		assert.equal(count.totalTokens, 4);
		const model = await ai.models.get({ model: 'gemini-3-pro-image' });
		assert.equal(model.name, 'models/gemini-3-pro-image');
		const gone = await rejects(ai.models.get({ model: 'gemini-3-pro-image-preview' }));
		assert.equal((gone as ApiError).status, 404);
	});

	it('control endpoints script and inspect the server over HTTP', async () => {
		const post = (path: string, body: unknown): Promise<Response> =>
			fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		assert.equal((await post('/__fake/enqueue', [{ kind: 'error', status: 503 }])).status, 200);
		assert.equal((await post('/__fake/enqueue', [{ kind: 'bogus' }])).status, 400);
		assert.equal(fake.options.strictSignatures, true, 'strict by default');
		assert.equal((await post('/__fake/options', { strictSignatures: false })).status, 200);
		assert.equal(fake.options.strictSignatures, false);
		await rejects(ai.models.generateContent({ model: 'gemini-3-pro-image', contents: 'x' }));
		const png = renderFakeImage('image/png', 64, 64, 2).toString('base64');
		await ai.models.generateContent({ model: 'gemini-3-pro-image', contents: [{ text: 'edit' }, { inlineData: { mimeType: 'image/png', data: png } }] });
		const list = (await (await fetch(`${baseUrl}/__fake/requests`)).json()) as RecordedRequest[];
		assert.deepEqual(
			list.map((r) => r.status),
			[503, 200],
		);
		assert.equal(list[1].body.contents[0].parts[1].inlineData.data, `<${png.length} base64 chars>`);
		assert.ok(list[1].rawBody.length < 4200);
		await post('/__fake/reset', {});
		assert.equal(fake.requests.length, 0);
		assert.equal(fake.options.strictSignatures, true, 'reset restores the defaults');
		assert.equal((await fetch(`${baseUrl}/__fake/nope`)).status, 404);
	});
});
