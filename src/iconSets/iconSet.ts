/**
 * "Export Icon Set…": one image in, a folder of icons out, for a web site (favicon.ico, apple-touch-icon.png, a web
 * app manifest) and a VS Code extension (128 and 256 px). Every size is resampled from the source (Lanczos3 on
 * premultiplied alpha, src/codecs/); a wide or tall source is centred on a transparent square, never stretched. The
 * folder is written all at once through the workspace store (src/workspace/workspaceStore.ts), never over anything.
 */
import * as vscode from 'vscode';
import { loadImageCodecs } from '../codecs/loadCodecs';
import type { RgbaImage } from '../codecs/codecTypes';
import { ImageStudioError } from '../core/errors';
import { readWorkspaceImageBytes } from '../images/inputImages';
import type { Services } from '../services';
import type { NewFolderFile } from '../workspace/workspaceStore';
import {
	APPLE_TOUCH_SIZE,
	defaultIconSizes,
	EXTENSION_ICON_SIZES,
	FAVICON_SIZES,
	htmlSnippet,
	MANIFEST_SIZES,
	manifestSnippet,
	parseIconSizes,
} from './iconSetRules';

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
	const codecs = loadImageCodecs();
	const { name, bytes } = await readWorkspaceImageBytes(source, MAX_ICON_SOURCE_BYTES);
	let header: { width: number; height: number };
	try {
		header = codecs.checkDecodable(bytes);
	} catch (error) {
		throw error instanceof ImageStudioError ? new ImageStudioError(error.code, `${name}: ${error.message}`, error.options) : error;
	}
	const sizes = options.sizes ? parseIconSizes(options.sizes) : defaultIconSizes(header.width, header.height);
	const location =
		options.outputFolder !== undefined
			? await services.store.resolveOutputFolder(workspaceFolderOf(source, name), options.outputFolder)
			: services.store.locationBeside(source);

	const notes: string[] = [];
	const decoded = await codecs.decodeImage(bytes);
	let square: RgbaImage = decoded;
	if (decoded.width !== decoded.height) {
		square = codecs.padToSquare(decoded);
		notes.push(
			`${name} is ${decoded.width}×${decoded.height}, not square: it was centred on a transparent ${square.width}×${square.height} square, not stretched.`,
		);
	}
	const pngSizes = [...new Set([...sizes, ...MANIFEST_SIZES])].sort((a, b) => a - b);
	const needed = [...new Set([...pngSizes, ...FAVICON_SIZES, APPLE_TOUCH_SIZE, ...EXTENSION_ICON_SIZES])].sort((a, b) => b - a);
	const shorter = Math.min(decoded.width, decoded.height);
	const upscaled = needed.filter((size) => size > shorter).sort((a, b) => a - b);
	if (upscaled.length > 0) {
		notes.push(
			`${name} is only ${shorter} px on its shorter side: ${upscaled.join(', ')} px are upscaled and will look soft. Use a larger source for crisp icons.`,
		);
	}

	const resized = await codecs.resizeImageToSizes(
		square,
		needed.map((size) => ({ width: size, height: size })),
	);
	const pixels = new Map(needed.map((size, index) => [size, resized[index]]));
	const png = new Map<number, Uint8Array>();
	for (const size of needed) {
		png.set(size, await codecs.encodeImage(pixels.get(size)!, 'image/png'));
	}
	const apple = pixels.get(APPLE_TOUCH_SIZE)!;
	const files: NewFolderFile[] = [
		...pngSizes.map((size) => ({ name: `icon-${size}.png`, bytes: png.get(size)! })),
		{ name: 'favicon.ico', bytes: codecs.encodeIco(FAVICON_SIZES.map((size) => ({ size, bytes: png.get(size)! }))) },
		{ name: 'apple-touch-icon.png', bytes: await codecs.encodeImage({ ...apple, data: codecs.flattenOntoWhite(apple.data) }, 'image/png') },
		...EXTENSION_ICON_SIZES.map((size) => ({ name: `extension-icon-${size}.png`, bytes: png.get(size)! })),
		{ name: 'manifest.webmanifest', bytes: new TextEncoder().encode(manifestSnippet()) },
	];
	const stem = name.replace(/\.[^.]*$/, '') || 'image';
	const saved = await services.store.saveNewFolder(location, `${stem}-icons`, files);
	const folderName = saved.folder.path.split('/').pop()!;
	const html = htmlSnippet(folderName);
	services.log.info(`Icon set from ${source.toString(true)} (${decoded.width}×${decoded.height}): ${files.length} files in ${saved.folder.toString(true)}`);
	for (const note of notes) {
		services.log.info(`  ${note}`);
	}
	services.log.info(`  HTML for the page's <head>:\n${html}`);
	return { folder: saved.folder, files: saved.files, notes, htmlSnippet: html };
}

/** The source's size from its header (for the palette's size picker); refuses what exportIconSet would refuse. */
export async function iconSourceDimensions(source: vscode.Uri): Promise<{ readonly name: string; readonly width: number; readonly height: number }> {
	const { name, bytes } = await readWorkspaceImageBytes(source, MAX_ICON_SOURCE_BYTES);
	try {
		const { width, height } = loadImageCodecs().checkDecodable(bytes);
		return { name, width, height };
	} catch (error) {
		throw error instanceof ImageStudioError ? new ImageStudioError(error.code, `${name}: ${error.message}`, error.options) : error;
	}
}

function workspaceFolderOf(uri: vscode.Uri, name: string): vscode.WorkspaceFolder {
	const folder = vscode.workspace.getWorkspaceFolder(uri);
	if (!folder) {
		throw new ImageStudioError('inputImage', `${name} is not inside an open workspace folder.`);
	}
	return folder;
}
