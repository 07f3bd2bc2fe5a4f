/**
 * Validation of the options of an image request (model, aspect ratio, size, count) against the model catalog.
 * Pure: no `vscode`, no SDK, so it is unit-tested in plain Node and shared by every command.
 */
import * as l10n from '@vscode/l10n';
import type { Validated } from '../core/validated';
import {
	ALL_THINKING_LEVELS,
	availableModels,
	DEFAULT_MODEL_ID,
	hasKnownCapabilities,
	ImageSize,
	ModelInfo,
	resolveModel,
	ThinkingLevel,
} from '../gemini/modelCatalog';

export interface ImageOptions {
	readonly model: ModelInfo;
	readonly aspectRatio: string;
	/** Undefined for models with a fixed output size. */
	readonly imageSize?: ImageSize;
}

export const MAX_PROMPT_CHARS = 32_000;

/** Trims a prompt and refuses empty or absurdly long ones. */
export function validatePrompt(prompt: unknown): Validated<string> {
	if (typeof prompt !== 'string') {
		return { ok: false, message: l10n.t('The prompt must be text. Describe the image you want.') };
	}
	const trimmed = prompt.trim();
	if (trimmed.length === 0) {
		return { ok: false, message: l10n.t('The prompt is empty. Describe the image you want, for example "a watercolor fox logo".') };
	}
	if (trimmed.length > MAX_PROMPT_CHARS) {
		return { ok: false, message: l10n.t('The prompt is {0} characters long; the limit is {1}. Shorten it.', trimmed.length, MAX_PROMPT_CHARS) };
	}
	return { ok: true, value: trimmed };
}

/**
 * Checks model, aspect ratio and size together. `imageSize` is matched exactly (the API wants `1K`, not `1k`), but
 * the message suggests the right spelling.
 */
export function validateImageOptions(modelId: unknown, aspectRatio: unknown, imageSize: unknown): Validated<ImageOptions> {
	if (typeof modelId !== 'string' || modelId.trim() === '') {
		return { ok: false, message: l10n.t('No model was given. Choose a Gemini image model such as {0}.', DEFAULT_MODEL_ID) };
	}
	// Any well-formed ID goes to the API, which decides (a shut-down model's 404 names its replacement).
	const resolution = resolveModel(modelId.trim());
	if (resolution.kind === 'invalid') {
		return {
			ok: false,
			message: l10n.t(
				'"{0}" is not a model ID (lower-case letters, digits, dots and dashes). Use for example {1}.',
				truncate(modelId, 60),
				listAvailable(),
			),
		};
	}
	const model = resolution.model;

	if (typeof aspectRatio !== 'string' || !model.aspectRatios.includes(aspectRatio.trim())) {
		return {
			ok: false,
			message: l10n.t(
				'{0} does not support the aspect ratio "{1}". Supported: {2}.',
				model.id,
				truncate(String(aspectRatio), 20),
				model.aspectRatios.join(', '),
			),
		};
	}

	let size: ImageSize | undefined;
	if (model.imageSizes.length > 0) {
		if (imageSize === undefined || imageSize === null || imageSize === '') {
			size = model.defaultImageSize;
		} else if (typeof imageSize === 'string' && (model.imageSizes as readonly string[]).includes(imageSize.trim())) {
			size = imageSize.trim() as ImageSize;
		} else {
			const asText = truncate(String(imageSize), 20);
			const upper = asText.toUpperCase();
			const hint = (model.imageSizes as readonly string[]).includes(upper) ? ` ${l10n.t('Sizes are written in upper case: "{0}".', upper)}` : '';
			return {
				ok: false,
				message: l10n.t('{0} does not support the image size "{1}".{2} Supported: {3}.', model.id, asText, hint, model.imageSizes.join(', ')),
			};
		}
	}
	return { ok: true, value: { model, aspectRatio: aspectRatio.trim(), imageSize: size } };
}

/**
 * A thinking level (`minimal`, `low`, `medium`, `high`, any case) for the model: one of its levels where the catalog
 * knows them, any of the four for a model it does not know (the API decides), refused for a known model without a
 * level control. Undefined (absent) leaves the level to the model.
 */
export function validateThinkingLevel(model: ModelInfo, level: unknown): Validated<ThinkingLevel | undefined> {
	if (level === undefined || level === null || level === '') {
		return { ok: true, value: undefined };
	}
	const upper = typeof level === 'string' ? level.trim().toUpperCase() : '';
	const known = hasKnownCapabilities(model);
	const allowed: readonly ThinkingLevel[] = known ? (model.thinkingLevels ?? []) : ALL_THINKING_LEVELS;
	if ((allowed as readonly string[]).includes(upper)) {
		return { ok: true, value: upper as ThinkingLevel };
	}
	if (allowed.length === 0) {
		return { ok: false, message: l10n.t('{0} has no thinking-level control; leave "thinkingLevel" out.', model.id) };
	}
	return {
		ok: false,
		message: l10n.t(
			'{0} does not take the thinking level "{1}". Use one of: {2}.',
			model.id,
			truncate(String(level), 20),
			allowed.map((value) => value.toLowerCase()).join(', '),
		),
	};
}

export const MAX_IMAGES_PER_COMMAND = 8;

export function validateCount(count: unknown): Validated<number> {
	if (count === undefined || count === null) {
		return { ok: true, value: 1 };
	}
	if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_IMAGES_PER_COMMAND) {
		return { ok: false, message: l10n.t('"count" must be a whole number from 1 to {0}.', MAX_IMAGES_PER_COMMAND) };
	}
	return { ok: true, value: count };
}

function listAvailable(): string {
	return availableModels()
		.map((model) => model.id)
		.join(', ');
}

function truncate(text: string, max: number): string {
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
