// The one DOM helper of both webviews. Text only ever goes in through textContent or attributes: nothing here parses
// HTML (model text is the studio's Markdown renderer's job, media/studio/markdown.ts).

export interface ElementOptions {
	readonly className?: string;
	readonly text?: string;
	readonly attrs?: Readonly<Record<string, string>>;
	readonly hidden?: boolean;
}

/** `document.createElement(tag)` with a class, text, attributes and children. */
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
