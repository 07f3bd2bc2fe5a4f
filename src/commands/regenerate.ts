import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import { readConfig } from '../config';
import { readMaxCostUsd } from '../core/cost';
import { ImageStudioError } from '../core/errors';
import type { ImageRequest } from '../gemini/geminiClient';
import { findModel, ImageSize } from '../gemini/modelCatalog';
import { requestImages, requireApiKey } from '../generation/requestImages';
import { findInputs, provenanceOfFile } from '../provenance/provenanceFiles';
import { draftFromReply } from '../provenance/provenanceRecord';
import type { Services } from '../services';
import { sanitizeFileStem } from '../workspace/fileNaming';
import { oneImageTarget } from './imageTargets';

/**
 * `imageStudio.regenerate`: the recipe of an image sent again (same prompt, model, controls and input images, the
 * inputs found in the workspace by their hash), the result saved as a new file beside it with its own provenance.
 * With `{ uri, maxCostUsd?, open? }` nothing is asked. A missing input is an error that names it; nothing is sent.
 */
export class RegenerateCommand implements Command {
	readonly id = 'imageStudio.regenerate';
	readonly title = vscode.l10n.t('Regenerate');
	/** Writes into the workspace: refused in Restricted Mode before it runs. */
	readonly writesWorkspace = true;

	constructor(private readonly _services: Services) {}

	async execute(first?: unknown, second?: unknown): Promise<vscode.Uri | undefined> {
		const { provenance, store, notifier } = this._services;
		const target = await oneImageTarget(first, second, this.title);
		if (!target) {
			return undefined;
		}
		const interactive = !target.args;
		const name = vscode.workspace.asRelativePath(target.uri, false);
		const found = await provenanceOfFile(provenance, target.uri);
		if (!found) {
			throw new ImageStudioError(
				'notFound',
				vscode.l10n.t(
					'No provenance is known for {0}, so there is no recipe to run again. Only images made by Gemini Image Studio on this machine (or carrying an embedded record) can be regenerated.',
					name,
				),
			);
		}
		const { record } = found;
		if (record.kind === 'studio') {
			throw new ImageStudioError(
				'invalidInput',
				vscode.l10n.t('{0} was made in a studio conversation: its earlier turns are part of the recipe. Use "Continue in Studio" instead.', name),
			);
		}
		const inputs = await findInputs(record);
		const request: ImageRequest = {
			model: record.model,
			prompt: record.prompt,
			aspectRatio: record.aspectRatio ?? '1:1',
			...(record.imageSize ? { imageSize: record.imageSize as ImageSize } : {}),
			...(record.thinkingLevel ? { thinkingLevel: record.thinkingLevel } : {}),
			...(inputs.length > 0
				? { inputImages: inputs.map((input) => ({ mimeType: input.input.mimeType, bytes: input.bytes, displayName: input.uri.path.split('/').pop() })) }
				: {}),
		};
		const location = store.locationBeside(target.uri);
		const config = readConfig(location.workspaceFolder.uri);
		const apiKey = await requireApiKey(this._services, interactive);
		const results = await requestImages(this._services, request, config, apiKey.key, {
			title: vscode.l10n.t('Regenerating {0} with {1}', name, record.model),
			inlineLimitBytes: findModel(record.model)?.maxInlineImageBytes,
			source: record.kind === 'asset' ? 'assets' : record.kind,
			spend: { interactive, maxCostUsd: readMaxCostUsd(target.args?.maxCostUsd) },
		});
		const image = results.images[results.images.length - 1];
		const response = results.responses.find((candidate) => candidate.images.includes(image));
		const sealed = provenance.seal(
			draftFromReply({
				kind: record.kind,
				request,
				response,
				inputs: inputs.map((input) => ({ bytes: input.bytes, mimeType: input.input.mimeType, uri: input.uri })),
				parentSha256: record.parentSha256,
			}),
			image.bytes,
		);
		const stem = sanitizeFileStem(`${(target.uri.path.split('/').pop() ?? 'image').replace(/\.[^.]+$/, '')}-regenerated`);
		const saved = await store.saveNewFile(location, stem, image.extension, sealed.bytes);
		await provenance.remember(sealed);
		if (target.args?.open !== false) {
			await vscode.commands.executeCommand('vscode.open', saved, { preview: false, viewColumn: vscode.ViewColumn.Beside });
		}
		notifier.info(vscode.l10n.t('Regenerated {0} as {1}.', name, vscode.workspace.asRelativePath(saved, false)));
		return saved;
	}
}
