// The fake's Batch API (gemini-wire.md §11) through the real @google/genai SDK: batchGenerateContent as strict as
// generateContent, the PENDING → RUNNING → SUCCEEDED progression, forced end states, cancel and delete, and the
// input-file / results-file path.
import * as assert from 'node:assert/strict';
import { InlinedRequest } from '@google/genai';
import { assertInvalidArgument, pngBase64, rejection, useFake } from './helpers';

const MODEL = 'gemini-3-pro-image';

function inlined(prompt: string, key: string, imageConfig: Record<string, string> = { aspectRatio: '1:1' }): InlinedRequest {
	return {
		contents: [{ role: 'user', parts: [{ text: prompt }, { inlineData: { mimeType: 'image/png', data: pngBase64() } }] }],
		config: { responseModalities: ['TEXT', 'IMAGE'], imageConfig },
		metadata: { key },
	};
}

describe('fake Gemini Batch API', function () {
	this.timeout(15000);
	const { fake, ai, baseUrl } = useFake();

	it('creates a job from inline requests as a pending Operation the SDK reads', async () => {
		const job = await ai().batches.create({
			model: MODEL,
			src: [inlined('a red fox', 'fox'), inlined('a blue whale', 'whale')],
			config: { displayName: 'animals' },
		});
		assert.match(job.name ?? '', /^batches\/[a-z0-9]+$/);
		assert.equal(job.state, 'JOB_STATE_PENDING');
		assert.equal(job.displayName, 'animals');
		assert.equal(job.model, `models/${MODEL}`);
		assert.ok(job.createTime);
		const rec = await fake.waitForRequest((r) => r.action === 'batchGenerateContent');
		assert.equal(rec.path, `/v1beta/models/${MODEL}:batchGenerateContent`);
		assert.deepEqual(
			rec.body.batch.inputConfig.requests.requests.map((r: any) => r.metadata),
			[{ key: 'fox' }, { key: 'whale' }],
		);
		assert.equal(fake.batches.get(job.name as string)?.entries.length, 2);
	});

	it('progresses RUNNING → SUCCEEDED after batchCompletesAfterPolls polls, with inlined responses keyed by metadata', async () => {
		fake.options.batchCompletesAfterPolls = 2;
		fake.enqueue({ kind: 'image' }, { kind: 'error', status: 429 });
		const job = await ai().batches.create({
			model: MODEL,
			src: [inlined('a red fox', 'fox'), inlined('a blue whale', 'whale')],
			config: { displayName: 'x' },
		});
		const first = await ai().batches.get({ name: job.name as string });
		assert.equal(first.state, 'JOB_STATE_RUNNING');
		assert.equal(first.dest, undefined);
		const second = await ai().batches.get({ name: job.name as string });
		assert.equal(second.state, 'JOB_STATE_SUCCEEDED');
		const responses = second.dest?.inlinedResponses ?? [];
		assert.equal(responses.length, 2);
		assert.deepEqual(responses[0].metadata, { key: 'fox' });
		const parts = responses[0].response?.candidates?.[0]?.content?.parts ?? [];
		assert.ok(parts.some((p) => p.inlineData?.mimeType === 'image/jpeg'));
		assert.deepEqual(responses[1].metadata, { key: 'whale' });
		assert.equal(responses[1].response, undefined);
		assert.equal(responses[1].error?.code, 8, 'a scripted 429 is RESOURCE_EXHAUSTED (google.rpc.Code 8)');
	});

	it('rejects a ratio the model does not take, as generateContent does', async () => {
		const e = await rejection(
			ai().batches.create({ model: MODEL, src: [inlined('ok', 'a'), inlined('wide', 'b', { aspectRatio: '8:1' })], config: { displayName: 'x' } }),
		);
		assertInvalidArgument(e, /aspect|8:1|requests\[1\]/i);
		assert.equal(fake.batches.size, 0);
	});

	it('rejects an image size the model does not take', async () => {
		const e = await rejection(
			ai().batches.create({ model: MODEL, src: [inlined('ok', 'a', { aspectRatio: '1:1', imageSize: '512' })], config: { displayName: 'x' } }),
		);
		assert.equal(e.httpStatus, 400);
	});

	it('answers 404 for an unknown model', async () => {
		const e = await rejection(ai().batches.create({ model: 'gemini-9-imaginary-image', src: [inlined('ok', 'a')], config: { displayName: 'x' } }));
		assert.equal(e.httpStatus, 404);
		assert.equal(e.status, 'NOT_FOUND');
	});

	it('rejects an empty request list, a missing display name and unknown fields', async () => {
		const post = (body: unknown) =>
			fetch(`${baseUrl()}/v1beta/models/${MODEL}:batchGenerateContent`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-goog-api-key': 'k' },
				body: JSON.stringify(body),
			});
		const request = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }], generationConfig: { responseModalities: ['TEXT', 'IMAGE'] } };
		const empty = await post({ batch: { displayName: 'x', inputConfig: { requests: { requests: [] } } } });
		assert.equal(empty.status, 400);
		const unnamed = await post({ batch: { inputConfig: { requests: { requests: [{ request }] } } } });
		assert.equal(unnamed.status, 400);
		for (const body of [
			{ batch: { displayName: 'x', inputConfig: { requests: { requests: [{ request }] } } }, extra: 1 },
			{ batch: { displayName: 'x', colour: 'red', inputConfig: { requests: { requests: [{ request }] } } } },
			{ batch: { displayName: 'x', inputConfig: { requests: { requests: [{ request, key: 'a' }] } } } },
			{ batch: { displayName: 'x', inputConfig: { requests: { requests: [{ request: { ...request, temperature: 1 } }] } } } },
		]) {
			const res = await post(body);
			assert.equal(res.status, 400, JSON.stringify(body));
			assert.match(((await res.json()) as any).error.message, /Unknown name/);
		}
		const ok = await post({ batch: { displayName: 'x', inputConfig: { requests: { requests: [{ request }] } } } });
		assert.equal(ok.status, 200);
	});

	it('forces failed, expired and cancelled states; a failed job carries the Operation error', async () => {
		const names: string[] = [];
		for (let i = 0; i < 3; i++) {
			names.push((await ai().batches.create({ model: MODEL, src: [inlined('x', 'k')], config: { displayName: 'x' } })).name as string);
		}
		assert.ok(fake.forceBatchState(names[0], 'BATCH_STATE_FAILED', 'quota gone'));
		fake.forceBatchState(names[1], 'BATCH_STATE_EXPIRED');
		fake.forceBatchState(names[2], 'BATCH_STATE_CANCELLED');
		assert.equal((await ai().batches.get({ name: names[0] })).state, 'JOB_STATE_FAILED');
		assert.equal((await ai().batches.get({ name: names[1] })).state, 'JOB_STATE_EXPIRED');
		assert.equal((await ai().batches.get({ name: names[2] })).state, 'JOB_STATE_CANCELLED');
		const raw = (await (await fetch(`${baseUrl()}/v1beta/${names[0]}`, { headers: { 'x-goog-api-key': 'k' } })).json()) as any;
		assert.equal(raw.done, true);
		assert.equal(raw.error.message, 'quota gone');
		assert.equal(raw.metadata.state, 'BATCH_STATE_FAILED');
	});

	it('cancels a running job, refuses to cancel a finished one, and deletes', async () => {
		const job = await ai().batches.create({ model: MODEL, src: [inlined('x', 'k')], config: { displayName: 'x' } });
		await ai().batches.cancel({ name: job.name as string });
		assert.equal((await ai().batches.get({ name: job.name as string })).state, 'JOB_STATE_CANCELLED');
		assert.ok(fake.requests.some((r) => r.action === 'batches.cancel' && r.path === `/v1beta/${job.name}:cancel`));
		const done = await ai().batches.create({ model: MODEL, src: [inlined('x', 'k')], config: { displayName: 'x' } });
		await ai().batches.get({ name: done.name as string });
		const e = await rejection(ai().batches.cancel({ name: done.name as string }));
		assert.equal(e.httpStatus, 400);
		await ai().batches.delete({ name: done.name as string });
		assert.equal((await rejection(ai().batches.get({ name: done.name as string }))).httpStatus, 404);
	});

	it('runs a job from an uploaded JSONL file and answers with a results file at the download URL', async () => {
		const request = (prompt: string) => ({
			contents: [{ role: 'user', parts: [{ text: prompt }] }],
			generationConfig: { responseModalities: ['TEXT', 'IMAGE'], imageConfig: { aspectRatio: '16:9' } },
		});
		const jsonl = `${JSON.stringify({ key: 'one', request: request('a tree') })}\n${JSON.stringify({ key: 'two', request: request('a cat') })}\n`;
		const file = await ai().files.upload({ file: new Blob([jsonl], { type: 'application/jsonl' }), config: { mimeType: 'application/jsonl' } });
		assert.equal(fake.uploadedFiles.get(file.name as string)?.bytes.toString('utf8'), jsonl, 'the upload kept the bytes');
		fake.enqueue({ kind: 'image' }, { kind: 'promptBlocked' });
		const job = await ai().batches.create({ model: MODEL, src: file.name as string, config: { displayName: 'from file' } });
		assert.equal((await fake.waitForRequest((r) => r.action === 'batchGenerateContent')).body.batch.inputConfig.fileName, file.name);
		const done = await ai().batches.get({ name: job.name as string });
		assert.equal(done.state, 'JOB_STATE_SUCCEEDED');
		const responsesFile = done.dest?.fileName as string;
		assert.match(responsesFile, /^files\//);
		const res = await fetch(`${baseUrl()}/download/v1beta/${responsesFile}:download?alt=media`, { headers: { 'x-goog-api-key': 'k' } });
		assert.equal(res.status, 200);
		const lines = (await res.text())
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l));
		assert.deepEqual(
			lines.map((l) => l.key),
			['one', 'two'],
		);
		assert.ok(lines[0].response.candidates[0].content.parts.some((p: any) => p.inlineData));
		assert.equal(lines[1].response.promptFeedback.blockReason, 'PROHIBITED_CONTENT');
	});

	it('rejects a file input that names no file, or whose lines are not {key, request}', async () => {
		assert.equal((await rejection(ai().batches.create({ model: MODEL, src: 'files/nosuchfile', config: { displayName: 'x' } }))).httpStatus, 403);
		const file = await ai().files.upload({
			file: new Blob([JSON.stringify({ id: 'x', request: {} })], { type: 'application/jsonl' }),
			config: { mimeType: 'application/jsonl' },
		});
		assert.equal((await rejection(ai().batches.create({ model: MODEL, src: file.name as string, config: { displayName: 'x' } }))).httpStatus, 400);
	});

	it('needs the API key on batch routes and 404s an unknown job', async () => {
		const res = await fetch(`${baseUrl()}/v1beta/batches/nosuch`);
		assert.equal(res.status, 403);
		assert.equal((await rejection(ai().batches.get({ name: 'batches/nosuch' }))).httpStatus, 404);
	});
});
