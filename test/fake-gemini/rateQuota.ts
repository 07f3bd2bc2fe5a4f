// A requests-per-minute quota for generate requests (options.quotaPerMinute): at most that many requests, scaled to
// options.quotaWindowMs, in any sliding window; more get Google's per-minute 429 with a RetryInfo delay that says when
// the oldest request leaves the window. Counted per server (all keys and models together), cleared by reset().

/** The admitted requests' times, oldest first. */
export class RateQuota {
	private admitted: number[] = [];

	/**
	 * Admits a request at `now` (ms), or returns how long until one would be admitted. `perMinute` undefined or 0: no
	 * quota. `windowMs` scales the minute (a 60 RPM quota over 5 s admits 5 requests per 5 s).
	 */
	admit(now: number, perMinute: number | undefined, windowMs: number): number | undefined {
		if (!perMinute || perMinute <= 0) {
			return undefined;
		}
		const limit = Math.max(1, Math.round((perMinute * windowMs) / 60_000));
		this.admitted = this.admitted.filter((at) => at > now - windowMs);
		if (this.admitted.length >= limit) {
			return Math.max(1, this.admitted[0] + windowMs - now);
		}
		this.admitted.push(now);
		return undefined;
	}

	clear(): void {
		this.admitted = [];
	}
}

/** A RetryInfo duration ("1.250s") for a wait in milliseconds. */
export function protoDuration(ms: number): string {
	return `${(Math.ceil(ms) / 1000).toFixed(3)}s`;
}
