// The asset runner with the Node files port in a temporary folder against the real fake Gemini over HTTP (the real
// SDK): generate missing, a bad entry skipped, lock content, count > 1 naming, a changed prompt backed up and
// replaced, an edited output left alone, a cancelled run that writes nothing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { sha256 } from '../../src/core/hash';
import { sniffImageType } from '../../src/core/imageType';
import { parseLock } from '../../src/assets/lockFile';
import { NodeAssetFiles } from '../../src/assets/nodeFiles';
import { runAssets, RunAssetsOptions } from '../../src/assets/runner';
import { CallOptions, GeminiImageGenerator } from '../../src/gemini/geminiClient';
import { DEFAULT_RETRY_POLICY } from '../../src/gemini/retryPolicy';
import { FakeGemini, renderFakeImage } from '../fake-gemini/server';

describe('asset runner (Node files, real SDK against the fake Gemini)', function () {
	this.timeout(30_000);
	const fake = new FakeGemini();
	let root = '';
	let callOptions: CallOptions;
	const manifest = (assets: object[], style?: string) =>
		fs.writeFileSync(
			path.join(root, 'assets.imagestudio.json'),
			JSON.stringify({ ...(style ? { style } : {}), defaults: { aspectRatio: '1:1' }, assets }, undefined, '\t'),
		);
	const run = (extra: Partial<RunAssetsOptions> = {}) =>
		runAssets({
			manifestPath: 'assets.imagestudio.json',
			files: new NodeAssetFiles(root),
			mode: 'missing',
			generator: new GeminiImageGenerator(),
			callOptions,
			limits: { concurrency: 4, requestsPerMinute: 0 },
			...extra,
		});
	const lock = () => parseLock(fs.readFileSync(path.join(root, 'assets.imagestudio.lock.json'), 'utf8')).lock;
	const twelve = Array.from({ length: 12 }, (_, i) => ({ id: `icon-${i}`, prompt: `icon number ${i}`, output: `icons/icon-${i}.jpg` }));

	before(async () => {
		const url = await fake.start();
		callOptions = { apiKey: 'unit-key', endpoint: url, timeoutMs: 10_000, retryPolicy: DEFAULT_RETRY_POLICY };
	});
	beforeEach(() => {
		fake.reset();
		root = fs.mkdtempSync(path.join(os.tmpdir(), 'gis-assets-'));
	});
	afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
	after(() => fake.stop());

	it('generates the missing assets, skips a bad entry, writes the lock; a second run has nothing to do', async () => {
		fs.mkdirSync(path.join(root, 'refs'));
		fs.writeFileSync(path.join(root, 'refs', 'logo.png'), renderFakeImage('image/png', 8, 8, 1));
		manifest([
			...twelve,
			{ id: 'bad', prompt: 'escapes', output: '../outside.jpg' },
			{ id: 'hero', prompt: 'a hero', output: 'hero.jpg', count: 3, references: ['refs/logo.png'], model: 'gemini-3-pro-image', imageSize: '2K' },
		]);
		const progress: number[] = [];
		const result = await run({ onProgress: (p) => progress.push(p.done) });
		assert.deepStrictEqual(result.failed, []);
		assert.strictEqual(result.generated.length, 13);
		assert.deepStrictEqual(
			result.skipped.map((s) => [s.id, s.reason]),
			[['bad', 'invalid']],
		);
		assert.ok(!fs.existsSync(path.join(root, '..', 'outside.jpg')));
		assert.strictEqual(progress[progress.length - 1], 15, 'fifteen requests: twelve icons and three heroes');
		for (const file of ['hero.jpg', 'hero-2.jpg', 'hero-3.jpg', 'icons/icon-0.jpg', 'icons/icon-11.jpg']) {
			assert.strictEqual(sniffImageType(fs.readFileSync(path.join(root, file)))?.mimeType, 'image/jpeg', file);
		}
		const heroRequest = fake.requests.find((r) => JSON.stringify(r.body).includes('a hero'))!;
		assert.strictEqual(heroRequest.model, 'gemini-3-pro-image');
		assert.ok(JSON.stringify(heroRequest.body).includes('inlineData'), 'the reference is sent');
		const written = lock();
		assert.deepStrictEqual(Object.keys(written.assets).sort(), [...twelve.map((a) => a.id), 'hero'].sort());
		const hero = written.assets.hero;
		assert.deepStrictEqual(
			hero.outputs.map((o) => o.path),
			['hero.jpg', 'hero-2.jpg', 'hero-3.jpg'],
		);
		assert.strictEqual(hero.outputs[0].sha256, sha256(fs.readFileSync(path.join(root, 'hero.jpg'))));
		assert.ok(hero.outputs.every((o) => o.recipe === hero.recipe));
		assert.ok(result.costUsd > 0 && (hero.costUsd ?? 0) > 0);
		assert.ok(
			fs.readdirSync(root, { recursive: true }).every((name) => !String(name).includes('.partial')),
			'no temporary file left',
		);
		const requests = fake.requests.length;
		const again = await run();
		assert.strictEqual(fake.requests.length, requests, 'nothing sent');
		assert.strictEqual(again.generated.length, 0);
		assert.ok(again.skipped.filter((s) => s.reason === 'upToDate').length === 13);
	});

	it('a changed prompt regenerates only that asset: the old output is backed up, then replaced; an edited one is left alone', async () => {
		manifest(twelve.slice(0, 3));
		await run();
		const before = fs.readFileSync(path.join(root, 'icons/icon-0.jpg'));
		fs.writeFileSync(path.join(root, 'icons/icon-2.jpg'), renderFakeImage('image/jpeg', 8, 8, 99));
		manifest([{ ...twelve[0], prompt: 'a different icon' }, twelve[1], { ...twelve[2], prompt: 'also changed, but edited by hand' }]);
		fake.requests.length = 0;
		const result = await run({ mode: 'changed' });
		assert.deepStrictEqual(
			result.generated.map((g) => g.id),
			['icon-0'],
		);
		assert.strictEqual(fake.requests.length, 1);
		const [backup] = result.generated[0].backups;
		assert.match(backup, /^\.imagestudio\/backups\/icon-0\/.+-icon-0\.jpg$/);
		assert.deepStrictEqual(fs.readFileSync(path.join(root, backup)), before, 'the backup holds the old bytes');
		assert.notDeepStrictEqual(fs.readFileSync(path.join(root, 'icons/icon-0.jpg')), before);
		assert.deepStrictEqual(
			result.skipped.map((s) => [s.id, s.reason]),
			[
				['icon-1', 'upToDate'],
				['icon-2', 'edited'],
			],
		);
		assert.strictEqual(lock().assets['icon-0'].outputs[0].sha256, sha256(fs.readFileSync(path.join(root, 'icons/icon-0.jpg'))));
	});

	it('a failed request writes nothing and the others still run; the lock keeps what was done', async () => {
		manifest(twelve.slice(0, 4));
		fake.enqueue({ kind: 'promptBlocked' });
		const result = await run({ limits: { concurrency: 1, requestsPerMinute: 0 } });
		assert.strictEqual(result.failed.length, 1);
		assert.strictEqual(result.failed[0].id, 'icon-0');
		assert.strictEqual(result.generated.length, 3);
		assert.ok(!fs.existsSync(path.join(root, 'icons/icon-0.jpg')));
		assert.deepStrictEqual(Object.keys(lock().assets).sort(), ['icon-1', 'icon-2', 'icon-3']);
	});

	it('a 429 with RetryInfo pauses the run, which then completes', async () => {
		manifest(twelve.slice(0, 3));
		fake.enqueue({ kind: 'error', status: 429, retryDelay: '0.3s' });
		const started = Date.now();
		const result = await run({ limits: { concurrency: 1, requestsPerMinute: 0 } });
		assert.strictEqual(result.generated.length, 3);
		assert.ok(Date.now() - started >= 300, 'waited for RetryInfo');
		assert.strictEqual(fake.requests.length, 4);
	});

	it('a per-day quota stops the run with what is done and what is left', async () => {
		manifest(twelve.slice(0, 4));
		fake.enqueue({ kind: 'image' }, { kind: 'error', status: 429, perDay: true });
		const result = await run({ limits: { concurrency: 1, requestsPerMinute: 0 } });
		assert.strictEqual(result.stoppedBecause?.code, 'dailyQuota');
		assert.deepStrictEqual(
			result.generated.map((g) => g.id),
			['icon-0'],
		);
		assert.deepStrictEqual(result.notRun, ['icon-1', 'icon-2', 'icon-3']);
	});

	it('a cancelled run aborts the request in flight and writes no file', async () => {
		manifest(twelve.slice(0, 2));
		fake.enqueue({ kind: 'image', delayMs: 5000 });
		const controller = new AbortController();
		fake.once('request', () => setTimeout(() => controller.abort(), 100));
		const result = await run({ signal: controller.signal, limits: { concurrency: 1, requestsPerMinute: 0 } });
		assert.strictEqual(result.stoppedBecause?.code, 'cancelled');
		assert.deepStrictEqual([...result.notRun].sort(), ['icon-0', 'icon-1']);
		assert.ok(!fs.existsSync(path.join(root, 'icons')) || fs.readdirSync(path.join(root, 'icons')).length === 0, 'no file, no temporary file');
		assert.ok(!fs.existsSync(path.join(root, 'assets.imagestudio.lock.json')));
	});

	it('refuses a run over maxCostUsd before sending anything', async () => {
		manifest(twelve);
		await assert.rejects(run({ budget: { maxCostUsd: 0.1 } }), /above the limit of \$0\.10\. Nothing was sent/);
		assert.strictEqual(fake.requests.length, 0);
	});

	it('refuses to write through a symbolic link out of the manifest folder', async function () {
		const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'gis-outside-'));
		try {
			fs.symlinkSync(outside, path.join(root, 'icons'));
			manifest(twelve.slice(0, 1));
			const result = await run();
			assert.strictEqual(result.generated.length, 0);
			assert.deepStrictEqual(
				result.skipped.map((s) => s.reason),
				['invalid'],
			);
			assert.match(result.skipped[0].message, /symbolic link/);
			assert.strictEqual(fake.requests.length, 0);
			assert.deepStrictEqual(fs.readdirSync(outside), []);
		} finally {
			fs.rmSync(outside, { recursive: true, force: true });
		}
	});
});
