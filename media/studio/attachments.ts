// Images for the next turn: the Attach… button, a pasted image, files dropped on the composer (from the Explorer as
// URIs, from elsewhere as bytes), and the chips of what is waiting (shown from their bytes through blob: URLs).
import * as l10n from '@vscode/l10n';
import { MAX_STUDIO_ATTACHMENT_BYTES, MAX_STUDIO_DROP_URIS, type StudioFromWebview, type StudioPendingAttachmentView } from '../../src/shared/protocol';
import { h } from '../shared/dom';
import { iconButton } from './widgets';

export class AttachmentTray {
	readonly attachButton = iconButton(
		'studio-attach',
		'attach',
		l10n.t('Attach images to the next turn (you can also paste an image, or drop files here with Shift held)'),
		l10n.t('Attach…'),
	);
	readonly chips = h('ul', { className: 'studio-attachments', attrs: { 'aria-label': l10n.t('Images for the next turn') }, hidden: true });
	readonly error = h('p', { className: 'studio-error studio-attach-error', hidden: true, attrs: { role: 'alert' } });
	private _chipUrls: string[] = [];

	/**
	 * @param _post posts to the host.
	 * @param _prompt the prompt box: an image pasted into it is attached; removing a chip gives it the focus back.
	 * @param dropZone where files may be dropped.
	 */
	constructor(
		private readonly _post: (message: StudioFromWebview) => void,
		private readonly _prompt: HTMLTextAreaElement,
		dropZone: HTMLElement,
	) {
		this.attachButton.addEventListener('click', () => this._post({ type: 'attach' }));
		this._prompt.addEventListener('paste', (event) => {
			const files = [...(event.clipboardData?.files ?? [])].filter((file) => file.type.startsWith('image/') || file.type === '');
			if (files.length > 0) {
				event.preventDefault();
				void this._sendFiles(files);
			}
		});
		dropZone.addEventListener('dragover', (event) => {
			event.preventDefault();
			dropZone.classList.add('studio-drop-target');
		});
		dropZone.addEventListener('dragleave', () => dropZone.classList.remove('studio-drop-target'));
		dropZone.addEventListener('drop', (event) => {
			event.preventDefault();
			dropZone.classList.remove('studio-drop-target');
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
				this._post({ type: 'attachUris', uris: uris.slice(0, MAX_STUDIO_DROP_URIS) });
				return;
			}
			void this._sendFiles([...transfer.files]);
		});
	}

	/** The host's list of waiting images, and why the last ones asked for were refused (if so). */
	show(attachments: readonly StudioPendingAttachmentView[], errors: readonly string[]): void {
		this._chipUrls.forEach((url) => URL.revokeObjectURL(url));
		this._chipUrls = [];
		this.chips.replaceChildren(
			...attachments.map((attachment) => {
				const chip = h('li', { className: 'studio-chip' });
				chip.dataset.attachmentId = attachment.id;
				const url = URL.createObjectURL(new Blob([attachment.bytes as Uint8Array<ArrayBuffer>], { type: attachment.mimeType }));
				this._chipUrls.push(url);
				const thumb = h('img', { className: 'studio-chip-thumb' });
				thumb.src = url;
				thumb.alt = '';
				const remove = iconButton('studio-chip-remove', 'close', l10n.t('Remove {0}', attachment.name));
				remove.addEventListener('click', () => {
					this._post({ type: 'removeAttachment', id: attachment.id });
					this._prompt.focus();
				});
				const name = h('span', { className: 'studio-chip-name', text: attachment.name });
				name.title = attachment.name;
				chip.append(thumb, name, remove);
				return chip;
			}),
		);
		this.chips.hidden = attachments.length === 0;
		this._showError(errors.join(' '));
	}

	private _showError(message: string): void {
		this.error.textContent = message;
		this.error.hidden = message === '';
	}

	private async _sendFiles(files: readonly File[]): Promise<void> {
		const problems: string[] = [];
		for (const file of files) {
			if (file.size === 0 || file.size > MAX_STUDIO_ATTACHMENT_BYTES) {
				problems.push(
					file.name
						? file.size === 0
							? l10n.t('{0} is empty.', file.name)
							: l10n.t('{0} is too large to attach.', file.name)
						: file.size === 0
							? l10n.t('The pasted image is empty.')
							: l10n.t('The pasted image is too large to attach.'),
				);
				continue;
			}
			const bytes = new Uint8Array(await file.arrayBuffer());
			this._post({ type: 'attachBytes', name: (file.name || 'pasted image').slice(0, 200), bytes });
		}
		if (problems.length > 0) {
			this._showError(problems.join(' '));
		}
	}
}
