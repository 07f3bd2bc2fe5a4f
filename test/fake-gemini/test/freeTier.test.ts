// A key whose project has no billing asking an image model: Google's free-tier 429 (limit 0, `-FreeTier` quota id,
// RetryInfo still sent; gemini-wire.md §7), as a scripted reply and for every generate request of `freeTierKeys`.
// Also the CLI flags that set it and the other new options.
import * as assert from 'node:assert/strict';
import { GoogleGenAI } from '@google/genai';
import { parseArgs } from '../cli';
import { FakeGemini } from '../server';
import { rejection, useFake } from './helpers';

function assertFreeTier429(e: { httpStatus: number; status: string; message: string; details?: any[] }, model: string): void {
	assert.equal(e.httpStatus, 429);
	assert.equal(e.status, 'RESOURCE_EXHAUSTED');
	assert.match(e.message, new RegExp(`generate_content_free_tier_requests, limit: 0, model: ${model.replace(/\./g, '\\.')}`));
	const quota = e.details?.find((d) => d['@type'] === 'type.googleapis.com/google.rpc.QuotaFailure');
	assert.match(quota?.violations?.[0]?.quotaId ?? '', /-FreeTier$/);
	assert.equal(quota?.violations?.[0]?.quotaValue, '0');
	assert.ok(
		e.details?.some((d) => d['@type'] === 'type.googleapis.com/google.rpc.RetryInfo'),
		'Google still sends RetryInfo',
	);
}

describe('fake Gemini: free tier without billing', function () {
	this.timeout(10000);
	const { fake, ai, baseUrl } = useFake();

	it('a scripted 429 with freeTierNoBilling', async () => {
		fake.enqueue({ kind: 'error', status: 429, freeTierNoBilling: true });
		assertFreeTier429(await rejection(ai().models.generateContent({ model: 'gemini-3-pro-image', contents: 'x' })), 'gemini-3-pro-image');
		await ai().models.generateContent({ model: 'gemini-3-pro-image', contents: 'x' });
	});

	it('freeTierKeys: every generate request of such a key gets it, other keys and countTokens do not', async () => {
		fake.options.freeTierKeys = ['free-key'];
		const free = new GoogleGenAI({ apiKey: 'free-key', apiVersion: 'v1beta', httpOptions: { baseUrl: baseUrl() } });
		fake.enqueue({ kind: 'text', text: 'kept' });
		assertFreeTier429(await rejection(free.models.generateContent({ model: 'gemini-nano-banana-2.1', contents: 'x' })), 'gemini-nano-banana-2.1');
		assertFreeTier429(await rejection(free.models.generateContentStream({ model: 'gemini-3-pro-image', contents: 'x' })), 'gemini-3-pro-image');
		// Even a malformed body: the quota answers first.
		assertFreeTier429(
			await rejection(free.models.generateContent({ model: 'gemini-3-pro-image', contents: [{ role: 'user', parts: [] }] })),
			'gemini-3-pro-image',
		);
		assert.equal(fake.queued, 1, 'no scripted reply consumed');
		assert.equal((await free.models.countTokens({ model: 'gemini-3-pro-image', contents: 'a cat' })).totalTokens, 2);
		assert.equal((await free.models.get({ model: 'gemini-3-pro-image' })).name, 'models/gemini-3-pro-image');
		// Unknown models are still 404 first.
		assert.equal((await rejection(free.models.generateContent({ model: 'gemini-9-image', contents: 'x' }))).httpStatus, 404);
		assert.equal((await ai().models.generateContent({ model: 'gemini-3-pro-image', contents: 'x' })).text, 'kept');
	});

	it('the CLI: strict by default, --lenient-signatures, --free-tier-key, --extra-model, --models-per-page', () => {
		const defaults = parseArgs([]);
		assert.equal(defaults.strictSignatures, true);
		assert.deepEqual(defaults.freeTierKeys, []);
		const args = parseArgs([
			'--lenient-signatures',
			'--free-tier-key',
			'a',
			'--free-tier-key',
			'b',
			'--extra-model',
			'gemini-nano-banana-3-preview',
			'--models-per-page',
			'5',
			'--valid-key',
			'a',
		]);
		assert.equal(args.strictSignatures, false);
		assert.deepEqual(args.freeTierKeys, ['a', 'b']);
		assert.deepEqual(args.extraModels, ['gemini-nano-banana-3-preview']);
		assert.equal(args.modelsPerPage, 5);
		assert.equal(parseArgs(['--strict-signatures']).strictSignatures, true, 'the old flag is still accepted');
	});

	it("base options (the CLI's flags) survive reset()", () => {
		const withBase = new FakeGemini({ freeTierKeys: ['free-key'], strictSignatures: false, extraModels: [{ id: 'x-image' }] });
		withBase.options.freeTierKeys.push('other');
		withBase.reset();
		assert.deepEqual(withBase.options.freeTierKeys, ['free-key']);
		assert.equal(withBase.options.strictSignatures, false);
		assert.deepEqual(withBase.options.extraModels, [{ id: 'x-image' }]);
		assert.equal(new FakeGemini().options.strictSignatures, true);
	});
});
