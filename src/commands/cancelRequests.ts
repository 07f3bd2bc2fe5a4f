import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import type { Services } from '../services';

/** `imageStudio.cancelRequests`: aborts every image request in flight (nothing of a cancelled request is saved). */
export class CancelRequestsCommand implements Command {
	readonly id = 'imageStudio.cancelRequests';
	readonly title = vscode.l10n.t('Cancel Image Requests');

	constructor(private readonly _services: Services) {}

	execute(): number {
		const count = this._services.requests.cancelAll();
		this._services.log.info(`Cancelled ${count} image request(s).`);
		if (count === 0) {
			this._services.notifier.info(vscode.l10n.t('No image request is running.'));
		}
		return count;
	}
}
