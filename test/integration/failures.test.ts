// Every failure a user can meet: a clear message of the right kind, and nothing written into the workspace.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ScriptedReply } from '../fake-gemini/server';
import { takeScreenshot } from './screenshot';
import { configure, generateRequests, lastNotification, snapshotWorkspace, useFakeGemini, workspaceRoot } from './support';

suite('generate: failures write nothing and say what to do', () => {
	const { fake, api } = useFakeGemini();

	async function expectFailure(args: unknown, code: string, message: RegExp, severity: 'error' | 'warning' = 'error'): Promise<void> {
		const before = snapshotWorkspace();
		const result = await vscode.commands.executeCommand('imageStudio.generate', args);
		assert.strictEqual(result, undefined, 'the command returns nothing');
		const notice = lastNotification(api());
		assert.strictEqual(notice.code, code, `code of ${JSON.stringify(notice)}`);
		assert.strictEqual(notice.severity, severity);
		assert.match(notice.message, message);
		assert.ok(notice.actions.includes('Open Log'));
		assert.deepStrictEqual(snapshotWorkspace(), before, 'the workspace is unchanged');
	}

	const replies: [string, ScriptedReply, string, RegExp, ('error' | 'warning')?][] = [
		['bad key', { kind: 'error', status: 400 }, 'badKey', /rejected the API key/],
		['text only', { kind: 'text', text: 'I would rather describe it.' }, 'noImage', /text but no image: "I would rather describe it\."/],
		['no candidates', { kind: 'noCandidates' }, 'noImage', /no result/],
		['blocked prompt', { kind: 'promptBlocked', blockReason: 'PROHIBITED_CONTENT' }, 'promptBlocked', /blocked the prompt.*PROHIBITED_CONTENT/, 'warning'],
		['IMAGE_SAFETY', { kind: 'finishReason', finishReason: 'IMAGE_SAFETY' }, 'imageBlocked', /IMAGE_SAFETY/, 'warning'],
		['PROHIBITED_CONTENT', { kind: 'finishReason', finishReason: 'PROHIBITED_CONTENT' }, 'imageBlocked', /PROHIBITED_CONTENT/, 'warning'],
		['NO_IMAGE', { kind: 'finishReason', finishReason: 'NO_IMAGE' }, 'noImage', /NO_IMAGE/],
		['malformed JSON', { kind: 'raw', body: '{"candidates":[{"content":' }, 'badResponse', /could not be read/],
		['HTML error page', { kind: 'html', status: 502 }, 'serverUnavailable', /HTTP 502/],
		['truncated body', { kind: 'truncated' }, 'badResponse', /could not be read \(malformed or cut off\)/],
		['corrupt base64', { kind: 'corruptBase64' }, 'badResponse', /not a valid PNG, JPEG or WebP/],
		['image bytes that are not an image', { kind: 'corruptBase64', variant: 'notAnImage' }, 'badResponse', /not a valid/],
		['403', { kind: 'error', status: 403, message: 'Permission denied on resource project x.' }, 'permissionDenied', /refused access/],
		[
			'404 for a deprecated model (shut down without notice)',
			{ kind: 'error', status: 404 },
			'modelShutDown',
			/no longer available.*Use gemini-nano-banana-2\.1 instead/,
		],
	];
	for (const [name, reply, code, message, severity] of replies) {
		test(`Gemini answers: ${name}`, async () => {
			await configure({ maxRetries: 0 });
			fake.enqueue(reply);
			await expectFailure({ prompt: `case ${name}`, model: 'gemini-3.1-flash-image' }, code, message, severity);
			assert.strictEqual(generateRequests(fake).length, 1);
		});
	}

	test('the bad-key message offers to set a key', async () => {
		fake.enqueue({ kind: 'error', status: 400 });
		await expectFailure({ prompt: 'bad key' }, 'badKey', /Set Gemini API Key/);
		assert.ok(lastNotification(api()).actions.includes('Set API Key'));
		await takeScreenshot('integration-bad-key-notification');
	});

	test('503 is retried and then reported', async () => {
		await configure({ maxRetries: 1 });
		fake.enqueue({ kind: 'error', status: 503 }, { kind: 'error', status: 503 });
		await expectFailure({ prompt: 'overloaded' }, 'serverUnavailable', /overloaded or unavailable \(HTTP 503\)/);
		assert.strictEqual(generateRequests(fake).length, 2);
	});

	const badArgs: [string, unknown, RegExp][] = [
		['empty prompt', { prompt: '' }, /prompt is empty/],
		['whitespace prompt', { prompt: '  \n\t ' }, /prompt is empty/],
		['prompt that is not text', { prompt: 42 }, /must be text/],
		['not a model ID', { prompt: 'x', model: 'models/x?key=1' }, /not a model ID/],
		['lower-case size', { prompt: 'x', imageSize: '1k' }, /upper case: "1K"/],
		[
			'4K on a 1K-only model',
			{ prompt: 'x', model: 'gemini-3.1-flash-lite-image', imageSize: '4K' },
			/does not support the image size "4K".*Supported: 1K/,
		],
		['unsupported aspect ratio', { prompt: 'x', model: 'gemini-3-pro-image', aspectRatio: '7:3' }, /aspect ratio "7:3"/],
		['count out of range', { prompt: 'x', count: 9 }, /from 1 to 8/],
	];
	for (const [name, args, message] of badArgs) {
		test(`bad argument: ${name}`, async () => {
			await expectFailure(args, 'invalidInput', message);
			assert.strictEqual(generateRequests(fake).length, 0, 'no request was sent');
		});
	}

	for (const folder of ['../outside', '/tmp/abs', '~/pictures', '%2e%2e/x', '.vscode']) {
		test(`output folder refused: ${folder}`, async () => {
			await configure({ outputFolder: folder });
			await expectFailure({ prompt: 'escape' }, 'outputFolder', /imageStudio\.outputFolder/);
			assert.strictEqual(generateRequests(fake).length, 0);
		});
	}

	test('output folder that names an existing file', async () => {
		fs.writeFileSync(path.join(workspaceRoot(), 'notes.txt'), 'keep me');
		try {
			await configure({ outputFolder: 'notes.txt' });
			await expectFailure({ prompt: 'file' }, 'outputFolder', /is a file, not a folder/);
			assert.strictEqual(fs.readFileSync(path.join(workspaceRoot(), 'notes.txt'), 'utf8'), 'keep me');
		} finally {
			fs.rmSync(path.join(workspaceRoot(), 'notes.txt'), { force: true });
		}
	});

	test('output folder reached through a symbolic link out of the workspace', async function () {
		if (process.platform === 'win32') {
			this.skip();
		}
		const outside = fs.mkdtempSync(path.join(require('os').tmpdir(), 'outside-'));
		const link = path.join(workspaceRoot(), 'linked');
		fs.symlinkSync(outside, link);
		try {
			await configure({ outputFolder: 'linked/images' });
			await expectFailure({ prompt: 'symlink' }, 'outputFolder', /symbolic link/);
			assert.deepStrictEqual(fs.readdirSync(outside), []);
		} finally {
			fs.rmSync(link, { force: true });
			fs.rmSync(outside, { recursive: true, force: true });
		}
	});

	test('no key anywhere: an error that offers to set one, and no request', async () => {
		const saved = { GEMINI_API_KEY: process.env.GEMINI_API_KEY, GOOGLE_API_KEY: process.env.GOOGLE_API_KEY };
		delete process.env.GEMINI_API_KEY;
		delete process.env.GOOGLE_API_KEY;
		try {
			await expectFailure({ prompt: 'no key' }, 'noKey', /No Gemini API key is set/);
			assert.ok(lastNotification(api()).actions.includes('Set API Key'));
			assert.strictEqual(generateRequests(fake).length, 0);
		} finally {
			for (const [name, value] of Object.entries(saved)) {
				if (value !== undefined) {
					process.env[name] = value;
				}
			}
		}
	});

	test('plain http to another machine is refused before the key is sent', async () => {
		await configure({ endpoint: 'http://gemini-proxy.example:8080' });
		try {
			await expectFailure({ prompt: 'cleartext' }, 'invalidInput', /plain http to gemini-proxy\.example.*your API key would travel unencrypted/);
			assert.ok(lastNotification(api()).actions.includes('Open Settings'));
			assert.strictEqual(generateRequests(fake).length, 0);
		} finally {
			await configure({ endpoint: fake.url });
		}
	});

	test('an unreachable endpoint says so without leaking the key', async () => {
		await configure({ endpoint: 'http://127.0.0.1:9', maxRetries: 0 });
		try {
			await vscode.commands.executeCommand('imageStudio.setApiKey', { apiKey: 'sentinel-key-never-shown' });
			await expectFailure({ prompt: 'offline' }, 'network', /Could not reach Gemini at http:\/\/127\.0\.0\.1:9/);
			assert.ok(!JSON.stringify(api().notifications).includes('sentinel-key-never-shown'));
		} finally {
			await configure({ endpoint: fake.url });
		}
	});
});
