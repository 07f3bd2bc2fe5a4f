// Asset batch runs against an in-memory BatchClient (the real client is tested with its own code): one job per model,
// keys `${id}#${n}`, pending jobs in the lock, results saved like a normal run, failed entries listed, cancel.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ImageStudioError } from '../../src/core/errors';
import { cancelAssetsBatch, collectBatch, submitAssetsBatch } from '../../src/assets/batchRun';
import type { BatchClient, BatchEntry, BatchJobStatus } from '../../src/gemini/batchClient';
import { parseLock } from '../../src/assets/lockFile';
import { NodeAssetFiles } from '../../src/assets/nodeFiles';
import type { CallOptions } from '../../src/gemini/geminiClient';
import { DEFAULT_RETRY_POLICY } from '../../src/gemini/retryPolicy';
import type { ParsedImageResponse } from '../../src/gemini/responseParser';
import { renderFakeImage } from '../fake-gemini/server';

function response(bytes: Uint8Array): ParsedImageResponse {
	return {
		images: [{ mimeType: 'image/jpeg', extension: 'jpg', bytes }],
		text: '',
		thoughts: '',
		thoughtImageCount: 0,
		usage: { promptTokens: 1, outputTokens: 1120, thoughtTokens: 0, totalTokens: 1121 },
		modelParts: [],
		leftOutImages: 0,
		leftOutParts: [],
	};
}

class MemoryBatchClient implements BatchClient {
	readonly jobs = new Map<string, { entries: readonly BatchEntry[]; polls: number; cancelled: boolean }>();
	/** Polls before a job succeeds. */
	pollsToFinish = 2;
	failKeys = new Set<string>();
	async submit(entries: readonly BatchEntry[], options: CallOptions & { displayName: string }): Promise<BatchJobStatus> {
		const name = `batches/${this.jobs.size + 1}`;
		assert.ok(options.displayName.startsWith('image-studio-assets-'));
		this.jobs.set(name, { entries, polls: 0, cancelled: false });
		return { name, state: 'pending', model: entries[0].request.model };
	}
	async get(name: string): Promise<BatchJobStatus> {
		const job = this.jobs.get(name)!;
		if (job.cancelled) {
			return { name, state: 'cancelled' };
		}
		if (++job.polls < this.pollsToFinish) {
			return { name, state: 'running' };
		}
		return {
			name,
			state: 'succeeded',
			results: job.entries.map((entry, i) =>
				this.failKeys.has(entry.key)
					? { key: entry.key, error: new ImageStudioError('imageBlocked', 'blocked') }
					: { key: entry.key, response: response(renderFakeImage('image/jpeg', 8, 8, i + 1)) },
			),
		};
	}
	async cancel(name: string): Promise<void> {
		this.jobs.get(name)!.cancelled = true;
	}
}

describe('asset batch runs (in-memory batch client)', () => {
	let root = '';
	const callOptions: CallOptions = { apiKey: 'k', endpoint: '', timeoutMs: 1000, retryPolicy: DEFAULT_RETRY_POLICY };
	const clock = { time: 0, now: () => clock.time, sleep: async (ms: number) => void (clock.time += ms) };
	beforeEach(() => {
		root = fs.mkdtempSync(path.join(os.tmpdir(), 'gis-batch-'));
		fs.writeFileSync(
			path.join(root, 'assets.imagestudio.json'),
			JSON.stringify({
				assets: [
					{ id: 'a', prompt: 'a', output: 'a.jpg', count: 2 },
					{ id: 'b', prompt: 'b', output: 'b.jpg', model: 'gemini-3-pro-image' },
				],
			}),
		);
	});
	afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
	const lock = () => parseLock(fs.readFileSync(path.join(root, 'assets.imagestudio.lock.json'), 'utf8')).lock;

	it('submits one job per model at half price, records it, then collects the results like a normal run', async () => {
		const client = new MemoryBatchClient();
		client.failKeys.add('a#2');
		const files = new NodeAssetFiles(root);
		const submitted = await submitAssetsBatch({ manifestPath: 'assets.imagestudio.json', files, mode: 'missing', batchClient: client, callOptions });
		assert.deepStrictEqual(
			submitted.submitted.map((job) => [job.model, job.outputs.map((o) => o.key)]),
			[
				['gemini-nano-banana-2.1', ['a#1', 'a#2']],
				['gemini-3-pro-image', ['b#1']],
			],
		);
		assert.ok(Math.abs(submitted.estimate.knownUsd - (2 * 0.0336 + 0.134) / 2) < 1e-9);
		assert.strictEqual(lock().pendingBatches?.length, 2);
		const again = await submitAssetsBatch({ manifestPath: 'assets.imagestudio.json', files, mode: 'missing', batchClient: client, callOptions });
		assert.strictEqual(again.submitted.length, 0, 'outputs already waiting are not submitted twice');
		const result = await collectBatch({ files, batchClient: client, callOptions, clock, waitMs: 60_000, pollIntervalMs: 1000 });
		assert.deepStrictEqual(result.stillPending, []);
		assert.deepStrictEqual(
			result.collected.map((job) => [job.name, job.state, job.written, job.failed.map((f) => f.key)]),
			[
				['batches/1', 'succeeded', ['a.jpg'], ['a#2']],
				['batches/2', 'succeeded', ['b.jpg'], []],
			],
		);
		assert.ok(!fs.existsSync(path.join(root, 'a-2.jpg')));
		const after = lock();
		assert.strictEqual(after.pendingBatches, undefined);
		assert.deepStrictEqual(
			after.assets.a.outputs.map((o) => o.path),
			['a.jpg'],
		);
		assert.ok(clock.time >= 1000, 'polled with a wait');
	});

	it('reports jobs still running at the deadline, and cancel drops them from the lock', async () => {
		const client = new MemoryBatchClient();
		client.pollsToFinish = 100;
		const files = new NodeAssetFiles(root);
		await submitAssetsBatch({ manifestPath: 'assets.imagestudio.json', files, mode: 'missing', batchClient: client, callOptions });
		const waiting = await collectBatch({ files, batchClient: client, callOptions, clock, waitMs: 0 });
		assert.deepStrictEqual(waiting.stillPending, ['batches/1', 'batches/2']);
		const cancelled = await cancelAssetsBatch({ files, batchClient: client, callOptions, names: ['batches/1'] });
		assert.deepStrictEqual(cancelled, { cancelled: ['batches/1'], failed: [] });
		assert.deepStrictEqual(
			lock().pendingBatches?.map((b) => b.name),
			['batches/2'],
		);
	});
});
