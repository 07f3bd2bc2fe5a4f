/**
 * Asset manifests in the workbench: their problems, their code lenses, runs and batch jobs. Built once with the
 * features; the composition root registers the code lens provider and the commands call `run`.
 */
import * as vscode from 'vscode';
import type { RunAssetsResult } from '../assets/runner';
import type { Services } from '../services';
import { AssetRunRequest, runAssetManifest } from './assetRun';
import { ManifestCodeLensProvider } from './manifestCodeLens';
import { ManifestDiagnostics } from './manifestDiagnostics';
import { batchJobCount, BatchTracker } from './batchTracker';
import { cancelAssetsBatch, submitAssetsBatch, SubmitAssetsBatchResult } from '../assets/batchRun';
import { assetCallOptions, confirmRun, manifestText } from './assetRun';
import { lockUriFor } from './manifestLocation';
import { WorkspaceAssetFiles } from './workspaceAssetFiles';
import { readConfig } from '../config';
import { formatEstimate } from '../assets/budget';
import type { RunMode } from '../assets/plan';

export class AssetsWorkbench implements vscode.Disposable {
	readonly diagnostics: ManifestDiagnostics;
	readonly codeLenses: ManifestCodeLensProvider;
	readonly batches: BatchTracker;
	private readonly _subscriptions: vscode.Disposable[] = [];

	constructor(readonly services: Services) {
		this.diagnostics = new ManifestDiagnostics(services);
		this.codeLenses = new ManifestCodeLensProvider(services);
		this.batches = new BatchTracker(services);
		// Statuses change when a lock file or an image changes on disk (a run, the CLI, git, the user).
		const watcher = vscode.workspace.createFileSystemWatcher('**/*.{imagestudio.lock.json,png,jpg,jpeg,webp}');
		const refresh = () => this.codeLenses.refresh();
		this._subscriptions.push(
			watcher,
			watcher.onDidChange(refresh),
			watcher.onDidCreate(refresh),
			watcher.onDidDelete(refresh),
			this.diagnostics.onDidValidate(refresh),
			this.diagnostics,
			this.codeLenses,
			this.batches,
			this.batches.onDidCollect(refresh),
		);
		// Jobs submitted before a reload are in the lock files: find them again.
		void this.batches.resume().catch((error: unknown) => services.log.warn(`Batch jobs: could not resume: ${String(error)}`));
	}

	/** Submits the selected outputs as batch jobs (one per model, half price) and tracks them. */
	async submitBatch(request: AssetRunRequest): Promise<SubmitAssetsBatchResult> {
		const { manifest, interactive } = request;
		const root = vscode.Uri.joinPath(manifest, '..');
		const name = vscode.workspace.asRelativePath(manifest, true);
		const config = readConfig(root);
		const callOptions = await assetCallOptions(this.services, root, interactive);
		await this.diagnostics.validate(manifest, await manifestText(manifest));
		const result = await vscode.window.withProgress(
			{ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Submitting {0} as a batch…', name) },
			() =>
				manifestText(manifest).then((text) =>
					submitAssetsBatch({
						manifestPath: manifest.path.split('/').pop() ?? '',
						manifestText: text,
						files: new WorkspaceAssetFiles(this.services, root, lockUriFor(manifest)),
						mode: request.mode,
						force: request.force,
						batchClient: this.services.batches,
						callOptions,
						budget: {
							maxCostUsd: request.maxCostUsd,
							confirm:
								interactive && request.maxCostUsd === undefined
									? async (preparation) =>
											(preparation.estimate.knownUsd <= config.confirmAboveUsd && preparation.estimate.unknownRequests === 0) ||
											confirmRun(preparation, config.confirmAboveUsd, 'submit')
									: undefined,
						},
					}),
				),
		);
		await this.batches.track(manifest);
		this.codeLenses.refresh();
		const outputs = result.submitted.reduce((sum, batch) => sum + batch.outputs.length, 0);
		for (const failure of result.failed) {
			this.services.notifier.error(failure.error, vscode.l10n.t('Batch for {0}', failure.model));
		}
		if (result.submitted.length > 0) {
			this.services.notifier.info(
				vscode.l10n.t(
					'Submitted {0} from {1} as {2} (about {3}, half price). Results arrive within 24 hours; they are saved when ready, also after a reload.',
					outputs === 1 ? vscode.l10n.t('1 image') : vscode.l10n.t('{0} images', outputs),
					name,
					batchJobCount(result.submitted.length),
					formatEstimate(result.estimate),
				),
			);
		} else if (result.failed.length === 0) {
			this.services.notifier.info(nothingToSubmit(name, request.mode));
		}
		return result;
	}

	/** Cancels pending batch jobs of a manifest (all, or `names`). */
	async cancelBatches(
		manifest: vscode.Uri,
		names: readonly string[] | undefined,
		interactive: boolean,
	): Promise<{ cancelled: string[]; failed: { name: string; error: string }[] }> {
		const root = vscode.Uri.joinPath(manifest, '..');
		const callOptions = await assetCallOptions(this.services, root, interactive);
		const result = await cancelAssetsBatch({
			files: new WorkspaceAssetFiles(this.services, root, lockUriFor(manifest)),
			batchClient: this.services.batches,
			callOptions,
			names,
		});
		await this.batches.refresh();
		for (const failure of result.failed) {
			this.services.log.error(`Cancel batch ${failure.name}: ${failure.error}`);
		}
		if (result.cancelled.length > 0) {
			this.services.notifier.info(vscode.l10n.t('Cancelled {0}: {1}.', batchJobCount(result.cancelled.length), result.cancelled.join(', ')));
		}
		if (result.failed.length > 0) {
			this.services.notifier.warn(
				vscode.l10n.t('{0} batch job(s) could not be cancelled ({1}); they stay listed.', result.failed.length, result.failed[0].error),
			);
		}
		return result;
	}

	/** Validates the manifest (Problems), runs it, and shows the new statuses. */
	async run(request: AssetRunRequest): Promise<RunAssetsResult> {
		// Problems first, also for a manifest that is not open: the run skips those entries and says so.
		await this.diagnostics.validate(request.manifest, await manifestText(request.manifest));
		try {
			return await runAssetManifest(this.services, request);
		} finally {
			this.codeLenses.refresh();
		}
	}

	dispose(): void {
		vscode.Disposable.from(...this._subscriptions).dispose();
	}
}

/** Why a batch submission sent nothing, one sentence per mode (so each language words it its own way). */
function nothingToSubmit(name: string, mode: RunMode): string {
	switch (mode) {
		case 'missing':
			return vscode.l10n.t('Nothing to submit from {0}: no asset is missing, or it already waits in a batch job.', name);
		case 'changed':
			return vscode.l10n.t('Nothing to submit from {0}: no asset is changed, or it already waits in a batch job.', name);
		case 'all':
			return vscode.l10n.t('Nothing to submit from {0}: no asset is all, or it already waits in a batch job.', name);
		default:
			return vscode.l10n.t('Nothing to submit from {0}: no asset is selected, or it already waits in a batch job.', name);
	}
}
