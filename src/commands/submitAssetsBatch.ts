import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import { isArgsObject } from '../core/args';
import type { SubmitAssetsBatchResult } from '../assets/batchRun';
import type { RunMode } from '../assets/plan';
import type { AssetsWorkbench } from '../assetsWorkbench/assetsWorkbench';
import { resolveManifest } from '../assetsWorkbench/manifestLocation';
import { readAssetArgs } from './generateAssets';

/**
 * `imageStudio.submitAssetsBatch`: submits a manifest's missing assets (or `mode`/`ids`) as Gemini batch jobs, at
 * half the price; results arrive within 24 hours and are saved when ready, also after a window reload.
 */
export class SubmitAssetsBatchCommand implements Command {
	readonly id = 'imageStudio.submitAssetsBatch';
	readonly title = vscode.l10n.t('Submit Assets as Batch');
	readonly writesWorkspace = true;

	constructor(private readonly _assets: AssetsWorkbench) {}

	async execute(args?: unknown): Promise<SubmitAssetsBatchResult | undefined> {
		const options = isArgsObject(args) ? readAssetArgs(args) : {};
		const interactive = !isArgsObject(args) || options.confirm === true;
		const manifest = await resolveManifest(options.manifest, interactive);
		if (!manifest) {
			return undefined;
		}
		const mode: RunMode = options.ids ? { ids: options.ids } : (options.mode ?? 'missing');
		return this._assets.submitBatch({ manifest, mode, force: options.force, interactive, maxCostUsd: options.maxCostUsd });
	}
}
