// Failure paths of Generate and of the studio that no other suite walks (issue #10): a 400 that is not a bad key, a
// 401, 429s with and without Google's RetryInfo, a 504, the finish reasons MISSING_THOUGHT_SIGNATURE and MAX_TOKENS,
// and a reply with one unreadable image beside a good one. Each is checked where the user meets it: Generate's
// notification (code, message, buttons), the studio's failed turn (message, stored code, Retry or Continue), the
// requests the fake received (retried or not, and how far apart), and that nothing was written.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { renderFakeImage, type ScriptedReply } from '../fake-gemini/server';
import { configure, generateRequests, lastNotification, snapshotWorkspace, useFakeGemini, waitFor } from './support';
import { thumbnailFile } from '../../src/studio/thumbnails';
import { finalImages, goodTurn, lastTurnView, openStudio, PRO, readSession, sessionDir, snapshotDir } from './studioHelpers';

const SKIP = 'skip_thought_signature_validator';

interface FailureCase {
	readonly name: string;
	readonly replies: ScriptedReply[];
	/** `imageStudio.maxRetries` for the case (default: the setting's default, 3). */
	readonly maxRetries?: number;
	readonly code: string;
	readonly message: RegExp;
	/** generateContent requests the fake must see. */
	readonly requests: number;
	/** Notification buttons Generate must offer, beside "Open Log". */
	readonly actions?: readonly string[];
	/** Buttons it must not offer. */
	readonly noActions?: readonly string[];
	/** Least gap (ms) between consecutive requests: the retry policy's backoff. */
	readonly minGapsMs?: readonly number[];
	/** The whole failure must be told within this (not waited for). */
	readonly withinMs?: number;
}

const BAD_REQUEST_DETAIL = {
	'@type': 'type.googleapis.com/google.rpc.BadRequest',
	fieldViolations: [{ field: 'generation_config.image_config.aspect_ratio', description: 'Unsupported aspect ratio "7:3".' }],
};

const CASES: readonly FailureCase[] = [
	{
		name: 'a 400 that is not about the key',
		replies: [{ kind: 'error', status: 400, message: 'Request contains an invalid argument.', details: [BAD_REQUEST_DETAIL] }],
		code: 'badRequest',
		// Google's message, and what its BadRequest detail says.
		message:
			/^Gemini rejected the request: Request contains an invalid argument\. \(generation_config\.image_config\.aspect_ratio: Unsupported aspect ratio "7:3"\.\)/,
		requests: 1,
		noActions: ['Set API Key'],
		withinMs: 5_000,
	},
	{
		name: 'a 401',
		replies: [{ kind: 'error', status: 401 }],
		code: 'badKey',
		message: /Gemini rejected the API key\. Set a valid key/,
		requests: 1,
		actions: ['Set API Key'],
		withinMs: 5_000,
	},
	{
		name: 'a 429 without RetryInfo',
		replies: [0, 1, 2].map(() => ({ kind: 'error', status: 429, retryDelay: null }) as ScriptedReply),
		maxRetries: 2,
		code: 'rateLimited',
		message: /rate limit reached for gemini-3-pro-image\. Wait a minute and try again\./,
		requests: 3,
		// Exponential backoff with jitter in [50 %, 100 %]: 1 s then 2 s at most, half of that at least.
		minGapsMs: [450, 950],
	},
	{
		name: 'a 429 whose RetryInfo asks for longer than the retry policy waits',
		replies: [{ kind: 'error', status: 429, retryDelay: '3600s' }],
		code: 'rateLimited',
		message: /rate limit reached for gemini-3-pro-image\. Try again in 60 minutes\./,
		requests: 1,
		withinMs: 5_000,
	},
	{
		name: 'a 504',
		replies: [
			{ kind: 'error', status: 504 },
			{ kind: 'error', status: 504 },
		],
		maxRetries: 1,
		code: 'serverUnavailable',
		message: /^Gemini timed out \(HTTP 504\)\. Try again in a minute\./,
		requests: 2,
		minGapsMs: [450],
	},
	{
		name: 'finish reason MISSING_THOUGHT_SIGNATURE',
		replies: [{ kind: 'finishReason', finishReason: 'MISSING_THOUGHT_SIGNATURE' }],
		code: 'invalidHistory',
		message: /thought signature was missing \(MISSING_THOUGHT_SIGNATURE\)\. Continue from an earlier turn/,
		requests: 1,
		withinMs: 5_000,
	},
	{
		name: 'finish reason MAX_TOKENS',
		replies: [{ kind: 'finishReason', finishReason: 'MAX_TOKENS' }],
		code: 'noImage',
		message: /ran out of output tokens before the image was complete \(MAX_TOKENS\)/,
		requests: 1,
		withinMs: 5_000,
	},
];

function assertGaps(requests: { receivedAt: number }[], minGapsMs: readonly number[] | undefined): void {
	for (const [index, least] of (minGapsMs ?? []).entries()) {
		const gap = requests[index + 1].receivedAt - requests[index].receivedAt;
		assert.ok(gap >= least, `retry ${index + 1} came ${gap} ms after the attempt before it, sooner than ${least} ms`);
	}
}

/** A 200 reply in Google's shape whose candidate holds `parts` (signed with the documented placeholder). */
function rawReply(parts: Record<string, unknown>[]): ScriptedReply {
	return {
		kind: 'raw',
		body: JSON.stringify({
			candidates: [{ content: { role: 'model', parts: parts.map((part) => ({ ...part, thoughtSignature: SKIP })) }, finishReason: 'STOP', index: 0 }],
			usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 1120, totalTokenCount: 1130 },
			modelVersion: PRO,
		}),
	};
}

const NOT_AN_IMAGE = Buffer.from('<!DOCTYPE html><html><body>Not an image</body></html>').toString('base64');

suite('error paths: Generate and the studio tell each failure and write nothing', () => {
	const { fake, api } = useFakeGemini();

	for (const failure of CASES) {
		test(`Generate: ${failure.name}`, async () => {
			await configure({ maxRetries: failure.maxRetries });
			fake.enqueue(...failure.replies);
			const before = snapshotWorkspace();
			const started = Date.now();
			const result = await vscode.commands.executeCommand('imageStudio.generate', { prompt: `generate: ${failure.name}`, model: PRO });
			const took = Date.now() - started;
			assert.strictEqual(result, undefined, 'the command returns nothing');
			const notice = lastNotification(api());
			assert.strictEqual(notice.code, failure.code, `code of ${JSON.stringify(notice)}`);
			assert.strictEqual(notice.severity, 'error');
			assert.match(notice.message, failure.message);
			assert.ok(notice.actions.includes('Open Log'), JSON.stringify(notice.actions));
			for (const action of failure.actions ?? []) {
				assert.ok(notice.actions.includes(action), `offers "${action}": ${JSON.stringify(notice.actions)}`);
			}
			for (const action of failure.noActions ?? []) {
				assert.ok(!notice.actions.includes(action), `does not offer "${action}": ${JSON.stringify(notice.actions)}`);
			}
			const requests = generateRequests(fake);
			assert.strictEqual(requests.length, failure.requests, 'requests sent');
			assertGaps(requests, failure.minGapsMs);
			if (failure.withinMs !== undefined) {
				assert.ok(took < failure.withinMs, `told in ${took} ms, not waited for`);
			}
			assert.deepStrictEqual(snapshotWorkspace(), before, 'the workspace is unchanged');
		});

		test(`studio: ${failure.name}`, async () => {
			await configure({ maxRetries: failure.maxRetries });
			// One answered turn first, so that the failed one has history to continue from.
			const first = await goodTurn({ prompt: 'a clay teapot', model: PRO, newSession: true });
			const sentBefore = generateRequests(fake).length;
			const workspaceBefore = snapshotWorkspace();
			fake.enqueue(...failure.replies);
			api().clearNotifications();
			const started = Date.now();
			const outcome = await openStudio({ prompt: `studio: ${failure.name}` });
			const took = Date.now() - started;
			assert.strictEqual(outcome.sessionId, first.sessionId);
			assert.strictEqual(outcome.turn?.ok, false, 'the turn failed');
			assert.match(outcome.turn!.error ?? '', failure.message);
			const requests = generateRequests(fake).slice(sentBefore);
			assert.strictEqual(requests.length, failure.requests, 'requests sent');
			assertGaps(requests, failure.minGapsMs);
			if (failure.withinMs !== undefined) {
				assert.ok(took < failure.withinMs, `told in ${took} ms, not waited for`);
			}
			const stored = readSession(api(), first.sessionId);
			assert.strictEqual(stored.turns.length, 2);
			const failed = stored.turns[1];
			assert.strictEqual(failed.errorCode, failure.code);
			assert.match(failed.error ?? '', failure.message);
			assert.strictEqual(failed.response, undefined, 'no reply stored');
			assert.deepStrictEqual(failed.attachments, []);
			const view = await waitFor(() => {
				const turn = lastTurnView(api(), { turnId: outcome.turn!.turnId });
				return turn?.status === 'failed' ? turn : undefined;
			}, 'the failed turn view');
			if (failure.code === 'invalidHistory') {
				// Sending the same history again cannot help: no Retry, but Continue from the last answered turn.
				assert.strictEqual(view.retryable, undefined, 'not offered for Retry');
				assert.strictEqual(view.continueFrom, first.turn.turnId, 'offers to continue from the answered turn');
			} else {
				assert.strictEqual(view.retryable, true, 'offered for Retry');
			}
			if (failure.actions?.includes('Set API Key')) {
				// The inline message cannot offer the button: a notification does.
				const notice = lastNotification(api(), 'error');
				assert.strictEqual(notice.code, failure.code);
				assert.ok(notice.actions.includes('Set API Key'), JSON.stringify(notice.actions));
			} else {
				assert.deepStrictEqual(
					api().notifications.filter((record) => record.severity === 'error'),
					[],
					'told inline, not in a notification',
				);
			}
			assert.deepStrictEqual(snapshotWorkspace(), workspaceBefore, 'nothing written into the workspace');
		});
	}

	test('Generate: a reply with an unreadable image beside a good one saves the good one, and only it', async () => {
		const good = renderFakeImage('image/jpeg', 1024, 1024, 77);
		fake.enqueue(
			rawReply([
				{ inlineData: { mimeType: 'image/jpeg', data: NOT_AN_IMAGE } },
				{ inlineData: { mimeType: 'image/jpeg', data: good.toString('base64') } },
			]),
		);
		const before = snapshotWorkspace();
		const uris = await vscode.commands.executeCommand<vscode.Uri[] | undefined>('imageStudio.generate', {
			prompt: 'two images, one broken',
			model: PRO,
			open: false,
		});
		assert.ok(uris, `saved something; notifications: ${JSON.stringify(api().notifications)}`);
		assert.deepStrictEqual(
			uris.map((uri) => vscode.workspace.asRelativePath(uri, false)),
			['assets/generated/two-images-one-broken.jpg'],
		);
		assert.ok(fs.readFileSync(uris[0].fsPath).equals(good), 'the saved bytes are the good image');
		const added = snapshotWorkspace().filter((entry) => !before.includes(entry) && !entry.endsWith('/'));
		assert.deepStrictEqual(
			added.map((entry) => entry.split(' ')[0]),
			['assets/generated/two-images-one-broken.jpg'],
			'one file written',
		);
		assert.match(lastNotification(api(), 'info').message, /^Saved assets\/generated\/two-images-one-broken\.jpg/);
		assert.strictEqual(generateRequests(fake).length, 1);
	});

	test('studio: a reply with an unreadable image beside a good one keeps the good one, and only it; the conversation goes on', async () => {
		const good = renderFakeImage('image/jpeg', 1024, 1024, 78);
		fake.enqueue(
			rawReply([
				{ text: 'Here are two.' },
				{ inlineData: { mimeType: 'image/jpeg', data: NOT_AN_IMAGE } },
				{ inlineData: { mimeType: 'image/jpeg', data: good.toString('base64') } },
			]),
		);
		const first = await goodTurn({ prompt: 'two lamps', model: PRO, newSession: true });
		assert.strictEqual(first.turn.imageCount, 1, 'one image counted');
		const dir = sessionDir(api(), first.sessionId);
		const stored = readSession(api(), first.sessionId);
		const images = finalImages(stored.turns[0]);
		assert.strictEqual(images.length, 1, `one image kept: ${JSON.stringify(stored.turns[0].response)}`);
		assert.ok(fs.readFileSync(path.join(dir, images[0])).equals(good), 'the kept file is the good image');
		const files = snapshotDir(dir)
			.map((entry) => entry.split(' ')[0])
			.filter((name) => name !== 'session.json');
		assert.deepStrictEqual(files, [images[0], thumbnailFile(images[0])], 'no file (nor thumbnail) holds the unreadable data');
		assert.ok(!JSON.stringify(stored).includes(NOT_AN_IMAGE), 'session.json does not hold it either');
		const view = await waitFor(() => {
			const turn = lastTurnView(api(), { turnId: first.turn.turnId });
			return turn?.status === 'done' ? turn : undefined;
		}, 'the done turn');
		assert.deepStrictEqual(
			view.parts.filter((part) => part.kind === 'image').map((part) => part.kind === 'image' && part.imageId),
			[images[0]],
			'the panel shows the good image only',
		);
		assert.match(view.notice ?? '', /1 image of the reply was not a readable PNG, JPEG or WebP image and was left out/);

		// The next turn sends the history back: without the unreadable image, and Gemini (strict) accepts it.
		const second = await goodTurn({ prompt: 'dim the left lamp' });
		assert.strictEqual(second.sessionId, first.sessionId);
		const request = generateRequests(fake).at(-1)!;
		assert.strictEqual(request.status, 200);
		assert.ok(!JSON.stringify(request.body).includes(NOT_AN_IMAGE.slice(0, 40)), 'the unreadable data is not sent back');
		const images2 = request.body.contents[1].parts.filter((part: { inlineData?: unknown }) => part.inlineData);
		assert.strictEqual(images2.length, 1, 'the good image goes back');
	});
});
