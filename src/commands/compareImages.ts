import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import { errorMessage, ImageStudioError } from '../core/errors';
import { CompareView, openCompareView } from '../review/compareView';
import type { Services } from '../services';

/** The argument object of `imageStudio.compareImages`: given it, the command asks nothing. */
export interface CompareImagesArgs {
	/** Workspace-relative path (first workspace folder), absolute path or URI string (or a `Uri`). */
	readonly before: string | vscode.Uri;
	readonly after: string | vscode.Uri;
	/** Panel title (default: the two file names). */
	readonly title?: string;
}

/** What the open dialog offers; the view itself types files by content, so this is a convenience filter only. */
const imageFilters = () => ({ [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'webp', 'gif', 'bmp'] });

/**
 * `imageStudio.compareImages`: opens the compare view for two images. From the explorer with two files selected
 * (`(clicked, [a, b])`, first selected = before), with `{ before, after }` (asks nothing), or from the palette
 * (asks with an open dialog). Returns the view, or undefined when nothing opened (after saying why).
 */
export class CompareImagesCommand implements Command {
	readonly id = 'imageStudio.compareImages';
	readonly title = vscode.l10n.t('Compare Images');

	constructor(private readonly _services: Services) {}

	async execute(uri?: unknown, uris?: unknown): Promise<CompareView | undefined> {
		const pair = await this._resolvePair(uri, uris);
		if (!pair) {
			return undefined; // Dismissed, or already explained to the user.
		}
		await Promise.all(pair.uris.map((target) => assertIsFile(target)));
		const [before, after] = pair.uris;
		const [beforeLabel, afterLabel] = labelsFor(before, after);
		this._services.log.info(`Compare Images: ${before.toString()} ↔ ${after.toString()}`);
		return openCompareView(this._services.context, {
			title: pair.title ?? `${beforeLabel} ↔ ${afterLabel}`,
			before: { uri: before, label: beforeLabel },
			after: { uri: after, label: afterLabel },
			log: this._services.log,
		});
	}

	private async _resolvePair(uri: unknown, uris: unknown): Promise<{ uris: [vscode.Uri, vscode.Uri]; title?: string } | undefined> {
		// Explorer: the selection (in selection order) wins over the clicked item, which is one of them.
		if (Array.isArray(uris)) {
			const selected = uris.filter((item): item is vscode.Uri => item instanceof vscode.Uri);
			if (selected.length === 1) {
				return this._askForSecond(selected[0]);
			}
			if (selected.length !== 2) {
				this._services.notifier.warn(vscode.l10n.t('Select exactly two images to compare ({0} selected).', selected.length));
				return undefined;
			}
			return { uris: [selected[0], selected[1]] };
		}
		if (uri instanceof vscode.Uri) {
			return this._askForSecond(uri);
		}
		if (uri !== undefined && uri !== null) {
			return parseArgs(uri);
		}
		const picked = await askForImages(vscode.l10n.t('Select Two Images to Compare'), true);
		if (!picked) {
			return undefined;
		}
		if (picked.length === 1) {
			return this._askForSecond(picked[0]);
		}
		if (picked.length !== 2) {
			this._services.notifier.warn(vscode.l10n.t('Select exactly two images to compare ({0} selected).', picked.length));
			return undefined;
		}
		return { uris: [picked[0], picked[1]] };
	}

	/** One image given (a keybinding, a single selection, one file picked): ask for the one to compare it with. */
	private async _askForSecond(first: vscode.Uri): Promise<{ uris: [vscode.Uri, vscode.Uri] } | undefined> {
		const other = await askForImages(vscode.l10n.t('Compare {0} with…', basename(first)), false, first);
		return other ? { uris: [first, other[0]] } : undefined;
	}
}

function parseArgs(value: unknown): { uris: [vscode.Uri, vscode.Uri]; title?: string } {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new ImageStudioError('invalidInput', vscode.l10n.t('Compare Images takes { before, after }: two workspace-relative paths or URIs.'));
	}
	const args = value as Partial<Record<keyof CompareImagesArgs, unknown>>;
	if (args.title !== undefined && typeof args.title !== 'string') {
		throw new ImageStudioError('invalidInput', vscode.l10n.t('"{0}" must be a string.', 'title'));
	}
	return { uris: [toUri(args.before, 'before'), toUri(args.after, 'after')], title: args.title?.trim() || undefined };
}

function toUri(value: unknown, name: string): vscode.Uri {
	if (value instanceof vscode.Uri) {
		return value;
	}
	if (typeof value !== 'string' || value.trim() === '') {
		throw new ImageStudioError('invalidInput', vscode.l10n.t('"{0}" must be a workspace-relative path or a URI.', name));
	}
	const text = value.trim();
	// A scheme of two or more letters: `C:\x.png` is a Windows path, not a URI with scheme `c`.
	if (/^[a-z][a-z0-9+.-]+:/i.test(text)) {
		return vscode.Uri.parse(text, true);
	}
	const folder = vscode.workspace.workspaceFolders?.[0];
	const isAbsolute = text.startsWith('/') || /^[a-z]:[\\/]/i.test(text);
	if (isAbsolute) {
		// Keep the workspace's scheme and authority, so the path means the same machine in a remote window.
		return folder ? folder.uri.with({ path: vscode.Uri.file(text).path }) : vscode.Uri.file(text);
	}
	if (!folder) {
		throw new ImageStudioError('noWorkspace', vscode.l10n.t('"{0}" is a relative path, but no folder is open. Pass an absolute path or a URI.', text));
	}
	return vscode.Uri.joinPath(folder.uri, text.replace(/\\/g, '/'));
}

/** Fails with a clear message when a path is missing or a folder, before a panel opens. */
async function assertIsFile(uri: vscode.Uri): Promise<void> {
	let stat: vscode.FileStat;
	try {
		stat = await vscode.workspace.fs.stat(uri);
	} catch (error) {
		const missing = error instanceof vscode.FileSystemError && error.code === 'FileNotFound';
		throw new ImageStudioError(
			'invalidInput',
			missing
				? vscode.l10n.t('Cannot compare: {0} does not exist.', displayPath(uri))
				: vscode.l10n.t('Cannot compare: {0} cannot be read.', displayPath(uri)),
			{
				detail: errorMessage(error),
				cause: error,
			},
		);
	}
	if (stat.type & vscode.FileType.Directory) {
		throw new ImageStudioError('invalidInput', vscode.l10n.t('Cannot compare: {0} is a folder. Select two image files.', displayPath(uri)));
	}
}

async function askForImages(title: string, many: boolean, near?: vscode.Uri): Promise<vscode.Uri[] | undefined> {
	const picked = await vscode.window.showOpenDialog({
		title,
		openLabel: vscode.l10n.t('Compare'),
		canSelectFiles: true,
		canSelectFolders: false,
		canSelectMany: many,
		filters: imageFilters(),
		defaultUri: near ? vscode.Uri.joinPath(near, '..') : vscode.workspace.workspaceFolders?.[0]?.uri,
	});
	return picked && picked.length > 0 ? picked : undefined;
}

/** File names, or workspace-relative paths when the names alone would not tell the two apart. */
function labelsFor(before: vscode.Uri, after: vscode.Uri): [string, string] {
	const names: [string, string] = [basename(before), basename(after)];
	if (names[0] !== names[1]) {
		return names;
	}
	return [displayPath(before), displayPath(after)];
}

function displayPath(uri: vscode.Uri): string {
	return vscode.workspace.getWorkspaceFolder(uri) ? vscode.workspace.asRelativePath(uri) : uri.scheme === 'file' ? uri.fsPath : uri.toString(true);
}

function basename(uri: vscode.Uri): string {
	return uri.path.split('/').pop() || uri.path;
}
