/**
 * "Export Icon Set…": one image in, a folder of icons out, for a web site (favicon.ico, apple-touch-icon.png, a web
 * app manifest) and a VS Code extension (128 and 256 px). Every size is resampled from the source (Lanczos3 on
 * premultiplied alpha, src/codecs/); a wide or tall source is centred on a transparent square, never stretched. The
 * folder is written all at once through the workspace store (src/workspace/workspaceStore.ts), never over anything.
 */
import * as vscode from 'vscode';
import { ImageStudioError } from '../core/errors';
import { readWorkspaceImageBytes } from '../images/inputImages';
import type { Services } from '../services';
import { defaultIconSizes, htmlSnippet, parseIconSizes } from './iconSetRules';
import { checkedHeader, renderIconSet } from './renderIconSet';

export { defaultIconSizes, ICON_SIZES } from './iconSetRules';

/** The largest source this command reads, in bytes (the pixel count is checked by the codecs from the header). */
export const MAX_ICON_SOURCE_BYTES = 100 * 1024 * 1024;

export interface IconSetOptions {
	/** Sizes of the `icon-<size>.png` files, from ICON_SIZES (default: defaultIconSizes of the source). */
	readonly sizes?: readonly number[];
	/** Workspace-relative folder in which `<name>-icons/` is created (default: the source's folder). */
	readonly outputFolder?: string;
}

export interface IconSetResult {
	/** The new folder, `<name>-icons/` or `<name>-icons-2/`, … */
	readonly folder: vscode.Uri;
	/** Every file written, in the folder. */
	readonly files: vscode.Uri[];
	/** What the user should know: upscaled sizes, a non-square source padded. */
	readonly notes: string[];
	/** The `<link>` tags for an HTML `<head>`. */
	readonly htmlSnippet: string;
}

/**
 * Exports the icon set of `source` into a new folder `<name>-icons/` beside it (or in `options.outputFolder`):
 * `icon-<size>.png` for each size (192 and 512 always, for the manifest), `favicon.ico` (16, 32, 48),
 * `apple-touch-icon.png` (180, flattened onto white), `extension-icon-128.png`, `extension-icon-256.png` and
 * `manifest.webmanifest`. Refuses what is not a PNG, JPEG or WebP image, or is too large, before writing anything.
 */
export async function exportIconSet(services: Services, source: vscode.Uri, options: IconSetOptions = {}): Promise<IconSetResult> {
	const { name, bytes } = await readWorkspaceImageBytes(source, MAX_ICON_SOURCE_BYTES);
	const header = checkedHeader(name, bytes);
	const sizes = options.sizes ? parseIconSizes(options.sizes) : defaultIconSizes(header.width, header.height);
	const location =
		options.outputFolder !== undefined
			? await services.store.resolveOutputFolder(workspaceFolderOf(source, name), options.outputFolder)
			: services.store.locationBeside(source);
	const { files, notes, width, height } = await renderIconSet(bytes, name, sizes);
	const stem = name.replace(/\.[^.]*$/, '') || 'image';
	const saved = await services.store.saveNewFolder(location, `${stem}-icons`, files);
	const folderName = saved.folder.path.split('/').pop()!;
	const html = htmlSnippet(folderName);
	services.log.info(`Icon set from ${source.toString(true)} (${width}×${height}): ${files.length} files in ${saved.folder.toString(true)}`);
	for (const note of notes) {
		services.log.info(`  ${note}`);
	}
	services.log.info(`  HTML for the page's <head>:\n${html}`);
	return { folder: saved.folder, files: saved.files, notes, htmlSnippet: html };
}

/** The source's size from its header (for the palette's size picker); refuses what exportIconSet would refuse. */
export async function iconSourceDimensions(source: vscode.Uri): Promise<{ readonly name: string; readonly width: number; readonly height: number }> {
	const { name, bytes } = await readWorkspaceImageBytes(source, MAX_ICON_SOURCE_BYTES);
	return { name, ...checkedHeader(name, bytes) };
}

function workspaceFolderOf(uri: vscode.Uri, name: string): vscode.WorkspaceFolder {
	const folder = vscode.workspace.getWorkspaceFolder(uri);
	if (!folder) {
		throw new ImageStudioError('inputImage', vscode.l10n.t('{0} is not inside an open workspace folder.', name));
	}
	return folder;
}
