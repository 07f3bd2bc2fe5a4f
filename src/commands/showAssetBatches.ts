import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import type { CollectBatchResult } from '../assets/batchRun';
import type { AssetsWorkbench } from '../assetsWorkbench/assetsWorkbench';
import { imageCount } from './imageTargets';

/**
 * `imageStudio.showAssetBatches` (the batch status bar item): the pending jobs, with "Check Now" and "Cancel…". With
 * an argument object it checks now and returns what was collected.
 */
export class ShowAssetBatchesCommand implements Command {
	readonly id = 'imageStudio.showAssetBatches';
	readonly title = vscode.l10n.t('Show Batch Jobs');
	readonly writesWorkspace = true;

	constructor(private readonly _assets: AssetsWorkbench) {}

	async execute(args?: unknown): Promise<CollectBatchResult[] | undefined> {
		const { batches } = this._assets;
		if (args !== undefined) {
			return batches.pollNow(false);
		}
		type Item = vscode.QuickPickItem & { action?: 'check' | 'cancel' };
		const items: Item[] = [
			...batches.pending.map((batch) => ({
				label: `$(cloud-upload) ${batch.name}`,
				description: `${imageCount(batch.outputs.length)} · ${batch.model}`,
				detail: vscode.l10n.t(
					'{0}, submitted {1}',
					vscode.workspace.asRelativePath(batch.manifest, true),
					batch.submittedAt.slice(0, 16).replace('T', ' '),
				),
			})),
			{ label: '', kind: vscode.QuickPickItemKind.Separator },
			{ label: `$(refresh) ${vscode.l10n.t('Check Now')}`, action: 'check' },
			{ label: `$(close) ${vscode.l10n.t('Cancel Batch Jobs…')}`, action: 'cancel' },
		];
		const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Gemini batch jobs ({0} pending)', batches.pending.length) });
		if (picked?.action === 'check') {
			return batches.pollNow(true);
		}
		if (picked?.action === 'cancel') {
			await vscode.commands.executeCommand('imageStudio.cancelAssetsBatch');
		}
		return undefined;
	}
}
