// Webview entry point of the studio chat panel (built by esbuild.js into dist/media/studio.js).
// Handshake: post `ready`, then render the `init` the host answers with (src/studio/studioPanel.ts). Everything the
// model wrote is rendered with textContent; images arrive as bytes and are shown through blob: URLs.
import { isRecord, MAX_STUDIO_ATTACHMENT_BYTES, MAX_STUDIO_DROP_URIS, type StudioAttachmentView, type StudioFromWebview, type StudioPartView, type StudioToWebview, type StudioTurnView } from '../../src/shared/protocol';

interface VsCodeApi {
	postMessage(message: StudioFromWebview): void;
	setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// Module scope inside the bundle's IIFE, never on `window`: nothing else in the page can post as us.
const vscode = acquireVsCodeApi();

function post(message: StudioFromWebview): void {
	vscode.postMessage(message);
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	if (className) {
		node.className = className;
	}
	if (text !== undefined) {
		node.textContent = text;
	}
	return node;
}

class StudioUi {
	private readonly _notice = element('p', 'studio-notice');
	private readonly _list = element('ol', 'studio-turns');
	private readonly _form = element('div', 'studio-composer');
	private readonly _prompt = element('textarea', 'studio-prompt');
	private readonly _model = element('select', 'studio-model');
	private readonly _send = element('button', 'studio-send', 'Send');
	private readonly _cancel = element('button', 'studio-cancel', 'Cancel');
	private readonly _attach = element('button', 'studio-attach', 'Attach…');
	private readonly _chips = element('ul', 'studio-attachments');
	private readonly _attachError = element('p', 'studio-error studio-attach-error');
	private _chipUrls: string[] = [];
	private readonly _turns = new Map<string, HTMLLIElement>();
	/** Blob URLs per turn, revoked when the turn is re-rendered. */
	private readonly _urls = new Map<string, string[]>();
	private _busy = false;

	constructor(private readonly _root: HTMLElement) {
		this._prompt.rows = 3;
		this._prompt.placeholder = 'Describe an image, or how to change the last one (Enter sends, Shift+Enter for a new line)';
		this._prompt.setAttribute('aria-label', 'Prompt');
		this._model.setAttribute('aria-label', 'Model');
		this._cancel.hidden = true;
		this._notice.hidden = true;
		this._notice.setAttribute('role', 'status');
		const controls = element('div', 'studio-controls');
		this._attach.title = 'Attach images to the next turn (you can also paste an image, or drop files here with Shift held)';
		this._chips.setAttribute('aria-label', 'Images for the next turn');
		this._chips.hidden = true;
		this._attachError.hidden = true;
		this._attachError.setAttribute('role', 'alert');
		controls.append(this._attach, this._model, this._cancel, this._send);
		this._form.append(this._chips, this._attachError, this._prompt, controls);
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
			const uriList = transfer.getData('text/uri-list');
			const uris = uriList
				.split(/\r?\n/)
				.map((line) => line.trim())
				.filter((line) => line !== '' && !line.startsWith('#'));
			if (uris.length > 0) {
				post({ type: 'attachUris', uris: uris.slice(0, MAX_STUDIO_DROP_URIS) });
				return;
			}
			void this._sendFiles([...transfer.files]);
		});

		this._prompt.addEventListener('keydown', (event) => {
			if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
				event.preventDefault();
				this._submit();
			}
		});
		this._send.addEventListener('click', () => this._submit());
		this._cancel.addEventListener('click', () => post({ type: 'cancel' }));
		this._model.addEventListener('change', () => post({ type: 'modelChanged', model: this._model.value }));
	}

	init(message: Extract<StudioToWebview, { type: 'init' }>): void {
		for (const urls of this._urls.values()) {
			urls.forEach((url) => URL.revokeObjectURL(url));
		}
		this._urls.clear();
		this._turns.clear();
		this._root.replaceChildren();
		this._root.removeAttribute('aria-busy');
		this._list.replaceChildren();
		this._notice.textContent = message.notice ?? '';
		this._notice.hidden = !message.notice;
		this._model.replaceChildren(
			...message.models.map((model) => {
				const option = element('option', undefined, model.displayName);
				option.title = model.id;
				option.value = model.id;
				return option;
			}),
		);
		this._model.value = message.model;
		this._root.append(this._notice, this._list, this._form);
		for (const turn of message.turns) {
			this.turn(turn);
		}
		this.busy(message.busy);
		this._prompt.focus();
	}

	attachments(attachments: readonly StudioAttachmentView[], errors: readonly string[]): void {
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
				const remove = element('button', 'studio-chip-remove', '×');
				remove.title = `Remove ${attachment.name}`;
				remove.setAttribute('aria-label', `Remove ${attachment.name}`);
				remove.addEventListener('click', () => post({ type: 'removeAttachment', id: attachment.id }));
				chip.append(thumb, element('span', 'studio-chip-name', attachment.name), remove);
				return chip;
			}),
		);
		this._chips.hidden = attachments.length === 0;
		this._showAttachError(errors.join(' '));
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

	turn(turn: StudioTurnView): void {
		const item = element('li', `studio-turn studio-turn-${turn.status}`);
		item.dataset.turnId = turn.id;
		const urls: string[] = [];
		const user = element('div', 'studio-user', turn.prompt);
		if (turn.attachments && turn.attachments.length > 0) {
			const row = element('div', 'studio-user-attachments');
			for (const attachment of turn.attachments) {
				const url = URL.createObjectURL(new Blob([attachment.bytes as Uint8Array<ArrayBuffer>], { type: attachment.mimeType }));
				urls.push(url);
				const thumb = element('img', 'studio-chip-thumb');
				thumb.src = url;
				thumb.alt = 'Attached image';
				row.append(thumb);
			}
			user.append(row);
		}
		item.append(user);
		const reply = element('div', 'studio-reply');
		const thoughts = turn.parts.filter((part) => part.thought);
		if (thoughts.length > 0) {
			const details = element('details', 'studio-thinking');
			details.append(element('summary', undefined, 'Thinking'));
			for (const part of thoughts) {
				details.append(this._part(turn, part, urls));
			}
			reply.append(details);
		}
		for (const part of turn.parts.filter((candidate) => !candidate.thought)) {
			reply.append(this._part(turn, part, urls));
		}
		if (turn.status === 'pending') {
			reply.append(element('p', 'studio-pending', 'Generating…'));
		}
		if (turn.error) {
			const error = element('p', 'studio-error', turn.error);
			error.setAttribute('role', 'alert');
			reply.append(error);
		}
		item.append(reply);

		for (const url of this._urls.get(turn.id) ?? []) {
			URL.revokeObjectURL(url);
		}
		this._urls.set(turn.id, urls);
		const existing = this._turns.get(turn.id);
		if (existing) {
			existing.replaceWith(item);
		} else {
			this._list.append(item);
		}
		this._turns.set(turn.id, item);
		item.scrollIntoView({ block: 'end' });
	}

	busy(busy: boolean): void {
		this._busy = busy;
		this._send.disabled = busy;
		this._attach.disabled = busy;
		this._cancel.hidden = !busy;
	}

	saved(imageId: string, ok: boolean, message: string): void {
		for (const status of this._list.querySelectorAll<HTMLElement>('.studio-save-status')) {
			if (status.dataset.imageId === imageId) {
				status.textContent = message;
				status.classList.toggle('studio-error', !ok);
			}
		}
		for (const button of this._list.querySelectorAll<HTMLButtonElement>('.studio-save, .studio-insert')) {
			if (button.dataset.imageId === imageId) {
				button.disabled = false;
			}
		}
	}

	private _part(turn: StudioTurnView, part: StudioPartView, urls: string[]): HTMLElement {
		if (part.kind === 'text') {
			return element('p', part.thought ? 'studio-thought-text' : 'studio-text', part.text);
		}
		const figure = element('figure', part.thought ? 'studio-image studio-thought-image' : 'studio-image');
		const url = URL.createObjectURL(new Blob([part.bytes as Uint8Array<ArrayBuffer>], { type: part.mimeType }));
		urls.push(url);
		const image = element('img');
		image.src = url;
		image.alt = part.thought ? 'Draft image from the model\'s thinking' : `Image for: ${turn.prompt}`;
		figure.append(image);
		if (!part.thought) {
			const save = element('button', 'studio-save', 'Save');
			save.dataset.imageId = part.imageId;
			save.title = 'Save this image into the workspace output folder';
			const status = element('span', 'studio-save-status');
			status.dataset.imageId = part.imageId;
			save.addEventListener('click', () => {
				save.disabled = true;
				status.textContent = 'Saving…';
				post({ type: 'saveImage', turnId: turn.id, imageId: part.imageId });
			});
			const insert = element('button', 'studio-insert', 'Insert');
			insert.dataset.imageId = part.imageId;
			insert.title = 'Insert a link to this image at the cursor of the last active text editor (saves the image first)';
			insert.addEventListener('click', () => {
				insert.disabled = true;
				status.textContent = 'Inserting…';
				post({ type: 'insertImage', turnId: turn.id, imageId: part.imageId });
			});
			const caption = element('figcaption');
			caption.append(save, insert, status);
			figure.append(caption);
		}
		return figure;
	}

	private _submit(): void {
		const prompt = this._prompt.value.trim();
		if (!prompt || this._busy) {
			return;
		}
		post({ type: 'send', prompt, model: this._model.value });
		this._prompt.value = '';
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
			case 'busy':
				ui.busy(typed.busy);
				return;
			case 'saved':
			case 'inserted':
				ui.saved(typed.imageId, typed.ok, typed.message);
				return;
			case 'attachments':
				ui.attachments(typed.attachments, typed.errors);
				return;
		}
	});
	post({ type: 'ready' });
}
