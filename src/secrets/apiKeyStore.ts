/**
 * The Gemini API key: kept only in SecretStorage, with the environment variables as a fallback. The key never goes
 * to settings, logs, webviews or files; callers get it only at the moment of a request.
 */
import * as vscode from 'vscode';
import { API_KEY_SECRET_NAME } from './secretName';
import { errorMessage, ImageStudioError } from '../core/errors';
import type { Logger } from '../log';
import { apiKeyProblem } from '../core/redact';

const SECRET_KEY = API_KEY_SECRET_NAME;
export const API_KEY_ENV_VARS = ['GEMINI_API_KEY', 'GOOGLE_API_KEY'] as const;

export type ApiKeySource = 'secretStorage' | 'GEMINI_API_KEY' | 'GOOGLE_API_KEY';

export interface ResolvedApiKey {
	readonly key: string;
	readonly source: ApiKeySource;
}

export class ApiKeyStore implements vscode.Disposable {
	/** The stored key, read once: SecretStorage answers through the workbench, which costs a round trip per read. */
	private _cached: Promise<string | undefined> | undefined;
	private readonly _subscription: vscode.Disposable;
	/** Why a key that was there was not used (a stored or environment value that is no key), for the "no key" message. */
	private _rejected: string | undefined;
	private readonly _warned = new Set<string>();

	constructor(
		private readonly _secrets: vscode.SecretStorage,
		private readonly _log: Logger,
		private readonly _env: NodeJS.ProcessEnv = process.env,
	) {
		// Another window may set or clear the key: forget the cached value then.
		this._subscription = _secrets.onDidChange((event) => {
			if (event.key === SECRET_KEY) {
				this._cached = undefined;
			}
		});
	}

	dispose(): void {
		this._subscription.dispose();
	}

	/** Fires when the stored key changes, also from another window. */
	get onDidChange(): vscode.Event<vscode.SecretStorageChangeEvent> {
		return this._secrets.onDidChange;
	}

	async get(): Promise<ResolvedApiKey | undefined> {
		this._cached ??= Promise.resolve(this._secrets.get(SECRET_KEY)).then(
			(value) => value?.trim() || undefined,
			(error) => {
				// No keyring (headless Linux) or a broken one: fall back to the environment and say so in the log.
				this._log.warn(`Could not read the API key from SecretStorage: ${errorMessage(error)}`);
				this._cached = undefined;
				return undefined;
			},
		);
		this._rejected = undefined;
		const stored = await this._cached;
		if (stored) {
			this._log.addSecret(stored);
			if (this._usable(stored, 'The key in secret storage')) {
				return { key: stored, source: 'secretStorage' };
			}
		}
		for (const name of API_KEY_ENV_VARS) {
			const value = this._env[name]?.trim();
			if (value) {
				this._log.addSecret(value);
				if (this._usable(value, `The ${name} environment variable`)) {
					return { key: value, source: name };
				}
			}
		}
		return undefined;
	}

	/** Why the last `get()` found no usable key although one was set (never the key itself), if it did. */
	get rejected(): string | undefined {
		return this._rejected;
	}

	private _usable(key: string, where: string): boolean {
		const problem = apiKeyProblem(key);
		if (!problem) {
			return true;
		}
		this._rejected ??= vscode.l10n.t('{0} is not an API key: it {1}.', where, problem);
		if (!this._warned.has(where)) {
			this._warned.add(where);
			this._log.warn(`${where} is not an API key (it ${problem}); it is not used.`);
		}
		return false;
	}

	/** Stores a trimmed, non-empty key. No prefix check: Google's key formats change (`AIza…`, `AQ.…`). */
	async store(key: string): Promise<void> {
		const trimmed = key.trim();
		if (!trimmed) {
			throw new ImageStudioError('invalidInput', vscode.l10n.t('The API key is empty. Nothing was stored.'));
		}
		const problem = apiKeyProblem(trimmed);
		if (problem) {
			// Never echo the value: it may be a real key with a stray character.
			throw new ImageStudioError(
				'invalidInput',
				vscode.l10n.t('That is not an API key: it {0}. Paste only the key from Google AI Studio. Nothing was stored.', problem),
			);
		}
		this._log.addSecret(trimmed);
		this._cached = undefined;
		await this._secrets.store(SECRET_KEY, trimmed);
		this._cached = Promise.resolve(trimmed);
	}

	/** Whether secret storage holds a key (the environment does not count). */
	async hasStoredKey(): Promise<boolean> {
		return !!(await this._secrets.get(SECRET_KEY).then(undefined, () => undefined));
	}

	async clear(): Promise<boolean> {
		const had = !!(await this._secrets.get(SECRET_KEY).then(undefined, () => undefined));
		this._cached = undefined;
		await this._secrets.delete(SECRET_KEY);
		this._cached = Promise.resolve(undefined);
		return had;
	}
}
