// The asset queue on a fake clock: requests-per-minute spacing, concurrency, a 429 that pauses everyone and then
// recovers, a per-day quota that stops the run, and cancellation.
import * as assert from 'assert';
import { ImageStudioError } from '../../src/core/errors';
import type { Clock } from '../../src/assets/ports';
import { runQueue } from '../../src/assets/scheduler';

/** Virtual time: sleeps resolve in time order once every promise has settled (no real waiting). */
class FakeClock implements Clock {
	private time = 0;
	private timers: { at: number; resolve: () => void; reject: (error: Error) => void }[] = [];
	now(): number {
		return this.time;
	}
	sleep(ms: number, signal?: AbortSignal): Promise<void> {
		return new Promise((resolve, reject) => {
			if (signal?.aborted) {
				reject(new Error('aborted'));
				return;
			}
			const timer = { at: this.time + ms, resolve, reject };
			this.timers.push(timer);
			signal?.addEventListener('abort', () => {
				this.timers = this.timers.filter((t) => t !== timer);
				reject(new Error('aborted'));
			});
		});
	}
	/** Drives time until `promise` settles. */
	async run<T>(promise: Promise<T>): Promise<T> {
		let settled = false;
		void promise.then(
			() => (settled = true),
			() => (settled = true),
		);
		for (let guard = 0; guard < 100_000; guard++) {
			await new Promise((resolve) => setImmediate(resolve));
			if (settled) {
				return promise;
			}
			this.timers.sort((a, b) => a.at - b.at);
			const next = this.timers.shift();
			if (!next) {
				throw new Error('deadlock: nothing to wait for');
			}
			this.time = Math.max(this.time, next.at);
			next.resolve();
		}
		throw new Error('too many steps');
	}
}

const rateLimited = (retryAfterMs?: number) => new ImageStudioError('rateLimited', '429', retryAfterMs !== undefined ? { retryAfterMs } : {});

describe('asset scheduler (fake clock)', () => {
	it('spaces dispatches to requestsPerMinute', async () => {
		const clock = new FakeClock();
		const starts: number[] = [];
		const result = await clock.run(
			runQueue(
				Array.from({ length: 6 }, (_, i) => i),
				async () => {
					starts.push(clock.now());
					await clock.sleep(100);
				},
				{ clock, limits: { requestsPerMinute: 60, concurrency: 10 } },
			),
		);
		assert.deepStrictEqual(starts, [0, 1000, 2000, 3000, 4000, 5000]);
		assert.ok(result.outcomes.every((o) => o.status === 'done'));
	});

	it('never runs more than `concurrency` at once', async () => {
		const clock = new FakeClock();
		let running = 0;
		let peak = 0;
		await clock.run(
			runQueue(
				Array.from({ length: 10 }, (_, i) => i),
				async () => {
					running++;
					peak = Math.max(peak, running);
					await clock.sleep(5000);
					running--;
				},
				{ clock, limits: { requestsPerMinute: 0, concurrency: 3 } },
			),
		);
		assert.strictEqual(peak, 3);
		assert.strictEqual(clock.now(), 20_000, 'four waves of 5 s');
	});

	it('a 429 pauses the whole queue for its RetryInfo delay, halves the rate, then recovers', async () => {
		const clock = new FakeClock();
		const starts: [number, number][] = [];
		let failedOnce = false;
		const paused: number[] = [];
		const result = await clock.run(
			runQueue(
				Array.from({ length: 8 }, (_, i) => i),
				async (job) => {
					starts.push([job, clock.now()]);
					await clock.sleep(10);
					if (job === 1 && !failedOnce) {
						failedOnce = true;
						throw rateLimited(30_000);
					}
				},
				{ clock, limits: { requestsPerMinute: 60, concurrency: 4 }, onPause: ({ pauseMs }) => paused.push(pauseMs) },
			),
		);
		assert.deepStrictEqual(paused, [30_000]);
		assert.ok(result.outcomes.every((o) => o.status === 'done'));
		const afterPause = starts.filter(([, at]) => at > 1000);
		assert.strictEqual(afterPause[0][0], 1, 'the rate-limited job goes first after the pause');
		assert.ok(afterPause[0][1] >= 30_010, `nothing ran during the pause (${afterPause[0][1]})`);
		const gaps = afterPause.slice(1).map(([, at], i) => at - afterPause[i][1]);
		assert.ok(gaps[0] >= 1900, `the rate halved after the 429 (gap ${gaps[0]})`);
		assert.ok(gaps[gaps.length - 1] < gaps[0], `and recovers step by step (${gaps.join(', ')})`);
	});

	it('without RetryInfo a 429 backs off exponentially; too many 429s fail the job', async () => {
		const clock = new FakeClock();
		const pauses: number[] = [];
		const result = await clock.run(
			runQueue([0], async () => Promise.reject(rateLimited()), {
				clock,
				random: () => 1,
				limits: { maxRateLimitRetries: 3 },
				onPause: ({ pauseMs }) => pauses.push(pauseMs),
			}),
		);
		assert.deepStrictEqual(pauses, [1000, 2000, 4000, 8000]);
		assert.strictEqual(result.outcomes[0].status, 'failed');
	});

	it('retries server errors per job, a bounded number of times', async () => {
		const clock = new FakeClock();
		let calls = 0;
		const result = await clock.run(
			runQueue(
				['a'],
				async () => {
					calls++;
					throw new ImageStudioError('serverUnavailable', '503');
				},
				{ clock, random: () => 0, limits: { maxAttempts: 3 } },
			),
		);
		assert.strictEqual(calls, 3);
		assert.deepStrictEqual(result.outcomes[0], { status: 'failed', error: (result.outcomes[0] as any).error, attempts: 3 });
		assert.strictEqual(result.stoppedBecause, undefined);
	});

	it('a per-day quota stops the run: finished jobs stay done, the rest are notRun', async () => {
		const clock = new FakeClock();
		const result = await clock.run(
			runQueue(
				Array.from({ length: 6 }, (_, i) => i),
				async (job) => {
					await clock.sleep(10);
					if (job === 2) {
						throw new ImageStudioError('dailyQuota', 'The daily Gemini quota is used up.');
					}
				},
				{ clock, limits: { requestsPerMinute: 60, concurrency: 1 } },
			),
		);
		assert.deepStrictEqual(
			result.outcomes.map((o) => o.status),
			['done', 'done', 'notRun', 'notRun', 'notRun', 'notRun'],
		);
		assert.strictEqual(result.stoppedBecause?.code, 'dailyQuota');
	});

	it('cancel stops dispatching and aborts what is in flight', async () => {
		const clock = new FakeClock();
		const controller = new AbortController();
		const aborted: number[] = [];
		const promise = runQueue(
			Array.from({ length: 5 }, (_, i) => i),
			async (job, signal) => {
				if (job === 1) {
					controller.abort();
				}
				await clock.sleep(60_000, signal).catch((error) => {
					aborted.push(job);
					throw error;
				});
			},
			{ clock, signal: controller.signal, limits: { requestsPerMinute: 0, concurrency: 2 } },
		);
		const result = await clock.run(promise);
		assert.deepStrictEqual(aborted.sort(), [0, 1]);
		assert.deepStrictEqual(
			result.outcomes.map((o) => o.status),
			['cancelled', 'cancelled', 'notRun', 'notRun', 'notRun'],
		);
		assert.strictEqual(result.stoppedBecause?.code, 'cancelled');
		assert.ok(clock.now() < 60_000, 'nobody waited for the aborted requests');
	});
});
