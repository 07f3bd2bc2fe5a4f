/**
 * Language-model tools for agents (VS Code's agent mode, chat participants, other extensions through
 * `vscode.lm.invokeTool`): "generate an image asset" and "edit an image asset". Each asks the user before it spends
 * (`prepareInvocation` with the estimated price), runs the same command as the palette with an argument object
 * (validation, never overwrite, the before/after review for edits, the budget's `maxCostUsd`), tells the model what
 * went wrong by throwing, and returns the saved path and, where VS Code supports image parts, the image itself.
 * Declared in package.json (`contributes.languageModelTools`); https://code.visualstudio.com/api/extension-guides/tools
 */
import * as vscode from 'vscode';
import { formatUsd } from '../core/cost';
import { ImageStudioError } from '../core/errors';
import { sniffImageType } from '../core/imageType';
import { DEFAULT_MODEL_ID, estimateImagesCostUsd, ImageSize } from '../gemini/modelCatalog';
import type { RequestTracker } from '../requestTracker';

export const GENERATE_TOOL = 'imageStudio_generateImage';
export const EDIT_TOOL = 'imageStudio_editImage';
/** Images larger than this are not handed to the model (a preview, not a download). */
const PREVIEW_MAX_BYTES = 1_500_000;

export interface GenerateToolInput {
	readonly prompt: string;
	readonly path?: string;
	readonly model?: string;
	readonly aspectRatio?: string;
	readonly imageSize?: string;
}

export interface EditToolInput {
	readonly path: string;
	readonly prompt: string;
	readonly model?: string;
}

/** Runs a command as the palette would with an argument object, throwing its failure (CommandManager.run). */
export type RunCommand = (id: string, args: unknown[]) => Promise<unknown>;

/** The tools by name; `extension.ts` registers them at activation (names in contributions.ts and package.json). */
export function createImageTools(run: RunCommand, requests: RequestTracker): Record<string, vscode.LanguageModelTool<object>> {
	return {
		[GENERATE_TOOL]: new GenerateImageTool(run, requests) as vscode.LanguageModelTool<object>,
		[EDIT_TOOL]: new EditImageTool(run, requests) as vscode.LanguageModelTool<object>,
	};
}

class GenerateImageTool implements vscode.LanguageModelTool<GenerateToolInput> {
	constructor(
		private readonly _run: RunCommand,
		private readonly _requests: RequestTracker,
	) {}

	prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<GenerateToolInput>): vscode.PreparedToolInvocation {
		const { prompt, path } = options.input;
		const model = options.input.model ?? configuredModel();
		const size = options.input.imageSize ?? vscode.workspace.getConfiguration('imageStudio').get<string>('imageSize');
		return {
			invocationMessage: vscode.l10n.t('Generating an image with {0}', model),
			confirmationMessages: {
				title: vscode.l10n.t('Generate an image with Gemini?'),
				message: confirmation([
					`**${vscode.l10n.t('Prompt:')}** ${prompt}`,
					`**${vscode.l10n.t('Model:')}** ${model}${options.input.aspectRatio ? `, ${options.input.aspectRatio}` : ''}${size ? `, ${size}` : ''}`,
					`**${vscode.l10n.t('Estimated price:')}** ${price(estimateImagesCostUsd(model, size as ImageSize | undefined, 1))}`,
					`**${vscode.l10n.t('Saved as:')}** ${path ? vscode.l10n.t('`{0}` (a new file; numbered if taken)', path) : vscode.l10n.t('a new file in the output folder')}`,
				]),
			},
		};
	}

	async invoke(
		options: vscode.LanguageModelToolInvocationOptions<GenerateToolInput>,
		token: vscode.CancellationToken,
	): Promise<vscode.LanguageModelToolResult> {
		const { prompt, path, model, aspectRatio, imageSize } = options.input;
		const uris = (await this._withToken(token, () =>
			this._run('imageStudio.generate', [{ prompt, model, aspectRatio, imageSize, output: path, open: false }]),
		)) as vscode.Uri[] | undefined;
		if (!uris || uris.length === 0) {
			throw new ImageStudioError('noImage', vscode.l10n.t('Gemini returned no image; nothing was saved.'));
		}
		const saved = vscode.workspace.asRelativePath(uris[0], false);
		return result(`Saved the image as ${saved} (a new file; nothing was overwritten).`, await vscode.workspace.fs.readFile(uris[0]));
	}

	private _withToken<T>(token: vscode.CancellationToken, work: () => Promise<T>): Promise<T> {
		return withToken(this._requests, token, work);
	}
}

class EditImageTool implements vscode.LanguageModelTool<EditToolInput> {
	constructor(
		private readonly _run: RunCommand,
		private readonly _requests: RequestTracker,
	) {}

	prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<EditToolInput>): vscode.PreparedToolInvocation {
		const model = options.input.model ?? configuredModel();
		const size = vscode.workspace.getConfiguration('imageStudio').get<string>('imageSize');
		return {
			invocationMessage: vscode.l10n.t('Editing {0} with {1}', options.input.path, model),
			confirmationMessages: {
				title: vscode.l10n.t('Edit {0} with Gemini?', options.input.path),
				message: confirmation([
					`**${vscode.l10n.t('Change:')}** ${options.input.prompt}`,
					`**${vscode.l10n.t('Model:')}** ${model}`,
					`**${vscode.l10n.t('Estimated price:')}** ${price(estimateImagesCostUsd(model, size as ImageSize | undefined, 1))}`,
					vscode.l10n.t('The result opens in a before/after review; the file changes only when you choose **Replace Original**.'),
				]),
			},
		};
	}

	async invoke(options: vscode.LanguageModelToolInvocationOptions<EditToolInput>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
		const { path, prompt, model } = options.input;
		const outcome = (await withToken(this._requests, token, () => this._run('imageStudio.edit', [{ uri: path, prompt, model }]))) as
			{ editId: string; after: vscode.Uri } | undefined;
		if (!outcome) {
			throw new ImageStudioError('noImage', vscode.l10n.t('Gemini returned no edited image; nothing changed.'));
		}
		return result(
			`The edit of ${path} is open for review (before/after, edit id ${outcome.editId}). ${path} is unchanged until the user chooses Replace Original or Save as New File.`,
			await vscode.workspace.fs.readFile(outcome.after),
		);
	}
}

/** Cancelling the tool's token aborts the requests the command starts, and the command writes nothing. */
function withToken<T>(requests: RequestTracker, token: vscode.CancellationToken, work: () => Promise<T>): Promise<T> {
	const controller = new AbortController();
	const subscription = token.onCancellationRequested(() => controller.abort());
	if (token.isCancellationRequested) {
		controller.abort();
	}
	return requests.withSignal(controller.signal, work).finally(() => subscription.dispose());
}

function configuredModel(): string {
	return vscode.workspace.getConfiguration('imageStudio').get<string>('model') || DEFAULT_MODEL_ID;
}

function price(estimate: number | undefined): string {
	return estimate === undefined ? vscode.l10n.t('not known for this model') : vscode.l10n.t('about {0}', formatUsd(estimate));
}

/** The confirmation text: the prompt is the model's or the user's words, shown as text, never as Markdown or HTML. */
function confirmation(lines: readonly string[]): vscode.MarkdownString {
	const markdown = new vscode.MarkdownString();
	markdown.supportHtml = false;
	markdown.isTrusted = false;
	for (const line of lines) {
		// "**Label:** value": the label is ours (Markdown), the value is escaped text; a line without a label is ours.
		const end = line.startsWith('**') ? line.indexOf('**', 2) + 2 : 0;
		markdown.appendMarkdown(end > 0 ? line.slice(0, end) : line);
		if (end > 0) {
			markdown.appendText(line.slice(end));
		}
		markdown.appendMarkdown('\n\n');
	}
	return markdown;
}

/** The text for the model, and the image where this VS Code has image parts (`LanguageModelDataPart`, 1.104+). */
function result(text: string, bytes: Uint8Array): vscode.LanguageModelToolResult {
	const parts: unknown[] = [new vscode.LanguageModelTextPart(text)];
	const dataPart = (vscode as unknown as { LanguageModelDataPart?: { image(data: Uint8Array, mimeType: string): unknown } }).LanguageModelDataPart;
	const type = sniffImageType(bytes);
	if (dataPart && type && bytes.byteLength <= PREVIEW_MAX_BYTES) {
		parts.push(dataPart.image(bytes, type.mimeType));
	}
	return new vscode.LanguageModelToolResult(parts as vscode.LanguageModelTextPart[]);
}
