import type { Command } from '../commandManager';
import type { Services } from '../services';
import { API_KEY_ENV_VARS } from '../secrets/apiKeyStore';

/** `imageStudio.clearApiKey`: removes the stored key. The environment variables, if set, still apply afterwards. */
export class ClearApiKeyCommand implements Command {
	readonly id = 'imageStudio.clearApiKey';
	readonly title = 'Clear Gemini API Key';

	constructor(private readonly _services: Services) {}

	async execute(_args?: unknown): Promise<boolean> {
		try {
			const had = await this._services.apiKeys.clear();
			const fallback = await this._services.apiKeys.get();
			const envNote = fallback ? ` The key from ${fallback.source} is still used.` : '';
			this._services.notifier.info((had ? 'Gemini API key removed from secret storage.' : 'No Gemini API key was stored.') + envNote);
			this._services.log.info(`API key cleared (was stored: ${had}; env fallback: ${API_KEY_ENV_VARS.join(', ')})`);
			return had;
		} catch (error) {
			this._services.notifier.error(error, 'Clearing the API key');
			return false;
		}
	}
}
