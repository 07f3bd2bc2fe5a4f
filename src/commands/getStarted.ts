import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import type { Services } from '../services';
import { openWalkthrough } from '../walkthrough/walkthrough';

/** `imageStudio.getStarted`: opens the "Get Started with Gemini Image Studio" walkthrough again. */
export class GetStartedCommand implements Command {
	readonly id = 'imageStudio.getStarted';
	readonly title = vscode.l10n.t('Get Started');

	constructor(private readonly _services: Services) {}

	async execute(): Promise<void> {
		await openWalkthrough(this._services.context.extension.id);
	}
}
