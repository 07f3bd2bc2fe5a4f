// Over 400 lines (by a little): one asset run reads top to bottom (plan, budget, queue, write, lock); its helpers share the run state.
/**
 * Runs an asset manifest: validate, plan against the lock and the files, estimate and check the budget, then
 * generate the selected outputs through the quota-aware queue. Writes only complete, verified images (sniffed type
 * matching the output's extension), never over a file without a backup (the port keeps it), nothing after a cancel;
 * the lock is rewritten after every output so an interrupted run keeps what it did. No `vscode`: the editor and the
 * CLI each pass their own files port.
 */
import * as l10n from '@vscode/l10n';
import { ImageStudioError, errorMessage } from '../core/errors';
import { sha256 } from '../core/hash';
import { isSavableImageType, sniffImageType } from '../core/imageType';
import type { CallOptions, ImageGenerator, ImageRequest, InputImage } from '../gemini/geminiClient';
import { estimateRequestCostUsd, findModel } from '../gemini/modelCatalog';
import type { ParsedImageResponse } from '../gemini/responseParser';
import type { CodecMimeType } from '../codecs/codecTypes';
import { loadImageCodecs } from '../codecs/loadCodecs';
import { extensionOf, mimeTypeForExtension } from './assetPaths';
import {
	BudgetLimits,
	checkBudget,
	CostEstimate,
	DEFAULT_CONFIRM_ABOVE_USD,
	estimateRequests,
	needsConfirmation,
	requestPriceUsd,
	sumEstimates,
} from './budget';
import { AssetLock, LockEntry, parseLock, serializeLock } from './lockFile';
import { loadManifest, ManifestProblem, ParsedManifest } from './manifest';
import { AssetPlan, OutputPlan, planAssets, RunMode, selectOutputs } from './plan';
import type { AssetFilesPort, Clock } from './ports';
import { JobOutcome, runQueue, SchedulerLimits } from './scheduler';

/** What a run would do, before anything is sent: for the plan printout and the confirmation. */
export interface RunPreparation {
	readonly manifest: ParsedManifest;
	/** Set when the lock file was damaged (it was treated as empty, or entries were dropped). */
	readonly lockProblem?: string;
	readonly lock: AssetLock;
	readonly plans: readonly AssetPlan[];
	readonly selected: readonly { readonly plan: AssetPlan; readonly outputs: readonly OutputPlan[] }[];
	readonly skipped: readonly SkippedAsset[];
	readonly estimate: CostEstimate;
}

export interface SkippedAsset {
	readonly id: string;
	/** `invalid` (see the manifest problems), or the status that kept it out of this mode. */
	readonly reason: 'invalid' | 'upToDate' | 'edited' | 'missing' | 'changed' | 'notSelected';
	readonly message: string;
}

export interface RunProgress {
	/** Requests (one output image each) in this run. */
	readonly total: number;
	readonly done: number;
	readonly failed: number;
	/** Estimated cost of the finished requests, in US dollars. */
	readonly costUsd: number;
	/** Set while a 429 pauses the queue: when it resumes (clock time, ms). */
	readonly pausedUntil?: number;
}

export interface GeneratedAsset {
	readonly id: string;
	readonly outputs: readonly string[];
	readonly costUsd: number;
	/** Where the replaced files' backups went. */
	readonly backups: readonly string[];
}

export interface RunAssetsResult {
	readonly problems: readonly ManifestProblem[];
	readonly lockProblem?: string;
	readonly estimate: CostEstimate;
	/** Assets whose selected outputs were all written. */
	readonly generated: readonly GeneratedAsset[];
	/** Assets with at least one output that failed (`written`: the ones that did not). */
	readonly failed: readonly { readonly id: string; readonly error: ImageStudioError; readonly written: readonly string[] }[];
	readonly skipped: readonly SkippedAsset[];
	/** Assets with outputs left undone because the run stopped (quota, cancel). */
	readonly notRun: readonly string[];
	readonly costUsd: number;
	/** Why the run ended early (per-day quota, billing, key, cancel). */
	readonly stoppedBecause?: ImageStudioError;
	/** The lock could not be written (the images were). */
	readonly lockError?: string;
}

export interface RunAssetsOptions {
	/** The manifest, relative to the files port's root. */
	readonly manifestPath: string;
	/** The manifest's text when the caller has it (an unsaved editor); read through the port otherwise. */
	readonly manifestText?: string;
	readonly files: AssetFilesPort;
	readonly mode: RunMode;
	/** Mode `changed` also replaces outputs edited by hand (backed up first). */
	readonly force?: boolean;
	readonly generator: ImageGenerator;
	/** Key, endpoint, timeout… Its retry policy is not used: the queue retries (a 429 pauses everyone). */
	readonly callOptions: CallOptions;
	readonly limits?: Partial<SchedulerLimits>;
	readonly clock?: Clock;
	readonly signal?: AbortSignal;
	readonly budget?: BudgetLimits & {
		/** Ask `confirm` when the estimate is above this (default $0.50) or has requests without a price. */
		readonly confirmAboveUsd?: number;
		/** Asked before sending when confirmation is needed; false refuses the run (a `overBudget` error). */
		readonly confirm?: (preparation: RunPreparation) => Promise<boolean>;
	};
	readonly onProgress?: (progress: RunProgress) => void;
	/** Told the plan once it passed the budget check, before any confirmation and request. */
	readonly onPlan?: (preparation: RunPreparation) => void;
	/** ISO time for the lock (tests pin it). */
	readonly now?: () => Date;
	/**
	 * Told after each output is written, with the bytes written and the request and reply they came from (the editor
	 * keeps their provenance). Awaited; a throw is ignored: the file is written and stays so.
	 */
	readonly onWritten?: (path: string, bytes: Uint8Array, request: ImageRequest, response: ParsedImageResponse) => void | Promise<void>;
}

/** Reads and plans a run without sending anything. Throws an ImageStudioError when the manifest cannot be read. */
export async function prepareRun(
	options: Pick<RunAssetsOptions, 'manifestPath' | 'manifestText' | 'files' | 'mode' | 'force'> & { batch?: boolean },
): Promise<RunPreparation> {
	const { files } = options;
	let text = options.manifestText;
	if (text === undefined) {
		const bytes = await files.read(options.manifestPath);
		if (!bytes) {
			throw new ImageStudioError('notFound', l10n.t('The asset manifest "{0}" does not exist.', options.manifestPath));
		}
		text = Buffer.from(bytes).toString('utf8');
	}
	const manifest = await loadManifest(text, (path) => files.exists(path));
	const { lock, problem: lockProblem } = parseLock(await files.readLock());
	const { plans, unreadable } = await planAssets(manifest.assets, lock, files);
	const selected = selectOutputs(plans, options.mode, options.force);
	const selectedIds = new Set(selected.map((item) => item.plan.asset.id));
	const skipped: SkippedAsset[] = [];
	const invalid = new Set<string>();
	for (const problem of manifest.problems) {
		if (problem.severity === 'error' && problem.assetId !== undefined && !invalid.has(problem.assetId)) {
			invalid.add(problem.assetId);
			skipped.push({ id: problem.assetId, reason: 'invalid', message: problem.message });
		}
	}
	for (const { id, message } of unreadable) {
		skipped.push({ id, reason: 'invalid', message });
	}
	for (const plan of plans) {
		if (!selectedIds.has(plan.asset.id)) {
			skipped.push({ id: plan.asset.id, reason: typeof options.mode === 'object' ? 'notSelected' : plan.status, message: skipMessage(plan) });
		}
	}
	const estimate = sumEstimates(selected.map(({ plan, outputs }) => estimateRequests(plan.asset.model, plan.asset.imageSize, outputs.length, options.batch)));
	return { manifest, lock, ...(lockProblem ? { lockProblem } : {}), plans, selected, skipped, estimate };
}

function skipMessage(plan: AssetPlan): string {
	switch (plan.status) {
		case 'upToDate':
			return 'up to date';
		case 'edited':
			return 'edited by hand since it was generated (regenerate it by id, or force, to replace it; the edit is backed up)';
		case 'missing':
			return 'missing (generate missing assets to create it)';
		case 'changed':
			return 'its recipe changed (regenerate changed assets to update it)';
	}
}

/** The request for one asset, with its reference images typed by their bytes (a wrong or unreadable one throws). */
export function assetRequest(plan: AssetPlan): ImageRequest {
	const inputImages: InputImage[] = plan.references.map((reference) => {
		const type = sniffImageType(reference.bytes);
		if (!type || !['image/png', 'image/jpeg', 'image/webp', 'image/heic', 'image/heif'].includes(type.mimeType)) {
			throw new ImageStudioError('inputImage', l10n.t('The reference "{0}" is not a PNG, JPEG, WebP, HEIC or HEIF image.', reference.path));
		}
		return { mimeType: type.mimeType, bytes: reference.bytes, displayName: reference.path };
	});
	return {
		model: plan.asset.model,
		prompt: plan.asset.prompt,
		aspectRatio: plan.asset.aspectRatio,
		...(plan.asset.imageSize ? { imageSize: plan.asset.imageSize } : {}),
		...(inputImages.length > 0 ? { inputImages } : {}),
	};
}

/**
 * The first image of a reply as the output's type: Gemini returns one type per model whatever the file is called
 * (Gemini 3 models JPEG), so an image of another type is converted (src/codecs, wasm; PNG keeps the pixels, JPEG
 * flattens alpha onto white) rather than written under an extension that lies.
 */
export async function outputImage(response: ParsedImageResponse, outputPath: string): Promise<Uint8Array> {
	const image = response.images[0];
	if (!image) {
		throw new ImageStudioError('noImage', l10n.t('Gemini returned no image for "{0}".', outputPath));
	}
	const type = sniffImageType(image.bytes);
	const promised = mimeTypeForExtension(extensionOf(outputPath));
	if (!type || !isSavableImageType(type) || !promised) {
		throw new ImageStudioError(
			'badResponse',
			type
				? l10n.t('Gemini returned {0} for "{1}": nothing was written.', type.mimeType, outputPath)
				: l10n.t('Gemini returned data that is not an image for "{0}": nothing was written.', outputPath),
		);
	}
	if (type.mimeType === promised) {
		return image.bytes;
	}
	const converted = await loadImageCodecs().transcodeImage(image.bytes, promised as CodecMimeType);
	if (sniffImageType(converted)?.mimeType !== promised) {
		throw new ImageStudioError(
			'writeFailed',
			l10n.t('Converting Gemini\'s {0} into {1} for "{2}" failed: nothing was written.', type.mimeType, promised, outputPath),
		);
	}
	return converted;
}

/** Writes one output: a new file, or a replacement after a backup. Returns the backup's location, if any. */
export async function writeOutput(files: AssetFilesPort, assetId: string, output: OutputPlan, bytes: Uint8Array, forced: boolean): Promise<string | undefined> {
	if (output.exists || (await files.exists(output.path))) {
		return files.replaceWithBackup(output.path, bytes, { assetId, kind: forced ? 'forced' : 'changed' });
	}
	await files.writeNew(output.path, bytes);
	return undefined;
}

/** The asset a lock record is about: its id, model, the outputs it has now, and the recipe the bytes came from. */
export interface LockTarget {
	readonly id: string;
	readonly model: string;
	readonly outputs: readonly string[];
	readonly recipe: string;
}

/** Returns the lock with one more written output: the asset's entry takes the output's recipe and time. */
export function recordOutput(lock: AssetLock, target: LockTarget, path: string, hash: string, costUsd: number | undefined, generatedAt: string): AssetLock {
	const previous = lock.assets[target.id];
	const outputs = (previous?.outputs ?? []).filter((output) => output.path !== path && target.outputs.includes(output.path));
	outputs.push({ path, sha256: hash, recipe: target.recipe });
	outputs.sort((a, b) => target.outputs.indexOf(a.path) - target.outputs.indexOf(b.path));
	const sameRun = previous?.generatedAt === generatedAt;
	const cost = costUsd === undefined ? (sameRun ? previous?.costUsd : undefined) : costUsd + (sameRun ? (previous?.costUsd ?? 0) : 0);
	const entry: LockEntry = {
		recipe: target.recipe,
		outputs,
		model: target.model,
		generatedAt,
		...(cost !== undefined ? { costUsd: Math.round(cost * 1e6) / 1e6 } : {}),
	};
	return { ...lock, assets: { ...lock.assets, [target.id]: entry } };
}

interface Job {
	readonly plan: AssetPlan;
	readonly output: OutputPlan;
}

interface JobResult {
	readonly path: string;
	readonly costUsd: number;
	readonly backup?: string;
}

/**
 * Runs the manifest. Throws an ImageStudioError before sending anything when the manifest cannot be used at all
 * (`notFound`, or `invalidInput` for a fatal problem) or the budget refuses the run (`overBudget`); otherwise
 * returns what happened to every asset.
 */
export async function runAssets(options: RunAssetsOptions): Promise<RunAssetsResult> {
	const preparation = await prepareRun(options);
	const { manifest, estimate } = preparation;
	if (manifest.fatal) {
		throw new ImageStudioError(
			'invalidInput',
			l10n.t('The asset manifest cannot be used: {0}', manifest.problems[0]?.message ?? l10n.t('unknown problem')),
		);
	}
	const budget = options.budget ?? {};
	checkBudget(estimate, budget);
	options.onPlan?.(preparation);
	if (preparation.selected.length > 0 && needsConfirmation(estimate, budget.confirmAboveUsd ?? DEFAULT_CONFIRM_ABOVE_USD) && budget.confirm) {
		if (!(await budget.confirm(preparation))) {
			throw new ImageStudioError('overBudget', l10n.t('The run was not confirmed. Nothing was sent.'), { severity: 'warning' });
		}
	}
	const files = options.files;
	const forced = options.mode === 'all' || typeof options.mode === 'object';
	const jobs: Job[] = preparation.selected.flatMap(({ plan, outputs }) => outputs.map((output) => ({ plan, output })));
	const generatedAt = (options.now ?? (() => new Date()))().toISOString();
	let lock = preparation.lock;
	let lockWrite: Promise<void> = Promise.resolve();
	let lockError: string | undefined;
	let costUsd = 0;
	let done = 0;
	let failedCount = 0;
	let pausedUntil: number | undefined;
	const report = () =>
		options.onProgress?.({ total: jobs.length, done, failed: failedCount, costUsd, ...(pausedUntil !== undefined ? { pausedUntil } : {}) });
	report();

	const runJob = async (job: Job, signal: AbortSignal): Promise<JobResult> => {
		const { plan, output } = job;
		const request = assetRequest(plan);
		const response = await options.generator.generate(request, {
			...options.callOptions,
			signal,
			retryPolicy: { ...options.callOptions.retryPolicy, maxRetries: 0 },
		});
		const bytes = await outputImage(response, output.path);
		if (signal.aborted) {
			throw new ImageStudioError('cancelled', l10n.t('The run was cancelled.'), { severity: 'warning' });
		}
		const backup = await writeOutput(files, plan.asset.id, output, bytes, forced);
		try {
			await options.onWritten?.(output.path, bytes, request, response);
		} catch {
			// Provenance is a record of the write, never a reason to fail it.
		}
		const model = findModel(plan.asset.model);
		const usage = response.usage;
		const actual = model
			? estimateRequestCostUsd(
					model,
					{ inputTokens: usage.promptTokens, outputTokens: usage.outputTokens, thoughtTokens: usage.thoughtTokens, imageCount: 1 },
					plan.asset.imageSize,
				)
			: undefined;
		const cost = actual ?? requestPriceUsd(plan.asset.model, plan.asset.imageSize) ?? 0;
		lock = recordOutput(lock, { ...plan.asset, recipe: plan.recipe }, output.path, sha256(bytes), cost, generatedAt);
		const snapshot = lock;
		lockWrite = lockWrite.then(() =>
			files.writeLock(serializeLock(snapshot)).catch((error: unknown) => {
				lockError = errorMessage(error);
			}),
		);
		await lockWrite;
		return { path: output.path, costUsd: cost, ...(backup ? { backup } : {}) };
	};

	const { outcomes, stoppedBecause } = await runQueue(jobs, runJob, {
		limits: options.limits,
		clock: options.clock,
		signal: options.signal,
		onOutcome: (_index, outcome) => {
			if (outcome.status === 'done') {
				done++;
				costUsd += outcome.value.costUsd;
				pausedUntil = undefined;
			} else if (outcome.status === 'failed') {
				failedCount++;
			}
			report();
		},
		onPause: ({ pauseMs }) => {
			pausedUntil = (options.clock?.now() ?? Date.now()) + pauseMs;
			report();
		},
	});
	await lockWrite;
	return { ...summarise(preparation, jobs, outcomes, costUsd), ...(stoppedBecause ? { stoppedBecause } : {}), ...(lockError ? { lockError } : {}) };
}

function summarise(
	preparation: RunPreparation,
	jobs: readonly Job[],
	outcomes: readonly JobOutcome<JobResult>[],
	costUsd: number,
): Omit<RunAssetsResult, 'stoppedBecause' | 'lockError'> {
	const generated: GeneratedAsset[] = [];
	const failed: { id: string; error: ImageStudioError; written: string[] }[] = [];
	const notRun: string[] = [];
	for (const { plan } of preparation.selected) {
		const mine = jobs.map((job, index) => ({ job, outcome: outcomes[index] })).filter(({ job }) => job.plan === plan);
		const written = mine.flatMap(({ outcome }) => (outcome.status === 'done' ? [outcome.value] : []));
		const failure = mine.find(({ outcome }) => outcome.status === 'failed')?.outcome;
		if (failure?.status === 'failed') {
			failed.push({ id: plan.asset.id, error: failure.error, written: written.map((result) => result.path) });
		} else if (written.length < mine.length) {
			notRun.push(plan.asset.id);
		} else {
			generated.push({
				id: plan.asset.id,
				outputs: written.map((result) => result.path),
				costUsd: written.reduce((sum, result) => sum + result.costUsd, 0),
				backups: written.flatMap((result) => (result.backup ? [result.backup] : [])),
			});
		}
	}
	return {
		problems: preparation.manifest.problems,
		...(preparation.lockProblem ? { lockProblem: preparation.lockProblem } : {}),
		estimate: preparation.estimate,
		generated,
		failed,
		skipped: preparation.skipped,
		notRun,
		costUsd,
	};
}
