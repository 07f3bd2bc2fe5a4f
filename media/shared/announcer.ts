// Screen reader announcements of every webview: one polite live region (new turns, results, progress) and one
// assertive one (errors), both visually hidden and present from the start (a live region added together with its
// text is not read). Hidden by their own style (set through the CSSOM, which the webviews' CSP allows), so no
// stylesheet needs to know them.
import { h } from './dom';

/** Read by screen readers, not shown: the usual visually-hidden box. */
const VISUALLY_HIDDEN: Partial<CSSStyleDeclaration> = {
	position: 'absolute',
	width: '1px',
	height: '1px',
	margin: '-1px',
	padding: '0',
	overflow: 'hidden',
	clipPath: 'inset(50%)',
	whiteSpace: 'nowrap',
	border: '0',
};

function liveRegion(role: 'status' | 'alert', politeness: 'polite' | 'assertive'): HTMLElement {
	const region = h('div', {
		className: 'announcer',
		attrs: { role, 'aria-live': politeness, 'aria-atomic': 'true', 'data-announcer': politeness },
	});
	Object.assign(region.style, VISUALLY_HIDDEN);
	return region;
}

export class Announcer {
	/** `role="status"`: read when the reader is idle. */
	readonly polite = liveRegion('status', 'polite');
	/** `role="alert"`: read at once. */
	readonly assertive = liveRegion('alert', 'assertive');

	/** Both regions, to put into the page once. */
	get elements(): HTMLElement[] {
		return [this.polite, this.assertive];
	}

	/** Announces progress or a result. */
	say(text: string): void {
		set(this.polite, text);
	}

	/** Announces an error. */
	alert(text: string): void {
		set(this.assertive, text);
	}
}

/** Sets the region's text; the same text again is cleared first, so that it is read again. */
function set(region: HTMLElement, text: string): void {
	if (region.textContent === text) {
		region.textContent = '';
		setTimeout(() => (region.textContent = text), 50);
		return;
	}
	region.textContent = text;
}
