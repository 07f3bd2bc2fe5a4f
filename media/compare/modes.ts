// The image modes' panels: side by side, swipe (a draggable divider) and onion skin (an opacity slider). Every image
// is laid out in image-space pixels and moved by the shared zoom (./zoomPan.ts); difference is ./differenceMode.ts.
import * as l10n from '@vscode/l10n';
import type { CompareMode } from '../../src/shared/protocol';
import { h } from '../shared/dom';
import { bothImages, dimensions, type LoadedImage, type LoadedPair } from './images';
import { clamp } from './zoomPan';

/** What a mode's panel needs from the view. */
export interface PanelSite {
	/** A new viewport, wired for panning and zooming. */
	viewport(): HTMLElement;
	/** Makes `panel` the mode's panel, with the viewports it measures and the elements it transforms. */
	register(mode: CompareMode, panel: HTMLElement, viewports: HTMLElement[], transformed: HTMLElement[]): void;
}

export function badge(text: string, corner: 'left' | 'right'): HTMLElement {
	return h('div', { className: `badge ${corner}`, text, attrs: { 'aria-hidden': 'true' } });
}

/** An `<img>` for one place in the view, laid out at `width`×`height` image-space pixels. */
export function imageElement(side: LoadedImage, width: number, height: number, alt: string): HTMLImageElement {
	const image = h('img', { className: 'content', attrs: { alt } });
	image.draggable = false; // Dragging pans; the browser's image drag would fight it.
	image.src = side.url;
	image.style.width = `${width}px`;
	image.style.height = `${height}px`;
	return image;
}

/** Before and after in panes of their own; a side that could not be loaded shows why. */
export function buildSideBySide(pair: LoadedPair, site: PanelSite): HTMLElement {
	const panel = h('div', { className: 'mode-panel side-by-side', attrs: { 'data-panel': 'sideBySide' } });
	const viewports: HTMLElement[] = [];
	const transformed: HTMLElement[] = [];
	for (const [role, side, name] of [
		['before', pair.before, l10n.t('Before')],
		['after', pair.after, l10n.t('After')],
	] as const) {
		const viewport = site.viewport();
		const header = h('div', { className: 'pane-header' }, h('strong', { text: name }), h('span', { className: 'pane-label', text: side.label }));
		if (side.kind === 'image') {
			header.append(h('span', { className: 'pane-size', text: dimensions(side) }));
			// Drawn in before's frame like in every mode, so zoom and pan show the same part of both.
			const frame = pair.before.kind === 'image' ? pair.before : side;
			const image = imageElement(
				side,
				frame.width,
				frame.height,
				role === 'before' ? l10n.t('Before: {0}', side.label) : l10n.t('After: {0}', side.label),
			);
			viewport.append(image);
			transformed.push(image);
		} else {
			viewport.append(h('div', { className: 'unavailable', attrs: { role: 'alert' }, text: side.message }));
		}
		viewports.push(viewport);
		panel.append(h('div', { className: 'pane', attrs: { 'data-side': role } }, header, viewport));
	}
	site.register('sideBySide', panel, viewports, transformed);
	return panel;
}

/** After over before, clipped at a divider the user drags (or moves with the arrow keys). */
export class SwipeMode {
	/** Where the divider is, 0 (all after) to 1 (all before); kept when the host sends another comparison. */
	private _position = 0.5;
	private _layer: HTMLElement | undefined;
	private _divider: HTMLElement | undefined;

	build(pair: LoadedPair, site: PanelSite): HTMLElement {
		const panel = h('div', { className: 'mode-panel', attrs: { 'data-panel': 'swipe' }, hidden: true });
		const images = bothImages(pair);
		if (!images) {
			return panel; // Needs both images; its tab is disabled.
		}
		const viewport = site.viewport();
		const before = imageElement(images.before, images.before.width, images.before.height, l10n.t('Before: {0}', images.before.label));
		const after = imageElement(images.after, images.before.width, images.before.height, l10n.t('After: {0}', images.after.label));
		// The clip lives on a layer the size of the viewport, so the divider stays where it is while panning.
		this._layer = h('div', { className: 'swipe-layer' }, after);
		this._divider = h(
			'div',
			{
				className: 'swipe-divider',
				attrs: {
					role: 'slider',
					tabindex: '0',
					'aria-label': l10n.t('Swipe divider: before on the left, after on the right'),
					'aria-valuemin': '0',
					'aria-valuemax': '100',
					'aria-orientation': 'horizontal',
				},
			},
			h('div', { className: 'swipe-handle', attrs: { 'aria-hidden': 'true' }, text: '◀▶' }),
		);
		this._wireDivider(this._divider, viewport);
		viewport.append(before, this._layer, this._divider, badge(l10n.t('Before'), 'left'), badge(l10n.t('After'), 'right'));
		panel.append(viewport);
		site.register('swipe', panel, [viewport], [before, after]);
		return panel;
	}

	/** Shows the divider where it is. */
	apply(): void {
		if (!this._layer || !this._divider) {
			return;
		}
		const percent = this._position * 100;
		this._layer.style.clipPath = `inset(0 0 0 ${percent}%)`;
		this._divider.style.left = `${percent}%`;
		this._divider.setAttribute('aria-valuenow', String(Math.round(percent)));
		this._divider.setAttribute('aria-valuetext', l10n.t('{0} % before, {1} % after', Math.round(percent), 100 - Math.round(percent)));
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
				this._position = clamp((moveEvent.clientX - rect.left) / Math.max(1, rect.width), 0, 1);
				this.apply();
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
					? this._position - step
					: event.key === 'ArrowRight' || event.key === 'ArrowUp'
						? this._position + step
						: event.key === 'Home'
							? 0
							: event.key === 'End'
								? 1
								: undefined;
			if (next !== undefined) {
				event.preventDefault();
				event.stopPropagation();
				this._position = clamp(next, 0, 1);
				this.apply();
			}
		});
	}
}

/** After over before at the opacity of the toolbar's slider. */
export class OnionMode {
	private _after: HTMLElement | undefined;
	private _opacity: HTMLInputElement | undefined;

	/** The opacity slider of the toolbar (shown while this mode is). */
	control(): HTMLElement {
		const opacity = h('input', {
			attrs: { type: 'range', min: '0', max: '100', step: '1', value: '50', id: 'onion-opacity', 'aria-label': l10n.t('Opacity of the after image') },
		});
		const opacityValue = h('output', { text: '50 %', attrs: { for: 'onion-opacity', 'aria-hidden': 'true' } });
		opacity.addEventListener('input', () => {
			opacityValue.textContent = `${opacity.value} %`;
			this.apply();
		});
		this._opacity = opacity;
		return h(
			'div',
			{ className: 'control', attrs: { 'data-for': 'onion' } },
			h('label', { text: l10n.t('Opacity'), attrs: { for: 'onion-opacity' } }),
			opacity,
			opacityValue,
		);
	}

	build(pair: LoadedPair, site: PanelSite): HTMLElement {
		const panel = h('div', { className: 'mode-panel', attrs: { 'data-panel': 'onion' }, hidden: true });
		const images = bothImages(pair);
		if (!images) {
			return panel; // Needs both images; its tab is disabled.
		}
		const viewport = site.viewport();
		const before = imageElement(images.before, images.before.width, images.before.height, l10n.t('Before: {0}', images.before.label));
		const after = imageElement(images.after, images.before.width, images.before.height, l10n.t('After: {0}, partly transparent', images.after.label));
		after.classList.add('onion-after');
		this._after = after;
		viewport.append(before, after, badge(l10n.t('After over Before'), 'left'));
		panel.append(viewport);
		site.register('onion', panel, [viewport], [before, after]);
		return panel;
	}

	/** Shows the after image at the slider's opacity. */
	apply(): void {
		if (this._after && this._opacity) {
			this._after.style.opacity = String(Number(this._opacity.value) / 100);
		}
	}
}
