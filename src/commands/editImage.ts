import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import { readMaxCostUsd } from '../core/cost';
import { ImageStudioError } from '../core/errors';
import { readInputImage } from '../images/inputImages';
import type { EditOutcome, EditReview } from '../review/editReview';
import { askPrompt, imageOptionsFor, pickImages, promptFromArgs } from './imageTargets';
import { readImageCommandInput } from '../images/commandInput';

/**
 * `imageStudio.edit`: one image + a prompt → a pending edit shown as a before/after diff. The original is not
 * touched until the user chooses Replace. With `{ uri, prompt, model?, aspectRatio?, imageSize? }` nothing is asked.
 */
export class EditImageCommand implements Command {
	readonly id = 'imageStudio.edit';
	readonly title = vscode.l10n.t('Edit Image');
	/** Writes into the workspace: refused in Restricted Mode before it runs. */
	readonly writesWorkspace = true;

	constructor(private readonly _review: EditReview) {}

	async execute(first?: unknown, second?: unknown): Promise<EditOutcome | undefined> {
		const { preferences } = this._review.services;
		const input = readImageCommandInput(first, second);
		const interactive = !input.args;
		let uris = input.uris;
		if (uris.length === 0) {
			if (!interactive) {
				throw new ImageStudioError(
					'invalidInput',
					vscode.l10n.t('"imageStudio.edit" needs "uri": the image to edit (workspace-relative path or URI).'),
				);
			}
			uris = await pickImages(vscode.l10n.t('Edit Image with Gemini'), false);
			if (uris.length === 0) {
				return undefined;
			}
		}
		if (uris.length > 1) {
			throw new ImageStudioError(
				'invalidInput',
				vscode.l10n.t('Select one image to edit ({0} were given), or use "Compose from Selected Images" to combine several.', uris.length),
			);
		}
		const explicitPrompt = promptFromArgs(input.args);
		const lastModel = preferences.lastUsed.model;
		const provisional = imageOptionsFor(input.args, lastModel, undefined);
		const original = await readInputImage(uris[0], provisional.model);
		const options = imageOptionsFor(input.args, lastModel, original.dimensions);
		if (original.mislabelled) {
			this._review.services.log.info(`${original.name} holds ${original.mimeType} data despite its extension; sending it as ${original.mimeType}.`);
		}
		const prompt =
			explicitPrompt ??
			(await askPrompt(
				vscode.l10n.t('Edit {0}', original.name),
				vscode.l10n.t('e.g. "dark-mode variant: light strokes on a dark background, keep everything else"'),
			));
		if (!prompt) {
			return undefined;
		}
		return await this._review.edit({ original, prompt, options, interactive, maxCostUsd: readMaxCostUsd(input.args?.maxCostUsd) });
	}
}
