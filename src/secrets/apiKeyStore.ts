/**
 * The Gemini API key: kept only in SecretStorage, with the environment variables as a fallback. The key never goes
 * to settings, logs, webviews or files; callers get it only at the moment of a request.
 */
import * as vscode from 'vscode';
import type { Logger } from '../log';

const SECRET_KEY = 'imageStudio.geminiApiKey';
export const API_KEY_ENV_VARS = ['GEMINI_API_KEY', 'GOOGLE_API_KEY'] as const;

export type ApiKeySource = 'secretStorage' | 'GEMINI_API_KEY' | 'GOOGLE_API_KEY';

export interface ResolvedApiKey {
	readonly key: string;
	readonly source: ApiKeySource;
}

export class ApiKeyStore {
	constructor(
		private readonly _secrets: vscode.SecretStorage,
		private readonly _log: Logger,
		private readonly _env: NodeJS.ProcessEnv = process.env,
	) {}

	/** Fires when the stored key changes, also from another window. */
	get onDidChange(): vscode.Event<vscode.SecretStorageChangeEvent> {
		return this._secrets.onDidChange;
	}

	async get(): Promise<ResolvedApiKey | undefined> {
		let stored: string | undefined;
		try {
			stored = (await this._secrets.get(SECRET_KEY))?.trim();
		} catch (error) {
			// No keyring (headless Linux) or a broken one: fall back to the environment and say so in the log.
			this._log.warn(`Could not read the API key from SecretStorage: ${error instanceof Error ? error.message : String(error)}`);
		}
		if (stored) {
			this._log.addSecret(stored);
			return { key: stored, source: 'secretStorage' };
		}
		for (const name of API_KEY_ENV_VARS) {
			const value = this._env[name]?.trim();
			if (value) {
				this._log.addSecret(value);
				return { key: value, source: name };
			}
		}
		return undefined;
	}

	/** Stores a trimmed, non-empty key. No prefix check: Google's key formats change (`AIza…`, `AQ.…`). */
	async store(key: string): Promise<void> {
		const trimmed = key.trim();
		if (!trimmed) {
			throw new Error('The API key is empty.');
		}
		this._log.addSecret(trimmed);
		await this._secrets.store(SECRET_KEY, trimmed);
	}

	async clear(): Promise<boolean> {
		const had = !!(await this._secrets.get(SECRET_KEY).then(undefined, () => undefined));
		await this._secrets.delete(SECRET_KEY);
		return had;
	}
}
