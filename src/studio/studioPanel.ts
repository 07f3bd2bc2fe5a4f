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
import { availableModels, resolveModel } from '../gemini/modelCatalog';
import { DEFAULT_RETRY_POLICY } from '../gemini/retryPolicy';
import { requireApiKey } from '../generation/requestImages';
import { compareContentSecurityPolicy, createNonce, escapeHtml } from '../review/compareHtml';
import type { Services } from '../services';
import { isStudioFromWebview, isStudioViewState, StudioFromWebview, StudioPartView, StudioToWebview, StudioTurnView } from '../shared/protocol';
import { slugFromPrompt } from '../workspace/fileNaming';
import { chooseWorkspaceFolder } from '../workspace/workspaceFolders';
import { buildContents, createSession, storeModelParts, StudioSession, StudioTurn, titleFromPrompt } from './session';
import { StudioSessionStore } from './sessionStore';


/** The outcome of one turn, returned to `imageStudio.openStudio` callers. */
export interface StudioTurnResult {
	readonly sessionId: string;
	readonly turnId: string;
	readonly ok: boolean;
	readonly imageCount: number;
	readonly error?: string;
}

/** See {@link lockedDownWebviewOptions}. */
export const studioWebviewOptions = lockedDownWebviewOptions;

/** The page shell; everything visible is built by the script with textContent. */
export function buildStudioHtml(options: { cspSource: string; scriptUri: string; styleUri: string; nonce: string; title: string }): string {
	const csp = compareContentSecurityPolicy(options.cspSource, options.nonce);
	return /* html */ `<!DOCTYPE html>
<html lang="en">
<head>
	<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
	<meta charset="UTF-8">
	<meta name="viewport" content="width=device-width, initial-scale=1.0">
	<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
	<title>${escapeHtml(options.title)}</title>
</head>
<body>
	<main id="studio-root" class="studio-root" aria-busy="true">
		<p class="studio-loading" role="status">Loading conversation…</p>
	</main>
	<script nonce="${escapeHtml(options.nonce)}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>
`;
}

/** Owns every open studio panel and the session store. */
export class StudioManager implements vscode.Disposable {
	readonly store: StudioSessionStore;
	readonly chat = new GeminiChatClient();
	private readonly _panels = new Set<StudioPanel>();
	private _active: StudioPanel | undefined;

	constructor(private readonly _services: Services) {
		const context = _services.context;
		this.store = new StudioSessionStore(context.storageUri ?? context.globalStorageUri);
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
		const turn: StudioTurn = { id: turnId, model: modelId, prompt: text, attachments: [], createdAt: new Date().toISOString() };
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
			for (const earlier of session.turns) {
				for (const part of earlier.response ?? []) {
					if (part.inlineFile) {
						images.set(part.inlineFile.file, await this._manager.store.readImage(session.id, part.inlineFile.file));
					}
				}
			}
			const contents = buildContents(session, { prompt: text }, (file) => {
				const bytes = images.get(file);
				if (!bytes) {
					throw new ImageStudioError('badResponse', `An image of this conversation (${file}) is missing from its storage.`);
				}
				return bytes;
			});
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
		const interrupted = !turn.response && turn.error === undefined && this._running?.turnId !== turn.id;
		return {
			id: turn.id,
			prompt: turn.prompt,
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
		return this._services.store.saveNewFile(location, slugFromPrompt(turn.prompt), extension, bytes);
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

function titleOf(session: StudioSession): string {
	return session.turns.length > 0 ? `Studio: ${session.title}` : 'Gemini Studio';
}

function describe(message: unknown): string {
	if (typeof message === 'object' && message !== null && 'type' in message) {
		return `type ${JSON.stringify(String((message as { type: unknown }).type).slice(0, 40))}`;
	}
	return typeof message;
}
