import * as assert from 'assert';
import { redactSecrets } from '../../src/util/redact';

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
});
