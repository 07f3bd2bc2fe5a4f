/**
 * Removes temporary files a crash left behind (killed between the temp write and the rename). Only names that are
 * exactly ours (`prefix` + 12 random hex digits + `suffix`, as `temporarySibling` makes them), only regular files
 * (never a link, never a folder, and links are not followed into), and only when older than `maxAgeMs`, so a write in
 * progress keeps its temp. Node's file system: no `vscode`, unit-tested in plain Node.
 */
import * as fs from 'fs';
import * as path from 'path';

/** How a temp of ours is named: `${prefix}<12 hex digits>${suffix}`. */
export interface TemporaryName {
	readonly prefix: string;
	readonly suffix: string;
}

/** Storage temps older than this were left by a crash: no write of ours takes an hour. */
export const STALE_TEMPORARY_AGE_MS = 60 * 60 * 1000;

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether `name` is exactly one of our temporary names. */
export function isTemporaryName(name: string, names: readonly TemporaryName[]): boolean {
	return names.some(({ prefix, suffix }) => new RegExp(`^${escape(prefix)}[0-9a-f]{12}${escape(suffix)}$`).test(name));
}

/**
 * Removes our stale temps directly in `folder`, and `depth` levels of real sub-folders below it (links to folders are
 * not entered). Returns the paths removed. A folder that cannot be read, or a file that vanished meanwhile, is skipped.
 */
export async function removeStaleTemporaries(
	folder: string,
	names: readonly TemporaryName[],
	options: { readonly maxAgeMs?: number; readonly now?: number; readonly depth?: number } = {},
): Promise<string[]> {
	const maxAgeMs = options.maxAgeMs ?? STALE_TEMPORARY_AGE_MS;
	const now = options.now ?? Date.now();
	const removed: string[] = [];
	let entries: fs.Dirent[];
	try {
		entries = await fs.promises.readdir(folder, { withFileTypes: true });
	} catch {
		return removed;
	}
	for (const entry of entries) {
		const full = path.join(folder, entry.name);
		if (entry.isDirectory() && (options.depth ?? 0) > 0) {
			removed.push(...(await removeStaleTemporaries(full, names, { maxAgeMs, now, depth: (options.depth ?? 0) - 1 })));
			continue;
		}
		if (!entry.isFile() || !isTemporaryName(entry.name, names)) {
			continue;
		}
		try {
			// lstat: the entry itself, checked again right before removing (a link put in its place is left alone).
			const stat = await fs.promises.lstat(full);
			if (stat.isFile() && now - stat.mtimeMs > maxAgeMs) {
				await fs.promises.unlink(full);
				removed.push(full);
			}
		} catch {
			// Gone meanwhile (renamed into place, or removed by another window): nothing to do.
		}
	}
	return removed;
}
