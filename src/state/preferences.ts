/** What the user chose last (model, aspect ratio, size) and their recent prompts, kept in global state. */
import type * as vscode from 'vscode';

const LAST_USED_KEY = 'imageStudio.lastUsed';
const RECENT_PROMPTS_KEY = 'imageStudio.recentPrompts';
const MAX_RECENT_PROMPTS = 20;

export interface LastUsedOptions {
	readonly model?: string;
	readonly aspectRatio?: string;
	readonly imageSize?: string;
}

export class Preferences {
	constructor(private readonly _state: vscode.Memento) {}

	get lastUsed(): LastUsedOptions {
		const value = this._state.get<LastUsedOptions>(LAST_USED_KEY);
		return value && typeof value === 'object' ? value : {};
	}

	async rememberOptions(options: LastUsedOptions): Promise<void> {
		await this._state.update(LAST_USED_KEY, { ...this.lastUsed, ...options });
	}

	get recentPrompts(): string[] {
		const value = this._state.get<unknown>(RECENT_PROMPTS_KEY);
		return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
	}

	async rememberPrompt(prompt: string): Promise<void> {
		const recent = [prompt, ...this.recentPrompts.filter((item) => item !== prompt)].slice(0, MAX_RECENT_PROMPTS);
		await this._state.update(RECENT_PROMPTS_KEY, recent);
	}
}
