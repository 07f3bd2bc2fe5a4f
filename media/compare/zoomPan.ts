// One zoom/pan state shared by every image in every mode: the zoom buttons, wheel and keyboard zoom, dragging to pan,
// and the layout that applies the shared transform to the images of the visible mode.
//
// Coordinates: the state is a scale plus the image-space point shown at the centre of the viewport, not a pixel
// offset, so it means the same thing in a half-width side-by-side pane and in the full-width swipe view. Image space
// is the "before" image's pixels; an "after" of another size is stretched onto it in every mode, so that the same zoom
// and pan always show the same part of both (the toolbar says when sizes differ).
import * as l10n from '@vscode/l10n';
import type { CompareMode } from '../../src/shared/protocol';
import { button, h } from '../shared/dom';
import type { Size } from './images';

const ZOOM_STEPS = [0.05, 0.1, 0.125, 0.25, 0.33, 0.5, 0.67, 0.75, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64];
const MIN_SCALE = ZOOM_STEPS[0];
const MAX_SCALE = ZOOM_STEPS[ZOOM_STEPS.length - 1];
/** Breathing room around a fitted image, in CSS pixels. */
const FIT_MARGIN = 12;

export function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}

/** What the zoom needs to know of the view. */
export interface ZoomSubject {
	/** The image-space size everything is fitted to; undefined when neither image could be loaded. */
	referenceSize(): Size | undefined;
	/** The visible mode: its viewports are measured and its images transformed. */
	mode(): CompareMode;
}

export class ZoomPan {
	private _scale = 1;
	private _centerX = 0;
	private _centerY = 0;
	private _fitted = true;
	private _layoutScheduled = false;
	/** Per mode: its viewports, and the elements that carry the shared transform. */
	private readonly _viewports = new Map<CompareMode, HTMLElement[]>();
	private readonly _transformed = new Map<CompareMode, HTMLElement[]>();

	private _stage!: HTMLElement;
	private _zoomLabel!: HTMLOutputElement;
	private _fitButton!: HTMLButtonElement;
	private _resizeObserver: ResizeObserver | undefined;

	constructor(private readonly _subject: ZoomSubject) {}

	/** Starts a new view: fitted, with no viewports until the modes register theirs. */
	reset(): void {
		this._fitted = true;
		this._viewports.clear();
		this._transformed.clear();
	}

	/** The zoom group of the toolbar. */
	controls(): HTMLElement {
		const zoomOut = button('−', {
			className: 'icon',
			attrs: { 'aria-label': l10n.t('Zoom out'), title: l10n.t('Zoom out (-)'), 'aria-keyshortcuts': '-' },
			onClick: () => this.zoomStep(-1),
		});
		this._zoomLabel = h('output', { className: 'zoom-level', attrs: { id: 'zoom-level', 'aria-label': l10n.t('Zoom level') } });
		const zoomIn = button('+', {
			className: 'icon',
			attrs: { 'aria-label': l10n.t('Zoom in'), title: l10n.t('Zoom in (+)'), 'aria-keyshortcuts': '+' },
			onClick: () => this.zoomStep(1),
		});
		this._fitButton = button(l10n.t('Fit'), {
			attrs: { id: 'zoom-fit', 'aria-label': l10n.t('Fit to window'), title: l10n.t('Fit to window (0)'), 'aria-keyshortcuts': '0' },
			onClick: () => this.fit(),
		});
		const actual = button('1:1', {
			attrs: { id: 'zoom-actual', 'aria-label': l10n.t('1:1, actual size'), title: l10n.t('Actual size (1:1)') },
			onClick: () => this._zoomTo(1),
		});
		const group = h(
			'div',
			{ className: 'zoom', attrs: { role: 'group', 'aria-label': l10n.t('Zoom') } },
			zoomOut,
			this._zoomLabel,
			zoomIn,
			this._fitButton,
			actual,
		);
		if (!this._subject.referenceSize()) {
			for (const control of [zoomOut, zoomIn, this._fitButton, actual]) {
				control.disabled = true;
			}
		}
		return group;
	}

	/** Wheel zoom and arrow-key panning on the stage, and a new layout whenever it changes size. */
	attach(stage: HTMLElement): void {
		this._stage = stage;
		stage.addEventListener('wheel', (event) => this._onWheel(event), { passive: false });
		stage.addEventListener('keydown', (event) => this._onStageKey(event));
		this._resizeObserver?.disconnect();
		this._resizeObserver = new ResizeObserver(() => this._scheduleLayout());
		this._resizeObserver.observe(stage);
	}

	/** A new viewport: drag to pan, double-click to toggle fit and 1:1. */
	viewport(): HTMLElement {
		const viewport = h('div', { className: 'viewport' });
		this._wirePan(viewport);
		return viewport;
	}

	register(mode: CompareMode, viewports: HTMLElement[], transformed: HTMLElement[]): void {
		this._viewports.set(mode, viewports);
		this._transformed.set(mode, transformed);
	}

	fit(): void {
		this._fitted = true;
		this.layout();
	}

	zoomStep(direction: 1 | -1): void {
		const current = this._fitted ? this._fitScale() : this._scale;
		const next = direction > 0 ? ZOOM_STEPS.find((step) => step > current * 1.001) : [...ZOOM_STEPS].reverse().find((step) => step < current / 1.001);
		this._zoomTo(next ?? current);
	}

	/** Applies the shared transform to every image of the visible mode. */
	layout(): void {
		const size = this._subject.referenceSize();
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
		for (const element of this._transformed.get(this._subject.mode()) ?? []) {
			element.style.transform = transform;
		}
		// Zoomed in far enough to see pixels: show them as squares instead of blurring them.
		this._stage.classList.toggle('pixelated', scale >= 2);
		this._zoomLabel.textContent = `${formatPercent(scale)} %`;
		this._zoomLabel.dataset.scale = String(scale);
		this._fitButton.setAttribute('aria-pressed', String(this._fitted));
	}

	private _viewportSize(): Size {
		const viewport = this._viewports.get(this._subject.mode())?.[0];
		return { width: viewport?.clientWidth ?? 0, height: viewport?.clientHeight ?? 0 };
	}

	private _fitScale(): number {
		const size = this._subject.referenceSize();
		const viewport = this._viewportSize();
		if (!size || viewport.width <= 0 || viewport.height <= 0) {
			return 1;
		}
		// Never enlarge to fit (like VS Code's image preview): small images stay crisp at 1:1.
		const scale = Math.min(1, (viewport.width - 2 * FIT_MARGIN) / size.width, (viewport.height - 2 * FIT_MARGIN) / size.height);
		return clamp(scale, MIN_SCALE, MAX_SCALE);
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
		this.layout();
	}

	/** Leaves "fit" mode, taking over the fitted scale and centre as the starting point. */
	private _unfit(): void {
		if (!this._fitted) {
			return;
		}
		const size = this._subject.referenceSize();
		this._scale = this._fitScale();
		this._centerX = (size?.width ?? 0) / 2;
		this._centerY = (size?.height ?? 0) / 2;
		this._fitted = false;
	}

	private _panBy(dx: number, dy: number): void {
		this._unfit();
		this._centerX -= dx / this._scale;
		this._centerY -= dy / this._scale;
		this.layout();
	}

	private _onWheel(event: WheelEvent): void {
		const viewport = (event.target as Element | null)?.closest('.viewport');
		if (!viewport || !this._subject.referenceSize()) {
			return;
		}
		event.preventDefault();
		const pixels =
			event.deltaMode === WheelEvent.DOM_DELTA_LINE
				? event.deltaY * 16
				: event.deltaMode === WheelEvent.DOM_DELTA_PAGE
					? event.deltaY * 400
					: event.deltaY;
		const rect = viewport.getBoundingClientRect();
		this._unfit();
		this._zoomTo(this._scale * Math.exp(-clamp(pixels, -300, 300) * 0.0015), { x: event.clientX - rect.left, y: event.clientY - rect.top });
	}

	private _wirePan(viewport: HTMLElement): void {
		viewport.addEventListener('pointerdown', (event) => {
			if ((event.button !== 0 && event.button !== 1) || !this._subject.referenceSize()) {
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
				this.fit();
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

	private _scheduleLayout(): void {
		if (this._layoutScheduled) {
			return;
		}
		this._layoutScheduled = true;
		requestAnimationFrame(() => {
			this._layoutScheduled = false;
			this.layout();
		});
	}
}

function formatPercent(scale: number): string {
	const percent = scale * 100;
	return percent >= 10 ? String(Math.round(percent)) : percent.toFixed(1);
}
