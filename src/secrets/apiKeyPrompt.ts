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
		validateInput: (value) => {
			if (!value.trim()) {
				return vscode.l10n.t('Enter a key, or press Escape to cancel.');
			}
			const problem = apiKeyProblem(value.trim());
			return problem ? vscode.l10n.t('This is not an API key: it {0}.', problem) : undefined;
		},
	});
	return key?.trim() || undefined;
}
