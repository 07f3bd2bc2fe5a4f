/**
 * A queue that keeps a run inside Gemini's quotas: at most `concurrency` requests at once, dispatches spaced to
 * `requestsPerMinute`, and one shared reaction to a 429: the whole queue pauses for Google's RetryInfo delay (or an
 * exponential backoff with jitter), the rate halves, then recovers step by step with each success. A per-day quota
 * (or a key that does not work) stops the run: jobs not finished are reported `notRun`. An abort stops dispatching
 * and aborts the requests in flight (their jobs are `cancelled`). Time comes from an injected clock.
 */
import * as l10n from '@vscode/l10n';
import { ImageStudioError, errorMessage } from '../core/errors';
import { sleep } from '../gemini/retryPolicy';
import type { Clock } from './ports';

export interface SchedulerLimits {
	/** Requests in flight at once. */
	readonly concurrency: number;
	/** Dispatches per minute, evenly spaced; 0 for no limit. */
	readonly requestsPerMinute: number;
	/** Attempts of one job after a server error, timeout or network error (first attempt included). */
	readonly maxAttempts: number;
	/** Retries of one job after 429s (each one pauses the whole queue first). */
	readonly maxRateLimitRetries: number;
	/** The longest pause one 429 imposes; a longer RetryInfo is capped (the next 429 pauses again). */
	readonly maxPauseMs: number;
}

/**
 * Defaults: Gemini's paid tier 1 allows image models about 10–20 requests per minute (https://ai.google.dev/gemini-api/docs/rate-limits);
 * 10 stays inside it, and 4 in flight covers the ~10 s an image takes.
 */
export const DEFAULT_SCHEDULER_LIMITS: SchedulerLimits = {
	concurrency: 4,
	requestsPerMinute: 10,
	maxAttempts: 3,
	maxRateLimitRetries: 8,
	maxPauseMs: 120_000,
};

/** The rate never drops below this share of `requestsPerMinute` however many 429s arrive. */
const MIN_RATE_FACTOR = 1 / 8;
/** Each success gives back this share of the full rate after a 429. */
const RECOVERY_STEP = 0.125;
/** Errors that end the run: retrying, or sending the next job, cannot help. */
const STOPPING_CODES = new Set(['dailyQuota', 'billingRequired', 'badKey', 'permissionDenied']);
/** Errors worth another attempt of the same job (after its own backoff; the queue goes on). */
const TRANSIENT_CODES = new Set(['serverUnavailable', 'timeout', 'network']);

export type JobOutcome<R> =
	| { readonly status: 'done'; readonly value: R; readonly attempts: number }
	| { readonly status: 'failed'; readonly error: ImageStudioError; readonly attempts: number }
	/** Never finished: the run stopped (quota, cancel) before or while it ran; `error` when its own request said why. */
	| { readonly status: 'notRun'; readonly error?: ImageStudioError }
	| { readonly status: 'cancelled' };

export interface QueueResult<R> {
	/** One outcome per job, in the jobs' order. */
	readonly outcomes: readonly JobOutcome<R>[];
	/** Why the run ended early: a per-day quota, billing, the key, or `cancelled`. */
	readonly stoppedBecause?: ImageStudioError;
}

export interface QueueOptions<R> {
	readonly limits?: Partial<SchedulerLimits>;
	readonly clock?: Clock;
	readonly signal?: AbortSignal;
	readonly random?: () => number;
	/** Told each final outcome as it happens (done, failed, cancelled). */
	readonly onOutcome?: (index: number, outcome: JobOutcome<R>) => void;
	/** Told when a 429 pauses the queue: for how long, and the rate it resumes at. */
	readonly onPause?: (info: { pauseMs: number; requestsPerMinute: number; error: ImageStudioError }) => void;
}

export const systemClock: Clock = { now: () => Date.now(), sleep };

interface Entry {
	readonly index: number;
	attempts: number;
	rateLimited: number;
	notBefore: number;
	dispatchedAt: number;
}

function asImageStudioError(error: unknown): ImageStudioError {
	return error instanceof ImageStudioError ? error : new ImageStudioError('badResponse', errorMessage(error), { cause: error });
}

/** Exponential backoff with jitter in [50 %, 100 %]: 1 s, 2 s, 4 s, … up to 60 s. */
function backoffMs(step: number, random: () => number): number {
	return Math.round(Math.min(60_000, 1000 * 2 ** Math.max(0, step - 1)) * (0.5 + 0.5 * random()));
}

/**
 * Runs `run` for every job under the limits. `run` gets the run's signal (abort it and the request stops) and the
 * attempt number; it throws ImageStudioErrors (a 429 as `rateLimited` with `retryAfterMs`). Never throws itself.
 */
export async function runQueue<T, R>(
	jobs: readonly T[],
	run: (job: T, signal: AbortSignal, attempt: number) => Promise<R>,
	options: QueueOptions<R> = {},
): Promise<QueueResult<R>> {
	const limits = { ...DEFAULT_SCHEDULER_LIMITS, ...options.limits };
	const concurrency = Math.max(1, Math.floor(limits.concurrency));
	const clock = options.clock ?? systemClock;
	const random = options.random ?? Math.random;
	const controller = new AbortController();
	const signal = controller.signal;
	const onAbort = () => controller.abort();
	options.signal?.addEventListener('abort', onAbort, { once: true });
	if (options.signal?.aborted) {
		controller.abort();
	}
	const outcomes: (JobOutcome<R> | undefined)[] = new Array(jobs.length).fill(undefined);
	const queue: Entry[] = jobs.map((_, index) => ({ index, attempts: 0, rateLimited: 0, notBefore: 0, dispatchedAt: 0 }));
	const running = new Set<Promise<void>>();
	let nextDispatchAt = 0;
	let pausedUntil = 0;
	let factor = 1;
	let lastSlowDownAt = -Infinity;
	let stop: ImageStudioError | undefined;
	let wake: (() => void) | undefined;
	const notify = () => {
		const resolve = wake;
		wake = undefined;
		resolve?.();
	};
	signal.addEventListener('abort', notify, { once: true });
	const settle = (index: number, outcome: JobOutcome<R>) => {
		outcomes[index] = outcome;
		if (outcome.status !== 'notRun') {
			options.onOutcome?.(index, outcome);
		}
	};

	const handleError = (entry: Entry, error: ImageStudioError) => {
		const now = clock.now();
		if (signal.aborted) {
			settle(entry.index, { status: 'cancelled' });
		} else if (STOPPING_CODES.has(error.code)) {
			stop ??= error;
			settle(entry.index, { status: 'notRun', error });
			notify();
		} else if (error.code === 'rateLimited') {
			// One slow-down per wave: the requests already in flight when the first 429 came back say nothing new.
			if (entry.dispatchedAt >= lastSlowDownAt) {
				factor = Math.max(MIN_RATE_FACTOR, factor / 2);
				lastSlowDownAt = now;
			}
			entry.rateLimited++;
			const pauseMs = Math.min(limits.maxPauseMs, error.options.retryAfterMs ?? backoffMs(entry.rateLimited, random));
			pausedUntil = Math.max(pausedUntil, now + pauseMs);
			options.onPause?.({ pauseMs, requestsPerMinute: limits.requestsPerMinute * factor, error });
			if (entry.rateLimited <= limits.maxRateLimitRetries) {
				queue.unshift(entry);
			} else {
				settle(entry.index, { status: 'failed', error, attempts: entry.attempts });
			}
		} else if (TRANSIENT_CODES.has(error.code) && entry.attempts < limits.maxAttempts) {
			entry.notBefore = now + (error.options.retryAfterMs ?? backoffMs(entry.attempts, random));
			queue.push(entry);
		} else {
			settle(entry.index, { status: 'failed', error, attempts: entry.attempts });
		}
	};

	const dispatch = (entry: Entry) => {
		const now = clock.now();
		entry.attempts++;
		entry.dispatchedAt = now;
		nextDispatchAt = now + (limits.requestsPerMinute > 0 ? 60_000 / (limits.requestsPerMinute * factor) : 0);
		const task = (async () => {
			try {
				// A job that resolved is done even if the run was cancelled meanwhile: it checks the signal before writing, so
				// whatever it returns was written and must be recorded.
				const value = await run(jobs[entry.index], signal, entry.attempts);
				factor = Math.min(1, factor + RECOVERY_STEP);
				settle(entry.index, { status: 'done', value, attempts: entry.attempts });
			} catch (error) {
				handleError(entry, asImageStudioError(error));
			}
		})();
		running.add(task);
		void task.finally(() => {
			running.delete(task);
			notify();
		});
	};

	try {
		for (;;) {
			if (signal.aborted || stop || (queue.length === 0 && running.size === 0)) {
				break;
			}
			if (queue.length === 0 || running.size >= concurrency) {
				await new Promise<void>((resolve) => (wake = resolve));
				continue;
			}
			const now = clock.now();
			const gate = Math.max(nextDispatchAt, pausedUntil);
			const ready = queue.findIndex((entry) => entry.notBefore <= Math.max(now, gate));
			const readyAt = ready >= 0 ? Math.max(gate, now) : Math.max(gate, Math.min(...queue.map((entry) => entry.notBefore)));
			if (readyAt > now) {
				await clock.sleep(readyAt - now, signal).catch(() => undefined);
				continue;
			}
			dispatch(queue.splice(ready, 1)[0]);
		}
		await Promise.all([...running]);
	} finally {
		options.signal?.removeEventListener('abort', onAbort);
	}
	const result = outcomes.map((outcome) => outcome ?? ({ status: 'notRun' } as const));
	const stoppedBecause = stop ?? (signal.aborted ? new ImageStudioError('cancelled', l10n.t('The run was cancelled.'), { severity: 'warning' }) : undefined);
	return { outcomes: result, ...(stoppedBecause ? { stoppedBecause } : {}) };
}
