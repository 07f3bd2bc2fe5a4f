import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import { readConfig } from '../config';
import { readMaxCostUsd } from '../core/cost';
import { ImageStudioError } from '../core/errors';
import { readImageCommandInput } from '../images/commandInput';
import { readInputImage } from '../images/inputImages';
import { requireApiKey } from '../generation/requestImages';
import { describeCheck, isTransparencyMethod, keyOut, TransparencyMethod, transparentFromImage } from '../generation/transparency';
import { openCompareView } from '../review/compareView';
import type { Services } from '../services';
import { sanitizeFileStem } from '../workspace/fileNaming';
import { imageOptionsFor, pickImages } from './imageTargets';

/** The argument object of `imageStudio.makeBackgroundTransparent`: given it, the command asks nothing. */
export interface MakeBackgroundTransparentArgs {
	/** The image: workspace-relative path or URI. */
	readonly uri: string | vscode.Uri;
	/** `difference` (default): two Gemini edits, on white and on black, then matting. `key`: a local flat-colour key, free. */
	readonly method?: TransparencyMethod;
	/** Refuse (sending nothing) when the estimated price of both requests is above this many US dollars. */
	readonly maxCostUsd?: number;
	/** `model`, `aspectRatio`, `imageSize`: as for `imageStudio.edit` (difference only). */
	readonly model?: string;
}

/**
 * `imageStudio.makeBackgroundTransparent`: an image → `<name>-transparent.png` beside it (a new file, never an
 * overwrite; the original is untouched), then the compare view (original ↔ result, over its checkerboard). Returns
 * the saved URI, or undefined when the user dismissed a question.
 */
export class MakeBackgroundTransparentCommand implements Command {
	readonly id = 'imageStudio.makeBackgroundTransparent';
	readonly title = vscode.l10n.t('Make Background Transparent');
	/** Writes into the workspace: refused in Restricted Mode before it runs. */
	readonly writesWorkspace = true;

	constructor(private readonly _services: Services) {}

	async execute(first?: unknown, second?: unknown): Promise<vscode.Uri | undefined> {
		const { preferences, store, log, notifier } = this._services;
		const input = readImageCommandInput(first, second);
		const interactive = !input.args;
		const method = input.args?.method ?? 'difference';
		if (!isTransparencyMethod(method)) {
			throw new ImageStudioError(
				'invalidInput',
				vscode.l10n.t('"method" must be "difference" or "key", not {0}.', String(JSON.stringify(method)).slice(0, 40)),
			);
		}
		let uris = input.uris;
		if (uris.length === 0) {
			if (!interactive) {
				throw new ImageStudioError(
					'invalidInput',
					vscode.l10n.t('"imageStudio.makeBackgroundTransparent" needs "uri": the image (workspace-relative path or URI).'),
				);
			}
			uris = await pickImages(this.title, false);
			if (uris.length === 0) {
				return undefined;
			}
		}
		if (uris.length > 1) {
			throw new ImageStudioError('invalidInput', vscode.l10n.t('Select one image to make transparent ({0} were given).', uris.length));
		}
		const lastModel = preferences.lastUsed.model;
		const original = await readInputImage(uris[0], imageOptionsFor(input.args, lastModel, undefined).model);
		// Where the result goes is checked before anything is sent.
		const location = store.locationBeside(original.uri);
		log.info(`Make Background Transparent (${method}): ${original.uri.toString(true)}`);
		let result;
		if (method === 'key') {
			result = await keyOut(original.bytes);
		} else {
			const options = imageOptionsFor(input.args, lastModel, original.dimensions);
			const config = readConfig(original.uri);
			const apiKey = await requireApiKey(this._services, interactive);
			result = await transparentFromImage(
				{ services: this._services, config, apiKey: apiKey.key, options, interactive, maxCostUsd: readMaxCostUsd(input.args?.maxCostUsd) },
				{ mimeType: original.mimeType, bytes: original.bytes, displayName: original.name },
			);
		}
		// Everything succeeded: only now is a file written.
		const stem = sanitizeFileStem(`${original.name.replace(/\.[^.]*$/, '')}-transparent`);
		const saved = await store.saveNewFile(location, stem, 'png', result.png);
		const label = vscode.workspace.asRelativePath(saved, false);
		openCompareView(this._services.context, {
			title: `${original.name} ↔ ${saved.path.split('/').pop()}`,
			before: { uri: original.uri, label: original.name },
			after: { uri: saved, label: saved.path.split('/').pop() ?? label },
			log,
		});
		notifier.info(vscode.l10n.t('Saved {0} ({1}).', label, describeCheck(result.check)), {
			title: vscode.l10n.t('Reveal in Explorer'),
			run: () => vscode.commands.executeCommand('revealInExplorer', saved),
		});
		return saved;
	}
}
