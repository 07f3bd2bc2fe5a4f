/**
 * What `extension.ts` registers at activation, as plain data: the command IDs (a test checks them against
 * package.json and against the commands the features implement), the review file-system scheme and the compare
 * view type. Kept free of imports so activation loads nothing else.
 */
export const COMMAND_IDS = [
	'imageStudio.generate',
	'imageStudio.generateVariations',
	'imageStudio.edit',
	'imageStudio.compose',
	'imageStudio.makeBackgroundTransparent',
	'imageStudio.replaceOriginal',
	'imageStudio.saveEditAsNew',
	'imageStudio.discardEdit',
	'imageStudio.editAgain',
	'imageStudio.reviewPendingEdits',
	'imageStudio.compareEdit',
	'imageStudio.restoreOriginal',
	'imageStudio.compareImages',
	'imageStudio.setApiKey',
	'imageStudio.clearApiKey',
	'imageStudio.cancelRequests',
	'imageStudio.showLog',
	'imageStudio.openStudio',
	'imageStudio.addToStudio',
	'imageStudio.refreshModels',
	'imageStudio.checkApiCompatibility',
	'imageStudio.showSpending',
	'imageStudio.generateAssets',
	'imageStudio.generateMissingAssets',
	'imageStudio.regenerateChangedAssets',
	'imageStudio.submitAssetsBatch',
	'imageStudio.cancelAssetsBatch',
	'imageStudio.showAssetBatches',
	'imageStudio.showProvenance',
	'imageStudio.regenerate',
	'imageStudio.continueInStudio',
	'imageStudio.exportIconSet',
	'imageStudio.getStarted',
] as const;

/** Language-model tools (package.json `languageModelTools`), registered at activation, answered by the features. */
export const TOOL_NAMES = ['imageStudio_generateImage', 'imageStudio_editImage'] as const;

/** Asset manifests: `<name>.imagestudio.json` (the JSON schema's fileMatch in package.json). */
export const MANIFEST_SELECTOR = { pattern: '**/*.imagestudio.json' } as const;

export const REVIEW_SCHEME = 'image-studio-review';
export const COMPARE_VIEW_TYPE = 'imageStudio.compare';
export const STUDIO_VIEW_TYPE = 'imageStudio.studio';
