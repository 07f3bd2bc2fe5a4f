import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import { isArgsObject } from '../core/args';
import type { Services } from '../services';
import { promptForApiKey } from '../secrets/apiKeyPrompt';
import { markWalkthroughStep } from '../walkthrough/walkthrough';

export interface SetApiKeyArgs {
	/** The key to store; when given, nothing is asked. */
	readonly apiKey?: string;
	/** Required (true) to replace a key that is already stored: an argument object never replaces one silently. */
	readonly replace?: boolean;
}

/** `imageStudio.setApiKey`: asks for the key in a password box (or takes `{ apiKey }`) and keeps it in SecretStorage. */
export class SetApiKeyCommand implements Command {
	readonly id = 'imageStudio.setApiKey';
	readonly title = vscode.l10n.t('Set Gemini API Key');

	constructor(private readonly _services: Services) {}

	async execute(args?: unknown): Promise<boolean> {
		let key: string | undefined;
		if (isArgsObject(args) && 'apiKey' in args) {
			if (typeof args.apiKey !== 'string' || args.apiKey.trim() === '') {
				this._services.notifier.warn(vscode.l10n.t('The API key given to "imageStudio.setApiKey" is empty. Nothing was stored.'));
				return false;
			}
			key = args.apiKey;
			if (args.replace !== true && (await this._services.apiKeys.hasStoredKey())) {
				this._services.notifier.warn(
					vscode.l10n.t(
						'A Gemini API key is already stored. Pass { "apiKey": …, "replace": true } to replace it, or clear it first. Nothing was changed.',
					),
				);
				return false;
			}
		} else {
			key = await promptForApiKey();
			if (key === undefined) {
				return false;
			}
		}
		try {
			await this._services.apiKeys.store(key);
		} catch (error) {
			this._services.notifier.error(error, vscode.l10n.t('Storing the API key'));
			return false;
		}
		this._services.log.info('Gemini API key stored in SecretStorage.');
		markWalkthroughStep('apiKeyStored');
		this._services.notifier.info(vscode.l10n.t("Gemini API key saved in VS Code's secret storage."));
		return true;
	}
}
