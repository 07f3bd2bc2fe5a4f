/**
 * The studio: a webview chat in which the user iterates on an image over many turns (webview code: media/studio/).
 * The host owns the session (src/studio/session.ts), sends the whole history to Gemini each turn and persists it in
 * the extension's workspace storage. The webview shows stored images through `asWebviewUri` (the storage folder is
 * one of its resource roots), so no image bytes cross postMessage except the chips of images not yet sent.
 */
import * as vscode from 'vscode';
import { lockedDownWebviewOptions } from '../webview/webviewOptions';
import { readConfig } from '../config';
import { STUDIO_VIEW_TYPE } from '../contributions';
import { ImageStudioError } from '../core/errors';
import { estimateRequestCostUsd, findModel, ImageSize, ModelInfo, resolveModel } from '../gemini/modelCatalog';
import { DEFAULT_RETRY_POLICY } from '../gemini/retryPolicy';
import { requireApiKey } from '../generation/requestImages';
import { isSavableImageType, sniffImageType } from '../core/imageType';
import { readInputImage } from '../images/inputImages';
import { readImageCommandInput } from '../images/commandInput';
import { buildWebviewPage, createNonce } from '../webview/page';
import { openCompareView } from '../review/compareView';
import type { Services } from '../services';
import {
	isStudioFromWebview,
	isStudioViewState,
	StudioAttachmentView,
	StudioFromWebview,
	StudioImageAction,
	StudioPartView,
	StudioRequestOptions,
	StudioSessionSummary,
	StudioToWebview,
	StudioTurnView,
} from '../shared/protocol';
import { slugFromPrompt } from '../workspace/fileNaming';
import { chooseWorkspaceFolder } from '../workspace/workspaceFolders';
import { altFromPrompt, insertionText, relativeImagePath } from './insertion';
import { BYTES_PER_MB, foreignModels, leftOutNotice, planHistory } from './historyBuilder';
import { continueSession, createSession, isReplayable, StoredImageRef, storeModelParts, StudioSession, StudioTurn, titleFromPrompt, WireContent } from './session';
import { requestControls, studioModelViews } from './studioModels';
import { StudioSessionStore } from './sessionStore';

/** The outcome of one turn, returned to `imageStudio.openStudio` callers. */
export interface StudioTurnResult {
	readonly sessionId: string;
	readonly turnId: string;
	readonly ok: boolean;
	readonly imageCount: number;
	readonly error?: string;
}

/** An image waiting to go with the next turn: checked by content, held in memory until the turn is sent. */
export interface PendingAttachment {
	readonly id: string;
	readonly name: string;
	readonly mimeType: string;
	readonly extension: string;
	readonly bytes: Uint8Array;
}

/** What `addAttachments` did: how many were added and why the others were refused. */
export interface AddAttachmentsResult {
	readonly added: number;
	readonly errors: readonly string[];
}

/** The controls a new conversation starts with: everything left to the model, text and images, no grounding. */
export const DEFAULT_STUDIO_OPTIONS: StudioRequestOptions = { output: 'textAndImage', googleSearch: false };

/** The page shell; everything visible is built by the script with textContent. */
export function buildStudioHtml(options: { cspSource: string; scriptUri: string; styleUri: string; nonce: string; title: string }): string {
	// The style nonce lets Google's search suggestions (a sandboxed srcdoc frame, which inherits this CSP) keep their <style>.
	return buildWebviewPage(
		{ ...options, styleNonce: createNonce() },
		`<main id="studio-root" class="studio-root" aria-busy="true">
		<p class="studio-loading" role="status">Loading conversation…</p>
	</main>`,
	);
}

/** The studio's webview options: the locked-down ones, plus the session storage as a resource root (images by URI). */
export function studioWebviewOptions(extensionUri: vscode.Uri, sessionsRoot: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
	const options = lockedDownWebviewOptions(extensionUri);
	return { ...options, localResourceRoots: [...(options.localResourceRoots ?? []), sessionsRoot] };
}

/** How long after asking for the model list the studio does not ask again (the directory caches it a day anyway). */
const MODEL_LIST_REQUEST_INTERVAL_MS = 5 * 60 * 1000;

/** Owns every open studio panel and the session store. */
export class StudioManager implements vscode.Disposable {
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
			.catch((error: unknown) => this._services.log.warn(`Studio: the model list could not be loaded: ${error instanceof Error ? error.message : String(error)}`));
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
		const panel = vscode.window.createWebviewPanel(STUDIO_VIEW_TYPE, 'Gemini Studio', { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, this.webviewOptions);
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
					notice = `The conversation could not be restored: ${error instanceof Error ? error.message : String(error)}. A new one was started.`;
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
		const panel = vscode.window.createWebviewPanel(STUDIO_VIEW_TYPE, 'Gemini Studio', vscode.ViewColumn.Active, this.webviewOptions);
		return this._adopt(panel, session);
	}

	/** Every stored conversation, for the session lists of the open panels (the unsaved empty ones are added by each panel). */
	async summaries(): Promise<{ sessions: StudioSessionSummary[]; damaged: number }> {
		const { sessions, damaged } = await this.store.list();
		for (const entry of damaged) {
			this._services.log.warn(`Studio: skipped session ${entry.id}: ${entry.reason}`);
		}
		return { sessions: sessions.map((session) => ({ id: session.id, title: session.title, updatedAt: session.updatedAt, turnCount: session.turns.length })), damaged: damaged.length };
	}

	/** Tells every open panel that the list of conversations changed. */
	refreshSessionLists(): void {
		for (const panel of this._panels) {
			void panel.postSessions();
		}
	}

	/**
	 * Deletes a conversation: moved to the trash (kept a week), with Undo in the notification. A panel showing it
	 * switches to a new conversation; one with a turn running refuses.
	 */
	async deleteSession(sessionId: string): Promise<void> {
		if (!this.store.isSessionId(sessionId)) {
			throw new ImageStudioError('invalidInput', 'That is not a studio conversation.');
		}
		const open = this.panelFor(sessionId);
		if (open?.busy) {
			throw new ImageStudioError('invalidInput', 'Wait for the running turn to finish (or cancel it) before deleting this conversation.');
		}
		const stored = await this.store.exists(sessionId);
		// A damaged session.json can still be deleted; it is then named by its id.
		const title = stored ? await this.store.load(sessionId).then((session) => session.title, () => sessionId) : sessionId;
		if (open) {
			open.showSession(this.newSession(open.session.model, open.session.options));
		}
		if (stored) {
			await this.store.delete(sessionId);
			this._services.log.info(`Studio: deleted session ${sessionId} (kept in the trash for a week).`);
			this._services.notifier.info(`Deleted the conversation "${title}".`, {
				title: 'Undo',
				run: async () => {
					try {
						await this.store.restoreDeleted(sessionId);
						this.refreshSessionLists();
					} catch (error) {
						this._services.notifier.error(error, 'Undo Delete');
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
		webviewPanel.onDidChangeViewState((event) => {
			if (event.webviewPanel.active) {
				this._active = panel;
			}
		});
		webviewPanel.onDidDispose(() => {
			this._panels.delete(panel);
			if (this._active === panel) {
				this._active = [...this._panels].pop();
			}
		});
		return panel;
	}
}

/** A turn to run: a new one, or a failed one sent again. */
interface TurnInput {
	readonly prompt: string;
	readonly model: string;
	readonly options: StudioRequestOptions;
	/** Images not stored yet (pending chips): written into the session folder when the turn joins the session. */
	readonly fresh: readonly PendingAttachment[];
	/** Images already in the session folder (a retried turn's). */
	readonly stored: readonly StoredImageRef[];
	/** The failed turn this one is sent again for: it leaves the conversation once this one joins it. */
	readonly replaces?: StudioTurn;
}

export class StudioPanel implements vscode.Disposable {
	private readonly _disposables: vscode.Disposable[] = [];
	private _disposed = false;
	private _session: StudioSession;
	private _running: { sessionId: string; turnId: string; cancel(): void } | undefined;
	private _pending: PendingAttachment[] = [];
	private _nextAttachmentId = 1;
	/** Where each image of the conversation was saved, so Insert does not save it twice. */
	private readonly _saved = new Map<string, vscode.Uri>();
	/** Why the conversation shown is not the one asked for (a restore that failed), if so. */
	private _notice: string | undefined;
	/** Rejected webview messages, for tests and the log. */
	rejectedMessages = 0;
	/** In test mode, every message posted to the webview (for the integration tests); empty otherwise. */
	readonly posted: StudioToWebview[] = [];
	private readonly _record: boolean;

	constructor(
		private readonly _services: Services,
		private readonly _manager: StudioManager,
		readonly panel: vscode.WebviewPanel,
		session: StudioSession,
		notice?: string,
	) {
		this._session = session;
		this._notice = notice;
		this._record = _services.context.extensionMode === vscode.ExtensionMode.Test;
		panel.title = titleOf(session);
		panel.webview.options = _manager.webviewOptions;
		this._disposables.push(panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)));
		this._disposables.push(panel.onDidDispose(() => this.dispose()));
		this._render();
	}

	get session(): StudioSession {
		return this._session;
	}

	get notice(): string | undefined {
		return this._notice;
	}

	get busy(): boolean {
		return this._running !== undefined;
	}

	/** The images that go with the next turn. */
	get pendingAttachments(): readonly PendingAttachment[] {
		return this._pending;
	}

	/** Rebuilds the page (as "Reload Webviews" does); the new page says `ready` and gets the conversation again. */
	reloadWebview(): void {
		this._render();
	}

	private _render(): void {
		const extensionUri = this._services.context.extensionUri;
		const webview = this.panel.webview;
		webview.html = buildStudioHtml({
			cspSource: webview.cspSource,
			scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'media', 'studio.js')).toString(),
			styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'studio', 'studio.css')).toString(),
			nonce: createNonce(),
			title: titleOf(this._session),
		});
	}

	/** Shows another conversation in this panel (the pending chips stay: they belong to the composer). */
	showSession(session: StudioSession, notice?: string): void {
		this._session = session;
		this._notice = notice;
		this._saved.clear();
		this.panel.title = titleOf(session);
		void this._postInit();
	}

	/**
	 * Adds workspace images to the next turn. Each is typed by its bytes and checked against the conversation's model
	 * (accepted types, how many images, the inline size limit); the refused ones are reported, the others kept.
	 */
	async addAttachments(uris: readonly vscode.Uri[]): Promise<AddAttachmentsResult> {
		return this._addAll(
			uris.map((uri) => ({
				name: uri.path.split('/').pop() || uri.toString(),
				read: async (model) => {
					const image = await readInputImage(uri, model);
					return { mimeType: image.mimeType, extension: image.extension, bytes: image.bytes };
				},
			})),
		);
	}

	/** Adds pasted or dropped bytes to the next turn: typed by their magic bytes, never by the name or the clipboard's type. */
	async addAttachmentBytes(name: string, bytes: Uint8Array): Promise<AddAttachmentsResult> {
		const shown = name.replace(/[\u0000-\u001f]/g, '').slice(0, 100) || 'pasted image';
		return this._addAll([
			{
				name: shown,
				read: async (model) => {
					const type = sniffImageType(bytes);
					if (!type) {
						throw new ImageStudioError('inputImage', `${shown} is not an image Gemini can read (its content is not PNG, JPEG, WebP, HEIC or HEIF).`);
					}
					if (!model.inputMimeTypes.includes(type.mimeType)) {
						throw new ImageStudioError('inputImage', `${shown} is a ${type.mimeType} image, which ${model.id} does not accept. Use ${model.inputMimeTypes.map((mime) => mime.replace('image/', '').toUpperCase()).join(', ')}.`);
					}
					return { mimeType: type.mimeType, extension: type.extension, bytes };
				},
			},
		]);
	}

	removeAttachment(id: string): void {
		this._pending = this._pending.filter((attachment) => attachment.id !== id);
		void this._postAttachments([]);
	}

	private async _addAll(items: readonly { name: string; read: (model: ModelInfo) => Promise<{ mimeType: string; extension: string; bytes: Uint8Array }> }[]): Promise<AddAttachmentsResult> {
		const resolution = resolveModel(this._session.model);
		if (resolution.kind === 'invalid') {
			const errors = [`"${this._session.model.slice(0, 80)}" is not a Gemini image model; choose another model first.`];
			void this._postAttachments(errors);
			return { added: 0, errors };
		}
		const model = resolution.model;
		const errors: string[] = [];
		let added = 0;
		for (const item of items) {
			if (this._pending.length >= model.maxInputImages) {
				errors.push(`${item.name} was not added: ${model.id} accepts at most ${model.maxInputImages} images per turn.`);
				continue;
			}
			try {
				const image = await item.read(model);
				if (image.bytes.byteLength > model.maxInlineImageBytes) {
					throw new ImageStudioError(
						'inputImage',
						`${item.name} is ${(image.bytes.byteLength / (1024 * 1024)).toFixed(1)} MB; the studio sends images inline, at most ${Math.floor(model.maxInlineImageBytes / (1024 * 1024))} MB each. Use a smaller image.`,
					);
				}
				this._pending.push({ id: `a${this._nextAttachmentId++}`, name: item.name, mimeType: image.mimeType, extension: image.extension, bytes: image.bytes });
				added++;
			} catch (error) {
				errors.push(error instanceof Error ? error.message : String(error));
			}
		}
		if (errors.length > 0) {
			this._services.log.warn(`Studio: ${errors.length} attachment(s) refused: ${errors.join(' | ')}`);
		}
		void this._postAttachments(errors);
		return { added, errors };
	}

	private async _postAttachments(errors: readonly string[]): Promise<void> {
		await this._post({ type: 'attachments', attachments: this._pending.map((attachment) => ({ id: attachment.id, name: attachment.name, mimeType: attachment.mimeType, bytes: exactCopy(attachment.bytes) })), errors });
	}

	private async _pickAttachments(): Promise<void> {
		const chosen = await vscode.window.showOpenDialog({
			title: 'Attach Images',
			canSelectMany: true,
			filters: { Images: ['png', 'jpg', 'jpeg', 'webp', 'heic', 'heif'] },
			defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
		});
		if (chosen && chosen.length > 0) {
			await this.addAttachments(chosen);
		}
	}

	private async _attachUris(values: readonly string[]): Promise<void> {
		let uris: vscode.Uri[];
		try {
			uris = readImageCommandInput({ uris: values.map(fromWorkbenchUri) }, undefined).uris;
		} catch (error) {
			await this._postAttachments([error instanceof Error ? error.message : String(error)]);
			return;
		}
		// Dropped URIs come from the webview: nothing outside the workspace is even looked at (no probing for files).
		const inside = uris.filter((uri) => vscode.workspace.getWorkspaceFolder(uri));
		const outside = uris.filter((uri) => !inside.includes(uri));
		if (outside.length > 0) {
			await this._postAttachments(outside.map((uri) => `${uri.path.split('/').pop() || 'That file'} is not inside an open workspace folder.`));
		}
		if (inside.length > 0) {
			await this.addAttachments(inside);
		}
	}

	dispose(): void {
		if (this._disposed) {
			return;
		}
		this._disposed = true;
		this._running?.cancel();
		for (const disposable of this._disposables.splice(0)) {
			disposable.dispose();
		}
		this.panel.dispose();
	}

	/** Handles one message from the webview; returns false (and logs) when it was rejected. */
	receive(message: unknown): boolean {
		if (!isStudioFromWebview(message)) {
			this.rejectedMessages++;
			this._services.log.warn(`Studio: ignored an unexpected webview message (${describe(message)}).`);
			return false;
		}
		this._handle(message);
		return true;
	}

	private _handle(message: StudioFromWebview): void {
		switch (message.type) {
			case 'ready':
				void this._postInit();
				return;
			case 'send':
				if (!this._isOffered(message.model)) {
					this._services.log.warn(`Studio: ignored a send for unknown model ${message.model}.`);
					return;
				}
				if (!this._running) {
					// The webview sends all its controls: an absent ratio, size or thinking level means "the model's
					// default", not "the conversation's last choice" (which is what absent means for openStudio callers).
					this._session.options = message.options;
				}
				void this.send(message.prompt, message.model, true, message.options);
				return;
			case 'retry':
				void this.retry(message.turnId);
				return;
			case 'cancel':
				this._running?.cancel();
				return;
			case 'modelChanged':
				this._changeModel(message.model);
				return;
			case 'optionsChanged':
				this._session.options = message.options;
				return;
			case 'imageAction':
				void this._imageAction(message.action, message.turnId, message.imageId);
				return;
			case 'attach':
				void this._pickAttachments();
				return;
			case 'attachBytes':
				void this.addAttachmentBytes(message.name, message.bytes);
				return;
			case 'attachUris':
				void this._attachUris(message.uris);
				return;
			case 'removeAttachment':
				this.removeAttachment(message.id);
				return;
			case 'newSession':
				void this._guard('New Conversation', async () => this._switchTo(this._manager.newSession(this._session.model, this._session.options)));
				return;
			case 'openSession':
				void this._guard('Open Conversation', () => this.openStoredSession(message.sessionId));
				return;
			case 'renameSession':
				void this._guard('Rename Conversation', () => this.renameSession(message.sessionId, message.title));
				return;
			case 'deleteSession':
				void this._guard('Delete Conversation', () => this._manager.deleteSession(message.sessionId));
				return;
			case 'continueFrom':
				void this._guard('Continue from Here', () => this.continueFrom(message.turnId));
				return;
		}
	}

	/** Runs a session action; a failure is shown inline (and logged), never thrown. */
	private async _guard(label: string, action: () => Promise<unknown>): Promise<void> {
		try {
			await action();
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			this._services.log.error(`Studio: ${label} failed: ${message}`);
			await this._post({ type: 'notice', message, severity: 'error' });
		}
	}

	/** Whether the model control offers the model: the directory's choices, and the conversation's own model. */
	private _isOffered(modelId: string): boolean {
		return modelId === this._session.model || this._manager.modelChoices().some((choice) => choice.id === modelId);
	}

	private _changeModel(modelId: string): void {
		if (!this._isOffered(modelId) || modelId === this._session.model) {
			return;
		}
		const previous = this._session.model;
		this._session.model = modelId;
		const explanation = modelSwitchNotice(this._session, modelId);
		if (explanation) {
			void this._post({ type: 'notice', message: explanation, severity: 'info' });
		}
		this._services.log.info(`Studio: ${this._session.id} switched from ${previous} to ${modelId}.`);
	}

	private async _switchTo(session: StudioSession): Promise<void> {
		if (this._running) {
			throw new ImageStudioError('invalidInput', 'Wait for the running turn to finish (or cancel it) before switching conversations.');
		}
		this.showSession(session);
		await this.postSessions();
	}

	/** Shows a stored conversation here, or reveals the panel that already shows it. */
	async openStoredSession(sessionId: string): Promise<void> {
		if (sessionId === this._session.id) {
			return;
		}
		const elsewhere = this._manager.panelFor(sessionId);
		if (elsewhere) {
			elsewhere.panel.reveal(undefined, false);
			await this.postSessions(); // Put the list's selection back on this panel's conversation.
			return;
		}
		let session: StudioSession;
		try {
			session = await this._manager.store.load(sessionId);
		} catch (error) {
			await this.postSessions();
			throw new ImageStudioError('invalidInput', `That conversation could not be opened: ${error instanceof Error ? error.message : String(error)}`);
		}
		await this._switchTo(session);
	}

	async renameSession(sessionId: string, title: string): Promise<void> {
		const clean = title.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
		if (!clean) {
			throw new ImageStudioError('invalidInput', 'A conversation needs a title.');
		}
		const open = this._manager.panelFor(sessionId);
		if (open) {
			open.session.title = clean;
			open.panel.title = titleOf(open.session);
			if (open.session.turns.length > 0) {
				await this._manager.store.save(open.session);
			}
		} else {
			const session = await this._manager.store.load(sessionId);
			session.title = clean;
			await this._manager.store.save(session);
		}
		this._manager.refreshSessionLists();
	}

	/** "Continue from this turn": a new conversation holding the history up to and including the turn, shown here. */
	async continueFrom(turnId: string): Promise<StudioSession> {
		if (this._running) {
			throw new ImageStudioError('invalidInput', 'Wait for the running turn to finish (or cancel it) first.');
		}
		// After Gemini refused this conversation's signatures, the copy replays them with the placeholder instead.
		const index = this._session.turns.findIndex((turn) => turn.id === turnId);
		const refusedLater = this._session.turns.slice(index + 1).some((turn) => turn.errorCode === 'invalidHistory');
		const copy = continueSession(this._session, turnId, this._manager.store.newSessionId(), new Date(), { withoutSignatures: refusedLater });
		if (!copy) {
			throw new ImageStudioError('invalidInput', 'That turn is not part of this conversation.');
		}
		await this._manager.store.copyImages(this._session.id, copy.session.id, copy.files);
		await this._manager.store.save(copy.session);
		this._services.log.info(`Studio: ${copy.session.id} continues ${this._session.id} from turn ${turnId} (${copy.session.turns.length} turn(s)).`);
		await this._switchTo(copy.session);
		this._manager.refreshSessionLists();
		return copy.session;
	}

	/** Sends one turn with the whole history; resolves when it is answered, failed or cancelled. Never throws. */
	async send(prompt: string, model: string | undefined, interactive: boolean, options?: Partial<StudioRequestOptions>): Promise<StudioTurnResult> {
		const text = prompt.trim();
		const modelId = model ?? this._session.model;
		const merged: StudioRequestOptions = { ...nextTurnOptions(this._session), ...definedOnly(options ?? {}) };
		if (this._running) {
			return { sessionId: this._session.id, turnId: '', ok: false, imageCount: 0, error: 'Another turn is still running in this conversation.' };
		}
		const fresh = text === '' ? [] : this._pending.splice(0);
		return this._run({ prompt: text, model: modelId, options: merged, fresh, stored: [] }, interactive);
	}

	/** Sends a failed turn again (same prompt, images, model and controls); the failed attempt leaves the conversation. */
	async retry(turnId: string): Promise<StudioTurnResult> {
		const session = this._session;
		const failed = session.turns.find((turn) => turn.id === turnId);
		if (this._running || !failed || failed.error === undefined || failed.errorCode === 'invalidHistory') {
			const error = this._running
				? 'Another turn is still running in this conversation.'
				: failed?.errorCode === 'invalidHistory'
					? 'Gemini did not accept this conversation\'s history, so sending it again would fail again. Continue from an earlier turn instead.'
					: 'Only a failed turn can be retried.';
			void this._post({ type: 'notice', message: error, severity: 'warning' });
			return { sessionId: session.id, turnId, ok: false, imageCount: 0, error };
		}
		return this._run({ prompt: failed.prompt, model: failed.model, options: failed.options ?? nextTurnOptions(session), fresh: [], stored: failed.attachments, replaces: failed }, true);
	}

	private async _run(input: TurnInput, interactive: boolean): Promise<StudioTurnResult> {
		const session = this._session;
		const turnId = `t${session.turns.length + 1}-${Date.now().toString(36)}`;
		const modelId = input.model;
		session.model = modelId;
		session.options = input.options;
		const attachments: StoredImageRef[] = [
			...input.stored,
			...input.fresh.map((attachment, index) => ({ file: `${turnId}-a${index}.${attachment.extension}`, mimeType: attachment.mimeType })),
		];
		const notices: string[] = [];
		const switchNotice = modelSwitchNotice(session, modelId);
		if (switchNotice) {
			notices.push(switchNotice);
		}
		let turn: StudioTurn = { id: turnId, model: modelId, prompt: input.prompt, attachments, options: input.options, createdAt: new Date().toISOString() };
		const tracked = this._services.requests.begin();
		this._running = { sessionId: session.id, turnId, cancel: () => tracked.cancel() };
		try {
			if (input.prompt === '') {
				throw new ImageStudioError('invalidInput', 'Type a prompt first.');
			}
			const resolution = resolveModel(modelId);
			if (resolution.kind === 'invalid') {
				throw new ImageStudioError('invalidInput', `"${modelId.slice(0, 80)}" is not a Gemini image model.`);
			}
			const request = requestControls(resolution.model, resolution.kind === 'known', input.options);
			notices.push(...request.notices);
			turn = { ...turn, notice: notices.length > 0 ? notices.join(' ') : undefined };
			// Built before the new turn joins the session: failed and pending turns are never replayed.
			const fresh = new Map<string, Uint8Array>();
			input.fresh.forEach((attachment, index) => fresh.set(attachments[input.stored.length + index].file, attachment.bytes));
			const history = await this._history(session, { prompt: input.prompt, attachments, model: modelId }, resolution.model, fresh);
			const contents = history.contents;
			if (history.notice) {
				notices.push(history.notice);
				turn = { ...turn, notice: notices.join(' ') };
			}
			if (input.fresh.length > 0) {
				void this._postAttachments([]);
				// Stored as files beside session.json, never as base64 in it.
				for (let index = 0; index < input.fresh.length; index++) {
					await this._manager.store.writeImage(session.id, attachments[input.stored.length + index].file, input.fresh[index].bytes);
				}
			}
			if (input.replaces && session.turns.includes(input.replaces)) {
				session.turns.splice(session.turns.indexOf(input.replaces), 1);
				void this._post({ type: 'turnRemoved', turnId: input.replaces.id });
			}
			session.turns.push(turn);
			if (session.turns.length === 1) {
				session.title = titleFromPrompt(input.prompt);
				this.panel.title = titleOf(session);
			}
			// On disk before the request: a window closed or crashed mid-request leaves an interrupted turn, not orphan files.
			await this._saveSession(session);
			void this._post({ type: 'turn', turn: this._turnView(turn) });
			void this._post({ type: 'busy', busy: true });
			const apiKey = await requireApiKey(this._services, interactive);
			const config = readConfig();
			const started = Date.now();
			const reply = await this._services.chat.send(
				{
					model: modelId,
					contents,
					includeThoughts: resolution.model.supportsThinking,
					aspectRatio: request.aspectRatio,
					imageSize: request.imageSize,
					imageOnly: input.options.output === 'imageOnly',
					googleSearch: request.googleSearch,
					thinkingLevel: request.thinkingLevel,
				},
				{
					apiKey: apiKey.key,
					endpoint: config.endpoint,
					timeoutMs: config.requestTimeoutMs,
					retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries: config.maxRetries },
					signal: tracked.signal,
					onRetry: ({ retry, delayMs, error }) => this._services.log.warn(`Studio: attempt ${retry} failed (${error.code}: ${error.message}); retrying in ${delayMs} ms`),
				},
			);
			this._services.log.info(
				`Studio: turn ${session.turns.length} of ${session.id} answered in ${Date.now() - started} ms (${reply.parts.length} part(s), ${reply.imageCount} image(s), ${reply.usage.inputTokens} input token(s), history of ${contents.length} content(s)).`,
			);
			const stored = storeModelParts(reply.parts as Record<string, unknown>[], (index, extension) => `${turnId}-p${index}.${extension}`);
			for (const image of stored.images) {
				await this._manager.store.writeImage(session.id, image.file, image.bytes);
			}
			const usage = { ...reply.usage, imageCount: reply.imageCount };
			turn.usage = { ...usage, costUsd: estimateRequestCostUsd(resolution.model, usage, request.imageSize as ImageSize | undefined) };
			turn.grounding = reply.grounding;
			turn.response = stored.parts;
			return { sessionId: session.id, turnId, ok: true, imageCount: reply.imageCount };
		} catch (error) {
			const mapped = error instanceof ImageStudioError ? error : undefined;
			const message = mapped?.message ?? (error instanceof Error ? error.message : String(error));
			turn.error = message;
			turn.errorCode = mapped?.code;
			if (mapped?.code === 'noKey') {
				// The inline message cannot offer "Set API Key"; the notification can.
				this._services.notifier.error(mapped, 'Studio');
			} else {
				this._services.log.error(`Studio: turn failed: ${message}${mapped?.options.detail ? `\n${mapped.options.detail}` : ''}`);
			}
			return { sessionId: session.id, turnId, ok: false, imageCount: 0, error: message };
		} finally {
			tracked.dispose();
			this._running = undefined;
			if (session.turns.includes(turn)) {
				await this._saveSession(session).catch(() => undefined);
				if (session === this._session && !this._disposed) {
					void this._post({ type: 'turn', turn: this._turnView(turn) });
				}
				if (session.turns.length === 1) {
					this._manager.refreshSessionLists();
				}
			} else if (turn.error) {
				// Refused before it joined the conversation: the new images wait for the next try.
				this._pending.unshift(...input.fresh);
				void this._postAttachments([]);
				void this._post({ type: 'turn', turn: { id: turn.id, prompt: turn.prompt, model: turn.model, status: 'failed', parts: [], error: turn.error } });
			}
			void this._post({ type: 'busy', busy: false });
		}
	}

	/** Saves the conversation; a failure is said in the panel (the turn would otherwise be lost on reload) and rethrown. */
	private async _saveSession(session: StudioSession): Promise<void> {
		session.updatedAt = new Date().toISOString();
		try {
			await this._manager.store.save(session);
		} catch (error) {
			const message = `The conversation could not be saved, so this turn will be missing after a reload: ${error instanceof Error ? error.message : String(error)}`;
			this._services.log.error(`Studio: session ${session.id}: ${message}`);
			void this._post({ type: 'notice', message, severity: 'error' });
			throw error;
		}
	}

	/**
	 * The request's contents (./historyBuilder.ts): the whole conversation while it fits the byte budget and the model's
	 * images-per-request limit, else without its oldest images (said on the turn). Plans with the stored files' sizes
	 * and reads only the images it sends.
	 */
	private async _history(
		session: StudioSession,
		next: { prompt: string; attachments: readonly StoredImageRef[]; model: string },
		model: ModelInfo,
		fresh: ReadonlyMap<string, Uint8Array>,
	): Promise<{ contents: WireContent[]; notice?: string }> {
		const maxRequestMB = readConfig().studioMaxRequestMB;
		const store = this._manager.store;
		const missing = (file: string) => new ImageStudioError('badResponse', `An image of this conversation (${file}) is missing from its storage.`);
		const sizes = new Map<string, number>();
		for (const turn of session.turns.filter(isReplayable)) {
			const files = [...turn.attachments.map((attachment) => attachment.file), ...turn.response!.flatMap((part) => (part.inlineFile ? [part.inlineFile.file] : []))];
			for (const file of files) {
				if (!sizes.has(file)) {
					sizes.set(file, await store.imageSize(session.id, file).catch(() => Promise.reject(missing(file))));
				}
			}
		}
		fresh.forEach((bytes, file) => sizes.set(file, bytes.byteLength));
		for (const attachment of next.attachments) {
			if (!sizes.has(attachment.file)) {
				sizes.set(attachment.file, await store.imageSize(session.id, attachment.file).catch(() => Promise.reject(missing(attachment.file))));
			}
		}
		const plan = planHistory(session, next, { maxBytes: maxRequestMB * BYTES_PER_MB, maxImages: model.maxInputImages }, (file) => sizes.get(file) ?? 0);
		if (plan.overLimit === 'imageLimit') {
			throw new ImageStudioError('inputImage', `${model.displayName} accepts at most ${model.maxInputImages} images per request; remove some attachments.`);
		}
		if (plan.overLimit === 'size') {
			throw new ImageStudioError(
				'inputImage',
				`This turn's attachments come to ${(plan.bytes / BYTES_PER_MB).toFixed(1)} MB as sent, more than imageStudio.studio.maxRequestMB (${maxRequestMB} MB). Attach fewer or smaller images, or raise the setting.`,
			);
		}
		const images = new Map<string, Uint8Array>();
		for (const file of plan.filesToSend) {
			images.set(file, fresh.get(file) ?? (await store.readImage(session.id, file).catch(() => Promise.reject(missing(file)))));
		}
		return { contents: plan.contents((file) => images.get(file)!), notice: leftOutNotice(plan, model, maxRequestMB) };
	}

	/** Rebuilds the webview's model control (a fresh list from the API arrived). */
	async postModels(): Promise<void> {
		await this._post({ type: 'models', models: studioModelViews(this._manager.modelChoices(), this._session.model), model: this._session.model });
	}

	async postSessions(): Promise<void> {
		const { sessions, damaged } = await this._manager.summaries();
		if (!sessions.some((summary) => summary.id === this._session.id)) {
			sessions.unshift({ id: this._session.id, title: this._session.title, updatedAt: this._session.updatedAt, turnCount: this._session.turns.length });
		}
		await this._post({ type: 'sessions', sessions, currentId: this._session.id, damaged });
	}

	private async _postInit(): Promise<void> {
		const session = this._session;
		this._manager.requestModelList();
		await this._post({
			type: 'init',
			sessionId: session.id,
			title: titleOf(session),
			models: studioModelViews(this._manager.modelChoices(), session.model),
			model: session.model,
			options: nextTurnOptions(session),
			turns: session.turns.map((turn) => this._turnView(turn)),
			busy: this._running?.sessionId === session.id,
			state: { version: 1, sessionId: session.id },
			notice: this._notice,
		});
		await this.postSessions();
		if (this._pending.length > 0) {
			await this._postAttachments([]);
		}
	}

	private _src(file: string): string {
		return this.panel.webview.asWebviewUri(this._manager.store.imageUri(this._session.id, file)).toString();
	}

	private _turnView(turn: StudioTurn): StudioTurnView {
		const compareWith = this._compareSource(turn);
		const parts: StudioPartView[] = [];
		for (const part of turn.response ?? []) {
			const thought = part.thought === true;
			if (part.inlineFile) {
				parts.push({ kind: 'image', imageId: part.inlineFile.file, mimeType: part.inlineFile.mimeType, src: this._src(part.inlineFile.file), thought, compareWith: thought ? undefined : compareWith?.label });
			} else if (typeof part.text === 'string' && part.text !== '') {
				parts.push({ kind: 'text', text: part.text, thought });
			}
		}
		const attachments: StudioAttachmentView[] = turn.attachments.map((attachment) => ({ id: attachment.file, name: attachment.file, mimeType: attachment.mimeType, src: this._src(attachment.file) }));
		const running = this._running?.sessionId === this._session.id && this._running.turnId === turn.id;
		const interrupted = !turn.response && turn.error === undefined && !running;
		const failed = turn.error !== undefined || interrupted;
		return {
			id: turn.id,
			prompt: turn.prompt,
			attachments,
			model: turn.model,
			options: turn.options,
			status: failed ? 'failed' : turn.response ? 'done' : 'pending',
			parts,
			usage: turn.usage,
			grounding: turn.grounding,
			notice: turn.notice,
			error: turn.error ?? (interrupted ? 'This turn was interrupted before Gemini answered.' : undefined),
			retryable: failed && turn.error !== undefined && turn.errorCode !== 'invalidHistory' ? true : undefined,
			continueFrom: turn.errorCode === 'invalidHistory' ? this._lastAnsweredBefore(turn)?.id : undefined,
		};
	}

	/** The last answered turn before `turn`: where a conversation whose history Gemini refused can continue from. */
	private _lastAnsweredBefore(turn: StudioTurn): StudioTurn | undefined {
		const index = this._session.turns.indexOf(turn);
		return this._session.turns.slice(0, index < 0 ? 0 : index).filter(isReplayable).pop();
	}

	/** What "Compare" shows on the left of a turn's image: the turn's first attachment, else the latest earlier final image. */
	private _compareSource(turn: StudioTurn): { file: string; label: string } | undefined {
		if (turn.attachments.length > 0) {
			return { file: turn.attachments[0].file, label: 'the attached image' };
		}
		const index = this._session.turns.indexOf(turn);
		for (let earlier = index - 1; earlier >= 0; earlier--) {
			const image = [...(this._session.turns[earlier].response ?? [])].reverse().find((part) => part.inlineFile && part.thought !== true);
			if (image?.inlineFile) {
				return { file: image.inlineFile.file, label: `the image of turn ${earlier + 1}` };
			}
		}
		return undefined;
	}

	private _findImage(turnId: string, imageId: string): { turn: StudioTurn; ref: StoredImageRef } {
		const turn = this._session.turns.find((candidate) => candidate.id === turnId);
		const part = turn?.response?.find((candidate) => candidate.inlineFile?.file === imageId);
		if (!turn || !part?.inlineFile) {
			throw new ImageStudioError('invalidInput', 'That image is not part of this conversation.');
		}
		return { turn, ref: part.inlineFile };
	}

	/** Saves one image of the conversation into the output folder, named from its turn's prompt. */
	async saveImage(turnId: string, imageId: string): Promise<vscode.Uri> {
		assertTrusted();
		const { turn } = this._findImage(turnId, imageId);
		// The stored file as it is on disk now, typed by content rather than by what the model declared: nothing but a
		// real image goes into the workspace.
		const bytes = await vscode.workspace.fs.readFile(this._manager.store.imageUri(this._session.id, imageId));
		const type = sniffImageType(bytes);
		if (!type || !isSavableImageType(type)) {
			throw new ImageStudioError('badResponse', 'This image\'s data is not a PNG, JPEG or WebP image, so it was not saved.');
		}
		const folder = await chooseWorkspaceFolder({ interactive: true });
		if (!folder) {
			throw new ImageStudioError('cancelled', 'No workspace folder was chosen; nothing was saved.');
		}
		const location = await this._services.store.resolveOutputFolder(folder, readConfig(folder.uri).outputFolder);
		const saved = await this._services.store.saveNewFile(location, slugFromPrompt(turn.prompt), type.extension, bytes);
		this._saved.set(imageId, saved);
		return saved;
	}

	/** Where this image was saved in this window, if that file still holds exactly its bytes. */
	private async _savedCopy(imageId: string): Promise<vscode.Uri | undefined> {
		const file = this._saved.get(imageId);
		if (!file) {
			return undefined;
		}
		try {
			const [onDisk, stored] = await Promise.all([vscode.workspace.fs.readFile(file), this._manager.store.readImage(this._session.id, imageId)]);
			return Buffer.from(onDisk).equals(Buffer.from(stored)) ? file : undefined;
		} catch {
			return undefined;
		}
	}

	/** Inserts an image of the conversation into the last active text editor as a relative link (saving it first if need be). */
	async insertImage(turnId: string, imageId: string): Promise<{ file: vscode.Uri; text: string }> {
		assertTrusted();
		const { turn } = this._findImage(turnId, imageId);
		const target = this._manager.insertTarget;
		if (!target) {
			throw new ImageStudioError('invalidInput', 'Open a text file first: the image is inserted where its cursor is.');
		}
		const file = (await this._savedCopy(imageId)) ?? (await this.saveImage(turnId, imageId));
		const document = target.document.uri;
		const relative =
			document.scheme === file.scheme && document.authority === file.authority ? relativeImagePath(document.path, file.path) : vscode.workspace.asRelativePath(file, false);
		const text = insertionText(target.document.languageId, relative, altFromPrompt(turn.prompt));
		const edit = new vscode.WorkspaceEdit();
		edit.replace(document, target.selection, text);
		if (!(await vscode.workspace.applyEdit(edit))) {
			throw new ImageStudioError('invalidInput', `Could not insert into ${vscode.workspace.asRelativePath(document)}.`);
		}
		return { file, text };
	}

	/** Runs a per-image action and reports its outcome next to the image. */
	private async _imageAction(action: StudioImageAction, turnId: string, imageId: string): Promise<void> {
		try {
			const message = await this._runImageAction(action, turnId, imageId);
			if (message !== undefined) {
				await this._post({ type: 'imageActionResult', imageId, action, ok: true, message });
			}
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			this._services.log.error(`Studio: ${action} failed: ${message}`);
			await this._post({ type: 'imageActionResult', imageId, action, ok: false, message });
		}
	}

	private async _runImageAction(action: StudioImageAction, turnId: string, imageId: string): Promise<string | undefined> {
		const { turn, ref } = this._findImage(turnId, imageId);
		switch (action) {
			case 'save': {
				const earlier = await this._savedCopy(imageId);
				if (earlier) {
					return `Already saved as ${vscode.workspace.asRelativePath(earlier)}`;
				}
				return `Saved as ${vscode.workspace.asRelativePath(await this.saveImage(turnId, imageId))}`;
			}
			case 'insert':
				return `Inserted ${(await this.insertImage(turnId, imageId)).text}`;
			case 'copy': {
				const bytes = await this._manager.store.readImage(this._session.id, imageId);
				// The webview writes the clipboard (the extension API only has text); it reports the outcome itself.
				await this._post({ type: 'imageBytes', imageId, mimeType: ref.mimeType, bytes: exactCopy(bytes) });
				return undefined;
			}
			case 'useAsAttachment': {
				const bytes = await this._manager.store.readImage(this._session.id, imageId);
				const number = this._session.turns.indexOf(turn) + 1;
				const result = await this.addAttachmentBytes(`turn ${number} image.${imageId.split('.').pop()}`, bytes);
				if (result.added === 0) {
					throw new ImageStudioError('inputImage', result.errors.join(' '));
				}
				return 'Attached to the next turn';
			}
			case 'compare': {
				const source = this._compareSource(turn);
				if (!source) {
					throw new ImageStudioError('invalidInput', 'There is no earlier image or attachment to compare this image with.');
				}
				const number = this._session.turns.indexOf(turn) + 1;
				const beforeLabel = source.label.replace(/^the /, '');
				openCompareView(this._services.context, {
					title: `${beforeLabel} ↔ turn ${number}`,
					before: { uri: this._manager.store.imageUri(this._session.id, source.file), label: beforeLabel },
					after: { uri: this._manager.store.imageUri(this._session.id, imageId), label: `image of turn ${number}` },
					log: this._services.log,
				});
				return `Comparing with ${source.label}`;
			}
		}
	}

	private async _post(message: StudioToWebview): Promise<void> {
		if (this._disposed) {
			return;
		}
		if (this._record) {
			this.posted.push(message);
		}
		try {
			await this.panel.webview.postMessage(message);
		} catch {
			// Closed while posting.
		}
	}
}

/** The controls the next turn of a conversation starts with: its last ones, completed with the defaults. */
function nextTurnOptions(session: StudioSession): StudioRequestOptions {
	return { ...DEFAULT_STUDIO_OPTIONS, ...session.options };
}

/**
 * What to tell the user when the next turn goes to another model than earlier ones: Gemini only accepts a model's own
 * thought signatures, so the other model's turns are sent as history without them (and without their thoughts).
 */
export function modelSwitchNotice(session: StudioSession, nextModel: string): string | undefined {
	const foreign = foreignModels(session, nextModel);
	const last = session.turns.filter(isReplayable).pop();
	if (foreign.length === 0 || !last || last.model === nextModel) {
		return undefined; // Said once, on the first turn after the switch.
	}
	const name = (id: string) => findModel(id)?.displayName ?? id;
	return `${name(nextModel)} continues a conversation started with ${foreign.map(name).join(' and ')}: it gets the earlier prompts, text and images, but not the other model's reasoning (thought signatures only work with the model that made them).`;
}

/**
 * A URI dropped from the Explorer as the workbench spells it. In a remote window (code-server, SSH, containers) the
 * workbench names the remote's files `vscode-remote://<authority>/path`, while this extension host, running on the
 * remote, sees them as `file:///path`. The result is still checked to be inside a workspace folder before it is read.
 */
export function fromWorkbenchUri(value: string): string {
	const uri = vscode.Uri.parse(value, true);
	return uri.scheme === 'vscode-remote' && vscode.env.remoteName !== undefined ? vscode.Uri.file(uri.path).toString() : value;
}

/** Save and Insert write into the workspace: not in Restricted Mode (hidden commands and webviews still run there). */
function assertTrusted(): void {
	if (!vscode.workspace.isTrusted) {
		throw new ImageStudioError('untrustedWorkspace', 'Gemini Image Studio does not write into a workspace in Restricted Mode. Trust the workspace to save or insert images.');
	}
}

function definedOnly<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

/** An exact-size copy: the whole underlying buffer is what crosses postMessage. */
function exactCopy(bytes: Uint8Array): Uint8Array {
	const copy = new Uint8Array(bytes.byteLength);
	copy.set(bytes);
	return copy;
}

function titleOf(session: StudioSession): string {
	return session.turns.length > 0 ? `Studio: ${session.title}` : 'Gemini Studio';
}

function describe(message: unknown): string {
	if (typeof message === 'object' && message !== null && 'type' in message) {
		return `type ${JSON.stringify(String((message as { type: unknown }).type).slice(0, 40))}`;
	}
	return typeof message;
}
