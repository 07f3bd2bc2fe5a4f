/**
 * Variations: `count` candidates of one prompt, requested in parallel within the concurrency asset runs use
 * (`imageStudio.assets.concurrency`), shown in a grid as they arrive (media/variations/). Nothing is written until
 * the user saves; then only the kept candidates are, as new files. Closing the grid, or Discard All, cancels what
 * is still running and writes nothing.
 */
import * as vscode from 'vscode';
import type { ImageStudioConfig } from '../config';
import { errorMessage, ImageStudioError } from '../core/errors';
import { readImageDimensions, sniffImageType } from '../core/imageType';
import type { ImageRequest } from '../gemini/geminiClient';
import { estimateImagesCostUsd, ImageSize } from '../gemini/modelCatalog';
import { DEFAULT_RETRY_POLICY } from '../gemini/retryPolicy';
import type { GeneratedImage } from '../gemini/responseParser';
import type { Services } from '../services';
import { DISPLAYABLE_MIME_TYPES, DisplayableMimeType, isVariationsFromWebview, VariationCandidate, VariationsToWebview } from '../shared/protocol';
import { approveSpend } from '../spending/budget';
import { countingGenerator } from '../spending/usageRecording';
import { DisposablePanel } from '../webview/disposablePanel';
import { buildWebviewPage, createNonce, escapeHtml } from '../webview/page';
import { webviewL10n } from '../webview/l10n';
import { lockedDownWebviewOptions } from '../webview/webviewOptions';
import type { OutputLocation } from '../workspace/workspaceStore';
import { runQueue } from '../assets/scheduler';
import { sharedConcurrency, warnInsecureEndpointOnce } from './requestImages';

export const VARIATIONS_VIEW_TYPE = 'imageStudio.variations';

export interface VariationsRequest {
	readonly request: ImageRequest;
	readonly count: number;
	readonly config: ImageStudioConfig;
	readonly apiKey: string;
	readonly location: OutputLocation;
	readonly stem: string;
	readonly interactive: boolean;
	readonly maxCostUsd?: number;
}

/** The open variations views, newest last (the test API drives the newest as its webview would). */
export const openVariationsViews: VariationsView[] = [];

/**
 * Opens the grid and starts the requests. Resolves with the files written when the user saves (only the kept ones),
 * or an empty list when they discard or close the grid.
 */
export async function runVariations(services: Services, params: VariationsRequest): Promise<vscode.Uri[]> {
	const { request, count, config } = params;
	await approveSpend({
		estimateUsd: estimateImagesCostUsd(request.model, request.imageSize as ImageSize | undefined, count),
		what: vscode.l10n.t('{0} variations with {1}', count, request.model),
		confirmLabel: vscode.l10n.t('Generate'),
		maxCostUsd: params.maxCostUsd,
		interactive: params.interactive,
		confirmAboveUsd: config.confirmAboveUsd,
	});
	warnInsecureEndpointOnce(services, config);
	const panel = vscode.window.createWebviewPanel(
		VARIATIONS_VIEW_TYPE,
		vscode.l10n.t('Variations: {0}', `${request.prompt.slice(0, 40)}${request.prompt.length > 40 ? '…' : ''}`),
		vscode.ViewColumn.Active,
		lockedDownWebviewOptions(services.context.extensionUri),
	);
	const tracked = services.requests.begin();
	const view = new VariationsView(services, panel, params, () => tracked.cancel());
	openVariationsViews.push(view);
	view.onDidDispose(() => {
		tracked.cancel();
		openVariationsViews.splice(openVariationsViews.indexOf(view), 1);
	});
	const generator = countingGenerator(services, 'generate');
	void runQueue(
		Array.from({ length: count }, (_, index) => index),
		(_index, signal) =>
			generator.generate(request, {
				apiKey: params.apiKey,
				endpoint: config.endpoint,
				timeoutMs: config.requestTimeoutMs,
				retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries: config.maxRetries },
				signal,
				allowInsecureEndpoint: config.allowInsecureEndpoint,
				maxImagesPerReply: config.maxImagesPerReply,
			}),
		{
			limits: { concurrency: sharedConcurrency(), requestsPerMinute: 0, maxAttempts: 1, maxRateLimitRetries: 0 },
			signal: tracked.signal,
			onOutcome: (index, outcome) => {
				if (outcome.status === 'done' && outcome.value.images[0]) {
					view.addCandidate(index, outcome.value.images[0]);
				} else if (outcome.status === 'done') {
					view.addFailure(index, vscode.l10n.t('Gemini returned no image.'));
				} else if (outcome.status === 'failed') {
					view.addFailure(index, outcome.error.message);
				}
			},
		},
	)
		.then(({ stoppedBecause }) => {
			if (stoppedBecause && stoppedBecause.code !== 'cancelled') {
				view.showError(stoppedBecause.message);
			}
		})
		.finally(() => tracked.dispose());
	return view.result;
}

export class VariationsView extends DisposablePanel {
	private readonly _candidates = new Map<number, { image: GeneratedImage; view: VariationCandidate }>();
	private readonly _failed = new Map<number, string>();
	private _saved: string[] = [];
	private _saving = false;
	/** Every message posted to the webview (the test API reads them). */
	readonly posted: VariationsToWebview[] = [];
	private _resolve!: (uris: vscode.Uri[]) => void;
	/** The files written (empty when discarded or closed without saving). */
	readonly result = new Promise<vscode.Uri[]>((resolve) => (this._resolve = resolve));

	constructor(
		private readonly _services: Services,
		panel: vscode.WebviewPanel,
		private readonly _params: VariationsRequest,
		private readonly _cancel: () => void,
	) {
		super(panel);
		const webview = panel.webview;
		const nonce = createNonce();
		const extensionUri = _services.context.extensionUri;
		webview.html = buildWebviewPage(
			{
				cspSource: webview.cspSource,
				scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'media', 'variations.js')).toString(),
				styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'variations', 'variations.css')).toString(),
				nonce,
				title: vscode.l10n.t('Variations'),
				l10n: webviewL10n(),
			},
			`<main id="variations-root" aria-busy="true"><p role="status">${escapeHtml(vscode.l10n.t('Generating {0} variations of “{1}”…', this._params.count, this._params.request.prompt.slice(0, 200)))}</p></main>`,
		);
		this.track(webview.onDidReceiveMessage((message: unknown) => void this.receive(message)));
		this.onDidDispose(() => this._resolve([]));
	}

	/** Handles a message as if the webview had posted it; false when it was rejected. */
	receive(message: unknown): boolean {
		if (!isVariationsFromWebview(message)) {
			this._services.log.warn(`Variations: dropped a malformed webview message (${typeof message})`);
			return false;
		}
		switch (message.type) {
			case 'ready':
				void this._post({
					type: 'init',
					title: vscode.l10n.t('Variations'),
					prompt: this._params.request.prompt,
					total: this._params.count,
					candidates: [...this._candidates.values()].map((candidate) => candidate.view),
					failed: [...this._failed].map(([index, text]) => ({ index, message: text })),
					pending: this._params.count - this._candidates.size - this._failed.size,
					saved: this._saved,
				});
				break;
			case 'save':
				void this._save(message.keep);
				break;
			case 'discardAll':
				this._cancel();
				this.dispose();
				break;
		}
		return true;
	}

	addCandidate(index: number, image: GeneratedImage): void {
		const type = sniffImageType(image.bytes);
		const dimensions = readImageDimensions(image.bytes);
		if (!type || !(DISPLAYABLE_MIME_TYPES as readonly string[]).includes(type.mimeType) || !dimensions) {
			this.addFailure(index, vscode.l10n.t('Gemini returned data that is not a readable image.'));
			return;
		}
		const view: VariationCandidate = {
			index,
			mimeType: type.mimeType as DisplayableMimeType,
			// A copy of its own: a Node Buffer is often a view into a shared pool, and postMessage sends whole ArrayBuffers.
			bytes: new Uint8Array(image.bytes),
			width: dimensions.width,
			height: dimensions.height,
		};
		this._candidates.set(index, { image, view });
		void this._post({ type: 'candidate', candidate: view });
	}

	addFailure(index: number, message: string): void {
		this._failed.set(index, message);
		void this._post({ type: 'failed', index, message });
	}

	showError(message: string): void {
		void this._post({ type: 'error', message });
	}

	/** Writes the kept candidates (never overwriting), in the order they were asked for; then closes the grid. */
	private async _save(keep: readonly number[]): Promise<void> {
		if (this._saving) {
			return;
		}
		const chosen = keep.flatMap((index) => {
			const candidate = this._candidates.get(index);
			return candidate ? [candidate] : [];
		});
		if (chosen.length === 0) {
			this.showError(vscode.l10n.t('Keep at least one candidate that has arrived.'));
			return;
		}
		if (!vscode.workspace.isTrusted) {
			this.showError(vscode.l10n.t('Saving is not available in Restricted Mode: trust the workspace first.'));
			return;
		}
		this._saving = true;
		this._cancel(); // What is still running is not needed any more.
		const { store, notifier, log } = this._services;
		const written: vscode.Uri[] = [];
		try {
			for (const { image } of chosen) {
				written.push(await store.saveNewFile(this._params.location, this._params.stem, image.extension, image.bytes));
			}
		} catch (error) {
			this._saving = false;
			log.error(`Variations: saving failed: ${errorMessage(error)}`);
			notifier.error(
				error instanceof ImageStudioError
					? error
					: new ImageStudioError('writeFailed', vscode.l10n.t('Saving the variations failed: {0}', errorMessage(error))),
				vscode.l10n.t('Variations'),
			);
			this._resolve(written);
			return;
		}
		this._saved = written.map((uri) => vscode.workspace.asRelativePath(uri, false));
		await this._post({ type: 'saved', paths: this._saved });
		notifier.info(vscode.l10n.t('Saved {0} of {1} variations: {2}.', written.length, this._params.count, this._saved.join(', ')), {
			title: vscode.l10n.t('Reveal in Explorer'),
			run: () => vscode.commands.executeCommand('revealInExplorer', written[0]),
		});
		this._resolve(written);
		this.dispose();
	}

	private async _post(message: VariationsToWebview): Promise<void> {
		this.posted.push(message);
		await this.postToWebview(message);
	}
}
