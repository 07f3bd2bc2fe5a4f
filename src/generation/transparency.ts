/**
 * Real transparency from Gemini, which outputs no alpha: the subject rendered on pure white and on pure black (two
 * requests through requestImages, so progress, cancel, retries, budget and the usage ledger behave as for any edit),
 * then difference matting (src/imageTools/matting.ts); or, for free, a flat-colour key done here without a request.
 * The result is always a PNG with an alpha channel; nothing here writes files (the caller saves through the store).
 */
import * as l10n from '@vscode/l10n';
import type { ImageStudioConfig } from '../config';
import { ImageStudioError } from '../core/errors';
import { loadImageCodecs } from '../codecs/loadCodecs';
import type { InputImage } from '../gemini/geminiClient';
import { estimateImagesCostUsd } from '../gemini/modelCatalog';
import type { GeneratedImage } from '../gemini/responseParser';
import { assertUsableTransparency, differenceMatte, keyMatte, TransparencyCheck, verifyTransparency } from '../imageTools/matting';
import type { Services } from '../services';
import { approveSpend } from '../spending/budget';
import type { ImageOptions } from './imageOptions';
import { requestImages } from './requestImages';

export type TransparencyMethod = 'difference' | 'key';

/**
 * The prompts of difference matting, in one place (the README quotes them). Both ask for the same subject, unchanged,
 * on a flat background of one exact colour: matting needs the two renders to differ only in the background.
 */
export const TRANSPARENCY_PROMPTS = {
	/** Edit request 1: the input image's subject on white. */
	white:
		'Place this exact subject on a pure white #FFFFFF background. Keep the subject identical: same shape, pose, size, position, framing, ' +
		'colours and details. Replace only the background, with one flat, uniform #FFFFFF: no shadow, gradient, texture, floor or reflection.',
	/** Edit request 2: the same subject on black (its input is the original, or the white render for a generation). */
	black:
		'Place this exact subject on a pure black #000000 background. Keep the subject identical: same shape, pose, size, position, framing, ' +
		'colours and details. Replace only the background, with one flat, uniform #000000: no shadow, gradient, texture, floor or reflection.',
	/** Appended to a generation prompt with `transparent`, so the first render is already the white one. */
	generateOnWhite:
		'Show the subject alone on a pure white #FFFFFF background: one flat, uniform #FFFFFF with no shadow, gradient, texture, floor or reflection.',
} as const;

/** How to reach Gemini for one matting run. */
export interface MattingContext {
	readonly services: Services;
	readonly config: ImageStudioConfig;
	readonly apiKey: string;
	readonly options: ImageOptions;
	/** Palette or menu (may be asked about the budget) vs argument object (never asked). */
	readonly interactive: boolean;
	readonly maxCostUsd?: number;
}

export interface TransparentResult {
	/** PNG bytes with an alpha channel. */
	readonly png: Uint8Array;
	readonly check: TransparencyCheck;
}

export function isTransparencyMethod(value: unknown): value is TransparencyMethod {
	return value === 'difference' || value === 'key';
}

/**
 * The whole run is approved once, for all its images, before the first request: then the requests themselves pass
 * no budget (`maxCostUsd` is a limit on the run, not on each request, and nobody is asked twice).
 */
export async function approveMattingSpend(context: MattingContext, images: number, what: string): Promise<void> {
	await approveSpend({
		estimateUsd: estimateImagesCostUsd(context.options.model.id, context.options.imageSize, images),
		what,
		confirmLabel: l10n.t('Send'),
		maxCostUsd: context.maxCostUsd,
		interactive: context.interactive,
		confirmAboveUsd: context.config.confirmAboveUsd,
	});
}

/** One edit request: `input` on pure white or pure black. Returns the last image of the reply. */
export async function renderOnBackground(context: MattingContext, input: InputImage, background: 'white' | 'black'): Promise<GeneratedImage> {
	const { options } = context;
	const results = await requestImages(
		context.services,
		{
			model: options.model.id,
			prompt: TRANSPARENCY_PROMPTS[background],
			aspectRatio: options.aspectRatio,
			imageSize: options.imageSize,
			inputImages: [input],
		},
		context.config,
		context.apiKey,
		{
			title:
				background === 'white'
					? l10n.t('Transparency: {0} on white (1 of 2) with {1}', input.displayName ?? l10n.t('image'), options.model.id)
					: l10n.t('Transparency: {0} on black (2 of 2) with {1}', input.displayName ?? l10n.t('image'), options.model.id),
			inlineLimitBytes: options.model.maxInlineImageBytes,
			source: 'edit',
			spend: { interactive: false },
		},
	);
	const image = results.images[results.images.length - 1];
	if (!image) {
		throw new ImageStudioError(
			'noImage',
			background === 'white'
				? l10n.t('Gemini returned no image of the subject on white; nothing was saved. Try again.')
				: l10n.t('Gemini returned no image of the subject on black; nothing was saved. Try again.'),
		);
	}
	return image;
}

/** Mattes a white and a black render (bytes as Gemini sent them) into a PNG with alpha; refuses a useless result. */
export async function matteRenders(onWhite: Uint8Array, onBlack: Uint8Array): Promise<TransparentResult> {
	const codecs = loadImageCodecs();
	const [white, black] = await Promise.all([codecs.decodeImage(onWhite), codecs.decodeImage(onBlack)]);
	return finish(differenceMatte(white, black), 'difference');
}

/** The flat-colour key on image bytes: local, free, no request. Refuses a useless result. */
export async function keyOut(bytes: Uint8Array): Promise<TransparentResult> {
	const image = await loadImageCodecs().decodeImage(bytes);
	return finish(keyMatte(image), 'key');
}

/** Difference matting of an existing image: two edit requests (white, then black), both with the original as input. */
export async function transparentFromImage(context: MattingContext, input: InputImage): Promise<TransparentResult> {
	await approveMattingSpend(
		context,
		2,
		l10n.t('Making {0} transparent (2 images with {1})', input.displayName ?? l10n.t('the image'), context.options.model.id),
	);
	const white = await renderOnBackground(context, input, 'white');
	const black = await renderOnBackground(context, input, 'black');
	return matteRenders(white.bytes, black.bytes);
}

async function finish(image: Parameters<typeof verifyTransparency>[0], method: TransparencyMethod): Promise<TransparentResult> {
	const check = verifyTransparency(image);
	assertUsableTransparency(check, method);
	const png = await loadImageCodecs().encodeImage(image, 'image/png');
	return { png, check };
}

/** How a transparent result is described in a notification: "62 % transparent, 3 % soft edge". */
export function describeCheck(check: TransparencyCheck): string {
	const percent = (n: number) => `${Math.round((100 * n) / check.totalPixels)} %`;
	return l10n.t('{0} transparent, {1} soft edge', percent(check.transparentPixels), percent(check.partial));
}

/**
 * `imageStudio.generate` with `transparent`: the prompt is asked on pure white (TRANSPARENCY_PROMPTS.generateOnWhite),
 * then each result is matted: difference = one more edit request per image (the white render on black); key = the
 * white background keyed out locally. Everything is requested before anything is returned, so a failed or cancelled
 * run leaves nothing to save.
 */
export async function generateTransparent(
	context: MattingContext,
	request: { readonly prompt: string; readonly thinkingLevel?: string; readonly count: number },
	method: TransparencyMethod,
): Promise<{ results: TransparentResult[]; texts: string[] }> {
	const { options } = context;
	const perImage = method === 'difference' ? 2 : 1;
	await approveMattingSpend(
		context,
		request.count * perImage,
		request.count > 1
			? l10n.t('Generating {0} transparent images ({1} images with {2})', request.count, request.count * perImage, options.model.id)
			: l10n.t('Generating a transparent image ({0} images with {1})', request.count * perImage, options.model.id),
	);
	const whites = await requestImages(
		context.services,
		{
			model: options.model.id,
			prompt: `${request.prompt}\n\n${TRANSPARENCY_PROMPTS.generateOnWhite}`,
			aspectRatio: options.aspectRatio,
			imageSize: options.imageSize,
			thinkingLevel: request.thinkingLevel,
		},
		context.config,
		context.apiKey,
		{ title: l10n.t('Generating image on white with {0}', options.model.id), count: request.count, source: 'generate', spend: { interactive: false } },
	);
	const results: TransparentResult[] = [];
	for (const [index, white] of whites.images.entries()) {
		if (method === 'key') {
			results.push(await keyOut(white.bytes));
			continue;
		}
		const black = await renderOnBackground(context, { mimeType: white.mimeType, bytes: white.bytes, displayName: `image ${index + 1}` }, 'black');
		results.push(await matteRenders(white.bytes, black.bytes));
	}
	return { results, texts: whites.texts };
}
