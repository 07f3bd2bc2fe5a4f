import * as vscode from 'vscode';
import { apiKeyProblem } from '../core/redact';

/** The password box, shared with commands that find no key. */
export async function promptForApiKey(title = 'Gemini API Key'): Promise<string | undefined> {
	const key = await vscode.window.showInputBox({
		title,
		prompt: "Paste a Gemini API key from Google AI Studio (aistudio.google.com/apikey). It is kept in VS Code's secret storage.",
		password: true,
		ignoreFocusOut: true,
		placeHolder: 'API key',
		validateInput: (value) => {
			if (!value.trim()) {
				return 'Enter a key, or press Escape to cancel.';
			}
			const problem = apiKeyProblem(value.trim());
			return problem ? `This is not an API key: it ${problem}.` : undefined;
		},
	});
	return key?.trim() || undefined;
}
