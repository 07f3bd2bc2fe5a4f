import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import { isArgsObject } from '../core/args';
import { readConfig } from '../config';
import { ImageStudioError } from '../core/errors';
import type { ImageRequest } from '../gemini/geminiClient';
import { estimateImagePriceUsd, ImageSize, resolveModel, ThinkingLevel } from '../gemini/modelCatalog';
import { ImageOptions, validateCount, validateImageOptions, validatePrompt, validateThinkingLevel } from '../generation/imageOptions';
import { requestImages, requireApiKey } from '../generation/requestImages';
import { generateTransparent, isTransparencyMethod, TransparencyMethod } from '../generation/transparency';
import { excerpt } from '../core/args';
import { readMaxCostUsd } from '../core/cost';
import type { Services } from '../services';
import { sanitizeFileStem, slugFromPrompt } from '../workspace/fileNaming';
import { parseOutputFolder } from '../workspace/outputFolder';
import { loadImageCodecs } from '../codecs/loadCodecs';
import type { CodecMimeType } from '../codecs/codecTypes';
import { draftFromReply } from '../provenance/provenanceRecord';
import { chooseWorkspaceFolder } from '../workspace/workspaceFolders';
import { markWalkthroughStep } from '../walkthrough/walkthrough';
import { askChoice, askModel, askPrompt, describeRatio, describeSize, pickDefault } from './generatePalette';

/** The argument object of `imageStudio.generate`: given it, the command asks nothing. */
export interface GenerateImageArgs {
	readonly prompt: string;
	readonly model?: string;
	readonly aspectRatio?: string;
	readonly imageSize?: string;
	/** `minimal`, `low`, `medium` or `high`, where the model has a thinking-level control (default: the model's own). */
	readonly thinkingLevel?: string;
	/** How many images to generate (1–8), one request each, in parallel within `imageStudio.assets.concurrency`. */
	readonly count?: number;
	/** Name (or URI) of the workspace folder to save into, for multi-root workspaces. */
	readonly workspaceFolder?: string;
	/** Open the first image when done (default true). */
	readonly open?: boolean;
	/** Refuse (sending nothing) when the estimated price of the run is above this many US dollars. */
	readonly maxCostUsd?: number;
	/**
	 * Where to save, as a workspace-relative path (`assets/hero.png`) instead of the output folder and a name from
	 * the prompt: numbered when taken (`hero-2.png`), and converted to the type its extension names.
	 */
	readonly output?: string;
	/**
	 * Save a PNG with real transparency: `true` or `"difference"` renders on white, then once more on black (one more
	 * request per image) and mattes the pair; `"key"` keys the white background out locally (no extra request).
	 */
	readonly transparent?: boolean | TransparencyMethod;
}

export interface ResolvedRequest {
	readonly prompt: string;
	readonly options: ImageOptions;
	readonly thinkingLevel?: ThinkingLevel;
	readonly count: number;
	readonly open: boolean;
	readonly workspaceFolderName?: string;
	readonly maxCostUsd?: number;
	readonly output?: { readonly folder: string; readonly stem: string; readonly extension: string; readonly mimeType: CodecMimeType };
	readonly transparent?: TransparencyMethod;
}

/**
 * `imageStudio.generate`: prompt → Gemini → image files in the output folder. Returns the saved URIs, or undefined
 * when it failed or was cancelled (after telling the user why). A failed run writes nothing.
 */
export class GenerateImageCommand implements Command {
	readonly id: string = 'imageStudio.generate';
	readonly title: string = vscode.l10n.t('Generate Image');
	/** Writes into the workspace: refused in Restricted Mode before it runs. */
	readonly writesWorkspace = true;

	constructor(protected readonly _services: Services) {}

	async execute(args?: unknown): Promise<vscode.Uri[] | undefined> {
		const interactive = !isArgsObject(args);
		const request = interactive ? await this._ask() : this._fromArgs(args);
		if (!request) {
			return undefined; // The user dismissed a question.
		}
		return await this._run(request, interactive);
	}

	protected _fromArgs(args: Record<string, unknown>): ResolvedRequest {
		const prompt = validatePrompt(args.prompt);
		if (!prompt.ok) {
			throw new ImageStudioError('invalidInput', prompt.message);
		}
		const config = readConfig();
		const modelId = args.model ?? config.model;
		const resolution = typeof modelId === 'string' ? resolveModel(modelId.trim()) : undefined;
		const model = resolution && resolution.kind !== 'invalid' ? resolution.model : undefined;
		// Settings are defaults: one the chosen model lacks falls back quietly; an explicit argument must be valid.
		const aspectRatio = args.aspectRatio ?? (model && !model.aspectRatios.includes(config.aspectRatio) ? '1:1' : config.aspectRatio);
		const imageSize = args.imageSize ?? (model && !(model.imageSizes as readonly string[]).includes(config.imageSize) ? undefined : config.imageSize);
		const options = validateImageOptions(modelId, aspectRatio, imageSize);
		if (!options.ok) {
			throw new ImageStudioError(options.suggestedModel ? 'modelShutDown' : 'invalidInput', options.message, {
				actions: options.suggestedModel ? [{ kind: 'useModel', model: options.suggestedModel }] : [],
			});
		}
		const count = validateCount(args.count);
		if (!count.ok) {
			throw new ImageStudioError('invalidInput', count.message);
		}
		const thinkingLevel = validateThinkingLevel(options.value.model, args.thinkingLevel);
		if (!thinkingLevel.ok) {
			throw new ImageStudioError('invalidInput', thinkingLevel.message);
		}
		if (args.workspaceFolder !== undefined && typeof args.workspaceFolder !== 'string') {
			throw new ImageStudioError('invalidInput', vscode.l10n.t('"workspaceFolder" must be the name of a workspace folder.'));
		}
		const transparent = args.transparent === true ? 'difference' : args.transparent;
		if (transparent !== undefined && transparent !== false && !isTransparencyMethod(transparent)) {
			throw new ImageStudioError('invalidInput', vscode.l10n.t('"transparent" must be true, false, "difference" or "key".'));
		}
		const output = args.output === undefined ? undefined : parseOutputArgument(args.output);
		if (transparent && output && output.mimeType !== 'image/png') {
			throw new ImageStudioError('invalidInput', vscode.l10n.t('"transparent" needs an "output" ending in .png: JPEG has no transparency.'));
		}
		return {
			transparent: transparent || undefined,
			prompt: prompt.value,
			options: options.value,
			thinkingLevel: thinkingLevel.value,
			count: count.value,
			open: args.open !== false,
			workspaceFolderName: args.workspaceFolder,
			maxCostUsd: readMaxCostUsd(args.maxCostUsd),
			output,
		};
	}

	/** The palette flow: prompt (with recent prompts), then model, aspect ratio and size, each defaulting to the last used. */
	protected async _ask(): Promise<ResolvedRequest | undefined> {
		const { preferences } = this._services;
		const prompt = await askPrompt(preferences.recentPrompts);
		if (prompt === undefined) {
			return undefined;
		}
		const config = readConfig();
		const last = preferences.lastUsed;
		const apiKey = await this._services.apiKeys.get();
		const model = await askModel(this._services.models, config.endpoint, apiKey?.key, last.model ?? config.model);
		if (!model) {
			return undefined;
		}
		const aspectRatio = await askChoice(
			vscode.l10n.t('Aspect Ratio ({0})', model.id),
			model.aspectRatios.map((ratio) => ({ label: ratio, description: describeRatio(ratio) })),
			pickDefault(model.aspectRatios, last.aspectRatio, config.aspectRatio, '1:1'),
			3,
		);
		if (!aspectRatio) {
			return undefined;
		}
		let imageSize: string | undefined;
		if (model.imageSizes.length > 0) {
			imageSize = await askChoice(
				vscode.l10n.t('Image Size ({0})', model.id),
				model.imageSizes.map((size) => ({ label: size, description: describeSize(model, size) })),
				pickDefault(model.imageSizes, last.imageSize, config.imageSize, model.defaultImageSize ?? model.imageSizes[0]),
				4,
			);
			if (!imageSize) {
				return undefined;
			}
		}
		const options = validateImageOptions(model.id, aspectRatio, imageSize);
		if (!options.ok) {
			throw new ImageStudioError('invalidInput', options.message);
		}
		return { prompt, options: options.value, count: 1, open: true };
	}

	private async _run(request: ResolvedRequest, interactive: boolean): Promise<vscode.Uri[] | undefined> {
		const { log, notifier, store, preferences } = this._services;
		const folder = await chooseWorkspaceFolder({ interactive, name: request.workspaceFolderName });
		if (!folder) {
			return undefined;
		}
		const config = readConfig(folder.uri);
		const location = await store.resolveOutputFolder(folder, request.output ? request.output.folder : config.outputFolder);

		const apiKey = await requireApiKey(this._services, interactive);

		const { model, aspectRatio, imageSize } = request.options;
		const imageRequest: ImageRequest = { model: model.id, prompt: request.prompt, aspectRatio, imageSize, thinkingLevel: request.thinkingLevel };
		log.info(
			`Generating ${request.count} image(s) with ${model.id} ${aspectRatio} ${imageSize ?? ''} (key from ${apiKey.source}): ${request.prompt.slice(0, 200)}`,
		);
		await preferences.rememberPrompt(request.prompt);
		await preferences.rememberOptions({ model: model.id, aspectRatio, imageSize });

		const spend = { interactive, maxCostUsd: request.maxCostUsd };
		const results = request.transparent
			? await generateTransparent(
					{ services: this._services, config, apiKey: apiKey.key, options: request.options, ...spend },
					{ prompt: request.prompt, thinkingLevel: request.thinkingLevel, count: request.count },
					request.transparent,
				).then(({ results, texts }) => ({ images: results.map((result) => ({ bytes: result.png, extension: 'png' })), texts }))
			: await requestImages(this._services, imageRequest, config, apiKey.key, {
					title: vscode.l10n.t('Generating image with {0}', model.id),
					count: request.count,
					source: 'generate',
					spend,
				});

		// Everything arrived: only now is anything written, so a failed or cancelled run leaves the workspace as it was.
		const output = request.output;
		const stem = output ? output.stem : `${slugFromPrompt(request.prompt)}${request.transparent ? '-transparent' : ''}`;
		// Each image with the reply it came in (for its provenance record); a transparent run's PNGs have no single reply.
		const produced =
			'responses' in results
				? results.responses.flatMap((response) => response.images.map((image) => ({ image, response })))
				: results.images.map((image) => ({ image, response: undefined }));
		const saved: vscode.Uri[] = [];
		for (const { image, response } of produced) {
			const file = output ? { extension: output.extension, bytes: await loadImageCodecs().transcodeImage(image.bytes, output.mimeType) } : image;
			if (!response) {
				saved.push(await store.saveNewFile(location, stem, file.extension, file.bytes));
				continue;
			}
			const sealed = this._services.provenance.seal(draftFromReply({ kind: 'generate', request: imageRequest, response, inputs: [] }), file.bytes);
			saved.push(await store.saveNewFile(location, stem, file.extension, sealed.bytes));
			await this._services.provenance.remember(sealed);
		}
		if (saved.length > 0) {
			markWalkthroughStep('imageSaved');
		}
		if (request.open && saved.length > 0) {
			await vscode.commands.executeCommand('vscode.open', saved[0], { preview: false });
		}
		const names = saved.map((uri) => vscode.workspace.asRelativePath(uri, false));
		const price = estimateImagePriceUsd(model, imageSize as ImageSize | undefined);
		const paidImages = saved.length * (request.transparent === 'difference' ? 2 : 1);
		const cost = price !== undefined ? ` ${vscode.l10n.t('(about ${0})', (price * paidImages).toFixed(3))}` : '';
		const said = results.texts.length > 0 ? ` ${vscode.l10n.t('Gemini said: "{0}"', excerpt(results.texts.join(' ')))}` : '';
		const savedMessage =
			names.length === 1
				? vscode.l10n.t('Saved {0}{1}.', names[0], cost)
				: vscode.l10n.t('Saved {0} images in {1}{2}.', names.length, location.relativePath, cost);
		notifier.info(savedMessage + said, {
			title: vscode.l10n.t('Reveal in Explorer'),
			run: () => vscode.commands.executeCommand('revealInExplorer', saved[0]),
		});
		return saved;
	}
}

/** The `output` argument: a workspace-relative file path with an image extension, split for the store. */
function parseOutputArgument(value: unknown): NonNullable<ResolvedRequest['output']> {
	if (typeof value !== 'string' || value.trim() === '') {
		throw new ImageStudioError('invalidInput', vscode.l10n.t('"output" must be a workspace-relative file path such as "assets/hero.png".'));
	}
	const path = value.trim().replace(/\\/g, '/');
	const slash = path.lastIndexOf('/');
	const folder = slash >= 0 ? path.slice(0, slash) : '.';
	const name = path.slice(slash + 1);
	const dot = name.lastIndexOf('.');
	const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
	const mimeType = ({ png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp' } as const)[extension as 'png'];
	if (!mimeType) {
		throw new ImageStudioError('invalidInput', vscode.l10n.t('"output" must end in .png, .jpg, .jpeg or .webp: "{0}".', excerpt(path)));
	}
	const stem = sanitizeFileStem(name.slice(0, dot), '');
	if (stem === '') {
		throw new ImageStudioError('invalidInput', vscode.l10n.t('"output" needs a file name: "{0}".', excerpt(path)));
	}
	const parsedFolder = parseOutputFolder(folder);
	if (!parsedFolder.ok) {
		throw new ImageStudioError('outputFolder', vscode.l10n.t('"output" must stay inside the workspace: "{0}" does not.', excerpt(path)));
	}
	return { folder, stem, extension, mimeType };
}
