// The Batch API client with the real @google/genai SDK over HTTP against the fake Gemini server (no vscode).
import * as assert from 'assert';
import { ImageStudioError } from '../../src/core/errors';
import { BatchEntry, BatchJobStatus, GeminiBatchClient, batchState } from '../../src/gemini/batchClient';
import { CallOptions, GeminiImageGenerator, ImageRequest } from '../../src/gemini/geminiClient';
import { DEFAULT_RETRY_POLICY } from '../../src/gemini/retryPolicy';
import { FakeGemini, renderFakeImage } from '../fake-gemini/server';

describe('Gemini batch client (real SDK against the fake server)', () => {
	const fake = new FakeGemini();
	let baseUrl = '';
	const client = new GeminiBatchClient();
	const options = (extra: Partial<CallOptions> = {}): CallOptions => ({
		apiKey: 'unit-key',
		endpoint: baseUrl,
		timeoutMs: 10_000,
		retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries: 0 },
		...extra,
	});
	const submitOptions = (extra: Partial<CallOptions> = {}) => ({ ...options(extra), displayName: 'unit batch' });
	const request = (prompt: string, extra: Partial<ImageRequest> = {}): ImageRequest => ({
		model: 'gemini-3-pro-image',
		prompt,
		aspectRatio: '4:3',
		imageSize: '1K',
		...extra,
	});
	const entries = (...prompts: string[]): BatchEntry[] => prompts.map((p) => ({ key: `key-${p}`, request: request(p) }));

	async function pollUntilDone(name: string): Promise<BatchJobStatus> {
		for (let i = 0; i < 10; i++) {
			const status = await client.get(name, options());
			if (status.state !== 'pending' && status.state !== 'running') {
				return status;
			}
		}
		throw new Error('the job never finished');
	}

	async function rejection(p: Promise<unknown>): Promise<ImageStudioError> {
		const error = await p.then(
			() => assert.fail('expected a rejection'),
			(caught: unknown) => caught,
		);
		assert.ok(error instanceof ImageStudioError, String(error));
		return error;
	}

	before(async () => {
		baseUrl = await fake.start();
	});
	beforeEach(() => fake.reset());
	after(() => fake.stop());

	it('submits inline, polls through running to succeeded, and returns parsed images keyed by entry', async () => {
		fake.options.batchCompletesAfterPolls = 2;
		const submitted = await client.submit(entries('a lighthouse', 'a harbour'), submitOptions());
		assert.match(submitted.name, /^batches\//);
		assert.strictEqual(submitted.state, 'pending');
		assert.strictEqual(submitted.model, 'gemini-3-pro-image');
		assert.strictEqual(submitted.results, undefined);
		const running = await client.get(submitted.name, options());
		assert.strictEqual(running.state, 'running');
		const done = await client.get(submitted.name, options());
		assert.strictEqual(done.state, 'succeeded');
		assert.deepStrictEqual(
			done.results?.map((r) => r.key),
			['key-a lighthouse', 'key-a harbour'],
		);
		for (const result of done.results ?? []) {
			assert.strictEqual(result.error, undefined);
			assert.strictEqual(result.response?.images.length, 1);
			assert.strictEqual(result.response?.images[0].mimeType, 'image/jpeg');
		}
		const rec = await fake.waitForRequest((r) => r.action === 'batchGenerateContent');
		assert.strictEqual(rec.body.batch.displayName, 'unit batch');
	});

	it('sends each entry exactly as generateContent sends the same ImageRequest', async () => {
		const image = { mimeType: 'image/png', bytes: renderFakeImage('image/png', 32, 32, 3) };
		const same = request('the same request', { inputImages: [image], thinkingLevel: undefined });
		await new GeminiImageGenerator().generate(same, options());
		const generated = await fake.waitForRequest((r) => r.action === 'generateContent');
		await client.submit([{ key: 'one', request: same }], submitOptions());
		const batched = await fake.waitForRequest((r) => r.action === 'batchGenerateContent');
		const [inlined] = batched.body.batch.inputConfig.requests.requests;
		assert.deepStrictEqual(inlined.request, generated.body);
		assert.deepStrictEqual(inlined.metadata, { key: 'one' });
	});

	it('maps a per-entry error and an unusable response to errors of those entries only', async () => {
		fake.enqueue({ kind: 'image' }, { kind: 'error', status: 429, retryDelay: '30s' }, { kind: 'promptBlocked' });
		const submitted = await client.submit(entries('ok', 'limited', 'blocked'), submitOptions());
		const done = await pollUntilDone(submitted.name);
		assert.strictEqual(done.state, 'succeeded');
		const [ok, limited, blocked] = done.results ?? [];
		assert.strictEqual(ok.response?.images.length, 1);
		assert.strictEqual(limited.key, 'key-limited');
		assert.strictEqual(limited.error?.code, 'rateLimited');
		assert.strictEqual(limited.response, undefined);
		assert.strictEqual(blocked.error?.code, 'promptBlocked');
	});

	it('matches results by order when Google leaves metadata out', async () => {
		const submitted = await client.submit(entries('first', 'second'), submitOptions());
		for (const entry of fake.batches.get(submitted.name)?.entries ?? []) {
			delete entry.metadata;
		}
		const done = await pollUntilDone(submitted.name);
		assert.deepStrictEqual(
			done.results?.map((r) => r.key),
			['key-first', 'key-second'],
			'the keys this client submitted, by position',
		);
		assert.ok(done.results?.every((r) => r.response?.images.length === 1));
		const elsewhere = await new GeminiBatchClient().get(submitted.name, options());
		assert.deepStrictEqual(
			elsewhere.results?.map((r) => r.key),
			['0', '1'],
			'a client that did not submit the job: the positions',
		);
	});

	it('reports failed (with the job error), expired and cancelled jobs', async () => {
		const failed = await client.submit(entries('x'), submitOptions());
		fake.forceBatchState(failed.name, 'BATCH_STATE_FAILED', 'Batch quota exceeded');
		const failedStatus = await client.get(failed.name, options());
		assert.strictEqual(failedStatus.state, 'failed');
		assert.strictEqual(failedStatus.error, 'Batch quota exceeded');
		assert.strictEqual(failedStatus.results, undefined);

		const expired = await client.submit(entries('y'), submitOptions());
		fake.forceBatchState(expired.name, 'BATCH_STATE_EXPIRED');
		assert.strictEqual((await client.get(expired.name, options())).state, 'expired');

		const cancelled = await client.submit(entries('z'), submitOptions());
		await client.cancel(cancelled.name, options());
		assert.strictEqual(fake.batches.get(cancelled.name)?.state, 'BATCH_STATE_CANCELLED');
		const status = await client.get(cancelled.name, options());
		assert.strictEqual(status.state, 'cancelled');
		assert.strictEqual(status.error, undefined);
	});

	it('goes through a JSONL input file above the inline limit and reads the results file', async () => {
		const uploads: string[] = [];
		const small = new GeminiBatchClient({ inlineLimitBytes: 200 });
		const submitted = await small.submit(entries('tree', 'cat', 'boat'), {
			...submitOptions({ onUpload: (info) => uploads.push(info.displayName) }),
		});
		assert.deepStrictEqual(uploads, ['unit batch.jsonl']);
		const create = await fake.waitForRequest((r) => r.action === 'batchGenerateContent');
		const fileName = create.body.batch.inputConfig.fileName as string;
		assert.match(fileName, /^files\//);
		const file = fake.uploadedFiles.get(fileName);
		assert.strictEqual(file?.mimeType, 'application/jsonl');
		const lines = (file?.bytes.toString('utf8') ?? '')
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l));
		assert.deepStrictEqual(
			lines.map((l) => l.key),
			['key-tree', 'key-cat', 'key-boat'],
		);
		// The line's request is the REST body generateContent sends.
		await new GeminiImageGenerator().generate(request('tree'), options());
		const generated = await fake.waitForRequest((r) => r.action === 'generateContent');
		assert.deepStrictEqual(lines[0].request, generated.body);

		fake.enqueue({ kind: 'error', status: 503 });
		const done = await small.get(submitted.name, options());
		assert.strictEqual(done.state, 'succeeded');
		assert.ok(fake.requests.some((r) => r.action === 'files.download' && r.query === 'alt=media'));
		assert.deepStrictEqual(
			done.results?.map((r) => r.key),
			['key-tree', 'key-cat', 'key-boat'],
		);
		assert.ok(done.results?.every((r) => r.response?.images.length === 1));
	});

	it('refuses mixed models, duplicate keys, an empty batch and names that are not batches/…; 404 is notFound', async () => {
		assert.strictEqual(
			(await rejection(client.submit([...entries('a'), { key: 'b', request: request('b', { model: 'gemini-nano-banana-2.1' }) }], submitOptions()))).code,
			'invalidInput',
		);
		assert.strictEqual((await rejection(client.submit([...entries('a'), ...entries('a')], submitOptions()))).code, 'invalidInput');
		assert.strictEqual((await rejection(client.submit([], submitOptions()))).code, 'invalidInput');
		assert.strictEqual((await rejection(client.get('operations/1', options()))).code, 'invalidInput');
		assert.strictEqual(fake.requests.length, 0, 'nothing was sent');
		const missing = await rejection(client.get('batches/nosuchjob', options()));
		assert.strictEqual(missing.code, 'notFound');
		assert.match(missing.message, /batches\/nosuchjob was not found/);
	});

	it('passes Google’s rejection of a bad request through as badRequest', async () => {
		const error = await rejection(client.submit([{ key: 'wide', request: request('wide', { aspectRatio: '8:1' }) }], submitOptions()));
		assert.strictEqual(error.code, 'badRequest');
		assert.strictEqual(error.options.httpStatus, 400);
	});

	it('maps SDK and wire states', () => {
		assert.strictEqual(batchState('JOB_STATE_PENDING'), 'pending');
		assert.strictEqual(batchState('BATCH_STATE_RUNNING'), 'running');
		assert.strictEqual(batchState('JOB_STATE_SUCCEEDED'), 'succeeded');
		assert.strictEqual(batchState('JOB_STATE_PARTIALLY_SUCCEEDED'), 'succeeded');
		assert.strictEqual(batchState('BATCH_STATE_FAILED'), 'failed');
		assert.strictEqual(batchState('JOB_STATE_CANCELLED'), 'cancelled');
		assert.strictEqual(batchState('BATCH_STATE_EXPIRED'), 'expired');
		assert.strictEqual(batchState(undefined), 'pending');
	});
});
