/**
 * Edits waiting for review, and backups of replaced originals, kept on disk in the extension's workspace storage.
 *
 * Why extension storage rather than a workspace folder: pending results must survive a window reload, but they are
 * not the user's files yet: in the workspace they would show up in `git status`, in searches and in the explorer,
 * and could be committed by accident. Workspace storage is per workspace, lives on the machine of the extension host
 * (so remote workspaces work) and is removed with the workspace's data.
 */
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import { sha256 } from '../core/hash';
import type { Logger } from '../log';

/** What produced a result: shown in the review and kept with every pending edit. */
export interface Provenance {
	readonly kind: 'edit' | 'compose';
	readonly prompt: string;
	readonly model: string;
	readonly aspectRatio: string;
	readonly imageSize?: string;
	readonly inputs: readonly { readonly uri: string; readonly sha256: string; readonly mimeType: string }[];
	readonly createdAt: string;
	/** Text the model wrote beside the image. */
	readonly modelText?: string;
	/** The pending edit this one continues ("Edit again"). */
	readonly parentEditId?: string;
	readonly usage?: { readonly promptTokens: number; readonly outputTokens: number; readonly thoughtTokens?: number };
	/** The reply's finish reason and estimated price (absent in edits stored before they were kept). */
	readonly finishReason?: string;
	readonly costUsd?: number;
}

export interface PendingEdit {
	readonly id: string;
	/** The user's file the edit applies to. */
	readonly originalUri: string;
	readonly originalName: string;
	readonly originalSha256: string;
	readonly originalExtension: string;
	readonly resultSha256: string;
	readonly resultExtension: string;
	readonly resultMimeType: string;
	readonly provenance: Provenance;
}

export interface Backup {
	readonly id: string;
	readonly fileUri: string;
	readonly fileName: string;
	readonly sha256: string;
	readonly extension: string;
	/** Hash of the bytes that replaced the original. */
	readonly replacedBySha256: string;
	readonly replacedAt: string;
	readonly prompt?: string;
}

const ID_PATTERN = /^[a-f0-9]{16}$/;

/** File extensions the store writes (`original.png`, `result.jpg`): anything else read back from a record is refused. */
const EXTENSION_PATTERN = /^[a-z0-9]{1,5}$/;

/** A backup record as read from disk: checked before its extension or URI is used in a path. */
function isBackupRecord(value: unknown, id: string): value is Backup {
	const record = value as Partial<Backup> | null;
	return (
		typeof record === 'object' &&
		record !== null &&
		record.id === id &&
		typeof record.fileUri === 'string' &&
		typeof record.fileName === 'string' &&
		typeof record.sha256 === 'string' &&
		/^[a-f0-9]{64}$/.test(record.sha256) &&
		typeof record.extension === 'string' &&
		EXTENSION_PATTERN.test(record.extension) &&
		typeof record.replacedAt === 'string'
	);
}

export class PendingEditStore implements vscode.Disposable {
	private readonly _onDidChange = new vscode.EventEmitter<void>();
	readonly onDidChange = this._onDidChange.event;

	/** Drops the listeners of `onDidChange` (the composition root disposes the store with the extension). */
	dispose(): void {
		this._onDidChange.dispose();
	}

	constructor(
		private readonly _root: vscode.Uri,
		private readonly _log: Logger,
	) {}

	static isValidId(id: unknown): id is string {
		return typeof id === 'string' && ID_PATTERN.test(id);
	}

	get root(): vscode.Uri {
		return this._root;
	}

	editFolder(id: string): vscode.Uri {
		return vscode.Uri.joinPath(this._root, 'pending', id);
	}

	originalSnapshotUri(edit: PendingEdit): vscode.Uri {
		return vscode.Uri.joinPath(this.editFolder(edit.id), `original.${edit.originalExtension}`);
	}

	resultUri(edit: PendingEdit): vscode.Uri {
		return vscode.Uri.joinPath(this.editFolder(edit.id), `result.${edit.resultExtension}`);
	}

	/** Stores snapshot, result and provenance; the record is written last, so a half-stored edit is never listed. */
	async create(input: {
		originalUri: vscode.Uri;
		originalName: string;
		originalBytes: Uint8Array;
		originalExtension: string;
		resultBytes: Uint8Array;
		resultExtension: string;
		resultMimeType: string;
		provenance: Provenance;
	}): Promise<PendingEdit> {
		const id = crypto.randomBytes(8).toString('hex');
		const edit: PendingEdit = {
			id,
			originalUri: input.originalUri.toString(),
			originalName: input.originalName,
			originalSha256: sha256(input.originalBytes),
			originalExtension: input.originalExtension,
			resultSha256: sha256(input.resultBytes),
			resultExtension: input.resultExtension,
			resultMimeType: input.resultMimeType,
			provenance: input.provenance,
		};
		const folder = this.editFolder(id);
		await vscode.workspace.fs.createDirectory(folder);
		await vscode.workspace.fs.writeFile(this.originalSnapshotUri(edit), input.originalBytes);
		await vscode.workspace.fs.writeFile(this.resultUri(edit), input.resultBytes);
		await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'edit.json'), Buffer.from(JSON.stringify(edit, null, '\t')));
		this._log.info(`Pending edit ${id} of ${edit.originalUri} stored in ${folder.toString(true)}`);
		this._onDidChange.fire();
		return edit;
	}

	async get(id: string): Promise<PendingEdit | undefined> {
		if (!PendingEditStore.isValidId(id)) {
			return undefined;
		}
		try {
			const raw = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.editFolder(id), 'edit.json'));
			const parsed = JSON.parse(Buffer.from(raw).toString('utf8')) as PendingEdit;
			return parsed && parsed.id === id && typeof parsed.originalUri === 'string' && EXTENSION_PATTERN.test(String(parsed.resultExtension))
				? parsed
				: undefined;
		} catch {
			return undefined;
		}
	}

	async list(): Promise<PendingEdit[]> {
		let entries: [string, vscode.FileType][];
		try {
			entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(this._root, 'pending'));
		} catch {
			return [];
		}
		const edits: PendingEdit[] = [];
		for (const [name, type] of entries) {
			if (type === vscode.FileType.Directory) {
				const edit = await this.get(name);
				if (edit) {
					edits.push(edit);
				}
			}
		}
		return edits.sort((a, b) => b.provenance.createdAt.localeCompare(a.provenance.createdAt));
	}

	async readResult(edit: PendingEdit): Promise<Uint8Array> {
		const bytes = await vscode.workspace.fs.readFile(this.resultUri(edit));
		if (sha256(bytes) !== edit.resultSha256) {
			throw new Error(vscode.l10n.t('the stored result is damaged'));
		}
		return bytes;
	}

	async remove(id: string): Promise<void> {
		if (!PendingEditStore.isValidId(id)) {
			return;
		}
		await vscode.workspace.fs.delete(this.editFolder(id), { recursive: true, useTrash: false }).then(undefined, () => undefined);
		this._onDidChange.fire();
	}

	/**
	 * Keeps storage bounded: at most `maxBackupsPerFile` backups per original file and `maxPendingEdits` pending edits,
	 * the newest kept (0 keeps everything; the newest is never removed). Returns how many were removed.
	 */
	async prune(limits: { readonly maxBackupsPerFile: number; readonly maxPendingEdits: number }): Promise<{ backups: number; edits: number }> {
		let backups = 0;
		if (limits.maxBackupsPerFile > 0) {
			const seen = new Map<string, number>();
			for (const backup of await this.listBackups()) {
				const count = (seen.get(backup.fileUri) ?? 0) + 1;
				seen.set(backup.fileUri, count);
				if (count > Math.max(1, limits.maxBackupsPerFile)) {
					await vscode.workspace.fs
						.delete(vscode.Uri.joinPath(this._root, 'backups', backup.id), { recursive: true, useTrash: false })
						.then(undefined, () => undefined);
					backups++;
				}
			}
		}
		let edits = 0;
		if (limits.maxPendingEdits > 0) {
			for (const edit of (await this.list()).slice(Math.max(1, limits.maxPendingEdits))) {
				await this.remove(edit.id);
				edits++;
			}
		}
		if (backups + edits > 0) {
			this._log.info(`Storage: removed ${backups} old backup(s) and ${edits} old pending edit(s) (imageStudio.storage.* settings).`);
		}
		return { backups, edits };
	}

	/** Keeps the exact bytes of a file before it is replaced; verified by reading them back. */
	async createBackup(
		fileUri: vscode.Uri,
		fileName: string,
		bytes: Uint8Array,
		extension: string,
		replacedBySha256: string,
		prompt?: string,
	): Promise<Backup> {
		const id = crypto.randomBytes(8).toString('hex');
		const folder = vscode.Uri.joinPath(this._root, 'backups', id);
		const backup: Backup = {
			id,
			fileUri: fileUri.toString(),
			fileName,
			sha256: sha256(bytes),
			extension,
			replacedBySha256,
			replacedAt: new Date().toISOString(),
			prompt,
		};
		await vscode.workspace.fs.createDirectory(folder);
		const dataUri = vscode.Uri.joinPath(folder, `original.${extension}`);
		await vscode.workspace.fs.writeFile(dataUri, bytes);
		const readBack = await vscode.workspace.fs.readFile(dataUri);
		if (sha256(readBack) !== backup.sha256) {
			throw new Error(vscode.l10n.t('the backup could not be verified'));
		}
		await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'backup.json'), Buffer.from(JSON.stringify(backup, null, '\t')));
		this._log.info(`Backed up ${backup.fileUri} (${bytes.byteLength} bytes, sha256 ${backup.sha256.slice(0, 12)}…) as ${id}`);
		return backup;
	}

	async listBackups(fileUri?: vscode.Uri): Promise<Backup[]> {
		let entries: [string, vscode.FileType][];
		try {
			entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(this._root, 'backups'));
		} catch {
			return [];
		}
		const backups: Backup[] = [];
		for (const [name, type] of entries) {
			if (type !== vscode.FileType.Directory || !PendingEditStore.isValidId(name)) {
				continue;
			}
			try {
				const raw = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this._root, 'backups', name, 'backup.json'));
				const backup: unknown = JSON.parse(Buffer.from(raw).toString('utf8'));
				if (isBackupRecord(backup, name) && (!fileUri || backup.fileUri === fileUri.toString())) {
					backups.push(backup);
				}
			} catch {
				// An unreadable backup record is skipped, its bytes stay on disk.
			}
		}
		return backups.sort((a, b) => b.replacedAt.localeCompare(a.replacedAt));
	}

	async readBackup(backup: Backup): Promise<Uint8Array> {
		if (!isBackupRecord(backup, backup.id) || !PendingEditStore.isValidId(backup.id)) {
			throw new Error(vscode.l10n.t('the backup record is damaged'));
		}
		const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this._root, 'backups', backup.id, `original.${backup.extension}`));
		if (sha256(bytes) !== backup.sha256) {
			throw new Error(vscode.l10n.t('the backup is damaged'));
		}
		return bytes;
	}
}
