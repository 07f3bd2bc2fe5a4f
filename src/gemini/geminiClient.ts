/**
 * The Gemini image client: the only place that calls `@google/genai`. It adds what the SDK lacks for an editor:
 * a per-attempt timeout that is told apart from a user cancel, retries that honour Google's `RetryInfo` and can be
 * cancelled while waiting, and error mapping into {@link ImageStudioError}.
 */
import * as l10n from '@vscode/l10n';
import type { ImageSize } from './modelCatalog';
import { ErrorContext, redactError, toImageStudioError } from './errors';
import { ImageStudioError } from '../core/errors';
import { DEFAULT_REPLY_LIMITS, ParsedImageResponse, parseImageResponse, ReplyLimits, WireResponse } from './responseParser';
import { RetryPolicy, retryDelayMs, sleep } from './retryPolicy';
import { loadGenAI } from './sdk';

export const GOOGLE_ENDPOINT = 'https://generativelanguage.googleapis.com';
export const API_VERSION = 'v1beta';

export interface InputImage {
	readonly mimeType: string;
	readonly bytes: Uint8Array;
	/** Shown in the Files API and in messages when the image is uploaded rather than sent inline. */
	readonly displayName?: string;
}

export interface ImageRequest {
	readonly model: string;
	readonly prompt: string;
	readonly aspectRatio: string;
	readonly imageSize?: ImageSize;
	readonly inputImages?: readonly InputImage[];
	/** `thinkingConfig.thinkingLevel` (the caller checks that the model has a level control). */
	readonly thinkingLevel?: string;
}

export interface CallOptions {
	readonly apiKey: string;
	/** Base URL without a version path; empty for Google's endpoint. */
	readonly endpoint: string;
	readonly timeoutMs: number;
	readonly retryPolicy: RetryPolicy;
	readonly signal?: AbortSignal;
	/** Told before each wait, so the UI can say "rate limited, retrying in 15 s". */
	readonly onRetry?: (info: { retry: number; delayMs: number; error: ImageStudioError }) => void;
	/**
	 * Images larger than this are uploaded through the Files API (Google keeps them 48 hours) instead of being sent
	 * inline; the model's per-image inline limit. Unlimited when absent.
	 */
	readonly inlineLimitBytes?: number;
	/** Told when an image is uploaded, so the user learns what happened to it. */
	readonly onUpload?: (info: { displayName: string; bytes: number }) => void;
	/** Final images kept from one reply (the `imageStudio.maxImagesPerReply` setting); more are left out. */
	readonly maxImagesPerReply?: number;
	/** The user accepted plain http to a host other than this machine (`imageStudio.allowInsecureEndpoint`). */
	readonly allowInsecureEndpoint?: boolean;
	/** The listed image models closest to the request's model, named when the API answers 404 (asked only then). */
	readonly closestModels?: () => readonly string[];
}

/** What commands depend on; tests of command logic can substitute it, integration tests use the real one. */
export interface ImageGenerator {
	generate(request: ImageRequest, options: CallOptions): Promise<ParsedImageResponse>;
}

/** Whether a URL's host is this machine (127.0.0.0/8, ::1, localhost): plain http there never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Normalises the endpoint setting into the SDK's `baseUrl`; throws a user-facing error for unusable values. Plain
 * http is accepted only to this machine: elsewhere the key would travel unencrypted, unless the user opted in with
 * `imageStudio.allowInsecureEndpoint`.
 */
export function normaliseEndpoint(endpoint: string, options: { allowInsecure?: boolean } = {}): string {
	const trimmed = endpoint.trim();
	if (trimmed === '') {
		return GOOGLE_ENDPOINT;
	}
	let url: URL;
	try {
		url = new URL(trimmed);
	} catch {
		throw new ImageStudioError(
			'invalidInput',
			l10n.t('"imageStudio.endpoint" is not a valid URL: "{0}". Use for example http://127.0.0.1:8080, or leave it empty.', trimmed.slice(0, 80)),
			{
				actions: [{ kind: 'openSettings', setting: 'imageStudio.endpoint' }],
			},
		);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new ImageStudioError('invalidInput', l10n.t('"imageStudio.endpoint" must be an http or https URL, not {0}', url.protocol), {
			actions: [{ kind: 'openSettings', setting: 'imageStudio.endpoint' }],
		});
	}
	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !options.allowInsecure) {
		throw new ImageStudioError(
			'invalidInput',
			l10n.t(
				'"imageStudio.endpoint" uses plain http to {0}, which is not this machine: your API key would travel unencrypted. Use https, or turn on "imageStudio.allowInsecureEndpoint" if you accept that.',
				url.hostname,
			),
			{ actions: [{ kind: 'openSettings', setting: 'imageStudio.endpoint' }] },
		);
	}
	if (url.username || url.password || url.search || url.hash) {
		throw new ImageStudioError('invalidInput', l10n.t('"imageStudio.endpoint" must not contain credentials, a query or a fragment.'), {
			actions: [{ kind: 'openSettings', setting: 'imageStudio.endpoint' }],
		});
	}
	// The SDK appends the version itself: a trailing `/v1beta` would be doubled.
	const pathname = url.pathname.replace(/\/+$/, '').replace(/\/(v1|v1beta|v1alpha)$/, '');
	return `${url.origin}${pathname}`;
}

/**
 * Runs one Gemini call with what the SDK lacks for an editor: a per-attempt timeout told apart from a user cancel
 * (the SDK loses `signal.reason`), retries that honour Google's `RetryInfo` and can be cancelled while waiting, and
 * error mapping into {@link ImageStudioError}. `attempt` gets a fresh client and the attempt's abort signal.
 */
export async function callGemini<T>(
	model: string,
	options: CallOptions,
	attempt: (ai: GoogleGenAIClient, signal: AbortSignal, baseUrl: string) => Promise<T>,
): Promise<T> {
	const baseUrl = normaliseEndpoint(options.endpoint, { allowInsecure: options.allowInsecureEndpoint });
	const context: ErrorContext = {
		model,
		endpoint: baseUrl,
		get closestModels() {
			return options.closestModels?.();
		},
	};
	for (let retry = 0; ; retry++) {
		try {
			return await runAttempt(options, baseUrl, context, attempt);
		} catch (error) {
			// Redacted where the error is made: a proxy or endpoint may echo the key, and the SDK quotes a header it cannot send.
			const mapped = redactError(error instanceof ImageStudioError ? error : toImageStudioError(error, context), [options.apiKey]);
			const delay = retryDelayMs(mapped, retry, options.retryPolicy);
			if (delay === undefined || options.signal?.aborted) {
				throw mapped;
			}
			options.onRetry?.({ retry: retry + 1, delayMs: delay, error: mapped });
			try {
				await sleep(delay, options.signal);
			} catch (sleepError) {
				throw redactError(toImageStudioError(sleepError, context, 'cancelled'), [options.apiKey]);
			}
		}
	}
}

export type GoogleGenAIClient = InstanceType<ReturnType<typeof loadGenAI>['GoogleGenAI']>;

async function runAttempt<T>(
	options: CallOptions,
	baseUrl: string,
	context: ErrorContext,
	attempt: (ai: GoogleGenAIClient, signal: AbortSignal, baseUrl: string) => Promise<T>,
): Promise<T> {
	if (options.signal?.aborted) {
		throw toImageStudioError(new Error('aborted'), context, 'cancelled');
	}
	const { GoogleGenAI } = loadGenAI();
	const ai = new GoogleGenAI({ apiKey: options.apiKey, apiVersion: API_VERSION, httpOptions: { baseUrl } });
	// One controller per attempt, and the cause recorded here: the SDK reports a timeout and a cancel alike.
	const controller = new AbortController();
	let abortCause: 'cancelled' | 'timeout' | undefined;
	const onUserAbort = () => {
		abortCause ??= 'cancelled';
		controller.abort();
	};
	options.signal?.addEventListener('abort', onUserAbort, { once: true });
	const timer = setTimeout(() => {
		abortCause ??= 'timeout';
		controller.abort();
	}, options.timeoutMs);
	try {
		return await attempt(ai, controller.signal, baseUrl);
	} catch (error) {
		throw toImageStudioError(error, context, abortCause, options.timeoutMs);
	} finally {
		clearTimeout(timer);
		options.signal?.removeEventListener('abort', onUserAbort);
	}
}

/** The reply bounds of a call: the defaults, with the user's image cap. */
export function replyLimits(options: CallOptions): ReplyLimits {
	return options.maxImagesPerReply ? { ...DEFAULT_REPLY_LIMITS, maxImages: options.maxImagesPerReply } : DEFAULT_REPLY_LIMITS;
}

/** One image of a request as a part of the user content; the generator uploads large ones instead. */
export type ImagePartBuilder = (image: InputImage) => Promise<Record<string, unknown>>;

/** An input image as an `inlineData` part (base64), the default part of {@link buildImageRequest}. */
export function inlineImagePart(image: InputImage): Promise<Record<string, unknown>> {
	return Promise.resolve({ inlineData: { mimeType: image.mimeType, data: Buffer.from(image.bytes).toString('base64') } });
}

/** What a generate call sends for an {@link ImageRequest}: the SDK's `contents` and `config` (without the abort signal). */
export interface ImageRequestBody {
	readonly contents: { role: 'user'; parts: Record<string, unknown>[] }[];
	readonly config: {
		responseModalities: string[];
		imageConfig: { aspectRatio: string; imageSize?: string };
		thinkingConfig?: { thinkingLevel: string };
	};
}

/**
 * The one place an {@link ImageRequest} becomes a request body: one user content of the prompt and the input images,
 * and the generation config (`responseModalities`, `imageConfig`, `thinkingConfig` when set). Used by the image
 * generator and by every entry of a batch, so both send the same shape. For these fields the SDK's `config` is sent as
 * `generationConfig` unchanged (gemini-wire.md §4), which is what a batch's JSONL file holds.
 */
export async function buildImageRequest(request: ImageRequest, imagePart: ImagePartBuilder = inlineImagePart): Promise<ImageRequestBody> {
	const parts: Record<string, unknown>[] = [{ text: request.prompt }];
	for (const image of request.inputImages ?? []) {
		parts.push(await imagePart(image));
	}
	const imageConfig: { aspectRatio: string; imageSize?: string } = { aspectRatio: request.aspectRatio };
	if (request.imageSize) {
		imageConfig.imageSize = request.imageSize;
	}
	return {
		contents: [{ role: 'user', parts }],
		config: {
			responseModalities: ['TEXT', 'IMAGE'],
			imageConfig,
			// https://ai.google.dev/gemini-api/docs/thinking: `thinkingConfig.thinkingLevel`, the SDK's ThinkingLevel names.
			...(request.thinkingLevel ? { thinkingConfig: { thinkingLevel: request.thinkingLevel } } : {}),
		},
	};
}

/**
 * A client whose every fetch also carries `signal`: the SDK ignores `abortSignal` for Files API uploads, so uploads
 * made through it stop on cancel and timeout too. `observe` sees each reply before the SDK reads it (the SDK keeps
 * only the fields it maps).
 */
export function signalBoundClient(
	options: CallOptions,
	baseUrl: string,
	signal: AbortSignal,
	observe?: (response: Response) => Promise<void>,
): GoogleGenAIClient {
	const { GoogleGenAI } = loadGenAI();
	return new GoogleGenAI({
		apiKey: options.apiKey,
		apiVersion: API_VERSION,
		httpOptions: {
			baseUrl,
			fetch: async (input: string | URL | Request, init?: RequestInit) => {
				const response = await fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
				await observe?.(response);
				return response;
			},
		} as never,
	});
}

export class GeminiImageGenerator implements ImageGenerator {
	generate(request: ImageRequest, options: CallOptions): Promise<ParsedImageResponse> {
		return callGemini(request.model, options, async (ai, signal, baseUrl) => {
			const body = await buildImageRequest(request, async (image) => {
				if (options.inlineLimitBytes === undefined || image.bytes.byteLength <= options.inlineLimitBytes) {
					return inlineImagePart(image);
				}
				const displayName = image.displayName ?? 'image';
				const uploaded = await signalBoundClient(options, baseUrl, signal).files.upload({
					file: new Blob([image.bytes], { type: image.mimeType }),
					config: { mimeType: image.mimeType, displayName, abortSignal: signal },
				});
				if (!uploaded.uri) {
					throw new ImageStudioError(
						'badResponse',
						l10n.t('Uploading {0} through the Gemini Files API returned no file URI. Try again.', displayName),
					);
				}
				options.onUpload?.({ displayName, bytes: image.bytes.byteLength });
				return { fileData: { fileUri: uploaded.uri, mimeType: uploaded.mimeType ?? image.mimeType } };
			});
			const response = await ai.models.generateContent({
				model: request.model,
				contents: body.contents,
				config: { ...body.config, thinkingConfig: body.config.thinkingConfig as never, abortSignal: signal },
			});
			return parseImageResponse(response as unknown as WireResponse, replyLimits(options));
		});
	}
}
