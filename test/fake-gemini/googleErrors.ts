// Google API error bodies in the exact shape the Gemini API sends
// (gemini-wire.md §7). The SDK turns them into ApiError with
// message = JSON.stringify(body), so the shape matters more than the words.

export interface GoogleErrorBody {
	error: {
		code: number;
		message: string;
		status: string;
		details?: unknown[];
	};
}

const STATUS_BY_CODE: Record<number, string> = {
	400: 'INVALID_ARGUMENT',
	401: 'UNAUTHENTICATED',
	403: 'PERMISSION_DENIED',
	404: 'NOT_FOUND',
	408: 'DEADLINE_EXCEEDED',
	409: 'ABORTED',
	413: 'INVALID_ARGUMENT',
	429: 'RESOURCE_EXHAUSTED',
	499: 'CANCELLED',
	500: 'INTERNAL',
	501: 'UNIMPLEMENTED',
	502: 'UNAVAILABLE',
	503: 'UNAVAILABLE',
	504: 'DEADLINE_EXCEEDED',
};

export function googleStatusFor(code: number): string {
	return STATUS_BY_CODE[code] ?? 'UNKNOWN';
}

export function googleError(code: number, message: string, status = googleStatusFor(code), details?: unknown[]): GoogleErrorBody {
	const error: GoogleErrorBody['error'] = { code, message, status };
	if (details && details.length > 0) {
		error.details = details;
	}
	return { error };
}

export const MSG_INVALID_ARGUMENT = 'Request contains an invalid argument.';
export const MSG_API_KEY_INVALID = 'API key not valid. Please pass a valid API key.';
export const MSG_UNREGISTERED_CALLER =
	"Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.";
export const MSG_OVERLOADED = 'The model is overloaded. Please try again later.';
export const MSG_INTERNAL = 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting';
export const MSG_DEADLINE = 'Deadline expired before operation could complete.';

export function invalidArgument(fieldViolations?: { field: string; description: string }[]): GoogleErrorBody {
	// Google's message stays generic; the BadRequest detail says what was wrong,
	// which helps when a test fails without pretending to know Google's wording.
	return googleError(
		400,
		MSG_INVALID_ARGUMENT,
		'INVALID_ARGUMENT',
		fieldViolations && fieldViolations.length > 0 ? [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations }] : undefined,
	);
}

export function apiKeyInvalid(): GoogleErrorBody {
	return googleError(400, MSG_API_KEY_INVALID, 'INVALID_ARGUMENT', [
		{
			'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
			reason: 'API_KEY_INVALID',
			domain: 'googleapis.com',
			metadata: { service: 'generativelanguage.googleapis.com' },
		},
		{
			'@type': 'type.googleapis.com/google.rpc.LocalizedMessage',
			locale: 'en-US',
			message: MSG_API_KEY_INVALID,
		},
	]);
}

export function unregisteredCaller(): GoogleErrorBody {
	return googleError(403, MSG_UNREGISTERED_CALLER, 'PERMISSION_DENIED', [
		{
			'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
			reason: 'CONSUMER_INVALID',
			domain: 'googleapis.com',
			metadata: { service: 'generativelanguage.googleapis.com' },
		},
	]);
}

export function unauthenticated(): GoogleErrorBody {
	return googleError(
		401,
		'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
		'UNAUTHENTICATED',
		[
			{
				'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
				reason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED',
				domain: 'googleapis.com',
				metadata: { service: 'generativelanguage.googleapis.com', method: 'google.ai.generativelanguage.v1beta.GenerativeService.GenerateContent' },
			},
		],
	);
}

export function permissionDenied(): GoogleErrorBody {
	return googleError(403, 'The caller does not have permission', 'PERMISSION_DENIED');
}

export function modelNotFound(model: string, apiVersion: string, action: string): GoogleErrorBody {
	return googleError(
		404,
		`models/${model} is not found for API version ${apiVersion}, or is not supported for ${action}. Call ListModels to see the list of available models and their supported methods.`,
		'NOT_FOUND',
	);
}

export interface QuotaOptions {
	model: string;
	/** Protobuf duration such as "15s" or "45.837906927s"; null omits RetryInfo. */
	retryDelay?: string | null;
	/** A per-day quota: retrying will not help until the next day. */
	perDay?: boolean;
	/**
	 * A key whose project has no billing asking an image model (no free tier): the free-tier quota with limit 0, as
	 * reported in the wild (gemini-wire.md §7). Google still sends RetryInfo; retrying never helps.
	 */
	freeTierNoBilling?: boolean;
	message?: string;
}

export function resourceExhausted(o: QuotaOptions): GoogleErrorBody {
	const retryDelay = o.retryDelay === undefined ? '15s' : o.retryDelay;
	const quotaId =
		o.perDay || o.freeTierNoBilling ? 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' : 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier';
	const limit = o.freeTierNoBilling ? '0' : o.perDay ? '100' : '10';
	const metric = 'generativelanguage.googleapis.com/generate_content_free_tier_requests';
	const retrySentence = retryDelay ? `\nPlease retry in ${retryDelay.replace(/s$/, '')}s.` : '';
	const message =
		o.message ??
		'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/usage?tab=rate-limit. ' +
			`\n* Quota exceeded for metric: ${metric}, limit: ${limit}, model: ${o.model}${retrySentence}`;
	const details: unknown[] = [
		{
			'@type': 'type.googleapis.com/google.rpc.QuotaFailure',
			violations: [
				{
					quotaMetric: metric,
					quotaId,
					quotaDimensions: { location: 'global', model: o.model },
					quotaValue: limit,
				},
			],
		},
	];
	if (retryDelay) {
		details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay });
	}
	return googleError(429, message, 'RESOURCE_EXHAUSTED', details);
}

/** Google front-end error page, as served for 502s and some 404s. */
export function googleHtmlErrorPage(status: number): string {
	const text =
		status === 404
			? 'The requested URL was not found on this server.'
			: 'The server encountered a temporary error and could not complete your request.<p>Please try again in 30 seconds.';
	return (
		'<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n' +
		'  <meta name=viewport content="initial-scale=1, minimum-scale=1, width=device-width">\n' +
		`  <title>Error ${status} (Server Error)!!1</title>\n` +
		'  <a href=//www.google.com/><span id=logo aria-label=Google></span></a>\n' +
		`  <p><b>${status}.</b> <ins>That\u2019s an error.</ins>\n` +
		`  <p>${text}  <ins>That\u2019s all we know.</ins>\n`
	);
}
