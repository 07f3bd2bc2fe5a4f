import * as assert from 'assert';
import {
	BILLING_URL,
	errorFromHttp,
	isDailyQuota,
	parseGoogleError,
	parseProtoDuration,
	retryDelayFromBody,
	toImageStudioError,
} from '../../src/gemini/errors';
import { ImageStudioError } from '../../src/core/errors';

import { closestModelIds } from '../../src/gemini/modelList';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from '../../src/gemini/retryPolicy';

const context = { model: 'gemini-3.1-flash-image', endpoint: 'http://127.0.0.1:9' };

function googleError(code: number, status: string, message: string, details: unknown[] = []): string {
	return JSON.stringify({ error: { code, message, status, details } });
}

class FakeApiError extends Error {
	override name = 'ApiError';
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

describe('error mapping', () => {
	it('parses Google bodies, also wrapped in arrays or twice', () => {
		const body = googleError(400, 'INVALID_ARGUMENT', 'bad');
		assert.strictEqual(parseGoogleError(body)?.message, 'bad');
		assert.strictEqual(parseGoogleError(`[${body}]`)?.status, 'INVALID_ARGUMENT');
		assert.strictEqual(parseGoogleError(JSON.stringify({ error: { message: body, code: 400 } }))?.message, 'bad');
		assert.strictEqual(parseGoogleError('<html>'), undefined);
	});

	it('parses protobuf durations', () => {
		assert.strictEqual(parseProtoDuration('15s'), 15000);
		assert.strictEqual(parseProtoDuration('45.837906927s'), 45838);
		assert.strictEqual(parseProtoDuration('soon'), undefined);
	});

	it('maps a bad key to a message with a Set API Key action', () => {
		const error = errorFromHttp(
			400,
			googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
				{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' },
			]),
			context,
		);
		assert.strictEqual(error.code, 'badKey');
		assert.match(error.message, /rejected the API key/);
		assert.deepStrictEqual(error.options.actions, [{ kind: 'setApiKey' }]);
	});

	it('names the replacement when a shut-down model answers 404', () => {
		const error = errorFromHttp(404, googleError(404, 'NOT_FOUND', 'models/gemini-2.5-flash-image is not found'), {
			...context,
			model: 'gemini-2.5-flash-image',
		});
		assert.strictEqual(error.code, 'modelShutDown');
		assert.match(error.message, /Use gemini-nano-banana-2\.1 instead/);
		const unknown = errorFromHttp(404, googleError(404, 'NOT_FOUND', 'nope'), { ...context, model: 'gemini-9-image' });
		assert.strictEqual(unknown.code, 'modelNotFound');
		assert.match(unknown.message, /"gemini-9-image" is not available/);
	});

	it('names the closest listed models when an unknown model answers 404, and offers the first', () => {
		const closest = closestModelIds('gemini-nano-banana-2.2', [
			'gemini-3-pro-image',
			'gemini-nano-banana-2.1',
			'gemini-3.1-flash-lite-image',
			'gemini-nano-banana-3-preview',
		]);
		assert.deepStrictEqual(closest.slice(0, 2), ['gemini-nano-banana-2.1', 'gemini-nano-banana-3-preview']);
		const error = errorFromHttp(404, googleError(404, 'NOT_FOUND', 'models/gemini-nano-banana-2.2 is not found'), {
			...context,
			model: 'gemini-nano-banana-2.2',
			closestModels: closest,
		});
		assert.strictEqual(error.code, 'modelNotFound');
		assert.match(
			error.message,
			/"gemini-nano-banana-2\.2" is not available .*Closest image models it lists: gemini-nano-banana-2\.1, gemini-nano-banana-3-preview/,
		);
		assert.deepStrictEqual(error.options.actions, [{ kind: 'useModel', model: 'gemini-nano-banana-2.1' }]);
	});

	it('tells a key without billing (free tier, limit 0) apart from a quota, and never retries it', () => {
		const freeTier = {
			'@type': 'type.googleapis.com/google.rpc.QuotaFailure',
			violations: [
				{
					quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
					quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
					quotaValue: '0',
				},
			],
		};
		const retryInfo = { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '10s' };
		const error = errorFromHttp(429, googleError(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota', [freeTier, retryInfo]), context);
		assert.strictEqual(error.code, 'billingRequired');
		assert.match(error.message, /no free tier for this key: enable billing/);
		assert.deepStrictEqual(error.options.actions, [{ kind: 'openUrl', title: 'Set Up Billing', url: BILLING_URL }]);
		assert.strictEqual(retryDelayMs(error, 0, DEFAULT_RETRY_POLICY), undefined);
		// Google's text alone says it too.
		const byText = errorFromHttp(
			429,
			googleError(
				429,
				'RESOURCE_EXHAUSTED',
				'* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 0, model: gemini-3-pro-image',
			),
			context,
		);
		assert.strictEqual(byText.code, 'billingRequired');
		// A free-tier quota with a real limit is a quota, not missing billing.
		const limited = errorFromHttp(
			429,
			googleError(429, 'RESOURCE_EXHAUSTED', 'limit: 10', [
				{ ...freeTier, violations: [{ ...freeTier.violations[0], quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier', quotaValue: '10' }] },
				retryInfo,
			]),
			context,
		);
		assert.strictEqual(limited.code, 'rateLimited');
	});

	it('says a reply was cut off when the body stream ends early (undici: "TypeError: terminated")', () => {
		const cut = toImageStudioError(new TypeError('terminated'), context);
		assert.strictEqual(cut.code, 'badResponse');
		assert.match(cut.message, /could not be read \(malformed or cut off\)\. Nothing was saved/);
	});

	it('makes a 400 about thought signatures its own error, never retried', () => {
		const error = errorFromHttp(
			400,
			googleError(400, 'INVALID_ARGUMENT', 'Image part is missing a thought_signature in content position 2, part position 1.'),
			context,
		);
		assert.strictEqual(error.code, 'invalidHistory');
		assert.match(error.message, /did not accept this conversation's history.*Continue from an earlier turn/);
		assert.strictEqual(retryDelayMs(error, 0, DEFAULT_RETRY_POLICY), undefined);
		assert.strictEqual(errorFromHttp(400, googleError(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.'), context).code, 'badRequest');
		// A BadRequest detail says what was invalid: the message carries it.
		const detailed = errorFromHttp(
			400,
			googleError(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.', [
				{
					'@type': 'type.googleapis.com/google.rpc.BadRequest',
					fieldViolations: [{ field: 'contents[0].parts[1]', description: 'Unsupported MIME type: image/gif' }],
				},
			]),
			context,
		);
		assert.strictEqual(detailed.code, 'badRequest');
		assert.strictEqual(
			detailed.message,
			'Gemini rejected the request: Request contains an invalid argument. (contents[0].parts[1]: Unsupported MIME type: image/gif)',
		);
	});

	it('reads the retry delay of a 429 and tells per-day quotas apart', () => {
		const retryInfo = { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37.5s' };
		const perMinute = { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel' }] };
		const perDay = {
			'@type': 'type.googleapis.com/google.rpc.QuotaFailure',
			violations: [{ quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' }],
		};
		const limited = errorFromHttp(429, googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded', [perMinute, retryInfo]), context);
		assert.strictEqual(limited.code, 'rateLimited');
		assert.strictEqual(limited.options.retryAfterMs, 37500);
		assert.match(limited.message, /Try again in 38 s/);
		const daily = errorFromHttp(429, googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded', [perDay, retryInfo]), context);
		assert.strictEqual(daily.code, 'dailyQuota');
		assert.ok(isDailyQuota(parseGoogleError(googleError(429, 'X', 'q', [perDay]))));
		assert.strictEqual(retryDelayFromBody(parseGoogleError(googleError(429, 'X', 'q', [perMinute]))), undefined);
	});

	it('maps server errors, HTML pages and unknown statuses', () => {
		assert.strictEqual(errorFromHttp(503, googleError(503, 'UNAVAILABLE', 'The model is overloaded.'), context).code, 'serverUnavailable');
		const html = errorFromHttp(502, JSON.stringify({ error: { message: '<html>Bad Gateway</html>', code: 502, status: 'Bad Gateway' } }), context);
		assert.strictEqual(html.code, 'serverUnavailable');
		assert.strictEqual(errorFromHttp(418, 'teapot', context).code, 'badResponse');
		assert.strictEqual(errorFromHttp(403, googleError(403, 'PERMISSION_DENIED', "Method doesn't allow unregistered callers"), context).code, 'badKey');
	});

	it('maps thrown values: SDK ApiError, abort, timeout, network, malformed JSON', () => {
		assert.strictEqual(toImageStudioError(new FakeApiError(503, googleError(503, 'UNAVAILABLE', 'x')), context).code, 'serverUnavailable');
		const abort = new Error('This operation was aborted');
		abort.name = 'AbortError';
		assert.strictEqual(toImageStudioError(abort, context).code, 'cancelled');
		assert.strictEqual(toImageStudioError(abort, context).severity, 'warning');
		const timeout = toImageStudioError(abort, context, 'timeout', 30000);
		assert.strictEqual(timeout.code, 'timeout');
		assert.match(timeout.message, /within 30 s/);
		const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
		const network = toImageStudioError(refused, context);
		assert.strictEqual(network.code, 'network');
		assert.match(network.message, /ECONNREFUSED/);
		assert.strictEqual(toImageStudioError(new SyntaxError('Unexpected token < in JSON'), context).code, 'badResponse');
		assert.strictEqual(toImageStudioError(new Error('Incomplete JSON segment at the end'), context).code, 'badResponse');
		const own = new ImageStudioError('noKey', 'x');
		assert.strictEqual(toImageStudioError(own, context), own);
	});
});
