/** The extension's log channel. Everything written here is passed through the key redactor first. */
import * as vscode from 'vscode';
import { redactSecrets } from './core/redact';

export class Logger implements vscode.Disposable {
	private readonly _channel: vscode.LogOutputChannel;
	private readonly _secrets = new Set<string>();

	constructor(name = 'Gemini Image Studio') {
		this._channel = vscode.window.createOutputChannel(name, { log: true });
	}

	/** Registers a value that must never appear in the log (the API key in use). */
	addSecret(secret: string | undefined): void {
		if (secret) {
			this._secrets.add(secret);
		}
	}

	info(message: string): void {
		this._channel.info(this._redact(message));
	}

	warn(message: string): void {
		this._channel.warn(this._redact(message));
	}

	error(message: string): void {
		this._channel.error(this._redact(message));
	}

	show(): void {
		this._channel.show(true);
	}

	dispose(): void {
		this._channel.dispose();
	}

	/** The text with every registered secret (and anything shaped like a key in HTTP traffic) replaced. */
	redact(message: string): string {
		return redactSecrets(message, [...this._secrets]);
	}

	private _redact(message: string): string {
		return this.redact(message);
	}
}
