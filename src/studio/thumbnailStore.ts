/**
 * The thumbnails of the session folders (./thumbnails.ts): which are on disk, and making a missing one, once per image
 * and window. Written beside the images through a temporary file and a rename, like session.json, so a crash never
 * leaves half a thumbnail that looks made; moved, trashed and purged with their session folder.
 */
import * as vscode from 'vscode';
import { errorMessage } from '../core/errors';
import { replaceAtomically } from '../workspace/atomicReplace';
import { isThumbnailFile, makeThumbnail, THUMBNAIL_TEMP, thumbnailFile } from './thumbnails';

export type ThumbnailOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** What the thumbnails need of the session store. */
export interface ThumbnailFiles {
	/** The URI of a file in a session folder (checks the session id). */
	imageUri(sessionId: string, file: string): vscode.Uri;
	readImage(sessionId: string, file: string): Promise<Uint8Array>;
}

export class StudioThumbnails {
	/** `<sessionId>/<thumbnail file>` of the thumbnails known to be on disk. */
	private readonly _known = new Set<string>();
	/** Work per image (`<sessionId>/<file>`): made or found, or failed with a reason. */
	private readonly _work = new Map<string, Promise<ThumbnailOutcome>>();
	/** `<sessionId>/<file>` of the images whose thumbnail could not be made in this window. */
	private readonly _failed = new Set<string>();

	constructor(private readonly _files: ThumbnailFiles) {}

	/** Whether the thumbnail of `file` is known to be on disk (after `scan` or `ensure`). */
	has(sessionId: string, file: string): boolean {
		return this._known.has(`${sessionId}/${thumbnailFile(file)}`);
	}

	/** Whether making the thumbnail of `file` failed in this window (the full image is shown). */
	failed(sessionId: string, file: string): boolean {
		return this._failed.has(`${sessionId}/${file}`);
	}

	/** What a turn view gives for `file`: its thumbnail's URI (`toUri` of the file), `pending` until made, none if it failed. */
	view(sessionId: string, file: string, toUri: (uri: vscode.Uri) => string): string | 'pending' | undefined {
		if (this.has(sessionId, file)) {
			return toUri(this.uri(sessionId, file));
		}
		return this.failed(sessionId, file) ? undefined : 'pending';
	}

	/** The URI of the thumbnail of `file` (whether or not it exists). */
	uri(sessionId: string, file: string): vscode.Uri {
		return this._files.imageUri(sessionId, thumbnailFile(file));
	}

	/** Notes which thumbnails a session folder holds (one directory read). */
	async scan(sessionId: string): Promise<void> {
		let entries: [string, vscode.FileType][] = [];
		try {
			entries = await vscode.workspace.fs.readDirectory(this._files.imageUri(sessionId, '.'));
		} catch {
			return;
		}
		for (const [name, type] of entries) {
			if (type === vscode.FileType.File && isThumbnailFile(name)) {
				this._known.add(`${sessionId}/${name}`);
			}
		}
	}

	/**
	 * Makes the thumbnail of a stored image unless it is there already; once per image and window (a failure is not
	 * tried again until the window reloads). Never throws: a failure gives its reason, and the full image is shown.
	 */
	ensure(sessionId: string, file: string): Promise<ThumbnailOutcome> {
		const key = `${sessionId}/${file}`;
		let work = this._work.get(key);
		if (!work) {
			work = this._make(sessionId, file);
			this._work.set(key, work);
		}
		return work;
	}

	/** Copies the thumbnail of `file` along with the image, if it has one (a missing one is made on first need). */
	async copy(fromId: string, toId: string, file: string): Promise<void> {
		if (!this.has(fromId, file)) {
			return;
		}
		await vscode.workspace.fs.copy(this.uri(fromId, file), this.uri(toId, file), { overwrite: false }).then(
			() => this._known.add(`${toId}/${thumbnailFile(file)}`),
			() => undefined,
		);
	}

	/** Forgets a session's thumbnails (its folder moved to the trash). */
	forget(sessionId: string): void {
		for (const set of [this._known, this._work, this._failed]) {
			for (const key of [...set.keys()]) {
				if (key.startsWith(`${sessionId}/`)) {
					set.delete(key);
				}
			}
		}
	}

	private async _make(sessionId: string, file: string): Promise<ThumbnailOutcome> {
		const key = `${sessionId}/${thumbnailFile(file)}`;
		try {
			if (!this._known.has(key)) {
				const target = this.uri(sessionId, file);
				const found = await vscode.workspace.fs.stat(target).then(
					(stat) => stat.type === vscode.FileType.File,
					() => false,
				);
				if (!found) {
					const thumbnail = await makeThumbnail(await this._files.readImage(sessionId, file));
					if (!thumbnail.ok) {
						this._failed.add(`${sessionId}/${file}`);
						return thumbnail;
					}
					await replaceAtomically(target, thumbnail.bytes, THUMBNAIL_TEMP);
				}
				this._known.add(key);
			}
			return { ok: true };
		} catch (error) {
			this._failed.add(`${sessionId}/${file}`);
			return { ok: false, reason: errorMessage(error) };
		}
	}
}
