// The composer under the conversation: the prompt box (Enter sends, ↑/↓ recall earlier prompts), the templates, Send
// and Cancel; the per-turn controls are ./modelOptions.ts and the images for the next turn ./attachments.ts.
import * as l10n from '@vscode/l10n';
import { PROMPT_TEMPLATES } from '../../src/shared/promptTemplates';
import {
	MAX_STUDIO_PROMPT_LENGTH,
	type StudioFromWebview,
	type StudioModelView,
	type StudioPendingAttachmentView,
	type StudioRequestOptions,
} from '../../src/shared/protocol';
import { h } from '../shared/dom';
import { AttachmentTray } from './attachments';
import { ModelOptions } from './modelOptions';
import { templateText } from './templateText';
import { iconButton } from './widgets';

export interface ComposerOptions {
	readonly post: (message: StudioFromWebview) => void;
	/** The conversation's prompts, oldest first (what ArrowUp recalls). */
	readonly prompts: () => string[];
	/** A turn was sent. */
	readonly sent: () => void;
}

export class Composer {
	readonly element = h('div', { className: 'studio-composer' });
	private readonly _prompt = h('textarea', { className: 'studio-prompt', attrs: { 'aria-label': l10n.t('Prompt') } });
	private readonly _template = h('select', { className: 'studio-template', attrs: { 'aria-label': l10n.t('Prompt templates') } });
	private readonly _send = iconButton('studio-send', 'send', l10n.t('Send (Enter)'), l10n.t('Send'));
	private readonly _cancel = iconButton('studio-cancel', 'debug-stop', l10n.t('Cancel the running turn (Escape)'), l10n.t('Cancel'));
	private readonly _options: ModelOptions;
	private readonly _attachments: AttachmentTray;
	private readonly _post: (message: StudioFromWebview) => void;
	private readonly _prompts: () => string[];
	private readonly _sent: () => void;
	private _busy = false;
	/** Prompt recall: index into the conversation's prompts; === length while editing a fresh draft. */
	private _historyIndex = 0;
	private _draft = '';

	constructor(options: ComposerOptions) {
		this._post = options.post;
		this._prompts = options.prompts;
		this._sent = options.sent;
		this._options = new ModelOptions(this._post);
		this._attachments = new AttachmentTray(this._post, this._prompt, this.element);

		this._prompt.rows = 3;
		this._prompt.maxLength = MAX_STUDIO_PROMPT_LENGTH;
		this._prompt.placeholder = l10n.t(
			'Describe an image, or how to change the last one (Enter sends, Shift+Enter for a new line, ↑ recalls earlier prompts)',
		);
		this._template.title = l10n.t("Start from a structured prompt (from Google's prompting guide) and fill in the [placeholders]");
		const placeholder = h('option', { text: l10n.t('Templates…') });
		placeholder.value = '';
		this._template.append(
			placeholder,
			...PROMPT_TEMPLATES.map((template) => {
				const text = templateText(template);
				const option = h('option', { text: text.label });
				option.value = template.id;
				option.title = text.description;
				return option;
			}),
		);
		this._cancel.hidden = true;

		const promptRow = h('div', { className: 'studio-prompt-row' }, this._prompt);
		const controls = h(
			'div',
			{ className: 'studio-controls' },
			this._attachments.attachButton,
			h('div', { className: 'studio-options' }, ...this._options.controls(), this._template),
			h('div', { className: 'studio-composer-buttons' }, this._cancel, this._send),
		);
		this.element.append(this._attachments.chips, this._attachments.error, promptRow, controls);

		this._prompt.addEventListener('keydown', (event) => this._onPromptKey(event));
		this._prompt.addEventListener('input', () => {
			this._historyIndex = this._prompts().length;
		});
		this._send.addEventListener('click', () => this._submit());
		this._cancel.addEventListener('click', () => this._post({ type: 'cancel' }));
		this._template.addEventListener('change', () => this._applyTemplate());
	}

	/** A conversation opened: its model, and the controls its next turn starts with. */
	init(models: readonly StudioModelView[], model: string, options: StudioRequestOptions): void {
		this._options.init(models, model, options);
	}

	models(models: readonly StudioModelView[], model: string): void {
		this._options.models(models, model);
	}

	attachments(attachments: readonly StudioPendingAttachmentView[], errors: readonly string[]): void {
		this._attachments.show(attachments, errors);
	}

	/** While a turn runs: no Send or Attach, but Cancel (and Escape). */
	busy(busy: boolean): void {
		this._busy = busy;
		this._send.disabled = busy;
		this._attachments.attachButton.disabled = busy;
		this._cancel.hidden = !busy;
	}

	focus(): void {
		this._prompt.focus();
	}

	/** Prompt recall starts from a fresh draft (a conversation opened). */
	resetHistory(): void {
		this._historyIndex = this._prompts().length;
	}

	/** A turn arrived or changed: a fresh draft stays a fresh draft; a recalled prompt stays where it is. */
	promptsGrew(promptsBefore: number): void {
		if (this._historyIndex >= promptsBefore) {
			this._historyIndex = this._prompts().length;
		}
	}

	/** A turn left: recall stays within the prompts that are left. */
	promptsShrank(): void {
		this._historyIndex = Math.min(this._historyIndex, this._prompts().length);
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
			this._post({ type: 'cancel' });
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
		if (
			event.key === 'ArrowDown' &&
			(atStart || atEnd) &&
			this._historyIndex < prompts.length &&
			!event.shiftKey &&
			!event.altKey &&
			!event.ctrlKey &&
			!event.metaKey
		) {
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

	private _applyTemplate(): void {
		const template = PROMPT_TEMPLATES.find((candidate) => candidate.id === this._template.value);
		this._template.value = '';
		if (!template) {
			return;
		}
		this._prompt.value = template.prompt;
		this._historyIndex = this._prompts().length;
		this._options.suggestAspectRatio(template.aspectRatio);
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
		const options = this._options.read();
		this._post({ type: 'send', prompt: prompt.slice(0, MAX_STUDIO_PROMPT_LENGTH), model: this._options.model(), options });
		this._prompt.value = '';
		this._draft = '';
		this._historyIndex = this._prompts().length + 1;
		this._sent();
	}
}
