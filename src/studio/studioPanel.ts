/**
 * The studio: a webview chat in which the user iterates on an image over many turns (webview code: media/studio/).
 * The host owns the session (src/studio/session.ts), sends the whole history to Gemini each turn and persists it in
 * the extension's workspace storage. The webview shows stored images through `asWebviewUri` (the storage folder is
 * one of its resource roots), so no image bytes cross postMessage except the chips of images not yet sent.
 *
 * This file is the panel: its webview, and the messages in and out. A validated message goes to one of the rooms
 * beside it: the turn runner (./turnRunner.ts), the image actions (./imageActions.ts) or the attachments
 * (./attachments.ts); the conversations of every panel are the manager's (./studioManager.ts).
 */
import * as vscode from 'vscode';
import { errorMessage, ImageStudioError } from '../core/errors';
import type { Services } from '../services';
import {
	describeMessage,
	isStudioFromWebview,
	StudioFromWebview,
	StudioRequestOptions,
	StudioSessionSummary,
	StudioToWebview,
	StudioTurnView,
} from '../shared/protocol';
import { DisposablePanel } from '../webview/disposablePanel';
import { createNonce } from '../webview/page';
import { AddAttachmentsResult, Attachments, PendingAttachment } from './attachments';
import { ImageActions } from './imageActions';
import { continueSession, StudioSession, StudioTurn } from './session';
import type { StudioSessionStore } from './sessionStore';
import { studioModelViews } from './studioModels';
import { buildStudioHtml, titleOf } from './studioPage';
import { modelSwitchNotice, nextTurnOptions, StudioTurnResult, TurnRunner } from './turnRunner';
import { turnImageFiles, turnView } from './turnViews';

/** What a panel needs from the manager that owns every panel (./studioManager.ts). */
export interface StudioPanelHost {
	readonly store: StudioSessionStore;
	readonly webviewOptions: vscode.WebviewOptions & vscode.WebviewPanelOptions;
	/** The text editor an image is inserted into, if there is one. */
	readonly insertTarget: { document: vscode.TextDocument; selection: vscode.Selection } | undefined;
	modelChoices(): ReturnType<Services['models']['choices']>;
	requestModelList(): void;
	newSession(model?: string, options?: StudioRequestOptions): StudioSession;
	panelFor(sessionId: string): StudioPanel | undefined;
	summaries(): Promise<{ sessions: StudioSessionSummary[]; damaged: number }>;
	refreshSessionLists(): void;
	conversationAdded(): void;
	renameSession(sessionId: string, title: string): Promise<void>;
	deleteSession(sessionId: string): Promise<void>;
}

export class StudioPanel extends DisposablePanel {
	private _session: StudioSession;
	/** Why the conversation shown is not the one asked for (a restore that failed), if so. */
	private _notice: string | undefined;
	/** Rejected webview messages, for tests and the log. */
	rejectedMessages = 0;
	/** In test mode, every message posted to the webview (for the integration tests); empty otherwise. */
	readonly posted: StudioToWebview[] = [];
	private readonly _record: boolean;
	private readonly _attachments: Attachments;
	private readonly _turns: TurnRunner;
	private readonly _images: ImageActions;

	constructor(
		private readonly _services: Services,
		private readonly _manager: StudioPanelHost,
		panel: vscode.WebviewPanel,
		session: StudioSession,
		notice?: string,
	) {
		super(panel);
		this._session = session;
		this._notice = notice;
		this._record = _services.context.extensionMode === vscode.ExtensionMode.Test;
		const current = () => this._session;
		const post = (message: StudioToWebview) => this._post(message);
		this._attachments = new Attachments(_services, current, post);
		this._turns = new TurnRunner(_services, _manager.store, this._attachments, {
			session: current,
			post,
			isDisposed: () => this.isDisposed,
			view: (turn) => this._view(turn),
			retitle: (retitled) => {
				this.panel.title = titleOf(retitled);
			},
			conversationAdded: () => _manager.conversationAdded(),
			modelChanged: () => void this.postModels(),
		});
		this._images = new ImageActions(_services, _manager.store, {
			session: current,
			post,
			insertTarget: () => _manager.insertTarget,
			attachBytes: (name, bytes) => this._attachments.addBytes(name, bytes),
		});
		panel.title = titleOf(session);
		panel.webview.options = _manager.webviewOptions;
		this.track(panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)));
		this._render();
	}

	get session(): StudioSession {
		return this._session;
	}

	get notice(): string | undefined {
		return this._notice;
	}

	get busy(): boolean {
		return this._turns.running !== undefined;
	}

	/** The images that go with the next turn. */
	get pendingAttachments(): readonly PendingAttachment[] {
		return this._attachments.pending;
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
		this._images.forgetSaved();
		this.panel.title = titleOf(session);
		void this._postInit();
	}

	/** Adds workspace images to the next turn (see {@link Attachments.addUris}). */
	addAttachments(uris: readonly vscode.Uri[]): Promise<AddAttachmentsResult> {
		return this._attachments.addUris(uris);
	}

	/** Sends one turn with the whole history (see {@link TurnRunner.send}). Never throws. */
	send(prompt: string, model: string | undefined, interactive: boolean, options?: Partial<StudioRequestOptions>): Promise<StudioTurnResult> {
		return this._turns.send(prompt, model, interactive, options);
	}

	protected override onWillDispose(): void {
		this._turns.cancel();
	}

	/** Handles one message from the webview; returns false (and logs) when it was rejected. */
	receive(message: unknown): boolean {
		if (!isStudioFromWebview(message)) {
			this.rejectedMessages++;
			this._services.log.warn(`Studio: ignored an unexpected webview message (${describeMessage(message)}).`);
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
				if (!this._turns.running) {
					// The webview sends all its controls: an absent ratio, size or thinking level means "the model's
					// default", not "the conversation's last choice" (which is what absent means for openStudio callers).
					this._session.options = message.options;
				}
				void this.send(message.prompt, message.model, true, message.options);
				return;
			case 'retry':
				void this._turns.retry(message.turnId);
				return;
			case 'cancel':
				this._turns.cancel();
				return;
			case 'modelChanged':
				this._changeModel(message.model);
				return;
			case 'optionsChanged':
				this._session.options = message.options;
				return;
			case 'imageAction':
				void this._images.run(message.action, message.turnId, message.imageId);
				return;
			case 'attach':
				void this._attachments.pick();
				return;
			case 'attachBytes':
				void this._attachments.addBytes(message.name, message.bytes);
				return;
			case 'attachUris':
				void this._attachments.drop(message.uris);
				return;
			case 'removeAttachment':
				this._attachments.remove(message.id);
				return;
			case 'newSession':
				void this._guard('New Conversation', async () => this._switchTo(this._manager.newSession(this._session.model, this._session.options)));
				return;
			case 'openSession':
				void this._guard('Open Conversation', () => this.openStoredSession(message.sessionId));
				return;
			case 'renameSession':
				void this._guard('Rename Conversation', () => this._manager.renameSession(message.sessionId, message.title));
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
			const message = errorMessage(error);
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
		if (this._turns.running) {
			throw new ImageStudioError('invalidInput', vscode.l10n.t('Wait for the running turn to finish (or cancel it) before switching conversations.'));
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
			throw new ImageStudioError('invalidInput', vscode.l10n.t('That conversation could not be opened: {0}', errorMessage(error)));
		}
		await this._switchTo(session);
	}

	/** "Continue from this turn": a new conversation holding the history up to and including the turn, shown here. */
	async continueFrom(turnId: string): Promise<StudioSession> {
		if (this._turns.running) {
			throw new ImageStudioError('invalidInput', vscode.l10n.t('Wait for the running turn to finish (or cancel it) first.'));
		}
		// After Gemini refused this conversation's signatures, the copy replays them with the placeholder instead.
		const index = this._session.turns.findIndex((turn) => turn.id === turnId);
		const refusedLater = this._session.turns.slice(index + 1).some((turn) => turn.errorCode === 'invalidHistory');
		const copy = continueSession(this._session, turnId, this._manager.store.newSessionId(), new Date(), { withoutSignatures: refusedLater });
		if (!copy) {
			throw new ImageStudioError('invalidInput', vscode.l10n.t('That turn is not part of this conversation.'));
		}
		await this._manager.store.copyImages(this._session.id, copy.session.id, copy.files);
		await this._manager.store.save(copy.session);
		this._services.log.info(`Studio: ${copy.session.id} continues ${this._session.id} from turn ${turnId} (${copy.session.turns.length} turn(s)).`);
		await this._switchTo(copy.session);
		this._manager.conversationAdded();
		return copy.session;
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
		// Which images have thumbnails (one directory read); the view shows those for older turns.
		await this._manager.store.thumbnails.scan(session.id);
		if (this.isDisposed || this._session !== session) {
			return;
		}
		this._manager.requestModelList();
		await this._post({
			type: 'init',
			sessionId: session.id,
			title: titleOf(session),
			models: studioModelViews(this._manager.modelChoices(), session.model),
			model: session.model,
			options: nextTurnOptions(session),
			turns: session.turns.map((turn) => this._view(turn)),
			busy: this._turns.running?.sessionId === session.id,
			state: { version: 1, sessionId: session.id },
			notice: this._notice,
		});
		await this.postSessions();
		if (this._attachments.pending.length > 0) {
			await this._attachments.postChips([]);
		}
		await this._makeMissingThumbnails(session);
	}

	/**
	 * Makes the thumbnails a conversation stored before them lacks (once per image and window), newest turn first: the
	 * conversation opens at the bottom. Each turn's images swap in place once made (until then its collapsed images show
	 * an empty frame), or to their full files when they could not be made.
	 */
	private async _makeMissingThumbnails(session: StudioSession): Promise<void> {
		const thumbnails = this._manager.store.thumbnails;
		const toUri = (uri: vscode.Uri) => this.panel.webview.asWebviewUri(uri).toString();
		for (const turn of [...session.turns].reverse()) {
			const images: { imageId: string; thumbnailUri?: string }[] = [];
			for (const file of turnImageFiles(turn).filter(
				(candidate) => !thumbnails.has(session.id, candidate) && !thumbnails.failed(session.id, candidate),
			)) {
				const outcome = await thumbnails.ensure(session.id, file);
				if (!outcome.ok) {
					this._services.log.warn(`Studio: no thumbnail for ${file} of ${session.id} (the full image is shown): ${outcome.reason}`);
				}
				images.push({ imageId: file, thumbnailUri: outcome.ok ? toUri(thumbnails.uri(session.id, file)) : undefined });
			}
			if (this.isDisposed || this._session !== session) {
				return;
			}
			if (images.length > 0) {
				await this._post({ type: 'thumbnails', turnId: turn.id, images });
			}
		}
	}

	/** The webview's view of a turn of the conversation shown. */
	private _view(turn: StudioTurn): StudioTurnView {
		return turnView(
			this._session,
			turn,
			(file) => this.panel.webview.asWebviewUri(this._manager.store.imageUri(this._session.id, file)).toString(),
			// Pending ones are made by _makeMissingThumbnails, which runs after every init and posts them.
			(file) => this._manager.store.thumbnails.view(this._session.id, file, (uri) => this.panel.webview.asWebviewUri(uri).toString()),
			this._turns.running,
		);
	}

	private async _post(message: StudioToWebview): Promise<void> {
		if (this.isDisposed) {
			return;
		}
		if (this._record) {
			this.posted.push(message);
		}
		await this.postToWebview(message);
	}
}
