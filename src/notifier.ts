/**
 * User-facing messages. Errors show a short notification with buttons for the fix ("Set API Key", "Use
 * gemini-3.1-flash-image", "Open Log") and the details go to the log. Notifications are never modal and never awaited,
 * so a command called with arguments returns at once. In test mode every message is also recorded.
 */
import * as vscode from 'vscode';
import { ErrorAction, errorMessage, ImageStudioError } from './core/errors';
import type { Logger } from './log';

export interface NotificationRecord {
	readonly severity: 'info' | 'warning' | 'error';
	readonly message: string;
	readonly code?: string;
	readonly actions: readonly string[];
	readonly at: number;
}

export interface ActionHandlers {
	setApiKey(): Thenable<unknown>;
	useModel(model: string): Thenable<unknown>;
}

export class Notifier {
	/** Every message shown, newest last; read by the integration tests through the extension's test API. */
	readonly history: NotificationRecord[] = [];

	constructor(
		private readonly _log: Logger,
		private readonly _handlers: ActionHandlers,
	) {}

	info(message: string, ...buttons: { title: string; run: () => unknown }[]): void {
		this._show('info', message, undefined, buttons);
	}

	warn(message: string, ...buttons: { title: string; run: () => unknown }[]): void {
		this._show('warning', message, undefined, buttons);
	}

	/** Shows an error (any thrown value), logging its detail. */
	error(error: unknown, contextLabel: string): void {
		const studioError = error instanceof ImageStudioError ? error : undefined;
		// Redacted here too: a key can reach a message through a proxy's or endpoint's error text.
		const message = this._log.redact(studioError?.message ?? `${contextLabel} failed unexpectedly: ${errorMessage(error)}`);
		const detail = studioError?.options.detail ?? (error instanceof Error ? (error.stack ?? error.message) : String(error));
		this._log.error(`${contextLabel}: ${message}${detail ? `\n${detail}` : ''}`);
		const buttons = (studioError?.options.actions ?? []).map((action) => this._button(action));
		buttons.push({ title: 'Open Log', run: () => this._log.show() });
		this._show(studioError?.severity ?? 'error', message, studioError?.code, buttons);
	}

	private _button(action: ErrorAction): { title: string; run: () => unknown } {
		switch (action.kind) {
			case 'setApiKey':
				return { title: 'Set API Key', run: () => this._handlers.setApiKey() };
			case 'useModel':
				return { title: `Use ${action.model}`, run: () => this._handlers.useModel(action.model) };
			case 'openSettings':
				return { title: 'Open Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', action.setting) };
			case 'openUrl':
				return { title: action.title, run: () => vscode.env.openExternal(vscode.Uri.parse(action.url)) };
		}
	}

	private _show(
		severity: NotificationRecord['severity'],
		rawMessage: string,
		code: string | undefined,
		buttons: { title: string; run: () => unknown }[],
	): void {
		const message = this._log.redact(rawMessage);
		this.history.push({ severity, message, code, actions: buttons.map((button) => button.title), at: Date.now() });
		if (this.history.length > 200) {
			this.history.shift();
		}
		const show =
			severity === 'error'
				? vscode.window.showErrorMessage
				: severity === 'warning'
					? vscode.window.showWarningMessage
					: vscode.window.showInformationMessage;
		void Promise.resolve(show(message, ...buttons.map((button) => button.title))).then(
			(choice) => buttons.find((button) => button.title === choice)?.run(),
			() => undefined,
		);
	}
}
