// The compare view: builds the toolbar and the stage from the rooms (./toolbar.ts, ./zoomPan.ts, ./modes.ts,
// ./differenceMode.ts), keeps the mode, and owns the page-wide keyboard shortcuts.
import * as l10n from '@vscode/l10n';
import { COMPARE_MODES, type CompareAction, type CompareMode, type CompareToWebview } from '../../src/shared/protocol';
import { h } from '../shared/dom';
import { DifferenceMode } from './differenceMode';
import { bothImages, loadSide, referenceSize, type LoadedPair } from './images';
import { buildSideBySide, OnionMode, SwipeMode, type PanelSite } from './modes';
import { ActionButtons, MODE_INFO, ModeTabs, sizeNote } from './toolbar';
import { ZoomPan } from './zoomPan';

export type InitMessage = Extract<CompareToWebview, { type: 'init' }>;

export interface HostChannel {
	modeChanged(mode: CompareMode): void;
	action(action: CompareAction): void;
}

export class CompareUi {
	private _mode: CompareMode = 'sideBySide';
	private _pair: LoadedPair | undefined;
	private _urls: string[] = [];
	private _stage: HTMLElement | undefined;
	private readonly _modePanels = new Map<CompareMode, HTMLElement>();
	private readonly _modeControls = new Map<CompareMode, HTMLElement>();

	private readonly _tabs = new ModeTabs(
		(mode) => this._isModeAvailable(mode),
		(mode) => this._setMode(mode, true),
	);
	private readonly _zoom = new ZoomPan({ referenceSize: () => referenceSize(this._pair), mode: () => this._mode });
	private readonly _swipe = new SwipeMode();
	private readonly _onion = new OnionMode();
	private readonly _difference = new DifferenceMode();
	private readonly _actions: ActionButtons;

	constructor(
		private readonly _root: HTMLElement,
		private readonly _host: HostChannel,
	) {
		this._actions = new ActionButtons((action) => this._host.action(action));
		document.addEventListener('keydown', (event) => this._onKeyDown(event));
	}

	/** Builds the whole view for an `init` message (again, if the host sends another). */
	async show(init: InitMessage): Promise<void> {
		for (const url of this._urls.splice(0)) {
			URL.revokeObjectURL(url);
		}
		document.title = init.title;
		const [before, after] = await Promise.all([loadSide(init.before, this._urls), loadSide(init.after, this._urls)]);
		this._pair = { before, after };
		this._difference.reset();
		this._mode = this._isModeAvailable(init.mode) ? init.mode : 'sideBySide';
		this._build(this._pair, init.actions);
		this._setMode(this._mode, false);
		this._root.removeAttribute('aria-busy');
	}

	/** Disables the action buttons while the host runs one, and says so when it failed. */
	actionStatus(action: CompareAction, status: 'running' | 'done' | 'failed'): void {
		this._actions.status(action, status);
	}

	/** Shows a failure of the view itself in place of the comparison. */
	showFatal(message: string): void {
		this._root.replaceChildren(h('div', { className: 'fatal', attrs: { role: 'alert' }, text: message }));
		this._root.removeAttribute('aria-busy');
	}

	private _isModeAvailable(mode: CompareMode): boolean {
		// Overlay modes need both images; side by side also shows a missing side's message.
		return mode === 'sideBySide' || bothImages(this._pair) !== undefined;
	}

	private _build(pair: LoadedPair, actions: readonly CompareAction[]): void {
		this._modePanels.clear();
		this._modeControls.clear();
		this._zoom.reset();

		const toolbar = h('header', { className: 'toolbar', attrs: { id: 'compare-toolbar', 'aria-label': l10n.t('Compare controls') } });
		const onionControl = this._onion.control();
		const differenceControl = this._difference.control();
		this._modeControls.set('onion', onionControl);
		this._modeControls.set('difference', differenceControl);
		// Zoom right after the tabs, so it stays put while the mode-specific controls come and go.
		toolbar.append(this._tabs.build(), this._zoom.controls(), h('div', { className: 'mode-controls' }, onionControl, differenceControl));
		const note = sizeNote(pair);
		if (note) {
			toolbar.append(note);
		}
		const actionGroup = this._actions.build(actions);
		if (actionGroup) {
			toolbar.append(actionGroup);
		}

		const stage = h('section', { className: 'stage', attrs: { id: 'compare-stage', role: 'tabpanel', tabindex: '0' } });
		this._stage = stage;
		this._zoom.attach(stage);
		const site: PanelSite = {
			viewport: () => this._zoom.viewport(),
			register: (mode, panel, viewports, transformed) => {
				panel.hidden = true;
				this._modePanels.set(mode, panel);
				this._zoom.register(mode, viewports, transformed);
			},
		};
		stage.append(buildSideBySide(pair, site), this._swipe.build(pair, site), this._onion.build(pair, site), this._difference.build(pair, site));

		this._root.replaceChildren(toolbar, stage);
	}

	private _setMode(mode: CompareMode, fromUser: boolean): void {
		if (!this._isModeAvailable(mode) || !this._stage) {
			return;
		}
		const changed = mode !== this._mode;
		this._mode = mode;
		this._tabs.selected(mode);
		for (const [candidate, panel] of this._modePanels) {
			panel.hidden = candidate !== mode;
		}
		for (const [candidate, controls] of this._modeControls) {
			controls.hidden = candidate !== mode;
		}
		this._stage.setAttribute('aria-labelledby', `mode-${mode}`);
		this._stage.dataset.mode = mode;
		if (mode === 'difference') {
			this._difference.ensure(this._pair);
		}
		this._onion.apply();
		this._swipe.apply();
		this._zoom.layout();
		if (fromUser && changed) {
			this._host.modeChanged(mode);
		}
	}

	private _onKeyDown(event: KeyboardEvent): void {
		// Modified keys belong to VS Code's keybindings, which the webview forwards.
		if (event.ctrlKey || event.metaKey || event.altKey || !this._stage) {
			return;
		}
		const mode = COMPARE_MODES.find((candidate) => MODE_INFO[candidate].key === event.key);
		if (mode) {
			event.preventDefault();
			this._setMode(mode, true);
			return;
		}
		switch (event.key) {
			case '+':
			case '=':
				event.preventDefault();
				this._zoom.zoomStep(1);
				return;
			case '-':
			case '_':
				event.preventDefault();
				this._zoom.zoomStep(-1);
				return;
			case '0':
				event.preventDefault();
				this._zoom.fit();
				return;
		}
	}
}
