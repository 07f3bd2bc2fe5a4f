/**
 * Every open studio panel (./studioPanel.ts) and the conversations behind them: which panel is active, opening,
 * restoring after a reload (the panel serializer), renaming and deleting conversations, and the conversation lists
 * the panels show.
 */
import * as vscode from 'vscode';
import { readConfig } from '../config';
import { STUDIO_VIEW_TYPE } from '../contributions';
import { errorMessage, ImageStudioError } from '../core/errors';
import type { Services } from '../services';
import { isStudioViewState, StudioRequestOptions, StudioSessionSummary } from '../shared/protocol';
import { createSession, StudioSession } from './session';
import { StudioSessionStore } from './sessionStore';
import { StudioPanel, StudioPanelHost } from './studioPanel';
import { studioWebviewOptions, titleOf } from './studioPage';

/** How long after asking for the model list the studio does not ask again (the directory caches it a day anyway). */
const MODEL_LIST_REQUEST_INTERVAL_MS = 5 * 60 * 1000;

/** Owns every open studio panel and the session store. */
export class StudioManager implements StudioPanelHost, vscode.Disposable {
	readonly store: StudioSessionStore;
	private readonly _panels = new Set<StudioPanel>();
	private _active: StudioPanel | undefined;
	private _lastEditor: { document: vscode.TextDocument; selection: vscode.Selection } | undefined;
	private readonly _editorWatch: vscode.Disposable;
	private readonly _modelWatch: { dispose(): void };
	/** When the model list of an endpoint was last asked for. */
	private readonly _modelListRequestedAt = new Map<string, number>();

	constructor(private readonly _services: Services) {
		const context = _services.context;
		this.store = new StudioSessionStore(context.storageUri ?? context.globalStorageUri);
		void this.store.purgeTrash();
		// Off the critical path: temps a crash left between their write and their rename.
		void this.store.removeStaleTemporaries().then(
			(removed) => removed > 0 && _services.log.info(`Studio: removed ${removed} temporary file(s) left by an interrupted save.`),
			() => undefined,
		);
		// The studio panel takes the focus, so "the active editor" is the last text editor that had it.
		const remember = (editor: vscode.TextEditor | undefined) => {
			if (editor && editor.document.uri.scheme !== 'output') {
				this._lastEditor = { document: editor.document, selection: editor.selection };
			}
		};
		remember(vscode.window.activeTextEditor);
		this._editorWatch = vscode.Disposable.from(
			vscode.window.onDidChangeActiveTextEditor(remember),
			vscode.window.onDidChangeTextEditorSelection((event) => remember(event.textEditor)),
		);
		// A fresh list from the API: every open studio's model control is rebuilt.
		this._modelWatch = _services.models.onDidChange(() => {
			for (const panel of this._panels) {
				void panel.postModels();
			}
		});
	}

	/** The models to offer now (the cached list of the configured endpoint, else the catalog), without waiting. */
	modelChoices(): ReturnType<Services['models']['choices']> {
		return this._services.models.choices(readConfig().endpoint);
	}

	/**
	 * Asks for the endpoint's model list when it is missing or stale (at most every few minutes); the panels are told
	 * through the directory's change event when it arrives. Never throws: the catalog stands in.
	 */
	requestModelList(): void {
		const endpoint = readConfig().endpoint;
		const last = this._modelListRequestedAt.get(endpoint);
		if (last !== undefined && Date.now() - last < MODEL_LIST_REQUEST_INTERVAL_MS) {
			return;
		}
		this._modelListRequestedAt.set(endpoint, Date.now());
		void this._services.apiKeys
			.get()
			.then((apiKey) => this._services.models.load(endpoint, apiKey?.key))
			.catch((error: unknown) => this._services.log.warn(`Studio: the model list could not be loaded: ${errorMessage(error)}`));
	}

	get webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
		return studioWebviewOptions(this._services.context.extensionUri, this.store.root);
	}

	/** The text editor an image is inserted into: the active one, else the last one that was active and is still open. */
	get insertTarget(): { document: vscode.TextDocument; selection: vscode.Selection } | undefined {
		const active = vscode.window.activeTextEditor;
		if (active) {
			return { document: active.document, selection: active.selection };
		}
		return this._lastEditor && !this._lastEditor.document.isClosed ? this._lastEditor : undefined;
	}

	/** How many panels this manager holds (a closed panel leaves at once). */
	get openPanelCount(): number {
		return this._panels.size;
	}

	get activePanel(): StudioPanel | undefined {
		return this._active;
	}

	/** A new, empty session with the configured model. */
	newSession(model?: string, options?: StudioRequestOptions): StudioSession {
		const session = createSession(this.store.newSessionId(), model ?? readConfig().model);
		session.options = options;
		return session;
	}

	/** Opens a new, empty session in a new panel. */
	open(model?: string, options?: StudioRequestOptions): StudioPanel {
		const panel = vscode.window.createWebviewPanel(
			STUDIO_VIEW_TYPE,
			vscode.l10n.t('Gemini Studio'),
			{ viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
			this.webviewOptions,
		);
		return this._adopt(panel, this.newSession(model, options));
	}

	/** Takes over a panel VS Code restored after a reload: reloads its session from disk, or says why it cannot. */
	async restore(panel: vscode.WebviewPanel, state: unknown): Promise<StudioPanel> {
		let session: StudioSession | undefined;
		let notice: string | undefined;
		if (isStudioViewState(state) && this.store.isSessionId(state.sessionId)) {
			try {
				session = await this.store.load(state.sessionId);
			} catch (error) {
				if (await this.store.exists(state.sessionId)) {
					notice = vscode.l10n.t('The conversation could not be restored: {0}. A new one was started.', errorMessage(error));
					this._services.log.warn(`Studio: session ${state.sessionId} could not be restored: ${notice}`);
				}
				// Otherwise it was never saved (an empty studio) or was deleted: a fresh conversation says all there is.
			}
		}
		session ??= this.newSession();
		return this._adopt(panel, session, notice);
	}

	/** The panel showing a session, if one does. */
	panelFor(sessionId: string): StudioPanel | undefined {
		return [...this._panels].find((candidate) => candidate.session.id === sessionId);
	}

	/** Opens an existing session by id; reveals its panel when already open. */
	async openSession(sessionId: string): Promise<StudioPanel> {
		// One panel per session: two in-memory copies of one conversation would overwrite each other's turns.
		const open = this.panelFor(sessionId);
		if (open) {
			open.panel.reveal(undefined, false);
			this._active = open;
			return open;
		}
		const session = await this.store.load(sessionId);
		const panel = vscode.window.createWebviewPanel(STUDIO_VIEW_TYPE, vscode.l10n.t('Gemini Studio'), vscode.ViewColumn.Active, this.webviewOptions);
		return this._adopt(panel, session);
	}

	/** Every stored conversation, for the session lists of the open panels (the unsaved empty ones are added by each panel). */
	async summaries(): Promise<{ sessions: StudioSessionSummary[]; damaged: number }> {
		// The index (one small file), not every session.json: this runs for every open panel on every change.
		const { sessions, damaged } = await this.store.summaries();
		for (const entry of damaged) {
			this._services.log.warn(`Studio: skipped session ${entry.id}: ${entry.reason}`);
		}
		return {
			sessions: sessions.map(({ id, title, updatedAt, turnCount }) => ({ id, title, updatedAt, turnCount })),
			damaged: damaged.length,
		};
	}

	/** Tells every open panel that the list of conversations changed. */
	refreshSessionLists(): void {
		for (const panel of this._panels) {
			void panel.postSessions();
		}
	}

	/**
	 * A conversation joined the store (its first turn, or a continued copy): the only time the store can outgrow its
	 * limit, so the only time it is pruned; then every panel's list is told.
	 */
	conversationAdded(): void {
		const open = new Set([...this._panels].map((panel) => panel.session.id));
		void this.store
			.prune(readConfig().storage.maxStudioConversations, open)
			.then(
				(moved) =>
					moved.length > 0 &&
					this._services.log.info(`Studio: moved ${moved.length} old conversation(s) to the trash (imageStudio.storage.maxStudioConversations).`),
				(error: unknown) => this._services.log.warn(`Studio: could not prune old conversations: ${errorMessage(error)}`),
			)
			.finally(() => this.refreshSessionLists());
	}

	/** Renames a conversation, shown in a panel or not; every panel's list is told. */
	async renameSession(sessionId: string, title: string): Promise<void> {
		const clean = title
			.replace(/[\u0000-\u001f\u007f]/g, ' ')
			.replace(/\s+/g, ' ')
			.trim()
			.slice(0, 120);
		if (!clean) {
			throw new ImageStudioError('invalidInput', vscode.l10n.t('A conversation needs a title.'));
		}
		const open = this.panelFor(sessionId);
		if (open) {
			open.session.title = clean;
			open.panel.title = titleOf(open.session);
			if (open.session.turns.length > 0) {
				await this.store.save(open.session);
			}
		} else {
			const session = await this.store.load(sessionId);
			session.title = clean;
			await this.store.save(session);
		}
		this.refreshSessionLists();
	}

	/**
	 * Deletes a conversation: moved to the trash (kept a week), with Undo in the notification. A panel showing it
	 * switches to a new conversation; one with a turn running refuses.
	 */
	async deleteSession(sessionId: string): Promise<void> {
		if (!this.store.isSessionId(sessionId)) {
			throw new ImageStudioError('invalidInput', vscode.l10n.t('That is not a studio conversation.'));
		}
		const open = this.panelFor(sessionId);
		if (open?.busy) {
			throw new ImageStudioError('invalidInput', vscode.l10n.t('Wait for the running turn to finish (or cancel it) before deleting this conversation.'));
		}
		const stored = await this.store.exists(sessionId);
		// A damaged session.json can still be deleted; it is then named by its id.
		const title = stored
			? await this.store.load(sessionId).then(
					(session) => session.title,
					() => sessionId,
				)
			: sessionId;
		if (open) {
			open.showSession(this.newSession(open.session.model, open.session.options));
		}
		if (stored) {
			await this.store.delete(sessionId);
			this._services.log.info(`Studio: deleted session ${sessionId} (kept in the trash for a week).`);
			this._services.notifier.info(vscode.l10n.t('Deleted the conversation "{0}".', title), {
				title: vscode.l10n.t('Undo'),
				run: async () => {
					try {
						await this.store.restoreDeleted(sessionId);
						this.refreshSessionLists();
					} catch (error) {
						this._services.notifier.error(error, vscode.l10n.t('Undo Delete'));
					}
				},
			});
		}
		this.refreshSessionLists();
	}

	dispose(): void {
		this._editorWatch.dispose();
		this._modelWatch.dispose();
		for (const panel of [...this._panels]) {
			panel.dispose();
		}
	}

	private _adopt(webviewPanel: vscode.WebviewPanel, session: StudioSession, notice?: string): StudioPanel {
		const panel = new StudioPanel(this._services, this, webviewPanel, session, notice);
		this._panels.add(panel);
		this._active = panel;
		panel.track(
			webviewPanel.onDidChangeViewState((event) => {
				if (event.webviewPanel.active) {
					this._active = panel;
				}
			}),
		);
		panel.onDidDispose(() => {
			this._panels.delete(panel);
			if (this._active === panel) {
				this._active = [...this._panels].pop();
			}
		});
		return panel;
	}
}
