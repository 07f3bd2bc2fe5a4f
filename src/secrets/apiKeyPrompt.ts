import * as vscode from 'vscode';
import { apiKeyProblem } from '../core/redact';

/** The password box, shared with commands that find no key. */
export async function promptForApiKey(title = vscode.l10n.t('Gemini API Key')): Promise<string | undefined> {
	const key = await vscode.window.showInputBox({
		title,
		prompt: vscode.l10n.t("Paste a Gemini API key from Google AI Studio (aistudio.google.com/apikey). It is kept in VS Code's secret storage."),
		password: true,
		ignoreFocusOut: true,
		placeHolder: vscode.l10n.t('API key'),
		// An empty box is no error: the prompt above stays readable (a message would replace it before anything is
		// typed), and Enter on it is the same as Escape.
		validateInput: (value) => {
			if (!value.trim()) {
				return undefined;
			}
			const problem = apiKeyProblem(value.trim());
			return problem ? vscode.l10n.t('This is not an API key: it {0}.', problem) : undefined;
		},
	});
	return key?.trim() || undefined;
}
