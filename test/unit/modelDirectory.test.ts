// The model list (the API's truth) and the directory that caches it per endpoint and lays the catalog over it.
import * as assert from 'assert';
import { buildChoices, endpointKey, ModelDirectory, MODEL_LIST_MAX_AGE_MS } from '../../src/gemini/modelDirectory';
import { isImageModel, ListedModel } from '../../src/gemini/modelList';

class MemoryCache {
	readonly values = new Map<string, unknown>();
	get<T>(key: string): T | undefined {
		return this.values.get(key) as T | undefined;
	}
	async update(key: string, value: unknown): Promise<void> {
		this.values.set(key, JSON.parse(JSON.stringify(value)));
	}
}

const LISTED: ListedModel[] = [
	{ id: 'gemini-3.1-flash-image', displayName: 'Nano Banana 2', methods: ['generateContent'] },
	{ id: 'gemini-nano-banana-2.1', displayName: 'Nano Banana 2.1', methods: ['generateContent'] },
	{ id: 'gemini-nano-banana-3-preview', displayName: 'Nano Banana 3 Preview', description: 'Generates and edits images.', methods: ['generateContent'] },
	{ id: 'gemini-3-pro-image', methods: ['generateContent'] },
];

function logSink() {
	const lines: string[] = [];
	return { lines, info: (line: string) => lines.push(`info ${line}`), warn: (line: string) => lines.push(`warn ${line}`) };
}

describe('model list and directory', () => {
	it('tells image models from the rest by catalog, ID, name and description', () => {
		const yes: ListedModel[] = [
			{ id: 'gemini-nano-banana-2.1', displayName: 'Nano Banana 2.1' },
			{ id: 'gemini-4-flash-image-preview' },
			{ id: 'gemini-x', displayName: 'Gemini X', description: 'Our model for image generation and editing.' },
			{ id: 'gemini-3-pro-image', methods: ['generateContent', 'countTokens'] },
		];
		const no: ListedModel[] = [
			{ id: 'gemini-3.5-flash', description: 'Fast multimodal model with image understanding.' },
			{ id: 'imagen-4.0-generate-001', displayName: 'Imagen 4', description: 'Generates images', methods: ['predict'] },
			{ id: 'gemini-embedding-001', description: 'Embeddings for text and images', methods: ['embedContent'] },
			{ id: 'gemini-4-flash-image-preview', methods: ['countTokens'] },
		];
		assert.deepStrictEqual(
			yes.filter(isImageModel).map((m) => m.id),
			yes.map((m) => m.id),
		);
		assert.deepStrictEqual(no.filter(isImageModel), []);
	});

	it('orders choices: GA, then unknown listed models ("capabilities not known"), then deprecated; catalog when unlisted', () => {
		const listed = buildChoices({ fetchedAt: 0, models: LISTED });
		assert.deepStrictEqual(
			listed.map((c) => c.id),
			['gemini-nano-banana-2.1', 'gemini-3-pro-image', 'gemini-nano-banana-3-preview', 'gemini-3.1-flash-image'],
		);
		const unknown = listed.find((c) => c.id === 'gemini-nano-banana-3-preview')!;
		assert.strictEqual(unknown.known, false);
		assert.strictEqual(unknown.detail, 'capabilities not known');
		assert.strictEqual(unknown.label, 'Nano Banana 3 Preview');
		assert.match(listed.find((c) => c.id === 'gemini-3.1-flash-image')!.detail, /^deprecated: use gemini-nano-banana-2\.1/);
		assert.ok(listed.every((c) => c.listed));
		const fallback = buildChoices(undefined);
		assert.deepStrictEqual(
			fallback.map((c) => c.id),
			['gemini-nano-banana-2.1', 'gemini-3-pro-image', 'gemini-3.1-flash-lite-image', 'gemini-3.1-flash-image'],
		);
		assert.ok(fallback.every((c) => !c.listed));
	});

	it('caches per endpoint for a day (names only), refreshes a stale list in the background', async () => {
		const cache = new MemoryCache();
		let now = 1_000_000;
		const calls: string[] = [];
		const directory = new ModelDirectory(
			cache,
			async (endpoint, apiKey) => {
				calls.push(`${endpoint} ${apiKey}`);
				return LISTED;
			},
			logSink(),
			() => now,
		);
		const first = await directory.load('http://127.0.0.1:9/', 'secret-key');
		assert.strictEqual(first.length, 4);
		assert.deepStrictEqual(calls, ['http://127.0.0.1:9 secret-key']);
		assert.ok(!JSON.stringify([...cache.values]).includes('secret-key'), 'the key is never cached');
		assert.deepStrictEqual([...cache.values.keys()], [`imageStudio.modelList:${endpointKey('http://127.0.0.1:9')}`]);
		await directory.load('http://127.0.0.1:9', 'secret-key');
		assert.strictEqual(calls.length, 1, 'a fresh list is not fetched again');
		now += MODEL_LIST_MAX_AGE_MS + 1;
		const stale = await directory.load('http://127.0.0.1:9', 'secret-key');
		assert.strictEqual(stale.length, 4, 'a stale list answers at once');
		await new Promise((resolve) => setTimeout(resolve, 0));
		assert.strictEqual(calls.length, 2, 'and is refreshed in the background');
		// Another endpoint has its own list.
		assert.strictEqual(directory.listedIds('http://127.0.0.1:10'), undefined);
	});

	it('falls back to the catalog quietly when the list cannot be had, logging once per endpoint', async () => {
		const log = logSink();
		const directory = new ModelDirectory(
			new MemoryCache(),
			async () => {
				throw new Error('HTTP 403');
			},
			log,
		);
		const choices = await directory.load('http://127.0.0.1:9', 'k');
		assert.deepStrictEqual(
			choices.map((c) => c.id),
			buildChoices(undefined).map((c) => c.id),
		);
		await directory.load('http://127.0.0.1:9', 'k');
		assert.strictEqual(log.lines.filter((line) => line.startsWith('warn')).length, 1);
		await assert.rejects(directory.refresh('http://127.0.0.1:9', 'k'), /HTTP 403/, 'the refresh command sees the error');
		assert.deepStrictEqual(await directory.load('http://127.0.0.1:9', undefined), buildChoices(undefined), 'no key: the catalog, no request');
	});

	it('names the closest listed models for a missing one', async () => {
		const directory = new ModelDirectory(new MemoryCache(), async () => LISTED, logSink());
		await directory.refresh('http://127.0.0.1:9', 'k');
		assert.deepStrictEqual(directory.closest('http://127.0.0.1:9', 'gemini-nano-banana-2.2').slice(0, 2), [
			'gemini-nano-banana-2.1',
			'gemini-nano-banana-3-preview',
		]);
	});
});
