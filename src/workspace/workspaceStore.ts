// Over 400 lines: the single writer into the workspace by design (architecture: every write goes through this module), so each way of writing lives here.
/**
 * The one module that writes into the workspace. Every write goes through `vscode.workspace.fs` (so remote and
 * virtual workspaces work), lands under a temporary name first and is then renamed without overwriting, so a
 * crash or a full disk never leaves half an image under a real name and an existing file is never replaced.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { ImageStudioError } from '../core/errors';
import type { Logger } from '../log';
import { sha256 } from '../core/hash';
import { numberedFileName, sanitizeFileStem } from './fileNaming';
import { removeTemporary, swapInto, temporarySibling, writeTemporary } from './atomicReplace';
import {
	assertLocalFolderSafe,
	assertRealPathInside,
	describeFsError as describeNodeFsError,
	MAX_NAME_ATTEMPTS,
	outputFolderError,
	saveNewLocalFile,
	TEMP_PREFIX,
	TEMP_SUFFIX,
} from './localFiles';
import { parseOutputFolder } from './outputFolder';
import { isTemporaryName } from './staleTemporaries';
import { isPathInside } from '../core/paths';

/** A temporary file older than this was left by a crash, not by a save in progress. */
const STALE_TEMP_AGE_MS = 10 * 60 * 1000;

export interface OutputLocation {
	readonly workspaceFolder: vscode.WorkspaceFolder;
	readonly folderUri: vscode.Uri;
	/** Workspace-relative, slash-separated, for messages. */
	readonly relativePath: string;
}

/** One file of a folder saved all at once (saveNewFolder): a plain name, no path. */
export interface NewFolderFile {
	readonly name: string;
	readonly bytes: Uint8Array;
}

/** Where a test may make the next write fail, to prove that nothing is lost when the disk misbehaves. */
export type WriteFaultStage = 'tempWrite' | 'verify' | 'swap';

export class WorkspaceStore {
	private readonly _cleaned = new Set<string>();
	private _fault: WriteFaultStage | undefined;

	/** Test hook: the next replace (or saveNewFolder: tempWrite after its first file, swap before the rename) fails at `stage` (ExtensionMode.Test only). */
	injectFault(stage: WriteFaultStage | undefined): void {
		this._fault = stage;
	}

	private _maybeFail(stage: WriteFaultStage): void {
		if (this._fault === stage) {
			this._fault = undefined;
			throw new Error(`injected fault at ${stage}`);
		}
	}

	/**
	 * Replaces `target` with `bytes`, but only while it still holds the bytes hashed `expectedSha256` (so bytes the
	 * user changed meanwhile are never replaced). The new bytes are written beside the target, read back and
	 * verified, then swapped in with one rename. The caller keeps a backup of the old bytes before calling.
	 */
	async replaceFile(target: vscode.Uri, bytes: Uint8Array, expectedSha256: string): Promise<void> {
		const name = target.path.split('/').pop() ?? target.toString();
		const workspaceFolder = vscode.workspace.getWorkspaceFolder(target);
		if (!workspaceFolder) {
			throw new ImageStudioError('outputFolder', vscode.l10n.t('{0} is no longer inside an open workspace folder, so it was not replaced.', name));
		}
		assertWritableFolder(workspaceFolder, vscode.Uri.joinPath(target, '..'));
		let stat: vscode.FileStat;
		try {
			stat = await vscode.workspace.fs.stat(target);
		} catch {
			throw new ImageStudioError('notFound', vscode.l10n.t('{0} no longer exists, so it was not replaced. Use "Save as New File" instead.', name));
		}
		// As root (or with a writable folder) a rename replaces even a read-only file: honour the mode bits the user set.
		const localMode = target.scheme === 'file' ? (await fs.promises.stat(target.fsPath).catch(() => undefined))?.mode : undefined;
		const modeReadOnly = localMode !== undefined && (localMode & 0o222) === 0;
		if ((stat.permissions ?? 0) & vscode.FilePermission.Readonly || modeReadOnly) {
			throw new ImageStudioError('readOnly', vscode.l10n.t('{0} is read-only, so it was not replaced. Use "Save as New File" instead.', name));
		}
		const current = await vscode.workspace.fs.readFile(target);
		if (sha256(current) !== expectedSha256) {
			throw new ImageStudioError(
				'changedOnDisk',
				vscode.l10n.t('{0} changed on disk since the edit started; it was not replaced. Review again, or use "Save as New File".', name),
			);
		}
		this._cleanFolderOnce(vscode.Uri.joinPath(target, '..'));
		const local = target.scheme === 'file';
		const temp = temporarySibling(target, TEMP_PREFIX, TEMP_SUFFIX);
		const read = (uri: vscode.Uri) => (local ? fs.promises.readFile(uri.fsPath) : vscode.workspace.fs.readFile(uri));
		try {
			this._maybeFail('tempWrite');
			// The replaced file keeps its permissions.
			await writeTemporary(temp, bytes, localMode);
			this._maybeFail('verify');
			if (sha256(await read(temp)) !== sha256(bytes)) {
				throw new Error('the bytes written could not be read back identically');
			}
			// Last check right before the swap: the file may have changed while we wrote.
			if (sha256(await read(target)) !== expectedSha256) {
				throw new ImageStudioError('changedOnDisk', vscode.l10n.t('{0} changed on disk while it was being replaced; it was left as it is.', name));
			}
			this._maybeFail('swap');
			await swapInto(temp, target);
			this._log.info(`Replaced ${target.toString(true)} (${bytes.byteLength} bytes)`);
		} catch (error) {
			await removeTemporary(temp);
			if (error instanceof ImageStudioError) {
				throw error;
			}
			throw new ImageStudioError('writeFailed', vscode.l10n.t('Could not replace {0}: {1}. The original is unchanged.', name, describeFsError(error)), {
				detail: error instanceof Error ? (error.stack ?? error.message) : String(error),
				cause: error,
			});
		}
	}

	/** Writes `bytes` at exactly `target`, which must not exist (restoring a file that was deleted meanwhile). */
	async createFileAt(target: vscode.Uri, bytes: Uint8Array): Promise<void> {
		// The same rules as every other write: inside an open workspace folder, not where files run code, no link out.
		const name = target.path.split('/').pop() ?? target.toString();
		const folder = vscode.Uri.joinPath(target, '..');
		const workspaceFolder = vscode.workspace.getWorkspaceFolder(target);
		if (!workspaceFolder) {
			throw new ImageStudioError('outputFolder', vscode.l10n.t('{0} is not inside an open workspace folder, so it was not written.', name));
		}
		assertWritableFolder(workspaceFolder, folder);
		if (target.scheme === 'file') {
			await assertLocalFolderSafe(workspaceFolder.uri.fsPath, folder.fsPath, vscode.workspace.asRelativePath(folder, false));
		}
		await vscode.workspace.fs.createDirectory(folder);
		this._cleanFolderOnce(folder);
		const temp = temporarySibling(target, TEMP_PREFIX, TEMP_SUFFIX);
		try {
			await writeTemporary(temp, bytes);
			await vscode.workspace.fs.rename(temp, target, { overwrite: false });
		} catch (error) {
			await removeTemporary(temp);
			throw new ImageStudioError('writeFailed', vscode.l10n.t('Could not write {0}: {1}.', target.path.split('/').pop() ?? '', describeFsError(error)), {
				cause: error,
			});
		}
	}

	/** The folder of an existing workspace file, as an output location (for "Save as New File" beside it). */
	locationBeside(file: vscode.Uri): OutputLocation {
		const workspaceFolder = vscode.workspace.getWorkspaceFolder(file);
		if (!workspaceFolder) {
			throw new ImageStudioError('outputFolder', vscode.l10n.t('The original is no longer inside an open workspace folder.'));
		}
		const folderUri = vscode.Uri.joinPath(file, '..');
		const relativePath = vscode.workspace.asRelativePath(folderUri, false);
		assertWritableFolder(workspaceFolder, folderUri);
		return { workspaceFolder, folderUri, relativePath };
	}

	constructor(private readonly _log: Logger) {}

	/**
	 * Resolves the output folder setting inside `workspaceFolder`, refusing anything that would land outside it,
	 * including through a symbolic link, or that names an existing file. Creates nothing.
	 */
	async resolveOutputFolder(workspaceFolder: vscode.WorkspaceFolder, setting: string): Promise<OutputLocation> {
		const parsed = parseOutputFolder(setting);
		if (!parsed.ok) {
			throw outputFolderError(parsed.message);
		}
		const folderUri = vscode.Uri.joinPath(workspaceFolder.uri, ...parsed.value);
		// joinPath normalises; check containment again on the final path.
		if (
			!isPathInside(workspaceFolder.uri.path, folderUri.path) ||
			folderUri.scheme !== workspaceFolder.uri.scheme ||
			folderUri.authority !== workspaceFolder.uri.authority
		) {
			throw outputFolderError(`The output folder "${setting}" leaves the workspace. Set "imageStudio.outputFolder" to a folder inside it.`);
		}
		const relativePath = parsed.value.join('/') || '.';

		// Walk the existing part of the path: each segment must be a folder, and no link may lead elsewhere.
		let current = workspaceFolder.uri;
		for (const segment of parsed.value) {
			current = vscode.Uri.joinPath(current, segment);
			let stat: vscode.FileStat;
			try {
				stat = await statUri(current);
			} catch {
				break; // Does not exist yet: created on save.
			}
			if ((stat.type & vscode.FileType.Directory) === 0) {
				throw outputFolderError(
					`The output folder "${relativePath}" cannot be used: "${vscode.workspace.asRelativePath(current, false)}" is a file, not a folder. Change "imageStudio.outputFolder".`,
				);
			}
			if ((stat.type & vscode.FileType.SymbolicLink) !== 0 && current.scheme !== 'file') {
				throw outputFolderError(`The output folder "${relativePath}" goes through a symbolic link. Choose a real folder inside the workspace.`);
			}
		}
		if (workspaceFolder.uri.scheme === 'file') {
			await assertRealPathInside(workspaceFolder.uri.fsPath, folderUri.fsPath, relativePath);
		}
		return { workspaceFolder, folderUri, relativePath };
	}

	/**
	 * Saves `bytes` as a new file `stem.ext` in the output folder, or `stem-2.ext`, `stem-3.ext`… when taken.
	 * Never overwrites. On failure nothing is left behind: no temporary file and no folder it created.
	 */
	async saveNewFile(location: OutputLocation, stem: string, extension: string, bytes: Uint8Array): Promise<vscode.Uri> {
		// Local folders (also in remote setups): Node gives a true exclusive create and costs no workbench round trip.
		if (location.folderUri.scheme === 'file') {
			const target = await saveNewLocalFile(
				{ root: location.workspaceFolder.uri.fsPath, folder: location.folderUri.fsPath, relativePath: location.relativePath },
				stem,
				extension,
				bytes,
				{
					removeStaleTemporaryFiles: this._cleaned.has(location.folderUri.toString())
						? undefined
						: () => (this._cleaned.add(location.folderUri.toString()), this._removeStaleIn(location.folderUri).then(() => undefined)),
				},
			);
			const uri = vscode.Uri.file(target);
			this._log.info(`Saved ${bytes.byteLength} bytes to ${uri.toString(true)}`);
			return uri;
		}
		const createdRoot = await this._ensureFolder(location);
		if (!createdRoot && !this._cleaned.has(location.folderUri.toString())) {
			this._cleaned.add(location.folderUri.toString());
			const removed = await this._removeStaleIn(location.folderUri);
			if (removed > 0) {
				this._log.info(`Removed ${removed} temporary file(s) left by an interrupted save in ${location.relativePath}`);
			}
		}
		const temp = vscode.Uri.joinPath(location.folderUri, `${TEMP_PREFIX}${crypto.randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
		try {
			await vscode.workspace.fs.writeFile(temp, bytes);
			for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
				const target = vscode.Uri.joinPath(location.folderUri, numberedFileName(stem, extension, attempt));
				if (await exists(target)) {
					continue;
				}
				try {
					await vscode.workspace.fs.rename(temp, target, { overwrite: false });
					this._log.info(`Saved ${bytes.byteLength} bytes to ${target.toString(true)}`);
					return target;
				} catch (error) {
					if (error instanceof vscode.FileSystemError && error.code === 'FileExists') {
						continue; // Someone took the name between stat and rename: try the next one.
					}
					throw error;
				}
			}
			throw new Error(`no free file name for ${stem}.${extension} after ${MAX_NAME_ATTEMPTS} attempts`);
		} catch (error) {
			await this._cleanUp(temp, createdRoot);
			if (error instanceof ImageStudioError) {
				throw error;
			}
			throw new ImageStudioError(
				'writeFailed',
				vscode.l10n.t('Could not save the image in "{0}": {1}. Nothing was written.', location.relativePath, describeFsError(error)),
				{
					detail: error instanceof Error ? (error.stack ?? error.message) : String(error),
					cause: error,
				},
			);
		}
	}

	/**
	 * Saves `files` together as a new folder `name/` (or `name-2/`, `name-3/`… when taken) in the output location, all
	 * or nothing: they are written into a hidden temporary folder beside it, which is renamed into place only once
	 * every file is complete. Never overwrites or merges into an existing folder; on failure nothing is left behind.
	 * Returns the new folder and its files, in the order given.
	 */
	async saveNewFolder(location: OutputLocation, name: string, files: readonly NewFolderFile[]): Promise<{ folder: vscode.Uri; files: vscode.Uri[] }> {
		const folderName = sanitizeFileStem(name, 'images');
		for (const file of files) {
			if (file.name !== sanitizeFileStem(file.name) || file.name.includes('/') || !/\.[a-z0-9]+$/i.test(file.name)) {
				throw new ImageStudioError('invalidInput', vscode.l10n.t('"{0}" is not a plain file name.', file.name));
			}
		}
		assertWritableFolder(location.workspaceFolder, location.folderUri);
		const local = location.folderUri.scheme === 'file';
		const checkLocal = async () => {
			if (local) {
				await assertLocalFolderSafe(location.workspaceFolder.uri.fsPath, location.folderUri.fsPath, location.relativePath);
			}
		};
		await checkLocal();
		const createdRoot = await this._ensureFolder(location);
		this._cleanFolderOnce(location.folderUri);
		const temp = vscode.Uri.joinPath(location.folderUri, `${TEMP_PREFIX}${crypto.randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
		let placed: vscode.Uri | undefined;
		try {
			if (local) {
				await fs.promises.mkdir(temp.fsPath); // Exclusive: fails if the name exists.
			} else {
				await vscode.workspace.fs.createDirectory(temp);
			}
			for (const file of files) {
				await writeTemporary(vscode.Uri.joinPath(temp, file.name), file.bytes);
				this._maybeFail('tempWrite');
			}
			this._maybeFail('swap');
			for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS && !placed; attempt++) {
				const target = vscode.Uri.joinPath(location.folderUri, attempt === 0 ? folderName : `${folderName}-${attempt + 1}`);
				if (await exists(target)) {
					continue;
				}
				await checkLocal();
				try {
					// POSIX rename refuses a non-empty folder in the way and Windows any; a folder that appeared empty in
					// between is the only thing it could replace.
					await (local ? fs.promises.rename(temp.fsPath, target.fsPath) : vscode.workspace.fs.rename(temp, target, { overwrite: false }));
					placed = target;
				} catch (error) {
					const code = (error as NodeJS.ErrnoException).code;
					const taken =
						code === 'ENOTEMPTY' ||
						code === 'EEXIST' ||
						code === 'EPERM' ||
						(error instanceof vscode.FileSystemError && error.code === 'FileExists');
					if (taken && (await exists(target))) {
						continue; // Taken since the check: try the next name.
					}
					throw error;
				}
			}
			if (!placed) {
				throw new Error(`no free folder name for ${folderName} after ${MAX_NAME_ATTEMPTS} attempts`);
			}
			await checkLocal();
			this._log.info(`Saved ${files.length} file(s) in the new folder ${placed.toString(true)}`);
			const folder = placed;
			return { folder, files: files.map((file) => vscode.Uri.joinPath(folder, file.name)) };
		} catch (error) {
			await vscode.workspace.fs.delete(placed ?? temp, { recursive: true, useTrash: false }).then(undefined, () => undefined);
			if (placed) {
				await vscode.workspace.fs.delete(temp, { recursive: true, useTrash: false }).then(undefined, () => undefined);
			}
			await this._cleanUp(temp, createdRoot);
			if (error instanceof ImageStudioError) {
				throw error;
			}
			throw new ImageStudioError(
				'writeFailed',
				vscode.l10n.t('Could not save the folder {0} in "{1}": {2}. Nothing was written.', folderName, location.relativePath, describeFsError(error)),
				{ detail: error instanceof Error ? (error.stack ?? error.message) : String(error), cause: error },
			);
		}
	}

	/** Creates the output folder; returns the topmost folder it had to create, for clean-up on failure. */
	private async _ensureFolder(location: OutputLocation): Promise<vscode.Uri | undefined> {
		let firstMissing: vscode.Uri | undefined;
		let probe = location.folderUri;
		while (isPathInside(location.workspaceFolder.uri.path, probe.path) && probe.path !== location.workspaceFolder.uri.path) {
			if (await exists(probe)) {
				break;
			}
			firstMissing = probe;
			probe = vscode.Uri.joinPath(probe, '..');
		}
		if (firstMissing) {
			try {
				await vscode.workspace.fs.createDirectory(location.folderUri);
			} catch (error) {
				throw new ImageStudioError(
					'writeFailed',
					vscode.l10n.t('Could not create the output folder "{0}": {1}.', location.relativePath, describeFsError(error)),
					{
						detail: String(error),
						cause: error,
					},
				);
			}
		}
		return firstMissing;
	}

	private async _cleanUp(temp: vscode.Uri, createdRoot: vscode.Uri | undefined): Promise<void> {
		await vscode.workspace.fs.delete(temp, { useTrash: false }).then(undefined, () => undefined);
		if (createdRoot) {
			// Only folders this call created, and only while they hold nothing.
			try {
				const entries = await vscode.workspace.fs.readDirectory(createdRoot);
				if (entries.length === 0 || (await isEmptyTree(createdRoot))) {
					await vscode.workspace.fs.delete(createdRoot, { recursive: true, useTrash: false });
				}
			} catch (error) {
				this._log.warn(`Could not remove the empty folder ${createdRoot.toString(true)}: ${String(error)}`);
			}
		}
	}

	/**
	 * Once per folder and window, off the critical path: the temps a crash left beside the files we replace or create
	 * (the output folder is cleaned by its first save instead).
	 */
	private _cleanFolderOnce(folderUri: vscode.Uri): void {
		const key = folderUri.toString();
		if (this._cleaned.has(key)) {
			return;
		}
		this._cleaned.add(key);
		void this._removeStaleIn(folderUri).then(
			(removed) => removed > 0 && this._log.info(`Removed ${removed} temporary file(s) left by an interrupted write in ${folderUri.toString(true)}`),
		);
	}

	/** Removes temps a crash left in a folder: ours only (exact names, regular files or folders, not links), older than STALE_TEMP_AGE_MS. */
	private async _removeStaleIn(folderUri: vscode.Uri): Promise<number> {
		let removed = 0;
		try {
			for (const [name, type] of await vscode.workspace.fs.readDirectory(folderUri)) {
				// Folders too: saveNewFolder fills a temporary folder before renaming it into place.
				if (
					(type === vscode.FileType.File || type === vscode.FileType.Directory) &&
					isTemporaryName(name, [{ prefix: TEMP_PREFIX, suffix: TEMP_SUFFIX }])
				) {
					const uri = vscode.Uri.joinPath(folderUri, name);
					const stat = await vscode.workspace.fs.stat(uri);
					if (Date.now() - stat.mtime > STALE_TEMP_AGE_MS) {
						await vscode.workspace.fs.delete(uri, { recursive: type === vscode.FileType.Directory, useTrash: false });
						removed++;
					}
				}
			}
		} catch {
			// The folder does not exist yet: nothing to clean.
		}
		return removed;
	}
}

/** `workspace.fs.stat`, answered by Node for local files (no round trip through the workbench). */
async function statUri(uri: vscode.Uri): Promise<vscode.FileStat> {
	if (uri.scheme !== 'file') {
		return vscode.workspace.fs.stat(uri);
	}
	const stat = await fs.promises.lstat(uri.fsPath);
	const link = stat.isSymbolicLink();
	const target = link ? await fs.promises.stat(uri.fsPath) : stat;
	const type =
		(target.isDirectory() ? vscode.FileType.Directory : target.isFile() ? vscode.FileType.File : vscode.FileType.Unknown) |
		(link ? vscode.FileType.SymbolicLink : 0);
	return { type, ctime: target.ctimeMs, mtime: target.mtimeMs, size: target.size };
}

async function exists(uri: vscode.Uri): Promise<boolean> {
	try {
		await vscode.workspace.fs.stat(uri);
		return true;
	} catch {
		return false;
	}
}

async function isEmptyTree(uri: vscode.Uri): Promise<boolean> {
	for (const [name, type] of await vscode.workspace.fs.readDirectory(uri)) {
		if (type !== vscode.FileType.Directory || !(await isEmptyTree(vscode.Uri.joinPath(uri, name)))) {
			return false;
		}
	}
	return true;
}

/** Files are never written inside `.vscode`, `.git` and the like, also beside an existing image there. */
function assertWritableFolder(workspaceFolder: vscode.WorkspaceFolder, folderUri: vscode.Uri): void {
	const relative = folderUri.path.slice(workspaceFolder.uri.path.replace(/\/+$/, '').length).replace(/^\/+/, '');
	const parsed = parseOutputFolder(relative === '' ? '.' : relative);
	if (!parsed.ok || !isPathInside(workspaceFolder.uri.path, folderUri.path)) {
		throw new ImageStudioError(
			'outputFolder',
			vscode.l10n.t(
				'Gemini Image Studio does not write into "{0}": it is outside the workspace or a folder where files can run code (.vscode, .git, …).',
				relative,
			),
		);
	}
}

function describeFsError(error: unknown): string {
	if (error instanceof vscode.FileSystemError) {
		switch (error.code) {
			case 'NoPermissions':
				return vscode.l10n.t('permission denied');
			case 'FileNotFound':
				return vscode.l10n.t('the folder no longer exists');
			case 'Unavailable':
				return vscode.l10n.t('the file system is unavailable');
		}
	}
	return describeNodeFsError(error);
}
