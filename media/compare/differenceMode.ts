// The difference mode: the changed pixels in one colour over a dimmed "before", the threshold slider that decides what
// counts as changed, and the count. The pixel work is ./difference.ts (pure); this room draws and schedules it.
import * as l10n from '@vscode/l10n';
import { h } from '../shared/dom';
import { CHANGED_COLOUR, computeDifference, countChanged, paintDifference, type DifferenceData } from './difference';
import { bothImages, type LoadedImage, type LoadedPair } from './images';
import { badge, type PanelSite } from './modes';

export const DEFAULT_THRESHOLD = 16;

export class DifferenceMode {
	/** Kept when the host sends another comparison. */
	private _threshold = DEFAULT_THRESHOLD;
	private _stats: HTMLElement | undefined;
	private _canvas: HTMLCanvasElement | undefined;
	private _busy: HTMLElement | undefined;
	private _diff: { data: DifferenceData; output: ImageData; context: CanvasRenderingContext2D } | undefined;
	private _failed = false;
	private _repaintScheduled = false;
	/** The threshold the mask on screen was painted with. */
	private _repaintedThreshold: number | undefined;

	/** Forgets the last pair's difference: the next `ensure` computes it again. */
	reset(): void {
		this._diff = undefined;
		this._failed = false;
		this._repaintedThreshold = undefined;
	}

	/** The threshold slider and the count, for the toolbar (shown while this mode is). */
	control(): HTMLElement {
		const threshold = h('input', {
			attrs: {
				type: 'range',
				min: '0',
				max: '255',
				step: '1',
				value: String(this._threshold),
				id: 'diff-threshold',
				'aria-label': l10n.t('Difference threshold (0 to 255)'),
			},
		});
		const thresholdValue = h('output', { text: String(this._threshold), attrs: { for: 'diff-threshold', 'aria-hidden': 'true' } });
		threshold.addEventListener('input', () => {
			this._threshold = Number(threshold.value);
			thresholdValue.textContent = threshold.value;
			this._scheduleRepaint();
		});
		const swatch = h('span', { className: 'swatch', attrs: { 'aria-hidden': 'true', title: l10n.t('Changed pixels') } });
		this._stats = h('span', { className: 'diff-stats', attrs: { id: 'diff-stats', role: 'status', 'aria-live': 'polite' } });
		return h(
			'div',
			{ className: 'control', attrs: { 'data-for': 'difference' } },
			h('label', {
				text: l10n.t('Threshold'),
				attrs: { for: 'diff-threshold', title: l10n.t('A pixel counts as changed when a channel differs by more than this') },
			}),
			threshold,
			thresholdValue,
			swatch,
			this._stats,
		);
	}

	build(pair: LoadedPair, site: PanelSite): HTMLElement {
		const panel = h('div', { className: 'mode-panel', attrs: { 'data-panel': 'difference' }, hidden: true });
		const images = bothImages(pair);
		if (!images) {
			return panel; // Needs both images; its tab is disabled.
		}
		const viewport = site.viewport();
		const canvas = h('canvas', {
			className: 'content',
			attrs: {
				role: 'img',
				'aria-label': l10n.t('Pixels that differ between {0} and {1}, over a dimmed {0}', images.before.label, images.after.label),
			},
		});
		canvas.width = images.before.width;
		canvas.height = images.before.height;
		canvas.style.width = `${images.before.width}px`;
		canvas.style.height = `${images.before.height}px`;
		this._canvas = canvas;
		this._busy = h('div', { className: 'busy', text: l10n.t('Computing difference…'), hidden: true });
		viewport.append(canvas, this._busy, badge(l10n.t('Difference'), 'left'));
		panel.append(viewport);
		site.register('difference', panel, [viewport], [canvas]);
		return panel;
	}

	/** Computes the difference of the pair on screen, once (the mode was chosen). */
	ensure(pair: LoadedPair | undefined): void {
		if (this._diff || this._failed) {
			return;
		}
		const images = bothImages(pair);
		if (!images || !this._canvas || !this._busy) {
			return;
		}
		this._busy.hidden = false;
		this._setStats(l10n.t('Computing…'));
		// Let the "Computing" state paint first: a 4K pair takes a noticeable moment.
		setTimeout(() => {
			try {
				this._compute(images.before, images.after);
				this._repaint();
			} catch (error) {
				this._failed = true;
				this._setStats(l10n.t('The difference could not be computed: {0}', error instanceof Error ? error.message : String(error)));
			} finally {
				if (this._busy) {
					this._busy.hidden = true;
				}
			}
		}, 0);
	}

	private _compute(before: LoadedImage, after: LoadedImage): void {
		const { width, height } = before;
		const scratch = document.createElement('canvas');
		scratch.width = width;
		scratch.height = height;
		const context = scratch.getContext('2d', { willReadFrequently: true });
		const output = this._canvas?.getContext('2d');
		if (!context || !output) {
			throw new Error(l10n.t('no 2D canvas'));
		}
		context.drawImage(before.image, 0, 0);
		const beforePixels = context.getImageData(0, 0, width, height);
		context.clearRect(0, 0, width, height);
		context.imageSmoothingQuality = 'high';
		context.drawImage(after.image, 0, 0, width, height);
		const afterPixels = context.getImageData(0, 0, width, height);
		this._diff = { data: computeDifference(beforePixels, afterPixels), output: output.createImageData(width, height), context: output };
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
		this._setStats(l10n.t('{0} of {1} pixels changed ({2} %)', changed.toLocaleString('en-US'), total.toLocaleString('en-US'), percentText));
		this._stats?.setAttribute('data-changed', String(changed));
		this._stats?.setAttribute('data-total', String(total));
	}

	private _setStats(text: string): void {
		if (this._stats) {
			this._stats.textContent = text;
		}
	}
}
