import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import { isArgsObject } from '../core/args';
import { ImageStudioError } from '../core/errors';
import type { AssetsWorkbench } from '../assetsWorkbench/assetsWorkbench';
import { resolveManifest } from '../assetsWorkbench/manifestLocation';
import { imageCount } from './imageTargets';

/**
 * `imageStudio.cancelAssetsBatch`: cancels pending batch jobs. Arguments: `{ manifest?, names? }` (default: every
 * job of the manifest); from the palette, a pick of the pending jobs.
 */
export class CancelAssetsBatchCommand implements Command {
	readonly id = 'imageStudio.cancelAssetsBatch';
	readonly title = vscode.l10n.t('Cancel Batch');
	readonly writesWorkspace = true;

	constructor(private readonly _assets: AssetsWorkbench) {}

	async execute(args?: unknown): Promise<string[] | undefined> {
		if (isArgsObject(args)) {
			if (
				args.names !== undefined &&
				!(Array.isArray(args.names) && args.names.every((name) => typeof name === 'string' && /^batches\/[\w.-]+$/.test(name)))
			) {
				throw new ImageStudioError('invalidInput', vscode.l10n.t('"names" must be a list of batch job names ("batches/…").'));
			}
			const manifest = await resolveManifest(args.manifest, false);
			return (await this._assets.cancelBatches(manifest!, args.names as string[] | undefined, false)).cancelled;
		}
		const pending = this._assets.batches.pending;
		if (pending.length === 0) {
			this._assets.services.notifier.info(vscode.l10n.t('No batch job is pending.'));
			return [];
		}
		const picked = await vscode.window.showQuickPick(
			pending.map((batch) => ({
				label: batch.name,
				description: `${imageCount(batch.outputs.length)} · ${batch.model}`,
				detail: vscode.l10n.t(
					'{0}, submitted {1}',
					vscode.workspace.asRelativePath(batch.manifest, true),
					batch.submittedAt.slice(0, 16).replace('T', ' '),
				),
				batch,
			})),
			{ title: vscode.l10n.t('Cancel which batch jobs?'), canPickMany: true },
		);
		if (!picked || picked.length === 0) {
			return undefined;
		}
		const cancelled: string[] = [];
		for (const manifest of new Set(picked.map((item) => item.batch.manifest.toString()))) {
			const names = picked.filter((item) => item.batch.manifest.toString() === manifest).map((item) => item.batch.name);
			cancelled.push(...(await this._assets.cancelBatches(vscode.Uri.parse(manifest), names, true)).cancelled);
		}
		return cancelled;
	}
}
