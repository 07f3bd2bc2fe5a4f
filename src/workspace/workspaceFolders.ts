import * as vscode from 'vscode';
import { ImageStudioError } from '../core/errors';

/**
 * The workspace folder a result belongs to: the named one, the active editor's, the only one, or (when the user
 * can be asked) a pick. Throws a clear error when no folder is open.
 */
export async function chooseWorkspaceFolder(options: { interactive: boolean; name?: string }): Promise<vscode.WorkspaceFolder | undefined> {
	const folders = vscode.workspace.workspaceFolders ?? [];
	if (folders.length === 0) {
		throw new ImageStudioError(
			'noWorkspace',
			vscode.l10n.t('Open a folder first: Gemini Image Studio saves images into the workspace. (File > Open Folder…)'),
		);
	}
	if (options.name !== undefined) {
		const named = folders.find((folder) => folder.name === options.name || folder.uri.toString() === options.name);
		if (!named) {
			throw new ImageStudioError(
				'invalidInput',
				vscode.l10n.t('No workspace folder is named "{0}". Open folders: {1}.', options.name, folders.map((folder) => folder.name).join(', ')),
			);
		}
		return named;
	}
	if (folders.length === 1) {
		return folders[0];
	}
	const active = vscode.window.activeTextEditor?.document.uri ?? activeTabUri();
	const activeFolder = active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
	if (activeFolder) {
		return activeFolder;
	}
	if (!options.interactive) {
		return folders[0];
	}
	return vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Save the image into which workspace folder?'), ignoreFocusOut: true });
}

function activeTabUri(): vscode.Uri | undefined {
	const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
	if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) {
		return input.uri;
	}
	return undefined;
}
