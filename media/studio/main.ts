// Webview entry point of the studio chat panel (built by esbuild.js into dist/media/studio.js).
// Handshake: post `ready`, then render the `init` the host answers with (src/studio/studioPanel.ts).
// Model text is rendered as sanitised Markdown (./markdown.ts), everything else with textContent. Images of turns are
// `asWebviewUri` URLs of the stored files; only pending attachment chips arrive as bytes (blob: URLs).
import { PROMPT_TEMPLATES } from '../../src/shared/promptTemplates';
import { ImageResidency } from './imageResidency';
import {
	isRecord,
	MAX_STUDIO_ATTACHMENT_BYTES,
	MAX_STUDIO_DROP_URIS,
	MAX_STUDIO_PROMPT_LENGTH,
	MAX_STUDIO_TITLE_LENGTH,
	STUDIO_IMAGE_SIZES,
	type StudioFromWebview,
	type StudioImageAction,
	type StudioModelStatus,
	type StudioModelView,
	type StudioOutputMode,
	type StudioPartView,
	type StudioPendingAttachmentView,
	type StudioRequestOptions,
	type StudioSessionSummary,
	type StudioThinkingLevel,
	type StudioToWebview,
	type StudioTurnView,
	type StudioUsageView,
} from '../../src/shared/protocol';
import { describeCopyError, ImageCopier } from './clipboard';
import { byImageId, codicon, element, formatCount, formatUsd, iconButton } from './dom';
import { renderGrounding } from './grounding';
import { renderMarkdown } from './markdown';

interface VsCodeApi {
	postMessage(message: StudioFromWebview): void;
	setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// Module scope inside the bundle's IIFE, never on `window`: nothing else in the page can post as us.
const vscode = acquireVsCodeApi();

// The page's style nonce (a second nonce: never the one that runs scripts), from the empty <style id="style-nonce">
// of the page shell. Only the search entry point frame uses it, for its <style> blocks (see ./grounding.ts).
const pageNonce = document.querySelector<HTMLStyleElement>('style#style-nonce')?.nonce || undefined;

function post(message: StudioFromWebview): void {
	vscode.postMessage(message);
}

type InitMessage = Extract<StudioToWebview, { type: 'init' }>;

/** Per-image actions: class, codicon, visible label, status while running. */
const IMAGE_ACTIONS: readonly { action: StudioImageAction; className: string; icon: string; label: string; title: string; running: string }[] = [
	{ action: 'save', className: 'studio-save', icon: 'save', label: 'Save', title: 'Save this image into the workspace output folder', running: 'Saving…' },
	{ action: 'insert', className: 'studio-insert', icon: 'insert', label: 'Insert', title: 'Insert a link to this image at the cursor of the last active text editor (saves the image first)', running: 'Inserting…' },
	{ action: 'compare', className: 'studio-compare', icon: 'diff', label: 'Compare', title: 'Compare', running: 'Opening comparison…' },
	{ action: 'useAsAttachment', className: 'studio-use-attachment', icon: 'attach', label: 'Use as attachment', title: 'Attach this image to the next turn', running: 'Attaching…' },
	{ action: 'copy', className: 'studio-copy', icon: 'copy', label: 'Copy', title: 'Copy this image to the clipboard as PNG', running: 'Copying…' },
];

const OUTPUT_LABELS: Readonly<Record<StudioOutputMode, string>> = { textAndImage: 'Text and image', imageOnly: 'Image only' };

/** What the model control adds to a model's name. */
const MODEL_STATUS_MARKS: Readonly<Record<StudioModelStatus, string>> = { ga: '', preview: '', deprecated: ' (deprecated)', shutDown: ' (shut down)', unknown: ' (capabilities not known)' };

class StudioUi {
	// Header: the session list and its actions.
	private readonly _header = element('header', 'studio-header');
	private readonly _sessions = element('select', 'studio-sessions');
	private readonly _renameInput = element('input', 'studio-rename-input');
	private readonly _newSession = iconButton('studio-new-session', 'add', 'New conversation');
	private readonly _renameSession = iconButton('studio-rename-session', 'edit', 'Rename this conversation');
	private readonly _deleteSession = iconButton('studio-delete-session', 'trash', 'Delete this conversation…');
	private readonly _sessionTotal = element('span', 'studio-session-total');
	private readonly _damaged = element('span', 'studio-sessions-damaged');

	private readonly _notice = element('div', 'studio-notice');
	private readonly _noticeText = element('span', 'studio-notice-text');
	private readonly _list = element('ol', 'studio-turns');
	private readonly _residency = new ImageResidency(this._list);

	// Composer.
	private readonly _form = element('div', 'studio-composer');
	private readonly _prompt = element('textarea', 'studio-prompt');
	private readonly _model = element('select', 'studio-model');
	private readonly _aspectRatio = element('select', 'studio-aspect-ratio');
	private readonly _imageSize = element('select', 'studio-image-size');
	private readonly _output = element('select', 'studio-output');
	private readonly _grounding = element('input', 'studio-grounding');
	private readonly _groundingLabel = element('label', 'studio-grounding-label');
	private readonly _thinking = element('select', 'studio-thinking-level');
	private readonly _thinkingLabel = element('label', 'studio-thinking-level-label');
	private readonly _template = element('select', 'studio-template');
	private readonly _send = iconButton('studio-send', 'send', 'Send (Enter)', 'Send');
	private readonly _cancel = iconButton('studio-cancel', 'debug-stop', 'Cancel the running turn (Escape)', 'Cancel');
	private readonly _attach = iconButton('studio-attach', 'attach', 'Attach images to the next turn (you can also paste an image, or drop files here with Shift held)', 'Attach…');
	private readonly _chips = element('ul', 'studio-attachments');
	private readonly _attachError = element('p', 'studio-error studio-attach-error');

	private _chipUrls: string[] = [];
	private readonly _turns = new Map<string, { item: HTMLLIElement; turn: StudioTurnView }>();
	private readonly _copier = new ImageCopier();
	private _busy = false;
	private _sessionId = '';
	private _sessionTitle = '';
	private _sessionList: readonly StudioSessionSummary[] = [];
	private _models: readonly StudioModelView[] = [];
	private _options: StudioRequestOptions = { output: 'textAndImage', googleSearch: false };
	/**
	 * What the user chose, even where the selected model cannot do it: switching to a model without Google Search (or
	 * without 4K) and back restores the choice. `_options` is what the current model gets.
	 */
	private _wanted: { aspectRatio?: string; imageSize?: string; googleSearch: boolean; thinkingLevel?: StudioThinkingLevel } = { googleSearch: false };
	/** Prompt recall: index into the conversation's prompts; === length while editing a fresh draft. */
	private _historyIndex = 0;
	private _draft = '';
	/** Keep the view at the bottom while the newest reply (and its images) come in, unless the user scrolled up. */
	private _stickToBottom = true;

	constructor(private readonly _root: HTMLElement) {
		this._buildHeader();
		this._buildComposer();
		this._notice.hidden = true;
		this._notice.setAttribute('role', 'status');
		const dismiss = iconButton('studio-notice-dismiss', 'close', 'Dismiss');
		dismiss.addEventListener('click', () => (this._notice.hidden = true));
		this._notice.append(codicon('info', 'studio-notice-icon'), this._noticeText, dismiss);

		this._list.setAttribute('aria-live', 'polite');
		this._list.setAttribute('aria-relevant', 'additions');
		this._list.setAttribute('aria-label', 'Conversation');
		this._list.addEventListener('scroll', () => {
			this._stickToBottom = this._list.scrollHeight - this._list.scrollTop - this._list.clientHeight < 48;
		});
		// Images of the newest turn load after the scroll: follow them down while the user has not scrolled away.
		this._list.addEventListener(
			'load',
			(event) => {
				if (this._stickToBottom && event.target instanceof HTMLImageElement) {
					this._scrollToBottom();
				}
			},
			true,
		);
	}

	// --- header -----------------------------------------------------------------------------------------------

	private _buildHeader(): void {
		this._sessions.setAttribute('aria-label', 'Conversation');
		this._sessions.title = 'Switch to a stored conversation';
		this._sessions.addEventListener('change', () => {
			const id = this._sessions.value;
			if (id && id !== this._sessionId) {
				post({ type: 'openSession', sessionId: id });
			}
		});
		this._renameInput.type = 'text';
		this._renameInput.maxLength = MAX_STUDIO_TITLE_LENGTH;
		this._renameInput.setAttribute('aria-label', 'Conversation title');
		this._renameInput.hidden = true;
		this._renameInput.addEventListener('keydown', (event) => {
			if (event.key === 'Enter' && !event.isComposing) {
				event.preventDefault();
				this._finishRename(true);
			} else if (event.key === 'Escape') {
				event.preventDefault();
				event.stopPropagation();
				this._finishRename(false);
			}
		});
		this._renameInput.addEventListener('blur', () => this._finishRename(false));
		this._newSession.addEventListener('click', () => post({ type: 'newSession' }));
		this._renameSession.addEventListener('click', () => this._startRename());
		this._deleteSession.addEventListener('click', () => {
			if (this._sessionId) {
				post({ type: 'deleteSession', sessionId: this._sessionId });
			}
		});
		this._sessionTotal.setAttribute('aria-label', 'Usage of this conversation');
		this._damaged.hidden = true;
		this._damaged.append(codicon('warning'));
		const sessionBox = element('div', 'studio-session-picker');
		sessionBox.append(this._sessions, this._renameInput, this._damaged);
		const actions = element('div', 'studio-header-actions');
		actions.append(this._newSession, this._renameSession, this._deleteSession);
		this._header.append(sessionBox, actions, this._sessionTotal);
	}

	private _startRename(): void {
		if (!this._sessionId) {
			return;
		}
		this._renameInput.value = this._sessionTitle;
		this._sessions.hidden = true;
		this._renameInput.hidden = false;
		this._renameInput.focus();
		this._renameInput.select();
	}

	private _finishRename(commit: boolean): void {
		if (this._renameInput.hidden) {
			return;
		}
		const title = this._renameInput.value.trim().slice(0, MAX_STUDIO_TITLE_LENGTH);
		this._renameInput.hidden = true;
		this._sessions.hidden = false;
		if (commit && title && title !== this._sessionTitle && this._sessionId) {
			this._sessionTitle = title;
			post({ type: 'renameSession', sessionId: this._sessionId, title });
			this._renderSessions();
		}
		this._renameSession.focus();
	}

	sessions(sessions: readonly StudioSessionSummary[], currentId: string, damaged: number): void {
		this._sessionList = sessions;
		if (currentId) {
			this._sessionId = currentId;
		}
		const current = sessions.find((session) => session.id === this._sessionId);
		if (current) {
			this._sessionTitle = current.title;
		}
		this._damaged.hidden = damaged <= 0;
		const damagedNote = damaged > 0 ? `${damaged} stored conversation${damaged === 1 ? '' : 's'} could not be read (see the log).` : '';
		this._damaged.title = damagedNote;
		this._damaged.setAttribute('aria-label', damagedNote);
		this._sessions.title = damagedNote ? `Switch to a stored conversation. ${damagedNote}` : 'Switch to a stored conversation';
		this._renderSessions();
	}

	private _renderSessions(): void {
		const options = this._sessionList.map((session) => {
			const current = session.id === this._sessionId;
			// The current conversation counts what it shows: the list may predate its latest turn.
			const count = current ? Math.max(session.turnCount, this._turns.size) : session.turnCount;
			const option = element('option', undefined, `${current ? this._sessionTitle || session.title : session.title} (${count} turn${count === 1 ? '' : 's'})`);
			option.value = session.id;
			option.title = `Last changed ${session.updatedAt}`;
			return option;
		});
		if (this._sessionId && !this._sessionList.some((session) => session.id === this._sessionId)) {
			// A new conversation is stored with its first turn; until then it is listed from what init said.
			const count = this._turns.size;
			const option = element('option', undefined, `${this._sessionTitle || 'New conversation'} (${count} turn${count === 1 ? '' : 's'})`);
			option.value = this._sessionId;
			options.unshift(option);
		}
		this._sessions.replaceChildren(...options);
		this._sessions.value = this._sessionId;
		this._deleteSession.disabled = !this._sessionList.some((session) => session.id === this._sessionId);
	}

	private _renderSessionTotal(): void {
		let input = 0;
		let output = 0;
		let thinking = 0;
		let cost = 0;
		let priced = false;
		let counted = 0;
		for (const { turn } of this._turns.values()) {
			if (turn.status === 'done' && turn.usage) {
				counted++;
				input += turn.usage.inputTokens;
				output += turn.usage.outputTokens;
				thinking += turn.usage.thoughtTokens;
				if (turn.usage.costUsd !== undefined) {
					cost += turn.usage.costUsd;
					priced = true;
				}
			}
		}
		this._sessionTotal.replaceChildren();
		this._sessionTotal.hidden = counted === 0;
		if (counted > 0) {
			const text = `Session: ${formatCount(input)} input · ${formatCount(output)} output${thinking > 0 ? ` · ${formatCount(thinking)} thinking` : ''} tokens${priced ? ` · ${formatUsd(cost)}` : ''}`;
			this._sessionTotal.append(codicon('graph'), element('span', undefined, text));
			this._sessionTotal.title = `${counted} answered turn${counted === 1 ? '' : 's'}. Prices are estimates from the model catalog.`;
		}
	}

	// --- composer ----------------------------------------------------------------------------------------------

	private _buildComposer(): void {
		this._prompt.rows = 3;
		this._prompt.maxLength = MAX_STUDIO_PROMPT_LENGTH;
		this._prompt.placeholder = 'Describe an image, or how to change the last one (Enter sends, Shift+Enter for a new line, ↑ recalls earlier prompts)';
		this._prompt.setAttribute('aria-label', 'Prompt');
		this._model.setAttribute('aria-label', 'Model');
		this._model.title = 'Model';
		this._aspectRatio.setAttribute('aria-label', 'Aspect ratio');
		this._aspectRatio.title = 'Aspect ratio of the next image';
		this._imageSize.setAttribute('aria-label', 'Image size');
		this._imageSize.title = 'Size of the next image';
		this._output.setAttribute('aria-label', 'Output');
		this._output.title = 'What the model answers with';
		this._output.replaceChildren(
			...(['textAndImage', 'imageOnly'] as const).map((mode) => {
				const option = element('option', undefined, OUTPUT_LABELS[mode]);
				option.value = mode;
				return option;
			}),
		);
		this._grounding.type = 'checkbox';
		this._grounding.id = 'studio-grounding-toggle';
		this._groundingLabel.htmlFor = this._grounding.id;
		this._groundingLabel.append(this._grounding, codicon('globe'), element('span', undefined, 'Google Search'));
		this._thinking.id = 'studio-thinking-level-select';
		this._thinking.setAttribute('aria-label', 'Thinking');
		this._thinking.title = 'How much the model thinks before it answers (thinkingLevel); the default leaves it to the model';
		this._thinkingLabel.htmlFor = this._thinking.id;
		this._thinkingLabel.append(codicon('lightbulb'), element('span', undefined, 'Thinking'), this._thinking);
		this._template.setAttribute('aria-label', 'Prompt templates');
		this._template.title = 'Start from a structured prompt (from Google\'s prompting guide) and fill in the [placeholders]';
		const placeholder = element('option', undefined, 'Templates…');
		placeholder.value = '';
		this._template.append(
			placeholder,
			...PROMPT_TEMPLATES.map((template) => {
				const option = element('option', undefined, template.label);
				option.value = template.id;
				option.title = template.description;
				return option;
			}),
		);

		this._cancel.hidden = true;
		this._chips.setAttribute('aria-label', 'Images for the next turn');
		this._chips.hidden = true;
		this._attachError.hidden = true;
		this._attachError.setAttribute('role', 'alert');

		const promptRow = element('div', 'studio-prompt-row');
		promptRow.append(this._prompt);
		const controls = element('div', 'studio-controls');
		const options = element('div', 'studio-options');
		options.append(this._model, this._aspectRatio, this._imageSize, this._thinkingLabel, this._output, this._groundingLabel, this._template);
		const buttons = element('div', 'studio-composer-buttons');
		buttons.append(this._cancel, this._send);
		controls.append(this._attach, options, buttons);
		this._form.append(this._chips, this._attachError, promptRow, controls);

		this._attach.addEventListener('click', () => post({ type: 'attach' }));
		this._prompt.addEventListener('paste', (event) => {
			const files = [...(event.clipboardData?.files ?? [])].filter((file) => file.type.startsWith('image/') || file.type === '');
			if (files.length > 0) {
				event.preventDefault();
				void this._sendFiles(files);
			}
		});
		this._form.addEventListener('dragover', (event) => {
			event.preventDefault();
			this._form.classList.add('studio-drop-target');
		});
		this._form.addEventListener('dragleave', () => this._form.classList.remove('studio-drop-target'));
		this._form.addEventListener('drop', (event) => {
			event.preventDefault();
			this._form.classList.remove('studio-drop-target');
			const transfer = event.dataTransfer;
			if (!transfer) {
				return;
			}
			const uris = transfer
				.getData('text/uri-list')
				.split(/\r?\n/)
				.map((line) => line.trim())
				.filter((line) => line !== '' && !line.startsWith('#'));
			if (uris.length > 0) {
				post({ type: 'attachUris', uris: uris.slice(0, MAX_STUDIO_DROP_URIS) });
				return;
			}
			void this._sendFiles([...transfer.files]);
		});

		this._prompt.addEventListener('keydown', (event) => this._onPromptKey(event));
		this._prompt.addEventListener('input', () => {
			this._historyIndex = this._prompts().length;
		});
		this._send.addEventListener('click', () => this._submit());
		this._cancel.addEventListener('click', () => post({ type: 'cancel' }));
		this._model.addEventListener('change', () => {
			post({ type: 'modelChanged', model: this._model.value });
			this._renderOptionControls();
			this._readOptions();
			post({ type: 'optionsChanged', options: this._options });
		});
		const onChange = (control: HTMLSelectElement | HTMLInputElement, remember: () => void) =>
			control.addEventListener('change', () => {
				remember();
				this._readOptions();
				post({ type: 'optionsChanged', options: this._options });
			});
		onChange(this._aspectRatio, () => (this._wanted.aspectRatio = this._aspectRatio.value || undefined));
		onChange(this._imageSize, () => (this._wanted.imageSize = this._imageSize.value || undefined));
		onChange(this._grounding, () => (this._wanted.googleSearch = this._grounding.checked));
		onChange(this._thinking, () => (this._wanted.thinkingLevel = (this._thinking.value || undefined) as StudioThinkingLevel | undefined));
		onChange(this._output, () => undefined);
		this._template.addEventListener('change', () => this._applyTemplate());
	}

	private _onPromptKey(event: KeyboardEvent): void {
		if (event.isComposing) {
			return;
		}
		if (event.key === 'Enter' && !event.shiftKey) {
			event.preventDefault();
			this._submit();
			return;
		}
		if (event.key === 'Escape' && this._busy) {
			event.preventDefault();
			post({ type: 'cancel' });
			return;
		}
		const prompts = this._prompts();
		const atStart = this._prompt.selectionStart === 0 && this._prompt.selectionEnd === 0;
		if (event.key === 'ArrowUp' && atStart && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) {
			if (this._historyIndex > prompts.length) {
				this._historyIndex = prompts.length;
			}
			if (this._historyIndex > 0) {
				event.preventDefault();
				if (this._historyIndex === prompts.length) {
					this._draft = this._prompt.value;
				}
				this._historyIndex--;
				this._setPrompt(prompts[this._historyIndex]);
			}
			return;
		}
		const atEnd = this._prompt.selectionStart === this._prompt.value.length && this._prompt.selectionEnd === this._prompt.value.length;
		if (event.key === 'ArrowDown' && (atStart || atEnd) && this._historyIndex < prompts.length && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) {
			event.preventDefault();
			this._historyIndex++;
			this._setPrompt(this._historyIndex === prompts.length ? this._draft : prompts[this._historyIndex]);
		}
	}

	/** Shows a recalled prompt with the caret at its start, so the next ArrowUp goes further back. */
	private _setPrompt(value: string): void {
		this._prompt.value = value;
		this._prompt.setSelectionRange(0, 0);
		this._prompt.scrollTop = 0;
	}

	/** The prompts of this conversation, oldest first (what ArrowUp recalls). */
	private _prompts(): string[] {
		const prompts: string[] = [];
		for (const { turn } of this._turns.values()) {
			if (prompts.at(-1) !== turn.prompt) {
				prompts.push(turn.prompt);
			}
		}
		return prompts;
	}

	private _currentModel(): StudioModelView | undefined {
		return this._models.find((model) => model.id === this._model.value);
	}

	/** Rebuilds ratio, size and grounding for the selected model, keeping the choices it also supports. */
	private _renderOptionControls(): void {
		const model = this._currentModel();
		this._model.title = model ? `${model.displayName} (${model.id}): ${model.detail}` : 'Model';
		const ratios = model?.aspectRatios ?? [];
		const auto = element('option', undefined, 'Auto ratio');
		auto.value = '';
		this._aspectRatio.replaceChildren(
			auto,
			...ratios.map((ratio) => {
				const option = element('option', undefined, ratio);
				option.value = ratio;
				return option;
			}),
		);
		this._aspectRatio.value = this._wanted.aspectRatio && ratios.includes(this._wanted.aspectRatio) ? this._wanted.aspectRatio : '';

		const sizes = (model?.imageSizes ?? []).filter((size) => (STUDIO_IMAGE_SIZES as readonly string[]).includes(size));
		const defaultSize = element('option', undefined, model?.defaultImageSize ? `Default size (${model.defaultImageSize})` : 'Default size');
		defaultSize.value = '';
		this._imageSize.replaceChildren(
			defaultSize,
			...sizes.map((size) => {
				const option = element('option', undefined, size === '512' ? '512 px' : size);
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
			? 'Ground the answer in Google Search results (sources are listed under the reply)'
			: `${model?.displayName ?? 'This model'} cannot use Google Search grounding`;
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
			const option = element('option', undefined, 'default');
			option.value = '';
			entries.push(option);
		}
		for (const level of levels) {
			const isDefault = level === defaultLevel;
			const option = element('option', undefined, `${level.toLowerCase()}${isDefault ? ' (default)' : ''}`);
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

	private _applyTemplate(): void {
		const template = PROMPT_TEMPLATES.find((candidate) => candidate.id === this._template.value);
		this._template.value = '';
		if (!template) {
			return;
		}
		this._prompt.value = template.prompt;
		this._historyIndex = this._prompts().length;
		const ratios = this._currentModel()?.aspectRatios ?? [];
		if (template.aspectRatio && ratios.includes(template.aspectRatio) && this._aspectRatio.value !== template.aspectRatio) {
			this._aspectRatio.value = template.aspectRatio;
			this._readOptions();
			this._wanted = { ...this._wanted, aspectRatio: template.aspectRatio };
			post({ type: 'optionsChanged', options: this._options });
		}
		this._prompt.focus();
		// Select the first placeholder so typing replaces it.
		const start = template.prompt.indexOf('[');
		const end = template.prompt.indexOf(']', start);
		if (start >= 0 && end > start) {
			this._prompt.setSelectionRange(start, end + 1);
		}
	}

	private _submit(): void {
		const prompt = this._prompt.value.trim();
		if (!prompt || this._busy) {
			return;
		}
		this._readOptions();
		post({ type: 'send', prompt: prompt.slice(0, MAX_STUDIO_PROMPT_LENGTH), model: this._model.value, options: this._options });
		this._prompt.value = '';
		this._draft = '';
		this._historyIndex = this._prompts().length + 1;
		this._stickToBottom = true;
	}

	// --- messages from the host --------------------------------------------------------------------------------

	init(message: InitMessage): void {
		this._turns.clear();
		this._root.removeAttribute('aria-busy');
		this._root.replaceChildren(this._header, this._notice, this._list, this._form);
		this._sessionId = message.sessionId;
		this._sessionTitle = message.title;
		this._showNotice(message.notice ?? '', 'warning');
		this._renderModels(message.models, message.model);
		this._options = message.options;
		this._wanted = { aspectRatio: message.options.aspectRatio, imageSize: message.options.imageSize, googleSearch: message.options.googleSearch, thinkingLevel: message.options.thinkingLevel };
		this._renderOptionControls();

		// One fragment and one scroll for the whole history: a long session opens without a layout per turn.
		const fragment = document.createDocumentFragment();
		for (const turn of message.turns) {
			const item = this._renderTurn(turn);
			this._turns.set(turn.id, { item, turn });
			fragment.append(item);
		}
		this._residency.forget(this._list.querySelectorAll('img'));
		this._list.replaceChildren(fragment);
		this._markLatest();
		this._renderSessionTotal();
		this._renderSessions();
		this._historyIndex = this._prompts().length;
		this.busy(message.busy);
		this._stickToBottom = true;
		this._scrollToBottom();
		this._prompt.focus();
	}

	/** A fresh model list: the control is rebuilt, keeping the selected model (the host always lists the conversation's). */
	models(models: readonly StudioModelView[], model: string): void {
		const selected = models.some((candidate) => candidate.id === this._model.value) ? this._model.value : model;
		this._renderModels(models, selected);
		this._renderOptionControls();
		this._readOptions();
	}

	private _renderModels(models: readonly StudioModelView[], selected: string): void {
		this._models = models;
		this._model.replaceChildren(
			...models.map((model) => {
				const option = element('option', undefined, `${model.displayName}${MODEL_STATUS_MARKS[model.status]}`);
				option.title = `${model.id} · ${model.detail}`;
				option.value = model.id;
				return option;
			}),
		);
		if (!models.some((model) => model.id === selected)) {
			// The host always lists the conversation's model; this only guards against a message without it.
			const option = element('option', undefined, selected);
			option.value = selected;
			this._model.append(option);
		}
		this._model.value = selected;
	}

	turn(turn: StudioTurnView): void {
		const existing = this._turns.get(turn.id);
		const item = this._renderTurn(turn, existing?.item);
		if (existing) {
			this._residency.forget(existing.item.querySelectorAll('img'));
			existing.item.replaceWith(item);
		} else {
			this._list.append(item);
			this._stickToBottom = true;
		}
		const wasCounted = this._prompts().length;
		this._turns.set(turn.id, { item, turn });
		if (this._historyIndex >= wasCounted) {
			this._historyIndex = this._prompts().length;
		}
		this._markLatest();
		this._renderSessionTotal();
		if (!existing) {
			this._renderSessions();
		}
		if (this._stickToBottom) {
			this._scrollToBottom();
		}
	}

	turnRemoved(turnId: string): void {
		const existing = this._turns.get(turnId);
		if (existing) {
			this._residency.forget(existing.item.querySelectorAll('img'));
			existing.item.remove();
			this._turns.delete(turnId);
			this._markLatest();
			this._renderSessionTotal();
			this._historyIndex = Math.min(this._historyIndex, this._prompts().length);
		}
	}

	busy(busy: boolean): void {
		this._busy = busy;
		this._send.disabled = busy;
		this._attach.disabled = busy;
		this._cancel.hidden = !busy;
		this._root.classList.toggle('studio-busy', busy);
		for (const button of this._list.querySelectorAll<HTMLButtonElement>('.studio-retry, .studio-continue')) {
			button.disabled = busy;
		}
	}

	notice(message: string, severity: 'info' | 'warning' | 'error'): void {
		this._showNotice(message, severity);
	}

	private _showNotice(message: string, severity: 'info' | 'warning' | 'error'): void {
		this._noticeText.textContent = message;
		this._notice.hidden = !message;
		this._notice.classList.remove('studio-notice-info', 'studio-notice-warning', 'studio-notice-error');
		this._notice.classList.add(`studio-notice-${severity}`);
		this._notice.setAttribute('role', severity === 'error' ? 'alert' : 'status');
		const icon = this._notice.querySelector('.studio-notice-icon');
		icon?.classList.remove('codicon-info', 'codicon-warning', 'codicon-error');
		icon?.classList.add(`codicon-${severity}`);
	}

	attachments(attachments: readonly StudioPendingAttachmentView[], errors: readonly string[]): void {
		this._chipUrls.forEach((url) => URL.revokeObjectURL(url));
		this._chipUrls = [];
		this._chips.replaceChildren(
			...attachments.map((attachment) => {
				const chip = element('li', 'studio-chip');
				chip.dataset.attachmentId = attachment.id;
				const url = URL.createObjectURL(new Blob([attachment.bytes as Uint8Array<ArrayBuffer>], { type: attachment.mimeType }));
				this._chipUrls.push(url);
				const thumb = element('img', 'studio-chip-thumb');
				thumb.src = url;
				thumb.alt = '';
				const remove = iconButton('studio-chip-remove', 'close', `Remove ${attachment.name}`);
				remove.addEventListener('click', () => {
					post({ type: 'removeAttachment', id: attachment.id });
					this._prompt.focus();
				});
				const name = element('span', 'studio-chip-name', attachment.name);
				name.title = attachment.name;
				chip.append(thumb, name, remove);
				return chip;
			}),
		);
		this._chips.hidden = attachments.length === 0;
		this._showAttachError(errors.join(' '));
	}

	imageActionResult(imageId: string, action: StudioImageAction, ok: boolean, message: string): void {
		if (action === 'copy' && !ok) {
			this._copier.fail(imageId, message);
		}
		this._setImageStatus(imageId, message, ok);
		this._enableAction(imageId, action);
	}

	imageBytes(imageId: string, mimeType: string, bytes: Uint8Array): void {
		void this._copier.bytes(imageId, mimeType, bytes);
	}

	// --- turns --------------------------------------------------------------------------------------------------

	private _renderTurn(turn: StudioTurnView, previous?: HTMLLIElement): HTMLLIElement {
		const item = element('li', `studio-turn studio-turn-${turn.status}`);
		item.dataset.turnId = turn.id;

		const user = element('div', 'studio-user');
		user.append(element('span', 'studio-user-text', turn.prompt));
		if (turn.attachments && turn.attachments.length > 0) {
			const row = element('div', 'studio-user-attachments');
			for (const attachment of turn.attachments) {
				const thumb = this._image(attachment.src, `Attached: ${attachment.name}`);
				thumb.className = 'studio-chip-thumb';
				thumb.title = attachment.name;
				row.append(thumb);
			}
			user.append(row);
		}
		item.append(user);

		const reply = element('div', 'studio-reply');
		const thoughts = turn.parts.filter((part) => part.thought);
		if (thoughts.length > 0) {
			const details = element('details', 'studio-thinking');
			const summary = element('summary');
			summary.append(codicon('lightbulb'), element('span', undefined, 'Thinking'));
			details.append(summary);
			for (const part of thoughts) {
				details.append(this._part(turn, part));
			}
			// Open while the turn is running (the thoughts show progress); an answered turn keeps what the user chose.
			const wasOpen = !!previous && !previous.classList.contains('studio-turn-pending') && !!previous.querySelector('details.studio-thinking[open]');
			details.open = turn.status === 'pending' || wasOpen;
			reply.append(details);
		}
		for (const part of turn.parts.filter((candidate) => !candidate.thought)) {
			reply.append(this._part(turn, part));
		}
		if (turn.status === 'pending') {
			const pending = element('p', 'studio-pending');
			pending.append(codicon('loading', 'codicon-modifier-spin'), element('span', undefined, 'Generating…'));
			reply.append(pending);
		}
		if (turn.error) {
			const error = element('div', 'studio-error');
			error.setAttribute('role', 'alert');
			error.append(codicon('error'), element('span', 'studio-error-text', turn.error));
			reply.append(error);
		}
		if (turn.grounding) {
			const grounding = renderGrounding(turn.grounding, pageNonce);
			if (grounding) {
				reply.append(grounding);
			}
		}
		if (turn.notice) {
			const notice = element('p', 'studio-turn-notice');
			notice.append(codicon('info'), element('span', undefined, turn.notice));
			reply.append(notice);
		}
		item.append(reply);

		const footer = element('div', 'studio-turn-footer');
		if (turn.usage) {
			footer.append(this._usage(turn.usage, turn.model));
		}
		if (turn.status === 'failed' && turn.retryable) {
			const retry = iconButton('studio-retry', 'refresh', 'Send this turn again (same prompt, attachments and options)', 'Retry');
			retry.disabled = this._busy;
			retry.addEventListener('click', () => {
				retry.disabled = true;
				post({ type: 'retry', turnId: turn.id });
			});
			footer.append(retry);
		}
		if (turn.status === 'failed' && turn.continueFrom) {
			// Gemini refused this conversation's history: sending it again would fail again, so no Retry; a new
			// conversation from the last answered turn before this one instead.
			const earlier = [...this._turns.keys()].indexOf(turn.continueFrom) + 1;
			const fork = iconButton(
				'studio-continue studio-continue-earlier',
				'debug-step-over',
				`Start a new conversation with the history up to ${earlier > 0 ? `turn ${earlier}` : 'the last answered turn'}, the last answered one before this`,
				'Continue from here',
			);
			fork.disabled = this._busy;
			const from = turn.continueFrom;
			fork.addEventListener('click', () => post({ type: 'continueFrom', turnId: from }));
			footer.append(fork);
		}
		if (turn.status === 'done') {
			const fork = iconButton('studio-continue', 'debug-step-over', 'Start a new conversation with the history up to and including this turn', 'Continue from here');
			fork.disabled = this._busy;
			fork.addEventListener('click', () => post({ type: 'continueFrom', turnId: turn.id }));
			footer.append(fork);
		}
		if (footer.childElementCount > 0) {
			item.append(footer);
		}
		return item;
	}

	private _usage(usage: StudioUsageView, model: string): HTMLElement {
		const node = element('span', 'studio-usage');
		const cost = usage.costUsd !== undefined ? ` · ${formatUsd(usage.costUsd)}` : '';
		const thinking = usage.thoughtTokens > 0 ? ` · ${formatCount(usage.thoughtTokens)} thinking` : '';
		node.append(codicon('pulse'), element('span', undefined, `${formatCount(usage.inputTokens)} input · ${formatCount(usage.outputTokens)} output${thinking} tokens${cost}`));
		const details = [`${formatCount(usage.inputTokens)} input tokens (prompt, attachments and the replayed history)`, `${formatCount(usage.outputTokens)} output tokens`];
		if (usage.thoughtTokens > 0) {
			details.push(`${formatCount(usage.thoughtTokens)} thinking tokens`);
		}
		details.push(`${usage.imageCount} image${usage.imageCount === 1 ? '' : 's'} from ${model}`);
		if (usage.costUsd !== undefined) {
			details.push('the price is an estimate from the model catalog');
		}
		node.title = details.join('\n');
		return node;
	}

	private _image(src: string, alt: string): HTMLImageElement {
		const image = element('img');
		image.decoding = 'async';
		image.alt = alt;
		// Loaded while near the viewport only (see imageResidency.ts).
		this._residency.watch(image, src);
		return image;
	}

	private _part(turn: StudioTurnView, part: StudioPartView): HTMLElement {
		if (part.kind === 'text') {
			const text = element('div', part.thought ? 'studio-thought-text studio-markdown' : 'studio-text studio-markdown');
			text.append(renderMarkdown(part.text));
			return text;
		}
		const figure = element('figure', part.thought ? 'studio-image studio-thought-image' : 'studio-image');
		figure.dataset.imageId = part.imageId;
		const image = this._image(part.src, part.thought ? 'Draft image from the model\'s thinking' : `Image for: ${turn.prompt.slice(0, 200)}`);
		image.tabIndex = 0;
		image.title = 'Click or press Enter to enlarge or shrink';
		image.setAttribute('role', 'button');
		image.setAttribute('aria-expanded', 'false');
		const toggle = () => {
			const expanded = figure.classList.toggle('studio-image-expanded');
			image.setAttribute('aria-expanded', String(expanded));
		};
		image.addEventListener('click', toggle);
		image.addEventListener('keydown', (event) => {
			if (event.key === 'Enter' || event.key === ' ') {
				event.preventDefault();
				toggle();
			}
		});
		image.addEventListener('error', () => {
			figure.classList.add('studio-image-missing');
			image.alt = 'The image file could not be loaded';
		});
		figure.append(image);
		if (part.thought) {
			return figure;
		}
		const caption = element('figcaption', 'studio-image-actions');
		const status = element('span', 'studio-save-status');
		status.dataset.imageId = part.imageId;
		status.setAttribute('role', 'status');
		for (const spec of IMAGE_ACTIONS) {
			if (spec.action === 'compare' && !part.compareWith) {
				continue;
			}
			const title = spec.action === 'compare' ? `Compare with ${part.compareWith}` : spec.title;
			const button = iconButton(spec.className, spec.icon, title, spec.label);
			button.setAttribute('aria-label', spec.action === 'compare' ? title : spec.label);
			button.dataset.imageId = part.imageId;
			button.dataset.action = spec.action;
			button.addEventListener('click', () => this._runImageAction(turn.id, part.imageId, spec.action, spec.running, button));
			caption.append(button);
		}
		caption.append(status);
		figure.append(caption);
		return figure;
	}

	private _runImageAction(turnId: string, imageId: string, action: StudioImageAction, running: string, button: HTMLButtonElement): void {
		button.disabled = true;
		this._setImageStatus(imageId, running, true);
		if (action === 'copy') {
			// Settles once `imageBytes` arrived and the PNG is on the clipboard (or failed).
			this._copier.copy(imageId).then(
				() => {
					this._setImageStatus(imageId, 'Copied', true);
					this._enableAction(imageId, 'copy');
				},
				(error: unknown) => {
					this._setImageStatus(imageId, `Copy failed: ${describeCopyError(error)}`, false);
					this._enableAction(imageId, 'copy');
				},
			);
		}
		post({ type: 'imageAction', action, turnId, imageId });
	}

	private _setImageStatus(imageId: string, message: string, ok: boolean): void {
		for (const status of byImageId(this._list, '.studio-save-status', imageId)) {
			status.textContent = message;
			status.classList.toggle('studio-error', !ok);
		}
	}

	private _enableAction(imageId: string, action: StudioImageAction): void {
		for (const button of byImageId<HTMLButtonElement>(this._list, 'button[data-action]', imageId)) {
			if (button.dataset.action === action) {
				button.disabled = false;
			}
		}
	}

	/** The newest answered turn shows its images full size; older ones show thumbnails that expand on click. */
	private _markLatest(): void {
		let latest: HTMLLIElement | undefined;
		for (const { item, turn } of this._turns.values()) {
			item.classList.remove('studio-turn-latest');
			if (turn.status === 'done') {
				latest = item;
			}
		}
		latest?.classList.add('studio-turn-latest');
	}

	private _scrollToBottom(): void {
		this._list.scrollTop = this._list.scrollHeight;
	}

	private _showAttachError(message: string): void {
		this._attachError.textContent = message;
		this._attachError.hidden = message === '';
	}

	private async _sendFiles(files: readonly File[]): Promise<void> {
		const problems: string[] = [];
		for (const file of files) {
			if (file.size === 0 || file.size > MAX_STUDIO_ATTACHMENT_BYTES) {
				problems.push(`${file.name || 'The pasted image'} is ${file.size === 0 ? 'empty' : 'too large to attach'}.`);
				continue;
			}
			const bytes = new Uint8Array(await file.arrayBuffer());
			post({ type: 'attachBytes', name: (file.name || 'pasted image').slice(0, 200), bytes });
		}
		if (problems.length > 0) {
			this._showAttachError(problems.join(' '));
		}
	}
}

const root = document.getElementById('studio-root');
if (root) {
	const ui = new StudioUi(root);
	window.addEventListener('message', (event: MessageEvent<unknown>) => {
		const message = event.data;
		if (!isRecord(message) || typeof message.type !== 'string') {
			return;
		}
		const typed = message as StudioToWebview;
		switch (typed.type) {
			case 'init':
				if (typed.state) {
					// Only the session id: the host re-reads the conversation from its storage after a reload.
					vscode.setState(typed.state);
				}
				ui.init(typed);
				return;
			case 'turn':
				ui.turn(typed.turn);
				return;
			case 'models':
				ui.models(typed.models, typed.model);
				return;
			case 'turnRemoved':
				ui.turnRemoved(typed.turnId);
				return;
			case 'busy':
				ui.busy(typed.busy);
				return;
			case 'imageActionResult':
				ui.imageActionResult(typed.imageId, typed.action, typed.ok, typed.message);
				return;
			case 'imageBytes':
				if (typed.bytes instanceof Uint8Array) {
					ui.imageBytes(typed.imageId, typed.mimeType, typed.bytes);
				}
				return;
			case 'attachments':
				ui.attachments(typed.attachments, typed.errors);
				return;
			case 'sessions':
				ui.sessions(typed.sessions, typed.currentId, typed.damaged);
				return;
			case 'notice':
				ui.notice(typed.message, typed.severity);
				return;
		}
	});
	post({ type: 'ready' });
}
