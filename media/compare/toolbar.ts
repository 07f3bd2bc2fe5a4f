// The toolbar's own parts: the mode tabs (WAI-ARIA tabs), the note when the sizes differ, and the follow-up actions
// the host offers. The zoom group and the mode-specific controls come from their rooms (./zoomPan.ts, ./modes.ts,
// ./differenceMode.ts); ./view.ts puts them together.
import * as l10n from '@vscode/l10n';
import { COMPARE_ACTION_LABELS, COMPARE_MODES, type CompareAction, type CompareMode } from '../../src/shared/protocol';
import { button, h } from '../shared/dom';
import { bothImages, dimensions, type LoadedPair } from './images';

/** Each mode's keyboard shortcut. */
export const MODE_INFO: Record<CompareMode, { readonly key: string }> = {
	sideBySide: { key: '1' },
	swipe: { key: '2' },
	onion: { key: '3' },
	difference: { key: '4' },
};

/** A mode's tab label in the display language. */
export function modeLabel(mode: CompareMode): string {
	switch (mode) {
		case 'sideBySide':
			return l10n.t('Side by Side');
		case 'swipe':
			return l10n.t('Swipe');
		case 'onion':
			return l10n.t('Onion Skin');
		case 'difference':
			return l10n.t('Difference');
	}
}

/** A follow-up action's button label in the display language (COMPARE_ACTION_LABELS is the English, for the log). */
export function actionLabel(action: CompareAction): string {
	switch (action) {
		case 'replace':
			return l10n.t('Replace Original');
		case 'saveAsNew':
			return l10n.t('Save as New File');
		case 'discard':
			return l10n.t('Discard');
		case 'editAgain':
			return l10n.t('Edit Again');
		default:
			return COMPARE_ACTION_LABELS[action];
	}
}

export class ModeTabs {
	private readonly _buttons = new Map<CompareMode, HTMLButtonElement>();

	/**
	 * @param _isAvailable whether a mode can be shown (the overlay modes need both images).
	 * @param _select shows a mode the user chose.
	 */
	constructor(
		private readonly _isAvailable: (mode: CompareMode) => boolean,
		private readonly _select: (mode: CompareMode) => void,
	) {}

	build(): HTMLElement {
		this._buttons.clear();
		const tabs = h('div', { className: 'modes', attrs: { role: 'tablist', 'aria-label': l10n.t('Compare mode') } });
		for (const mode of COMPARE_MODES) {
			const info = MODE_INFO[mode];
			const label = modeLabel(mode);
			const available = this._isAvailable(mode);
			const tab = button(label, {
				className: 'mode',
				attrs: {
					role: 'tab',
					id: `mode-${mode}`,
					'data-mode': mode,
					'aria-controls': 'compare-stage',
					'aria-keyshortcuts': info.key,
					title: available ? `${label} (${info.key})` : l10n.t('{0} needs both images', label),
				},
				onClick: () => this._select(mode),
			});
			tab.disabled = !available;
			tab.addEventListener('keydown', (event) => this._onTabKey(event, mode));
			this._buttons.set(mode, tab);
			tabs.append(tab);
		}
		return tabs;
	}

	/** Marks `mode` as the selected tab (the only one in the tab order). */
	selected(mode: CompareMode): void {
		for (const [candidate, tab] of this._buttons) {
			const selected = candidate === mode;
			tab.setAttribute('aria-selected', String(selected));
			tab.tabIndex = selected ? 0 : -1;
		}
	}

	/** Arrow keys move between tabs (WAI-ARIA tabs pattern, automatic activation). */
	private _onTabKey(event: KeyboardEvent, mode: CompareMode): void {
		const enabled = COMPARE_MODES.filter((candidate) => this._isAvailable(candidate));
		const index = enabled.indexOf(mode);
		let next: CompareMode | undefined;
		if (event.key === 'ArrowRight' || event.key === 'ArrowDown') {
			next = enabled[(index + 1) % enabled.length];
		} else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') {
			next = enabled[(index - 1 + enabled.length) % enabled.length];
		} else if (event.key === 'Home') {
			next = enabled[0];
		} else if (event.key === 'End') {
			next = enabled[enabled.length - 1];
		}
		if (next) {
			event.preventDefault();
			this._select(next);
			this._buttons.get(next)?.focus();
		}
	}
}

/** Says so when the sizes differ (the after image is then stretched onto the before one); undefined when they match. */
export function sizeNote(pair: LoadedPair): HTMLElement | undefined {
	const images = bothImages(pair);
	if (!images || (images.before.width === images.after.width && images.before.height === images.after.height)) {
		return undefined;
	}
	const { before, after } = images;
	const text = l10n.t('Sizes differ: {0} vs {1}', dimensions(before), dimensions(after));
	return h('div', {
		className: 'size-note',
		attrs: {
			id: 'size-note',
			role: 'note',
			title: l10n.t('{0}. The after image is scaled to {1} to line up with the before image.', text, dimensions(before)),
		},
		text: l10n.t('⚠ {0} (after scaled to before)', text),
	});
}

/** The follow-up buttons the host offers (Replace, Save as New, …), disabled while one runs. */
export class ActionButtons {
	private readonly _buttons = new Map<CompareAction, HTMLButtonElement>();
	private _status: HTMLElement | undefined;

	constructor(private readonly _run: (action: CompareAction) => void) {}

	/** The action group, or undefined when the host offers none (a plain comparison). */
	build(actions: readonly CompareAction[]): HTMLElement | undefined {
		this._buttons.clear();
		this._status = undefined;
		if (actions.length === 0) {
			return undefined;
		}
		const group = h('div', { className: 'actions', attrs: { role: 'group', 'aria-label': l10n.t('Actions') } });
		// The first of Replace / Save as New / the first offered is the primary (filled) button.
		const primary = actions.includes('replace') ? 'replace' : actions.includes('saveAsNew') ? 'saveAsNew' : actions[0];
		for (const action of actions) {
			const element = button(actionLabel(action), {
				className: action === primary ? 'action primary' : 'action secondary',
				attrs: { 'data-action': action },
				onClick: () => this._run(action),
			});
			this._buttons.set(action, element);
			group.append(element);
		}
		this._status = h('span', { className: 'action-status', attrs: { role: 'alert' }, hidden: true });
		group.append(this._status);
		return group;
	}

	/** Disables the buttons while the host runs an action, and says so when it failed. */
	status(action: CompareAction, status: 'running' | 'done' | 'failed'): void {
		const running = status === 'running';
		for (const [candidate, element] of this._buttons) {
			element.disabled = running;
			element.classList.toggle('running', running && candidate === action);
		}
		if (this._status) {
			this._status.textContent = status === 'failed' ? l10n.t('{0} failed. The details are in the Gemini Image Studio log.', actionLabel(action)) : '';
			this._status.hidden = status !== 'failed';
		}
	}
}
