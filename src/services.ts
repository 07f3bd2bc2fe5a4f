/** The long-lived services commands depend on, built once in `activate`. */
import type * as vscode from 'vscode';
import type { ChatClient } from './gemini/chatClient';
import type { ImageGenerator } from './gemini/geminiClient';
import type { BatchClient } from './gemini/batchClient';
import type { ModelDirectory } from './gemini/modelDirectory';
import type { Logger } from './log';
import type { Notifier } from './notifier';
import type { ApiKeyStore } from './secrets/apiKeyStore';
import type { RequestTracker } from './requestTracker';
import type { PendingEditStore } from './review/pendingEdits';
import type { ProvenanceStore } from './provenance/provenanceStore';
import type { Preferences } from './state/preferences';
import type { UsageLedger } from './state/usageLedger';
import type { WorkspaceStore } from './workspace/workspaceStore';

export interface Services {
	readonly context: vscode.ExtensionContext;
	readonly log: Logger;
	readonly notifier: Notifier;
	readonly apiKeys: ApiKeyStore;
	readonly generator: ImageGenerator;
	/** The studio's multi-turn client (injected like the generator, so tests and the bench can replace it). */
	readonly chat: ChatClient;
	/** Gemini's batch API (half price, results within a day), for asset runs. */
	readonly batches: BatchClient;
	readonly store: WorkspaceStore;
	readonly preferences: Preferences;
	readonly requests: RequestTracker;
	readonly edits: PendingEditStore;
	/** The models to offer: the API's list per endpoint (cached a day) annotated by the catalog. */
	readonly models: ModelDirectory;
	/** What requests cost, by estimate: this session and this workspace. */
	readonly usage: UsageLedger;
	/** The recipes of written images, in extension storage (and in the files when the user opts in). */
	readonly provenance: ProvenanceStore;
}
