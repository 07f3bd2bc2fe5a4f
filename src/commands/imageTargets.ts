/**
 * Normalises what image commands receive: explorer `(uri, uris[])`, the image preview's editor title `(uri)`, or an
 * argument object `{ uri | uris, prompt, model?, aspectRatio?, imageSize? }` whose URIs may be workspace-relative
 * paths or URI strings.
 */
import * as vscode from 'vscode';
import { ImageStudioError } from '../core/errors';
import { resolveModel } from '../gemini/modelCatalog';
import { nearestAspectRatio } from '../core/aspectRatio';
import type { ImageDimensions } from '../core/imageType';
import { readConfig } from '../config';
import { ImageOptions, validateImageOptions, validatePrompt } from '../generation/imageOptions';
import { readImageCommandInput } from '../images/commandInput';

/** Prompt from the arguments (validated) or undefined when the user must be asked. */
export function promptFromArgs(args: Record<string, unknown> | undefined): string | undefined {
	if (!args) {
		return undefined;
	}
	const prompt = validatePrompt(args.prompt);
	if (!prompt.ok) {
		throw new ImageStudioError('invalidInput', prompt.message);
	}
	return prompt.value;
}

/**
 * Model, aspect ratio and size for an edit or compose. The aspect ratio defaults to the one nearest the (first)
 * input, so results keep their proportions; explicit arguments must be valid for the model.
 */
export function imageOptionsFor(
	args: Record<string, unknown> | undefined,
	lastModel: string | undefined,
	inputDimensions: ImageDimensions | undefined,
): ImageOptions {
	const config = readConfig();
	const modelId = args?.model ?? lastModel ?? config.model;
	const resolution = typeof modelId === 'string' ? resolveModel(modelId.trim()) : undefined;
	const model = resolution && resolution.kind !== 'invalid' ? resolution.model : undefined;
	const aspectRatio = args?.aspectRatio ?? (model ? nearestAspectRatio(inputDimensions, model.aspectRatios) : '1:1');
	const imageSize = args?.imageSize ?? (model && (model.imageSizes as readonly string[]).includes(config.imageSize) ? config.imageSize : undefined);
	const options = validateImageOptions(modelId, aspectRatio, imageSize);
	if (!options.ok) {
		throw new ImageStudioError(options.suggestedModel ? 'modelShutDown' : 'invalidInput', options.message, {
			actions: options.suggestedModel ? [{ kind: 'useModel', model: options.suggestedModel }] : [],
		});
	}
	return options.value;
}

const IMAGE_GLOB = '**/*.{png,jpg,jpeg,webp,heic,heif,PNG,JPG,JPEG,WEBP,HEIC,HEIF}';

/** Palette flow: pick image files of the workspace (or browse). */
export async function pickImages(title: string, canSelectMany: boolean): Promise<vscode.Uri[]> {
	const files = await vscode.workspace.findFiles(IMAGE_GLOB, '**/{node_modules,.git}/**', 500);
	const browse = { label: `$(folder-opened) ${vscode.l10n.t('Browse…')}`, uri: undefined as vscode.Uri | undefined };
	const items = [
		...files
			.map((uri) => ({ label: vscode.workspace.asRelativePath(uri, false), uri: uri as vscode.Uri | undefined }))
			.sort((a, b) => a.label.localeCompare(b.label)),
		browse,
	];
	const picked = canSelectMany
		? await vscode.window.showQuickPick(
				items.filter((item) => item.uri),
				{ title, canPickMany: true, placeHolder: vscode.l10n.t('Select the images') },
			)
		: await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Select an image') }).then((item) => (item ? [item] : undefined));
	if (!picked) {
		return [];
	}
	if (picked.some((item) => item === browse)) {
		const chosen = await vscode.window.showOpenDialog({
			title,
			canSelectMany,
			filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'webp', 'heic', 'heif'] },
			defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
		});
		return chosen ?? [];
	}
	return picked.map((item) => item.uri!).filter(Boolean);
}

export async function askPrompt(title: string, placeHolder: string): Promise<string | undefined> {
	const value = await vscode.window.showInputBox({
		title,
		placeHolder,
		prompt: vscode.l10n.t('Describe the change. Enter sends.'),
		ignoreFocusOut: true,
		validateInput: (text) => {
			const result = validatePrompt(text);
			return result.ok ? undefined : result.message;
		},
	});
	return value?.trim() || undefined;
}

/**
 * The one image a command on an image is about: `{ uri }` (workspace-relative path or URI string), the Explorer's
 * selection, the image open in the active editor, or a pick (interactive only). Undefined when the user dismissed it.
 */
export async function oneImageTarget(first: unknown, second: unknown, title: string): Promise<{ uri: vscode.Uri; args?: Record<string, unknown> } | undefined> {
	const input = readImageCommandInput(first, second);
	if (input.uris.length > 1) {
		throw new ImageStudioError('invalidInput', vscode.l10n.t('{0} works on one image; {1} were given.', title, input.uris.length));
	}
	if (input.uris.length === 1) {
		return { uri: input.uris[0], args: input.args };
	}
	if (input.args) {
		throw new ImageStudioError('invalidInput', vscode.l10n.t('{0} needs "uri": the image (workspace-relative path or URI).', title));
	}
	const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
	if (tab instanceof vscode.TabInputCustom && /\.(png|jpe?g|webp)$/i.test(tab.uri.path)) {
		return { uri: tab.uri };
	}
	const picked = await pickImages(title, false);
	return picked.length > 0 ? { uri: picked[0] } : undefined;
}

/** "1 image", "4 images": a noun phrase per number, so each language words its count its own way. */
export function imageCount(count: number): string {
	return count === 1 ? vscode.l10n.t('1 image') : vscode.l10n.t('{0} images', count);
}
