/**
 * Runs Gemini requests under a cancellable progress notification: the one place commands call the image
 * generator, so cancel, retry reporting and logging behave the same for generate, edit and compose.
 */
import * as vscode from 'vscode';
import type { ImageStudioConfig } from '../config';
import { ImageStudioError } from '../core/errors';
import type { ImageRequest } from '../gemini/geminiClient';
import type { GeneratedImage, ParsedImageResponse } from '../gemini/responseParser';
import { DEFAULT_RETRY_POLICY } from '../gemini/retryPolicy';
import type { Services } from '../services';
import { promptForApiKey } from '../secrets/apiKeyPrompt';
import { estimateImagesCostUsd, findModel, ImageSize } from '../gemini/modelCatalog';
import { approveSpend } from '../spending/budget';
import type { UsageSource } from '../state/usageLedger';
import { recordUsage } from '../spending/usageRecording';
import { runQueue } from '../assets/scheduler';
import { noticeDeprecatedSettingsModel } from './deprecationNotice';

export interface ImageResults {
	readonly images: GeneratedImage[];
	readonly texts: string[];
	readonly responses: ParsedImageResponse[];
}

/** The key to use, asking for one when the user can be asked; throws the "no key" error otherwise. */
export async function requireApiKey(services: Services, interactive: boolean): Promise<{ key: string; source: string }> {
	let apiKey = await services.apiKeys.get();
	if (!apiKey && interactive) {
		const entered = await promptForApiKey(vscode.l10n.t('Gemini Image Studio needs a Gemini API key'));
		if (entered) {
			await services.apiKeys.store(entered);
			apiKey = await services.apiKeys.get();
		}
	}
	if (!apiKey) {
		const rejected = services.apiKeys.rejected;
		throw new ImageStudioError(
			'noKey',
			rejected
				? `${rejected} ${vscode.l10n.t('Set one with "Gemini Image Studio: Set Gemini API Key" or the GEMINI_API_KEY environment variable.')}`
				: vscode.l10n.t('No Gemini API key is set. Set one with "Gemini Image Studio: Set Gemini API Key" or the GEMINI_API_KEY environment variable.'),
			{
				actions: [{ kind: 'setApiKey' }],
			},
		);
	}
	return apiKey;
}

let insecureWarned = false;

/** One warning per window when the user opted into plain http to another machine, and it is in use. */
export function warnInsecureEndpointOnce(services: Services, config: ImageStudioConfig): void {
	if (!config.allowInsecureEndpoint || insecureWarned || !/^http:/i.test(config.endpoint.trim())) {
		return;
	}
	insecureWarned = true;
	services.notifier.warn(vscode.l10n.t('"imageStudio.allowInsecureEndpoint" is on: requests to {0} carry your API key unencrypted.', config.endpoint));
}

export async function requestImages(
	services: Services,
	request: ImageRequest,
	config: ImageStudioConfig,
	apiKey: string,
	options: {
		title: string;
		count?: number;
		inlineLimitBytes?: number;
		/** Where the request comes from, for the spending breakdown. */
		source: UsageSource;
		/** The budget: argument-object calls are never asked, and `maxCostUsd` is a hard limit for them. */
		spend: { readonly interactive: boolean; readonly maxCostUsd?: number };
	},
): Promise<ImageResults> {
	const { log, generator, requests, models } = services;
	const count = options.count ?? 1;
	const size = request.imageSize as ImageSize | undefined;
	await approveSpend({
		estimateUsd: estimateImagesCostUsd(request.model, size, count),
		what: `${options.title}${count > 1 ? ` ${vscode.l10n.t('({0} images)', count)}` : ''}`,
		confirmLabel: vscode.l10n.t('Send'),
		maxCostUsd: options.spend.maxCostUsd,
		interactive: options.spend.interactive,
		confirmAboveUsd: config.confirmAboveUsd,
	});
	await noticeDeprecatedSettingsModel(services, request.model);
	warnInsecureEndpointOnce(services, config);
	if (!findModel(request.model)) {
		// A model the catalog does not know: have the API's list ready, so a 404 can name the closest listed models.
		await models.load(config.endpoint, apiKey);
	} else {
		models.refreshIfStale(config.endpoint, apiKey);
	}
	return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: options.title, cancellable: true }, async (progress, token) => {
		const tracked = requests.begin();
		const subscription = token.onCancellationRequested(() => tracked.cancel());
		try {
			const generateOne = async (signal: AbortSignal): Promise<ParsedImageResponse> => {
				const started = Date.now();
				const response = await generator.generate(request, {
					apiKey,
					endpoint: config.endpoint,
					timeoutMs: config.requestTimeoutMs,
					retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries: config.maxRetries },
					signal,
					inlineLimitBytes: options.inlineLimitBytes,
					closestModels: () => models.closest(config.endpoint, request.model),
					allowInsecureEndpoint: config.allowInsecureEndpoint,
					maxImagesPerReply: config.maxImagesPerReply,
					onUpload: ({ displayName, bytes }) => {
						const size = `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
						log.info(`${displayName} (${size}) is larger than the inline limit; uploaded through the Gemini Files API.`);
						progress.report({ message: vscode.l10n.t('uploaded {0} ({1})', displayName, size) });
						services.notifier.info(
							vscode.l10n.t(
								'{0} is {1}, more than Gemini accepts inline, so it was uploaded through the Gemini Files API (Google keeps it for 48 hours).',
								displayName,
								size,
							),
						);
					},
					onRetry: ({ retry, delayMs, error }) => {
						log.warn(`Attempt ${retry} failed (${error.code}: ${error.message}); retrying in ${delayMs} ms`);
						progress.report({
							message:
								error.code === 'rateLimited'
									? vscode.l10n.t('rate limited, retrying in {0} s…', Math.ceil(delayMs / 1000))
									: vscode.l10n.t('Gemini unavailable, retrying in {0} s…', Math.ceil(delayMs / 1000)),
						});
					},
				});
				log.info(
					`Gemini answered in ${Date.now() - started} ms: ${response.images.length} image(s), finishReason=${response.finishReason}, ` +
						`tokens in=${response.usage.promptTokens} out=${response.usage.outputTokens} thoughts=${response.usage.thoughtTokens}`,
				);
				if (response.leftOutImages > 0) {
					log.warn(
						`Left out ${response.leftOutImages} image(s) of the reply: beyond "imageStudio.maxImagesPerReply" (${config.maxImagesPerReply}) or not a readable PNG, JPEG or WebP.`,
					);
				}
				recordUsage(services, options.source, request, response);
				if (response.text) {
					log.info(`Model text: ${response.text}`);
				}
				return response;
			};
			let responses: ParsedImageResponse[];
			if (count === 1) {
				responses = [await generateOne(tracked.signal)];
			} else {
				// Several images: one request each, in parallel within the concurrency the asset runs use too. The client
				// retries each request itself; the queue only bounds how many run at once and stops at the first failure.
				let done = 0;
				progress.report({ message: vscode.l10n.t('{0} of {1}', 0, count) });
				const { outcomes, stoppedBecause } = await runQueue(
					Array.from({ length: count }, (_, index) => index),
					(_index, signal) => generateOne(signal),
					{
						limits: { concurrency: sharedConcurrency(), requestsPerMinute: 0, maxAttempts: 1, maxRateLimitRetries: 0 },
						signal: tracked.signal,
						onOutcome: (_index, outcome) => {
							if (outcome.status === 'done') {
								progress.report({ message: vscode.l10n.t('{0} of {1}', ++done, count) });
							} else if (outcome.status === 'failed') {
								tracked.cancel(); // A failed command writes nothing: the others are not needed any more.
							}
						},
					},
				);
				const failure = outcomes.find((outcome) => outcome.status === 'failed');
				if (failure?.status === 'failed') {
					throw failure.error;
				}
				if (stoppedBecause) {
					throw stoppedBecause;
				}
				if (outcomes.some((outcome) => outcome.status !== 'done')) {
					throw new ImageStudioError('cancelled', vscode.l10n.t('{0} was cancelled; nothing was saved.', options.title), { severity: 'warning' });
				}
				responses = outcomes.flatMap((outcome) => (outcome.status === 'done' ? [outcome.value] : []));
			}
			return {
				images: responses.flatMap((response) => response.images),
				texts: responses.flatMap((response) => (response.text ? [response.text] : [])),
				responses,
			};
		} finally {
			subscription.dispose();
			tracked.dispose();
		}
	});
}

/** The concurrency of asset runs (`imageStudio.assets.concurrency`), which several images of one command share. */
export function sharedConcurrency(): number {
	const value = vscode.workspace.getConfiguration('imageStudio.assets').get<number>('concurrency', 4);
	return typeof value === 'number' && Number.isFinite(value) ? Math.min(16, Math.max(1, Math.round(value))) : 4;
}
