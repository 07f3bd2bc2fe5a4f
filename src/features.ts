/**
 * Everything behind the commands, loaded on first use by `extension.ts` (bundled as `dist/features.js`): builds
 * the services and the command objects. No network and no file reads here either; the Gemini SDK is loaded only when
 * the first image is requested.
 */
import * as vscode from 'vscode';
import { CommandManager } from './commandManager';
import { registerCommands } from './commands/index';
import { GeminiChatClient } from './gemini/chatClient';
import { GeminiImageGenerator } from './gemini/geminiClient';
import { GeminiBatchClient } from './gemini/batchClient';
import { ModelDirectory } from './gemini/modelDirectory';
import { listImageModels } from './gemini/modelList';
import { configureL10n } from './l10nSetup';
import { Logger } from './log';
import { Notifier, NotificationRecord } from './notifier';
import { ApiKeyStore } from './secrets/apiKeyStore';
import type { Services } from './services';
import { RequestTracker } from './requestTracker';
import { PendingEditStore } from './review/pendingEdits';
import { ProvenanceStore } from './provenance/provenanceStore';
import { PROVENANCE_SCHEME, ProvenanceDocuments } from './provenance/provenanceFiles';
import { ReviewFileSystemProvider } from './review/reviewFileSystem';
import type { WriteFaultStage } from './workspace/workspaceStore';
import { Preferences } from './state/preferences';
import { UsageLedger } from './state/usageLedger';
import { CostStatusBar } from './spending/costStatusBar';
import { WorkspaceStore } from './workspace/workspaceStore';
import { restoreCompareView } from './review/compareView';
import { readConfig } from './config';
import type { ImageSize } from './gemini/modelCatalog';
import { DEFAULT_RETRY_POLICY } from './gemini/retryPolicy';
import { slugFromPrompt } from './workspace/fileNaming';
import { StudioManager } from './studio/studioManager';
import { AssetsWorkbench } from './assetsWorkbench/assetsWorkbench';
import { createImageTools } from './agentTools/imageTools';
import { openVariationsViews } from './generation/variations';
import type { StudioSessionSummary, StudioToWebview } from './shared/protocol';

/** Returned from `activate` only in test mode, so the integration tests can read what users would have seen. */
export interface ImageStudioTestApi {
	readonly notifications: readonly NotificationRecord[];
	clearNotifications(): void;
	/**
	 * Does what clicking the button `button` on the newest notification whose message matches `message` would do (a
	 * test cannot click a toast from the extension host); resolves to what the button's action resolved to. Throws
	 * when no recorded notification matches or it has no such button.
	 */
	runNotificationAction(message: RegExp | string, button: string): Promise<unknown>;
	/** Command IDs registered with VS Code at activation. */
	readonly registeredCommands: readonly string[];
	/** Command IDs the features bundle implements. */
	readonly implementedCommands: readonly string[];
	/** How long `activate()` itself took (what VS Code reports as the activate call time). */
	readonly activateCallMs: number;
	/** Where this extension's logs go, so tests can check that no key ever reaches them. */
	readonly logUri: vscode.Uri;
	readonly globalStorageUri: vscode.Uri;
	/** Where pending edits and backups are kept. */
	readonly editStorageUri: vscode.Uri;
	/** Where provenance records are kept (`<globalStorage>/provenance`). */
	readonly provenanceStorageUri: vscode.Uri;
	/** Makes the next replace fail at a stage, to test that nothing is lost. */
	injectWriteFault(stage: WriteFaultStage | undefined): void;
	/**
	 * The save path of `imageStudio.generate` without its UI (progress, notifications, remembered choices): request,
	 * parse, decode, type check, temporary write and rename. Used by `npm run bench`.
	 */
	generateAndSave(request: {
		prompt: string;
		model: string;
		aspectRatio: string;
		imageSize?: ImageSize;
	}): Promise<{ uris: vscode.Uri[]; phasesMs: Record<string, number> }>;
	/** The studio panels, to drive and inspect them as their webview would. */
	readonly studio: StudioTestHandle;
	/** The newest open variations grid, driven as its webview would (undefined when none is open). */
	readonly variations: { receive(message: unknown): boolean; readonly posted: readonly unknown[] } | undefined;
	/** What a language-model tool's `prepareInvocation` answers (VS Code's API offers no way to ask it directly). */
	prepareToolInvocation(name: string, input: object): Promise<vscode.PreparedToolInvocation | undefined>;
}

/** Test access to the studio: what the active panel's webview would post, and where sessions are stored. */
export interface StudioTestHandle {
	/** `<storage>/studio`, holding one folder per session. */
	readonly storageUri: vscode.Uri;
	/** Id of the session in the active studio panel, if one is open. */
	readonly activeSessionId: string | undefined;
	/** How many images wait for the active panel's next turn. */
	readonly pendingAttachments: number;
	/** Whether the active panel has a turn running. */
	readonly busy: boolean;
	/** Passes a message to the active panel as if its webview had posted it; false when it was rejected. */
	receive(message: unknown): boolean;
	/** Every message the active panel posted to its webview since it opened (or since `clearPosted`), oldest first. */
	posted(): readonly StudioToWebview[];
	clearPosted(): void;
	/** Reloads the active panel's webview (as "Developer: Reload Webviews" does): the page is rebuilt and says `ready` again. */
	reloadWebview(): void;
	/** Closes the active panel (as the user closing its tab). */
	closeActive(): void;
	/** Lists the stored sessions: ids of readable ones and of damaged ones (reported, skipped). */
	listSessions(): Promise<{ sessions: string[]; damaged: string[] }>;
	/** What the conversation lists show (the manager's summaries, from the index), and the damaged sessions' ids. */
	sessionSummaries(): Promise<{ sessions: readonly StudioSessionSummary[]; damaged: number }>;
	/** How many session.json files the store has parsed so far (a list refresh should parse none). */
	readonly sessionLoads: number;
	/** How many studio panels the manager counts as open (closed ones must leave the count). */
	readonly openPanels: number;
	/** Runs the store's start-up clean-up of temporary files a crash left; resolves to how many were removed. */
	removeStaleTemporaries(): Promise<number>;
	/** Opens a stored session in a new panel. */
	openSession(sessionId: string): Promise<void>;
	/** What the panel serializer does after a reload: takes over `panel` with the persisted webview `state`. */
	restore(panel: vscode.WebviewPanel, state: unknown): Promise<{ sessionId: string; turns: number; notice?: string }>;
	/** Fetches the configured endpoint's model list now (open studios are told); resolves to the listed ids. */
	refreshModels(): Promise<string[]>;
}

export interface Features extends vscode.Disposable {
	execute(id: string, args: unknown[]): unknown;
	readonly reviewFileSystem: vscode.FileSystemProvider;
	/** The language-model tools by name (registered at activation, answered once the features are loaded). */
	readonly imageTools: Record<string, vscode.LanguageModelTool<object>>;
	/** Code lenses of asset manifests (registered at activation, answered once the features are loaded). */
	readonly assetCodeLenses: vscode.CodeLensProvider;
	restoreCompareView(panel: vscode.WebviewPanel, state: unknown): void;
	restoreStudio(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
	readonly testApi: Omit<ImageStudioTestApi, 'registeredCommands' | 'activateCallMs'>;
}

export function createFeatures(context: vscode.ExtensionContext): Features {
	// This bundle's own copy of @vscode/l10n (the vscode-free floors translate with it).
	configureL10n();
	const subscriptions: vscode.Disposable[] = [];
	const log = new Logger();
	subscriptions.push(log);
	// Support and the Korean UI test read which translation is in use.
	log.info(`Display language ${vscode.env.language}; translated strings: ${vscode.l10n.bundle ? Object.keys(vscode.l10n.bundle).length : 'none (English)'}.`);
	const apiKeys = new ApiKeyStore(context.secrets, log);
	subscriptions.push(apiKeys);
	const notifier = new Notifier(
		log,
		{
			setApiKey: () => vscode.commands.executeCommand('imageStudio.setApiKey'),
			useModel: (model) => vscode.workspace.getConfiguration('imageStudio').update('model', model, vscode.ConfigurationTarget.Global),
		},
		// The buttons are kept for the test API's runNotificationAction only: not in production.
		context.extensionMode === vscode.ExtensionMode.Test,
	);
	const services: Services = {
		context,
		log,
		notifier,
		apiKeys,
		generator: new GeminiImageGenerator(),
		chat: new GeminiChatClient(),
		batches: new GeminiBatchClient(),
		store: new WorkspaceStore(log),
		preferences: new Preferences(context.globalState),
		requests: new RequestTracker(),
		edits: new PendingEditStore(context.storageUri ?? context.globalStorageUri, log),
		models: new ModelDirectory(
			context.globalState,
			(endpoint, apiKey) => {
				const config = readConfig();
				return listImageModels({
					apiKey,
					endpoint,
					timeoutMs: Math.min(config.requestTimeoutMs, 30_000),
					retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries: 1 },
				});
			},
			log,
		),
		usage: new UsageLedger(context.workspaceState),
		provenance: new ProvenanceStore(
			vscode.Uri.joinPath(context.globalStorageUri, 'provenance'),
			{ name: String(context.extension.packageJSON.name ?? 'gemini-image-studio'), version: String(context.extension.packageJSON.version ?? '0.0.0') },
			log,
		),
	};
	subscriptions.push(services.usage, new CostStatusBar(services.usage));
	// Disposed with the features (their emitters' listeners go with them), after the studio that listens to them.
	subscriptions.push(services.edits);
	const reviewFileSystem = new ReviewFileSystemProvider(services.edits);
	subscriptions.push(reviewFileSystem);
	const studio = new StudioManager(services);
	const activeStudioPanel = () => {
		const panel = studio.activePanel;
		if (!panel) {
			throw new Error('No studio panel is open');
		}
		return panel;
	};
	subscriptions.push(studio);
	const assets = new AssetsWorkbench(services);
	subscriptions.push(assets);
	const commands = new CommandManager(notifier);
	const provenanceDocuments = new ProvenanceDocuments(services.provenance);
	subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(PROVENANCE_SCHEME, provenanceDocuments));
	registerCommands(commands, services, studio, assets, provenanceDocuments);
	const imageTools = createImageTools((id, args) => commands.run(id, args), services.requests);

	return {
		execute: (id, args) => commands.execute(id, args),
		reviewFileSystem,
		assetCodeLenses: assets.codeLenses,
		imageTools,
		restoreCompareView: (panel, state) =>
			restoreCompareView(context.extensionUri, panel, state, [context.globalStorageUri, ...(context.storageUri ? [context.storageUri] : [])]),
		restoreStudio: async (panel, state) => {
			await studio.restore(panel, state);
		},
		dispose: () => vscode.Disposable.from(...subscriptions).dispose(),
		testApi: {
			notifications: notifier.history,
			clearNotifications: () => {
				notifier.history.length = 0;
			},
			runNotificationAction: (message, button) => notifier.press(message, button),
			implementedCommands: commands.registeredIds,
			logUri: context.logUri,
			globalStorageUri: context.globalStorageUri,
			editStorageUri: services.edits.root,
			provenanceStorageUri: services.provenance.root,
			injectWriteFault: (stage) => services.store.injectFault(stage),
			get variations() {
				return openVariationsViews[openVariationsViews.length - 1];
			},
			prepareToolInvocation: async (name, input) =>
				(await imageTools[name]?.prepareInvocation?.({ input }, new vscode.CancellationTokenSource().token)) ?? undefined,
			studio: {
				storageUri: studio.store.root,
				get activeSessionId() {
					return studio.activePanel?.session.id;
				},
				get pendingAttachments() {
					return studio.activePanel?.pendingAttachments.length ?? 0;
				},
				get busy() {
					return studio.activePanel?.busy ?? false;
				},
				receive: (message) => activeStudioPanel().receive(message),
				posted: () => activeStudioPanel().posted,
				clearPosted: () => {
					activeStudioPanel().posted.length = 0;
				},
				reloadWebview: () => activeStudioPanel().reloadWebview(),
				closeActive: () => activeStudioPanel().panel.dispose(),
				listSessions: async () => {
					const { sessions, damaged } = await studio.store.list();
					for (const entry of damaged) {
						log.warn(`Studio: skipped session ${entry.id}: ${entry.reason}`);
					}
					return { sessions: sessions.map((session) => session.id), damaged: damaged.map((entry) => entry.id) };
				},
				sessionSummaries: () => studio.summaries(),
				get sessionLoads() {
					return studio.store.sessionLoads;
				},
				get openPanels() {
					return studio.openPanelCount;
				},
				removeStaleTemporaries: () => studio.store.removeStaleTemporaries(),
				openSession: async (sessionId) => {
					await studio.openSession(sessionId);
				},
				restore: async (panel, state) => {
					const restored = await studio.restore(panel, state);
					return { sessionId: restored.session.id, turns: restored.session.turns.length, notice: restored.notice };
				},
				refreshModels: async () => {
					const apiKey = await services.apiKeys.get();
					const choices = await services.models.refresh(readConfig().endpoint, apiKey?.key ?? '');
					return choices.map((choice) => choice.id);
				},
			},
			generateAndSave: async (request) => {
				const phasesMs: Record<string, number> = {};
				let mark = performance.now();
				const phase = (name: string) => {
					const now = performance.now();
					phasesMs[name] = now - mark;
					mark = now;
				};
				const folder = vscode.workspace.workspaceFolders![0];
				const config = readConfig(folder.uri);
				const apiKey = await services.apiKeys.get();
				phase('key');
				const location = await services.store.resolveOutputFolder(folder, config.outputFolder);
				phase('outputFolder');
				const response = await services.generator.generate(request, {
					apiKey: apiKey?.key ?? '',
					endpoint: config.endpoint,
					timeoutMs: config.requestTimeoutMs,
					retryPolicy: DEFAULT_RETRY_POLICY,
				});
				phase('request+parse');
				const saved: vscode.Uri[] = [];
				for (const image of response.images) {
					saved.push(await services.store.saveNewFile(location, slugFromPrompt(request.prompt), image.extension, image.bytes));
				}
				phase('save');
				return { uris: saved, phasesMs };
			},
		},
	};
}
