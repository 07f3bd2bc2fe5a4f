import type { CommandManager } from '../commandManager';
import type { Services } from '../services';
import { CancelRequestsCommand } from './cancelRequests';
import { ClearApiKeyCommand } from './clearApiKey';
import { CompareImagesCommand } from './compareImages';
import { GenerateImageCommand } from './generateImage';
import { SetApiKeyCommand } from './setApiKey';
import { ShowLogCommand } from './showLog';
import { ComposeImagesCommand } from './composeImages';
import { EditImageCommand } from './editImage';
import { MakeBackgroundTransparentCommand } from './makeBackgroundTransparent';
import { RestoreOriginalCommand } from './restoreOriginal';
import {
	CompareEditCommand,
	DiscardEditCommand,
	EditAgainCommand,
	ReplaceOriginalCommand,
	ReviewPendingEditsCommand,
	SaveEditAsNewCommand,
} from './reviewActions';
import { EditReview } from '../review/editReview';
import { OpenStudioCommand } from './openStudio';
import { AddToStudioCommand } from './addToStudio';
import { RefreshModelsCommand } from './refreshModels';
import { CheckApiCompatibilityCommand } from './checkApiCompatibility';
import { ShowSpendingCommand } from './showSpending';
import type { StudioManager } from '../studio/studioManager';
import type { AssetsWorkbench } from '../assetsWorkbench/assetsWorkbench';
import { GenerateAssetsCommand } from './generateAssets';
import { GenerateMissingAssetsCommand } from './generateMissingAssets';
import { RegenerateChangedAssetsCommand } from './regenerateChangedAssets';
import { SubmitAssetsBatchCommand } from './submitAssetsBatch';
import { CancelAssetsBatchCommand } from './cancelAssetsBatch';
import { ShowAssetBatchesCommand } from './showAssetBatches';
import { GenerateVariationsCommand } from './generateVariations';
import { ShowProvenanceCommand } from './showProvenance';
import { RegenerateCommand } from './regenerate';
import { ContinueInStudioCommand } from './continueInStudio';
import type { ProvenanceDocuments } from '../provenance/provenanceFiles';
import { ExportIconSetCommand } from './exportIconSet';
import { GetStartedCommand } from './getStarted';

/** Registers every command the extension contributes. A test checks this list against package.json. */
export function registerCommands(
	manager: CommandManager,
	services: Services,
	studio: StudioManager,
	assets: AssetsWorkbench,
	provenanceDocuments: ProvenanceDocuments,
): void {
	const review = new EditReview(services);
	manager.register(new GenerateImageCommand(services));
	manager.register(new GenerateVariationsCommand(services));
	manager.register(new EditImageCommand(review));
	manager.register(new ComposeImagesCommand(services));
	manager.register(new MakeBackgroundTransparentCommand(services));
	manager.register(new ReplaceOriginalCommand(review));
	manager.register(new SaveEditAsNewCommand(review));
	manager.register(new DiscardEditCommand(review));
	manager.register(new EditAgainCommand(review));
	manager.register(new ReviewPendingEditsCommand(review));
	manager.register(new CompareEditCommand(review));
	manager.register(new RestoreOriginalCommand(services));
	manager.register(new SetApiKeyCommand(services));
	manager.register(new GetStartedCommand(services));
	manager.register(new ClearApiKeyCommand(services));
	manager.register(new CancelRequestsCommand(services));
	manager.register(new CompareImagesCommand(services));
	manager.register(new ShowLogCommand(services));
	manager.register(new OpenStudioCommand(studio));
	manager.register(new AddToStudioCommand(services, studio));
	manager.register(new RefreshModelsCommand(services));
	manager.register(new CheckApiCompatibilityCommand(services));
	manager.register(new ShowSpendingCommand(services));
	manager.register(new GenerateAssetsCommand(assets));
	manager.register(new GenerateMissingAssetsCommand(assets));
	manager.register(new RegenerateChangedAssetsCommand(assets));
	manager.register(new SubmitAssetsBatchCommand(assets));
	manager.register(new CancelAssetsBatchCommand(assets));
	manager.register(new ShowAssetBatchesCommand(assets));
	manager.register(new ShowProvenanceCommand(services, provenanceDocuments));
	manager.register(new RegenerateCommand(services));
	manager.register(new ContinueInStudioCommand(services, studio));
	manager.register(new ExportIconSetCommand(services));
}
