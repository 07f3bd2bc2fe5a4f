/**
 * Turns a `generateContent` response into images, text and thoughts, or a clear error.
 *
 * Parts are iterated one by one: the SDK's `response.data` joins every `inlineData` of the candidate (thought
 * images included) into one corrupt blob, and `response.text` warns when images are present. A reply without an
 * image is always an error with the reason: refusals never turn into placeholders.
 */
import * as l10n from '@vscode/l10n';
import { isSavableImageType, MAX_IMAGE_PIXELS, readImageDimensions, sniffImageType } from '../core/imageType';
import { excerpt } from '../core/args';
import { ImageStudioError } from '../core/errors';

/** The parts of the Gemini response the extension reads (structural, so raw JSON and SDK objects both fit). */
export interface WirePart {
	text?: string;
	thought?: boolean;
	thoughtSignature?: string;
	inlineData?: { mimeType?: string; data?: string };
	[key: string]: unknown;
}

export interface WireResponse {
	candidates?: {
		content?: { role?: string; parts?: WirePart[] };
		finishReason?: string;
		finishMessage?: string;
		groundingMetadata?: unknown;
		safetyRatings?: unknown;
	}[];
	promptFeedback?: { blockReason?: string; blockReasonMessage?: string };
	usageMetadata?: {
		promptTokenCount?: number;
		candidatesTokenCount?: number;
		thoughtsTokenCount?: number;
		totalTokenCount?: number;
	};
	modelVersion?: string;
	responseId?: string;
}

export interface GeneratedImage {
	readonly mimeType: string;
	readonly extension: string;
	readonly bytes: Uint8Array;
	readonly thoughtSignature?: string;
}

/** An image part of a reply that was not kept, and why. */
export interface LeftOutPart {
	readonly index: number;
	readonly reason: 'unreadable' | 'limit';
}

export interface ParsedImageResponse {
	/** Final (non-thought) images, in order. */
	readonly images: GeneratedImage[];
	/** Visible text the model wrote beside the image(s). */
	readonly text: string;
	/** Thought summaries (text parts marked `thought`). */
	readonly thoughts: string;
	readonly thoughtImageCount: number;
	readonly finishReason?: string;
	readonly usage: {
		readonly promptTokens: number;
		readonly outputTokens: number;
		readonly thoughtTokens: number;
		readonly totalTokens: number;
	};
	/** The model's content exactly as received, for replaying in multi-turn chats (signatures included). */
	readonly modelParts: WirePart[];
	/** Final images not kept: beyond the per-reply limit, or not a readable PNG, JPEG or WebP. */
	readonly leftOutImages: number;
	/**
	 * The image parts of `modelParts` that must not be stored or sent back, by index: final images not kept (see
	 * `leftOutImages`) and thought images that are not a readable image. Gemini refuses a history holding unreadable
	 * image data, so a chat that kept them could never continue.
	 */
	readonly leftOutParts: readonly LeftOutPart[];
	readonly modelVersion?: string;
	readonly responseId?: string;
}

/** Functions, not tables: the texts are translated when used, after the display language's bundle is configured. */
const BLOCK_REASON_TEXT = (): Record<string, string> => ({
	SAFETY: l10n.t('it may violate the safety policy'),
	OTHER: l10n.t('of an unspecified policy reason'),
	BLOCKLIST: l10n.t('it contains blocked terms'),
	PROHIBITED_CONTENT: l10n.t('it asks for prohibited content'),
	IMAGE_SAFETY: l10n.t('an attached image may violate the safety policy'),
	MODEL_ARMOR: l10n.t('Model Armor screening flagged it'),
	JAILBREAK: l10n.t('it looks like an attempt to bypass safety rules'),
});

const FINISH_REASON_TEXT = (): Record<string, { code: 'imageBlocked' | 'noImage' | 'badResponse' | 'invalidHistory'; text: string }> => ({
	SAFETY: { code: 'imageBlocked', text: l10n.t('Gemini stopped because the result may violate the safety policy (SAFETY). Rephrase the prompt.') },
	IMAGE_SAFETY: {
		code: 'imageBlocked',
		text: l10n.t(
			'Gemini withheld the image because it may violate the safety policy (IMAGE_SAFETY). Rephrase the prompt; safety filters sometimes misfire on harmless requests.',
		),
	},
	PROHIBITED_CONTENT: {
		code: 'imageBlocked',
		text: l10n.t('Gemini refused because the request involves prohibited content (PROHIBITED_CONTENT). Change the prompt.'),
	},
	IMAGE_PROHIBITED_CONTENT: {
		code: 'imageBlocked',
		text: l10n.t('Gemini withheld the image as prohibited content (IMAGE_PROHIBITED_CONTENT). Change the prompt.'),
	},
	BLOCKLIST: { code: 'imageBlocked', text: l10n.t('Gemini stopped because the request contains blocked terms (BLOCKLIST). Rephrase the prompt.') },
	SPII: {
		code: 'imageBlocked',
		text: l10n.t('Gemini stopped because the result could contain sensitive personal information (SPII). Remove personal details from the prompt.'),
	},
	RECITATION: {
		code: 'imageBlocked',
		text: l10n.t('Gemini stopped because the result resembled existing content too closely (RECITATION). Make the prompt more original.'),
	},
	IMAGE_RECITATION: {
		code: 'imageBlocked',
		text: l10n.t('Gemini withheld the image because it resembled existing content too closely (IMAGE_RECITATION). Make the prompt more original.'),
	},
	MODEL_ARMOR: { code: 'imageBlocked', text: l10n.t('Gemini stopped because Model Armor screening flagged the request (MODEL_ARMOR).') },
	NO_IMAGE: { code: 'noImage', text: l10n.t('Gemini produced no image for this prompt (NO_IMAGE). Ask explicitly for an image, or rephrase.') },
	IMAGE_OTHER: { code: 'noImage', text: l10n.t('Gemini could not produce the image (IMAGE_OTHER). Try again or rephrase the prompt.') },
	MAX_TOKENS: {
		code: 'noImage',
		text: l10n.t('Gemini ran out of output tokens before the image was complete (MAX_TOKENS). Try again or shorten the prompt.'),
	},
	LANGUAGE: { code: 'noImage', text: l10n.t("Gemini does not support the prompt's language for images (LANGUAGE). Try English.") },
	// About the history sent, like a 400 on signatures: sending the same history again cannot help (no Retry).
	MISSING_THOUGHT_SIGNATURE: {
		code: 'invalidHistory',
		text: l10n.t(
			'Gemini rejected the conversation because a thought signature was missing (MISSING_THOUGHT_SIGNATURE). Continue from an earlier turn in a new conversation.',
		),
	},
	MALFORMED_RESPONSE: { code: 'badResponse', text: l10n.t('Gemini produced a malformed response (MALFORMED_RESPONSE). Try again.') },
	UNEXPECTED_TOOL_CALL: { code: 'noImage', text: l10n.t('Gemini tried to call a tool instead of drawing (UNEXPECTED_TOOL_CALL). Try again.') },
	TOO_MANY_TOOL_CALLS: { code: 'noImage', text: l10n.t('Gemini made too many tool calls (TOO_MANY_TOOL_CALLS). Try again.') },
	MALFORMED_FUNCTION_CALL: { code: 'noImage', text: l10n.t('Gemini produced a malformed tool call (MALFORMED_FUNCTION_CALL). Try again.') },
});

/**
 * Decodes base64 strictly: Node's decoder silently skips characters outside the alphabet, which would save a corrupt
 * file. Fast path: every character was used exactly when the decoded length is what the input length implies (a
 * 4K image's base64 is megabytes; a regex pass over it costs five times the decoding).
 */
export function decodeBase64Strict(data: string): Uint8Array | undefined {
	const decoded = decodeIfComplete(data);
	if (decoded) {
		return decoded;
	}
	// Slow path for line-wrapped data: drop white space, then the same check.
	const compact = data.replace(/\s+/g, '');
	return compact.length === data.length ? undefined : decodeIfComplete(compact);
}

function decodeIfComplete(data: string): Uint8Array | undefined {
	if (data.length === 0 || data.length % 4 === 1) {
		return undefined;
	}
	let padding = 0;
	while (padding < 2 && data.charCodeAt(data.length - 1 - padding) === 0x3d /* = */) {
		padding++;
	}
	const body = data.length - padding;
	if (padding > 0 && data.length % 4 !== 0) {
		return undefined;
	}
	const urlSafe = data.includes('-') || data.includes('_');
	const bytes = Buffer.from(data, urlSafe ? 'base64url' : 'base64');
	return bytes.length === Math.floor((body * 3) / 4) ? bytes : undefined;
}

/** Whether base64 `data` holds a PNG, JPEG or WebP image whose header gives its size (what is saved and sent back). */
export function isReadableImageData(data: string): boolean {
	const bytes = decodeBase64Strict(data);
	const dimensions = bytes && isSavableImageType(sniffImageType(bytes)) ? readImageDimensions(bytes) : undefined;
	return dimensions !== undefined && dimensions.width > 0 && dimensions.height > 0;
}

/** Bounds on one reply, so a hostile or broken endpoint cannot make the extension write or hold without limit. */
export interface ReplyLimits {
	/** More parts than this: the reply is refused. */
	readonly maxParts: number;
	/** Final images beyond this are left out (and said in the log). */
	readonly maxImages: number;
	/** An image whose header claims more pixels is refused before anything is decoded or written. */
	readonly maxPixels: number;
}

/** Pixels: the limit shared with the codecs (src/core/imageType.ts explains the number). */
export const DEFAULT_REPLY_LIMITS: ReplyLimits = { maxParts: 64, maxImages: 10, maxPixels: MAX_IMAGE_PIXELS };

export function parseImageResponse(response: WireResponse, limits: ReplyLimits = DEFAULT_REPLY_LIMITS): ParsedImageResponse {
	if (!response || typeof response !== 'object') {
		throw new ImageStudioError('badResponse', l10n.t('Gemini sent an empty reply. Nothing was saved; try again.'));
	}
	const blockReason = response.promptFeedback?.blockReason;
	if (blockReason) {
		const why = BLOCK_REASON_TEXT()[blockReason] ?? l10n.t('of its content policy');
		const extra = response.promptFeedback?.blockReasonMessage ? ` ${response.promptFeedback.blockReasonMessage}` : '';
		throw new ImageStudioError(
			'promptBlocked',
			l10n.t('Gemini blocked the prompt because {0} ({1}).{2} Rephrase the prompt and try again.', why, blockReason, extra),
			{
				severity: 'warning',
				detail: JSON.stringify(response.promptFeedback),
			},
		);
	}
	const candidate = response.candidates?.[0];
	if (!candidate) {
		throw new ImageStudioError('noImage', l10n.t('Gemini returned no result and gave no reason. Try again or rephrase the prompt.'), {
			detail: JSON.stringify(response).slice(0, 2000),
		});
	}
	const parts = Array.isArray(candidate.content?.parts) ? candidate.content!.parts! : [];
	if (parts.length > limits.maxParts) {
		throw new ImageStudioError(
			'badResponse',
			l10n.t('Gemini sent an unusually large reply ({0} parts; at most {1} are read). Nothing was saved; try again.', parts.length, limits.maxParts),
			{
				detail: `finishReason=${candidate.finishReason} parts=${parts.length}`,
			},
		);
	}
	const images: GeneratedImage[] = [];
	let leftOut = 0;
	const texts: string[] = [];
	const thoughts: string[] = [];
	let thoughtImageCount = 0;
	let undecodable = 0;
	const leftOutParts: LeftOutPart[] = [];
	for (const [index, part] of parts.entries()) {
		if (!part || typeof part !== 'object') {
			continue;
		}
		if (part.inlineData && typeof part.inlineData.data === 'string') {
			if (part.thought) {
				thoughtImageCount++;
				if (!isReadableImageData(part.inlineData.data)) {
					leftOutParts.push({ index, reason: 'unreadable' });
				}
				continue;
			}
			const bytes = decodeBase64Strict(part.inlineData.data);
			const type = bytes ? sniffImageType(bytes) : undefined;
			const dimensions = bytes && isSavableImageType(type) ? readImageDimensions(bytes) : undefined;
			if (!bytes || !isSavableImageType(type) || !dimensions || dimensions.width === 0 || dimensions.height === 0) {
				undecodable++;
				leftOutParts.push({ index, reason: 'unreadable' });
				continue;
			}
			if (dimensions.width * dimensions.height > limits.maxPixels) {
				throw new ImageStudioError(
					'badResponse',
					l10n.t(
						'Gemini sent an image of {0}×{1} pixels, more than the {2} million this extension accepts. Nothing was saved.',
						dimensions.width,
						dimensions.height,
						Math.round(limits.maxPixels / 1e6),
					),
					{ detail: `image of ${bytes.byteLength} bytes claiming ${dimensions.width}×${dimensions.height}` },
				);
			}
			if (images.length >= limits.maxImages) {
				leftOut++;
				leftOutParts.push({ index, reason: 'limit' });
				continue;
			}
			images.push({ mimeType: type!.mimeType, extension: type!.extension, bytes, thoughtSignature: part.thoughtSignature });
		} else if (typeof part.text === 'string') {
			(part.thought ? thoughts : texts).push(part.text);
		}
	}
	const text = texts.join('').trim();
	const finishReason = candidate.finishReason;
	if (images.length === 0) {
		if (undecodable > 0) {
			throw new ImageStudioError(
				'badResponse',
				l10n.t('Gemini sent image data that is not a valid PNG, JPEG or WebP image. Nothing was saved; try again.'),
				{
					detail: `finishReason=${finishReason} undecodable image parts=${undecodable}`,
				},
			);
		}
		const known = finishReason ? FINISH_REASON_TEXT()[finishReason] : undefined;
		if (known) {
			throw new ImageStudioError(known.code, text ? l10n.t('{0} Gemini said: "{1}"', known.text, excerpt(text, 200)) : known.text, {
				severity: known.code === 'imageBlocked' ? 'warning' : 'error',
				detail: `finishReason=${finishReason} finishMessage=${candidate.finishMessage ?? ''} text=${text.slice(0, 1000)}`,
			});
		}
		if (text) {
			throw new ImageStudioError(
				'noImage',
				l10n.t('Gemini answered with text but no image: "{0}" Rephrase the prompt or ask explicitly for an image.', excerpt(text, 200)),
				{
					detail: `finishReason=${finishReason} text=${text.slice(0, 2000)}`,
				},
			);
		}
		throw new ImageStudioError(
			'noImage',
			finishReason && finishReason !== 'STOP'
				? l10n.t('Gemini returned no image ({0}). Try again or rephrase the prompt.', finishReason)
				: l10n.t('Gemini returned no image. Try again or rephrase the prompt.'),
			{
				detail: JSON.stringify(response).slice(0, 2000),
			},
		);
	}
	const usage = response.usageMetadata ?? {};
	return {
		images,
		text,
		thoughts: thoughts.join('\n').trim(),
		thoughtImageCount,
		finishReason,
		usage: {
			promptTokens: usage.promptTokenCount ?? 0,
			outputTokens: usage.candidatesTokenCount ?? 0,
			thoughtTokens: usage.thoughtsTokenCount ?? 0,
			totalTokens: usage.totalTokenCount ?? 0,
		},
		modelParts: parts,
		leftOutImages: leftOut + undecodable,
		leftOutParts,
		modelVersion: response.modelVersion,
		responseId: response.responseId,
	};
}
