import * as vscode from 'vscode';
import { GenerateAssetsCommand } from './generateAssets';

/**
 * `imageStudio.regenerateChangedAssets`: regenerates the assets whose recipe (prompt, style, model, options or
 * reference images) changed since they were made; the old files are backed up first ("Restore Original Image").
 * Outputs edited by hand are kept unless `force` is given.
 */
export class RegenerateChangedAssetsCommand extends GenerateAssetsCommand {
	override readonly id = 'imageStudio.regenerateChangedAssets';
	override readonly title = vscode.l10n.t('Regenerate Changed Assets');
	protected override readonly defaultMode = 'changed';
}
