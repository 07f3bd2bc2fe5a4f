import * as assert from 'assert';
import { apiKeyProblem, redactSecrets } from '../../src/core/redact';

describe('secret redaction', () => {
	const key = 'AQ.sentinel-key-4f1d2c';

	it('removes a known key wherever it appears', () => {
		assert.strictEqual(redactSecrets(`failed with ${key} twice ${key}`, [key]), 'failed with [redacted] twice [redacted]');
	});

	it('removes keys from headers and query strings even when unknown', () => {
		assert.strictEqual(redactSecrets('x-goog-api-key: abc123'), 'x-goog-api-key: [redacted]');
		assert.strictEqual(redactSecrets('{"x-goog-api-key":"abc123"}'), '{"x-goog-api-key":"[redacted]"}');
		assert.strictEqual(redactSecrets('GET /v1beta/models?key=abc123&x=1'), 'GET /v1beta/models?key=[redacted]&x=1');
	});

	it('leaves ordinary text alone', () => {
		assert.strictEqual(redactSecrets('keyboard monkey=1', ['ab']), 'keyboard monkey=1');
	});

	it('says what is wrong with a value that is no API key, without repeating it', () => {
		assert.strictEqual(apiKeyProblem('AIzaSyD-abc_123'), undefined);
		assert.strictEqual(apiKeyProblem('AQ.Ab8RN6Ij-x'), undefined);
		const cases: [string, RegExp][] = [
			['AIza\nsecond-line', /line break/],
			['AIza\u0000nul', /control character/],
			['AIza key', /space/],
			['AIzaé', /not plain ASCII/],
			['AIza\u200Bzero-width', /not plain ASCII/],
			['x'.repeat(300), /longer than 256/],
		];
		for (const [key, problem] of cases) {
			const said = apiKeyProblem(key) ?? '';
			assert.match(said, problem, JSON.stringify(key));
			assert.ok(!said.includes('AIza'), 'the value is never repeated');
		}
	});
});
