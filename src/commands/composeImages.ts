import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import { readConfig } from '../config';
import { ImageStudioError } from '../core/errors';
import { requestImages, requireApiKey } from '../generation/requestImages';
import { excerpt } from '../core/args';
import { readMaxCostUsd } from '../core/cost';
import { InputImageFile, readInputImage } from '../images/inputImages';
import type { ImageRequest } from '../gemini/geminiClient';
import { draftFromReply } from '../provenance/provenanceRecord';
import type { Services } from '../services';
import { slugFromPrompt } from '../workspace/fileNaming';
import { askPrompt, imageOptionsFor, pickImages, promptFromArgs } from './imageTargets';
import { readImageCommandInput } from '../images/commandInput';

/**
 * `imageStudio.compose`: several images + a prompt → a new image in the output folder (nothing is replaced), opened
 * beside its inputs. With `{ uris, prompt, model?, aspectRatio?, imageSize? }` nothing is asked.
 */
export class ComposeImagesCommand implements Command {
	readonly id = 'imageStudio.compose';
	readonly title = vscode.l10n.t('Compose Images');
	/** Writes into the workspace: refused in Restricted Mode before it runs. */
	readonly writesWorkspace = true;

	constructor(private readonly _services: Services) {}

	async execute(first?: unknown, second?: unknown): Promise<vscode.Uri | undefined> {
		const { notifier, preferences, store, log } = this._services;
		const input = readImageCommandInput(first, second);
		const interactive = !input.args;
		let uris = input.uris;
		if (uris.length === 0 && interactive) {
			uris = await pickImages(vscode.l10n.t('Compose from Images'), true);
			if (uris.length === 0) {
				return undefined;
			}
		}
		if (uris.length < 2) {
			throw new ImageStudioError(
				'invalidInput',
				vscode.l10n.t('Compose needs at least two images. Select them in the Explorer (Ctrl/Cmd+click) or pass "uris".'),
			);
		}
		const explicitPrompt = promptFromArgs(input.args);
		const provisional = imageOptionsFor(input.args, preferences.lastUsed.model, undefined);
		if (uris.length > provisional.model.maxInputImages) {
			throw new ImageStudioError(
				'invalidInput',
				vscode.l10n.t(
					'{0} takes at most {1} images; {2} were selected. Select fewer, or use gemini-3-pro-image (up to 14).',
					provisional.model.id,
					provisional.model.maxInputImages,
					uris.length,
				),
			);
		}
		const inputs: InputImageFile[] = [];
		for (const uri of uris) {
			inputs.push(await readInputImage(uri, provisional.model));
		}
		const options = imageOptionsFor(input.args, preferences.lastUsed.model, inputs[0].dimensions);
		const prompt =
			explicitPrompt ??
			(await askPrompt(vscode.l10n.t('Compose {0} images', inputs.length), vscode.l10n.t('e.g. "put the logo from image 1 on the t-shirt in image 2"')));
		if (!prompt) {
			return undefined;
		}
		const folder = vscode.workspace.getWorkspaceFolder(inputs[0].uri)!;
		const config = readConfig(folder.uri);
		const location = await store.resolveOutputFolder(folder, config.outputFolder);
		const apiKey = await requireApiKey(this._services, interactive);
		const imageRequest: ImageRequest = {
			model: options.model.id,
			prompt,
			aspectRatio: options.aspectRatio,
			imageSize: options.imageSize,
			inputImages: inputs.map((image) => ({ mimeType: image.mimeType, bytes: image.bytes, displayName: image.name })),
		};
		const results = await requestImages(this._services, imageRequest, config, apiKey.key, {
			title: vscode.l10n.t('Composing {0} images with {1}', inputs.length, options.model.id),
			inlineLimitBytes: options.model.maxInlineImageBytes,
			source: 'compose',
			spend: { interactive, maxCostUsd: readMaxCostUsd(input.args?.maxCostUsd) },
		});
		const image = results.images[results.images.length - 1];
		const response = results.responses.find((candidate) => candidate.images.includes(image));
		const sealed = this._services.provenance.seal(
			draftFromReply({
				kind: 'compose',
				request: imageRequest,
				response,
				inputs: inputs.map((item) => ({ bytes: item.bytes, mimeType: item.mimeType, uri: item.uri })),
			}),
			image.bytes,
		);
		const saved = await store.saveNewFile(location, slugFromPrompt(prompt), image.extension, sealed.bytes);
		await this._services.provenance.remember(sealed);
		log.info(
			`Provenance of ${saved.toString(true)}: ${JSON.stringify({ kind: 'compose', model: options.model.id, resultSha256: sealed.record.resultSha256 })}`,
		);
		await vscode.commands.executeCommand('vscode.open', saved, { preview: false, viewColumn: vscode.ViewColumn.Beside });
		const said = results.texts.length > 0 ? ` ${vscode.l10n.t('Gemini said: "{0}"', excerpt(results.texts.join(' ')))}` : '';
		notifier.info(vscode.l10n.t('Composed {0} from {1} images.', vscode.workspace.asRelativePath(saved, false), inputs.length) + said);
		return saved;
	}
}
