import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import { readConfig } from '../config';
import type { ModelChoice } from '../gemini/modelDirectory';
import { requireApiKey } from '../generation/requestImages';
import type { Services } from '../services';

/**
 * `imageStudio.refreshModels`: lists the endpoint's image models now (instead of waiting for the daily background
 * refresh) and says what it found. Resolves to the model IDs, or undefined when the list could not be had.
 */
export class RefreshModelsCommand implements Command {
	readonly id = 'imageStudio.refreshModels';
	readonly title = vscode.l10n.t('Refresh Model List');

	constructor(private readonly _services: Services) {}

	async execute(): Promise<string[] | undefined> {
		const { models, notifier } = this._services;
		const config = readConfig();
		const apiKey = await requireApiKey(this._services, false);
		const choices = await models.refresh(config.endpoint, apiKey.key);
		const list = choices.map(describeChoice).join(', ');
		notifier.info(
			choices.length === 1
				? vscode.l10n.t('Gemini lists 1 image model: {0}.', list)
				: vscode.l10n.t('Gemini lists {0} image models: {1}.', choices.length, list),
		);
		return choices.map((choice) => choice.id);
	}
}

function describeChoice(choice: ModelChoice): string {
	if (!choice.known) {
		return vscode.l10n.t('{0} (capabilities not known)', choice.id);
	}
	return choice.status === 'deprecated' ? vscode.l10n.t('{0} (deprecated)', choice.id) : choice.id;
}
