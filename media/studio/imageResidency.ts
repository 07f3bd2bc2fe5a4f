// Keeps a long conversation's decoded images near the viewport only. Chromium keeps an image decoded once it has been
// shown, and a PNG decodes at full size even when drawn small. Collapsed images show the host's 256 px thumbnail files
// (src/studio/thumbnails.ts), so most of what is decoded is small; the full files (the newest turn's, expanded ones,
// images without a thumbnail) still add up, so images far from the viewport swap their file for a 1×1 placeholder
// (keeping their laid-out size) and get it back before they scroll into view. `show` changes which file an image
// shows (thumbnail or full) when it is expanded or its turn stops being the newest.

/** A transparent 1×1 GIF (img-src allows data:). */
const PLACEHOLDER = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

export class ImageResidency {
	private readonly _observer: IntersectionObserver;
	/** The watched images near the viewport now. */
	private readonly _near = new WeakSet<HTMLImageElement>();

	/**
	 * @param root the scrolling element holding the images.
	 * @param margin how far beyond the viewport images stay loaded (wider than `content-visibility`'s own margin, so
	 * an image is back before its turn is painted).
	 */
	constructor(root: HTMLElement, margin = '300% 0px') {
		this._observer = new IntersectionObserver((entries) => entries.forEach((entry) => this._update(entry)), { root, rootMargin: margin });
	}

	/** Shows `src` in `image` while it is near the viewport. */
	watch(image: HTMLImageElement, src: string): void {
		image.dataset.src = src;
		image.addEventListener('load', () => {
			if (image.getAttribute('src') === image.dataset.src) {
				// Loaded again: its own size applies (it may have been enlarged or the panel resized meanwhile).
				image.style.removeProperty('width');
				image.style.removeProperty('height');
			}
		});
		this._observer.observe(image);
	}

	/**
	 * Shows `src` in `image` from now on: at once if it is loaded (near the viewport), else when it comes near. An
	 * empty `src` loads nothing more (what is shown stays until the image is far away).
	 */
	show(image: HTMLImageElement, src: string): void {
		if (image.dataset.src === src) {
			return;
		}
		image.dataset.src = src;
		const current = image.getAttribute('src');
		if (src && (this._near.has(image) || (current !== null && current !== PLACEHOLDER))) {
			image.style.removeProperty('width');
			image.style.removeProperty('height');
			image.src = src;
		}
	}

	/** Stops watching images that left the page. */
	forget(images: Iterable<HTMLImageElement>): void {
		for (const image of images) {
			this._observer.unobserve(image);
		}
	}

	private _update(entry: IntersectionObserverEntry): void {
		const image = entry.target as HTMLImageElement;
		if (entry.isIntersecting) {
			this._near.add(image);
		} else {
			this._near.delete(image);
		}
		const src = image.dataset.src;
		if (!src) {
			return;
		}
		if (entry.isIntersecting) {
			if (image.getAttribute('src') !== src) {
				image.src = src;
			}
			return;
		}
		if (image.getAttribute('src') === src && image.complete && image.naturalWidth > 0) {
			const box = entry.boundingClientRect;
			if (box.width > 0 && box.height > 0) {
				image.style.width = `${box.width}px`;
				image.style.height = `${box.height}px`;
			}
			image.src = PLACEHOLDER;
		}
	}
}
