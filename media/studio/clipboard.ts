// Copy: the host sends the stored image's bytes (`imageBytes`); the clipboard takes PNG only, so other types are
// re-encoded through a canvas, then the finished PNG blob is written. (A ClipboardItem holding a *promise* of the PNG
// did not settle inside VS Code's cross-origin webview frame in Chromium; a blob written within the click's
// user-activation window does, and Chromium lets a focused document write without a prompt.)
import * as l10n from '@vscode/l10n';

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (reason: Error) => void } {
	let resolve!: (value: T) => void;
	let reject!: (reason: Error) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

/** Any decodable image as a PNG blob. */
export async function toPngBlob(bytes: Uint8Array, mimeType: string): Promise<Blob> {
	const source = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType });
	if (mimeType === 'image/png') {
		return source;
	}
	const bitmap = await createImageBitmap(source);
	try {
		if (typeof OffscreenCanvas !== 'undefined') {
			const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
			const context = canvas.getContext('2d');
			if (!context) {
				throw new Error(l10n.t('no 2D canvas'));
			}
			context.drawImage(bitmap, 0, 0);
			return await canvas.convertToBlob({ type: 'image/png' });
		}
		const canvas = document.createElement('canvas');
		canvas.width = bitmap.width;
		canvas.height = bitmap.height;
		const context = canvas.getContext('2d');
		if (!context) {
			throw new Error(l10n.t('no 2D canvas'));
		}
		context.drawImage(bitmap, 0, 0);
		return await new Promise<Blob>((resolve, reject) =>
			canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error(l10n.t('PNG encoding failed')))), 'image/png'),
		);
	} finally {
		bitmap.close();
	}
}

/** A user-facing reason for a failed copy. */
export function describeCopyError(error: unknown): string {
	if (error instanceof DOMException && error.name === 'NotAllowedError') {
		return l10n.t('the clipboard refused the image (click into the panel and try again)');
	}
	if (error instanceof DOMException && error.name === 'InvalidStateError') {
		return l10n.t('the image could not be decoded');
	}
	return error instanceof Error && error.message ? error.message : String(error);
}

const COPY_TIMEOUT_MS = 30_000;

/**
 * Reads the clipboard back where that needs no prompt (clipboard-read already granted): "Copied" then means the
 * clipboard holds an image. It also orders the write before what follows: `write()` resolves in this frame's renderer
 * before the commit is visible to other processes (the workbench page reading right away saw an empty clipboard).
 */
async function verifyClipboardImage(): Promise<void> {
	let items: ClipboardItems;
	try {
		const permission = await navigator.permissions.query({ name: 'clipboard-read' as PermissionName });
		if (permission.state !== 'granted') {
			return;
		}
		items = await navigator.clipboard.read();
	} catch {
		return; // Reading back is a check only; the write itself succeeded.
	}
	if (!items.some((item) => item.types.some((type) => type.startsWith('image/')))) {
		throw new Error(l10n.t('the clipboard did not keep the image'));
	}
}

/** Copies waiting for their `imageBytes`, by image id. */
export class ImageCopier {
	private readonly _waiting = new Map<string, { resolve: (png: Blob) => void; reject: (reason: Error) => void; timer: ReturnType<typeof setTimeout> }>();

	/** Starts a copy: call from the click handler, then ask the host for the bytes. Resolves once the clipboard holds the PNG. */
	copy(imageId: string): Promise<void> {
		this.fail(imageId, l10n.t('superseded by a newer copy'));
		const png = deferred<Blob>();
		const timer = setTimeout(() => this.fail(imageId, l10n.t('the image did not arrive in time')), COPY_TIMEOUT_MS);
		this._waiting.set(imageId, { resolve: png.resolve, reject: png.reject, timer });
		if (typeof ClipboardItem === 'undefined' || !navigator.clipboard?.write) {
			this._settle(imageId);
			return Promise.reject(new Error(l10n.t('this view has no clipboard access')));
		}
		return png.promise.then(async (blob) => {
			await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
			await verifyClipboardImage();
		});
	}

	/** The host's `imageBytes` for a waiting copy; ignored when no copy waits for it. */
	async bytes(imageId: string, mimeType: string, bytes: Uint8Array): Promise<void> {
		const waiting = this._settle(imageId);
		if (!waiting) {
			return;
		}
		try {
			waiting.resolve(await toPngBlob(bytes, mimeType));
		} catch (error) {
			waiting.reject(new Error(describeCopyError(error)));
		}
	}

	/** The host could not send the bytes (its `imageActionResult` for copy with ok false). */
	fail(imageId: string, reason: string): void {
		this._settle(imageId)?.reject(new Error(reason));
	}

	private _settle(imageId: string) {
		const waiting = this._waiting.get(imageId);
		if (waiting) {
			clearTimeout(waiting.timer);
			this._waiting.delete(imageId);
		}
		return waiting;
	}
}
