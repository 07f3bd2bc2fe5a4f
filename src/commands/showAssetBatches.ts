import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import type { CollectBatchResult } from '../assets/batchRun';
import type { AssetsWorkbench } from '../assetsWorkbench/assetsWorkbench';

/**
 * `imageStudio.showAssetBatches` (the batch status bar item): the pending jobs, with "Check Now" and "Cancel…". With
 * an argument object it checks now and returns what was collected.
 */
export class ShowAssetBatchesCommand implements Command {
	readonly id = 'imageStudio.showAssetBatches';
	readonly title = 'Show Batch Jobs';
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
				description: `${batch.outputs.length} image${batch.outputs.length === 1 ? '' : 's'} · ${batch.model}`,
				detail: `${vscode.workspace.asRelativePath(batch.manifest, true)}, submitted ${batch.submittedAt.slice(0, 16).replace('T', ' ')}`,
			})),
			{ label: '', kind: vscode.QuickPickItemKind.Separator },
			{ label: '$(refresh) Check Now', action: 'check' },
			{ label: '$(close) Cancel Batch Jobs…', action: 'cancel' },
		];
		const picked = await vscode.window.showQuickPick(items, { title: `Gemini batch jobs (${batches.pending.length} pending)` });
		if (picked?.action === 'check') {
			return batches.pollNow(true);
		}
		if (picked?.action === 'cancel') {
			await vscode.commands.executeCommand('imageStudio.cancelAssetsBatch');
		}
		return undefined;
	}
}
