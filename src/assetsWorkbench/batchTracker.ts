/**
 * Batch jobs of asset manifests, tracked across window reloads: the jobs live in each manifest's lock file
 * (`pendingBatches`), so on start the tracker finds them again, shows them in the status bar, and polls with backoff
 * (from `imageStudio.assets.batchPollSeconds`, doubling to 10 minutes). A finished job's results are saved like an
 * interactive run's; failed entries, and jobs that failed, expired or were cancelled, are reported.
 */
import * as vscode from 'vscode';
import { CollectBatchResult, collectBatch } from '../assets/batchRun';
import { parseLock, PendingBatch } from '../assets/lockFile';
import { errorMessage, ImageStudioError } from '../core/errors';
import { formatUsd } from '../core/cost';
import type { Services } from '../services';
import { assetCallOptions } from './assetRun';
import { lockUriFor } from './manifestLocation';
import { WorkspaceAssetFiles } from './workspaceAssetFiles';

/** "1 batch job", "3 batch jobs": a noun phrase per number, so each language words its count its own way. */
export function batchJobCount(count: number): string {
	return count === 1 ? vscode.l10n.t('1 batch job') : vscode.l10n.t('{0} batch jobs', count);
}

export const SHOW_BATCHES_COMMAND = 'imageStudio.showAssetBatches';
const MAX_INTERVAL_MS = 10 * 60_000;

export interface TrackedBatch extends PendingBatch {
	readonly manifest: vscode.Uri;
}

export class BatchTracker implements vscode.Disposable {
	private readonly _item = vscode.window.createStatusBarItem('imageStudio.batches', vscode.StatusBarAlignment.Right, 91);
	private readonly _manifests = new Map<string, vscode.Uri>();
	private _pending: TrackedBatch[] = [];
	private _timer: ReturnType<typeof setTimeout> | undefined;
	private _intervalMs = 0;
	private _polling: Promise<void> | undefined;
	private _disposed = false;
	private readonly _onDidCollect = new vscode.EventEmitter<{ manifest: vscode.Uri; result: CollectBatchResult }>();
	/** Fired after results were saved (code lenses refresh then). */
	readonly onDidCollect = this._onDidCollect.event;

	constructor(private readonly _services: Services) {
		this._item.name = vscode.l10n.t('Gemini Image Studio: Batch Jobs');
		this._item.command = SHOW_BATCHES_COMMAND;
	}

	get pending(): readonly TrackedBatch[] {
		return this._pending;
	}

	/** Finds the lock files of the workspace's manifests and tracks their pending jobs (at start, after a reload). */
	async resume(): Promise<void> {
		const locks = await vscode.workspace.findFiles('**/*.imagestudio.lock.json', '**/node_modules/**', 200);
		for (const lock of locks) {
			this._manifests.set(lock.toString(), vscode.Uri.joinPath(lock, '..', (lock.path.split('/').pop() ?? '').replace(/\.lock\.json$/i, '.json')));
		}
		await this.refresh();
	}

	/** Tracks a manifest whose jobs were just submitted, and polls soon. */
	async track(manifest: vscode.Uri): Promise<void> {
		this._manifests.set(lockUriFor(manifest).toString(), manifest);
		this._intervalMs = 0;
		await this.refresh();
	}

	/** Reads the pending jobs again from the lock files and shows them; schedules the next poll. */
	async refresh(): Promise<void> {
		const pending: TrackedBatch[] = [];
		for (const manifest of this._manifests.values()) {
			const files = this._files(manifest);
			const { lock } = parseLock(await files.readLock());
			pending.push(...(lock.pendingBatches ?? []).map((batch) => ({ ...batch, manifest })));
		}
		this._pending = pending;
		this._show();
		this._schedule();
	}

	/** Looks at every pending job now (the status bar's "Check Now"); saves what has finished. */
	async pollNow(interactive = false): Promise<CollectBatchResult[]> {
		const results: CollectBatchResult[] = [];
		const manifests = [...new Set(this._pending.map((batch) => batch.manifest.toString()))].map(
			(key) => this._pending.find((batch) => batch.manifest.toString() === key)!.manifest,
		);
		for (const manifest of manifests) {
			const root = vscode.Uri.joinPath(manifest, '..');
			const callOptions = await assetCallOptions(this._services, root, interactive);
			const result = await collectBatch({ files: this._files(manifest), batchClient: this._services.batches, callOptions, waitMs: 0 });
			this._report(manifest, result);
			results.push(result);
			if (result.collected.length > 0) {
				this._onDidCollect.fire({ manifest, result });
			}
		}
		await this.refresh();
		return results;
	}

	private _files(manifest: vscode.Uri): WorkspaceAssetFiles {
		return new WorkspaceAssetFiles(this._services, vscode.Uri.joinPath(manifest, '..'), lockUriFor(manifest));
	}

	private _show(): void {
		if (this._pending.length === 0) {
			this._item.hide();
			return;
		}
		const outputs = this._pending.reduce((sum, batch) => sum + batch.outputs.length, 0);
		this._item.text = `$(cloud-upload) ${batchJobCount(this._pending.length)}`;
		this._item.tooltip = new vscode.MarkdownString(
			[
				`**${vscode.l10n.t('Gemini batch jobs pending')}** (${vscode.l10n.t('{0}; results within 24 hours', outputs === 1 ? vscode.l10n.t('1 image') : vscode.l10n.t('{0} images', outputs))})`,
				...this._pending.map((batch) => {
					const manifest = vscode.workspace.asRelativePath(batch.manifest, true);
					const submitted = batch.submittedAt.slice(0, 16).replace('T', ' ');
					const line =
						batch.estimatedCostUsd !== undefined
							? vscode.l10n.t(
									'{0} from {1}, {2}, submitted {3}, about {4}',
									batch.outputs.length,
									manifest,
									batch.model,
									submitted,
									formatUsd(batch.estimatedCostUsd),
								)
							: vscode.l10n.t('{0} from {1}, {2}, submitted {3}', batch.outputs.length, manifest, batch.model, submitted);
					return `- \`${batch.name}\`: ${line}`;
				}),
			].join('\n'),
		);
		this._item.show();
	}

	private _schedule(): void {
		clearTimeout(this._timer);
		this._timer = undefined;
		if (this._disposed || this._pending.length === 0) {
			return;
		}
		const first = Math.max(1, vscode.workspace.getConfiguration('imageStudio.assets').get<number>('batchPollSeconds', 30)) * 1000;
		this._intervalMs = this._intervalMs === 0 ? first : Math.min(MAX_INTERVAL_MS, this._intervalMs * 2);
		this._timer = setTimeout(() => {
			this._polling ??= this.pollNow(false)
				.catch((error: unknown) => {
					// No key, or offline: said once in the log; the jobs stay pending and are polled again later.
					this._services.log.warn(`Batch jobs: could not check: ${errorMessage(error)}`);
					this._schedule();
				})
				.then(() => undefined)
				.finally(() => (this._polling = undefined));
		}, this._intervalMs);
	}

	private _report(manifest: vscode.Uri, result: CollectBatchResult): void {
		const name = vscode.workspace.asRelativePath(manifest, true);
		for (const job of result.collected) {
			for (const failure of job.failed) {
				this._services.log.error(`Batch ${job.name} (${name}): ${failure.key} → ${failure.path} failed: ${failure.error.message}`);
			}
			if (job.state !== 'succeeded') {
				this._services.notifier.error(
					new ImageStudioError(
						'badResponse',
						job.state === 'expired'
							? vscode.l10n.t(
									'The batch job {0} for {1} expired before it finished (Google keeps a job 48 hours): {2}. Nothing was saved; submit the assets again.',
									job.name,
									name,
									job.error ?? vscode.l10n.t('no results'),
								)
							: vscode.l10n.t(
									'The batch job {0} for {1} ended as {2}: {3}. Nothing was saved; submit the assets again.',
									job.name,
									name,
									job.state,
									job.error ?? vscode.l10n.t('no results'),
								),
					),
					vscode.l10n.t('Batch Jobs'),
				);
				continue;
			}
			const failed =
				job.failed.length > 0 ? ` ${vscode.l10n.t('{0} failed ({1}: {2}).', job.failed.length, job.failed[0].path, job.failed[0].error.message)}` : '';
			const files = job.written.length === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', job.written.length);
			const message = vscode.l10n.t('Batch results saved for {0}: {1}.', name, files) + failed;
			if (failed) {
				this._services.notifier.warn(message, { title: vscode.l10n.t('Open Log'), run: () => this._services.log.show() });
			} else {
				this._services.notifier.info(message);
			}
			const pending = this._pending.find((batch) => batch.name === job.name);
			void this._services.usage.record({
				source: 'batch',
				model: pending?.model ?? 'unknown',
				images: job.written.length,
				costUsd:
					pending?.estimatedCostUsd !== undefined ? (pending.estimatedCostUsd * job.written.length) / Math.max(1, pending.outputs.length) : undefined,
			});
		}
	}

	dispose(): void {
		this._disposed = true;
		clearTimeout(this._timer);
		this._item.dispose();
		this._onDidCollect.dispose();
	}
}
