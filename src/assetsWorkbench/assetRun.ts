/**
 * Runs an asset manifest in VS Code: the engine (src/assets/runner.ts) under one cancellable progress notification
 * with counts and cost so far, the budget asked through a modal for palette runs (never for argument objects),
 * every request counted in the spending totals, and a summary that says what was done, what failed and what is left.
 */
import * as vscode from 'vscode';
import { readConfig } from '../config';
import { formatUsd } from '../core/cost';
import { ImageStudioError } from '../core/errors';
import type { CallOptions } from '../gemini/geminiClient';
import { countingGenerator } from '../spending/usageRecording';
import { DEFAULT_RETRY_POLICY } from '../gemini/retryPolicy';
import { formatEstimate } from '../assets/budget';
import type { RunMode } from '../assets/plan';
import { RunAssetsResult, runAssets, RunPreparation } from '../assets/runner';
import { requireApiKey, sharedConcurrency, warnInsecureEndpointOnce } from '../generation/requestImages';
import type { Services } from '../services';
import { draftFromReply } from '../provenance/provenanceRecord';
import { lockUriFor } from './manifestLocation';
import { WorkspaceAssetFiles } from './workspaceAssetFiles';
import { markWalkthroughStep } from '../walkthrough/walkthrough';

export interface AssetRunRequest {
	readonly manifest: vscode.Uri;
	readonly mode: RunMode;
	/** Mode `changed` also replaces outputs edited by hand (backed up first). */
	readonly force?: boolean;
	readonly interactive: boolean;
	readonly maxCostUsd?: number;
}

/** The settings, key and endpoint every asset request (and batch call) is sent with. */
export async function assetCallOptions(services: Services, folder: vscode.Uri, interactive: boolean): Promise<CallOptions> {
	const config = readConfig(folder);
	const apiKey = await requireApiKey(services, interactive);
	warnInsecureEndpointOnce(services, config);
	return {
		apiKey: apiKey.key,
		endpoint: config.endpoint,
		timeoutMs: config.requestTimeoutMs,
		retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries: config.maxRetries },
		allowInsecureEndpoint: config.allowInsecureEndpoint,
		maxImagesPerReply: config.maxImagesPerReply,
	};
}

/** The text of the manifest as the user sees it: the open editor's (unsaved edits included), else the file's. */
export async function manifestText(uri: vscode.Uri): Promise<string> {
	const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
	if (open) {
		return open.getText();
	}
	try {
		return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
	} catch {
		throw new ImageStudioError('notFound', vscode.l10n.t('The asset manifest {0} does not exist.', vscode.workspace.asRelativePath(uri, true)));
	}
}

export async function runAssetManifest(services: Services, request: AssetRunRequest): Promise<RunAssetsResult> {
	const { manifest, interactive } = request;
	const root = vscode.Uri.joinPath(manifest, '..');
	const name = vscode.workspace.asRelativePath(manifest, true);
	const config = readConfig(root);
	const callOptions = await assetCallOptions(services, root, interactive);
	const files = new WorkspaceAssetFiles(services, root, lockUriFor(manifest));
	const settings = vscode.workspace.getConfiguration('imageStudio.assets');
	const text = await manifestText(manifest);
	return vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Assets ({0})', name), cancellable: true },
		async (progress, token) => {
			const tracked = services.requests.begin();
			const subscription = token.onCancellationRequested(() => tracked.cancel());
			try {
				const result = await runAssets({
					manifestPath: manifest.path.split('/').pop() ?? '',
					manifestText: text,
					files,
					mode: request.mode,
					force: request.force,
					generator: countingGenerator(services, 'assets'),
					callOptions,
					signal: tracked.signal,
					limits: {
						concurrency: sharedConcurrency(),
						requestsPerMinute: clamp(settings.get<number>('requestsPerMinute'), 0, 10_000, 10),
					},
					budget: {
						maxCostUsd: request.maxCostUsd,
						confirmAboveUsd: config.confirmAboveUsd,
						confirm: interactive && request.maxCostUsd === undefined ? (preparation) => confirmRun(preparation, config.confirmAboveUsd) : undefined,
					},
					// Kept in extension storage only: the lock file records the hashes of the outputs, so they are written plain.
					onWritten: (_path, bytes, sent, response) =>
						services.provenance.remember({
							bytes,
							record: services.provenance.seal(
								draftFromReply({
									kind: 'asset',
									request: sent,
									response,
									inputs: (sent.inputImages ?? []).map((image) => ({
										bytes: image.bytes,
										mimeType: image.mimeType,
										name: image.displayName,
									})),
								}),
								bytes,
								false,
							).record,
						}),
					onProgress: ({ total, done, failed, costUsd, pausedUntil }) => {
						const parts = [
							failed ? vscode.l10n.t('{0} of {1} done, {2} failed', done, total, failed) : vscode.l10n.t('{0} of {1} done', done, total),
							vscode.l10n.t('{0} so far', formatUsd(costUsd)),
						];
						if (pausedUntil !== undefined) {
							parts.push(vscode.l10n.t('rate limited, paused {0} s', Math.max(1, Math.ceil((pausedUntil - Date.now()) / 1000))));
						}
						progress.report({ message: parts.join(' · ') });
					},
				});
				reportResult(services, name, result);
				if (result.generated.length > 0) {
					markWalkthroughStep('assetRunDone');
				}
				return result;
			} finally {
				subscription.dispose();
				tracked.dispose();
			}
		},
	);
}

/** The budget's question for a palette run: the estimate, and a button that says what it does. */
export async function confirmRun(preparation: RunPreparation, confirmAboveUsd: number, verb: 'generate' | 'submit' = 'generate'): Promise<boolean> {
	const requests = preparation.estimate.requests;
	const assets = preparation.selected.length;
	const label =
		verb === 'submit'
			? requests === 1
				? vscode.l10n.t('Submit 1 Image')
				: vscode.l10n.t('Submit {0} Images', requests)
			: requests === 1
				? vscode.l10n.t('Generate 1 Image')
				: vscode.l10n.t('Generate {0} Images', requests);
	const answer = await vscode.window.showWarningMessage(
		vscode.l10n.t(
			'{0} for {1} will cost about {2}.',
			requests === 1 ? vscode.l10n.t('1 image request') : vscode.l10n.t('{0} image requests', requests),
			assetCount(assets),
			formatEstimate(preparation.estimate),
		),
		{
			modal: true,
			detail: vscode.l10n.t(
				'That is more than "imageStudio.confirmAboveUsd" ({0}), or includes models without a known price. Prices are the catalog\'s estimates; Google bills what the API reports.',
				formatUsd(confirmAboveUsd),
			),
		},
		label,
	);
	return answer === label;
}

function reportResult(services: Services, name: string, result: RunAssetsResult): void {
	const { log, notifier } = services;
	const outputs = result.generated.reduce((sum, asset) => sum + asset.outputs.length, 0);
	const invalid = result.skipped.filter((skip) => skip.reason === 'invalid');
	for (const failure of result.failed) {
		log.error(`Assets (${name}): ${failure.id} failed: ${failure.error.message}`);
	}
	for (const skip of invalid) {
		log.warn(`Assets (${name}): ${skip.id} skipped: ${skip.message}`);
	}
	if (result.lockError) {
		log.error(`Assets (${name}): the lock file could not be written: ${result.lockError}`);
	}
	const parts: string[] = [];
	if (result.generated.length > 0) {
		parts.push(
			vscode.l10n.t(
				'Generated {0} ({1}) for about {2}.',
				assetCount(result.generated.length),
				outputs === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', outputs),
				formatUsd(result.costUsd),
			),
		);
	}
	if (result.failed.length > 0) {
		const first = result.failed[0];
		parts.push(vscode.l10n.t('{0} failed ({1}: {2}{3}).', result.failed.length, first.id, first.error.message, result.failed.length > 1 ? ' …' : ''));
	}
	if (invalid.length > 0) {
		parts.push(vscode.l10n.t('{0} skipped for problems in the manifest (see Problems).', invalid.length));
	}
	if (result.notRun.length > 0) {
		parts.push(vscode.l10n.t('{0} not run yet: run the command again to finish them.', result.notRun.length));
	}
	const showProblems = { title: vscode.l10n.t('Show Problems'), run: () => vscode.commands.executeCommand('workbench.actions.view.problems') };
	if (result.stoppedBecause && result.stoppedBecause.code !== 'cancelled') {
		const stopped = result.stoppedBecause;
		notifier.error(
			new ImageStudioError(stopped.code, vscode.l10n.t('Assets ({0}) stopped: {1} {2}', name, stopped.message, parts.join(' ')), {
				...stopped.options,
				cause: stopped,
			}),
			vscode.l10n.t('Assets'),
		);
		return;
	}
	if (result.stoppedBecause?.code === 'cancelled') {
		notifier.warn(vscode.l10n.t('Assets ({0}) cancelled: nothing partial was written. {1}', name, parts.join(' ')).trim());
		return;
	}
	if (parts.length === 0) {
		const upToDate = result.skipped.filter((skip) => skip.reason === 'upToDate').length;
		const edited = result.skipped.filter((skip) => skip.reason === 'edited').length;
		notifier.info(
			edited
				? vscode.l10n.t(
						'Assets ({0}): nothing to do. {1} up to date, {2} edited by hand (kept: regenerate them one by one to replace them).',
						name,
						upToDate,
						edited,
					)
				: vscode.l10n.t('Assets ({0}): nothing to do. {1} up to date.', name, upToDate),
		);
		return;
	}
	const message = vscode.l10n.t('Assets ({0}): {1}', name, parts.join(' '));
	if (result.failed.length > 0 || invalid.length > 0) {
		notifier.warn(message, showProblems, { title: vscode.l10n.t('Open Log'), run: () => services.log.show() });
	} else {
		notifier.info(message);
	}
}

/** "1 asset", "3 assets": a noun phrase per number, so each language words its count its own way. */
export function assetCount(count: number): string {
	return count === 1 ? vscode.l10n.t('1 asset') : vscode.l10n.t('{0} assets', count);
}

function clamp(value: number | undefined, min: number, max: number, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;
}
