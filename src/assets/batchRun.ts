/**
 * Asset runs through Gemini's batch API (half price, results within a day): submit one job per model with an entry per
 * output (key `${assetId}#${n}`), remember the jobs in the lock's `pendingBatches`, and later collect them: results
 * are verified and saved exactly like an interactive run's (new files, or a backup then a replacement), under the
 * recipe they were submitted with, so an asset edited since comes out "changed".
 */
import * as l10n from '@vscode/l10n';
import { ImageStudioError, errorMessage } from '../core/errors';
import { sha256 } from '../core/hash';
import type { CallOptions } from '../gemini/geminiClient';
import type { BatchClient, BatchEntry, BatchJobStatus, BatchState } from '../gemini/batchClient';
import { BudgetLimits, checkBudget, CostEstimate, estimateRequests, requestPriceUsd, sumEstimates } from './budget';
import { AssetLock, parseLock, PendingBatch, PendingBatchOutput, serializeLock } from './lockFile';
import type { RunMode } from './plan';
import type { AssetFilesPort, Clock } from './ports';
import { assetRequest, prepareRun, recordOutput, RunPreparation, outputImage, writeOutput } from './runner';
import { systemClock } from './scheduler';

const TERMINAL_STATES: ReadonlySet<BatchState> = new Set(['succeeded', 'failed', 'cancelled', 'expired']);

export interface SubmitAssetsBatchOptions {
	readonly manifestPath: string;
	readonly manifestText?: string;
	readonly files: AssetFilesPort;
	readonly mode: RunMode;
	readonly force?: boolean;
	readonly batchClient: BatchClient;
	readonly callOptions: CallOptions;
	readonly budget?: BudgetLimits & { readonly confirm?: (preparation: RunPreparation) => Promise<boolean> };
	readonly now?: () => Date;
}

export interface SubmitAssetsBatchResult {
	readonly preparation: RunPreparation;
	/** The jobs submitted (also recorded in the lock). */
	readonly submitted: readonly PendingBatch[];
	/** Models whose submission failed (nothing recorded for them). */
	readonly failed: readonly { readonly model: string; readonly error: ImageStudioError }[];
	readonly estimate: CostEstimate;
}

/**
 * Submits the selected outputs, one job per model. Skips outputs already waiting in a pending batch. Throws before
 * submitting when the manifest cannot be used or the budget refuses (`overBudget`).
 */
export async function submitAssetsBatch(options: SubmitAssetsBatchOptions): Promise<SubmitAssetsBatchResult> {
	const preparation = await prepareRun({ ...options, batch: true });
	if (preparation.manifest.fatal) {
		throw new ImageStudioError(
			'invalidInput',
			l10n.t('The asset manifest cannot be used: {0}', preparation.manifest.problems[0]?.message ?? l10n.t('unknown problem')),
		);
	}
	const waiting = new Set((preparation.lock.pendingBatches ?? []).flatMap((batch) => batch.outputs.map((output) => output.path)));
	const byModel = new Map<string, { entries: BatchEntry[]; outputs: PendingBatchOutput[] }>();
	for (const { plan, outputs } of preparation.selected) {
		const request = assetRequest(plan);
		for (const output of outputs) {
			if (waiting.has(output.path)) {
				continue;
			}
			const key = `${plan.asset.id}#${plan.asset.outputs.indexOf(output.path) + 1}`;
			const group = byModel.get(plan.asset.model) ?? { entries: [], outputs: [] };
			group.entries.push({ key, request });
			group.outputs.push({ key, assetId: plan.asset.id, path: output.path, recipe: plan.recipe });
			byModel.set(plan.asset.model, group);
		}
	}
	const sizeOf = new Map(preparation.plans.map((plan) => [plan.asset.id, plan.asset.imageSize]));
	const estimate = sumEstimates(
		[...byModel].flatMap(([model, group]) => group.outputs.map((output) => estimateRequests(model, sizeOf.get(output.assetId), 1, true))),
	);
	checkBudget(estimate, options.budget ?? {});
	if (estimate.requests > 0 && options.budget?.confirm && !(await options.budget.confirm({ ...preparation, estimate }))) {
		throw new ImageStudioError('overBudget', l10n.t('The batch was not confirmed. Nothing was submitted.'), { severity: 'warning' });
	}
	const submittedAt = (options.now ?? (() => new Date()))().toISOString();
	const submitted: PendingBatch[] = [];
	const failed: { model: string; error: ImageStudioError }[] = [];
	let lock = preparation.lock;
	for (const [model, group] of byModel) {
		try {
			const status = await options.batchClient.submit(group.entries, {
				...options.callOptions,
				displayName: `image-studio-assets-${model}-${submittedAt}`,
			});
			const estimatedCostUsd = group.outputs.reduce((sum, output) => sum + (requestPriceUsd(model, sizeOf.get(output.assetId), true) ?? 0), 0);
			const pending: PendingBatch = { name: status.name, model, submittedAt, outputs: group.outputs, estimatedCostUsd };
			submitted.push(pending);
			lock = { ...lock, pendingBatches: [...(lock.pendingBatches ?? []), pending] };
			// Recorded at once: a job submitted must never be forgotten (it is billed).
			await options.files.writeLock(serializeLock(lock));
		} catch (error) {
			failed.push({
				model,
				error: error instanceof ImageStudioError ? error : new ImageStudioError('badResponse', errorMessage(error), { cause: error }),
			});
		}
	}
	return { preparation, submitted, failed, estimate };
}

export interface CollectBatchOptions {
	readonly files: AssetFilesPort;
	readonly batchClient: BatchClient;
	readonly callOptions: CallOptions;
	/** Only these jobs (default: every pending one). */
	readonly names?: readonly string[];
	readonly clock?: Clock;
	/** Stop polling after this long (ms) and report the jobs still pending; 0: look once. */
	readonly waitMs?: number;
	/** First poll interval; doubles up to `maxPollIntervalMs`. */
	readonly pollIntervalMs?: number;
	readonly maxPollIntervalMs?: number;
	readonly signal?: AbortSignal;
	readonly onPoll?: (status: BatchJobStatus) => void;
	readonly now?: () => Date;
}

export interface CollectedBatch {
	readonly name: string;
	readonly state: BatchState;
	/** Outputs written (paths). */
	readonly written: readonly string[];
	/** Entries without a usable result. */
	readonly failed: readonly { readonly key: string; readonly path: string; readonly error: ImageStudioError }[];
	/** The job ended without results (failed, cancelled, expired): its message. */
	readonly error?: string;
}

export interface CollectBatchResult {
	readonly collected: readonly CollectedBatch[];
	/** Jobs still pending or running when the wait ended. */
	readonly stillPending: readonly string[];
	readonly costUsd: number;
}

/**
 * Polls the pending jobs until each is done or `waitMs` has passed; saves the results of succeeded jobs, reports the
 * entries that failed, and drops every finished job from the lock.
 */
export async function collectBatch(options: CollectBatchOptions): Promise<CollectBatchResult> {
	const clock = options.clock ?? systemClock;
	const { files } = options;
	const initial = parseLock(await files.readLock()).lock;
	const wanted = (initial.pendingBatches ?? []).filter((batch) => !options.names || options.names.includes(batch.name));
	const deadline = clock.now() + (options.waitMs ?? 0);
	const collected: CollectedBatch[] = [];
	const stillPending: string[] = [];
	let costUsd = 0;
	for (const batch of wanted) {
		let interval = options.pollIntervalMs ?? 10_000;
		let status = await options.batchClient.get(batch.name, options.callOptions);
		options.onPoll?.(status);
		while (!TERMINAL_STATES.has(status.state) && clock.now() + interval <= deadline && !options.signal?.aborted) {
			await clock.sleep(interval, options.signal).catch(() => undefined);
			if (options.signal?.aborted) {
				break;
			}
			interval = Math.min(options.maxPollIntervalMs ?? 120_000, interval * 2);
			status = await options.batchClient.get(batch.name, options.callOptions);
			options.onPoll?.(status);
		}
		if (!TERMINAL_STATES.has(status.state)) {
			stillPending.push(batch.name);
			continue;
		}
		const result = await saveBatch(files, batch, status, options.now);
		costUsd += result.costUsd;
		collected.push(result.collected);
	}
	return { collected, stillPending, costUsd };
}

async function saveBatch(
	files: AssetFilesPort,
	batch: PendingBatch,
	status: BatchJobStatus,
	now?: () => Date,
): Promise<{ collected: CollectedBatch; costUsd: number }> {
	const written: string[] = [];
	const failed: { key: string; path: string; error: ImageStudioError }[] = [];
	let costUsd = 0;
	// Read again for every job: another job's results may have been saved meanwhile.
	let lock: AssetLock = parseLock(await files.readLock()).lock;
	const generatedAt = (now ?? (() => new Date()))().toISOString();
	if (status.state === 'succeeded') {
		const results = new Map((status.results ?? []).map((result) => [result.key, result]));
		for (const output of batch.outputs) {
			const result = results.get(output.key);
			try {
				if (!result) {
					throw new ImageStudioError('noImage', l10n.t('The batch job returned no result for {0}.', output.key));
				}
				if (result.error || !result.response) {
					throw result.error ?? new ImageStudioError('noImage', l10n.t('The batch job returned no image for {0}.', output.key));
				}
				const bytes = await outputImage(result.response, output.path);
				const exists = await files.exists(output.path);
				await writeOutput(files, output.assetId, { path: output.path, status: exists ? 'changed' : 'missing', exists }, bytes, false);
				const perOutput = batch.estimatedCostUsd !== undefined ? batch.estimatedCostUsd / batch.outputs.length : undefined;
				costUsd += perOutput ?? 0;
				const previous = lock.assets[output.assetId];
				const outputs = [...new Set([...(previous?.outputs.map((item) => item.path) ?? []), output.path])];
				lock = recordOutput(
					lock,
					{ id: output.assetId, model: batch.model, outputs, recipe: output.recipe },
					output.path,
					sha256(bytes),
					perOutput,
					generatedAt,
				);
				written.push(output.path);
			} catch (error) {
				failed.push({
					key: output.key,
					path: output.path,
					error: error instanceof ImageStudioError ? error : new ImageStudioError('writeFailed', errorMessage(error)),
				});
			}
		}
	}
	lock = { ...lock, pendingBatches: (lock.pendingBatches ?? []).filter((pending) => pending.name !== batch.name) };
	await files.writeLock(serializeLock(lock));
	return {
		collected: {
			name: batch.name,
			state: status.state,
			written,
			failed,
			...(status.state !== 'succeeded' ? { error: status.error ?? l10n.t('The batch job ended as {0}.', status.state) } : {}),
		},
		costUsd,
	};
}

/** Cancels pending jobs (all, or `names`) and drops them from the lock. Returns the names cancelled and failures. */
export async function cancelAssetsBatch(options: {
	readonly files: AssetFilesPort;
	readonly batchClient: BatchClient;
	readonly callOptions: CallOptions;
	readonly names?: readonly string[];
}): Promise<{ cancelled: string[]; failed: { name: string; error: string }[] }> {
	let lock = parseLock(await options.files.readLock()).lock;
	const cancelled: string[] = [];
	const failed: { name: string; error: string }[] = [];
	for (const batch of lock.pendingBatches ?? []) {
		if (options.names && !options.names.includes(batch.name)) {
			continue;
		}
		try {
			await options.batchClient.cancel(batch.name, options.callOptions);
			cancelled.push(batch.name);
		} catch (error) {
			failed.push({ name: batch.name, error: errorMessage(error) });
		}
	}
	lock = { ...lock, pendingBatches: (lock.pendingBatches ?? []).filter((batch) => !cancelled.includes(batch.name)) };
	await options.files.writeLock(serializeLock(lock));
	return { cancelled, failed };
}
