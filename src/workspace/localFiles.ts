/**
 * Exclusive, never-overwriting saves of new files into a local (`file:`) folder, with Node's file system: a hard link
 * fails when the name exists, and the folder's real path is checked again right before and after the write, so a
 * folder replaced by a link while a request ran cannot redirect it. No `vscode`: unit-tested in plain Node.
 */
import * as l10n from '@vscode/l10n';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { errorMessage, ImageStudioError } from '../core/errors';
import { numberedFileName } from './fileNaming';
import { parseOutputFolder } from './outputFolder';
import { isPathInside } from '../core/paths';

export const MAX_NAME_ATTEMPTS = 1000;
export const TEMP_PREFIX = '.image-studio-';
export const TEMP_SUFFIX = '.partial';

/** Where a new file goes: the workspace folder, the output folder inside it, and how the user wrote it. */
export interface LocalFolder {
	readonly root: string;
	readonly folder: string;
	readonly relativePath: string;
}

export interface LocalSaveHooks {
	/** Called when the folder already existed (a crash may have left temporary files there). */
	readonly removeStaleTemporaryFiles?: () => Promise<void>;
	/** Tests only: runs right before each link, to stage races. */
	readonly beforeLink?: () => Promise<void>;
}

/**
 * Saves `bytes` as `stem.ext` (or `stem-2.ext`, …) in `target.folder` and returns its path. Never overwrites; on
 * failure nothing is left: no temporary file, no new name, and of the folders it created only empty ones are removed.
 */
export async function saveNewLocalFile(target: LocalFolder, stem: string, extension: string, bytes: Uint8Array, hooks: LocalSaveHooks = {}): Promise<string> {
	const { folder, root, relativePath } = target;
	// The folders this call creates, deepest first: on failure only these are removed, and only while empty.
	const created: string[] = [];
	for (let probe = folder; isPathInside(root, probe) && probe !== root && !fs.existsSync(probe); probe = path.dirname(probe)) {
		created.push(probe);
	}
	const temp = path.join(folder, `${TEMP_PREFIX}${crypto.randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
	let linked: string | undefined;
	try {
		if (created.length > 0) {
			await fs.promises.mkdir(folder, { recursive: true });
		} else {
			await hooks.removeStaleTemporaryFiles?.();
		}
		// Checked again now: a folder replaced by a link while the request ran must not redirect the write.
		await assertLocalFolderSafe(root, folder, relativePath);
		await fs.promises.writeFile(temp, bytes, { flag: 'wx' });
		const taken = new Set((await fs.promises.readdir(folder)).map((name) => name.toLowerCase()));
		for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
			const name = numberedFileName(stem, extension, attempt);
			if (taken.has(name.toLowerCase())) {
				continue;
			}
			const file = path.join(folder, name);
			await hooks.beforeLink?.();
			await assertLocalFolderSafe(root, folder, relativePath);
			try {
				await fs.promises.link(temp, file);
			} catch (error) {
				const code = (error as NodeJS.ErrnoException).code;
				if (code === 'EEXIST') {
					continue; // Taken since the listing: the link refused to replace it.
				}
				if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') {
					throw error;
				}
				// No hard links on this file system: rename, after a last existence check.
				if (fs.existsSync(file)) {
					continue;
				}
				await fs.promises.rename(temp, file);
			}
			linked = file;
			// And after: if the folder moved out of the workspace in between, the new name is taken back.
			await assertLocalFolderSafe(root, folder, relativePath);
			await fs.promises.rm(temp, { force: true });
			return file;
		}
		throw new Error(`no free file name for ${stem}.${extension} after ${MAX_NAME_ATTEMPTS} attempts`);
	} catch (error) {
		await fs.promises.rm(temp, { force: true }).catch(() => undefined);
		if (linked) {
			await fs.promises.rm(linked, { force: true }).catch(() => undefined);
		}
		for (const dir of created) {
			// rmdir refuses a folder that holds anything (another save's image, say): only empty ones go.
			await fs.promises.rmdir(dir).catch(() => undefined);
		}
		if (error instanceof ImageStudioError) {
			throw error;
		}
		throw new ImageStudioError(
			'writeFailed',
			l10n.t('Could not save the image in "{0}": {1}. Nothing was written.', relativePath, describeFsError(error)),
			{
				detail: error instanceof Error ? (error.stack ?? error.message) : String(error),
				cause: error,
			},
		);
	}
}

/** On disk, follows links: the real path of the nearest existing ancestor must stay inside the real workspace. */
export async function assertRealPathInside(workspaceFsPath: string, targetFsPath: string, relativePath: string): Promise<void> {
	let realRoot: string;
	try {
		realRoot = await fs.promises.realpath(workspaceFsPath);
	} catch {
		return; // The workspace folder itself is gone; the write fails later with a clear error.
	}
	let probe = targetFsPath;
	for (;;) {
		try {
			const real = await fs.promises.realpath(probe);
			const rest = path.relative(probe, targetFsPath);
			const finalReal = path.join(real, rest);
			if (!isPathInside(realRoot, finalReal, process.platform === 'win32' || process.platform === 'darwin')) {
				throw outputFolderError(
					l10n.t(
						'The output folder "{0}" leads outside the workspace through a symbolic link. Choose a real folder inside the workspace.',
						relativePath,
					),
				);
			}
			return;
		} catch (error) {
			if (error instanceof ImageStudioError) {
				throw error;
			}
			const parent = path.dirname(probe);
			if (parent === probe) {
				return;
			}
			probe = parent;
		}
	}
}

/**
 * Right before (and after) a local write: the folder's real path stays inside the real workspace and is not a folder
 * where files can run code, whatever links changed since the output folder was resolved.
 */
export async function assertLocalFolderSafe(workspaceFsPath: string, folderFsPath: string, relativePath: string): Promise<void> {
	await assertRealPathInside(workspaceFsPath, folderFsPath, relativePath);
	let realRoot: string;
	let realFolder: string;
	try {
		realRoot = await fs.promises.realpath(workspaceFsPath);
		realFolder = await fs.promises.realpath(folderFsPath);
	} catch {
		return; // Missing: the write itself fails with a clear error.
	}
	const relative = path.relative(realRoot, realFolder).split(path.sep).join('/');
	if (relative !== '' && !parseOutputFolder(relative).ok) {
		throw outputFolderError(
			l10n.t('The output folder "{0}" now leads into "{1}" through a symbolic link, where Gemini Image Studio does not write.', relativePath, relative),
		);
	}
}

export function outputFolderError(message: string): ImageStudioError {
	return new ImageStudioError('outputFolder', message, { actions: [{ kind: 'openSettings', setting: 'imageStudio.outputFolder' }] });
}

/** A file-system error in a few words for a message: the disk is full, permission denied, … */
export function describeFsError(error: unknown): string {
	const message = errorMessage(error);
	if (/ENOSPC/.test(message)) {
		return l10n.t('the disk is full');
	}
	if (/EACCES|EPERM/.test(message)) {
		return l10n.t('permission denied');
	}
	if (/EROFS/.test(message)) {
		return l10n.t('the file system is read-only');
	}
	if (/ENOENT/.test(message)) {
		return l10n.t('the folder no longer exists');
	}
	return message.slice(0, 200);
}
