// The compare view's UI: toolbar, the four modes, and one zoom/pan state shared by every image in every mode.
//
// Coordinates: the view state is a scale plus the image-space point shown at the centre of the viewport, not a
// pixel offset, so it means the same thing in a half-width side-by-side pane and in the full-width swipe view.
// Image space is the "before" image's pixels; an "after" of another size is stretched onto it in every mode, so
// that the same zoom and pan always show the same part of both (the toolbar says when sizes differ).
import { COMPARE_ACTION_LABELS, COMPARE_MODES, type CompareAction, type CompareMode, type CompareSide, type CompareToWebview } from '../../src/shared/protocol';
import { CHANGED_COLOUR, computeDifference, countChanged, paintDifference, type DifferenceData } from './difference';
import { button, clamp, h } from './dom';

export type InitMessage = Extract<CompareToWebview, { type: 'init' }>;

export interface HostChannel {
	modeChanged(mode: CompareMode): void;
	action(action: CompareAction): void;
}

interface LoadedImage {
	readonly kind: 'image';
	readonly label: string;
	readonly url: string;
	readonly width: number;
	readonly height: number;
	/** Decoded once; the difference mode draws it to canvases. */
	readonly image: HTMLImageElement;
}

type LoadedSide = LoadedImage | { readonly kind: 'unavailable'; readonly label: string; readonly message: string };

const MODE_INFO: Record<CompareMode, { readonly label: string; readonly key: string }> = {
	sideBySide: { label: 'Side by Side', key: '1' },
	swipe: { label: 'Swipe', key: '2' },
	onion: { label: 'Onion Skin', key: '3' },
	difference: { label: 'Difference', key: '4' },
};

const ZOOM_STEPS = [0.05, 0.1, 0.125, 0.25, 0.33, 0.5, 0.67, 0.75, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64];
const MIN_SCALE = ZOOM_STEPS[0];
const MAX_SCALE = ZOOM_STEPS[ZOOM_STEPS.length - 1];
/** Breathing room around a fitted image, in CSS pixels. */
const FIT_MARGIN = 12;
export const DEFAULT_THRESHOLD = 16;

export class CompareUi {
	private _mode: CompareMode = 'sideBySide';
	private _scale = 1;
	private _centerX = 0;
	private _centerY = 0;
	private _fitted = true;
	private _swipe = 0.5;
	private _threshold = DEFAULT_THRESHOLD;
	private _before: LoadedSide | undefined;
	private _after: LoadedSide | undefined;
	private _urls: string[] = [];

	private readonly _modeButtons = new Map<CompareMode, HTMLButtonElement>();
	private readonly _modePanels = new Map<CompareMode, HTMLElement>();
	private readonly _modeControls = new Map<CompareMode, HTMLElement>();
	/** Per mode: its viewports, and the elements that carry the shared transform. */
	private readonly _viewports = new Map<CompareMode, HTMLElement[]>();
	private readonly _transformed = new Map<CompareMode, HTMLElement[]>();
	private readonly _actionButtons = new Map<CompareAction, HTMLButtonElement>();

	private _stage!: HTMLElement;
	private _zoomLabel!: HTMLOutputElement;
	private _fitButton!: HTMLButtonElement;
	private _actionStatus: HTMLElement | undefined;
	private _resizeObserver: ResizeObserver | undefined;
	private _swipeLayer: HTMLElement | undefined;
	private _swipeDivider: HTMLElement | undefined;
	private _onionAfter: HTMLElement | undefined;
	private _opacityInput: HTMLInputElement | undefined;
	private _diffCanvas: HTMLCanvasElement | undefined;
	private _diffStats: HTMLElement | undefined;
	private _diffBusy: HTMLElement | undefined;
	private _diff: { data: DifferenceData; output: ImageData; context: CanvasRenderingContext2D } | undefined;
	private _diffFailed = false;
	private _repaintScheduled = false;
	/** The threshold the mask on screen was painted with. */
	private _repaintedThreshold: number | undefined;
	private _layoutScheduled = false;

	constructor(
		private readonly _root: HTMLElement,
		private readonly _host: HostChannel,
	) {
		document.addEventListener('keydown', (event) => this._onKeyDown(event));
	}

	/** Builds the whole view for an `init` message (again, if the host sends another). */
	async show(init: InitMessage): Promise<void> {
		for (const url of this._urls.splice(0)) {
			URL.revokeObjectURL(url);
		}
		document.title = init.title;
		const [before, after] = await Promise.all([this._load(init.before), this._load(init.after)]);
		this._before = before;
		this._after = after;
		this._diff = undefined;
		this._diffFailed = false;
		this._repaintedThreshold = undefined;
		this._mode = this._isModeAvailable(init.mode) ? init.mode : 'sideBySide';
		this._fitted = true;
		this._build(init.actions);
		this._setMode(this._mode, false);
		this._root.removeAttribute('aria-busy');
	}

	/** Disables the action buttons while the host runs one, and says so when it failed. */
	actionStatus(action: CompareAction, status: 'running' | 'done' | 'failed'): void {
		const running = status === 'running';
		for (const [candidate, element] of this._actionButtons) {
			element.disabled = running;
			element.classList.toggle('running', running && candidate === action);
		}
		if (this._actionStatus) {
			this._actionStatus.textContent = status === 'failed' ? `${COMPARE_ACTION_LABELS[action]} failed. The details are in the Gemini Image Studio log.` : '';
			this._actionStatus.hidden = status !== 'failed';
		}
	}

	/** Shows a failure of the view itself in place of the comparison. */
	showFatal(message: string): void {
		this._root.replaceChildren(h('div', { className: 'fatal', attrs: { role: 'alert' }, text: message }));
		this._root.removeAttribute('aria-busy');
	}

	// --- loading -----------------------------------------------------------------------------------------------

	private async _load(side: CompareSide): Promise<LoadedSide> {
		if (side.kind !== 'image') {
			return side;
		}
		if (!(side.bytes instanceof Uint8Array)) {
			return { kind: 'unavailable', label: side.label, message: `${side.label} did not arrive intact.` };
		}
		const url = URL.createObjectURL(new Blob([side.bytes as Uint8Array<ArrayBuffer>], { type: side.mimeType }));
		this._urls.push(url);
		const image = new Image();
		image.src = url;
		try {
			await image.decode();
		} catch {
			return { kind: 'unavailable', label: side.label, message: `${side.label} could not be decoded: the file may be damaged.` };
		}
		if (image.naturalWidth === 0 || image.naturalHeight === 0) {
			return { kind: 'unavailable', label: side.label, message: `${side.label} has no pixels.` };
		}
		return { kind: 'image', label: side.label, url, width: image.naturalWidth, height: image.naturalHeight, image };
	}

	private _images(): { before: LoadedImage; after: LoadedImage } | undefined {
		return this._before?.kind === 'image' && this._after?.kind === 'image' ? { before: this._before, after: this._after } : undefined;
	}

	private _isModeAvailable(mode: CompareMode): boolean {
		// Overlay modes need both images; side by side also shows a missing side's message.
		return mode === 'sideBySide' || this._images() !== undefined;
	}

	// --- building ----------------------------------------------------------------------------------------------

	private _build(actions: readonly CompareAction[]): void {
		this._modeButtons.clear();
		this._modePanels.clear();
		this._modeControls.clear();
		this._viewports.clear();
		this._transformed.clear();
		this._actionButtons.clear();

		const toolbar = h('header', { className: 'toolbar', attrs: { id: 'compare-toolbar', 'aria-label': 'Compare controls' } });
		// Zoom right after the tabs, so it stays put while the mode-specific controls come and go.
		toolbar.append(this._buildModeTabs(), this._buildZoomControls(), this._buildModeControls());
		const sizeNote = this._buildSizeNote();
		if (sizeNote) {
			toolbar.append(sizeNote);
		}
		if (actions.length > 0) {
			toolbar.append(this._buildActions(actions));
		}

		this._stage = h('section', { className: 'stage', attrs: { id: 'compare-stage', role: 'tabpanel', tabindex: '0' } });
		this._stage.addEventListener('wheel', (event) => this._onWheel(event), { passive: false });
		this._stage.addEventListener('keydown', (event) => this._onStageKey(event));
		this._stage.append(this._buildSideBySide(), this._buildSwipe(), this._buildOnion(), this._buildDifference());
		this._resizeObserver?.disconnect();
		this._resizeObserver = new ResizeObserver(() => this._scheduleLayout());
		this._resizeObserver.observe(this._stage);

		this._root.replaceChildren(toolbar, this._stage);
	}

	private _buildModeTabs(): HTMLElement {
		const tabs = h('div', { className: 'modes', attrs: { role: 'tablist', 'aria-label': 'Compare mode' } });
		for (const mode of COMPARE_MODES) {
			const info = MODE_INFO[mode];
			const available = this._isModeAvailable(mode);
			const tab = button(info.label, {
				className: 'mode',
				attrs: {
					role: 'tab',
					id: `mode-${mode}`,
					'data-mode': mode,
					'aria-controls': 'compare-stage',
					'aria-keyshortcuts': info.key,
					title: available ? `${info.label} (${info.key})` : `${info.label} needs both images`,
				},
				onClick: () => this._setMode(mode, true),
			});
			tab.disabled = !available;
			tab.addEventListener('keydown', (event) => this._onTabKey(event, mode));
			this._modeButtons.set(mode, tab);
			tabs.append(tab);
		}
		return tabs;
	}

	/** Arrow keys move between tabs (WAI-ARIA tabs pattern, automatic activation). */
	private _onTabKey(event: KeyboardEvent, mode: CompareMode): void {
		const enabled = COMPARE_MODES.filter((candidate) => this._isModeAvailable(candidate));
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
			this._setMode(next, true);
			this._modeButtons.get(next)?.focus();
		}
	}

	private _buildModeControls(): HTMLElement {
		const group = h('div', { className: 'mode-controls' });

		const opacity = h('input', { attrs: { type: 'range', min: '0', max: '100', step: '1', value: '50', id: 'onion-opacity', 'aria-label': 'Opacity of the after image' } });
		const opacityValue = h('output', { text: '50 %', attrs: { for: 'onion-opacity', 'aria-hidden': 'true' } });
		opacity.addEventListener('input', () => {
			opacityValue.textContent = `${opacity.value} %`;
			this._applyOpacity();
		});
		this._opacityInput = opacity;
		const onion = h('div', { className: 'control', attrs: { 'data-for': 'onion' } }, h('label', { text: 'Opacity', attrs: { for: 'onion-opacity' } }), opacity, opacityValue);
		this._modeControls.set('onion', onion);

		const threshold = h('input', {
			attrs: { type: 'range', min: '0', max: '255', step: '1', value: String(this._threshold), id: 'diff-threshold', 'aria-label': 'Difference threshold (0 to 255)' },
		});
		const thresholdValue = h('output', { text: String(this._threshold), attrs: { for: 'diff-threshold', 'aria-hidden': 'true' } });
		threshold.addEventListener('input', () => {
			this._threshold = Number(threshold.value);
			thresholdValue.textContent = threshold.value;
			this._scheduleRepaint();
		});
		const swatch = h('span', { className: 'swatch', attrs: { 'aria-hidden': 'true', title: 'Changed pixels' } });
		this._diffStats = h('span', { className: 'diff-stats', attrs: { id: 'diff-stats', role: 'status', 'aria-live': 'polite' } });
		const difference = h(
			'div',
			{ className: 'control', attrs: { 'data-for': 'difference' } },
			h('label', { text: 'Threshold', attrs: { for: 'diff-threshold', title: 'A pixel counts as changed when a channel differs by more than this' } }),
			threshold,
			thresholdValue,
			swatch,
			this._diffStats,
		);
		this._modeControls.set('difference', difference);

		group.append(onion, difference);
		return group;
	}

	private _buildZoomControls(): HTMLElement {
		const zoomOut = button('−', { className: 'icon', attrs: { 'aria-label': 'Zoom out', title: 'Zoom out (-)', 'aria-keyshortcuts': '-' }, onClick: () => this._zoomStep(-1) });
		this._zoomLabel = h('output', { className: 'zoom-level', attrs: { id: 'zoom-level', 'aria-label': 'Zoom level' } });
		const zoomIn = button('+', { className: 'icon', attrs: { 'aria-label': 'Zoom in', title: 'Zoom in (+)', 'aria-keyshortcuts': '+' }, onClick: () => this._zoomStep(1) });
		this._fitButton = button('Fit', { attrs: { id: 'zoom-fit', 'aria-label': 'Fit to window', title: 'Fit to window (0)', 'aria-keyshortcuts': '0' }, onClick: () => this._fit() });
		const actual = button('1:1', { attrs: { id: 'zoom-actual', 'aria-label': 'Actual size', title: 'Actual size (1:1)' }, onClick: () => this._zoomTo(1) });
		const group = h('div', { className: 'zoom', attrs: { role: 'group', 'aria-label': 'Zoom' } }, zoomOut, this._zoomLabel, zoomIn, this._fitButton, actual);
		if (!this._referenceSize()) {
			for (const control of [zoomOut, zoomIn, this._fitButton, actual]) {
				control.disabled = true;
			}
		}
		return group;
	}

	private _buildSizeNote(): HTMLElement | undefined {
		const images = this._images();
		if (!images || (images.before.width === images.after.width && images.before.height === images.after.height)) {
			return undefined;
		}
		const { before, after } = images;
		const text = `Sizes differ: ${dimensions(before)} vs ${dimensions(after)}`;
		return h('div', {
			className: 'size-note',
			attrs: { id: 'size-note', role: 'note', title: `${text}. The after image is scaled to ${dimensions(before)} to line up with the before image.` },
			text: `⚠ ${text} (after scaled to before)`,
		});
	}

	private _buildActions(actions: readonly CompareAction[]): HTMLElement {
		const group = h('div', { className: 'actions', attrs: { role: 'group', 'aria-label': 'Actions' } });
		// The first of Replace / Save as New / the first offered is the primary (filled) button.
		const primary = actions.includes('replace') ? 'replace' : actions.includes('saveAsNew') ? 'saveAsNew' : actions[0];
		for (const action of actions) {
			const element = button(COMPARE_ACTION_LABELS[action], {
				className: action === primary ? 'action primary' : 'action secondary',
				attrs: { 'data-action': action },
				onClick: () => this._host.action(action),
			});
			this._actionButtons.set(action, element);
			group.append(element);
		}
		this._actionStatus = h('span', { className: 'action-status', attrs: { role: 'alert' }, hidden: true });
		group.append(this._actionStatus);
		return group;
	}

	private _buildSideBySide(): HTMLElement {
		const panel = h('div', { className: 'mode-panel side-by-side', attrs: { 'data-panel': 'sideBySide' } });
		const viewports: HTMLElement[] = [];
		const transformed: HTMLElement[] = [];
		for (const [role, side] of [
			['Before', this._before],
			['After', this._after],
		] as const) {
			const viewport = this._viewport();
			const header = h('div', { className: 'pane-header' }, h('strong', { text: role }), h('span', { className: 'pane-label', text: side?.label ?? '' }));
			if (side?.kind === 'image') {
				header.append(h('span', { className: 'pane-size', text: dimensions(side) }));
				// Drawn in before's frame like in every mode, so zoom and pan show the same part of both.
				const frame = this._before?.kind === 'image' ? this._before : side;
				const image = this._imageElement(side, frame.width, frame.height, `${role}: ${side.label}`);
				viewport.append(image);
				transformed.push(image);
			} else if (side) {
				viewport.append(h('div', { className: 'unavailable', attrs: { role: 'alert' }, text: side.message }));
			}
			viewports.push(viewport);
			panel.append(h('div', { className: 'pane', attrs: { 'data-side': role.toLowerCase() } }, header, viewport));
		}
		this._register('sideBySide', panel, viewports, transformed);
		return panel;
	}

	private _buildSwipe(): HTMLElement {
		const panel = h('div', { className: 'mode-panel', attrs: { 'data-panel': 'swipe' }, hidden: true });
		const images = this._images();
		if (!images) {
			return panel; // Needs both images; its tab is disabled.
		}
		const viewport = this._viewport();
		const before = this._imageElement(images.before, images.before.width, images.before.height, `Before: ${images.before.label}`);
		const after = this._imageElement(images.after, images.before.width, images.before.height, `After: ${images.after.label}`);
		// The clip lives on a layer the size of the viewport, so the divider stays where it is while panning.
		this._swipeLayer = h('div', { className: 'swipe-layer' }, after);
		this._swipeDivider = h(
			'div',
			{
				className: 'swipe-divider',
				attrs: { role: 'slider', tabindex: '0', 'aria-label': 'Swipe divider: before on the left, after on the right', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-orientation': 'horizontal' },
			},
			h('div', { className: 'swipe-handle', attrs: { 'aria-hidden': 'true' }, text: '◀▶' }),
		);
		this._wireDivider(this._swipeDivider, viewport);
		viewport.append(before, this._swipeLayer, this._swipeDivider, badge('Before', 'left'), badge('After', 'right'));
		panel.append(viewport);
		this._register('swipe', panel, [viewport], [before, after]);
		return panel;
	}

	private _buildOnion(): HTMLElement {
		const panel = h('div', { className: 'mode-panel', attrs: { 'data-panel': 'onion' }, hidden: true });
		const images = this._images();
		if (!images) {
			return panel; // Needs both images; its tab is disabled.
		}
		const viewport = this._viewport();
		const before = this._imageElement(images.before, images.before.width, images.before.height, `Before: ${images.before.label}`);
		const after = this._imageElement(images.after, images.before.width, images.before.height, `After: ${images.after.label}, partly transparent`);
		after.classList.add('onion-after');
		this._onionAfter = after;
		viewport.append(before, after, badge('After over Before', 'left'));
		panel.append(viewport);
		this._register('onion', panel, [viewport], [before, after]);
		return panel;
	}

	private _buildDifference(): HTMLElement {
		const panel = h('div', { className: 'mode-panel', attrs: { 'data-panel': 'difference' }, hidden: true });
		const images = this._images();
		if (!images) {
			return panel; // Needs both images; its tab is disabled.
		}
		const viewport = this._viewport();
		const canvas = h('canvas', {
			className: 'content',
			attrs: { role: 'img', 'aria-label': `Pixels that differ between ${images.before.label} and ${images.after.label}, over a dimmed ${images.before.label}` },
		});
		canvas.width = images.before.width;
		canvas.height = images.before.height;
		canvas.style.width = `${images.before.width}px`;
		canvas.style.height = `${images.before.height}px`;
		this._diffCanvas = canvas;
		this._diffBusy = h('div', { className: 'busy', text: 'Computing difference…', hidden: true });
		viewport.append(canvas, this._diffBusy, badge('Difference', 'left'));
		panel.append(viewport);
		this._register('difference', panel, [viewport], [canvas]);
		return panel;
	}

	private _register(mode: CompareMode, panel: HTMLElement, viewports: HTMLElement[], transformed: HTMLElement[]): void {
		panel.hidden = true;
		this._modePanels.set(mode, panel);
		this._viewports.set(mode, viewports);
		this._transformed.set(mode, transformed);
	}

	private _viewport(): HTMLElement {
		const viewport = h('div', { className: 'viewport' });
		this._wirePan(viewport);
		return viewport;
	}

	/** An `<img>` for one place in the view, laid out at `width`×`height` image-space pixels. */
	private _imageElement(side: LoadedImage, width: number, height: number, alt: string): HTMLImageElement {
		const image = h('img', { className: 'content', attrs: { alt } });
		image.draggable = false; // Dragging pans; the browser's image drag would fight it.
		image.src = side.url;
		image.style.width = `${width}px`;
		image.style.height = `${height}px`;
		return image;
	}

	// --- modes -------------------------------------------------------------------------------------------------

	private _setMode(mode: CompareMode, fromUser: boolean): void {
		if (!this._isModeAvailable(mode)) {
			return;
		}
		const changed = mode !== this._mode;
		this._mode = mode;
		for (const [candidate, tab] of this._modeButtons) {
			const selected = candidate === mode;
			tab.setAttribute('aria-selected', String(selected));
			tab.tabIndex = selected ? 0 : -1;
		}
		for (const [candidate, panel] of this._modePanels) {
			panel.hidden = candidate !== mode;
		}
		for (const [candidate, controls] of this._modeControls) {
			controls.hidden = candidate !== mode;
		}
		this._stage.setAttribute('aria-labelledby', `mode-${mode}`);
		this._stage.dataset.mode = mode;
		if (mode === 'difference') {
			this._ensureDifference();
		}
		this._applyOpacity();
		this._applySwipe();
		this._layout();
		if (fromUser && changed) {
			this._host.modeChanged(mode);
		}
	}

	private _applyOpacity(): void {
		if (this._onionAfter && this._opacityInput) {
			this._onionAfter.style.opacity = String(Number(this._opacityInput.value) / 100);
		}
	}

	private _applySwipe(): void {
		if (!this._swipeLayer || !this._swipeDivider) {
			return;
		}
		const percent = this._swipe * 100;
		this._swipeLayer.style.clipPath = `inset(0 0 0 ${percent}%)`;
		this._swipeDivider.style.left = `${percent}%`;
		this._swipeDivider.setAttribute('aria-valuenow', String(Math.round(percent)));
		this._swipeDivider.setAttribute('aria-valuetext', `${Math.round(percent)} % before, ${100 - Math.round(percent)} % after`);
	}

	private _wireDivider(divider: HTMLElement, viewport: HTMLElement): void {
		divider.addEventListener('pointerdown', (event) => {
			if (event.button !== 0) {
				return;
			}
			event.stopPropagation(); // Not a pan.
			event.preventDefault();
			divider.setPointerCapture(event.pointerId);
			divider.focus();
			const move = (moveEvent: PointerEvent): void => {
				const rect = viewport.getBoundingClientRect();
				this._swipe = clamp((moveEvent.clientX - rect.left) / Math.max(1, rect.width), 0, 1);
				this._applySwipe();
			};
			const end = (): void => {
				divider.removeEventListener('pointermove', move);
				divider.removeEventListener('pointerup', end);
				divider.removeEventListener('pointercancel', end);
				divider.classList.remove('dragging');
			};
			divider.classList.add('dragging');
			divider.addEventListener('pointermove', move);
			divider.addEventListener('pointerup', end);
			divider.addEventListener('pointercancel', end);
		});
		divider.addEventListener('keydown', (event) => {
			const step = event.shiftKey ? 0.1 : 0.01;
			const next =
				event.key === 'ArrowLeft' || event.key === 'ArrowDown'
					? this._swipe - step
					: event.key === 'ArrowRight' || event.key === 'ArrowUp'
						? this._swipe + step
						: event.key === 'Home'
							? 0
							: event.key === 'End'
								? 1
								: undefined;
			if (next !== undefined) {
				event.preventDefault();
				event.stopPropagation();
				this._swipe = clamp(next, 0, 1);
				this._applySwipe();
			}
		});
	}

	// --- difference --------------------------------------------------------------------------------------------

	private _ensureDifference(): void {
		if (this._diff || this._diffFailed) {
			return;
		}
		const images = this._images();
		if (!images || !this._diffCanvas || !this._diffBusy) {
			return;
		}
		this._diffBusy.hidden = false;
		this._setStats('Computing…');
		// Let the "Computing" state paint first: a 4K pair takes a noticeable moment.
		setTimeout(() => {
			try {
				const { width, height } = images.before;
				const scratch = document.createElement('canvas');
				scratch.width = width;
				scratch.height = height;
				const context = scratch.getContext('2d', { willReadFrequently: true });
				const output = this._diffCanvas?.getContext('2d');
				if (!context || !output) {
					throw new Error('no 2D canvas');
				}
				context.drawImage(images.before.image, 0, 0);
				const beforePixels = context.getImageData(0, 0, width, height);
				context.clearRect(0, 0, width, height);
				context.imageSmoothingQuality = 'high';
				context.drawImage(images.after.image, 0, 0, width, height);
				const afterPixels = context.getImageData(0, 0, width, height);
				this._diff = { data: computeDifference(beforePixels, afterPixels), output: output.createImageData(width, height), context: output };
				this._repaint();
			} catch (error) {
				this._diffFailed = true;
				this._setStats(`The difference could not be computed: ${error instanceof Error ? error.message : String(error)}`);
			} finally {
				if (this._diffBusy) {
					this._diffBusy.hidden = true;
				}
			}
		}, 0);
	}

	/** Coalesces slider input: at most one repaint per frame, and only when the threshold changed. */
	private _scheduleRepaint(): void {
		if (this._repaintScheduled) {
			return;
		}
		this._repaintScheduled = true;
		requestAnimationFrame(() => {
			this._repaintScheduled = false;
			this._repaint();
		});
	}

	private _repaint(): void {
		const diff = this._diff;
		if (!diff || this._repaintedThreshold === this._threshold) {
			return;
		}
		this._repaintedThreshold = this._threshold;
		paintDifference(diff.data, this._threshold, diff.output.data, CHANGED_COLOUR);
		diff.context.putImageData(diff.output, 0, 0);
		const total = diff.data.width * diff.data.height;
		const changed = countChanged(diff.data, this._threshold);
		const percent = (changed / total) * 100;
		const percentText = changed > 0 && percent < 0.01 ? '< 0.01' : percent.toFixed(percent >= 10 ? 1 : 2);
		this._setStats(`${changed.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} pixels changed (${percentText} %)`);
		this._diffStats?.setAttribute('data-changed', String(changed));
		this._diffStats?.setAttribute('data-total', String(total));
	}

	private _setStats(text: string): void {
		if (this._diffStats) {
			this._diffStats.textContent = text;
		}
	}

	// --- zoom and pan ------------------------------------------------------------------------------------------

	/** The image-space size everything is fitted to: "before", or "after" when only it could be loaded. */
	private _referenceSize(): { width: number; height: number } | undefined {
		const reference = this._before?.kind === 'image' ? this._before : this._after?.kind === 'image' ? this._after : undefined;
		return reference && { width: reference.width, height: reference.height };
	}

	private _viewportSize(): { width: number; height: number } {
		const viewport = this._viewports.get(this._mode)?.[0];
		return { width: viewport?.clientWidth ?? 0, height: viewport?.clientHeight ?? 0 };
	}

	private _fitScale(): number {
		const size = this._referenceSize();
		const viewport = this._viewportSize();
		if (!size || viewport.width <= 0 || viewport.height <= 0) {
			return 1;
		}
		// Never enlarge to fit (like VS Code's image preview): small images stay crisp at 1:1.
		const scale = Math.min(1, (viewport.width - 2 * FIT_MARGIN) / size.width, (viewport.height - 2 * FIT_MARGIN) / size.height);
		return clamp(scale, MIN_SCALE, MAX_SCALE);
	}

	private _fit(): void {
		this._fitted = true;
		this._layout();
	}

	/** Zooms keeping the image point under `anchor` (viewport pixels; default: the centre) in place. */
	private _zoomTo(scale: number, anchor?: { x: number; y: number }): void {
		const next = clamp(scale, MIN_SCALE, MAX_SCALE);
		this._unfit();
		if (anchor) {
			const viewport = this._viewportSize();
			const offsetX = anchor.x - viewport.width / 2;
			const offsetY = anchor.y - viewport.height / 2;
			const imageX = this._centerX + offsetX / this._scale;
			const imageY = this._centerY + offsetY / this._scale;
			this._centerX = imageX - offsetX / next;
			this._centerY = imageY - offsetY / next;
		}
		this._scale = next;
		this._layout();
	}

	private _zoomStep(direction: 1 | -1): void {
		const current = this._fitted ? this._fitScale() : this._scale;
		const next = direction > 0 ? ZOOM_STEPS.find((step) => step > current * 1.001) : [...ZOOM_STEPS].reverse().find((step) => step < current / 1.001);
		this._zoomTo(next ?? current);
	}

	/** Leaves "fit" mode, taking over the fitted scale and centre as the starting point. */
	private _unfit(): void {
		if (!this._fitted) {
			return;
		}
		const size = this._referenceSize();
		this._scale = this._fitScale();
		this._centerX = (size?.width ?? 0) / 2;
		this._centerY = (size?.height ?? 0) / 2;
		this._fitted = false;
	}

	private _panBy(dx: number, dy: number): void {
		this._unfit();
		this._centerX -= dx / this._scale;
		this._centerY -= dy / this._scale;
		this._layout();
	}

	private _onWheel(event: WheelEvent): void {
		const viewport = (event.target as Element | null)?.closest('.viewport');
		if (!viewport || !this._referenceSize()) {
			return;
		}
		event.preventDefault();
		const pixels = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? event.deltaY * 16 : event.deltaMode === WheelEvent.DOM_DELTA_PAGE ? event.deltaY * 400 : event.deltaY;
		const rect = viewport.getBoundingClientRect();
		this._unfit();
		this._zoomTo(this._scale * Math.exp(-clamp(pixels, -300, 300) * 0.0015), { x: event.clientX - rect.left, y: event.clientY - rect.top });
	}

	private _wirePan(viewport: HTMLElement): void {
		viewport.addEventListener('pointerdown', (event) => {
			if ((event.button !== 0 && event.button !== 1) || !this._referenceSize()) {
				return;
			}
			event.preventDefault();
			// preventDefault also stops the click from focusing the page: focus the stage so shortcuts work.
			this._stage.focus({ preventScroll: true });
			viewport.setPointerCapture(event.pointerId);
			viewport.classList.add('panning');
			let lastX = event.clientX;
			let lastY = event.clientY;
			const move = (moveEvent: PointerEvent): void => {
				this._panBy(moveEvent.clientX - lastX, moveEvent.clientY - lastY);
				lastX = moveEvent.clientX;
				lastY = moveEvent.clientY;
			};
			const end = (): void => {
				viewport.removeEventListener('pointermove', move);
				viewport.removeEventListener('pointerup', end);
				viewport.removeEventListener('pointercancel', end);
				viewport.classList.remove('panning');
			};
			viewport.addEventListener('pointermove', move);
			viewport.addEventListener('pointerup', end);
			viewport.addEventListener('pointercancel', end);
		});
		viewport.addEventListener('dblclick', (event) => {
			// Double-click: fitted → 1:1 at the pointer, otherwise back to fit.
			if (this._fitted) {
				const rect = viewport.getBoundingClientRect();
				this._zoomTo(1, { x: event.clientX - rect.left, y: event.clientY - rect.top });
			} else {
				this._fit();
			}
		});
	}

	private _onStageKey(event: KeyboardEvent): void {
		if (event.target !== this._stage || event.ctrlKey || event.metaKey || event.altKey) {
			return;
		}
		const viewport = this._viewportSize();
		const step = Math.max(16, Math.min(viewport.width, viewport.height) / 10);
		const moves: Record<string, [number, number]> = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
		const move = moves[event.key];
		if (move) {
			event.preventDefault();
			this._panBy(move[0], move[1]);
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
				this._zoomStep(1);
				return;
			case '-':
			case '_':
				event.preventDefault();
				this._zoomStep(-1);
				return;
			case '0':
				event.preventDefault();
				this._fit();
				return;
		}
	}

	private _scheduleLayout(): void {
		if (this._layoutScheduled) {
			return;
		}
		this._layoutScheduled = true;
		requestAnimationFrame(() => {
			this._layoutScheduled = false;
			this._layout();
		});
	}

	/** Applies the shared transform to every image of the visible mode. */
	private _layout(): void {
		const size = this._referenceSize();
		const viewport = this._viewportSize();
		if (!size) {
			this._zoomLabel.textContent = '';
			return;
		}
		const scale = this._fitted ? this._fitScale() : this._scale;
		const centerX = this._fitted ? size.width / 2 : this._centerX;
		const centerY = this._fitted ? size.height / 2 : this._centerY;
		const translateX = Math.round(viewport.width / 2 - centerX * scale);
		const translateY = Math.round(viewport.height / 2 - centerY * scale);
		const transform = `translate(${translateX}px, ${translateY}px) scale(${scale})`;
		for (const element of this._transformed.get(this._mode) ?? []) {
			element.style.transform = transform;
		}
		// Zoomed in far enough to see pixels: show them as squares instead of blurring them.
		this._stage.classList.toggle('pixelated', scale >= 2);
		this._zoomLabel.textContent = `${formatPercent(scale)} %`;
		this._zoomLabel.dataset.scale = String(scale);
		this._fitButton.setAttribute('aria-pressed', String(this._fitted));
	}
}

function badge(text: string, corner: 'left' | 'right'): HTMLElement {
	return h('div', { className: `badge ${corner}`, text, attrs: { 'aria-hidden': 'true' } });
}

function dimensions(image: { width: number; height: number }): string {
	return `${image.width} × ${image.height}`;
}

function formatPercent(scale: number): string {
	const percent = scale * 100;
	return percent >= 10 ? String(Math.round(percent)) : percent.toFixed(1);
}
