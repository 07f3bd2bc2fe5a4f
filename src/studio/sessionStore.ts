/**
 * Studio sessions on disk, in the extension's workspace storage (not the workspace): `studio/<sessionId>/session.json`
 * plus one file per image, referenced by name, and a small WebP thumbnail beside each (./thumbnailStore.ts). A damaged session.json is reported and skipped, never fatal.
 * Deleting moves a session to `studio-trash/` (Undo moves it back); trash older than a week is purged on start.
 * The conversation list reads `studio/sessions-index.json` (./sessionIndex.ts), kept in step with every change.
 */
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { replaceAtomically } from '../workspace/atomicReplace';
import { removeStaleTemporaries, TemporaryName } from '../workspace/staleTemporaries';
import { parseSession, serializeSession, SESSION_FILE, StudioSession } from './session';
import { errorMessage } from '../core/errors';
import {
	DamagedSessionEntry,
	indexedIds,
	indexEntry,
	parseSessionIndex,
	SESSION_INDEX_FILE,
	SessionIndex,
	SessionIndexEntry,
	serializeSessionIndex,
	sortIndex,
	withDamaged,
	withEntry,
	withoutIds,
} from './sessionIndex';
import { StudioThumbnails } from './thumbnailStore';
import { THUMBNAIL_TEMP } from './thumbnails';

const SESSION_ID = /^[A-Za-z0-9-]{1,64}$/;
/** Written into a deleted session's folder in the trash: when it was deleted. */
const DELETED_MARKER = 'deleted-at.txt';
/** How the store names its temporary files (session.json in a session folder, the index in the studio folder). */
const SESSION_TEMP: TemporaryName = { prefix: `.${SESSION_FILE}.`, suffix: '.tmp' };
const INDEX_TEMP: TemporaryName = { prefix: `.${SESSION_INDEX_FILE}.`, suffix: '.tmp' };
/** Image bytes kept in memory for replay; older ones are read again from disk when needed. */
const IMAGE_CACHE_BYTES = 64 * 1024 * 1024;

export class StudioSessionStore {
	/** The index file's text as last read or written (writes of the same text are skipped). */
	private _indexText: string | undefined;
	readonly root: vscode.Uri;
	/** Image bytes read or written in this window, so replaying a long chat does not re-read every file. */
	private readonly _images = new Map<string, Uint8Array>();
	/** Sizes of image files (a few bytes per image; files are written once and never change). */
	private readonly _sizes = new Map<string, number>();

	/** The thumbnails beside the images. */
	readonly thumbnails = new StudioThumbnails(this);

	/** Deleted sessions, kept for Undo. */
	readonly trash: vscode.Uri;
	/** Index reads and writes, one at a time: a save's update must not be lost to a concurrent rebuild. */
	private _indexQueue: Promise<unknown> = Promise.resolve();
	/** How many session.json files this store has parsed (tests check that a list refresh parses none). */
	sessionLoads = 0;

	constructor(storageRoot: vscode.Uri) {
		this.root = vscode.Uri.joinPath(storageRoot, 'studio');
		this.trash = vscode.Uri.joinPath(storageRoot, 'studio-trash');
	}

	imageUri(sessionId: string, file: string): vscode.Uri {
		return vscode.Uri.joinPath(this.folder(sessionId), file);
	}

	/** Moves a session out of the list into the trash; `restoreDeleted` brings it back. */
	async delete(sessionId: string): Promise<void> {
		const source = this.folder(sessionId); // Checks the id before anything is touched.
		await vscode.workspace.fs.createDirectory(this.trash);
		const target = vscode.Uri.joinPath(this.trash, sessionId);
		try {
			await vscode.workspace.fs.delete(target, { recursive: true });
		} catch {
			// Nothing of that name in the trash.
		}
		await vscode.workspace.fs.rename(source, target, { overwrite: false });
		// A move keeps the folder's modified time; the marker dates the deletion, which the purge goes by.
		await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(target, DELETED_MARKER), new TextEncoder().encode(new Date().toISOString()));
		await this._updateIndex((index) => withoutIds(index, new Set([sessionId])));
		for (const key of [...this._images.keys()]) {
			if (key.startsWith(`${sessionId}/`)) {
				this._images.delete(key);
			}
		}
		this.thumbnails.forget(sessionId);
	}

	async restoreDeleted(sessionId: string): Promise<void> {
		if (!this.isSessionId(sessionId)) {
			throw new Error(`Not a studio session id: ${sessionId.slice(0, 40)}`);
		}
		await vscode.workspace.fs.createDirectory(this.root);
		await vscode.workspace.fs.rename(vscode.Uri.joinPath(this.trash, sessionId), this.folder(sessionId), { overwrite: false });
		await vscode.workspace.fs.delete(vscode.Uri.joinPath(this.folder(sessionId), DELETED_MARKER)).then(undefined, () => undefined);
		const entry = await this._readEntry(sessionId);
		await this._updateIndex((index) => ('reason' in entry ? withDamaged(index, entry) : withEntry(index, entry)));
	}

	/** Removes deleted sessions older than `maxAgeMs`; failures are ignored (the trash is tidied again next time). */
	async purgeTrash(maxAgeMs = 7 * 24 * 60 * 60 * 1000, now = Date.now()): Promise<void> {
		let entries: [string, vscode.FileType][];
		try {
			entries = await vscode.workspace.fs.readDirectory(this.trash);
		} catch {
			return;
		}
		for (const [name] of entries) {
			const entry = vscode.Uri.joinPath(this.trash, name);
			try {
				const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(entry, DELETED_MARKER)).then(undefined, () => vscode.workspace.fs.stat(entry));
				if (now - stat.mtime > maxAgeMs) {
					await vscode.workspace.fs.delete(entry, { recursive: true });
				}
			} catch {
				// Next time.
			}
		}
	}

	/**
	 * Removes the temporary files a crash left in the studio folder and the session folders (our names only, older
	 * than an hour, never through a link); returns how many. Local storage only: it is where the extension host runs.
	 */
	async removeStaleTemporaries(now = Date.now()): Promise<number> {
		if (this.root.scheme !== 'file') {
			return 0;
		}
		return (await removeStaleTemporaries(this.root.fsPath, [SESSION_TEMP, INDEX_TEMP, THUMBNAIL_TEMP], { now, depth: 1 })).length;
	}

	/** Copies image files of one session into another (for "Continue from this turn"). */
	async copyImages(fromId: string, toId: string, files: readonly string[]): Promise<void> {
		await vscode.workspace.fs.createDirectory(this.folder(toId));
		for (const file of files) {
			await vscode.workspace.fs.copy(this.imageUri(fromId, file), this.imageUri(toId, file), { overwrite: false });
			await this.thumbnails.copy(fromId, toId, file);
		}
	}

	newSessionId(): string {
		return `${new Date()
			.toISOString()
			.replace(/[-:TZ.]/g, '')
			.slice(0, 14)}-${randomBytes(4).toString('hex')}`;
	}

	isSessionId(id: string): boolean {
		return SESSION_ID.test(id);
	}

	folder(sessionId: string): vscode.Uri {
		if (!this.isSessionId(sessionId)) {
			throw new Error(`Not a studio session id: ${sessionId.slice(0, 40)}`);
		}
		return vscode.Uri.joinPath(this.root, sessionId);
	}

	/** Whether a session has a folder (saved at least once, not deleted). */
	async exists(sessionId: string): Promise<boolean> {
		try {
			await vscode.workspace.fs.stat(this.folder(sessionId));
			return true;
		} catch {
			return false;
		}
	}

	/** Loads one session; throws an Error naming the problem when it is missing or damaged. */
	async load(sessionId: string): Promise<StudioSession> {
		const file = vscode.Uri.joinPath(this.folder(sessionId), SESSION_FILE);
		this.sessionLoads++;
		const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
		return parseSession(text, sessionId);
	}

	get indexUri(): vscode.Uri {
		return vscode.Uri.joinPath(this.root, SESSION_INDEX_FILE);
	}

	/**
	 * What the conversation list shows, newest first, from the index: one small file, and only the sessions the index
	 * does not know yet (or a rebuild of it when missing or damaged) are parsed.
	 */
	async summaries(): Promise<SessionIndex> {
		return this._serially(async () => {
			const { index, changed } = await this._currentIndex();
			if (changed) {
				await this._writeIndex(index);
			}
			return index;
		});
	}

	/**
	 * Every readable session, newest first, and the ones that could not be read (with the reason), each session.json
	 * parsed: for tests and checks. The list uses `summaries()`.
	 */
	async list(): Promise<{ sessions: StudioSession[]; damaged: { id: string; reason: string }[] }> {
		let entries: [string, vscode.FileType][] = [];
		try {
			entries = await vscode.workspace.fs.readDirectory(this.root);
		} catch {
			return { sessions: [], damaged: [] };
		}
		const sessions: StudioSession[] = [];
		const damaged: { id: string; reason: string }[] = [];
		for (const [name, type] of entries) {
			if (!(type & vscode.FileType.Directory) || !this.isSessionId(name)) {
				continue;
			}
			try {
				sessions.push(await this.load(name));
			} catch (error) {
				damaged.push({ id: name, reason: errorMessage(error) });
			}
		}
		sessions.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
		return { sessions, damaged };
	}

	/**
	 * Moves the least recently used conversations beyond `maxSessions` to the trash (kept a week there), never one in
	 * `keep` (open in a panel) and never the newest. 0 keeps everything. Returns the ids moved.
	 */
	async prune(maxSessions: number, keep: ReadonlySet<string>): Promise<string[]> {
		if (maxSessions <= 0) {
			return [];
		}
		const { sessions } = await this.summaries();
		const moved: string[] = [];
		for (const session of sessions.slice(Math.max(1, maxSessions))) {
			if (!keep.has(session.id)) {
				await this.delete(session.id);
				moved.push(session.id);
			}
		}
		return moved;
	}

	async writeImage(sessionId: string, file: string, bytes: Uint8Array): Promise<void> {
		await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(this.folder(sessionId), file), bytes);
		this._remember(`${sessionId}/${file}`, bytes);
	}

	async readImage(sessionId: string, file: string): Promise<Uint8Array> {
		const key = `${sessionId}/${file}`;
		let bytes = this._images.get(key);
		if (bytes) {
			// Most recently used last.
			this._images.delete(key);
			this._images.set(key, bytes);
		} else {
			bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.folder(sessionId), file));
			this._remember(key, bytes);
		}
		return bytes;
	}

	/**
	 * The size of an image file in bytes, to plan a request without reading every image (stored images never change,
	 * so sizes are remembered).
	 */
	async imageSize(sessionId: string, file: string): Promise<number> {
		const key = `${sessionId}/${file}`;
		const known = this._sizes.get(key) ?? this._images.get(key)?.byteLength;
		if (known !== undefined) {
			return known;
		}
		const size = (await vscode.workspace.fs.stat(vscode.Uri.joinPath(this.folder(sessionId), file))).size;
		this._sizes.set(key, size);
		return size;
	}

	/** Keeps the latest images in memory, up to IMAGE_CACHE_BYTES: the replayed ones are the recent ones. */
	private _remember(key: string, bytes: Uint8Array): void {
		this._images.delete(key);
		this._images.set(key, bytes);
		let cached = [...this._images.values()].reduce((total, image) => total + image.byteLength, 0);
		for (const [oldest, image] of this._images) {
			if (cached <= IMAGE_CACHE_BYTES || oldest === key) {
				break;
			}
			this._images.delete(oldest);
			cached -= image.byteLength;
		}
	}

	/**
	 * Writes session.json through a temporary file (its own per save: two saves may overlap) and a rename, so a crash
	 * leaves the old one intact. Local storage uses Node's rename, which replaces atomically: `workspace.fs.rename`
	 * with overwrite deletes the target first, and for that moment the session would vanish from the list.
	 */
	async save(session: StudioSession): Promise<void> {
		const folder = this.folder(session.id);
		await vscode.workspace.fs.createDirectory(folder);
		await replaceAtomically(vscode.Uri.joinPath(folder, SESSION_FILE), new TextEncoder().encode(serializeSession(session)), SESSION_TEMP);
		await this._updateIndex((index) => withEntry(index, indexEntry(session)));
	}

	/** Runs index work after the index work before it, whatever became of that. */
	private _serially<T>(work: () => Promise<T>): Promise<T> {
		const next = this._indexQueue.then(work, work);
		this._indexQueue = next.then(
			() => undefined,
			() => undefined,
		);
		return next;
	}

	/**
	 * The index as stored, checked against the session folders: rebuilt from every session.json when missing or
	 * damaged; otherwise only the folders it does not know are parsed, and the ones gone are dropped.
	 */
	private async _currentIndex(): Promise<{ index: SessionIndex; changed: boolean }> {
		const folders = await this._sessionFolders();
		let stored: SessionIndex | undefined;
		this._indexText = undefined;
		try {
			const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(this.indexUri));
			stored = parseSessionIndex(text, (id) => this.isSessionId(id));
			this._indexText = text;
		} catch {
			// Missing: rebuilt below.
		}
		let index = stored ?? { sessions: [], damaged: [] };
		const known = indexedIds(index);
		const gone = new Set([...known].filter((id) => !folders.has(id)));
		const unknown = [...folders].filter((id) => !known.has(id));
		index = withoutIds(index, gone);
		for (const id of unknown) {
			const entry = await this._readEntry(id);
			index = 'reason' in entry ? withDamaged(index, entry) : withEntry(index, entry);
		}
		return { index: sortIndex(index), changed: !stored || gone.size > 0 || unknown.length > 0 };
	}

	private async _readEntry(sessionId: string): Promise<SessionIndexEntry | DamagedSessionEntry> {
		try {
			return indexEntry(await this.load(sessionId));
		} catch (error) {
			return { id: sessionId, reason: errorMessage(error) };
		}
	}

	private async _sessionFolders(): Promise<Set<string>> {
		try {
			const entries = await vscode.workspace.fs.readDirectory(this.root);
			return new Set(entries.filter(([name, type]) => type & vscode.FileType.Directory && this.isSessionId(name)).map(([name]) => name));
		} catch {
			return new Set();
		}
	}

	private async _writeIndex(index: SessionIndex): Promise<void> {
		const text = serializeSessionIndex(index);
		if (text === this._indexText) {
			return; // The file already says this (read by _currentIndex just before): no write, no new modification time.
		}
		await vscode.workspace.fs.createDirectory(this.root);
		await replaceAtomically(this.indexUri, new TextEncoder().encode(text), INDEX_TEMP);
		this._indexText = text;
	}

	/**
	 * Applies a change to the index. The session files are the truth: when the index cannot be written it is removed,
	 * so the next list rebuilds it rather than showing a stale title; the change itself has already happened.
	 */
	private async _updateIndex(change: (index: SessionIndex) => SessionIndex): Promise<void> {
		await this._serially(async () => {
			try {
				await this._writeIndex(change((await this._currentIndex()).index));
			} catch {
				this._indexText = undefined;
				await vscode.workspace.fs.delete(this.indexUri, { useTrash: false }).then(undefined, () => undefined);
			}
		});
	}
}
