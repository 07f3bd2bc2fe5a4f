// The scripted replies a test queues (fake.enqueue, POST /__fake/enqueue): their kinds and fields, the check of one
// that arrives as JSON, and how `delay` wrappers add up. Building and sending them is in replies.ts and sendReply.ts.
import type { FakeImageMime } from './images';

interface ReplyBase {
	/** Wait this long before replying (replaces options.defaultDelayMs for this reply). */
	delayMs?: number;
}

/** A successful image reply (the default when the queue is empty). */
export interface ImageReply extends ReplyBase {
	kind: 'image';
	/** Overrides the model's mime (the table's: Gemini 3 models image/jpeg, 2.5 image/png). */
	mimeType?: FakeImageMime;
	/** The MIME type the final images' parts declare, when it should differ from their bytes (a mislabelled reply). */
	declaredMimeType?: string;
	/** Number of final images (default 1). Image i uses seed + i. */
	count?: number;
	/** A text part before the images. */
	text?: string;
	/**
	 * Put a `thought: true` text part and a `thought: true` interim image first.
	 * Default: whatever the request's thinkingConfig.includeThoughts says.
	 */
	thoughts?: boolean;
	/** Override the pixel size computed from imageConfig. */
	width?: number;
	height?: number;
	/** Override the seed derived from the prompt text. */
	seed?: number;
	/** Add groundingMetadata (default: when the request has a googleSearch tool). */
	grounding?: boolean;
	/** Override the search entry point HTML (to test escaping). */
	renderedContent?: string;
	/** Default STOP. */
	finishReason?: string;
	/** Streaming only: pause between SSE events. */
	chunkDelayMs?: number;
}

/** Text only, no image, finishReason STOP. */
export interface TextReply extends ReplyBase {
	kind: 'text';
	text?: string;
}

/** 200 with body `{}`. */
export interface NoCandidatesReply extends ReplyBase {
	kind: 'noCandidates';
}

/** `promptFeedback.blockReason` (default PROHIBITED_CONTENT), no candidates. */
export interface PromptBlockedReply extends ReplyBase {
	kind: 'promptBlocked';
	blockReason?: string;
	blockReasonMessage?: string;
}

/** One candidate with `content: {}` and the given finishReason (IMAGE_SAFETY, NO_IMAGE, …). */
export interface FinishReasonReply extends ReplyBase {
	kind: 'finishReason';
	finishReason: string;
	/** Sent like Google does; the SDK drops it (gemini-wire.md §5). */
	finishMessage?: string;
	/** Leave `content` out altogether instead of `{}`. */
	omitContent?: boolean;
	safetyRatings?: unknown[];
}

/**
 * A Google-format JSON error. Defaults by status: 400 API_KEY_INVALID,
 * 401 ACCESS_TOKEN_TYPE_UNSUPPORTED, 403 PERMISSION_DENIED, 404 model not
 * found, 429 QuotaFailure + RetryInfo, 500 INTERNAL, 503 overloaded,
 * 504 DEADLINE_EXCEEDED; anything else a bare {code, message, status}.
 */
export interface ErrorReply extends ReplyBase {
	kind: 'error';
	status: number;
	/**
	 * Replaces the default message (details stay unless `details` is given;
	 * for 400 a custom message drops the API_KEY_INVALID details).
	 */
	message?: string;
	/** Replaces the Google status string, e.g. INVALID_ARGUMENT. */
	errorStatus?: string;
	/** Replaces the details array ([] removes it). */
	details?: unknown[];
	/** 429: RetryInfo.retryDelay (default "15s"); null leaves RetryInfo out. */
	retryDelay?: string | null;
	/** 429: the quota is per day (quotaId contains "PerDay"). */
	perDay?: boolean;
	/**
	 * 429: the key's project has no billing and the model no free tier (limit 0, `-FreeTier` quota id, RetryInfo
	 * still sent; gemini-wire.md §7). What every generate request of an `options.freeTierKeys` key gets.
	 */
	freeTierNoBilling?: boolean;
	/** Default `application/json; charset=UTF-8`; e.g. `text/plain` to test wrapping. */
	contentType?: string;
	/** Send `[{"error":…}]`, a shape that occurs in the wild. */
	wrapInArray?: boolean;
	/** Streaming only: 200, one image chunk, then `data: {"error":…}`. */
	midStream?: boolean;
}

/** An HTML error page (Google front-end style unless `body` is given). */
export interface HtmlReply extends ReplyBase {
	kind: 'html';
	/** Default 502. */
	status?: number;
	body?: string;
}

/** Anything: status, content type and body string, e.g. malformed JSON. */
export interface RawReply extends ReplyBase {
	kind: 'raw';
	/** Default 200. */
	status?: number;
	/** Default `application/json; charset=UTF-8`. */
	contentType?: string;
	body: string;
	headers?: Record<string, string>;
}

/**
 * 200 and a prefix of a valid image reply, then the socket is destroyed
 * (or, with `end`, the response ends cleanly so the client sees bad JSON /
 * an incomplete SSE event).
 */
export interface TruncatedReply extends ReplyBase {
	kind: 'truncated';
	/** Bytes of the body to send; default half of it (streaming: the first event plus half the second). */
	afterBytes?: number;
	end?: boolean;
}

/** An image part whose data is broken. */
export interface CorruptBase64Reply extends ReplyBase {
	kind: 'corruptBase64';
	/**
	 * invalidBase64 (default): characters outside base64; notAnImage: valid
	 * base64 of HTML; truncatedImage: first half of a real image;
	 * mimeMismatch: PNG bytes labelled image/jpeg (JPEG bytes labelled PNG for 2.5).
	 */
	variant?: 'invalidBase64' | 'notAnImage' | 'truncatedImage' | 'mimeMismatch';
}

/** Accept the request and never finish until the client closes. */
export interface StallReply extends ReplyBase {
	kind: 'stall';
	/** beforeHeaders (default), afterHeaders (200 sent, no body), midBody (half a body / first SSE event). */
	phase?: 'beforeHeaders' | 'afterHeaders' | 'midBody';
}

/** Destroy the socket without any reply (ECONNRESET / "other side closed"). */
export interface DisconnectReply extends ReplyBase {
	kind: 'disconnect';
}

/** Delay wrapper: waits delayMs (plus the inner reply's own delay), then replies. */
export interface DelayReply {
	kind: 'delay';
	delayMs: number;
	reply: ScriptedReply;
}

export type ScriptedReply =
	| ImageReply
	| TextReply
	| NoCandidatesReply
	| PromptBlockedReply
	| FinishReasonReply
	| ErrorReply
	| HtmlReply
	| RawReply
	| TruncatedReply
	| CorruptBase64Reply
	| StallReply
	| DisconnectReply
	| DelayReply;

export const SCRIPTED_REPLY_KINDS: readonly ScriptedReply['kind'][] = [
	'image',
	'text',
	'noCandidates',
	'promptBlocked',
	'finishReason',
	'error',
	'html',
	'raw',
	'truncated',
	'corruptBase64',
	'stall',
	'disconnect',
	'delay',
];

export function isScriptedReply(r: unknown): r is ScriptedReply {
	if (typeof r !== 'object' || r === null) {
		return false;
	}
	const kind = (r as { kind?: unknown }).kind;
	if (!SCRIPTED_REPLY_KINDS.includes(kind as ScriptedReply['kind'])) {
		return false;
	}
	if (kind === 'delay') {
		return typeof (r as DelayReply).delayMs === 'number' && isScriptedReply((r as DelayReply).reply);
	}
	if (kind === 'error') {
		return typeof (r as ErrorReply).status === 'number';
	}
	if (kind === 'finishReason') {
		return typeof (r as FinishReasonReply).finishReason === 'string';
	}
	if (kind === 'raw') {
		return typeof (r as RawReply).body === 'string';
	}
	return true;
}

/**
 * The reply under any `delay` wrappers and how long to wait before it: the wrappers' and the reply's own `delayMs`
 * added up, or `defaultDelayMs` when none of them sets one.
 */
export function unwrapDelay(scripted: ScriptedReply, defaultDelayMs: number): { reply: Exclude<ScriptedReply, DelayReply>; delay: number } {
	let reply: ScriptedReply = scripted;
	let delay = 0;
	let delaySet = false;
	while (reply.kind === 'delay') {
		delay += reply.delayMs;
		delaySet = true;
		reply = reply.reply;
	}
	if (reply.delayMs !== undefined) {
		delay += reply.delayMs;
		delaySet = true;
	}
	if (!delaySet) {
		delay = defaultDelayMs;
	}
	return { reply, delay };
}
