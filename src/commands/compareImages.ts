import type { Command } from '../commandManager';
import type { Services } from '../services';

/** `imageStudio.compareImages`: placeholder until the compare view lands. */
export class CompareImagesCommand implements Command {
	readonly id = 'imageStudio.compareImages';

	constructor(private readonly _services: Services) {}

	execute(): void {
		this._services.notifier.info('Compare view coming soon.');
	}
}
