// Checks the fake Gemini Files API (gemini-wire.md §3, §10) against the real
// @google/genai SDK: resumable uploads in 8 MiB chunks, fileData parts in
// generateContent, files.get/list/delete, and the scripted upload faults.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ApiError, GoogleGenAI, createPartFromUri } from '@google/genai';
import { FakeGemini, RecordedRequest, renderFakeImage } from '../server';

const MiB = 1024 * 1024;

function apiError(err: unknown): { status: number; body: any } {
	assert.ok(err instanceof ApiError, `expected ApiError, got ${String(err)}`);
	return { status: err.status, body: JSON.parse(err.message).error };
}

async function rejects(p: Promise<unknown>): Promise<unknown> {
	try {
		await p;
	} catch (e) {
		return e;
	}
	throw new Error('expected a rejection');
}

/**
 * Bytes that start like a PNG, so the fake accepts them as an image. The
 * filler repeats every 251 bytes (prime), so misordered or shifted 8 MiB
 * chunks would not compare equal; cheaper than randomBytes on a loaded box.
 */
function pngLike(size: number): Buffer {
	const bytes = Buffer.alloc(size, randomBytes(251));
	renderFakeImage('image/png', 16, 16, 1).copy(bytes, 0, 0, 64);
	return bytes;
}

describe('fake Gemini Files API', function () {
	this.timeout(10000);
	const fake = new FakeGemini();
	let baseUrl = '';
	let ai: GoogleGenAI;

	const upload = (bytes: Buffer, mimeType = 'image/png', displayName = 'input.png') =>
		ai.files.upload({ file: new Blob([bytes], { type: mimeType }), config: { mimeType, displayName } });

	/** A raw `start` request; returns the upload URL. */
	async function start(size: number, extra: Record<string, string> = {}): Promise<string> {
		const res = await fetch(`${baseUrl}/upload/v1beta/files`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'x-goog-api-key': 'test-key',
				'x-goog-upload-protocol': 'resumable',
				'x-goog-upload-command': 'start',
				'x-goog-upload-header-content-length': String(size),
				'x-goog-upload-header-content-type': 'image/png',
				...extra,
			},
			body: JSON.stringify({ file: { mimeType: 'image/png', sizeBytes: String(size) } }),
		});
		assert.equal(res.status, 200, await res.text());
		assert.equal(res.headers.get('x-goog-upload-status'), 'active');
		const url = res.headers.get('x-goog-upload-url');
		assert.ok(url);
		return url;
	}

	const send = (url: string, command: string, offset: number | undefined, body: Buffer): Promise<Response> =>
		fetch(url, {
			method: 'POST',
			headers: { 'x-goog-upload-command': command, ...(offset === undefined ? {} : { 'x-goog-upload-offset': String(offset) }) },
			body,
		});

	before(async () => {
		baseUrl = await fake.start();
		ai = new GoogleGenAI({ apiKey: 'test-key', apiVersion: 'v1beta', httpOptions: { baseUrl } });
	});
	after(() => fake.stop());
	beforeEach(() => fake.reset());

	it('uploads a 20 MB Blob in 8 MiB resumable chunks and stores the exact bytes', async () => {
		const bytes = pngLike(20 * 1000 * 1000);
		const file = await upload(bytes, 'image/png', 'big input.png');
		assert.match(file.name ?? '', /^files\/[a-z0-9]{12}$/);
		assert.equal(file.uri, `${baseUrl}/v1beta/files/${file.name?.slice(6)}`);
		assert.equal(file.state, 'ACTIVE');
		assert.equal(file.mimeType, 'image/png');
		assert.equal(file.displayName, 'big input.png');
		assert.equal(file.sizeBytes, String(bytes.length));
		assert.equal(file.source, 'UPLOADED');
		assert.ok(file.expirationTime && file.createTime && Date.parse(file.expirationTime) - Date.parse(file.createTime) === 48 * 3600 * 1000);

		assert.equal(fake.uploadedFiles.size, 1);
		const stored = fake.uploadedFiles.get(file.name as string);
		assert.ok(stored);
		assert.ok(stored.bytes.equals(bytes), 'stored bytes differ from the Blob');
		assert.equal(stored.sizeBytes, bytes.length);
		assert.equal(stored.uri, file.uri);
		assert.equal(Buffer.from(file.sha256Hash as string, 'base64').toString('ascii'), stored.sha256);
		assert.equal(fake.fileByUri(file.uri as string), stored);

		const [startReq, ...chunks] = fake.requests;
		assert.equal(startReq.action, 'upload.start');
		assert.equal(startReq.path, '/upload/v1beta/files');
		assert.equal(startReq.headers['x-goog-upload-protocol'], 'resumable');
		assert.equal(startReq.headers['x-goog-upload-command'], 'start');
		assert.equal(startReq.headers['x-goog-upload-header-content-length'], String(bytes.length));
		assert.equal(startReq.headers['x-goog-upload-header-content-type'], 'image/png');
		assert.deepEqual(startReq.body, { file: { mimeType: 'image/png', displayName: 'big input.png', sizeBytes: String(bytes.length) } });
		assert.deepEqual(
			chunks.map((r) => [r.action, r.upload?.command, r.upload?.offset, r.upload?.bytes]),
			[
				['upload.chunk', 'upload', 0, 8 * MiB],
				['upload.chunk', 'upload', 8 * MiB, 8 * MiB],
				['upload.chunk', 'upload, finalize', 16 * MiB, bytes.length - 16 * MiB],
			],
		);
		assert.equal(chunks[2].upload?.fileName, file.name);
		for (const r of chunks) {
			assert.equal(r.path, '/upload/v1beta/files');
			assert.match(r.query, /^upload_id=[\w-]+&upload_protocol=resumable$/);
			assert.equal(r.rawBody, `<${r.bodyBytes} bytes of upload data>`);
			assert.equal(r.body, undefined);
		}
	});

	it('generateContent accepts a fileData part for an uploaded file and records the reference', async () => {
		const file = await upload(pngLike(300 * 1000));
		const res = await ai.models.generateContent({
			model: 'gemini-3-pro-image',
			contents: [createPartFromUri(file.uri as string, file.mimeType as string), 'make it blue'],
		});
		assert.ok(res.candidates?.[0]?.content?.parts?.some((p) => p.inlineData?.mimeType === 'image/jpeg'));
		const gen = fake.requests.find((r) => r.action === 'generateContent') as RecordedRequest;
		assert.deepEqual(gen.body.contents[0].parts[0], { fileData: { fileUri: file.uri, mimeType: 'image/png' } });
		assert.deepEqual(gen.referencedFiles, [file.name]);
		// The uploaded image counts as an input image.
		assert.deepEqual(
			res.usageMetadata?.promptTokensDetails?.find((d) => d.modality === 'IMAGE'),
			{ modality: 'IMAGE', tokenCount: 1120 },
		);
	});

	it('rejects unknown, deleted, non-Files-API and non-image file references like Google', async () => {
		const unknown = apiError(
			await rejects(
				ai.models.generateContent({
					model: 'gemini-3-pro-image',
					contents: [createPartFromUri(`${baseUrl}/v1beta/files/doesnotexist1`, 'image/png'), 'edit'],
				}),
			),
		);
		assert.equal(unknown.status, 403);
		assert.equal(unknown.body.status, 'PERMISSION_DENIED');
		assert.equal(unknown.body.message, 'You do not have permission to access the File doesnotexist1 or it may not exist.');

		const file = await upload(pngLike(1000));
		await ai.files.delete({ name: file.name as string });
		assert.equal(fake.uploadedFiles.size, 0);
		const deleted = apiError(
			await rejects(
				ai.models.generateContent({
					model: 'gemini-3-pro-image',
					contents: [createPartFromUri(file.uri as string, 'image/png'), 'edit'],
				}),
			),
		);
		assert.equal(deleted.status, 403);

		const foreign = apiError(
			await rejects(
				ai.models.generateContent({
					model: 'gemini-3-pro-image',
					contents: [createPartFromUri('https://example.com/cat.png', 'image/png'), 'edit'],
				}),
			),
		);
		assert.equal(foreign.status, 400);
		assert.equal(foreign.body.status, 'INVALID_ARGUMENT');

		const html = await upload(Buffer.from('<!DOCTYPE html><html>not an image</html>'), 'image/png');
		const notImage = apiError(
			await rejects(
				ai.models.generateContent({
					model: 'gemini-3-pro-image',
					contents: [createPartFromUri(html.uri as string, 'image/png'), 'edit'],
				}),
			),
		);
		assert.equal(notImage.status, 400);
		assert.match(notImage.body.message, /^Unable to process input image/);
		// Rejected requests still say which files they named.
		assert.deepEqual(
			fake.requests.filter((r) => r.action === 'generateContent').map((r) => r.referencedFiles),
			[['files/doesnotexist1'], [file.name], ['https://example.com/cat.png'], [html.name]],
		);
	});

	it('files.get, files.list and files.delete', async () => {
		const a = await upload(pngLike(1000), 'image/png', 'a.png');
		const b = await upload(pngLike(2000), 'image/png', 'b.png');
		const got = await ai.files.get({ name: a.name as string });
		assert.deepEqual({ ...got }, { ...a });
		assert.equal(fake.requests.at(-1)?.action, 'files.get');
		assert.equal(fake.requests.at(-1)?.path, `/v1beta/${a.name}`);
		const listed: string[] = [];
		for await (const f of await ai.files.list({ config: { pageSize: 1 } })) {
			listed.push(f.name as string);
		}
		assert.deepEqual(listed, [b.name, a.name]);
		await ai.files.delete({ name: a.name as string });
		assert.equal(fake.requests.at(-1)?.action, 'files.delete');
		const gone = apiError(await rejects(ai.files.get({ name: a.name as string })));
		assert.equal(gone.status, 403);
		assert.equal(gone.body.status, 'PERMISSION_DENIED');
		assert.deepEqual([...fake.uploadedFiles.keys()], [b.name]);
	});

	it('failUploads: start → 503, chunk → 500, finalize → 500 after earlier chunks; the SDK rejects with ApiError', async () => {
		fake.options.failUploads = 'start';
		const startErr = apiError(await rejects(upload(pngLike(1000))));
		assert.equal(startErr.status, 503);
		assert.equal(startErr.body.status, 'UNAVAILABLE');

		fake.options.failUploads = 'chunk';
		const chunkErr = apiError(await rejects(upload(pngLike(1000))));
		assert.equal(chunkErr.status, 500);
		assert.equal(chunkErr.body.status, 'INTERNAL');

		fake.options.failUploads = 'finalize';
		const finalErr = apiError(await rejects(upload(pngLike(9 * MiB))));
		assert.equal(finalErr.status, 500);
		assert.deepEqual(
			fake.requests.map((r) => [r.action, r.status]),
			[
				['upload.start', 503],
				['upload.start', 200],
				['upload.chunk', 500],
				['upload.start', 200],
				['upload.chunk', 200],
				['upload.chunk', 500],
			],
		);
		assert.equal(fake.uploadedFiles.size, 0);

		fake.options.failUploads = undefined;
		await upload(pngLike(1000));
		assert.equal(fake.uploadedFiles.size, 1);
	});

	it('checks offsets and sizes on the upload URL (400), unknown sessions (404) and the key on start (403)', async () => {
		const url = await start(10);
		assert.equal(new URL(url).host, new URL(baseUrl).host);
		assert.equal((await send(url, 'upload', 3, Buffer.alloc(4))).status, 400, 'offset ahead of the data');
		assert.equal((await send(url, 'upload', undefined, Buffer.alloc(4))).status, 400, 'no offset');
		const first = await send(url, 'upload', 0, Buffer.alloc(4, 1));
		assert.equal(first.status, 200);
		assert.equal(first.headers.get('x-goog-upload-status'), 'active');
		assert.equal(first.headers.get('x-goog-upload-size-received'), '4');
		assert.equal((await send(url, 'upload', 0, Buffer.alloc(4))).status, 400, 'offset behind the data');
		assert.equal((await send(url, 'upload', 4, Buffer.alloc(7))).status, 400, 'more than declared');
		const short = await send(url, 'upload, finalize', 4, Buffer.alloc(2));
		assert.equal(short.status, 400, 'finalize short of the declared size');
		assert.match(((await short.json()) as any).error.message, /size mismatch: 6 bytes received.*10/);
		assert.equal(fake.uploadedFiles.size, 0);
		const done = await send(url, 'upload, finalize', 4, Buffer.alloc(6, 2));
		assert.equal(done.status, 200);
		assert.equal(done.headers.get('x-goog-upload-status'), 'final');
		const { file } = (await done.json()) as any;
		assert.deepEqual(fake.uploadedFiles.get(file.name)?.bytes, Buffer.concat([Buffer.alloc(4, 1), Buffer.alloc(6, 2)]));
		assert.equal((await send(url, 'upload', 10, Buffer.alloc(1))).status, 400, 'after finalize');

		const unknown = await send(`${baseUrl}/upload/v1beta/files?upload_id=nope&upload_protocol=resumable`, 'upload, finalize', 0, Buffer.alloc(1));
		assert.equal(unknown.status, 404);
		const noKey = await fetch(`${baseUrl}/upload/v1beta/files`, {
			method: 'POST',
			headers: { 'x-goog-upload-protocol': 'resumable', 'x-goog-upload-command': 'start' },
			body: '{}',
		});
		assert.equal(noKey.status, 403);
	});

	it('uploads have their own 2 GiB cap: a 60 MB single-request upload works with the 100 MB generate cap untouched', async () => {
		assert.equal(fake.options.maxBodyBytes, 100 * 1024 * 1024);
		assert.equal(fake.options.maxUploadBytes, 2 * 1024 * 1024 * 1024);
		fake.options.maxBodyBytes = 1 * MiB;
		const bytes = pngLike(60 * 1000 * 1000);
		const url = await start(bytes.length);
		const res = await send(url, 'upload, finalize', 0, bytes);
		assert.equal(res.status, 200);
		const { file } = (await res.json()) as any;
		assert.ok(fake.uploadedFiles.get(file.name)?.bytes.equals(bytes));
		assert.equal(fake.requests.at(-1)?.rawBody, `<${bytes.length} bytes of upload data>`);

		fake.options.maxUploadBytes = 1000;
		const tooBig = apiError(await rejects(upload(pngLike(1001))));
		assert.equal(tooBig.status, 400);
	});

	it('fileProcessingMs keeps a file PROCESSING (400 FAILED_PRECONDITION when used) until it turns ACTIVE', async () => {
		fake.options.fileProcessingMs = 150;
		const file = await upload(pngLike(1000));
		assert.equal(file.state, 'PROCESSING');
		const early = apiError(
			await rejects(
				ai.models.generateContent({
					model: 'gemini-3-pro-image',
					contents: [createPartFromUri(file.uri as string, 'image/png'), 'edit'],
				}),
			),
		);
		assert.equal(early.status, 400);
		assert.equal(early.body.status, 'FAILED_PRECONDITION');
		await new Promise((r) => setTimeout(r, 200));
		assert.equal((await ai.files.get({ name: file.name as string })).state, 'ACTIVE');
		await ai.models.generateContent({ model: 'gemini-3-pro-image', contents: [createPartFromUri(file.uri as string, 'image/png'), 'edit'] });
	});

	it('SDK 3.3.0 canary: files.upload ignores config.abortSignal; per-call httpOptions reach only the start request', async () => {
		// If this fails, the SDK changed how uploads can be cancelled: revisit the extension's upload code.
		const file = await ai.files.upload({
			file: new Blob([pngLike(1000)], { type: 'image/png' }),
			config: { mimeType: 'image/png', abortSignal: AbortSignal.abort(), httpOptions: { headers: { 'x-per-call': '1' } } },
		});
		assert.equal(file.state, 'ACTIVE');
		assert.deepEqual(
			fake.requests.map((r) => [r.action, r.headers['x-per-call']]),
			[
				['upload.start', '1'],
				['upload.chunk', undefined],
			],
		);
	});

	it('control routes list files and reset clears them', async () => {
		const file = await upload(pngLike(1000));
		const listed = (await (await fetch(`${baseUrl}/__fake/files`)).json()) as any[];
		assert.deepEqual(
			listed.map((f) => [f.name, f.uri, f.state]),
			[[file.name, file.uri, 'ACTIVE']],
		);
		const log = (await (await fetch(`${baseUrl}/__fake/requests`)).json()) as RecordedRequest[];
		assert.equal(log.find((r) => r.action === 'upload.chunk')?.rawBody, '<1000 bytes of upload data>');
		await fetch(`${baseUrl}/__fake/options`, { method: 'POST', body: JSON.stringify({ failUploads: 'start' }) });
		assert.equal(fake.options.failUploads, 'start');
		await fetch(`${baseUrl}/__fake/reset`, { method: 'POST' });
		assert.equal(fake.uploadedFiles.size, 0);
		assert.equal(fake.options.failUploads, undefined);
	});
});
