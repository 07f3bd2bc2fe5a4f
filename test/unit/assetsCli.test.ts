// The terminal runner as a process: `node out/src/cli.js assets …` against the fake Gemini with GEMINI_API_KEY;
// files on disk, the lock, stdout and the exit codes 0, 1, 2, 3 and 4. The key is never printed.
import * as assert from 'assert';
import * as childProcess from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FakeGemini } from '../fake-gemini/server';

const CLI = path.join(__dirname, '..', '..', 'src', 'cli.js');
const KEY = 'cli-sentinel-key-0042';

describe('asset CLI (process, fake Gemini)', function () {
	this.timeout(30_000);
	const fake = new FakeGemini();
	let url = '';
	let root = '';
	const write = (assets: object[]) => fs.writeFileSync(path.join(root, 'assets.imagestudio.json'), JSON.stringify({ assets }));
	const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
		new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
			const child = childProcess.spawn(process.execPath, [CLI, ...args], {
				cwd: root,
				env: { PATH: process.env.PATH, GEMINI_API_KEY: KEY, IMAGE_STUDIO_ENDPOINT: url, ...env },
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (d) => (stdout += d));
			child.stderr.on('data', (d) => (stderr += d));
			child.on('exit', (code) => {
				assert.ok(!stdout.includes(KEY) && !stderr.includes(KEY), 'the key is never printed');
				resolve({ code: code ?? -1, stdout, stderr });
			});
		});
	const icons = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `i${i}`, prompt: `icon ${i}`, output: `out/i${i}.jpg` }));

	before(async () => {
		url = await fake.start();
	});
	beforeEach(() => {
		fake.reset();
		root = fs.mkdtempSync(path.join(os.tmpdir(), 'gis-cli-'));
	});
	afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
	after(() => fake.stop());

	it('exit 0: generates the missing assets, prints plan, progress and summary, writes the lock', async () => {
		write(icons(3));
		const { code, stdout } = await cli(['assets', '--rpm', '0']);
		assert.strictEqual(code, 0, stdout);
		assert.match(stdout, /Plan: 3 assets \(3 requests\), estimated \$0\.10/);
		assert.match(stdout, /\[3\/3\] 3 done, 0 failed/);
		assert.match(stdout, /Summary: 3 generated, 0 failed, 0 invalid, 0 not run/);
		assert.deepStrictEqual(fs.readdirSync(path.join(root, 'out')).sort(), ['i0.jpg', 'i1.jpg', 'i2.jpg']);
		const lock = JSON.parse(fs.readFileSync(path.join(root, 'assets.imagestudio.lock.json'), 'utf8'));
		assert.deepStrictEqual(Object.keys(lock.assets), ['i0', 'i1', 'i2']);
		assert.strictEqual(fake.requests[0].headers['x-goog-api-key'], KEY);
		const again = await cli(['assets', 'assets.imagestudio.json', '--changed']);
		assert.strictEqual(again.code, 0);
		assert.match(again.stdout, /Plan: 0 assets/);
	});

	it('exit 1: a failed asset or an invalid entry, reported with line:column', async () => {
		fs.writeFileSync(
			path.join(root, 'assets.imagestudio.json'),
			'{\n  "assets": [\n    { "id": "a", "prompt": "p", "output": "a.jpg" },\n    { "id": "b", "prompt": "p", "output": "b.gif" }\n  ]\n}',
		);
		fake.enqueue({ kind: 'promptBlocked' });
		const { code, stderr, stdout } = await cli(['assets']);
		assert.strictEqual(code, 1, stdout + stderr);
		assert.match(stderr, /assets\.imagestudio\.json:4:43: error: .*must end in \.png, \.jpg/);
		assert.match(stderr, /failed a: /);
		assert.ok(!fs.existsSync(path.join(root, 'a.jpg')));
	});

	it('exit 2: bad usage, no key, a manifest that is not JSON', async () => {
		write(icons(1));
		assert.strictEqual((await cli(['assets', '--bogus'])).code, 2);
		assert.strictEqual((await cli(['nothing'])).code, 2);
		const noKey = await cli(['assets'], { GEMINI_API_KEY: '' });
		assert.strictEqual(noKey.code, 2);
		assert.match(noKey.stderr, /GEMINI_API_KEY is not set/);
		fs.writeFileSync(path.join(root, 'assets.imagestudio.json'), '{ "assets": [ ');
		const broken = await cli(['assets']);
		assert.strictEqual(broken.code, 2);
		assert.match(broken.stderr, /cannot be used: Not valid JSON/);
		assert.strictEqual(fake.requests.length, 0);
	});

	it('exit 3: over --max-cost, or over $0.50 without --yes off a terminal; --yes runs it', async () => {
		write(icons(16));
		const over = await cli(['assets', '--max-cost', '0.2']);
		assert.strictEqual(over.code, 3);
		assert.match(over.stderr, /above the limit of \$0\.20/);
		const unconfirmed = await cli(['assets']);
		assert.strictEqual(unconfirmed.code, 3);
		assert.match(unconfirmed.stderr, /run again with --yes/);
		assert.strictEqual(fake.requests.length, 0);
		const confirmed = await cli(['assets', '--yes', '--rpm', '0', '--concurrency', '8']);
		assert.strictEqual(confirmed.code, 0, confirmed.stderr);
		assert.strictEqual(fs.readdirSync(path.join(root, 'out')).length, 16);
	});

	it('exit 4: a per-day quota stops the run and says what is left', async () => {
		write(icons(3));
		fake.enqueue({ kind: 'image' }, { kind: 'error', status: 429, perDay: true });
		const { code, stderr } = await cli(['assets', '--concurrency', '1', '--rpm', '0']);
		assert.strictEqual(code, 4, stderr);
		assert.match(stderr, /Stopped: The daily Gemini quota/);
		assert.match(stderr, /Not run: i1, i2/);
		assert.deepStrictEqual(fs.readdirSync(path.join(root, 'out')), ['i0.jpg']);
	});

	it('--batch --no-wait submits one job and records it; status lists it; assets --batch collects it; cancel cancels at Google', async () => {
		write(icons(3));
		const submitted = await cli(['assets', '--batch', '--no-wait']);
		assert.strictEqual(submitted.code, 0, submitted.stdout + submitted.stderr);
		assert.strictEqual(fake.requests.filter((request) => request.action === 'batchGenerateContent').length, 1);
		assert.ok(!fs.existsSync(path.join(root, 'out')), 'nothing is written before the job finishes');
		const status = await cli(['assets', 'status']);
		assert.strictEqual(status.code, 0);
		assert.match(status.stdout, /1 pending batch job/);
		const collected = await cli(['assets', '--batch']);
		assert.strictEqual(collected.code, 0, collected.stdout + collected.stderr);
		assert.deepStrictEqual(fs.readdirSync(path.join(root, 'out')).sort(), ['i0.jpg', 'i1.jpg', 'i2.jpg']);
		const lock = JSON.parse(fs.readFileSync(path.join(root, 'assets.imagestudio.lock.json'), 'utf8'));
		assert.deepStrictEqual(lock.pendingBatches ?? [], []);
		assert.deepStrictEqual(Object.keys(lock.assets), ['i0', 'i1', 'i2']);

		write(icons(4));
		fake.setOptions({ batchCompletesAfterPolls: 100 });
		assert.strictEqual((await cli(['assets', '--batch', '--no-wait'])).code, 0);
		const cancelled = await cli(['assets', 'cancel']);
		assert.strictEqual(cancelled.code, 0, cancelled.stdout + cancelled.stderr);
		assert.ok(fake.requests.some((request) => request.method === 'POST' && /:cancel$/.test(request.path)));
		assert.match((await cli(['assets', 'status'])).stdout, /0 pending batch jobs/);
	});
});
