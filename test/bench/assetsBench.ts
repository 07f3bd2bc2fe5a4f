// `npm run bench` (also alone: `npm run bench -- --assets-only`): a 30-asset manifest run by the asset engine with
// the Node files port against the fake Gemini under a requests-per-minute quota of 60. The fake's quota window is
// scaled from 60 s to 5 s (5 requests per 5 s: still 60 per minute, so the run takes ~30 s instead of minutes of
// bursts). Throughput ratio = achieved requests per minute / the quota's 60; goal ≥ 0.9 with 0 failed.
//   node out/test/bench/assetsBench.js
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeAssetFiles } from '../../src/assets/nodeFiles';
import { runAssets } from '../../src/assets/runner';
import { collectBatch, submitAssetsBatch } from '../../src/assets/batchRun';
import { GeminiBatchClient } from '../../src/gemini/batchClient';
import { GeminiImageGenerator } from '../../src/gemini/geminiClient';
import { DEFAULT_RETRY_POLICY } from '../../src/gemini/retryPolicy';
import { FakeGemini } from '../fake-gemini/server';

export const ASSETS = 30;
export const QUOTA_RPM = 60;
const QUOTA_WINDOW_MS = 5000;
const GOAL = 0.9;

export interface AssetsBenchResult {
	readonly assets: number;
	readonly quotaRpm: number;
	readonly elapsedMs: number;
	readonly achievedRpm: number;
	readonly ratio: number;
	readonly failed: number;
	readonly rateLimited: number;
}

export async function runAssetsBench(): Promise<AssetsBenchResult> {
	const fake = new FakeGemini({ quotaPerMinute: QUOTA_RPM, quotaWindowMs: QUOTA_WINDOW_MS, defaultDelayMs: 200 });
	const url = await fake.start();
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gis-assets-bench-'));
	try {
		const assets = Array.from({ length: ASSETS }, (_, i) => ({ id: `asset-${i}`, prompt: `game sprite number ${i}`, output: `sprites/sprite-${i}.jpg` }));
		fs.writeFileSync(path.join(root, 'assets.imagestudio.json'), JSON.stringify({ assets }));
		const started = Date.now();
		const result = await runAssets({
			manifestPath: 'assets.imagestudio.json',
			files: new NodeAssetFiles(root),
			mode: 'missing',
			generator: new GeminiImageGenerator(),
			callOptions: { apiKey: 'bench-key', endpoint: url, timeoutMs: 30_000, retryPolicy: DEFAULT_RETRY_POLICY },
			limits: { requestsPerMinute: QUOTA_RPM, concurrency: 4 },
		});
		const elapsedMs = Date.now() - started;
		const generateRequests = fake.requests.filter((r) => r.action === 'generateContent');
		const rateLimited = generateRequests.length - ASSETS;
		const achievedRpm = (result.generated.length / elapsedMs) * 60_000;
		return {
			assets: ASSETS,
			quotaRpm: QUOTA_RPM,
			elapsedMs,
			achievedRpm,
			ratio: achievedRpm / QUOTA_RPM,
			failed: result.failed.length + result.notRun.length,
			rateLimited,
		};
	} finally {
		await fake.stop();
		fs.rmSync(root, { recursive: true, force: true });
	}
}

export interface AssetsBatchBenchResult {
	readonly assets: number;
	readonly elapsedMs: number;
	/** HTTP requests the batch path sent: one job, its polls, nothing per asset. */
	readonly requests: number;
	readonly written: number;
	readonly failed: number;
}

/**
 * The same 30 assets through batch mode under the same quota: one job instead of 30 requests, so the quota does not
 * bound it; Google answers within 24 hours, the fake after its first poll. Measures the engine's own cost (build the
 * job, parse 30 inline results, verify and write 30 files, keep the lock) and that nothing fails.
 */
export async function runAssetsBatchBench(): Promise<AssetsBatchBenchResult> {
	const fake = new FakeGemini({ quotaPerMinute: QUOTA_RPM, quotaWindowMs: QUOTA_WINDOW_MS, batchCompletesAfterPolls: 1 });
	const url = await fake.start();
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gis-assets-batch-bench-'));
	try {
		const assets = Array.from({ length: ASSETS }, (_, i) => ({ id: `asset-${i}`, prompt: `game sprite number ${i}`, output: `sprites/sprite-${i}.jpg` }));
		fs.writeFileSync(path.join(root, 'assets.imagestudio.json'), JSON.stringify({ assets }));
		const files = new NodeAssetFiles(root);
		const batchClient = new GeminiBatchClient();
		const callOptions = { apiKey: 'bench-key', endpoint: url, timeoutMs: 30_000, retryPolicy: DEFAULT_RETRY_POLICY };
		const started = Date.now();
		const submitted = await submitAssetsBatch({ manifestPath: 'assets.imagestudio.json', files, mode: 'missing', batchClient, callOptions });
		const collected = await collectBatch({ files, batchClient, callOptions, waitMs: 60_000, pollIntervalMs: 100 });
		const elapsedMs = Date.now() - started;
		const written = collected.collected.reduce((sum, job) => sum + job.written.length, 0);
		const failed = submitted.failed.length + collected.collected.reduce((sum, job) => sum + job.failed.length, 0) + collected.stillPending.length;
		return { assets: ASSETS, elapsedMs, requests: fake.requests.filter((r) => !r.path.startsWith('/__fake')).length, written, failed };
	} finally {
		await fake.stop();
		fs.rmSync(root, { recursive: true, force: true });
	}
}

export function printAssetsBatchBench(result: AssetsBatchBenchResult): boolean {
	const ok = result.failed === 0 && result.written === result.assets;
	console.log(
		`[bench] assets (batch mode): ${result.assets} assets as one job under the same quota: ${(result.elapsedMs / 1000).toFixed(1)} s, ` +
			`${result.requests} HTTP requests (1 job + polls), ${result.written} written, ${result.failed} failed ${ok ? '✓' : '✗'}`,
	);
	return ok;
}

export function printAssetsBench(result: AssetsBenchResult): boolean {
	const ok = result.ratio >= GOAL && result.failed === 0;
	console.log(
		`[bench] assets: ${result.assets} assets under a fake ${result.quotaRpm} RPM quota (window scaled to ${QUOTA_WINDOW_MS / 1000} s): ` +
			`${(result.elapsedMs / 1000).toFixed(1)} s, ${result.achievedRpm.toFixed(1)} requests/min, throughput ratio ${result.ratio.toFixed(2)} (goal ≥ ${GOAL}), ` +
			`${result.failed} failed, ${result.rateLimited} answered 429 ${ok ? '✓' : '✗'}`,
	);
	return ok;
}

if (require.main === module) {
	runAssetsBench()
		.then(async (result) => {
			const interactive = printAssetsBench(result);
			const batch = printAssetsBatchBench(await runAssetsBatchBench());
			process.exit(interactive && batch ? 0 : 1);
		})
		.then(undefined, (error) => {
			console.error(error);
			process.exit(1);
		});
}
