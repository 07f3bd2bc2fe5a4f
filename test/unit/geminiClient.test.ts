// The client with the real @google/genai SDK over HTTP against the fake Gemini server (no vscode).
import * as assert from 'assert';
import { ImageStudioError } from '../../src/core/errors';
import { CallOptions, GeminiImageGenerator, normaliseEndpoint } from '../../src/gemini/geminiClient';
import { listImageModels } from '../../src/gemini/modelList';
import { DEFAULT_RETRY_POLICY } from '../../src/gemini/retryPolicy';
import { FakeGemini, renderFakeImage } from '../fake-gemini/server';

describe('Gemini client (real SDK against the fake server)', () => {
	const fake = new FakeGemini();
	let baseUrl = '';
	const generator = new GeminiImageGenerator();
	const options = (extra: Partial<CallOptions> = {}): CallOptions => ({
		apiKey: 'unit-key',
		endpoint: baseUrl,
		timeoutMs: 10_000,
		retryPolicy: { ...DEFAULT_RETRY_POLICY, initialDelayMs: 10, maxDelayMs: 20 },
		...extra,
	});
	const request = { model: 'gemini-3-pro-image', prompt: 'a lighthouse', aspectRatio: '4:3', imageSize: '1K' as const };

	before(async () => {
		baseUrl = await fake.start();
	});
	beforeEach(() => fake.reset());
	after(() => fake.stop());

	it('normalises the endpoint setting into the SDK base URL', () => {
		assert.strictEqual(normaliseEndpoint(''), 'https://generativelanguage.googleapis.com');
		assert.strictEqual(normaliseEndpoint('http://127.0.0.1:8080/'), 'http://127.0.0.1:8080');
		assert.strictEqual(normaliseEndpoint('http://127.0.0.1:8080/v1beta'), 'http://127.0.0.1:8080', 'a version path is not doubled');
		assert.strictEqual(normaliseEndpoint('https://proxy.example/gemini/'), 'https://proxy.example/gemini');
		for (const bad of ['not a url', 'ftp://x', 'http://user:pw@host', 'https://h/?key=1']) {
			assert.throws(() => normaliseEndpoint(bad), ImageStudioError, bad);
		}
	});

	it('takes plain http only to this machine, unless the user opted in', () => {
		for (const local of ['http://127.0.0.1:8080', 'http://127.8.9.10', 'http://localhost:9', 'http://[::1]:8123', 'http://gemini.localhost']) {
			assert.doesNotThrow(() => normaliseEndpoint(local), local);
		}
		for (const remote of ['http://10.0.0.5:8080', 'http://proxy.example', 'http://127.0.0.1.nip.io', 'http://[::ffff:7f00:1]']) {
			assert.throws(() => normaliseEndpoint(remote), /plain http to .*not this machine: your API key would travel unencrypted/, remote);
			assert.strictEqual(normaliseEndpoint(remote, { allowInsecure: true }), remote.replace(/\/$/, ''));
		}
		assert.strictEqual(normaliseEndpoint('https://proxy.example'), 'https://proxy.example');
	});

	it('never lets the key into an error: an endpoint that echoes it is redacted where the error is made', async () => {
		const key = 'AIzaSy-echoed-sentinel-0042';
		fake.enqueue({ kind: 'error', status: 400, message: `Request with key ${key} is not allowed (x-goog-api-key: ${key})` });
		const error = await generator.generate(request, options({ apiKey: key, retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries: 0 } })).then(
			() => assert.fail('expected a rejection'),
			(caught: unknown) => caught as ImageStudioError,
		);
		assert.ok(error instanceof ImageStudioError);
		assert.match(error.message, /\[redacted\]/);
		assert.ok(!error.message.includes(key) && !String(error.options.detail).includes(key), `${error.message} / ${String(error.options.detail)}`);
	});

	it('lists the image models through the SDK, following every page', async () => {
		const models = await listImageModels(options());
		const ids = models.map((model) => model.id);
		assert.ok(ids.includes('gemini-3-pro-image'), ids.join());
		assert.ok(!ids.includes('gemini-2.5-flash-image'), 'shut-down models are not listed');
		const listRequests = fake.requests.filter((r) => r.action === 'list');
		assert.ok(listRequests.length >= 1);
		assert.ok(
			listRequests.every((r) => r.headers['x-goog-api-key'] === 'unit-key' && /pageSize=1000/.test(r.query)),
			'the key in the header, the largest page asked',
		);
	});

	it('sends v1beta with the key in the header and returns the JPEG of a Gemini 3 model', async () => {
		const result = await generator.generate(request, options());
		assert.strictEqual(result.images.length, 1);
		assert.strictEqual(result.images[0].mimeType, 'image/jpeg');
		assert.ok(result.images[0].thoughtSignature, 'the signature is kept');
		const [recorded] = fake.requests;
		assert.strictEqual(recorded.path, '/v1beta/models/gemini-3-pro-image:generateContent');
		assert.strictEqual(recorded.headers['x-goog-api-key'], 'unit-key');
		assert.deepStrictEqual(recorded.body.generationConfig.imageConfig, { aspectRatio: '4:3', imageSize: '1K' });
	});

	it('works with a base URL that carries a version path', async () => {
		const result = await generator.generate(request, options({ endpoint: `${baseUrl}/v1beta/` }));
		assert.strictEqual(result.images.length, 1);
		assert.strictEqual(fake.requests[0].path, '/v1beta/models/gemini-3-pro-image:generateContent');
	});

	it('sends input images inline', async () => {
		const png = renderFakeImage('image/png', 16, 16, 7);
		const result = await generator.generate({ ...request, inputImages: [{ mimeType: 'image/png', bytes: png }] }, options());
		assert.strictEqual(result.images.length, 1);
		const part = fake.requests[0].body.contents[0].parts[1];
		assert.strictEqual(part.inlineData.mimeType, 'image/png');
		assert.strictEqual(part.inlineData.data, png.toString('base64'));
	});

	it('uploads images above the inline limit through the Files API and references them', async () => {
		const big = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(3 * 1024 * 1024, 7)]);
		const uploads: string[] = [];
		await generator
			.generate(
				{ ...request, inputImages: [{ mimeType: 'image/png', bytes: big, displayName: 'huge.png' }] },
				options({ inlineLimitBytes: 1024 * 1024, onUpload: ({ displayName }) => uploads.push(displayName) }),
			)
			.catch(() => undefined); // The fake refuses bytes that are not a real image; what matters is what was sent.
		assert.deepStrictEqual(uploads, ['huge.png']);
		const [file] = [...fake.uploadedFiles.values()];
		assert.ok(file.bytes.equals(big), 'the exact bytes were uploaded');
		const generate = fake.requests.find((r) => r.action === 'generateContent')!;
		assert.strictEqual(generate.body.contents[0].parts[1].fileData.fileUri, file.uri);
		assert.ok(!generate.rawBody.includes(big.subarray(0, 64).toString('base64')), 'not also sent inline');
	});

	it('a cancel stops an upload in progress', async () => {
		const big = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(20 * 1024 * 1024, 1)]);
		const controller = new AbortController();
		fake.once('request', () => controller.abort());
		await assert.rejects(
			generator.generate(
				{ ...request, inputImages: [{ mimeType: 'image/png', bytes: big }] },
				options({ inlineLimitBytes: 1024, signal: controller.signal }),
			),
			(error: ImageStudioError) => error.code === 'cancelled',
		);
		assert.strictEqual(fake.uploadedFiles.size, 0, 'no file was completed');
		assert.ok(!fake.requests.some((r) => r.action === 'generateContent'));
	});

	it('retries 503 with backoff and reports each retry', async () => {
		fake.enqueue({ kind: 'error', status: 503 }, { kind: 'error', status: 500 });
		const retries: number[] = [];
		const result = await generator.generate(request, options({ onRetry: ({ retry }) => retries.push(retry) }));
		assert.strictEqual(result.images.length, 1);
		assert.deepStrictEqual(retries, [1, 2]);
		assert.strictEqual(fake.requests.length, 3);
	});

	it('honours RetryInfo on 429', async () => {
		fake.enqueue({ kind: 'error', status: 429, retryDelay: '0.3s' });
		const delays: number[] = [];
		await generator.generate(request, options({ onRetry: ({ delayMs }) => delays.push(delayMs) }));
		assert.strictEqual(delays.length, 1);
		assert.ok(delays[0] >= 300 && delays[0] <= 360, `advertised 300 ms plus at most 20 %: ${delays[0]}`);
		assert.ok(fake.requests[1].receivedAt - fake.requests[0].receivedAt >= 300);
	});

	it('does not retry a bad key, and gives up after maxRetries', async () => {
		fake.enqueue({ kind: 'error', status: 400 });
		await assert.rejects(generator.generate(request, options()), (error: ImageStudioError) => error.code === 'badKey');
		assert.strictEqual(fake.requests.length, 1);
		fake.reset();
		fake.enqueue({ kind: 'error', status: 503 }, { kind: 'error', status: 503 });
		await assert.rejects(
			generator.generate(request, options({ retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries: 1, initialDelayMs: 1 } })),
			(error: ImageStudioError) => error.code === 'serverUnavailable',
		);
		assert.strictEqual(fake.requests.length, 2);
	});

	it('tells a timeout from a cancel, and a cancel during the backoff wait stops at once', async () => {
		fake.enqueue({ kind: 'stall' });
		await assert.rejects(generator.generate(request, options({ timeoutMs: 300 })), (error: ImageStudioError) => error.code === 'timeout');
		fake.reset();
		fake.enqueue({ kind: 'stall' });
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 200);
		await assert.rejects(generator.generate(request, options({ signal: controller.signal })), (error: ImageStudioError) => error.code === 'cancelled');
		await fake.waitForRequest((r) => r.closedByClient === true, 2000);
		assert.ok(fake.requests[0].closedByClient, 'the HTTP request was aborted');
		fake.reset();
		fake.enqueue({ kind: 'error', status: 429, retryDelay: '30s' });
		const waiting = new AbortController();
		setTimeout(() => waiting.abort(), 200);
		const started = Date.now();
		await assert.rejects(generator.generate(request, options({ signal: waiting.signal })), (error: ImageStudioError) => error.code === 'cancelled');
		assert.ok(Date.now() - started < 5000, 'did not wait for the 30 s delay');
	});

	it('maps a refused connection to a network error', async () => {
		await assert.rejects(
			generator.generate(request, options({ endpoint: 'http://127.0.0.1:9', retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries: 0 } })),
			(error: ImageStudioError) => error.code === 'network',
		);
	});
});
