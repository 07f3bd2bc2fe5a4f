/**
 * The files port on Node's file system, for the CLI and the tests (the editor has its own on `workspace.fs`). The
 * root is the manifest's folder; every path is checked inside it on the final, real path (links followed) right
 * before and after each write. New files are created exclusively (a hard link of a complete temporary file, which
 * fails when the name exists); replacements keep a backup under `.imagestudio/backups/<asset id>/` first and then
 * rename a complete temporary file over the target; the lock is replaced the same way.
 */
import * as l10n from '@vscode/l10n';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ImageStudioError } from '../core/errors';
import { isPathInside } from '../core/paths';
import { assertRealPathInside, describeFsError } from '../workspace/localFiles';
import { lockPathFor } from './lockFile';
import { MANIFEST_FILE_NAME } from './manifest';
import type { AssetFilesPort, ReplaceReason } from './ports';

/** Where replaced outputs are kept, relative to the manifest's folder (add it to .gitignore). */
export const BACKUP_FOLDER = '.imagestudio/backups';
const TEMP_PREFIX = '.image-studio-';
const TEMP_SUFFIX = '.partial';

export class NodeAssetFiles implements AssetFilesPort {
	readonly root: string;
	readonly lockPath: string;

	constructor(
		root: string,
		readonly manifestPath: string = MANIFEST_FILE_NAME,
		private readonly now: () => Date = () => new Date(),
	) {
		this.root = path.resolve(root);
		this.lockPath = lockPathFor(manifestPath);
	}

	/** The absolute path of a root-relative one, refused when it leaves the root (by text or through a link). */
	async resolve(relativePath: string): Promise<string> {
		const absolute = path.resolve(this.root, ...relativePath.split('/'));
		const caseInsensitive = process.platform === 'win32' || process.platform === 'darwin';
		if (path.isAbsolute(relativePath) || relativePath.includes('\\') || !isPathInside(this.root, absolute, caseInsensitive) || absolute === this.root) {
			throw new ImageStudioError('outputFolder', l10n.t('"{0}" is not a path inside the manifest\'s folder.', relativePath));
		}
		try {
			await assertRealPathInside(this.root, absolute, relativePath);
		} catch (error) {
			throw new ImageStudioError(
				'outputFolder',
				l10n.t('"{0}" leads outside the manifest\'s folder through a symbolic link: it is not read or written.', relativePath),
				{
					cause: error,
				},
			);
		}
		return absolute;
	}

	async read(relativePath: string): Promise<Uint8Array | undefined> {
		const absolute = await this.resolve(relativePath);
		try {
			const stat = await fs.promises.stat(absolute);
			return stat.isFile() ? new Uint8Array(await fs.promises.readFile(absolute)) : undefined;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') {
				return undefined;
			}
			throw new ImageStudioError('inputImage', l10n.t('Could not read "{0}": {1}.', relativePath, describeFsError(error)), { cause: error });
		}
	}

	async exists(relativePath: string): Promise<boolean> {
		try {
			return (await fs.promises.stat(await this.resolve(relativePath))).isFile();
		} catch {
			return false;
		}
	}

	async writeNew(relativePath: string, bytes: Uint8Array): Promise<void> {
		const absolute = await this.resolve(relativePath);
		await this.createExclusive(absolute, relativePath, bytes);
	}

	async replaceWithBackup(relativePath: string, bytes: Uint8Array, reason: ReplaceReason): Promise<string> {
		const absolute = await this.resolve(relativePath);
		let current: Buffer;
		try {
			current = await fs.promises.readFile(absolute);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
				// Gone since the plan: nothing to back up, and nothing to overwrite.
				await this.createExclusive(absolute, relativePath, bytes);
				return '';
			}
			throw writeError(relativePath, error);
		}
		const stamp = this.now().toISOString().replace(/[:.]/g, '-');
		const safeId = reason.assetId.replace(/[^A-Za-z0-9._-]/g, '_');
		const backup = `${BACKUP_FOLDER}/${safeId}/${stamp}-${path.basename(absolute)}`;
		await this.createExclusive(await this.resolve(backup), backup, current);
		await this.replaceAtomically(absolute, relativePath, bytes);
		return backup;
	}

	async readLock(): Promise<string | undefined> {
		const bytes = await this.read(this.lockPath);
		return bytes ? Buffer.from(bytes).toString('utf8') : undefined;
	}

	async writeLock(text: string): Promise<void> {
		await this.replaceAtomically(await this.resolve(this.lockPath), this.lockPath, Buffer.from(text, 'utf8'));
	}

	/** A complete temporary sibling, then a hard link to the name (fails if it exists), then the temporary file goes. */
	private async createExclusive(absolute: string, relativePath: string, bytes: Uint8Array): Promise<void> {
		const folder = path.dirname(absolute);
		const temp = path.join(folder, `${TEMP_PREFIX}${crypto.randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
		let linked = false;
		try {
			await fs.promises.mkdir(folder, { recursive: true });
			await this.resolve(relativePath);
			await fs.promises.writeFile(temp, bytes, { flag: 'wx' });
			try {
				await fs.promises.link(temp, absolute);
			} catch (error) {
				const code = (error as NodeJS.ErrnoException).code;
				if (code === 'EEXIST') {
					throw new ImageStudioError('writeFailed', l10n.t('"{0}" already exists: it was not overwritten.', relativePath));
				}
				if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') {
					throw error;
				}
				// No hard links here: rename after a last existence check.
				if (fs.existsSync(absolute)) {
					throw new ImageStudioError('writeFailed', l10n.t('"{0}" already exists: it was not overwritten.', relativePath));
				}
				await fs.promises.rename(temp, absolute);
			}
			linked = true;
			await this.resolve(relativePath);
		} catch (error) {
			if (linked) {
				await fs.promises.rm(absolute, { force: true }).catch(() => undefined);
			}
			throw error instanceof ImageStudioError ? error : writeError(relativePath, error);
		} finally {
			await fs.promises.rm(temp, { force: true }).catch(() => undefined);
		}
	}

	/** A complete temporary sibling renamed over the target: a crash leaves the old file or the new one. */
	private async replaceAtomically(absolute: string, relativePath: string, bytes: Uint8Array): Promise<void> {
		const folder = path.dirname(absolute);
		const temp = path.join(folder, `${TEMP_PREFIX}${crypto.randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
		try {
			await fs.promises.mkdir(folder, { recursive: true });
			await this.resolve(relativePath);
			await fs.promises.writeFile(temp, bytes, { flag: 'wx' });
			await fs.promises.rename(temp, absolute);
		} catch (error) {
			await fs.promises.rm(temp, { force: true }).catch(() => undefined);
			throw error instanceof ImageStudioError ? error : writeError(relativePath, error);
		}
	}
}

function writeError(relativePath: string, error: unknown): ImageStudioError {
	return new ImageStudioError('writeFailed', l10n.t('Could not write "{0}": {1}. Nothing was changed.', relativePath, describeFsError(error)), {
		cause: error,
	});
}
