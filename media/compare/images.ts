// The two sides of a comparison as the view holds them: decoded images (or why a side cannot be shown), and the
// questions every room asks of them (are both there, which size is everything fitted to).
import * as l10n from '@vscode/l10n';
import type { CompareSide } from '../../src/shared/protocol';

export interface LoadedImage {
	readonly kind: 'image';
	readonly label: string;
	readonly url: string;
	readonly width: number;
	readonly height: number;
	/** Decoded once; the difference mode draws it to canvases. */
	readonly image: HTMLImageElement;
}

export type LoadedSide = LoadedImage | { readonly kind: 'unavailable'; readonly label: string; readonly message: string };

export interface Size {
	readonly width: number;
	readonly height: number;
}

/** The sides of the comparison on screen. */
export interface LoadedPair {
	readonly before: LoadedSide;
	readonly after: LoadedSide;
}

/** Decodes one side from its bytes; the blob: URL it makes is pushed to `urls`, for the caller to revoke. */
export async function loadSide(side: CompareSide, urls: string[]): Promise<LoadedSide> {
	if (side.kind !== 'image') {
		return side;
	}
	if (!(side.bytes instanceof Uint8Array)) {
		return { kind: 'unavailable', label: side.label, message: l10n.t('{0} did not arrive intact.', side.label) };
	}
	const url = URL.createObjectURL(new Blob([side.bytes as Uint8Array<ArrayBuffer>], { type: side.mimeType }));
	urls.push(url);
	const image = new Image();
	image.src = url;
	try {
		await image.decode();
	} catch {
		return { kind: 'unavailable', label: side.label, message: l10n.t('{0} could not be decoded: the file may be damaged.', side.label) };
	}
	if (image.naturalWidth === 0 || image.naturalHeight === 0) {
		return { kind: 'unavailable', label: side.label, message: l10n.t('{0} has no pixels.', side.label) };
	}
	return { kind: 'image', label: side.label, url, width: image.naturalWidth, height: image.naturalHeight, image };
}

/** Both images, when both could be loaded (what the overlay modes need). */
export function bothImages(pair: LoadedPair | undefined): { before: LoadedImage; after: LoadedImage } | undefined {
	return pair?.before.kind === 'image' && pair.after.kind === 'image' ? { before: pair.before, after: pair.after } : undefined;
}

/** The image-space size everything is fitted to: "before", or "after" when only it could be loaded. */
export function referenceSize(pair: LoadedPair | undefined): Size | undefined {
	const reference = pair?.before.kind === 'image' ? pair.before : pair?.after.kind === 'image' ? pair.after : undefined;
	return reference && { width: reference.width, height: reference.height };
}

export function dimensions(image: Size): string {
	return `${image.width} × ${image.height}`;
}
