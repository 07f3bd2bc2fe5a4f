import * as assert from 'assert';
import { ImageStudioError } from '../../src/core/errors';
import { DEFAULT_RETRY_POLICY, retryDelayMs, sleep } from '../../src/gemini/retryPolicy';

const policy = { ...DEFAULT_RETRY_POLICY, maxRetries: 3, initialDelayMs: 1000, maxDelayMs: 4000 };

describe('retry policy', () => {
	it('retries rate limits and server errors with capped, jittered exponential backoff', () => {
		const error = new ImageStudioError('serverUnavailable', 'x');
		assert.strictEqual(
			retryDelayMs(error, 0, policy, () => 1),
			1000,
		);
		assert.strictEqual(
			retryDelayMs(error, 0, policy, () => 0),
			500,
		);
		assert.strictEqual(
			retryDelayMs(error, 1, policy, () => 1),
			2000,
		);
		assert.strictEqual(
			retryDelayMs(error, 2, policy, () => 1),
			4000,
		);
		assert.strictEqual(
			retryDelayMs(error, 3, policy, () => 1),
			undefined,
			'no more retries',
		);
	});

	it('waits the delay Google advertises plus up to 20 % jitter, unless it is too long', () => {
		const limited = new ImageStudioError('rateLimited', 'x', { retryAfterMs: 15000 });
		assert.strictEqual(
			retryDelayMs(limited, 0, policy, () => 0),
			15000,
			'never earlier than asked',
		);
		assert.strictEqual(
			retryDelayMs(limited, 0, policy, () => 1),
			18000,
		);
		const spread = new Set(Array.from({ length: 20 }, () => retryDelayMs(limited, 0, policy)));
		assert.ok(spread.size > 5, 'windows hitting one limit come back at different times');
		assert.strictEqual(retryDelayMs(new ImageStudioError('rateLimited', 'x', { retryAfterMs: 3_600_000 }), 0, policy), undefined);
	});

	it('never retries errors that retrying cannot fix', () => {
		for (const code of ['badKey', 'dailyQuota', 'badRequest', 'promptBlocked', 'modelShutDown', 'cancelled', 'timeout'] as const) {
			assert.strictEqual(retryDelayMs(new ImageStudioError(code, 'x'), 0, policy), undefined, code);
		}
	});

	it('sleeps cancellably', async () => {
		const controller = new AbortController();
		const started = Date.now();
		const pending = sleep(10_000, controller.signal);
		setTimeout(() => controller.abort(), 20);
		await assert.rejects(pending, { name: 'AbortError' });
		assert.ok(Date.now() - started < 1000);
		await sleep(5);
	});
});
