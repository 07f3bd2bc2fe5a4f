/**
 * The model catalog: every Gemini image model the extension knows about, as data.
 *
 * Model IDs churn (previews are shut down months after release), so nothing else in the code base names a model:
 * capabilities, limits, prices and replacements all come from here. Unknown IDs that look like Gemini image models
 * are still accepted (see {@link resolveModel}) so that a new model works before the catalog learns about it.
 *
 * This module must not import `vscode` or the SDK: it is shared by the host, the unit tests and the benchmarks.
 */
import * as l10n from '@vscode/l10n';

/**
 * `deprecated`: Google still serves the model but has announced its end and names a replacement (usable, with a
 * notice); `shutDown`: Google's deprecations page gives a date that has passed. The API has the last word either way:
 * a request is still sent and a 404 names the replacement.
 */
export type ModelStatus = 'ga' | 'preview' | 'deprecated' | 'shutDown';

/** `thinkingConfig.thinkingLevel` values (the SDK's `ThinkingLevel` enum names, as the wire takes them). */
export type ThinkingLevel = 'MINIMAL' | 'LOW' | 'MEDIUM' | 'HIGH';

/** Image sizes as the API spells them (upper case `K`). */
export type ImageSize = '512' | '1K' | '2K' | '4K';

export interface ModelInfo {
	readonly id: string;
	/** Marketing name users know the model by. */
	readonly displayName: string;
	readonly description: string;
	readonly status: ModelStatus;
	/** ISO date on which the model was (or will be) shut down, where Google gave one. */
	readonly shutDownOn?: string;
	/** The model Google names instead of a deprecated or shut-down one. */
	readonly replacement?: string;
	readonly aspectRatios: readonly string[];
	/** Supported `imageConfig.imageSize` values; empty when the model takes no size (fixed output). */
	readonly imageSizes: readonly ImageSize[];
	readonly defaultImageSize?: ImageSize;
	readonly maxInputImages: number;
	readonly inputMimeTypes: readonly string[];
	/** Largest inline image, in bytes, before an input has to be downscaled or uploaded. */
	readonly maxInlineImageBytes: number;
	/** MIME type the model returns images in. */
	readonly outputMimeType: 'image/png' | 'image/jpeg';
	readonly supportsGoogleSearch: boolean;
	/** The model thinks (and can return thought summaries with `includeThoughts`). */
	readonly supportsThinking: boolean;
	/** `thinkingLevel` values the model takes, where it has a level control; the first is not necessarily the default. */
	readonly thinkingLevels?: readonly ThinkingLevel[];
	/** The level the model uses when none is sent. */
	readonly defaultThinkingLevel?: ThinkingLevel;
	/** Estimated price of one output image in US dollars, by size (key `default` for models without sizes). */
	readonly pricePerImageUsd: Readonly<Partial<Record<ImageSize | 'default', number>>>;
	/** Estimated price per million input tokens, in US dollars. */
	readonly inputPricePerMillionTokensUsd: number;
	/** Estimated price per million output tokens of text and thinking, in US dollars. */
	readonly outputTextPricePerMillionTokensUsd: number;
	/** Output tokens one image costs, by size (key `default` for models without sizes, or a size not listed). */
	readonly outputTokensPerImage: Readonly<Partial<Record<ImageSize | 'default', number>>>;
	/** Where a figure is third-party evidence rather than Google's documentation. */
	readonly notes?: string;
}

const STANDARD_ASPECT_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'] as const;
const EXTENDED_ASPECT_RATIOS = [...STANDARD_ASPECT_RATIOS, '1:4', '4:1', '1:8', '8:1'] as const;
const BASE_INPUT_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
const FULL_INPUT_MIME_TYPES = [...BASE_INPUT_MIME_TYPES, 'image/heic', 'image/heif'] as const;
const SEVEN_MB = 7 * 1024 * 1024;

/**
 * Output tokens per image. Flash and Nano Banana 2.1: 747 / 1120 / 1680 / 2520 tokens for 512 / 1K / 2K / 4K (Vertex
 * lists these for Gemini 3.1 Flash Image, gemini-wire.md §13; third-party copies of https://ai.google.dev/gemini-api/docs/pricing
 * agree up to 2K). Pro: 1120 up to 2K and 2000 at 4K ($0.134 and $0.24 at $120 per million image tokens, same page).
 */
const FLASH_OUTPUT_TOKENS = { '512': 747, '1K': 1120, '2K': 1680, '4K': 2520, default: 1120 } as const;

/**
 * Nano Banana 2.1, GA on 2026-10-06 as an update of gemini-3.1-flash-image (Gemini API changelog,
 * https://ai.google.dev/gemini-api/docs/changelog): image generation and conversational editing, 1K/2K/4K, the 14
 * aspect ratios incl. 1:4, 4:1, 1:8, 8:1. Third-party (no Google page found offline, check on the model page
 * https://ai.google.dev/gemini-api/docs/models): 512 is refused with a 400; thinking levels minimal, medium (default),
 * high; 14 input images; Google Search grounding; image output $30 per million tokens (1K 1120 tokens, 2K 1680, 4K 2520
 * on the Gemini API), text input $1.50 and text output $7.50 per million tokens (LiteLLM's price table).
 */
const NANO_BANANA_2_1: ModelInfo = {
	id: 'gemini-nano-banana-2.1',
	displayName: 'Nano Banana 2.1',
	description: "Google's current image model: fast, up to 4K, 14 aspect ratios, adjustable thinking.",
	status: 'ga',
	aspectRatios: EXTENDED_ASPECT_RATIOS,
	imageSizes: ['1K', '2K', '4K'],
	defaultImageSize: '1K',
	maxInputImages: 14,
	inputMimeTypes: FULL_INPUT_MIME_TYPES,
	maxInlineImageBytes: SEVEN_MB,
	outputMimeType: 'image/jpeg',
	supportsGoogleSearch: true,
	supportsThinking: true,
	thinkingLevels: ['MINIMAL', 'MEDIUM', 'HIGH'],
	defaultThinkingLevel: 'MEDIUM',
	pricePerImageUsd: { '1K': 0.0336, '2K': 0.0504, '4K': 0.0756 },
	inputPricePerMillionTokensUsd: 1.5,
	outputTextPricePerMillionTokensUsd: 7.5,
	outputTokensPerImage: FLASH_OUTPUT_TOKENS,
	notes: 'Limits, thinking levels and prices are third-party figures.',
};

/**
 * Nano Banana 2: GA on 2026-05-28, deprecated on 2026-10-06 with "migrate to gemini-nano-banana-2.1" (Gemini API
 * changelog); no shutdown date announced, so it stays usable with a notice.
 */
const FLASH_IMAGE: ModelInfo = {
	id: 'gemini-3.1-flash-image',
	displayName: 'Nano Banana 2 (Gemini 3.1 Flash Image)',
	description: 'Fast and affordable, up to 4K, 14 aspect ratios. Deprecated: use Nano Banana 2.1.',
	status: 'deprecated',
	replacement: 'gemini-nano-banana-2.1',
	aspectRatios: EXTENDED_ASPECT_RATIOS,
	imageSizes: ['512', '1K', '2K', '4K'],
	defaultImageSize: '1K',
	maxInputImages: 14,
	inputMimeTypes: FULL_INPUT_MIME_TYPES,
	maxInlineImageBytes: SEVEN_MB,
	outputMimeType: 'image/jpeg',
	supportsGoogleSearch: true,
	supportsThinking: true,
	// Thinking levels minimal (default) and high: third-party (Comfy's node, laozhang), as for Lite on Google's page.
	thinkingLevels: ['MINIMAL', 'HIGH'],
	defaultThinkingLevel: 'MINIMAL',
	pricePerImageUsd: { '512': 0.045, '1K': 0.067, '2K': 0.101, '4K': 0.151 },
	inputPricePerMillionTokensUsd: 0.5,
	outputTextPricePerMillionTokensUsd: 3,
	outputTokensPerImage: FLASH_OUTPUT_TOKENS,
	notes: 'Input image limit, 512 size and prices are third-party figures.',
};

/** Nano Banana Pro: GA 2026-05-28 (https://ai.google.dev/gemini-api/docs/models/gemini-3-pro-image). No free tier. */
const PRO_IMAGE: ModelInfo = {
	id: 'gemini-3-pro-image',
	displayName: 'Nano Banana Pro (Gemini 3 Pro Image)',
	description: 'Highest quality and text rendering, up to 4K, 14 reference images.',
	status: 'ga',
	aspectRatios: STANDARD_ASPECT_RATIOS,
	imageSizes: ['1K', '2K', '4K'],
	defaultImageSize: '1K',
	maxInputImages: 14,
	inputMimeTypes: FULL_INPUT_MIME_TYPES,
	maxInlineImageBytes: SEVEN_MB,
	outputMimeType: 'image/jpeg',
	supportsGoogleSearch: true,
	supportsThinking: true,
	pricePerImageUsd: { '1K': 0.134, '2K': 0.134, '4K': 0.24 },
	inputPricePerMillionTokensUsd: 2,
	outputTextPricePerMillionTokensUsd: 12,
	outputTokensPerImage: { '1K': 1120, '2K': 1120, '4K': 2000, default: 1120 },
	notes: 'No free tier.',
};

export const MODEL_CATALOG: readonly ModelInfo[] = [
	NANO_BANANA_2_1,
	PRO_IMAGE,
	/**
	 * GA 2026-06-30. Google's model page (https://ai.google.dev/gemini-api/docs/models/gemini-3.1-flash-lite-image):
	 * 1K only ("2K and 4K are not supported"), thinking supported (minimal and high), no Google Search grounding, 14
	 * aspect ratios. Input images and prices are third-party ($30 per million image tokens: $0.0336 per 1K image).
	 */
	{
		id: 'gemini-3.1-flash-lite-image',
		displayName: 'Nano Banana Lite (Gemini 3.1 Flash Lite Image)',
		description: 'Cheapest, 1K only.',
		status: 'ga',
		aspectRatios: EXTENDED_ASPECT_RATIOS,
		imageSizes: ['1K'],
		defaultImageSize: '1K',
		maxInputImages: 3,
		inputMimeTypes: BASE_INPUT_MIME_TYPES,
		maxInlineImageBytes: SEVEN_MB,
		outputMimeType: 'image/jpeg',
		supportsGoogleSearch: false,
		supportsThinking: true,
		thinkingLevels: ['MINIMAL', 'HIGH'],
		defaultThinkingLevel: 'MINIMAL',
		pricePerImageUsd: { '1K': 0.0336 },
		inputPricePerMillionTokensUsd: 0.25,
		outputTextPricePerMillionTokensUsd: 1.5,
		outputTokensPerImage: { '1K': 1120, default: 1120 },
		notes: 'Limits and price are unverified third-party figures.',
	},
	FLASH_IMAGE,
	{
		id: 'gemini-2.5-flash-image',
		displayName: 'Nano Banana (Gemini 2.5 Flash Image)',
		description: 'The original Nano Banana.',
		status: 'shutDown',
		// https://ai.google.dev/gemini-api/docs/deprecations
		shutDownOn: '2026-10-02',
		replacement: 'gemini-nano-banana-2.1',
		aspectRatios: STANDARD_ASPECT_RATIOS,
		imageSizes: [],
		maxInputImages: 3,
		inputMimeTypes: BASE_INPUT_MIME_TYPES,
		maxInlineImageBytes: SEVEN_MB,
		outputMimeType: 'image/png',
		supportsGoogleSearch: false,
		supportsThinking: false,
		pricePerImageUsd: { default: 0.039 },
		inputPricePerMillionTokensUsd: 0.3,
		outputTextPricePerMillionTokensUsd: 2.5,
		outputTokensPerImage: { default: 1290 },
	},
	{
		...PRO_IMAGE,
		id: 'gemini-3-pro-image-preview',
		displayName: 'Nano Banana Pro Preview',
		description: 'Preview of Gemini 3 Pro Image.',
		status: 'shutDown',
		// https://ai.google.dev/gemini-api/docs/deprecations
		shutDownOn: '2026-06-25',
		replacement: 'gemini-3-pro-image',
		notes: undefined,
	},
	{
		...FLASH_IMAGE,
		id: 'gemini-3.1-flash-image-preview',
		displayName: 'Nano Banana 2 Preview',
		description: 'Preview of Gemini 3.1 Flash Image.',
		status: 'shutDown',
		// https://ai.google.dev/gemini-api/docs/deprecations
		shutDownOn: '2026-06-25',
		replacement: 'gemini-3.1-flash-image',
		notes: undefined,
	},
];

/** The model used when the user has chosen none: Google's current GA image model. */
export const DEFAULT_MODEL_ID = 'gemini-nano-banana-2.1';

/** Every aspect ratio any known model accepts; the bounds for models the catalog does not know. */
export const ALL_ASPECT_RATIOS: readonly string[] = EXTENDED_ASPECT_RATIOS;
export const ALL_IMAGE_SIZES: readonly ImageSize[] = ['512', '1K', '2K', '4K'];
export const ALL_THINKING_LEVELS: readonly ThinkingLevel[] = ['MINIMAL', 'LOW', 'MEDIUM', 'HIGH'];

/**
 * What a model ID may look like before it is sent: the SDK turns `x` into `models/x` and throws on `..`, `?` and `&`
 * (gemini-wire.md §2); Google's IDs are lower-case letters, digits, dots and dashes. Anything of this shape is sent, and
 * the API decides whether it exists.
 */
const MODEL_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;

export function findModel(id: string): ModelInfo | undefined {
	return MODEL_CATALOG.find((model) => model.id === id);
}

/** Models a user can pick today without a notice: neither deprecated nor shut down. */
export function availableModels(): ModelInfo[] {
	return MODEL_CATALOG.filter((model) => model.status === 'ga' || model.status === 'preview');
}

export type ModelResolution =
	/** In the catalog (its status says whether it is deprecated or shut down; the request is still sent). */
	| { readonly kind: 'known'; readonly model: ModelInfo }
	/** Not in the catalog: capabilities not known, the API decides. */
	| { readonly kind: 'unknown'; readonly model: ModelInfo }
	/** Not a model ID at all (empty, too long, characters the SDK refuses). */
	| { readonly kind: 'invalid'; readonly id: string };

/**
 * Classifies a model ID. The catalog annotates, it never gates: any well-formed ID is accepted and an unknown one gets
 * open capabilities (every ratio and size is passed on for the API to judge). Only IDs the SDK itself would refuse
 * are turned away before a request.
 */
export function resolveModel(id: string): ModelResolution {
	const known = findModel(id);
	if (known) {
		return { kind: 'known', model: known };
	}
	if (MODEL_ID_PATTERN.test(id) && !id.includes('..')) {
		return { kind: 'unknown', model: unknownModelInfo(id) };
	}
	return { kind: 'invalid', id };
}

/** Capabilities of a model the catalog does not know: nothing is checked, no price is estimated. */
export function unknownModelInfo(id: string, displayName = id, description = l10n.t('Capabilities not known.')): ModelInfo {
	return {
		id,
		displayName,
		description,
		status: 'preview',
		aspectRatios: ALL_ASPECT_RATIOS,
		imageSizes: ALL_IMAGE_SIZES,
		maxInputImages: 14,
		inputMimeTypes: FULL_INPUT_MIME_TYPES,
		maxInlineImageBytes: SEVEN_MB,
		outputMimeType: 'image/jpeg',
		supportsGoogleSearch: false,
		supportsThinking: false,
		pricePerImageUsd: {},
		inputPricePerMillionTokensUsd: 0,
		outputTextPricePerMillionTokensUsd: 0,
		outputTokensPerImage: { default: 1120 },
	};
}

/** Whether the catalog knows the model's capabilities (an unknown model's are open, not checked). */
export function hasKnownCapabilities(model: ModelInfo): boolean {
	return findModel(model.id) === model;
}

/**
 * The model to suggest instead of a deprecated or shut-down one, following chains of replacements to one that is
 * neither (a shut-down preview's GA model may itself be deprecated).
 */
export function replacementFor(id: string): ModelInfo | undefined {
	let current = findModel(id);
	const seen = new Set<string>();
	while (current?.replacement && !seen.has(current.id)) {
		seen.add(current.id);
		const next = findModel(current.replacement);
		if (!next) {
			return undefined;
		}
		if (next.status !== 'shutDown' && next.status !== 'deprecated') {
			return next;
		}
		current = next;
	}
	return undefined;
}

/** Output tokens of one image of `model` at `size`. */
export function outputTokensPerImage(model: ModelInfo, size: ImageSize | undefined): number {
	const table = model.outputTokensPerImage;
	return (size !== undefined ? table[size] : undefined) ?? table[model.defaultImageSize ?? 'default'] ?? table.default ?? 1120;
}

/** Estimated price in US dollars of one output image, or undefined where the catalog has no figure. */
export function estimateImagePriceUsd(model: ModelInfo, size: ImageSize | undefined): number | undefined {
	if (model.imageSizes.length === 0) {
		return model.pricePerImageUsd.default;
	}
	return model.pricePerImageUsd[size ?? model.defaultImageSize ?? '1K'];
}

/**
 * Estimated price in US dollars of `count` requests for one image each, before they are sent: the catalog's per-image
 * price for the size (input tokens are left out: a prompt and a reference image cost well under a cent). Undefined
 * for a model the catalog does not know or has no price for.
 */
export function estimateImagesCostUsd(modelId: string, size: ImageSize | undefined, count: number): number | undefined {
	const model = findModel(modelId);
	const price = model ? estimateImagePriceUsd(model, size) : undefined;
	return price === undefined ? undefined : price * count;
}

/** Token counts of one reply, as `usageMetadata` reports them. */
export interface TokenUsage {
	readonly inputTokens: number;
	/** `candidatesTokenCount`: text and images of the answer (thought tokens are counted apart). */
	readonly outputTokens: number;
	readonly thoughtTokens: number;
	/** Final images in the answer. */
	readonly imageCount: number;
}

/**
 * Estimated price in US dollars of one request: input tokens, output images at the catalog's per-image price (for the
 * size asked), the remaining output and thinking tokens at the text price. Undefined when the catalog has no image
 * price for the model and size (an unknown model).
 */
export function estimateRequestCostUsd(model: ModelInfo, usage: TokenUsage, size: ImageSize | undefined): number | undefined {
	const imagePrice = estimateImagePriceUsd(model, size);
	if (imagePrice === undefined && usage.imageCount > 0) {
		return undefined;
	}
	const imageTokens = Math.min(usage.outputTokens, usage.imageCount * outputTokensPerImage(model, size));
	const textTokens = Math.max(0, usage.outputTokens - imageTokens) + usage.thoughtTokens;
	return (
		(usage.inputTokens * model.inputPricePerMillionTokensUsd) / 1e6 +
		(textTokens * model.outputTextPricePerMillionTokensUsd) / 1e6 +
		usage.imageCount * (imagePrice ?? 0)
	);
}
