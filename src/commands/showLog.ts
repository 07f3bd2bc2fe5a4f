import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import type { Services } from '../services';

/** `imageStudio.showLog`: opens the log channel (also offered by every error notification). */
export class ShowLogCommand implements Command {
	readonly id = 'imageStudio.showLog';
	readonly title = vscode.l10n.t('Show Log');

	constructor(private readonly _services: Services) {}

	execute(): void {
		this._services.log.show();
	}
}
