/**
 * The studio: a webview chat in which the user iterates on an image over many turns (webview code: media/studio/).
 * The host owns the session (src/studio/session.ts), sends the whole history to Gemini each turn, persists it in the
 * extension's workspace storage and posts image bytes to the webview, which shows them through blob: URLs.
 */
import * as vscode from 'vscode';
import { lockedDownWebviewOptions } from '../webview/webviewOptions';
import { readConfig } from '../config';
import { STUDIO_VIEW_TYPE } from '../contributions';
import { GeminiChatClient } from '../gemini/chatClient';
import { ImageStudioError } from '../gemini/errors';
import { availableModels, ModelInfo, resolveModel } from '../gemini/modelCatalog';
import { DEFAULT_RETRY_POLICY } from '../gemini/retryPolicy';
import { requireApiKey } from '../generation/requestImages';
import { sniffImageType } from '../images/imageType';
import { readInputImage } from '../images/inputImages';
import { readImageCommandInput } from '../commands/imageTargets';
import { buildWebviewPage, createNonce, escapeHtml } from '../review/compareHtml';
import type { Services } from '../services';
import { isStudioFromWebview, isStudioViewState, StudioAttachmentView, StudioFromWebview, StudioPartView, StudioToWebview, StudioTurnView } from '../shared/protocol';
import { slugFromPrompt } from '../workspace/fileNaming';
import { chooseWorkspaceFolder } from '../workspace/workspaceFolders';
import { buildContents, createSession, isReplayable, StoredImageRef, storeModelParts, StudioSession, StudioTurn, titleFromPrompt } from './session';
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

/** See {@link lockedDownWebviewOptions}. */
export const studioWebviewOptions = lockedDownWebviewOptions;

/** The page shell; everything visible is built by the script with textContent. */
export function buildStudioHtml(options: { cspSource: string; scriptUri: string; styleUri: string; nonce: string; title: string }): string {
	return buildWebviewPage(
		options,
		`<main id="studio-root" class="studio-root" aria-busy="true">
		<p class="studio-loading" role="status">Loading conversation…</p>
	</main>`,
	);
}

/** Owns every open studio panel and the session store. */
export class StudioManager implements vscode.Disposable {
	readonly store: StudioSessionStore;
	readonly chat = new GeminiChatClient();
	private readonly _panels = new Set<StudioPanel>();
	private _active: StudioPanel | undefined;
	private _lastEditor: { document: vscode.TextDocument; selection: vscode.Selection } | undefined;
	private readonly _editorWatch: vscode.Disposable;

	constructor(private readonly _services: Services) {
		const context = _services.context;
		this.store = new StudioSessionStore(context.storageUri ?? context.globalStorageUri);
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

	/** Opens a new, empty session in a new panel. */
	open(model?: string): StudioPanel {
		const config = readConfig();
		const session = createSession(this.store.newSessionId(), model ?? config.model);
		const panel = vscode.window.createWebviewPanel(STUDIO_VIEW_TYPE, 'Gemini Studio', { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, studioWebviewOptions(this._services.context.extensionUri));
		return this._adopt(panel, session);
	}

	/** Takes over a panel VS Code restored after a reload: reloads its session from disk, or says why it cannot. */
	async restore(panel: vscode.WebviewPanel, state: unknown): Promise<StudioPanel> {
		let session: StudioSession | undefined;
		let notice: string | undefined;
		if (isStudioViewState(state) && this.store.isSessionId(state.sessionId)) {
			try {
				session = await this.store.load(state.sessionId);
			} catch (error) {
				notice = `The conversation could not be restored: ${error instanceof Error ? error.message : String(error)}. A new one was started.`;
				this._services.log.warn(`Studio: session ${state.sessionId} could not be restored: ${notice}`);
			}
		}
		session ??= createSession(this.store.newSessionId(), readConfig().model);
		return this._adopt(panel, session, notice);
	}

	/** Opens an existing session by id (for tests and future "reopen" UI); reveals its panel when already open. */
	async openSession(sessionId: string): Promise<StudioPanel> {
		// One panel per session: two in-memory copies of one conversation would overwrite each other's turns.
		const open = [...this._panels].find((candidate) => candidate.session.id === sessionId);
		if (open) {
			open.panel.reveal(undefined, false);
			this._active = open;
			return open;
		}
		const session = await this.store.load(sessionId);
		const panel = vscode.window.createWebviewPanel(STUDIO_VIEW_TYPE, 'Gemini Studio', vscode.ViewColumn.Active, studioWebviewOptions(this._services.context.extensionUri));
		return this._adopt(panel, session);
	}

	dispose(): void {
		this._editorWatch.dispose();
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

export class StudioPanel implements vscode.Disposable {
	private readonly _disposables: vscode.Disposable[] = [];
	private _disposed = false;
	private _running: { turnId: string; cancel(): void } | undefined;
	private _pending: PendingAttachment[] = [];
	private _nextAttachmentId = 1;
	/** Where each image of the conversation was saved, so Insert does not save it twice. */
	private readonly _saved = new Map<string, vscode.Uri>();
	/** Rejected webview messages, for tests and the log. */
	rejectedMessages = 0;

	constructor(
		private readonly _services: Services,
		private readonly _manager: StudioManager,
		readonly panel: vscode.WebviewPanel,
		readonly session: StudioSession,
		/** Why the conversation shown is not the one asked for (a restore that failed), if so. */
		readonly notice?: string,
	) {
		const extensionUri = _services.context.extensionUri;
		panel.title = titleOf(session);
		panel.webview.options = studioWebviewOptions(extensionUri);
		this._disposables.push(panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)));
		this._disposables.push(panel.onDidDispose(() => this.dispose()));
		panel.webview.html = buildStudioHtml({
			cspSource: panel.webview.cspSource,
			scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'media', 'studio.js')).toString(),
			styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'studio', 'studio.css')).toString(),
			nonce: createNonce(),
			title: titleOf(session),
		});
	}

	get busy(): boolean {
		return this._running !== undefined;
	}

	/** The images that go with the next turn. */
	get pendingAttachments(): readonly PendingAttachment[] {
		return this._pending;
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
		const resolution = resolveModel(this.session.model);
		if (resolution.kind === 'invalid') {
			const errors = [`"${this.session.model.slice(0, 80)}" is not a Gemini image model; choose another model first.`];
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
			uris = readImageCommandInput({ uris: values }, undefined).uris;
		} catch (error) {
			await this._postAttachments([error instanceof Error ? error.message : String(error)]);
			return;
		}
		await this.addAttachments(uris);
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
				if (!availableModels().some((model) => model.id === message.model) && message.model !== this.session.model) {
					this._services.log.warn(`Studio: ignored a send for unknown model ${message.model}.`);
					return;
				}
				void this.send(message.prompt, message.model, true);
				return;
			case 'cancel':
				this._running?.cancel();
				return;
			case 'modelChanged':
				if (availableModels().some((model) => model.id === message.model)) {
					this.session.model = message.model;
				}
				return;
			case 'saveImage':
				void this._saveImage(message.turnId, message.imageId);
				return;
			case 'insertImage':
				void this._insertImage(message.turnId, message.imageId);
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
		}
	}

	/** Sends one turn with the whole history; resolves when it is answered, failed or cancelled. Never throws. */
	async send(prompt: string, model: string | undefined, interactive: boolean): Promise<StudioTurnResult> {
		const text = prompt.trim();
		const session = this.session;
		const turnId = `t${session.turns.length + 1}-${Date.now().toString(36)}`;
		if (this._running) {
			return { sessionId: session.id, turnId, ok: false, imageCount: 0, error: 'Another turn is still running in this conversation.' };
		}
		const modelId = model ?? session.model;
		session.model = modelId;
		const taken = text === '' ? [] : this._pending.splice(0);
		const attachments: StoredImageRef[] = taken.map((attachment, index) => ({ file: `${turnId}-a${index}.${attachment.extension}`, mimeType: attachment.mimeType }));
		const turn: StudioTurn = { id: turnId, model: modelId, prompt: text, attachments, createdAt: new Date().toISOString() };
		const tracked = this._services.requests.begin();
		this._running = { turnId, cancel: () => tracked.cancel() };
		try {
			if (text === '') {
				throw new ImageStudioError('invalidInput', 'Type a prompt first.');
			}
			const resolution = resolveModel(modelId);
			if (resolution.kind === 'invalid') {
				throw new ImageStudioError('invalidInput', `"${modelId.slice(0, 80)}" is not a Gemini image model.`);
			}
			// Built before the new turn joins the session: failed and pending turns are never replayed.
			const images = new Map<string, Uint8Array>();
			taken.forEach((attachment, index) => images.set(attachments[index].file, attachment.bytes));
			for (const earlier of session.turns) {
				for (const attachment of earlier.attachments) {
					if (isReplayable(earlier)) {
						images.set(attachment.file, await this._manager.store.readImage(session.id, attachment.file));
					}
				}
				for (const part of earlier.response ?? []) {
					if (part.inlineFile) {
						images.set(part.inlineFile.file, await this._manager.store.readImage(session.id, part.inlineFile.file));
					}
				}
			}
			const contents = buildContents(
				session,
				{ prompt: text, attachments },
				(file) => {
					const bytes = images.get(file);
					if (!bytes) {
						throw new ImageStudioError('badResponse', `An image of this conversation (${file}) is missing from its storage.`);
					}
					return bytes;
				},
				readConfig().studioReplayImageTurns,
			);
			if (taken.length > 0) {
				void this._postAttachments([]);
				// Stored as files beside session.json, never as base64 in it.
				await vscode.workspace.fs.createDirectory(this._manager.store.folder(session.id));
				for (let index = 0; index < taken.length; index++) {
					await this._manager.store.writeImage(session.id, attachments[index].file, taken[index].bytes);
				}
			}
			session.turns.push(turn);
			if (session.turns.length === 1) {
				session.title = titleFromPrompt(text);
				this.panel.title = titleOf(session);
			}
			void this._post({ type: 'turn', turn: await this._turnView(turn) });
			void this._post({ type: 'busy', busy: true });
			const apiKey = await requireApiKey(this._services, interactive);
			const config = readConfig();
			const started = Date.now();
			const reply = await this._manager.chat.send(
				{ model: modelId, contents, includeThoughts: resolution.model.supportsThinking },
				{
					apiKey: apiKey.key,
					endpoint: config.endpoint,
					timeoutMs: config.requestTimeoutMs,
					retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries: config.maxRetries },
					signal: tracked.signal,
					onRetry: ({ retry, delayMs, error }) => this._services.log.warn(`Studio: attempt ${retry} failed (${error.code}: ${error.message}); retrying in ${delayMs} ms`),
				},
			);
			this._services.log.info(`Studio: turn ${session.turns.length} of ${session.id} answered in ${Date.now() - started} ms (${reply.parts.length} part(s), ${reply.imageCount} image(s), history of ${contents.length} content(s)).`);
			const stored = storeModelParts(reply.parts as Record<string, unknown>[], (index, extension) => `${turnId}-p${index}.${extension}`);
			await vscode.workspace.fs.createDirectory(this._manager.store.folder(session.id));
			for (const image of stored.images) {
				await this._manager.store.writeImage(session.id, image.file, image.bytes);
			}
			turn.response = stored.parts;
			return { sessionId: session.id, turnId, ok: true, imageCount: reply.imageCount };
		} catch (error) {
			const mapped = error instanceof ImageStudioError ? error : undefined;
			const message = mapped?.message ?? (error instanceof Error ? error.message : String(error));
			turn.error = message;
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
				session.updatedAt = new Date().toISOString();
				try {
					await this._manager.store.save(session);
				} catch (error) {
					this._services.log.error(`Studio: could not save session ${session.id}: ${error instanceof Error ? error.message : String(error)}`);
				}
				void this._post({ type: 'turn', turn: await this._turnView(turn) });
			} else if (turn.error) {
				// Refused before it joined the conversation: the attachments wait for the next try.
				this._pending.unshift(...taken);
				void this._postAttachments([]);
				// Refused before it joined the conversation (no prompt, bad model): shown inline all the same.
				void this._post({ type: 'turn', turn: { id: turn.id, prompt: turn.prompt, model: turn.model, status: 'failed', parts: [], error: turn.error } });
			}
			void this._post({ type: 'busy', busy: false });
		}
	}

	private async _postInit(): Promise<void> {
		const turns: StudioTurnView[] = [];
		for (const turn of this.session.turns) {
			turns.push(await this._turnView(turn));
		}
		const models = availableModels().map((model) => ({ id: model.id, displayName: model.displayName }));
		if (!models.some((model) => model.id === this.session.model)) {
			models.unshift({ id: this.session.model, displayName: this.session.model });
		}
		await this._post({
			type: 'init',
			title: titleOf(this.session),
			models,
			model: this.session.model,
			turns,
			busy: this.busy,
			state: { version: 1, sessionId: this.session.id },
			notice: this.notice,
		});
	}

	private async _turnView(turn: StudioTurn): Promise<StudioTurnView> {
		const parts: StudioPartView[] = [];
		for (const part of turn.response ?? []) {
			const thought = part.thought === true;
			if (part.inlineFile) {
				let bytes: Uint8Array;
				try {
					bytes = await this._manager.store.readImage(this.session.id, part.inlineFile.file);
				} catch {
					parts.push({ kind: 'text', text: `(The image ${part.inlineFile.file} is missing from the conversation's storage.)`, thought });
					continue;
				}
				// An exact-size copy: the whole underlying buffer is what crosses postMessage.
				const copy = new Uint8Array(bytes.byteLength);
				copy.set(bytes);
				parts.push({ kind: 'image', imageId: part.inlineFile.file, mimeType: part.inlineFile.mimeType, bytes: copy, thought });
			} else if (typeof part.text === 'string' && part.text !== '') {
				parts.push({ kind: 'text', text: part.text, thought });
			}
		}
		const attachments: StudioAttachmentView[] = [];
		for (const attachment of turn.attachments) {
			try {
				const bytes = await this._manager.store.readImage(this.session.id, attachment.file);
				attachments.push({ id: attachment.file, name: attachment.file, mimeType: attachment.mimeType, bytes: exactCopy(bytes) });
			} catch {
				// Missing: the turn still shows its prompt.
			}
		}
		const interrupted = !turn.response && turn.error === undefined && this._running?.turnId !== turn.id;
		return {
			id: turn.id,
			prompt: turn.prompt,
			attachments,
			model: turn.model,
			status: turn.error !== undefined || interrupted ? 'failed' : turn.response ? 'done' : 'pending',
			parts,
			error: turn.error ?? (interrupted ? 'This turn was interrupted before Gemini answered.' : undefined),
		};
	}

	/** Saves one image of the conversation into the output folder, named from its turn's prompt. */
	async saveImage(turnId: string, imageId: string): Promise<vscode.Uri> {
		const turn = this.session.turns.find((candidate) => candidate.id === turnId);
		const part = turn?.response?.find((candidate) => candidate.inlineFile?.file === imageId);
		if (!turn || !part?.inlineFile) {
			throw new ImageStudioError('invalidInput', 'That image is not part of this conversation.');
		}
		const bytes = await this._manager.store.readImage(this.session.id, imageId);
		const folder = await chooseWorkspaceFolder({ interactive: true });
		if (!folder) {
			throw new ImageStudioError('cancelled', 'No workspace folder was chosen; nothing was saved.');
		}
		const location = await this._services.store.resolveOutputFolder(folder, readConfig(folder.uri).outputFolder);
		const extension = imageId.split('.').pop() ?? 'png';
		const saved = await this._services.store.saveNewFile(location, slugFromPrompt(turn.prompt), extension, bytes);
		this._saved.set(imageId, saved);
		return saved;
	}

	/** Inserts an image of the conversation into the last active text editor as a relative link (saving it first if need be). */
	async insertImage(turnId: string, imageId: string): Promise<{ file: vscode.Uri; text: string }> {
		const target = this._manager.insertTarget;
		if (!target) {
			throw new ImageStudioError('invalidInput', 'Open a text file first: the image is inserted where its cursor is.');
		}
		let file = this._saved.get(imageId);
		if (file) {
			try {
				await vscode.workspace.fs.stat(file);
			} catch {
				file = undefined;
			}
		}
		file ??= await this.saveImage(turnId, imageId);
		const turn = this.session.turns.find((candidate) => candidate.id === turnId);
		const text = insertionText(target.document.languageId, relativeImagePath(target.document.uri, file), altFromPrompt(turn?.prompt ?? ''));
		const edit = new vscode.WorkspaceEdit();
		edit.replace(target.document.uri, target.selection, text);
		if (!(await vscode.workspace.applyEdit(edit))) {
			throw new ImageStudioError('invalidInput', `Could not insert into ${vscode.workspace.asRelativePath(target.document.uri)}.`);
		}
		return { file, text };
	}

	private async _insertImage(turnId: string, imageId: string): Promise<void> {
		try {
			const { text } = await this.insertImage(turnId, imageId);
			await this._post({ type: 'inserted', imageId, ok: true, message: `Inserted ${text}` });
		} catch (error) {
			this._services.log.error(`Studio: insert failed: ${error instanceof Error ? error.message : String(error)}`);
			await this._post({ type: 'inserted', imageId, ok: false, message: error instanceof Error ? error.message : String(error) });
		}
	}

	private async _saveImage(turnId: string, imageId: string): Promise<void> {
		try {
			const uri = await this.saveImage(turnId, imageId);
			await this._post({ type: 'saved', imageId, ok: true, message: `Saved as ${vscode.workspace.asRelativePath(uri)}` });
		} catch (error) {
			this._services.log.error(`Studio: save failed: ${error instanceof Error ? error.message : String(error)}`);
			await this._post({ type: 'saved', imageId, ok: false, message: error instanceof Error ? error.message : String(error) });
		}
	}

	private async _post(message: StudioToWebview): Promise<void> {
		if (this._disposed) {
			return;
		}
		try {
			await this.panel.webview.postMessage(message);
		} catch {
			// Closed while posting.
		}
	}
}

/** The link text for an image in a document of `languageId`. */
export function insertionText(languageId: string, relativePath: string, alt: string): string {
	switch (languageId) {
		case 'markdown':
		case 'mdx':
			return `![${alt.replace(/[[\]\\]/g, '')}](${/[\s()]/.test(relativePath) ? `<${relativePath}>` : relativePath})`;
		case 'html':
		case 'vue':
		case 'svelte':
		case 'php':
		case 'javascriptreact':
		case 'typescriptreact':
			return `<img src="${escapeHtml(relativePath)}" alt="${escapeHtml(alt)}">`;
		case 'css':
		case 'scss':
		case 'sass':
		case 'less':
			return `url("${relativePath.replace(/["\\]/g, '\\$&')}")`;
		default:
			return relativePath;
	}
}

/** `file` relative to the folder of `document` (forward slashes), `./`-free. */
function relativeImagePath(document: vscode.Uri, file: vscode.Uri): string {
	if (document.scheme !== file.scheme || document.authority !== file.authority) {
		return vscode.workspace.asRelativePath(file, false);
	}
	const from = document.path.split('/').slice(0, -1);
	const to = file.path.split('/');
	let common = 0;
	while (common < from.length && common < to.length - 1 && from[common] === to[common]) {
		common++;
	}
	return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}

function altFromPrompt(prompt: string): string {
	const flat = prompt.replace(/\s+/g, ' ').trim();
	return flat.length > 100 ? `${flat.slice(0, 99)}…` : flat;
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
