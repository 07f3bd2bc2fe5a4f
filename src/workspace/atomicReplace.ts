/**
 * Temp-then-rename, written once: a file is replaced only by renaming a complete sibling over it, so a crash leaves
 * either the old file or the new one, never half of either. Local files use Node's rename, which replaces atomically;
 * `workspace.fs.rename` with `overwrite` deletes the target first and renames after (a moment, or after a crash for
 * good, with no file at all), so it serves only other schemes.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as vscode from 'vscode';

/** A sibling name for a temporary file: hidden, random, and recognisable for clean-up. */
export function temporarySibling(target: vscode.Uri, prefix: string, suffix: string): vscode.Uri {
	return vscode.Uri.joinPath(target, '..', `${prefix}${crypto.randomBytes(6).toString('hex')}${suffix}`);
}

/** Writes `bytes` to a new temporary file (never over an existing one, for local files), keeping `mode` if given. */
export async function writeTemporary(temp: vscode.Uri, bytes: Uint8Array, mode?: number): Promise<void> {
	if (temp.scheme === 'file') {
		await fs.promises.writeFile(temp.fsPath, bytes, { flag: 'wx' });
		if (mode !== undefined) {
			await fs.promises.chmod(temp.fsPath, mode & 0o7777);
		}
	} else {
		await vscode.workspace.fs.writeFile(temp, bytes);
	}
}

/** Renames the complete temporary file over `target` (atomically for local files). */
export async function swapInto(temp: vscode.Uri, target: vscode.Uri): Promise<void> {
	if (target.scheme === 'file') {
		await fs.promises.rename(temp.fsPath, target.fsPath);
	} else {
		await vscode.workspace.fs.rename(temp, target, { overwrite: true });
	}
}

/** Removes a temporary file, quietly (clean-up after a failure). */
export async function removeTemporary(temp: vscode.Uri): Promise<void> {
	await (temp.scheme === 'file' ? fs.promises.rm(temp.fsPath, { force: true }) : vscode.workspace.fs.delete(temp, { useTrash: false })).then(
		undefined,
		() => undefined,
	);
}

/** Writes `bytes` as `target`, replacing it atomically: temporary sibling, then one rename; nothing left on failure. */
export async function replaceAtomically(target: vscode.Uri, bytes: Uint8Array, names: { prefix: string; suffix: string }): Promise<void> {
	const temp = temporarySibling(target, names.prefix, names.suffix);
	try {
		await writeTemporary(temp, bytes);
		await swapInto(temp, target);
	} catch (error) {
		await removeTemporary(temp);
		throw error;
	}
}
