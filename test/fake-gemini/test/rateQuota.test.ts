// The requests-per-minute quota (options.quotaPerMinute): beyond it, Google's per-minute 429 with RetryInfo saying when
// a slot frees; countTokens is not counted; reset() clears it.
import * as assert from 'node:assert/strict';
import { RateQuota, protoDuration } from '../rateQuota';
import { rejection, useFake } from './helpers';

describe('fake Gemini: requests-per-minute quota', function () {
	this.timeout(10000);
	const { fake, ai } = useFake();

	it('admits quotaPerMinute requests per window, then answers 429 with RetryInfo; a freed slot admits again', async () => {
		fake.setOptions({ quotaPerMinute: 120, quotaWindowMs: 1000 });
		await ai().models.generateContent({ model: 'gemini-3-pro-image', contents: 'one' });
		await ai().models.generateContent({ model: 'gemini-3-pro-image', contents: 'two' });
		await ai().models.countTokens({ model: 'gemini-3-pro-image', contents: 'not counted' });
		const e = await rejection(ai().models.generateContent({ model: 'gemini-3-pro-image', contents: 'three' }));
		assert.equal(e.httpStatus, 429);
		const quota = e.details?.find((d) => d['@type'] === 'type.googleapis.com/google.rpc.QuotaFailure');
		assert.match(quota?.violations?.[0]?.quotaId ?? '', /PerMinute/);
		const retry = e.details?.find((d) => d['@type'] === 'type.googleapis.com/google.rpc.RetryInfo');
		const seconds = Number(String(retry?.retryDelay).replace(/s$/, ''));
		assert.ok(seconds > 0 && seconds <= 1, String(retry?.retryDelay));
		await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 20));
		await ai().models.generateContent({ model: 'gemini-3-pro-image', contents: 'three again' });
		fake.reset();
		assert.equal(fake.options.quotaPerMinute, undefined, 'reset returns to no quota');
	});

	it('the sliding window: scaled limit, wait until the oldest leaves, protobuf durations', () => {
		const quota = new RateQuota();
		assert.equal(quota.admit(0, undefined, 60_000), undefined);
		for (let i = 0; i < 5; i++) {
			assert.equal(quota.admit(i * 100, 60, 5000), undefined, `request ${i}`);
		}
		assert.equal(quota.admit(1000, 60, 5000), 4000);
		assert.equal(quota.admit(5000, 60, 5000), undefined, 'the first left the window');
		quota.clear();
		assert.equal(quota.admit(5001, 60, 5000), undefined);
		assert.equal(protoDuration(1250), '1.250s');
	});
});
