// `models.list` like Google's: the Model resource, pages smaller than asked (so a client must follow nextPageToken),
// shut-down models left out, 400 for a bad token. The real SDK's pager must walk every page.
import * as assert from 'node:assert/strict';
import { Model } from '@google/genai';
import { MODEL_TABLE } from '../server';
import { assertInvalidArgument, useFake } from './helpers';

describe('fake Gemini: models.list with paging', function () {
	this.timeout(10000);
	const { fake, ai, baseUrl } = useFake();

	const served = MODEL_TABLE.filter((m) => m.status !== 'shutDown').map((m) => `models/${m.id}`);

	async function listAll(pageSize?: number): Promise<Model[]> {
		const models: Model[] = [];
		for await (const model of await ai().models.list(pageSize === undefined ? undefined : { config: { pageSize } })) {
			models.push(model);
		}
		return models;
	}

	const get = async (query: string): Promise<{ status: number; body: any }> => {
		const res = await fetch(`${baseUrl()}/v1beta/models${query}`, { headers: { 'x-goog-api-key': 'test-key' } });
		return { status: res.status, body: await res.json() };
	};

	it('the SDK pager walks every page: fewer per page than asked, all models in the end', async () => {
		const models = await listAll(50);
		assert.deepEqual(
			models.map((m) => m.name),
			served,
		);
		const lists = fake.requests.filter((r) => r.action === 'list');
		assert.equal(lists.length, Math.ceil(served.length / 2), 'two per page by default');
		assert.ok(lists.every((r) => r.status === 200 && /(^|&)pageSize=50(&|$)/.test(r.query)));
		assert.ok(lists.slice(1).every((r) => /pageToken=/.test(r.query)));
		// Without a page size too, and with a smaller one than the fake's.
		assert.deepEqual(
			(await listAll()).map((m) => m.name),
			served,
		);
		fake.reset();
		assert.deepEqual(
			(await listAll(1)).map((m) => m.name),
			served,
		);
		assert.equal(fake.requests.length, served.length);
	});

	it("Google's Model shape: name, version, display name, limits, methods, thinking", async () => {
		const models = await listAll();
		const nano = models.find((m) => m.name === 'models/gemini-nano-banana-2.1');
		assert.ok(nano);
		assert.equal(nano.displayName, 'Nano Banana 2.1');
		assert.match(nano.description ?? '', /generates and edits images/);
		assert.deepEqual(nano.supportedActions, ['generateContent', 'countTokens', 'batchGenerateContent']);
		assert.equal(nano.thinking, true);
		assert.ok((nano.inputTokenLimit ?? 0) > 0 && (nano.outputTokenLimit ?? 0) > 0);
		assert.deepEqual(models.find((m) => m.name === 'models/gemini-embedding-001')?.supportedActions, ['embedContent']);
		assert.deepEqual(models.find((m) => m.name === 'models/imagen-4.0-generate-001')?.supportedActions, ['predict']);
		const raw = await get('?pageSize=1000');
		assert.equal(raw.status, 200);
		assert.equal(raw.body.models.length, 2);
		assert.deepEqual(Object.keys(raw.body.models[0]).slice(0, 7), [
			'name',
			'version',
			'displayName',
			'description',
			'inputTokenLimit',
			'outputTokenLimit',
			'supportedGenerationMethods',
		]);
		assert.equal(typeof raw.body.nextPageToken, 'string');
	});

	it('the last page has no nextPageToken; modelsPerPage changes the page length', async () => {
		fake.options.modelsPerPage = 100;
		const raw = await get('');
		assert.equal(raw.body.models.length, served.length);
		assert.equal(raw.body.nextPageToken, undefined);
		fake.options.modelsPerPage = 3;
		const first = await get('?pageSize=10');
		assert.equal(first.body.models.length, 3);
		const second = await get(`?pageSize=10&pageToken=${encodeURIComponent(first.body.nextPageToken)}`);
		assert.equal(second.body.models[0].name, served[3]);
	});

	it('shut-down models are not listed unless shutDownModels is emptied', async () => {
		assert.ok(!(await listAll()).some((m) => /preview|2\.5-flash-image/.test(m.name ?? '')));
		fake.options.shutDownModels = [];
		const names = (await listAll()).map((m) => m.name);
		assert.ok(names.includes('models/gemini-2.5-flash-image'));
		assert.ok(names.includes('models/gemini-3-pro-image-preview'));
	});

	it('a page token the fake did not issue, or a bad page size, is a 400', async () => {
		for (const token of ['bogus', Buffer.from('fake-models:999').toString('base64url'), Buffer.from('fake-models:0').toString('base64url'), '%%%']) {
			const { status, body } = await get(`?pageToken=${encodeURIComponent(token)}`);
			assert.equal(status, 400, token);
			assertInvalidArgument({ httpStatus: status, ...body.error }, /page_token: Invalid page token/);
		}
		for (const size of ['-1', 'ten', '1.5']) {
			const { status, body } = await get(`?pageSize=${size}`);
			assert.equal(status, 400, size);
			assertInvalidArgument({ httpStatus: status, ...body.error }, /page_size/);
		}
		const bad = await ai()
			.models.list({ config: { pageToken: 'bogus' } })
			.catch((e: unknown) => e);
		assert.equal((bad as { status?: number }).status, 400);
	});

	it('the list needs a key like any call', async () => {
		const res = await fetch(`${baseUrl()}/v1beta/models`);
		assert.equal(res.status, 403);
	});
});
