import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import type { Services } from '../services';
import { API_KEY_ENV_VARS } from '../secrets/apiKeyStore';

/** `imageStudio.clearApiKey`: removes the stored key. The environment variables, if set, still apply afterwards. */
export class ClearApiKeyCommand implements Command {
	readonly id = 'imageStudio.clearApiKey';
	readonly title = vscode.l10n.t('Clear Gemini API Key');

	constructor(private readonly _services: Services) {}

	async execute(_args?: unknown): Promise<boolean> {
		try {
			const had = await this._services.apiKeys.clear();
			const fallback = await this._services.apiKeys.get();
			const envNote = fallback ? ` ${vscode.l10n.t('The key from {0} is still used.', fallback.source)}` : '';
			this._services.notifier.info(
				(had ? vscode.l10n.t('Gemini API key removed from secret storage.') : vscode.l10n.t('No Gemini API key was stored.')) + envNote,
			);
			this._services.log.info(`API key cleared (was stored: ${had}; env fallback: ${API_KEY_ENV_VARS.join(', ')})`);
			return had;
		} catch (error) {
			this._services.notifier.error(error, vscode.l10n.t('Clearing the API key'));
			return false;
		}
	}
}
