// Screen reader announcements of every webview: one polite live region (new turns, results, progress) and one
// assertive one (errors), both visually hidden and present from the start (a live region added together with its
// text is not read). Each webview's stylesheet defines `.sr-only`.
import { h } from './dom';

export class Announcer {
	/** `role="status"`: read when the reader is idle. */
	readonly polite = h('div', {
		className: 'sr-only announcer',
		attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-announcer': 'polite' },
	});
	/** `role="alert"`: read at once. */
	readonly assertive = h('div', {
		className: 'sr-only announcer',
		attrs: { role: 'alert', 'aria-live': 'assertive', 'aria-atomic': 'true', 'data-announcer': 'assertive' },
	});

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
