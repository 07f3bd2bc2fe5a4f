import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import { readConfig } from '../config';
import { ImageStudioError } from '../core/errors';
import { resolveUriArgument } from '../images/inputImages';
import { sha256 } from '../core/hash';
import type { Backup } from '../review/pendingEdits';
import type { Services } from '../services';
import { isArgsObject } from '../core/args';

/**
 * `imageStudio.restoreOriginal`: puts back the exact bytes a Replace overwrote. Whatever the file holds now is
 * backed up first, so restoring never loses anything either. Args: `{ uri?, backupId? }`.
 */
export class RestoreOriginalCommand implements Command {
	readonly id = 'imageStudio.restoreOriginal';
	readonly title = vscode.l10n.t('Restore Original');
	/** Writes into the workspace: refused in Restricted Mode before it runs. */
	readonly writesWorkspace = true;

	constructor(private readonly _services: Services) {}

	async execute(first?: unknown): Promise<vscode.Uri | undefined> {
		const { edits, store, notifier } = this._services;
		const args = isArgsObject(first) ? first : undefined;
		const fileUri = first instanceof vscode.Uri ? first : args?.uri !== undefined ? resolveUriArgument(args.uri) : undefined;
		if (args?.uri !== undefined && !fileUri) {
			throw new ImageStudioError('invalidInput', vscode.l10n.t('"{0}" is not a workspace-relative path or a URI.', String(args.uri).slice(0, 100)));
		}
		const backups = await edits.listBackups(fileUri);
		let backup: Backup | undefined = typeof args?.backupId === 'string' ? backups.find((item) => item.id === args.backupId) : undefined;
		if (!backup) {
			if (backups.length === 0) {
				throw new ImageStudioError(
					'notFound',
					fileUri
						? vscode.l10n.t('No backup of {0} exists.', fileUri.path.split('/').pop() ?? '')
						: vscode.l10n.t('No replaced image has a backup yet.'),
				);
			}
			if (args || backups.length === 1) {
				backup = backups[0];
			} else {
				backup = (
					await vscode.window.showQuickPick(
						backups.map((item) => ({ label: item.fileName, description: new Date(item.replacedAt).toLocaleString(), detail: item.prompt, item })),
						{ placeHolder: vscode.l10n.t('Restore which original?') },
					)
				)?.item;
				if (!backup) {
					return undefined;
				}
			}
		}
		const bytes = await edits.readBackup(backup);
		const target = vscode.Uri.parse(backup.fileUri);
		let current: Uint8Array | undefined;
		try {
			current = await vscode.workspace.fs.readFile(target);
		} catch {
			current = undefined;
		}
		if (current === undefined) {
			await store.createFileAt(target, bytes);
		} else if (sha256(current) !== backup.sha256) {
			await edits.createBackup(target, backup.fileName, current, backup.extension, backup.sha256, 'before restoring the original');
			await store.replaceFile(target, bytes, sha256(current));
		}
		await edits.prune(readConfig().storage);
		notifier.info(vscode.l10n.t('Restored the original {0}.', backup.fileName));
		return target;
	}
}
