import * as vscode from 'vscode';
import { GenerateAssetsCommand } from './generateAssets';

/** `imageStudio.generateMissingAssets`: generates the manifest's assets that have no output file yet. */
export class GenerateMissingAssetsCommand extends GenerateAssetsCommand {
	override readonly id = 'imageStudio.generateMissingAssets';
	override readonly title = vscode.l10n.t('Generate Missing Assets');
	protected override readonly defaultMode = 'missing';
}
