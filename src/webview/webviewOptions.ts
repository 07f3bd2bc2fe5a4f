import * as vscode from 'vscode';

/**
 * The least our webviews need: scripts, our two resource folders (bundled script, stylesheet), no forms, no command
 * links. Images never come through resource roots: the host sends their bytes. The webview is rebuilt when shown
 * again; the host keeps its state and answers the new `ready`.
 */
export function lockedDownWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
	return {
		enableScripts: true,
		enableForms: false,
		enableCommandUris: false,
		localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'media'), vscode.Uri.joinPath(extensionUri, 'media')],
		retainContextWhenHidden: false,
	};
}
