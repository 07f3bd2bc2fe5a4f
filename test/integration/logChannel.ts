// Whether the extension's log channel is shown, for the tests of "Open Log" and imageStudio.showLog. Not a test file
// itself (no `.test.` in the name). The Output panel shows a channel in a text editor of the `output` scheme.
import * as vscode from 'vscode';
import { waitFor } from './support';

/** The visible editors showing the extension's log channel. */
export function logEditors(): vscode.TextEditor[] {
	return vscode.window.visibleTextEditors.filter((editor) => editor.document.uri.scheme === 'output' && /Gemini Image Studio/.test(editor.document.uri.path));
}

/** Closes the panel (Output included) and waits until the log is not shown, so that showing it can be seen. */
export async function hideLog(): Promise<void> {
	await vscode.commands.executeCommand('workbench.action.closePanel');
	await waitFor(() => logEditors().length === 0, 'the log to be hidden');
}

/** Waits until the log channel is shown; the error lists the visible editors. */
export async function waitForLogShown(): Promise<void> {
	await waitFor(() => logEditors().length > 0, 'the log channel to be shown').catch((error: Error) => {
		const visible = vscode.window.visibleTextEditors.map((editor) => editor.document.uri.toString());
		throw new Error(`${error.message}; visible editors: ${JSON.stringify(visible)}`);
	});
}
