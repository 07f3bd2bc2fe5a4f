/**
 * The mapping of everything Gemini (or the network) can throw into the extension's one error type
 * ({@link ImageStudioError}, in src/core/). Pure: no `vscode`; the SDK's `ApiError` is recognised by shape, so this is
 * unit-tested without the SDK.
 */
import * as l10n from '@vscode/l10n';
import { ImageStudioError } from '../core/errors';
import { redactSecrets } from '../core/redact';
import { replacementFor } from './modelCatalog';

/**
 * Where a Gemini API key gets billing: Google's billing page says "Go to the AI Studio API keys page … click either Set
 * up Billing or Upgrade" (https://ai.google.dev/gemini-api/docs/billing).
 */
export const BILLING_URL = 'https://aistudio.google.com/apikey';

/**
 * The error with every secret (and anything shaped like a key in HTTP traffic) removed from its message and detail,
 * so that nothing made from it (a notification, a studio turn, session.json, a webview message) can carry the key.
 */
export function redactError(error: ImageStudioError, secrets: readonly string[]): ImageStudioError {
	const message = redactSecrets(error.message, secrets);
	const detail = error.options.detail === undefined ? undefined : redactSecrets(error.options.detail, secrets);
	if (message === error.message && detail === error.options.detail) {
		return error;
	}
	return new ImageStudioError(error.code, message, { ...error.options, detail });
}

/** What Google puts inside an error body: `{ error: { code, message, status, details } }`. */
export interface GoogleErrorBody {
	readonly code?: number;
	readonly message?: string;
	readonly status?: string;
	readonly details?: readonly Record<string, unknown>[];
}

/**
 * Extracts Google's error body from an SDK `ApiError`, whose `message` is `JSON.stringify(body)` for JSON replies or a
 * wrapper around raw text otherwise. Arrays and double wrapping occur, so this digs defensively.
 */
export function parseGoogleError(message: string): GoogleErrorBody | undefined {
	let value: unknown;
	try {
		value = JSON.parse(message);
	} catch {
		return undefined;
	}
	for (let depth = 0; depth < 4; depth++) {
		if (Array.isArray(value)) {
			value = value[0];
			continue;
		}
		if (value && typeof value === 'object' && 'error' in value) {
			const inner = (value as { error: unknown }).error;
			if (inner && typeof inner === 'object') {
				const body = inner as GoogleErrorBody;
				if (typeof body.message === 'string') {
					try {
						const nested = JSON.parse(body.message);
						if (nested && typeof nested === 'object' && 'error' in nested) {
							value = nested;
							continue;
						}
					} catch {
						// Plain text message: the usual case.
					}
				}
				return body;
			}
		}
		break;
	}
	return undefined;
}

/** Parses a protobuf duration such as `15s` or `45.837906927s` into milliseconds. */
export function parseProtoDuration(value: unknown): number | undefined {
	if (typeof value !== 'string') {
		return undefined;
	}
	const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
	return match ? Math.ceil(parseFloat(match[1]) * 1000) : undefined;
}

export function retryDelayFromBody(body: GoogleErrorBody | undefined): number | undefined {
	for (const detail of body?.details ?? []) {
		if (typeof detail?.['@type'] === 'string' && detail['@type'].endsWith('google.rpc.RetryInfo')) {
			return parseProtoDuration(detail.retryDelay);
		}
	}
	return undefined;
}

/** A per-day quota does not clear by retrying: detect it from the `QuotaFailure` violations. */
export function isDailyQuota(body: GoogleErrorBody | undefined): boolean {
	for (const detail of body?.details ?? []) {
		if (typeof detail?.['@type'] === 'string' && detail['@type'].endsWith('google.rpc.QuotaFailure')) {
			const violations = Array.isArray(detail.violations) ? detail.violations : [];
			for (const violation of violations) {
				const text = JSON.stringify(violation ?? {});
				if (/per[_ -]?day|PerDay|daily/i.test(text)) {
					return true;
				}
			}
		}
	}
	return /per day|daily/i.test(body?.message ?? '');
}

function hasReason(body: GoogleErrorBody | undefined, reason: string): boolean {
	return (body?.details ?? []).some((detail) => detail?.reason === reason);
}

export interface ErrorContext {
	readonly model: string;
	readonly endpoint: string;
	/** The image models closest to `model` that the endpoint lists, for a 404 (best first). */
	readonly closestModels?: readonly string[];
}

/**
 * A free-tier quota with limit 0: `QuotaFailure` quota IDs ending in `FreeTier` whose value is 0, or Google's text
 * "…_free_tier_requests, limit: 0". Image models have no free tier, so a key without billing meets this on its first
 * request and retrying never helps (gemini-wire.md §7; https://ai.google.dev/gemini-api/docs/rate-limits).
 */
export function isFreeTierWithoutBilling(body: GoogleErrorBody | undefined): boolean {
	for (const violation of quotaViolations(body)) {
		if (typeof violation.quotaId === 'string' && /FreeTier$/i.test(violation.quotaId) && String(violation.quotaValue ?? '') === '0') {
			return true;
		}
	}
	const message = body?.message ?? '';
	return /free_tier/i.test(message) && /limit:\s*0\b/.test(message);
}

/** A quota of the free tier (any limit): billing lifts it. */
function isFreeTierQuota(body: GoogleErrorBody | undefined): boolean {
	return (
		quotaViolations(body).some((violation) => typeof violation.quotaId === 'string' && /FreeTier$/i.test(violation.quotaId)) ||
		/free_tier/i.test(body?.message ?? '')
	);
}

function quotaViolations(body: GoogleErrorBody | undefined): Record<string, unknown>[] {
	const violations: Record<string, unknown>[] = [];
	for (const detail of body?.details ?? []) {
		if (typeof detail?.['@type'] === 'string' && detail['@type'].endsWith('google.rpc.QuotaFailure') && Array.isArray(detail.violations)) {
			violations.push(
				...(detail.violations as unknown[]).filter(
					(violation): violation is Record<string, unknown> => typeof violation === 'object' && violation !== null,
				),
			);
		}
	}
	return violations;
}

/** The `field: description` pairs of a `BadRequest` detail, joined and bounded; undefined when there are none. */
function fieldViolations(body: GoogleErrorBody | undefined): string | undefined {
	const texts: string[] = [];
	for (const detail of body?.details ?? []) {
		if (typeof detail?.['@type'] === 'string' && detail['@type'].endsWith('google.rpc.BadRequest') && Array.isArray(detail.fieldViolations)) {
			for (const violation of detail.fieldViolations as unknown[]) {
				const { field, description } = (violation ?? {}) as { field?: unknown; description?: unknown };
				if (typeof description === 'string' && description.trim() !== '') {
					texts.push(typeof field === 'string' && field !== '' ? `${field}: ${description.trim()}` : description.trim());
				}
			}
		}
	}
	const text = texts.join('; ').replace(/\s+/g, ' ');
	return text === '' ? undefined : text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

/** A 400 that names thought signatures (Gemini 3 validates the signatures of the history it is sent). */
export function isThoughtSignatureError(message: string): boolean {
	return /thought[_ ]?signature/i.test(message);
}

function formatSeconds(ms: number): string {
	const seconds = Math.ceil(ms / 1000);
	return seconds >= 120 ? l10n.t('{0} minutes', Math.ceil(seconds / 60)) : l10n.t('{0} s', seconds);
}

/** Maps an HTTP error status and Google body to a user-facing error. */
export function errorFromHttp(status: number, rawMessage: string, context: ErrorContext): ImageStudioError {
	const body = parseGoogleError(rawMessage);
	const googleMessage = (body?.message ?? rawMessage).replace(/\s+/g, ' ').slice(0, 300);
	const detail = `HTTP ${status} from ${context.endpoint} for ${context.model}: ${rawMessage.slice(0, 2000)}`;
	const common = { detail, httpStatus: status };

	if (
		status === 401 ||
		(status === 400 && (hasReason(body, 'API_KEY_INVALID') || /api key not valid|api key expired|invalid api key/i.test(googleMessage)))
	) {
		return new ImageStudioError(
			'badKey',
			l10n.t('Gemini rejected the API key. Set a valid key from Google AI Studio with "Gemini Image Studio: Set Gemini API Key".'),
			{
				...common,
				actions: [{ kind: 'setApiKey' }],
			},
		);
	}
	if (status === 403) {
		const missing = /unregistered callers|without an api key|missing/i.test(googleMessage);
		return new ImageStudioError(
			missing ? 'badKey' : 'permissionDenied',
			missing
				? l10n.t('Gemini received no API key. Set one with "Gemini Image Studio: Set Gemini API Key".')
				: l10n.t(
						"Gemini refused access (403): {0} Check that the key's Google Cloud project has the Gemini API enabled and billing set up.",
						googleMessage,
					),
			{ ...common, actions: [{ kind: 'setApiKey' }] },
		);
	}
	if (status === 404) {
		const replacement = replacementFor(context.model);
		if (replacement) {
			return new ImageStudioError(
				'modelShutDown',
				l10n.t('The model {0} is no longer available (shut down). Use {1} instead.', context.model, replacement.id),
				{
					...common,
					actions: [{ kind: 'useModel', model: replacement.id }],
				},
			);
		}
		const closest = (context.closestModels ?? []).filter((id) => id !== context.model).slice(0, 3);
		return new ImageStudioError(
			'modelNotFound',
			closest.length > 0
				? l10n.t('The model "{0}" is not available at {1}. Closest image models it lists: {2}.', context.model, context.endpoint, closest.join(', '))
				: l10n.t('The model "{0}" is not available at {1}. Choose another model or check "imageStudio.model".', context.model, context.endpoint),
			{ ...common, actions: closest.length > 0 ? [{ kind: 'useModel', model: closest[0] }] : [{ kind: 'openSettings', setting: 'imageStudio.model' }] },
		);
	}
	if (status === 429) {
		const retryAfterMs = retryDelayFromBody(body);
		if (isFreeTierWithoutBilling(body)) {
			return new ImageStudioError(
				'billingRequired',
				l10n.t(
					'{0} has no free tier for this key: enable billing for its Google Cloud project (AI Studio → API keys → Set up Billing), then try again.',
					context.model,
				),
				{ ...common, actions: [{ kind: 'openUrl', title: l10n.t('Set Up Billing'), url: BILLING_URL }] },
			);
		}
		if (isDailyQuota(body)) {
			return new ImageStudioError(
				'dailyQuota',
				isFreeTierQuota(body)
					? l10n.t(
							'The daily Gemini quota for {0} is used up. It resets at midnight Pacific time; try another model or raise the quota in Google AI Studio (this key is on the free tier: billing raises it).',
							context.model,
						)
					: l10n.t(
							'The daily Gemini quota for {0} is used up. It resets at midnight Pacific time; try another model or raise the quota in Google AI Studio.',
							context.model,
						),
				{ ...common, actions: isFreeTierQuota(body) ? [{ kind: 'openUrl', title: l10n.t('Set Up Billing'), url: BILLING_URL }] : [] },
			);
		}
		return new ImageStudioError(
			'rateLimited',
			retryAfterMs !== undefined
				? l10n.t('Gemini rate limit reached for {0}. Try again in {1}.', context.model, formatSeconds(retryAfterMs))
				: l10n.t('Gemini rate limit reached for {0}. Wait a minute and try again.', context.model),
			{ ...common, retryAfterMs },
		);
	}
	if (status === 408 || status === 500 || status === 502 || status === 503 || status === 504) {
		const message =
			status === 503
				? l10n.t('Gemini is overloaded or unavailable (HTTP {0}). Try again in a minute.', status)
				: status === 504 || status === 408
					? l10n.t('Gemini timed out (HTTP {0}). Try again in a minute.', status)
					: l10n.t('Gemini had an internal error (HTTP {0}). Try again in a minute.', status);
		return new ImageStudioError('serverUnavailable', message, {
			...common,
			retryAfterMs: retryDelayFromBody(body),
		});
	}
	if (status === 400 && isThoughtSignatureError(googleMessage)) {
		return new ImageStudioError(
			'invalidHistory',
			l10n.t(
				"Gemini did not accept this conversation's history ({0}). Continue from an earlier turn in a new conversation.",
				googleMessage.slice(0, 160),
			),
			common,
		);
	}
	if (status === 400) {
		// Google's message is often only "Request contains an invalid argument."; a BadRequest detail says which.
		const violations = fieldViolations(body);
		return new ImageStudioError(
			'badRequest',
			violations
				? l10n.t('Gemini rejected the request: {0} ({1})', googleMessage, violations)
				: l10n.t('Gemini rejected the request: {0}', googleMessage),
			common,
		);
	}
	return new ImageStudioError('badResponse', l10n.t('Gemini answered with HTTP {0}: {1}', status, googleMessage), common);
}

/** The shape of the SDK's `ApiError` (recognised without importing the SDK). */
export function isApiErrorLike(error: unknown): error is { status: number; message: string } {
	return (
		error instanceof Error &&
		typeof (error as { status?: unknown }).status === 'number' &&
		(error.name === 'ApiError' || error.constructor?.name === 'ApiError' || 'status' in error)
	);
}

/**
 * Maps anything a Gemini call threw into an {@link ImageStudioError}. `abortCause` is what the caller recorded
 * when it aborted the request, because the SDK loses `signal.reason` and a timeout looks like a cancel.
 */
export function toImageStudioError(error: unknown, context: ErrorContext, abortCause?: 'cancelled' | 'timeout', timeoutMs?: number): ImageStudioError {
	if (error instanceof ImageStudioError) {
		return error;
	}
	if (abortCause === 'timeout') {
		return new ImageStudioError(
			'timeout',
			l10n.t('Gemini did not answer within {0} s. Try again, or raise "imageStudio.requestTimeoutSeconds".', Math.round((timeoutMs ?? 0) / 1000)),
			{ detail: String(error), cause: error, actions: [{ kind: 'openSettings', setting: 'imageStudio.requestTimeoutSeconds' }] },
		);
	}
	if (abortCause === 'cancelled' || isAbortError(error)) {
		return new ImageStudioError(
			'cancelled',
			l10n.t('Image request cancelled. Nothing was saved (Google may still bill a request it had already started).'),
			{
				detail: String(error),
				severity: 'warning',
				cause: error,
			},
		);
	}
	if (isApiErrorLike(error)) {
		return errorFromHttp(error.status, error.message, context);
	}
	const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
	const causeCode = networkCode(error);
	if (causeCode || /fetch failed|ECONN|ENOTFOUND|EAI_AGAIN|socket hang up|network/i.test(text)) {
		return new ImageStudioError(
			'network',
			l10n.t(
				'Could not reach Gemini at {0}. Check your network, proxy and the "imageStudio.endpoint" setting.',
				`${context.endpoint}${causeCode ? ` (${causeCode})` : ''}`,
			),
			{ detail: text + (causeCode ? ` cause=${causeCode}` : ''), cause: error, actions: [{ kind: 'openSettings', setting: 'imageStudio.endpoint' }] },
		);
	}
	// A body cut off mid-stream: undici reports "TypeError: terminated" (the cause says the other side closed).
	if (error instanceof SyntaxError || /JSON|Incomplete|Unexpected (token|end)|\bterminated\b|premature close/i.test(text)) {
		return new ImageStudioError('badResponse', l10n.t('Gemini sent a reply that could not be read (malformed or cut off). Nothing was saved; try again.'), {
			detail: text,
			cause: error,
		});
	}
	return new ImageStudioError('badResponse', l10n.t('The Gemini request failed: {0}', text.slice(0, 200)), { detail: text, cause: error });
}

export function isAbortError(error: unknown): boolean {
	return error instanceof Error && (error.name === 'AbortError' || /operation was aborted|aborted/i.test(error.message));
}

function networkCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) {
			return code;
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}
