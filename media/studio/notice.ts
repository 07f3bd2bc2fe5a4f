// The dismissable banner above the conversation: a restored session's warning, or the host's `notice` messages.
import * as l10n from '@vscode/l10n';
import { h } from '../shared/dom';
import { codicon, iconButton } from './widgets';

export type NoticeSeverity = 'info' | 'warning' | 'error';

export class Notice {
	readonly element = h('div', { className: 'studio-notice', hidden: true, attrs: { role: 'status' } });
	private readonly _text = h('span', { className: 'studio-notice-text' });
	private readonly _icon = codicon('info', 'studio-notice-icon');

	constructor() {
		const dismiss = iconButton('studio-notice-dismiss', 'close', l10n.t('Dismiss'));
		dismiss.addEventListener('click', () => (this.element.hidden = true));
		this.element.append(this._icon, this._text, dismiss);
	}

	/** Shows `message` (an empty one hides the banner). */
	show(message: string, severity: NoticeSeverity): void {
		this._text.textContent = message;
		this.element.hidden = !message;
		this.element.classList.remove('studio-notice-info', 'studio-notice-warning', 'studio-notice-error');
		this.element.classList.add(`studio-notice-${severity}`);
		this.element.setAttribute('role', severity === 'error' ? 'alert' : 'status');
		this._icon.classList.remove('codicon-info', 'codicon-warning', 'codicon-error');
		this._icon.classList.add(`codicon-${severity}`);
	}
}
