// Tiny DOM helpers. Text only ever goes in through textContent or attributes: nothing here parses HTML.

export interface ElementOptions {
	readonly className?: string;
	readonly text?: string;
	readonly attrs?: Readonly<Record<string, string>>;
	readonly hidden?: boolean;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElementOptions = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
	const element = document.createElement(tag);
	if (options.className) {
		element.className = options.className;
	}
	if (options.text !== undefined) {
		element.textContent = options.text;
	}
	for (const [name, value] of Object.entries(options.attrs ?? {})) {
		element.setAttribute(name, value);
	}
	if (options.hidden) {
		element.hidden = true;
	}
	element.append(...children);
	return element;
}

/** A plain `<button type="button">` (a webview has no form to submit, but be explicit). */
export function button(text: string, options: ElementOptions & { readonly onClick?: (event: MouseEvent) => void } = {}): HTMLButtonElement {
	const element = h('button', { ...options, text, attrs: { type: 'button', ...(options.attrs ?? {}) } });
	if (options.onClick) {
		element.addEventListener('click', options.onClick);
	}
	return element;
}

export function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}
