// The asset manifest (problems with their offsets), the schema against the catalog, recipe hashes, the lock file,
// plan statuses and the budget: pure logic, no server.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ImageStudioError } from '../../src/core/errors';
import { sha256 } from '../../src/core/hash';
import { checkBudget, estimateRequests, formatEstimate, needsConfirmation, sumEstimates } from '../../src/assets/budget';
import { emptyLock, lockPathFor, parseLock, serializeLock } from '../../src/assets/lockFile';
import { checkReferences, lineAndColumn, parseManifest } from '../../src/assets/manifest';
import { planAssets, selectOutputs } from '../../src/assets/plan';
import { canonicalJson, recipeHash } from '../../src/assets/recipe';
import { ALL_ASPECT_RATIOS, ALL_IMAGE_SIZES, findModel } from '../../src/gemini/modelCatalog';

const at = (text: string, needle: string) => ({ offset: text.indexOf(needle), length: needle.length });

describe('asset manifest', () => {
	it('resolves defaults, style, outputFolder and numbered outputs', () => {
		const text = JSON.stringify({
			defaults: { model: 'gemini-3-pro-image', aspectRatio: '16:9', imageSize: '2K', outputFolder: 'art' },
			style: 'flat vector',
			assets: [
				{ id: 'hero', prompt: 'a hero', output: 'hero.jpg', count: 3 },
				{ id: 'icon', prompt: 'an icon', output: 'icon.jpg', model: 'gemini-nano-banana-2.1', aspectRatio: '1:1', imageSize: '1K' },
			],
		});
		const parsed = parseManifest(text);
		assert.deepStrictEqual(parsed.problems, []);
		const [hero, icon] = parsed.assets;
		assert.strictEqual(hero.prompt, 'a hero\n\nflat vector');
		assert.deepStrictEqual([hero.model, hero.aspectRatio, hero.imageSize], ['gemini-3-pro-image', '16:9', '2K']);
		assert.deepStrictEqual(hero.outputs, ['art/hero.jpg', 'art/hero-2.jpg', 'art/hero-3.jpg']);
		assert.deepStrictEqual([icon.model, icon.aspectRatio, icon.imageSize, icon.outputs], ['gemini-nano-banana-2.1', '1:1', '1K', ['art/icon.jpg']]);
	});

	it('reports each bad entry at its place and skips only that entry', () => {
		const text = `{
	// comments are fine
	"assets": [
		{ "id": "ok", "prompt": "fine", "output": "ok.jpg" },
		{ "id": "extra", "prompt": "p", "output": "extra.jpg", "colour": "red" },
		{ "id": "ok", "prompt": "dup id", "output": "other.jpg" },
		{ "id": "clash", "prompt": "same output", "output": "OK.jpg" },
		{ "id": "escape", "prompt": "p", "output": "../outside.jpg" },
		{ "id": "absolute", "prompt": "p", "output": "/etc/x.jpg" },
		{ "id": "ext", "prompt": "p", "output": "notes.txt" },
		{ "id": "size", "prompt": "p", "output": "size.jpg", "imageSize": "512" },
		{ "id": "ratio", "prompt": "p", "output": "ratio.jpg", "model": "gemini-3-pro-image", "aspectRatio": "8:1" },
		{ "id": "png", "prompt": "p", "output": "png.png" },
		{ "id": "count", "prompt": "p", "output": "count.jpg", "count": 9 },
		{ "id": "unknown-model", "prompt": "p", "output": "u.png", "model": "gemini-9-image", "imageSize": "4K" },
		{ "id": "sensitive", "prompt": "p", "output": ".vscode/x.jpg" },
	],
}`;
		const parsed = parseManifest(text);
		assert.strictEqual(parsed.fatal, false);
		assert.deepStrictEqual(
			parsed.assets.map((asset) => asset.id),
			['ok', 'png', 'unknown-model'],
		);
		const problem = (id: string) => parsed.problems.find((item) => item.assetId === id && item.severity === 'error');
		assert.deepStrictEqual({ offset: problem('extra')?.offset, length: problem('extra')?.length }, at(text, '"colour"'));
		assert.match(problem('extra')!.message, /Unknown property "colour"/);
		assert.match(parsed.problems.find((item) => /Duplicate asset id "ok"/.test(item.message))!.message, /skipped/);
		assert.match(problem('clash')!.message, /writes "OK.jpg", which asset "ok" writes too/);
		assert.deepStrictEqual({ offset: problem('escape')?.offset, length: problem('escape')?.length }, at(text, '"../outside.jpg"'));
		assert.match(problem('escape')!.message, /leaves the manifest's folder/);
		assert.match(problem('absolute')!.message, /is absolute/);
		assert.match(problem('ext')!.message, /must end in .png, .jpg, .jpeg, .webp/);
		assert.deepStrictEqual({ offset: problem('size')?.offset, length: problem('size')?.length }, at(text, '"512"'));
		assert.match(problem('size')!.message, /gemini-nano-banana-2.1 does not offer the image size "512"/);
		assert.deepStrictEqual({ offset: problem('ratio')?.offset, length: problem('ratio')?.length }, at(text, '"8:1"'));
		assert.strictEqual(problem('png'), undefined, 'a .png output of a JPEG model is converted, not refused');
		assert.deepStrictEqual({ offset: problem('count')?.offset, length: problem('count')?.length }, { offset: text.indexOf('9 }'), length: 1 });
		assert.match(problem('sensitive')!.message, /does not read or write/);
		assert.deepStrictEqual(lineAndColumn(text, text.indexOf('"colour"')), { line: 5, column: 58 });
	});

	it('a syntax error or a missing assets array is fatal; unknown top-level keys only warn', () => {
		const broken = parseManifest('{ "assets": [ { "id": "a" ');
		assert.strictEqual(broken.fatal, true);
		assert.ok(broken.problems.length > 0 && broken.problems.every((p) => p.severity === 'error'));
		const noAssets = parseManifest('{ "style": "x" }');
		assert.strictEqual(noAssets.fatal, true);
		assert.match(noAssets.problems[0].message, /needs an "assets" array/);
		const text = '{ "extra": 1, "assets": [] }';
		const warned = parseManifest(text);
		assert.strictEqual(warned.fatal, false);
		assert.deepStrictEqual(
			warned.problems.map((p) => [p.severity, p.offset, p.length]),
			[['warning', text.indexOf('"extra"'), 7]],
		);
	});

	it('a reference that does not exist skips its asset, reported at the reference', async () => {
		const text = JSON.stringify({
			assets: [
				{ id: 'a', prompt: 'p', output: 'a.jpg', references: ['refs/there.png'] },
				{ id: 'b', prompt: 'p', output: 'b.jpg', references: ['refs/gone.png'] },
			],
		});
		const checked = await checkReferences(text, parseManifest(text), async (file) => file === 'refs/there.png');
		assert.deepStrictEqual(
			checked.assets.map((asset) => asset.id),
			['a'],
		);
		const problem = checked.problems.find((p) => p.assetId === 'b')!;
		assert.deepStrictEqual({ offset: problem.offset, length: problem.length }, at(text, '"refs/gone.png"'));
		assert.match(problem.message, /does not exist/);
	});

	it('the JSON schema offers exactly the catalog’s ratios and sizes', () => {
		const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'schemas', 'assets.imagestudio.schema.json'), 'utf8'));
		const item = schema.properties.assets.items.properties;
		assert.deepStrictEqual([...item.aspectRatio.enum].sort(), [...ALL_ASPECT_RATIOS].sort());
		assert.deepStrictEqual([...item.imageSize.enum].sort(), [...ALL_IMAGE_SIZES].sort());
		assert.deepStrictEqual(schema.properties.defaults.properties.aspectRatio.enum, item.aspectRatio.enum);
		assert.deepStrictEqual(schema.properties.defaults.properties.imageSize.enum, item.imageSize.enum);
		assert.strictEqual(schema.additionalProperties, false);
		assert.strictEqual(schema.properties.assets.items.additionalProperties, false);
		const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
		assert.deepStrictEqual(pkg.contributes.jsonValidation, [{ fileMatch: ['*.imagestudio.json'], url: './schemas/assets.imagestudio.schema.json' }]);
		const walk = (node: any, where: string): void => {
			for (const [key, value] of Object.entries<any>(node.properties ?? {})) {
				assert.ok(typeof value.description === 'string' && value.description.length > 0, `${where}.${key} has a description`);
				walk(value, `${where}.${key}`);
				if (value.items) {
					walk(value.items, `${where}.${key}[]`);
				}
			}
		};
		walk(schema, '$');
	});
});

describe('asset recipes, lock and plan', () => {
	const asset = { prompt: 'a cat', model: 'gemini-3-pro-image', aspectRatio: '1:1', imageSize: '1K' as const, count: 1 };

	it('the recipe hash ignores key order and changes with every input that matters', () => {
		assert.strictEqual(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }), '{"a":[{"c":3,"d":2}],"b":1}');
		const base = recipeHash(asset, ['r1']);
		assert.strictEqual(recipeHash({ count: 1, imageSize: '1K', aspectRatio: '1:1', model: 'gemini-3-pro-image', prompt: 'a cat' }, ['r1']), base);
		for (const changed of [
			recipeHash({ ...asset, prompt: 'a cat\n\nnew style' }, ['r1']),
			recipeHash({ ...asset, model: 'gemini-nano-banana-2.1' }, ['r1']),
			recipeHash({ ...asset, aspectRatio: '4:3' }, ['r1']),
			recipeHash({ ...asset, imageSize: '2K' }, ['r1']),
			recipeHash({ ...asset, count: 2 }, ['r1']),
			recipeHash(asset, ['r2']),
			recipeHash(asset, []),
		]) {
			assert.notStrictEqual(changed, base);
		}
		const styled = (style: string) => parseManifest(JSON.stringify({ style, assets: [{ id: 'a', prompt: 'p', output: 'a.jpg' }] })).assets[0];
		assert.notStrictEqual(recipeHash(styled('one'), []), recipeHash(styled('two'), []), 'a style change makes every asset changed');
	});

	it('reads a damaged lock as empty (with a problem) and round-trips a good one', () => {
		assert.match(parseLock('{ not json').problem!, /not valid JSON/);
		assert.deepStrictEqual(parseLock('{ not json').lock, emptyLock());
		assert.match(parseLock('{"version": 2, "assets": {}}').problem!, /not a version 1 lock/);
		const lock = {
			version: 1 as const,
			assets: { b: { recipe: 'r', outputs: [{ path: 'b.jpg', sha256: 'a'.repeat(64), recipe: 'r' }], model: 'm', generatedAt: 't', costUsd: 0.1 } },
			pendingBatches: [{ name: 'batches/1', model: 'm', submittedAt: 't', outputs: [{ key: 'b#1', assetId: 'b', path: 'b.jpg', recipe: 'r' }] }],
		};
		assert.deepStrictEqual(parseLock(serializeLock(lock)), { lock });
		const damaged = parseLock(JSON.stringify({ version: 1, assets: { ...lock.assets, bad: { recipe: 1 } } }));
		assert.deepStrictEqual(Object.keys(damaged.lock.assets), ['b']);
		assert.match(damaged.problem!, /bad/);
		assert.strictEqual(lockPathFor('assets.imagestudio.json'), 'assets.imagestudio.lock.json');
	});

	it('plans missing, changed, edited and up-to-date outputs, and selects by mode', async () => {
		const text = JSON.stringify({
			assets: [
				{ id: 'missing', prompt: 'p', output: 'missing.jpg' },
				{ id: 'same', prompt: 'p', output: 'same.jpg' },
				{ id: 'changed', prompt: 'new prompt', output: 'changed.jpg' },
				{ id: 'edited', prompt: 'p', output: 'edited.jpg' },
				{ id: 'stranger', prompt: 'p', output: 'stranger.jpg' },
				{ id: 'two', prompt: 'p', output: 'two.jpg', count: 2 },
			],
		});
		const assets = parseManifest(text).assets;
		const disk = new Map<string, Uint8Array>([
			['same.jpg', Buffer.from('same')],
			['changed.jpg', Buffer.from('changed')],
			['edited.jpg', Buffer.from('edited by hand')],
			['stranger.jpg', Buffer.from('not ours')],
			['two.jpg', Buffer.from('two')],
		]);
		const recipeOf = (id: string, prompt = 'p') => recipeHash({ ...assets.find((a) => a.id === id)!, prompt }, []);
		const entry = (id: string, file: string, bytes: string, recipe: string) => ({
			recipe,
			outputs: [{ path: file, sha256: sha256(Buffer.from(bytes)), recipe }],
			model: 'gemini-nano-banana-2.1',
			generatedAt: 't',
		});
		const lock = {
			version: 1 as const,
			assets: {
				same: entry('same', 'same.jpg', 'same', recipeOf('same')),
				changed: entry('changed', 'changed.jpg', 'changed', recipeOf('changed', 'old prompt')),
				edited: entry('edited', 'edited.jpg', 'as generated', recipeOf('edited')),
				two: entry('two', 'two.jpg', 'two', recipeOf('two')),
			},
		};
		const { plans } = await planAssets(assets, lock, { read: async (file) => disk.get(file) });
		assert.deepStrictEqual(Object.fromEntries(plans.map((plan) => [plan.asset.id, plan.status])), {
			missing: 'missing',
			same: 'upToDate',
			changed: 'changed',
			edited: 'edited',
			stranger: 'edited',
			two: 'missing',
		});
		const picked = (mode: Parameters<typeof selectOutputs>[1], force = false) =>
			selectOutputs(plans, mode, force).map(({ plan, outputs }) => `${plan.asset.id}:${outputs.map((o) => o.path).join('+')}`);
		assert.deepStrictEqual(picked('missing'), ['missing:missing.jpg', 'two:two-2.jpg']);
		assert.deepStrictEqual(picked('changed'), ['changed:changed.jpg']);
		assert.deepStrictEqual(picked('changed', true), ['changed:changed.jpg', 'edited:edited.jpg', 'stranger:stranger.jpg']);
		assert.strictEqual(picked('all').length, 6);
		assert.deepStrictEqual(picked({ ids: ['same'] }), ['same:same.jpg']);
	});
});

describe('asset budget', () => {
	it('estimates from catalog prices × size × count, half for batch, unknown models as unknown', () => {
		const pro = findModel('gemini-3-pro-image')!;
		assert.strictEqual(estimateRequests('gemini-3-pro-image', '4K', 3).knownUsd, 3 * (pro.pricePerImageUsd['4K'] as number));
		assert.strictEqual(estimateRequests('gemini-3-pro-image', '4K', 2, true).knownUsd, pro.pricePerImageUsd['4K'] as number);
		const unknown = estimateRequests('gemini-9-image', '1K', 2);
		assert.deepStrictEqual(unknown, { knownUsd: 0, unknownRequests: 2, requests: 2 });
		const total = sumEstimates([estimateRequests('gemini-nano-banana-2.1', '1K', 10), unknown]);
		assert.strictEqual(formatEstimate(total), '$0.34 + 2 requests without a price');
		assert.strictEqual(needsConfirmation({ knownUsd: 0.4, unknownRequests: 0, requests: 4 }), false);
		assert.strictEqual(needsConfirmation({ knownUsd: 0.6, unknownRequests: 0, requests: 4 }), true);
	});

	it('refuses a run over maxCostUsd, or one it cannot bound, with a clear error', () => {
		assert.doesNotThrow(() => checkBudget({ knownUsd: 1, unknownRequests: 0, requests: 10 }, {}));
		assert.doesNotThrow(() => checkBudget({ knownUsd: 1, unknownRequests: 0, requests: 10 }, { maxCostUsd: 1 }));
		assert.throws(
			() => checkBudget({ knownUsd: 1.5, unknownRequests: 0, requests: 10 }, { maxCostUsd: 1 }),
			(error: unknown) =>
				error instanceof ImageStudioError && error.code === 'overBudget' && /\$1\.50 for 10 requests, above the limit of \$1\.00/.test(error.message),
		);
		assert.throws(() => checkBudget({ knownUsd: 0.1, unknownRequests: 1, requests: 2 }, { maxCostUsd: 1 }), /without a known price/);
		assert.doesNotThrow(() => checkBudget({ knownUsd: 0.1, unknownRequests: 1, requests: 2 }, { maxCostUsd: 1, allowUnknownPrices: true }));
	});
});
