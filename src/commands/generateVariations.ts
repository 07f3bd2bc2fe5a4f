import * as vscode from 'vscode';
import { isArgsObject } from '../core/args';
import { readConfig } from '../config';
import { ImageStudioError } from '../core/errors';
import { requireApiKey } from '../generation/requestImages';
import { runVariations } from '../generation/variations';
import { MAX_VARIATIONS } from '../shared/protocol';
import { slugFromPrompt } from '../workspace/fileNaming';
import { chooseWorkspaceFolder } from '../workspace/workspaceFolders';
import { GenerateImageCommand, ResolvedRequest } from './generateImage';

/**
 * `imageStudio.generateVariations`: the Generate Image questions, then how many candidates (2–8); they arrive in a
 * grid where the user keeps some; only those are written. With an argument object (`generate`'s, `count` default 4)
 * it asks nothing and resolves when the user saves or closes the grid, with the files written.
 */
export class GenerateVariationsCommand extends GenerateImageCommand {
	override readonly id = 'imageStudio.generateVariations';
	override readonly title = vscode.l10n.t('Generate Variations');

	override async execute(args?: unknown): Promise<vscode.Uri[] | undefined> {
		const interactive = !isArgsObject(args);
		let request: ResolvedRequest | undefined;
		if (interactive) {
			request = await this._ask();
			const count = request && (await askCount());
			request = request && count ? { ...request, count } : undefined;
		} else {
			request = this._fromArgs({ count: 4, ...args });
		}
		if (!request) {
			return undefined;
		}
		if (request.transparent) {
			throw new ImageStudioError(
				'invalidInput',
				vscode.l10n.t('"transparent" is not available for variations: keep a candidate, then use "Make Background Transparent…" on it.'),
			);
		}
		if (request.count < 2 || request.count > MAX_VARIATIONS) {
			throw new ImageStudioError('invalidInput', vscode.l10n.t('"count" must be a whole number from 2 to {0} for variations.', MAX_VARIATIONS));
		}
		const folder = await chooseWorkspaceFolder({ interactive, name: request.workspaceFolderName });
		if (!folder) {
			return undefined;
		}
		const config = readConfig(folder.uri);
		const location = await this._services.store.resolveOutputFolder(folder, request.output ? request.output.folder : config.outputFolder);
		const apiKey = await requireApiKey(this._services, interactive);
		const { model, aspectRatio, imageSize } = request.options;
		await this._services.preferences.rememberPrompt(request.prompt);
		return runVariations(this._services, {
			request: { model: model.id, prompt: request.prompt, aspectRatio, imageSize, thinkingLevel: request.thinkingLevel },
			count: request.count,
			config,
			apiKey: apiKey.key,
			location,
			stem: request.output ? request.output.stem : slugFromPrompt(request.prompt),
			interactive,
			maxCostUsd: request.maxCostUsd,
		});
	}
}

async function askCount(): Promise<number | undefined> {
	const picked = await vscode.window.showQuickPick(
		[2, 3, 4, 6, 8].map((count) => ({
			label: String(count),
			description: count === 4 ? vscode.l10n.t('candidates (default)') : vscode.l10n.t('candidates'),
			count,
		})),
		{ title: vscode.l10n.t('Generate Variations: How Many?'), placeHolder: vscode.l10n.t('Each candidate is one request; you keep the ones you like') },
	);
	return picked?.count;
}
