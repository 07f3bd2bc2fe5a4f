// What each model the fake serves can do, written from Google's pages (gemini-wire.md §13) and NOT from the
// extension's catalog (src/gemini/modelCatalog.ts): a fake that copied the product's beliefs could never catch them
// being wrong. Nothing here imports from src/.
//
// Sources: Gemini API changelog https://ai.google.dev/gemini-api/docs/changelog (2026-10-06: gemini-nano-banana-2.1 GA,
// gemini-3.1-flash-image deprecated); deprecations https://ai.google.dev/gemini-api/docs/deprecations (shutdown dates);
// model pages https://ai.google.dev/gemini-api/docs/models (limits); image generation
// https://ai.google.dev/gemini-api/docs/image-generation (ratios, sizes, reference images); Gemini 3 guide
// https://ai.google.dev/gemini-api/docs/gemini-3 and https://ai.google.dev/gemini-api/docs/thought-signatures
// (signatures). "3p" marks a third-party figure that Google's pages did not confirm offline.

/** `thinkingConfig.thinkingLevel` values, as the SDK's `ThinkingLevel` enum names them. */
export type ThinkingLevelName = 'MINIMAL' | 'LOW' | 'MEDIUM' | 'HIGH';

/** `generationConfig.responseModalities` values (exact spelling). */
export type Modality = 'TEXT' | 'IMAGE' | 'AUDIO';

/** The ten ratios of the first Gemini image models (image-generation guide). */
export const STANDARD_ASPECT_RATIOS: readonly string[] = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'];

/** The standard ten plus the extreme ones the Flash family added (changelog 2026-10-06; 1:4…8:1 on 3.1 Flash, 3p). */
export const EXTENDED_ASPECT_RATIOS: readonly string[] = [...STANDARD_ASPECT_RATIOS, '1:4', '4:1', '1:8', '8:1'];

/** Input image types of every Gemini image model (image-generation guide, "supported input formats"). */
export const BASE_IMAGE_MIME_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/webp'];

/** Gemini 3 image models also read HEIC/HEIF (model pages of gemini-3-pro-image and gemini-3.1-flash-image). */
export const FULL_IMAGE_MIME_TYPES: readonly string[] = [...BASE_IMAGE_MIME_TYPES, 'image/heic', 'image/heif'];

/** What a text model reads inline (Gemini API "supported file types"; only what the fake can check). */
const TEXT_MODEL_INPUT_MIME_TYPES: readonly string[] = [...FULL_IMAGE_MIME_TYPES, 'application/pdf', 'text/plain'];

/** `supportedGenerationMethods` of a Gemini generate model in `models.list` (gemini-wire.md §13). */
const GENERATE_METHODS: readonly string[] = ['generateContent', 'countTokens', 'batchGenerateContent'];

export interface ModelCapabilities {
	/** `supportedGenerationMethods`; generate calls need `generateContent`, countTokens needs `countTokens`. */
	methods: readonly string[];
	/** Modalities `responseModalities` may ask for. */
	outputModalities: readonly Modality[];
	/** Accepted `imageConfig.imageSize` values, exact (uppercase K); empty: the field is refused. */
	imageSizes: readonly string[];
	/** Accepted `imageConfig.aspectRatio` values. */
	aspectRatios: readonly string[];
	/** Most images (inline or fileData, thought images not counted) one request may carry. */
	maxInputImages: number;
	/** MIME types accepted for inlineData/fileData parts. */
	inputMimeTypes: readonly string[];
	/** `tools: [{googleSearch: {}}]` accepted. */
	googleSearch: boolean;
	/** The model thinks: `thinkingConfig.includeThoughts` accepted. */
	thinking: boolean;
	/** `thinkingConfig.thinkingLevel` values accepted; empty: no level control (any level is refused). */
	thinkingLevels: readonly ThinkingLevelName[];
	/**
	 * Signs its answers and validates returned signatures strictly (Gemini 3 image models: "image generation/editing:
	 * strict validation", thought-signatures page).
	 */
	signatures: boolean;
	/** The type of the images it returns. */
	outputMimeType: 'image/jpeg' | 'image/png';
	/** Output tokens per image (1K; usageMetadata only). */
	outputImageTokens: number;
	/** Output tokens per image by `imageSize`, where the docs give them (else `outputImageTokens`). */
	outputImageTokensBySize?: Partial<Record<string, number>>;
	/** Prompt tokens per input image (usageMetadata only). */
	inputImageTokens: number;
	inputTokenLimit: number;
	outputTokenLimit: number;
}

export interface FakeModel {
	/** Without `models/`. */
	id: string;
	version: string;
	displayName: string;
	description: string;
	/** `shutDown` models answer 404 (they stay here so `options.shutDownModels = []` can bring them back). */
	status: 'ga' | 'preview' | 'deprecated' | 'shutDown';
	capabilities: ModelCapabilities;
}

/** A model added at run time (`options.extraModels`), e.g. one "known only from models.list". JSON-safe. */
export interface ExtraModel {
	id: string;
	displayName?: string;
	description?: string;
	version?: string;
	/**
	 * Merged over {@link DEFAULT_EXTRA_CAPABILITIES} (a Gemini 3 style image model). `imageSizes` must stay within
	 * `512 1K 2K 4K` and `aspectRatios` within `W:H` ratios: the sizes the fake can render.
	 */
	capabilities?: Partial<ModelCapabilities>;
}

/**
 * Flash-family output tokens per image: 747 / 1120 / 1680 / 2520 for 512 / 1K / 2K / 4K (Vertex's Gemini 3.1 Flash
 * Image page, gemini-wire.md §13; third-party copies of https://ai.google.dev/gemini-api/docs/pricing agree to 2K).
 */
const FLASH_IMAGE_TOKENS: Partial<Record<string, number>> = { '512': 747, '1K': 1120, '2K': 1680, '4K': 2520 };

/** Gemini 3 image models: JPEG out, 1120 tokens per 1K image (gemini-wire.md §13). */
const GEMINI_3_IMAGE: Omit<ModelCapabilities, 'imageSizes' | 'aspectRatios' | 'maxInputImages' | 'inputMimeTypes' | 'googleSearch' | 'thinkingLevels'> = {
	methods: GENERATE_METHODS,
	outputModalities: ['TEXT', 'IMAGE'],
	thinking: true,
	signatures: true,
	outputMimeType: 'image/jpeg',
	outputImageTokens: 1120,
	inputImageTokens: 1120,
	// gemini-3-pro-image model page: 65,536 in / 32,768 out; the same assumed for the Flash family (3p).
	inputTokenLimit: 65536,
	outputTokenLimit: 32768,
};

/** Capabilities of an extra model unless it says otherwise: like Nano Banana 2.1, all four levels, 512 to 4K. */
export const DEFAULT_EXTRA_CAPABILITIES: ModelCapabilities = {
	...GEMINI_3_IMAGE,
	imageSizes: ['512', '1K', '2K', '4K'],
	aspectRatios: EXTENDED_ASPECT_RATIOS,
	maxInputImages: 14,
	inputMimeTypes: FULL_IMAGE_MIME_TYPES,
	googleSearch: true,
	thinkingLevels: ['MINIMAL', 'LOW', 'MEDIUM', 'HIGH'],
};

const PRO_IMAGE: ModelCapabilities = {
	...GEMINI_3_IMAGE,
	// https://ai.google.dev/gemini-api/docs/pricing (Gemini 3 Pro Image): 1120 tokens up to 2K, 2000 at 4K.
	outputImageTokensBySize: { '1K': 1120, '2K': 1120, '4K': 2000 },
	// gemini-3-pro-image model page: 1K/2K/4K, the ten standard ratios, up to 14 reference images, Search grounding.
	imageSizes: ['1K', '2K', '4K'],
	aspectRatios: STANDARD_ASPECT_RATIOS,
	maxInputImages: 14,
	inputMimeTypes: FULL_IMAGE_MIME_TYPES,
	googleSearch: true,
	// Thinking is always on and has no level control (Gemini 3 guide, "Nano Banana Pro"): thinkingLevel is refused;
	// includeThoughts is allowed.
	thinkingLevels: [],
};

const FLASH_IMAGE: ModelCapabilities = {
	...GEMINI_3_IMAGE,
	outputImageTokensBySize: FLASH_IMAGE_TOKENS,
	// gemini-3.1-flash-image: 512 px as well (3p spelling "512"), the 14 ratios, 14 images (3p), Search grounding.
	imageSizes: ['512', '1K', '2K', '4K'],
	aspectRatios: EXTENDED_ASPECT_RATIOS,
	maxInputImages: 14,
	inputMimeTypes: FULL_IMAGE_MIME_TYPES,
	googleSearch: true,
	// Levels minimal (default) and high (3p: as Google's page says for Flash Lite).
	thinkingLevels: ['MINIMAL', 'HIGH'],
};

/** Every model the fake knows, in `models.list` order (image models first, as Google lists newest first). */
export const MODEL_TABLE: readonly FakeModel[] = [
	{
		// Changelog 2026-10-06: GA, image generation and conversational editing, 1K/2K/4K, the 14 ratios. 3p: 512 → 400,
		// 14 input images, thinking levels minimal, medium (default), high. Its ID is the first without "image".
		id: 'gemini-nano-banana-2.1',
		version: '2.1',
		displayName: 'Nano Banana 2.1',
		description: 'Nano Banana 2.1: generates and edits images from text and images, up to 4K, with conversational editing.',
		status: 'ga',
		capabilities: {
			...GEMINI_3_IMAGE,
			outputImageTokensBySize: FLASH_IMAGE_TOKENS,
			imageSizes: ['1K', '2K', '4K'],
			aspectRatios: EXTENDED_ASPECT_RATIOS,
			maxInputImages: 14,
			inputMimeTypes: FULL_IMAGE_MIME_TYPES,
			googleSearch: true,
			thinkingLevels: ['MINIMAL', 'MEDIUM', 'HIGH'],
		},
	},
	{
		id: 'gemini-3-pro-image',
		version: '3.0',
		displayName: 'Nano Banana Pro (Gemini 3 Pro Image)',
		description: 'Gemini 3 Pro Image: state-of-the-art image generation and editing model.',
		status: 'ga',
		capabilities: PRO_IMAGE,
	},
	{
		// Google's model page (https://ai.google.dev/gemini-api/docs/models/gemini-3.1-flash-lite-image): 1K only ("2K and
		// 4K are not supported"), thinking minimal and high, no Google Search grounding, the 14 ratios. 3p: 3 input images,
		// no HEIC/HEIF.
		id: 'gemini-3.1-flash-lite-image',
		version: '3.1',
		displayName: 'Nano Banana Lite (Gemini 3.1 Flash Lite Image)',
		description: 'Gemini 3.1 Flash Lite Image: our most cost-efficient image generation and editing model.',
		status: 'ga',
		capabilities: {
			...GEMINI_3_IMAGE,
			imageSizes: ['1K'],
			aspectRatios: EXTENDED_ASPECT_RATIOS,
			maxInputImages: 3,
			inputMimeTypes: BASE_IMAGE_MIME_TYPES,
			googleSearch: false,
			thinkingLevels: ['MINIMAL', 'HIGH'],
		},
	},
	{
		// Deprecated 2026-10-06 ("migrate to gemini-nano-banana-2.1"), no shutdown date announced: still served.
		id: 'gemini-3.1-flash-image',
		version: '3.1',
		displayName: 'Nano Banana 2 (Gemini 3.1 Flash Image)',
		description: 'Gemini 3.1 Flash Image: fast image generation and editing. Deprecated: use gemini-nano-banana-2.1.',
		status: 'deprecated',
		capabilities: FLASH_IMAGE,
	},
	{
		// A current text model (3p ID); answers text, refuses IMAGE output. Text/chat signatures are not validated
		// strictly (thought-signatures page), so the fake neither signs nor checks for it.
		id: 'gemini-3.5-flash',
		version: '3.5',
		displayName: 'Gemini 3.5 Flash',
		description: 'Our best model for speed and intelligence across text, code and multimodal understanding.',
		status: 'ga',
		capabilities: {
			methods: [...GENERATE_METHODS, 'createCachedContent'],
			outputModalities: ['TEXT'],
			imageSizes: [],
			aspectRatios: [],
			maxInputImages: 3600,
			inputMimeTypes: TEXT_MODEL_INPUT_MIME_TYPES,
			googleSearch: true,
			thinking: true,
			thinkingLevels: ['MINIMAL', 'LOW', 'MEDIUM', 'HIGH'],
			signatures: false,
			outputMimeType: 'image/png',
			outputImageTokens: 0,
			inputImageTokens: 258,
			inputTokenLimit: 1048576,
			outputTokenLimit: 65536,
		},
	},
	{
		// Embeddings: embedContent only (models page); generateContent → 404 "not supported for generateContent".
		id: 'gemini-embedding-001',
		version: '001',
		displayName: 'Gemini Embedding 001',
		description: 'Obtain a distributed representation of a text.',
		status: 'ga',
		capabilities: nonGenerating(['embedContent'], 2048, 1),
	},
	{
		// Imagen is served through `predict`, not generateContent (imagen page).
		id: 'imagen-4.0-generate-001',
		version: '001',
		displayName: 'Imagen 4',
		description: 'Vertex served Imagen 4.0 model',
		status: 'ga',
		capabilities: nonGenerating(['predict'], 480, 8192),
	},
	// Shut down (deprecations page): 404 NOT_FOUND like any unknown model, and not listed.
	{
		// 2025's Nano Banana, shut down 2026-10-02: no imageSize, ten ratios, 3 input images, PNG, no thinking, unsigned.
		id: 'gemini-2.5-flash-image',
		version: '2.0',
		displayName: 'Nano Banana (Gemini 2.5 Flash Image)',
		description: 'Gemini 2.5 Flash Image',
		status: 'shutDown',
		capabilities: {
			methods: GENERATE_METHODS,
			outputModalities: ['TEXT', 'IMAGE'],
			imageSizes: [],
			aspectRatios: STANDARD_ASPECT_RATIOS,
			maxInputImages: 3,
			inputMimeTypes: BASE_IMAGE_MIME_TYPES,
			googleSearch: false,
			thinking: false,
			thinkingLevels: [],
			signatures: false,
			outputMimeType: 'image/png',
			outputImageTokens: 1290,
			inputImageTokens: 258,
			inputTokenLimit: 32768,
			outputTokenLimit: 32768,
		},
	},
	{
		// Shut down 2026-06-25 (GA gemini-3-pro-image from 2026-05-28).
		id: 'gemini-3-pro-image-preview',
		version: '3.0',
		displayName: 'Nano Banana Pro Preview',
		description: 'Gemini 3 Pro Image Preview',
		status: 'shutDown',
		capabilities: PRO_IMAGE,
	},
	{
		// Shut down 2026-06-25 (GA gemini-3.1-flash-image from 2026-05-28).
		id: 'gemini-3.1-flash-image-preview',
		version: '3.1',
		displayName: 'Nano Banana 2 Preview',
		description: 'Gemini 3.1 Flash Image Preview',
		status: 'shutDown',
		capabilities: FLASH_IMAGE,
	},
];

/** A model that cannot generate content (embeddings, Imagen's predict). */
function nonGenerating(methods: readonly string[], inputTokenLimit: number, outputTokenLimit: number): ModelCapabilities {
	return {
		methods,
		outputModalities: [],
		imageSizes: [],
		aspectRatios: [],
		maxInputImages: 0,
		inputMimeTypes: [],
		googleSearch: false,
		thinking: false,
		thinkingLevels: [],
		signatures: false,
		outputMimeType: 'image/png',
		outputImageTokens: 0,
		inputImageTokens: 0,
		inputTokenLimit,
		outputTokenLimit,
	};
}

/** The models shut down by Google's deprecation schedule: the default of `options.shutDownModels`. */
export const DEFAULT_SHUT_DOWN_MODELS: readonly string[] = MODEL_TABLE.filter((m) => m.status === 'shutDown').map((m) => m.id);

/** The full entry of an extra model. */
export function extraModelEntry(extra: ExtraModel): FakeModel {
	return {
		id: extra.id,
		version: extra.version ?? '001',
		displayName: extra.displayName ?? extra.id,
		description: extra.description ?? `${extra.id}: generates and edits images.`,
		status: 'preview',
		capabilities: { ...DEFAULT_EXTRA_CAPABILITIES, ...extra.capabilities },
	};
}

/** The entry for a model ID (extra models win over the table), shut down or not; undefined when unknown. */
export function findFakeModel(id: string, extraModels: readonly ExtraModel[] = []): FakeModel | undefined {
	const extra = extraModels.find((m) => m.id === id);
	return extra ? extraModelEntry(extra) : MODEL_TABLE.find((m) => m.id === id);
}

/** What `models.list` shows: the table and the extra models, without the shut-down ones. */
export function listedModels(extraModels: readonly ExtraModel[], shutDownModels: readonly string[]): FakeModel[] {
	const extraIds = new Set(extraModels.map((m) => m.id));
	return [...MODEL_TABLE.filter((m) => !extraIds.has(m.id)), ...extraModels.map(extraModelEntry)].filter((m) => !shutDownModels.includes(m.id));
}

/** The method a generate-family action needs in `supportedGenerationMethods`. */
export function methodFor(action: string): string {
	return action === 'streamGenerateContent' ? 'generateContent' : action;
}
