/**
 * Activation: registers the command IDs, the review file system, the webview serializers and the asset manifests' code lenses, and opens
 * the walkthrough on the first run (src/walkthrough/), and nothing else.
 * The code behind them (`features.ts`, bundled as `dist/features.js`) and the Gemini SDK (`dist/genai.js`) load on
 * first use, so activation costs a few milliseconds (see `npm run bench`).
 */
import * as vscode from 'vscode';
import { COMMAND_IDS, COMPARE_VIEW_TYPE, MANIFEST_SELECTOR, REVIEW_SCHEME, STUDIO_VIEW_TYPE, TOOL_NAMES } from './contributions';
import type { Features, ImageStudioTestApi } from './features';
import { loadFeaturesModule } from './featuresLoader';
import { openWalkthroughOnFirstRun } from './walkthrough/walkthrough';

export type { ImageStudioTestApi } from './features';

export function activate(context: vscode.ExtensionContext): ImageStudioTestApi | undefined {
	const activateStarted = performance.now();
	let features: Features | undefined;
	// Relays the features' code lens changes, so registering the provider does not load them.
	const codeLensChanges = new vscode.EventEmitter<void>();
	const load = (): Features => {
		if (!features) {
			features = loadFeaturesModule().createFeatures(context);
			context.subscriptions.push(features);
			const relay = features.assetCodeLenses.onDidChangeCodeLenses?.(() => codeLensChanges.fire());
			if (relay) {
				context.subscriptions.push(relay);
			}
		}
		return features;
	};

	for (const id of COMMAND_IDS) {
		context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => load().execute(id, args)));
	}
	const changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
	const reviewFileSystem: vscode.FileSystemProvider = {
		onDidChangeFile: changes.event,
		watch: () => new vscode.Disposable(() => undefined),
		stat: (uri) => load().reviewFileSystem.stat(uri),
		readFile: (uri) => load().reviewFileSystem.readFile(uri),
		readDirectory: (uri) => load().reviewFileSystem.readDirectory(uri),
		createDirectory: (uri) => load().reviewFileSystem.createDirectory(uri),
		writeFile: (uri, content, options) => load().reviewFileSystem.writeFile(uri, content, options),
		delete: (uri, options) => load().reviewFileSystem.delete(uri, options),
		rename: (oldUri, newUri, options) => load().reviewFileSystem.rename(oldUri, newUri, options),
	};
	context.subscriptions.push(
		changes,
		vscode.workspace.registerFileSystemProvider(REVIEW_SCHEME, reviewFileSystem, { isReadonly: true, isCaseSensitive: true }),
		vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
			deserializeWebviewPanel: async (panel, state) => load().restoreCompareView(panel, state),
		}),
		vscode.window.registerWebviewPanelSerializer(STUDIO_VIEW_TYPE, {
			deserializeWebviewPanel: async (panel, state) => load().restoreStudio(panel, state),
		}),
		// Asset manifests: their code lenses, and their problems once one is open (the features validate open manifests).
		codeLensChanges,
		vscode.languages.registerCodeLensProvider(MANIFEST_SELECTOR, {
			onDidChangeCodeLenses: codeLensChanges.event,
			provideCodeLenses: (document, token) => load().assetCodeLenses.provideCodeLenses(document, token),
		}),
		vscode.workspace.onDidOpenTextDocument((document) => {
			if (vscode.languages.match(MANIFEST_SELECTOR, document) > 0) {
				load();
			}
		}),
	);
	// Agents' tools: thin proxies, so a tool's first use loads the features (older hosts have no vscode.lm.registerTool).
	if (typeof vscode.lm?.registerTool === 'function') {
		for (const name of TOOL_NAMES) {
			context.subscriptions.push(
				vscode.lm.registerTool<object>(name, {
					prepareInvocation: (options, token) => load().imageTools[name].prepareInvocation?.(options, token),
					invoke: (options, token) => load().imageTools[name].invoke(options, token),
				}),
			);
		}
	}
	if (vscode.workspace.textDocuments.some((document) => vscode.languages.match(MANIFEST_SELECTOR, document) > 0)) {
		load();
	}
	openWalkthroughOnFirstRun(context);
	const activateCallMs = performance.now() - activateStarted;

	if (context.extensionMode !== vscode.ExtensionMode.Test) {
		return undefined;
	}
	// The test API loads the features on first use too, so the benchmark measures the same activation users get.
	const api = (): Features['testApi'] => load().testApi;
	return {
		registeredCommands: COMMAND_IDS,
		activateCallMs,
		get notifications() {
			return api().notifications;
		},
		get implementedCommands() {
			return api().implementedCommands;
		},
		get logUri() {
			return api().logUri;
		},
		get globalStorageUri() {
			return api().globalStorageUri;
		},
		get editStorageUri() {
			return api().editStorageUri;
		},
		get provenanceStorageUri() {
			return api().provenanceStorageUri;
		},
		clearNotifications: () => api().clearNotifications(),
		runNotificationAction: (message, button) => api().runNotificationAction(message, button),
		injectWriteFault: (stage) => api().injectWriteFault(stage),
		generateAndSave: (request) => api().generateAndSave(request),
		get studio() {
			return api().studio;
		},
		prepareToolInvocation: (name, input) => api().prepareToolInvocation(name, input),
		get variations() {
			return api().variations;
		},
	};
}

export function deactivate(): void {
	// Everything is disposed through context.subscriptions.
}
