/**
 * The model catalog: every Gemini image model the extension knows about, as data.
 *
 * Model IDs churn (previews are shut down months after release), so nothing else in the code base names a model:
 * capabilities, limits, prices and replacements all come from here. Unknown IDs that look like Gemini image models
 * are still accepted (see {@link resolveModel}) so that a new model works before the catalog learns about it.
 *
 * This module must not import `vscode` or the SDK: it is shared by the host, the unit tests and the benchmarks.
 */

export type ModelStatus = 'ga' | 'preview' | 'shutDown';

/** Image sizes as the API spells them (upper case `K`). */
export type ImageSize = '512' | '1K' | '2K' | '4K';

export interface ModelInfo {
	readonly id: string;
	/** Marketing name users know the model by. */
	readonly displayName: string;
	readonly description: string;
	readonly status: ModelStatus;
	/** ISO date on which the model was (or will be) shut down. */
	readonly shutDownOn?: string;
	/** The model to use instead once this one is shut down. */
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
	readonly supportsThinking: boolean;
	/** Estimated price of one output image in US dollars, by size (key `default` for models without sizes). */
	readonly pricePerImageUsd: Readonly<Partial<Record<ImageSize | 'default', number>>>;
	/** Estimated price per million input tokens, in US dollars. */
	readonly inputPricePerMillionTokensUsd: number;
	/** Estimated price per million output tokens of text and thinking, in US dollars. */
	readonly outputTextPricePerMillionTokensUsd: number;
	/** Tokens one output image costs. */
	readonly outputTokensPerImage: number;
	/** Where a figure is third-party evidence rather than Google's documentation. */
	readonly notes?: string;
}

const STANDARD_ASPECT_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'] as const;
const EXTENDED_ASPECT_RATIOS = [...STANDARD_ASPECT_RATIOS, '1:4', '4:1', '1:8', '8:1'] as const;
const BASE_INPUT_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
const FULL_INPUT_MIME_TYPES = [...BASE_INPUT_MIME_TYPES, 'image/heic', 'image/heif'] as const;
const SEVEN_MB = 7 * 1024 * 1024;

const FLASH_IMAGE: ModelInfo = {
	id: 'gemini-3.1-flash-image',
	displayName: 'Nano Banana 2 (Gemini 3.1 Flash Image)',
	description: 'Fast and affordable, up to 4K, 14 aspect ratios.',
	status: 'ga',
	aspectRatios: EXTENDED_ASPECT_RATIOS,
	imageSizes: ['512', '1K', '2K', '4K'],
	defaultImageSize: '1K',
	maxInputImages: 14,
	inputMimeTypes: FULL_INPUT_MIME_TYPES,
	maxInlineImageBytes: SEVEN_MB,
	outputMimeType: 'image/jpeg',
	supportsGoogleSearch: true,
	supportsThinking: true,
	pricePerImageUsd: { '512': 0.045, '1K': 0.067, '2K': 0.101, '4K': 0.151 },
	inputPricePerMillionTokensUsd: 0.5,
	outputTextPricePerMillionTokensUsd: 3,
	outputTokensPerImage: 1120,
	notes: 'Input image limit, 512 size and prices are third-party figures.',
};

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
	outputTokensPerImage: 1120,
	notes: 'No free tier.',
};

export const MODEL_CATALOG: readonly ModelInfo[] = [
	FLASH_IMAGE,
	PRO_IMAGE,
	{
		id: 'gemini-3.1-flash-lite-image',
		displayName: 'Nano Banana Lite (Gemini 3.1 Flash Lite Image)',
		description: 'Cheapest, 1K only.',
		status: 'ga',
		aspectRatios: STANDARD_ASPECT_RATIOS,
		imageSizes: ['1K'],
		defaultImageSize: '1K',
		maxInputImages: 3,
		inputMimeTypes: BASE_INPUT_MIME_TYPES,
		maxInlineImageBytes: SEVEN_MB,
		outputMimeType: 'image/jpeg',
		supportsGoogleSearch: false,
		supportsThinking: false,
		pricePerImageUsd: { '1K': 0.039 },
		inputPricePerMillionTokensUsd: 0.25,
		outputTextPricePerMillionTokensUsd: 1.5,
		outputTokensPerImage: 1120,
		notes: 'Limits and price are unverified third-party figures.',
	},
	{
		id: 'gemini-2.5-flash-image',
		displayName: 'Nano Banana (Gemini 2.5 Flash Image)',
		description: 'The original Nano Banana.',
		status: 'shutDown',
		shutDownOn: '2026-10-02',
		replacement: 'gemini-3.1-flash-image',
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
		outputTokensPerImage: 1290,
	},
	{
		...PRO_IMAGE,
		id: 'gemini-3-pro-image-preview',
		displayName: 'Nano Banana Pro Preview',
		description: 'Preview of Gemini 3 Pro Image.',
		status: 'shutDown',
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
		shutDownOn: '2026-06-25',
		replacement: 'gemini-3.1-flash-image',
		notes: undefined,
	},
];

/** The model used when the user has chosen none: the fast GA model. */
export const DEFAULT_MODEL_ID = 'gemini-3.1-flash-image';

/** Every aspect ratio any known model accepts; the bounds for models the catalog does not know. */
export const ALL_ASPECT_RATIOS: readonly string[] = EXTENDED_ASPECT_RATIOS;
export const ALL_IMAGE_SIZES: readonly ImageSize[] = ['512', '1K', '2K', '4K'];

/** Gemini image model IDs not (yet) in the catalog still work, e.g. `gemini-4-flash-image`. */
const GEMINI_IMAGE_MODEL_PATTERN = /^gemini-[a-z0-9.-]*image[a-z0-9.-]*$/;

export function findModel(id: string): ModelInfo | undefined {
	return MODEL_CATALOG.find((model) => model.id === id);
}

/** Models a user can pick today. */
export function availableModels(): ModelInfo[] {
	return MODEL_CATALOG.filter((model) => model.status !== 'shutDown');
}

export type ModelResolution =
	| { readonly kind: 'known'; readonly model: ModelInfo }
	| { readonly kind: 'unknownGemini'; readonly model: ModelInfo }
	| { readonly kind: 'shutDown'; readonly model: ModelInfo; readonly replacement?: ModelInfo }
	| { readonly kind: 'invalid'; readonly id: string };

/**
 * Classifies a model ID. Unknown IDs that look like Gemini image models get permissive capabilities so that a newly
 * released model can be used at once; anything else is refused before a request is made.
 */
export function resolveModel(id: string): ModelResolution {
	const known = findModel(id);
	if (known) {
		if (known.status === 'shutDown') {
			return { kind: 'shutDown', model: known, replacement: known.replacement ? findModel(known.replacement) : undefined };
		}
		return { kind: 'known', model: known };
	}
	if (GEMINI_IMAGE_MODEL_PATTERN.test(id) && id.length <= 100) {
		return {
			kind: 'unknownGemini',
			model: {
				id,
				displayName: id,
				description: 'Not in the built-in catalog; capabilities are not checked.',
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
				outputTokensPerImage: 1120,
			},
		};
	}
	return { kind: 'invalid', id };
}

/** The model to suggest instead of a shut-down or missing one, following chains of replacements. */
export function replacementFor(id: string): ModelInfo | undefined {
	let current = findModel(id);
	const seen = new Set<string>();
	while (current?.replacement && !seen.has(current.id)) {
		seen.add(current.id);
		const next = findModel(current.replacement);
		if (!next) {
			return undefined;
		}
		if (next.status !== 'shutDown') {
			return next;
		}
		current = next;
	}
	return undefined;
}

/** Estimated price in US dollars of one output image, or undefined where the catalog has no figure. */
export function estimateImagePriceUsd(model: ModelInfo, size: ImageSize | undefined): number | undefined {
	if (model.imageSizes.length === 0) {
		return model.pricePerImageUsd.default;
	}
	return model.pricePerImageUsd[size ?? model.defaultImageSize ?? '1K'];
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
	const imageTokens = Math.min(usage.outputTokens, usage.imageCount * model.outputTokensPerImage);
	const textTokens = Math.max(0, usage.outputTokens - imageTokens) + usage.thoughtTokens;
	return (
		(usage.inputTokens * model.inputPricePerMillionTokensUsd) / 1e6 +
		(textTokens * model.outputTextPricePerMillionTokensUsd) / 1e6 +
		usage.imageCount * (imagePrice ?? 0)
	);
}
