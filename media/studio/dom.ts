// Small DOM helpers of the studio webview. Text always goes in through textContent.

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	if (className) {
		node.className = className;
	}
	if (text !== undefined) {
		node.textContent = text;
	}
	return node;
}

/** A codicon glyph (https://microsoft.github.io/vscode-codicons/), hidden from screen readers. */
export function codicon(name: string, extraClass?: string): HTMLSpanElement {
	const icon = element('span', `codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}`);
	icon.setAttribute('aria-hidden', 'true');
	return icon;
}

/**
 * A button with a codicon, an optional visible label and always an accessible name and a tooltip.
 * `label` undefined = icon-only button (the name then comes from `title`).
 */
export function iconButton(className: string, icon: string, title: string, label?: string): HTMLButtonElement {
	const button = element('button', `studio-button ${className}${label === undefined ? ' studio-icon-button' : ''}`);
	button.type = 'button';
	button.title = title;
	button.setAttribute('aria-label', label === undefined ? title : label);
	button.append(codicon(icon));
	if (label !== undefined) {
		button.append(element('span', 'studio-button-label', label));
	}
	return button;
}

/** Elements under `root` matching `selector` whose `data-image-id` is `imageId` (no CSS escaping of ids needed). */
export function byImageId<T extends HTMLElement>(root: ParentNode, selector: string, imageId: string): T[] {
	return [...root.querySelectorAll<T>(selector)].filter((node) => node.dataset.imageId === imageId);
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
