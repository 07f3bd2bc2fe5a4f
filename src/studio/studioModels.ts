/**
 * What the studio's model control offers and what a turn's controls become in the request. Pure (no `vscode`).
 *
 * The models come from the API's list (`ModelDirectory`, annotated by the catalog); a listed model the catalog does
 * not know gets every control with every value, since the API decides. The conversation's own model is always
 * offered, even when the list does not have it (shut down, or typed by an `openStudio` caller).
 */
import * as l10n from '@vscode/l10n';
import { ImageStudioError } from '../core/errors';
import { ALL_ASPECT_RATIOS, ALL_IMAGE_SIZES, ALL_THINKING_LEVELS, ModelInfo, resolveModel, ThinkingLevel } from '../gemini/modelCatalog';
import { describeModel, type ModelChoice } from '../gemini/modelDirectory';
import { STUDIO_THINKING_LEVELS, type StudioModelView, type StudioRequestOptions, type StudioThinkingLevel } from '../shared/protocol';

/** Capabilities of a model the catalog does not know: every value is offered and passed on for the API to judge. */
function unknownModelView(id: string, displayName: string): StudioModelView {
	return {
		id,
		displayName,
		detail: 'capabilities not known',
		status: 'unknown',
		aspectRatios: ALL_ASPECT_RATIOS,
		imageSizes: ALL_IMAGE_SIZES,
		supportsGoogleSearch: true,
		maxInputImages: 14,
		thinkingLevels: ALL_THINKING_LEVELS,
	};
}

function knownModelView(info: ModelInfo): StudioModelView {
	return {
		id: info.id,
		displayName: info.displayName,
		detail: describeModel(info),
		status: info.status,
		aspectRatios: info.aspectRatios,
		imageSizes: info.imageSizes,
		defaultImageSize: info.defaultImageSize,
		supportsGoogleSearch: info.supportsGoogleSearch,
		maxInputImages: info.maxInputImages,
		thinkingLevels: info.thinkingLevels ?? [],
		defaultThinkingLevel: info.defaultThinkingLevel,
	};
}

export function modelViewOf(choice: ModelChoice): StudioModelView {
	return choice.known ? knownModelView(choice.info) : unknownModelView(choice.id, choice.label);
}

/** A model by id, listed or not: the catalog's entry, else open capabilities. */
export function modelViewFor(id: string): StudioModelView {
	const resolution = resolveModel(id);
	return resolution.kind === 'known' ? knownModelView(resolution.model) : unknownModelView(id, id);
}

/** The model control's entries: the directory's choices, with the conversation's model first when they lack it. */
export function studioModelViews(choices: readonly ModelChoice[], currentModel: string): StudioModelView[] {
	const views = choices.map(modelViewOf);
	if (!views.some((view) => view.id === currentModel)) {
		views.unshift(modelViewFor(currentModel));
	}
	return views;
}

/** The wire value of a thinking level given in any case ("minimal", "MINIMAL"); undefined when it is not one. */
export function parseThinkingLevel(value: unknown): StudioThinkingLevel | undefined {
	if (typeof value !== 'string') {
		return undefined;
	}
	const upper = value.trim().toUpperCase();
	return (STUDIO_THINKING_LEVELS as readonly string[]).includes(upper) ? (upper as StudioThinkingLevel) : undefined;
}

/**
 * Checks a thinking level asked for explicitly (an `openStudio` argument) against a model the catalog knows; an
 * unknown model's is passed on. Throws an `invalidInput` error that lists what the model takes.
 */
export function assertThinkingLevelFor(modelId: string, level: ThinkingLevel): void {
	const resolution = resolveModel(modelId);
	if (resolution.kind !== 'known') {
		return;
	}
	const levels = resolution.model.thinkingLevels ?? [];
	if (levels.length === 0) {
		throw new ImageStudioError('invalidInput', l10n.t('{0} has no thinking level control; leave "thinkingLevel" out.', resolution.model.displayName));
	}
	if (!levels.includes(level)) {
		throw new ImageStudioError(
			'invalidInput',
			l10n.t(
				'{0} takes the thinking levels {1}, not {2}.',
				resolution.model.displayName,
				levels.map((value) => value.toLowerCase()).join(', '),
				level.toLowerCase(),
			),
		);
	}
}

/** What a turn's controls become in the request, and what had to be left out (said on the turn). */
export interface RequestControls {
	readonly aspectRatio?: string;
	readonly imageSize?: string;
	readonly googleSearch: boolean;
	readonly thinkingLevel?: ThinkingLevel;
	readonly notices: string[];
}

/**
 * The request controls a model can take. A ratio or size it does not make is refused (the user chose it); grounding
 * and a thinking level carried over from another model are left out with a notice. A model the catalog does not know
 * gets everything passed on.
 */
export function requestControls(model: ModelInfo, known: boolean, options: StudioRequestOptions): RequestControls {
	if (!known) {
		return {
			aspectRatio: options.aspectRatio,
			imageSize: options.imageSize,
			googleSearch: options.googleSearch,
			thinkingLevel: options.thinkingLevel,
			notices: [],
		};
	}
	const notices: string[] = [];
	if (options.aspectRatio !== undefined && !model.aspectRatios.includes(options.aspectRatio)) {
		throw new ImageStudioError(
			'invalidInput',
			l10n.t('{0} does not make {1} images. Choose one of {2}.', model.displayName, options.aspectRatio, model.aspectRatios.join(', ')),
		);
	}
	let imageSize = options.imageSize;
	if (imageSize !== undefined && !(model.imageSizes as readonly string[]).includes(imageSize)) {
		if (model.imageSizes.length === 0) {
			notices.push(l10n.t('{0} has a fixed image size; the size setting was not sent.', model.displayName));
			imageSize = undefined;
		} else {
			throw new ImageStudioError(
				'invalidInput',
				l10n.t('{0} does not make {1} images. Choose one of {2}.', model.displayName, imageSize, model.imageSizes.join(', ')),
			);
		}
	}
	let googleSearch = options.googleSearch;
	if (googleSearch && !model.supportsGoogleSearch) {
		notices.push(l10n.t('{0} cannot use Google Search; the turn was sent without grounding.', model.displayName));
		googleSearch = false;
	}
	let thinkingLevel = options.thinkingLevel;
	if (thinkingLevel !== undefined && !(model.thinkingLevels ?? []).includes(thinkingLevel)) {
		notices.push(
			model.thinkingLevels?.length
				? l10n.t('{0} has no {1} thinking level; it thought at its default level.', model.displayName, thinkingLevel.toLowerCase())
				: l10n.t('{0} has no thinking level control; the level was not sent.', model.displayName),
		);
		thinkingLevel = undefined;
	}
	return { aspectRatio: options.aspectRatio, imageSize, googleSearch, thinkingLevel, notices };
}
