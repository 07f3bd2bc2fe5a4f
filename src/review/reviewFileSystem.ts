/**
 * A read-only file system for the before/after view: `image-studio-review:/<editId>/original/logo.png` is the
 * snapshot of the original taken when the edit started (later changes on disk do not alter it) and
 * `image-studio-review:/<editId>/edited/logo.png` the result. The built-in image preview renders both.
 */
import * as vscode from 'vscode';
import type { PendingEdit, PendingEditStore } from './pendingEdits';

export { REVIEW_SCHEME } from '../contributions';
import { REVIEW_SCHEME } from '../contributions';

export type ReviewSide = 'original' | 'edited';

/**
 * The diff editor labels a tab of two image previews "left ↔ right" from the file names (it ignores the title), so
 * the names say which side is which: `logo (original).png ↔ logo (edited).jpg`.
 */
export function reviewUri(edit: PendingEdit, side: ReviewSide): vscode.Uri {
	return vscode.Uri.from({ scheme: REVIEW_SCHEME, path: `/${edit.id}/${side}/${reviewFileName(edit, side)}` });
}

export function reviewFileName(edit: PendingEdit, side: ReviewSide): string {
	const stem = edit.originalName.replace(/\.[^.]+$/, '');
	return side === 'original' ? `${stem} (original).${edit.originalExtension}` : `${stem} (edited).${edit.resultExtension}`;
}

/** The label VS Code gives the review's diff tab. */
export function reviewTabLabel(edit: PendingEdit): string {
	return `${reviewFileName(edit, 'original')} ↔ ${reviewFileName(edit, 'edited')}`;
}

export function parseReviewUri(uri: vscode.Uri): { id: string; side: ReviewSide } | undefined {
	if (uri.scheme !== REVIEW_SCHEME) {
		return undefined;
	}
	const match = /^\/([a-f0-9]{16})\/(original|edited)\/[^/]+$/.exec(uri.path);
	return match ? { id: match[1], side: match[2] as ReviewSide } : undefined;
}

export class ReviewFileSystemProvider implements vscode.FileSystemProvider, vscode.Disposable {
	private readonly _onDidChangeFile = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
	readonly onDidChangeFile = this._onDidChangeFile.event;

	constructor(private readonly _edits: PendingEditStore) {}

	/** Drops the listeners of `onDidChangeFile` (the composition root disposes the provider with the extension). */
	dispose(): void {
		this._onDidChangeFile.dispose();
	}

	watch(): vscode.Disposable {
		return new vscode.Disposable(() => undefined);
	}

	async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
		const backing = await this._backing(uri);
		const stat = await vscode.workspace.fs.stat(backing);
		return { type: vscode.FileType.File, ctime: stat.ctime, mtime: stat.mtime, size: stat.size, permissions: vscode.FilePermission.Readonly };
	}

	async readFile(uri: vscode.Uri): Promise<Uint8Array> {
		return vscode.workspace.fs.readFile(await this._backing(uri));
	}

	readDirectory(): [string, vscode.FileType][] {
		return [];
	}

	createDirectory(uri: vscode.Uri): void {
		throw vscode.FileSystemError.NoPermissions(uri);
	}

	writeFile(uri: vscode.Uri): void {
		throw vscode.FileSystemError.NoPermissions(uri);
	}

	delete(uri: vscode.Uri): void {
		throw vscode.FileSystemError.NoPermissions(uri);
	}

	rename(uri: vscode.Uri): void {
		throw vscode.FileSystemError.NoPermissions(uri);
	}

	private async _backing(uri: vscode.Uri): Promise<vscode.Uri> {
		const parsed = parseReviewUri(uri);
		const edit = parsed ? await this._edits.get(parsed.id) : undefined;
		if (!parsed || !edit) {
			throw vscode.FileSystemError.FileNotFound(uri);
		}
		return parsed.side === 'original' ? this._edits.originalSnapshotUri(edit) : this._edits.resultUri(edit);
	}
}
