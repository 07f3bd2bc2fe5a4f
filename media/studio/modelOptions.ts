// The composer's per-turn controls: the model, and what the selected model can do with the next turn (aspect ratio,
// image size, thinking level, output, Google Search). The user's choices survive switching to a model that lacks one.
import * as l10n from '@vscode/l10n';
import {
	STUDIO_IMAGE_SIZES,
	type StudioFromWebview,
	type StudioModelStatus,
	type StudioModelView,
	type StudioOutputMode,
	type StudioRequestOptions,
	type StudioThinkingLevel,
} from '../../src/shared/protocol';
import { h } from '../shared/dom';
import { codicon } from './widgets';

/** The Output control's entries (functions, not constants: the page's strings load before the view is built). */
function outputLabel(mode: StudioOutputMode): string {
	return mode === 'imageOnly' ? l10n.t('Image only') : l10n.t('Text and image');
}

/** A model's name as the model control shows it, with its status when that matters. */
function modelLabel(name: string, status: StudioModelStatus): string {
	switch (status) {
		case 'deprecated':
			return l10n.t('{0} (deprecated)', name);
		case 'shutDown':
			return l10n.t('{0} (shut down)', name);
		case 'unknown':
			return l10n.t('{0} (capabilities not known)', name);
		default:
			return name;
	}
}

export class ModelOptions {
	private readonly _model = h('select', { className: 'studio-model', attrs: { 'aria-label': l10n.t('Model') } });
	private readonly _aspectRatio = h('select', { className: 'studio-aspect-ratio', attrs: { 'aria-label': l10n.t('Aspect ratio') } });
	private readonly _imageSize = h('select', { className: 'studio-image-size', attrs: { 'aria-label': l10n.t('Image size') } });
	private readonly _output = h('select', { className: 'studio-output', attrs: { 'aria-label': l10n.t('Output') } });
	private readonly _grounding = h('input', { className: 'studio-grounding' });
	private readonly _groundingLabel = h('label', { className: 'studio-grounding-label' });
	private readonly _thinking = h('select', { className: 'studio-thinking-level', attrs: { 'aria-label': l10n.t('Thinking') } });
	private readonly _thinkingLabel = h('label', { className: 'studio-thinking-level-label' });

	private _models: readonly StudioModelView[] = [];
	private _options: StudioRequestOptions = { output: 'textAndImage', googleSearch: false };
	/**
	 * What the user chose, even where the selected model cannot do it: switching to a model without Google Search (or
	 * without 4K) and back restores the choice. `_options` is what the current model gets.
	 */
	private _wanted: { aspectRatio?: string; imageSize?: string; googleSearch: boolean; thinkingLevel?: StudioThinkingLevel } = { googleSearch: false };

	constructor(private readonly _post: (message: StudioFromWebview) => void) {
		this._model.title = l10n.t('Model');
		this._aspectRatio.title = l10n.t('Aspect ratio of the next image');
		this._imageSize.title = l10n.t('Size of the next image');
		this._output.title = l10n.t('What the model answers with');
		this._output.replaceChildren(
			...(['textAndImage', 'imageOnly'] as const).map((mode) => {
				const option = h('option', { text: outputLabel(mode) });
				option.value = mode;
				return option;
			}),
		);
		this._grounding.type = 'checkbox';
		this._grounding.id = 'studio-grounding-toggle';
		this._groundingLabel.htmlFor = this._grounding.id;
		this._groundingLabel.append(this._grounding, codicon('globe'), h('span', { text: l10n.t('Google Search') }));
		this._thinking.id = 'studio-thinking-level-select';
		this._thinking.title = l10n.t('How much the model thinks before it answers (thinkingLevel); the default leaves it to the model');
		this._thinkingLabel.htmlFor = this._thinking.id;
		this._thinkingLabel.append(codicon('lightbulb'), h('span', { text: l10n.t('Thinking') }), this._thinking);

		this._model.addEventListener('change', () => {
			this._post({ type: 'modelChanged', model: this._model.value });
			this._renderOptionControls();
			this._readOptions();
			this._post({ type: 'optionsChanged', options: this._options });
		});
		const onChange = (control: HTMLSelectElement | HTMLInputElement, remember: () => void) =>
			control.addEventListener('change', () => {
				remember();
				this._readOptions();
				this._post({ type: 'optionsChanged', options: this._options });
			});
		onChange(this._aspectRatio, () => (this._wanted.aspectRatio = this._aspectRatio.value || undefined));
		onChange(this._imageSize, () => (this._wanted.imageSize = this._imageSize.value || undefined));
		onChange(this._grounding, () => (this._wanted.googleSearch = this._grounding.checked));
		onChange(this._thinking, () => (this._wanted.thinkingLevel = (this._thinking.value || undefined) as StudioThinkingLevel | undefined));
		onChange(this._output, () => undefined);
	}

	/** The controls, in the order the composer shows them. */
	controls(): HTMLElement[] {
		return [this._model, this._aspectRatio, this._imageSize, this._thinkingLabel, this._output, this._groundingLabel];
	}

	/** A conversation opened: its model, and the controls its next turn starts with. */
	init(models: readonly StudioModelView[], model: string, options: StudioRequestOptions): void {
		this._renderModels(models, model);
		this._options = options;
		this._wanted = {
			aspectRatio: options.aspectRatio,
			imageSize: options.imageSize,
			googleSearch: options.googleSearch,
			thinkingLevel: options.thinkingLevel,
		};
		this._renderOptionControls();
	}

	/** A fresh model list: the control is rebuilt, keeping the selected model (the host always lists the conversation's). */
	models(models: readonly StudioModelView[], model: string): void {
		const selected = models.some((candidate) => candidate.id === this._model.value) ? this._model.value : model;
		this._renderModels(models, selected);
		this._renderOptionControls();
		this._readOptions();
	}

	/** The selected model's id. */
	model(): string {
		return this._model.value;
	}

	/** The options as the controls show them, for the turn about to be sent. */
	read(): StudioRequestOptions {
		this._readOptions();
		return this._options;
	}

	/** A template's aspect ratio, when the selected model has it: chosen as if the user had. */
	suggestAspectRatio(ratio: string | undefined): void {
		const ratios = this._currentModel()?.aspectRatios ?? [];
		if (ratio && ratios.includes(ratio) && this._aspectRatio.value !== ratio) {
			this._aspectRatio.value = ratio;
			this._readOptions();
			this._wanted = { ...this._wanted, aspectRatio: ratio };
			this._post({ type: 'optionsChanged', options: this._options });
		}
	}

	private _renderModels(models: readonly StudioModelView[], selected: string): void {
		this._models = models;
		this._model.replaceChildren(
			...models.map((model) => {
				const option = h('option', { text: modelLabel(model.displayName, model.status) });
				option.title = `${model.id} · ${model.detail}`;
				option.value = model.id;
				return option;
			}),
		);
		if (!models.some((model) => model.id === selected)) {
			// The host always lists the conversation's model; this only guards against a message without it.
			const option = h('option', { text: selected });
			option.value = selected;
			this._model.append(option);
		}
		this._model.value = selected;
	}

	private _currentModel(): StudioModelView | undefined {
		return this._models.find((model) => model.id === this._model.value);
	}

	/** Rebuilds ratio, size and grounding for the selected model, keeping the choices it also supports. */
	private _renderOptionControls(): void {
		const model = this._currentModel();
		this._model.title = model ? `${model.displayName} (${model.id}): ${model.detail}` : l10n.t('Model');
		const ratios = model?.aspectRatios ?? [];
		const auto = h('option', { text: l10n.t('Auto ratio') });
		auto.value = '';
		this._aspectRatio.replaceChildren(
			auto,
			...ratios.map((ratio) => {
				const option = h('option', { text: ratio });
				option.value = ratio;
				return option;
			}),
		);
		this._aspectRatio.value = this._wanted.aspectRatio && ratios.includes(this._wanted.aspectRatio) ? this._wanted.aspectRatio : '';

		const sizes = (model?.imageSizes ?? []).filter((size) => (STUDIO_IMAGE_SIZES as readonly string[]).includes(size));
		const defaultSize = h('option', { text: model?.defaultImageSize ? l10n.t('Default size ({0})', model.defaultImageSize) : l10n.t('Default size') });
		defaultSize.value = '';
		this._imageSize.replaceChildren(
			defaultSize,
			...sizes.map((size) => {
				const option = h('option', { text: size === '512' ? '512 px' : size });
				option.value = size;
				return option;
			}),
		);
		this._imageSize.value = this._wanted.imageSize && sizes.includes(this._wanted.imageSize) ? this._wanted.imageSize : '';
		this._imageSize.hidden = sizes.length === 0;
		this._imageSize.disabled = sizes.length === 0;

		this._renderThinking(model);

		this._output.value = this._options.output;
		const search = model?.supportsGoogleSearch ?? false;
		this._grounding.disabled = !search;
		this._grounding.checked = search && this._wanted.googleSearch;
		this._groundingLabel.classList.toggle('studio-disabled', !search);
		this._groundingLabel.title = search
			? l10n.t('Ground the answer in Google Search results (sources are listed under the reply)')
			: model
				? l10n.t('{0} cannot use Google Search grounding', model.displayName)
				: l10n.t('This model cannot use Google Search grounding');
		this._grounding.title = this._groundingLabel.title;
	}

	/**
	 * The Thinking select: the model's levels in lower case, its default level marked "(default)". Choosing the default
	 * sends nothing (the model decides), so its value is empty; a model without a default gets a "default" entry.
	 */
	private _renderThinking(model: StudioModelView | undefined): void {
		const levels = model?.thinkingLevels ?? [];
		const defaultLevel = model?.defaultThinkingLevel && levels.includes(model.defaultThinkingLevel) ? model.defaultThinkingLevel : undefined;
		const entries: HTMLOptionElement[] = [];
		if (!defaultLevel) {
			const option = h('option', { text: l10n.t('default') });
			option.value = '';
			entries.push(option);
		}
		for (const level of levels) {
			const isDefault = level === defaultLevel;
			const option = h('option', { text: isDefault ? l10n.t('{0} (default)', level.toLowerCase()) : level.toLowerCase() });
			option.value = isDefault ? '' : level;
			entries.push(option);
		}
		this._thinking.replaceChildren(...entries);
		const wanted = this._wanted.thinkingLevel;
		this._thinking.value = wanted && wanted !== defaultLevel && levels.includes(wanted) ? wanted : '';
		this._thinkingLabel.hidden = levels.length === 0;
		this._thinking.disabled = levels.length === 0;
	}

	/** The options as the controls show them (absent ratio/size/thinking level = the model's default). */
	private _readOptions(): void {
		const options: { aspectRatio?: string; imageSize?: string; output: StudioOutputMode; googleSearch: boolean; thinkingLevel?: StudioThinkingLevel } = {
			output: this._output.value === 'imageOnly' ? 'imageOnly' : 'textAndImage',
			googleSearch: !this._grounding.disabled && this._grounding.checked,
		};
		if (this._aspectRatio.value) {
			options.aspectRatio = this._aspectRatio.value;
		}
		if (this._imageSize.value && !this._imageSize.disabled) {
			options.imageSize = this._imageSize.value;
		}
		if (this._thinking.value && !this._thinking.disabled) {
			options.thinkingLevel = this._thinking.value as StudioThinkingLevel;
		}
		this._options = options;
	}
}
