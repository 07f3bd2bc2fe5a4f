/**
 * When and how long to wait before retrying a failed Gemini call. The SDK's own retries are off (they ignore the
 * `RetryInfo` delay Google sends with a 429 and cannot be cancelled), so this policy drives the loop.
 */
import { ImageStudioError } from '../core/errors';

export interface RetryPolicy {
	/** Retries after the first attempt. */
	readonly maxRetries: number;
	readonly initialDelayMs: number;
	readonly maxDelayMs: number;
	/** A server-advertised delay longer than this is not waited for: the error is shown with the time instead. */
	readonly maxAdvertisedDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 3,
	initialDelayMs: 1000,
	maxDelayMs: 30_000,
	maxAdvertisedDelayMs: 90_000,
};

const RETRYABLE_CODES = new Set(['rateLimited', 'serverUnavailable']);

/**
 * Delay before retry number `retry` (0-based) after `error`, or undefined when the error is final: bad requests,
 * keys, blocks and per-day quotas never clear by retrying. Exponential backoff with jitter in [50 %, 100 %] so that
 * windows hitting the same limit spread out; Google's `RetryInfo` delay wins when present (plus up to 20 % jitter).
 */
export function retryDelayMs(error: ImageStudioError, retry: number, policy: RetryPolicy, random: () => number = Math.random): number | undefined {
	if (!RETRYABLE_CODES.has(error.code) || retry >= policy.maxRetries) {
		return undefined;
	}
	const advertised = error.options.retryAfterMs;
	if (advertised !== undefined) {
		// Never earlier than Google asks, and spread over up to 20 % more, so that windows hitting one limit do not all
		// come back at the same moment.
		return advertised <= policy.maxAdvertisedDelayMs ? Math.round(advertised * (1 + 0.2 * random())) : undefined;
	}
	const exponential = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** retry);
	return Math.round(exponential * (0.5 + 0.5 * random()));
}

/** Waits `ms`, or rejects with an AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) {
			reject(abortError());
			return;
		}
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		const onAbort = () => {
			clearTimeout(timer);
			reject(abortError());
		};
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}

function abortError(): Error {
	const error = new Error('This operation was aborted');
	error.name = 'AbortError';
	return error;
}
