/**
 * User-facing messages. Errors show a short notification with buttons for the fix ("Set API Key", "Use
 * gemini-3.1-flash-image", "Open Log") and the details go to the log. Notifications are never modal and never awaited,
 * so a command called with arguments returns at once. Every message is also recorded (the last 200), for the test
 * API; in test mode the buttons are kept too, so a test can press one (`press`) where a user would click it.
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

/** A notification button: its title and what clicking it does. */
export interface NotificationButton {
	readonly title: string;
	run(): unknown;
}

export class Notifier {
	/** Every message shown, newest last; read by the integration tests through the extension's test API. */
	readonly history: NotificationRecord[] = [];
	/** The buttons of each recorded notification: only with `keepButtons` (test mode), dropped with their record. */
	private readonly _buttons = new WeakMap<NotificationRecord, readonly NotificationButton[]>();

	constructor(
		private readonly _log: Logger,
		private readonly _handlers: ActionHandlers,
		private readonly _keepButtons = false,
	) {}

	info(message: string, ...buttons: NotificationButton[]): void {
		this._show('info', message, undefined, buttons);
	}

	warn(message: string, ...buttons: NotificationButton[]): void {
		this._show('warning', message, undefined, buttons);
	}

	/** Shows an error (any thrown value), logging its detail. */
	error(error: unknown, contextLabel: string): void {
		const studioError = error instanceof ImageStudioError ? error : undefined;
		// Both sinks below redact (the log and _show): a key can reach a message through an endpoint's error text.
		const message = studioError?.message ?? vscode.l10n.t('{0} failed unexpectedly: {1}', contextLabel, errorMessage(error));
		const detail = studioError?.options.detail ?? (error instanceof Error ? (error.stack ?? error.message) : String(error));
		this._log.error(`${contextLabel}: ${message}${detail ? `\n${detail}` : ''}`);
		const buttons = (studioError?.options.actions ?? []).map((action) => this._button(action));
		buttons.push({ title: vscode.l10n.t('Open Log'), run: () => this._log.show() });
		this._show(studioError?.severity ?? 'error', message, studioError?.code, buttons);
	}

	/**
	 * Test mode only: does what clicking `title` on the newest recorded notification whose message matches would do,
	 * and resolves to what the button's action resolved to. Throws when no such notification or button was recorded.
	 */
	async press(message: RegExp | string, title: string): Promise<unknown> {
		if (!this._keepButtons) {
			throw new Error('Notification buttons are kept only in test mode.');
		}
		const matches = (text: string) => (typeof message === 'string' ? text.includes(message) : message.test(text));
		const record = [...this.history].reverse().find((candidate) => matches(candidate.message) && candidate.actions.includes(title));
		const buttons = record && this._buttons.get(record);
		if (!buttons) {
			const seen = this.history.map((candidate) => `${candidate.message} [${candidate.actions.join(', ')}]`);
			throw new Error(`No notification matching ${String(message)} offers "${title}"; recorded: ${JSON.stringify(seen)}`);
		}
		return await click(buttons, title);
	}

	private _button(action: ErrorAction): NotificationButton {
		switch (action.kind) {
			case 'setApiKey':
				return { title: vscode.l10n.t('Set API Key'), run: () => this._handlers.setApiKey() };
			case 'useModel':
				return { title: vscode.l10n.t('Use {0}', action.model), run: () => this._handlers.useModel(action.model) };
			case 'openSettings':
				return { title: vscode.l10n.t('Open Settings'), run: () => openSettingsOn(action.setting) };
			case 'openUrl':
				return { title: action.title, run: () => vscode.env.openExternal(vscode.Uri.parse(action.url)) };
		}
	}

	private _show(severity: NotificationRecord['severity'], rawMessage: string, code: string | undefined, buttons: NotificationButton[]): void {
		const message = this._log.redact(rawMessage);
		const record: NotificationRecord = { severity, message, code, actions: buttons.map((button) => button.title), at: Date.now() };
		this.history.push(record);
		if (this._keepButtons) {
			this._buttons.set(record, buttons);
		}
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
			(choice) => click(buttons, choice),
			() => undefined,
		);
	}
}

/**
 * The Settings editor searched for `setting`, on the tab whose value is in effect: the Workspace tab when the
 * workspace sets it (the User tab would show a default there, not the value at fault), else the User tab.
 */
function openSettingsOn(setting: string): Thenable<unknown> {
	const inspected = vscode.workspace.getConfiguration().inspect(setting);
	const setByWorkspace = inspected?.workspaceFolderValue !== undefined || inspected?.workspaceValue !== undefined;
	return vscode.commands.executeCommand(setByWorkspace ? 'workbench.action.openWorkspaceSettings' : 'workbench.action.openSettings', setting);
}

/** What a click on the button titled `choice` does (nothing for a dismissed notification). */
function click(buttons: readonly NotificationButton[], choice: string | undefined): unknown {
	return buttons.find((button) => button.title === choice)?.run();
}
