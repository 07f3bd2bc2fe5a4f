import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { expectedDimensions, promptSeed, renderFakeImage } from '../fake-gemini/server';
import type { RunAssetsResult } from '../../src/assets/runner';
import { configure, generateRequests, lastNotification, snapshotWorkspace, useFakeGemini, workspaceRoot } from './support';

const MANIFEST = 'assets.imagestudio.json';
const LOCK = 'assets.imagestudio.lock.json';
const STYLE = 'flat vector, two colours, no text';

/** Ten good assets, one entry with an unknown key and one whose reference does not exist. */
function manifest(prompts: Record<string, string> = {}): string {
	const ids = ['home', 'search', 'profile', 'settings', 'cart', 'orders', 'help', 'logout', 'empty-inbox', 'hero'];
	return JSON.stringify(
		{
			$schema: './node_modules/gemini-image-studio/schemas/assets.imagestudio.schema.json',
			defaults: { model: 'gemini-nano-banana-2.1', aspectRatio: '1:1', imageSize: '1K', outputFolder: 'assets/app' },
			style: STYLE,
			assets: [
				...ids.map((id) => ({
					id,
					prompt: prompts[id] ?? `an icon for ${id}`,
					output: id === 'hero' ? 'hero/hero.png' : `icons/${id}.jpg`,
					...(id === 'hero' ? { aspectRatio: '16:9' } : {}),
				})),
				{ id: 'typo', prompt: 'a typo', output: 'icons/typo.jpg', colour: 'red' },
				{ id: 'no-reference', prompt: 'based on a missing file', output: 'icons/ref.jpg', references: ['design/missing.png'] },
			],
		},
		null,
		'\t',
	);
}

function writeManifest(text: string): vscode.Uri {
	fs.writeFileSync(path.join(workspaceRoot(), MANIFEST), text);
	return vscode.Uri.file(path.join(workspaceRoot(), MANIFEST));
}

const file = (relative: string) => path.join(workspaceRoot(), relative);
const readLock = () => JSON.parse(fs.readFileSync(file(LOCK), 'utf8')) as { assets: Record<string, { outputs: { path: string; sha256: string }[] }> };

suite('asset manifests', () => {
	const { fake, api } = useFakeGemini();

	setup(async () => {
		await configure({ 'assets.requestsPerMinute': 0, 'assets.concurrency': 4 });
		for (const name of [MANIFEST, LOCK]) {
			fs.rmSync(file(name), { force: true });
		}
	});
	suiteTeardown(async () => {
		await configure({ 'assets.requestsPerMinute': undefined, 'assets.concurrency': undefined });
		for (const name of [MANIFEST, LOCK]) {
			fs.rmSync(file(name), { force: true });
		}
	});

	test('generate missing: ten assets written with the fake\u2019s bytes, the lock records them, bad entries are in Problems and skipped', async () => {
		const uri = writeManifest(manifest());
		const result = await vscode.commands.executeCommand<RunAssetsResult>('imageStudio.generateMissingAssets', { manifest: MANIFEST });
		assert.ok(result, `no result; ${JSON.stringify(api().notifications)}`);
		assert.strictEqual(result.generated.length, 10, JSON.stringify(result));
		assert.deepStrictEqual(result.failed, []);
		assert.deepStrictEqual(
			result.skipped
				.filter((skip) => skip.reason === 'invalid')
				.map((skip) => skip.id)
				.sort(),
			['no-reference', 'typo'],
		);
		const requests = generateRequests(fake);
		assert.strictEqual(requests.length, 10);
		const home = requests.find((request) => request.body.contents[0].parts[0].text.startsWith('an icon for home'))!;
		assert.strictEqual(home.body.contents[0].parts[0].text, `an icon for home\n\n${STYLE}`, 'the style is added to the prompt');
		assert.deepStrictEqual(home.body.generationConfig.imageConfig, { aspectRatio: '1:1', imageSize: '1K' });
		const hero = requests.find((request) => request.body.contents[0].parts[0].text.startsWith('an icon for hero'))!;
		assert.deepStrictEqual(hero.body.generationConfig.imageConfig, { aspectRatio: '16:9', imageSize: '1K' });
		const { width, height } = expectedDimensions('1:1', '1K');
		assert.ok(
			fs.readFileSync(file('assets/app/icons/home.jpg')).equals(renderFakeImage('image/jpeg', width, height, promptSeed(`an icon for home\n\n${STYLE}`))),
			'home.jpg holds exactly the bytes Gemini sent',
		);
		const lock = readLock();
		assert.deepStrictEqual(Object.keys(lock.assets).sort(), [
			'cart',
			'empty-inbox',
			'help',
			'hero',
			'home',
			'logout',
			'orders',
			'profile',
			'search',
			'settings',
		]);
		assert.strictEqual(lock.assets.hero.outputs[0].path, 'assets/app/hero/hero.png');
		// The model returns JPEG; the manifest asked for a PNG, so it was converted: a real PNG of the same size.
		const heroPng = fs.readFileSync(file('assets/app/hero/hero.png'));
		assert.strictEqual(heroPng.subarray(1, 4).toString('latin1'), 'PNG');
		const wide = expectedDimensions('16:9', '1K');
		assert.deepStrictEqual([heroPng.readUInt32BE(16), heroPng.readUInt32BE(20)], [wide.width, wide.height]);
		const problems = vscode.languages.getDiagnostics(uri).map((diagnostic) => diagnostic.message);
		assert.ok(
			problems.some((message) => /colour/.test(message)),
			`problems: ${JSON.stringify(problems)}`,
		);
		assert.ok(
			problems.some((message) => /design\/missing\.png/.test(message)),
			`problems: ${JSON.stringify(problems)}`,
		);
		assert.match(
			lastNotification(api(), 'warning').message,
			/Generated 10 assets \(10 files\) for about \$0\.3\d\d\. 2 skipped for problems in the manifest/,
		);

		// Run again: nothing is missing, nothing is sent.
		const again = await vscode.commands.executeCommand<RunAssetsResult>('imageStudio.generateMissingAssets', { manifest: MANIFEST });
		assert.strictEqual(again?.generated.length, 0);
		assert.strictEqual(generateRequests(fake).length, 10);
	});

	test('regenerate changed: only assets whose prompt changed; old files backed up and restorable; files edited by hand kept', async () => {
		writeManifest(manifest());
		await vscode.commands.executeCommand('imageStudio.generateMissingAssets', { manifest: MANIFEST });
		const oldHome = fs.readFileSync(file('assets/app/icons/home.jpg'));
		const handEdited = Buffer.concat([fs.readFileSync(file('assets/app/icons/cart.jpg')), Buffer.from('edited')]);
		fs.writeFileSync(file('assets/app/icons/cart.jpg'), handEdited);
		fake.reset();
		writeManifest(manifest({ home: 'a house icon', search: 'a magnifier icon', cart: 'a trolley icon' }));
		const result = await vscode.commands.executeCommand<RunAssetsResult>('imageStudio.regenerateChangedAssets', { manifest: MANIFEST });
		assert.deepStrictEqual(result?.generated.map((asset) => asset.id).sort(), ['home', 'search']);
		assert.strictEqual(generateRequests(fake).length, 2);
		assert.ok(fs.readFileSync(file('assets/app/icons/cart.jpg')).equals(handEdited), 'the hand-edited file is kept');
		const newHome = fs.readFileSync(file('assets/app/icons/home.jpg'));
		assert.ok(!newHome.equals(oldHome));
		assert.strictEqual(readLock().assets.home.outputs[0].sha256.length, 64);
		// "Restore Original Image" brings the old bytes back.
		await vscode.commands.executeCommand('imageStudio.restoreOriginal', { uri: 'assets/app/icons/home.jpg' });
		assert.ok(fs.readFileSync(file('assets/app/icons/home.jpg')).equals(oldHome), 'the old home.jpg is restored');
	});

	test('a 429 mid-run pauses the queue for the delay Google asks, then every asset is done', async () => {
		writeManifest(manifest());
		fake.enqueue({ kind: 'error', status: 429, retryDelay: '1s' });
		const result = await vscode.commands.executeCommand<RunAssetsResult>('imageStudio.generateMissingAssets', { manifest: MANIFEST });
		assert.strictEqual(result?.generated.length, 10, JSON.stringify(result));
		const requests = generateRequests(fake);
		assert.strictEqual(requests.length, 11, 'ten assets and one retry');
		const first = requests[0].receivedAt;
		const laterStarts = requests.slice(4).map((request) => request.receivedAt - first);
		assert.ok(
			laterStarts.every((delay) => delay >= 1000),
			`after the 429 nothing was sent for a second: ${laterStarts.join(', ')} ms`,
		);
	});

	test('a per-day quota stops the run: what is done is kept and recorded, the rest is listed; the next run finishes it', async () => {
		writeManifest(manifest());
		await configure({ 'assets.concurrency': 1 });
		fake.enqueue({ kind: 'image' }, { kind: 'image' }, { kind: 'image' }, { kind: 'error', status: 429, perDay: true });
		const result = await vscode.commands.executeCommand<RunAssetsResult>('imageStudio.generateMissingAssets', { manifest: MANIFEST });
		assert.strictEqual(result?.generated.length, 3);
		assert.strictEqual(result?.notRun.length, 7);
		assert.strictEqual(result?.stoppedBecause?.code, 'dailyQuota');
		const notice = lastNotification(api(), 'error');
		assert.strictEqual(notice.code, 'dailyQuota');
		assert.match(notice.message, /stopped: .*Generated 3 assets.*7 not run yet/s);
		assert.strictEqual(Object.keys(readLock().assets).length, 3);
		fake.reset();
		const rest = await vscode.commands.executeCommand<RunAssetsResult>('imageStudio.generateMissingAssets', { manifest: MANIFEST });
		assert.strictEqual(rest?.generated.length, 7);
		assert.strictEqual(Object.keys(readLock().assets).length, 10);
	});

	test('cancel: the requests in flight are aborted and no partial file is written', async () => {
		writeManifest(manifest());
		await configure({ 'assets.concurrency': 2 });
		fake.enqueue({ kind: 'image' }, { kind: 'stall' }, { kind: 'stall' });
		const pending = vscode.commands.executeCommand<RunAssetsResult>('imageStudio.generateMissingAssets', { manifest: MANIFEST });
		await fake.waitForRequest((request) => request.action === 'generateContent' && generateRequests(fake).length >= 3, 10_000);
		await vscode.commands.executeCommand('imageStudio.cancelRequests');
		const result = await pending;
		assert.strictEqual(result?.stoppedBecause?.code, 'cancelled');
		const written = snapshotWorkspace().filter((entry) => entry.startsWith('assets/app/') && /\.(jpg|tmp|part)$/i.test(entry));
		assert.ok(written.length <= 1, `at most the one finished asset: ${written.join(', ')}`);
		assert.ok(!snapshotWorkspace().some((entry) => /\.image-studio-|\.tmp$/.test(entry)), 'no temporary files remain');
		assert.match(lastNotification(api(), 'warning').message, /cancelled: nothing partial was written/);
	});

	test('maxCostUsd below the estimate refuses the run before anything is sent; bad arguments are refused', async () => {
		writeManifest(manifest());
		const before = snapshotWorkspace();
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.generateMissingAssets', { manifest: MANIFEST, maxCostUsd: 0.1 }), undefined);
		assert.strictEqual(lastNotification(api(), 'error').code, 'overBudget');
		assert.match(lastNotification(api(), 'error').message, /\$0\.3\d/);
		assert.strictEqual(generateRequests(fake).length, 0);
		assert.deepStrictEqual(snapshotWorkspace(), before);
		await vscode.commands.executeCommand('imageStudio.generateAssets', { manifest: MANIFEST, colour: 'red' });
		assert.match(lastNotification(api(), 'error').message, /Unknown argument "colour"/);
		await vscode.commands.executeCommand('imageStudio.generateAssets', { manifest: '../elsewhere/assets.imagestudio.json' });
		assert.match(lastNotification(api(), 'error').message, /must not contain "\." or "\.\." segments/);
		assert.strictEqual(generateRequests(fake).length, 0);
	});

	test('code lenses: counts above the manifest, a status and Generate per asset; a per-asset run takes only that asset', async () => {
		const uri = writeManifest(manifest());
		await vscode.window.showTextDocument(uri);
		const lenses = async () =>
			((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? []).map(
				(lens) => lens.command?.title ?? '',
			);
		const titles = await lenses();
		assert.ok(titles.includes('$(sparkle) Generate Missing (10)'), JSON.stringify(titles));
		assert.strictEqual(titles.filter((title) => title === '$(circle-large-outline) missing').length, 10);
		const result = await vscode.commands.executeCommand<RunAssetsResult>('imageStudio.generateAssets', { manifest: MANIFEST, ids: ['help'] });
		assert.deepStrictEqual(
			result?.generated.map((asset) => asset.id),
			['help'],
		);
		const after = await lenses();
		assert.ok(after.includes('$(sparkle) Generate Missing (9)'), JSON.stringify(after));
		assert.strictEqual(after.filter((title) => title === '$(pass) up to date').length, 1);
	});

	test('batch: ten assets submitted as one job at half price, tracked in the lock, saved when the job succeeds', async () => {
		writeManifest(manifest());
		const submitted = await vscode.commands.executeCommand<{ submitted: { name: string; outputs: unknown[] }[] }>('imageStudio.submitAssetsBatch', {
			manifest: MANIFEST,
		});
		assert.strictEqual(submitted?.submitted.length, 1, JSON.stringify(api().notifications));
		assert.strictEqual(submitted.submitted[0].outputs.length, 10);
		const batchRequests = fake.requests.filter((request) => request.action === 'batchGenerateContent');
		assert.strictEqual(batchRequests.length, 1);
		assert.strictEqual(batchRequests[0].body.batch.inputConfig.requests.requests.length, 10);
		assert.strictEqual(generateRequests(fake).length, 0, 'no interactive request');
		assert.match(lastNotification(api(), 'info').message, /Submitted 10 images .* as 1 batch job \(about \$0\.17, half price\)/);
		const pending = JSON.parse(fs.readFileSync(file(LOCK), 'utf8')).pendingBatches;
		assert.strictEqual(pending.length, 1);
		assert.ok(!fs.existsSync(file('assets/app/icons/home.jpg')));

		// Submitting again sends nothing: every output already waits in a job.
		await vscode.commands.executeCommand('imageStudio.submitAssetsBatch', { manifest: MANIFEST });
		assert.strictEqual(fake.requests.filter((request) => request.action === 'batchGenerateContent').length, 1);

		await vscode.commands.executeCommand('imageStudio.showAssetBatches', {});
		const { width, height } = expectedDimensions('1:1', '1K');
		assert.ok(
			fs.readFileSync(file('assets/app/icons/home.jpg')).equals(renderFakeImage('image/jpeg', width, height, promptSeed(`an icon for home\n\n${STYLE}`))),
			'home.jpg holds the batch result',
		);
		const lock = JSON.parse(fs.readFileSync(file(LOCK), 'utf8'));
		assert.deepStrictEqual(lock.pendingBatches ?? [], []);
		assert.strictEqual(Object.keys(lock.assets).length, 10);
		assert.match(lastNotification(api(), 'info').message, /Batch results saved for .*10 files/);
		const missing = await vscode.commands.executeCommand<RunAssetsResult>('imageStudio.generateMissingAssets', { manifest: MANIFEST });
		assert.strictEqual(missing?.generated.length, 0, 'nothing is missing any more');
	});

	test('batch: cancel drops the job; an expired job is reported and nothing is saved', async () => {
		writeManifest(manifest());
		fake.setOptions({ batchCompletesAfterPolls: 100 });
		const first = await vscode.commands.executeCommand<{ submitted: { name: string }[] }>('imageStudio.submitAssetsBatch', {
			manifest: MANIFEST,
			ids: ['home', 'help'],
		});
		const name = first!.submitted[0].name;
		assert.deepStrictEqual(await vscode.commands.executeCommand('imageStudio.cancelAssetsBatch', { manifest: MANIFEST }), [name]);
		assert.ok(
			fake.requests.some((request) => request.method === 'POST' && request.path.endsWith(`${name}:cancel`)),
			'the job was cancelled at Google',
		);
		assert.deepStrictEqual(JSON.parse(fs.readFileSync(file(LOCK), 'utf8')).pendingBatches ?? [], []);

		const second = await vscode.commands.executeCommand<{ submitted: { name: string }[] }>('imageStudio.submitAssetsBatch', {
			manifest: MANIFEST,
			ids: ['cart'],
		});
		assert.ok(fake.forceBatchState(second!.submitted[0].name, 'BATCH_STATE_EXPIRED'));
		await vscode.commands.executeCommand('imageStudio.showAssetBatches', {});
		const notice = lastNotification(api(), 'error');
		assert.match(notice.message, /expired before it finished/);
		assert.ok(!fs.existsSync(file('assets/app/icons/cart.jpg')));
		assert.deepStrictEqual(JSON.parse(fs.readFileSync(file(LOCK), 'utf8')).pendingBatches ?? [], []);
	});
});
