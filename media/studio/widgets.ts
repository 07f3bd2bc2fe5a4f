// The studio's own building blocks on top of the shared DOM helper: codicon glyphs, icon buttons, and the number
// formats of token counts and prices.
import { h } from '../shared/dom';

/** A codicon glyph (https://microsoft.github.io/vscode-codicons/), hidden from screen readers. */
export function codicon(name: string, extraClass?: string): HTMLSpanElement {
	return h('span', { className: `codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}`, attrs: { 'aria-hidden': 'true' } });
}

/**
 * A button with a codicon, an optional visible label and always an accessible name and a tooltip.
 * `label` undefined = icon-only button (the name then comes from `title`).
 */
export function iconButton(className: string, icon: string, title: string, label?: string): HTMLButtonElement {
	const button = h('button', { className: `studio-button ${className}${label === undefined ? ' studio-icon-button' : ''}` }, codicon(icon));
	button.type = 'button';
	button.title = title;
	button.setAttribute('aria-label', label === undefined ? title : label);
	if (label !== undefined) {
		button.append(h('span', { className: 'studio-button-label', text: label }));
	}
	return button;
}

const NUMBER_FORMAT = new Intl.NumberFormat('en-US');

export function formatCount(value: number): string {
	return NUMBER_FORMAT.format(Math.max(0, Math.round(value)));
}

/** An estimated price: two decimals, or three below a cent so small turns do not all read "$0.00". */
export function formatUsd(value: number): string {
	const safe = Number.isFinite(value) && value > 0 ? value : 0;
	return `≈ $${safe > 0 && safe < 0.01 ? safe.toFixed(3) : safe.toFixed(2)}`;
}
