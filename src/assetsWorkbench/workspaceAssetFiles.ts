/**
 * The asset engine's file port inside VS Code: every write goes through the workspace store (the one module that
 * writes into the workspace: containment, no links out, temp + rename, never overwrite), and a replaced output is
 * kept first in the same backup store as a replaced edit, so "Restore Original Image" brings it back.
 */
import * as vscode from 'vscode';
import { ImageStudioError } from '../core/errors';
import { sha256 } from '../core/hash';
import type { AssetFilesPort, ReplaceReason } from '../assets/ports';
import type { Services } from '../services';

export class WorkspaceAssetFiles implements AssetFilesPort {
	constructor(
		private readonly _services: Pick<Services, 'store' | 'edits'>,
		/** The manifest's folder: every path the engine passes is relative to it. */
		private readonly _root: vscode.Uri,
		/** The lock file beside the manifest. */
		private readonly _lock: vscode.Uri,
	) {}

	uri(relativePath: string): vscode.Uri {
		const segments = relativePath.split('/');
		if (relativePath === '' || segments.some((segment) => segment === '' || segment === '.' || segment === '..') || relativePath.startsWith('/')) {
			throw new ImageStudioError('invalidInput', vscode.l10n.t('"{0}" is not a path inside the manifest\'s folder.', relativePath));
		}
		return vscode.Uri.joinPath(this._root, ...segments);
	}

	async read(relativePath: string): Promise<Uint8Array | undefined> {
		return readIfFile(this.uri(relativePath));
	}

	async exists(relativePath: string): Promise<boolean> {
		try {
			return (await vscode.workspace.fs.stat(this.uri(relativePath))).type === vscode.FileType.File;
		} catch {
			return false;
		}
	}

	async writeNew(relativePath: string, bytes: Uint8Array): Promise<void> {
		await this._services.store.createFileAt(this.uri(relativePath), bytes);
	}

	async replaceWithBackup(relativePath: string, bytes: Uint8Array, reason: ReplaceReason): Promise<string> {
		const target = this.uri(relativePath);
		const current = await readIfFile(target);
		if (!current) {
			await this._services.store.createFileAt(target, bytes);
			return '';
		}
		const name = relativePath.split('/').pop() ?? relativePath;
		const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : 'bin';
		const backup = await this._services.edits.createBackup(
			target,
			name,
			current,
			extension,
			sha256(bytes),
			`asset "${reason.assetId}" regenerated (${reason.kind === 'changed' ? 'its recipe changed' : 'on request'})`,
		);
		await this._services.store.replaceFile(target, bytes, sha256(current));
		return backup.id;
	}

	async readLock(): Promise<string | undefined> {
		const bytes = await readIfFile(this._lock);
		return bytes ? Buffer.from(bytes).toString('utf8') : undefined;
	}

	async writeLock(text: string): Promise<void> {
		const bytes = Buffer.from(text, 'utf8');
		const current = await readIfFile(this._lock);
		if (!current) {
			await this._services.store.createFileAt(this._lock, bytes);
		} else if (sha256(current) !== sha256(bytes)) {
			await this._services.store.replaceFile(this._lock, bytes, sha256(current));
		}
	}
}

async function readIfFile(uri: vscode.Uri): Promise<Uint8Array | undefined> {
	try {
		if ((await vscode.workspace.fs.stat(uri)).type !== vscode.FileType.File) {
			return undefined;
		}
		return await vscode.workspace.fs.readFile(uri);
	} catch {
		return undefined;
	}
}
