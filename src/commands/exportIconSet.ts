import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import { ImageStudioError } from '../core/errors';
import { readImageCommandInput } from '../images/commandInput';
import { defaultIconSizes, exportIconSet, ICON_SIZES, iconSourceDimensions, type IconSetOptions } from '../iconSets/iconSet';
import type { Services } from '../services';
import { pickImages } from './imageTargets';

/** The argument object of `imageStudio.exportIconSet`: given it, the command asks nothing. */
export interface ExportIconSetArgs {
	/** The source image: workspace-relative path or URI. */
	readonly uri: string | vscode.Uri;
	/** Sizes of the `icon-<size>.png` files, from 16, 32, 48, 64, 128, 180, 192, 256, 512, 1024. */
	readonly sizes?: readonly number[];
	/** Workspace-relative folder in which `<name>-icons/` is created (default: beside the source). */
	readonly outputFolder?: string;
}

/**
 * `imageStudio.exportIconSet`: one PNG, JPEG or WebP image → a new folder `<name>-icons/` of icons (favicon.ico,
 * apple-touch-icon.png, the web manifest's, the VS Code extension's, icon-<size>.png). From the Explorer (asks the
 * sizes), the palette (asks the image, then the sizes) or with `{ uri, sizes?, outputFolder? }` (asks nothing).
 * Resolves to the URIs written, or undefined when dismissed.
 */
export class ExportIconSetCommand implements Command {
	readonly id = 'imageStudio.exportIconSet';
	readonly title = vscode.l10n.t('Export Icon Set');
	/** Writes into the workspace: refused in Restricted Mode before it runs. */
	readonly writesWorkspace = true;

	constructor(private readonly _services: Services) {}

	async execute(first?: unknown, second?: unknown): Promise<vscode.Uri[] | undefined> {
		const input = readImageCommandInput(first, second);
		const interactive = !input.args;
		let uris = input.uris;
		if (uris.length === 0) {
			if (!interactive) {
				throw new ImageStudioError(
					'invalidInput',
					vscode.l10n.t('"imageStudio.exportIconSet" needs "uri": the source image (workspace-relative path or URI).'),
				);
			}
			uris = await pickImages(vscode.l10n.t('Export Icon Set from…'), false);
			if (uris.length === 0) {
				return undefined;
			}
		}
		if (uris.length > 1) {
			throw new ImageStudioError('invalidInput', vscode.l10n.t('Select one image to make an icon set from ({0} were given).', uris.length));
		}
		const source = uris[0];
		const options: { sizes?: readonly number[]; outputFolder?: string } = {};
		if (input.args) {
			if (input.args.sizes !== undefined) {
				options.sizes = input.args.sizes as number[]; // Checked by the feature.
			}
			if (input.args.outputFolder !== undefined) {
				if (typeof input.args.outputFolder !== 'string') {
					throw new ImageStudioError('invalidInput', vscode.l10n.t('"outputFolder" must be a workspace-relative folder.'));
				}
				options.outputFolder = input.args.outputFolder;
			}
		} else {
			const sizes = await askSizes(source);
			if (!sizes) {
				return undefined;
			}
			options.sizes = sizes;
		}
		const result = await vscode.window.withProgress(
			{ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Exporting the icon set of {0}…', source.path.split('/').pop() ?? '') },
			() => exportIconSet(this._services, source, options as IconSetOptions),
		);
		const relative = vscode.workspace.asRelativePath(result.folder, false);
		const message = [vscode.l10n.t('Icon set exported: {0} files in {1}/.', result.files.length, relative), ...result.notes].join(' ');
		const buttons = [
			{ title: vscode.l10n.t('Reveal in Explorer'), run: () => vscode.commands.executeCommand('revealInExplorer', result.files[0]) },
			{ title: vscode.l10n.t('Copy HTML'), run: () => vscode.env.clipboard.writeText(result.htmlSnippet) },
		];
		if (result.notes.length > 0) {
			this._services.notifier.warn(message, ...buttons);
		} else {
			this._services.notifier.info(message, ...buttons);
		}
		return result.files;
	}
}

/** The multi-select of sizes, those that need no upscaling ticked. */
async function askSizes(source: vscode.Uri): Promise<number[] | undefined> {
	const { name, width, height } = await iconSourceDimensions(source);
	const defaults = new Set(defaultIconSizes(width, height));
	const shorter = Math.min(width, height);
	const items = ICON_SIZES.map((size) => ({
		label: `${size} × ${size}`,
		description: size > shorter ? vscode.l10n.t('upscaled: larger than the source') : undefined,
		picked: defaults.has(size),
		size,
	}));
	const picked = await vscode.window.showQuickPick(items, {
		title: vscode.l10n.t('Icon sizes from {0} ({1}×{2})', name, width, height),
		placeHolder: vscode.l10n.t('icon-<size>.png files; favicon.ico, apple-touch-icon.png, the manifest and extension icons are always written'),
		canPickMany: true,
		ignoreFocusOut: true,
	});
	if (!picked || picked.length === 0) {
		return undefined;
	}
	return picked.map((item) => item.size);
}
