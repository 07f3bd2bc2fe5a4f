/**
 * Composition root: builds the services, registers the commands and returns. No network, no file reads, and the
 * Gemini SDK is loaded only when the first image is requested, so activation stays in the low milliseconds.
 */
import * as vscode from 'vscode';
import { CommandManager } from './commandManager';
import { registerCommands } from './commands/index';
import { GeminiImageGenerator } from './gemini/geminiClient';
import { Logger } from './log';
import { Notifier, NotificationRecord } from './notifier';
import { ApiKeyStore } from './secrets/apiKeyStore';
import type { Services } from './services';
import { RequestTracker } from './requestTracker';
import { PendingEditStore } from './review/pendingEdits';
import { REVIEW_SCHEME, ReviewFileSystemProvider } from './review/reviewFileSystem';
import type { WriteFaultStage } from './workspace/workspaceStore';
import { Preferences } from './state/preferences';
import { WorkspaceStore } from './workspace/workspaceStore';
import { registerCompareViewSerializer } from './review/compareView';
import { readConfig } from './config';
import type { ImageSize } from './gemini/modelCatalog';
import { DEFAULT_RETRY_POLICY } from './gemini/retryPolicy';
import { slugFromPrompt } from './workspace/fileNaming';

/** Returned from `activate` only in test mode, so the integration tests can read what users would have seen. */
export interface ImageStudioTestApi {
	readonly notifications: readonly NotificationRecord[];
	clearNotifications(): void;
	readonly registeredCommands: readonly string[];
	/** Where this extension's logs go, so tests can check that no key ever reaches them. */
	readonly logUri: vscode.Uri;
	readonly globalStorageUri: vscode.Uri;
	/** Where pending edits and backups are kept. */
	readonly editStorageUri: vscode.Uri;
	/** Makes the next replace fail at a stage, to test that nothing is lost. */
	injectWriteFault(stage: WriteFaultStage | undefined): void;
	/**
	 * The save path of `imageStudio.generate` without its UI (progress, notifications, remembered choices): request,
	 * parse, decode, type check, temporary write and rename. Used by `npm run bench`.
	 */
	generateAndSave(request: { prompt: string; model: string; aspectRatio: string; imageSize?: ImageSize }): Promise<vscode.Uri[]>;
}

export function activate(context: vscode.ExtensionContext): ImageStudioTestApi | undefined {
	const log = new Logger();
	context.subscriptions.push(log);
	const apiKeys = new ApiKeyStore(context.secrets, log);
	const notifier = new Notifier(log, {
		setApiKey: () => vscode.commands.executeCommand('imageStudio.setApiKey'),
		useModel: (model) => vscode.workspace.getConfiguration('imageStudio').update('model', model, vscode.ConfigurationTarget.Global),
	});
	const services: Services = {
		context,
		log,
		notifier,
		apiKeys,
		generator: new GeminiImageGenerator(),
		store: new WorkspaceStore(log),
		preferences: new Preferences(context.globalState),
		requests: new RequestTracker(),
		edits: new PendingEditStore(context.storageUri ?? context.globalStorageUri, log),
	};
	const commands = new CommandManager();
	context.subscriptions.push(commands);
	registerCommands(commands, services);
	context.subscriptions.push(
		registerCompareViewSerializer(context),
		vscode.workspace.registerFileSystemProvider(REVIEW_SCHEME, new ReviewFileSystemProvider(services.edits), { isReadonly: true, isCaseSensitive: true }),
	);

	if (context.extensionMode === vscode.ExtensionMode.Test) {
		return {
			notifications: notifier.history,
			clearNotifications: () => {
				notifier.history.length = 0;
			},
			registeredCommands: commands.registeredIds,
			logUri: context.logUri,
			globalStorageUri: context.globalStorageUri,
			editStorageUri: services.edits.root,
			injectWriteFault: (stage) => services.store.injectFault(stage),
			generateAndSave: async (request) => {
				const folder = vscode.workspace.workspaceFolders![0];
				const config = readConfig(folder.uri);
				const apiKey = await services.apiKeys.get();
				const location = await services.store.resolveOutputFolder(folder, config.outputFolder);
				const response = await services.generator.generate(request, {
					apiKey: apiKey?.key ?? '',
					endpoint: config.endpoint,
					timeoutMs: config.requestTimeoutMs,
					retryPolicy: DEFAULT_RETRY_POLICY,
				});
				const saved: vscode.Uri[] = [];
				for (const image of response.images) {
					saved.push(await services.store.saveNewFile(location, slugFromPrompt(request.prompt), image.extension, image.bytes));
				}
				return saved;
			},
		};
	}
	return undefined;
}

export function deactivate(): void {
	// Everything is disposed through context.subscriptions.
}
