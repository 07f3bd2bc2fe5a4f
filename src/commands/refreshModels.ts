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
	readonly title = 'Refresh Model List';

	constructor(private readonly _services: Services) {}

	async execute(): Promise<string[] | undefined> {
		const { models, notifier } = this._services;
		const config = readConfig();
		const apiKey = await requireApiKey(this._services, false);
		const choices = await models.refresh(config.endpoint, apiKey.key);
		notifier.info(`Gemini lists ${choices.length} image model${choices.length === 1 ? '' : 's'}: ${choices.map(describeChoice).join(', ')}.`);
		return choices.map((choice) => choice.id);
	}
}

function describeChoice(choice: ModelChoice): string {
	if (!choice.known) {
		return `${choice.id} (capabilities not known)`;
	}
	return choice.status === 'deprecated' ? `${choice.id} (deprecated)` : choice.id;
}
