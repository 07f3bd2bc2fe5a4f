import type { CommandManager } from '../commandManager';
import type { Services } from '../services';
import { CancelRequestsCommand } from './cancelRequests';
import { ClearApiKeyCommand } from './clearApiKey';
import { CompareImagesCommand } from './compareImages';
import { GenerateImageCommand } from './generateImage';
import { SetApiKeyCommand } from './setApiKey';
import { ShowLogCommand } from './showLog';

/** Registers every command the extension contributes. A test checks this list against package.json. */
export function registerCommands(manager: CommandManager, services: Services): void {
	manager.register(new GenerateImageCommand(services));
	manager.register(new SetApiKeyCommand(services));
	manager.register(new ClearApiKeyCommand(services));
	manager.register(new CancelRequestsCommand(services));
	manager.register(new CompareImagesCommand(services));
	manager.register(new ShowLogCommand(services));
}
