/**
 * The image compare view: a webview panel showing two images side by side, with a swipe divider, as an onion skin
 * or as a pixel-difference mask (the webview code is media/compare/). The host reads both files, types them by
 * magic bytes and posts the bytes; it never hands the webview a file URI (asWebviewUri of workspace files fails on
 * web and some remotes, and the bytes are what we checked).
 */
import * as vscode from 'vscode';
import { REVIEW_SCHEME } from '../contributions';
import { lockedDownWebviewOptions } from '../webview/webviewOptions';
import { readImageDimensions, sniffImageType } from '../core/imageType';
import {
	COMPARE_ACTION_LABELS,
	CompareAction,
	CompareMode,
	CompareSide,
	CompareToWebview,
	CompareViewState,
	describeMessage,
	DISPLAYABLE_MIME_TYPES,
	DisplayableMimeType,
	isCompareFromWebview,
	isCompareViewState,
} from '../shared/protocol';
import { buildCompareHtml } from './compareHtml';
import { createNonce } from '../webview/page';
import { webviewL10n } from '../webview/l10n';
import { DisposablePanel } from '../webview/disposablePanel';

/** Panel view type; also the serializer's key, so it must not change between releases. */
export { COMPARE_VIEW_TYPE } from '../contributions';
import { COMPARE_VIEW_TYPE } from '../contributions';
import { errorMessage } from '../core/errors';

/** Larger files are reported inline rather than posted: the webview would have to hold them decoded, twice. */
export const MAX_COMPARE_IMAGE_BYTES = 64 * 1024 * 1024;

export interface CompareViewOptions {
	readonly title: string;
	readonly before: { readonly uri: vscode.Uri; readonly label: string };
	readonly after: { readonly uri: vscode.Uri; readonly label: string };
	/** Buttons under the comparison, in this order (default none). */
	readonly actions?: readonly CompareAction[];
	/** Runs when the user clicks an action button; the buttons stay disabled until it settles. */
	readonly onAction?: (action: CompareAction) => unknown;
	readonly viewColumn?: vscode.ViewColumn;
	/** Where to report dropped webview messages and failed actions (default: nowhere). */
	readonly log?: { warn(message: string): void; error(message: string): void };
}

export interface CompareView {
	readonly panel: vscode.WebviewPanel;
	/** Fires once, when the panel is closed (by the user or by `dispose`). */
	readonly onDidDispose: vscode.Event<void>;
	dispose(): void;
}

/** Opens a compare panel for two image files. The files are read asynchronously; errors show inside the panel. */
export function openCompareView(context: vscode.ExtensionContext, options: CompareViewOptions): CompareView {
	const panel = vscode.window.createWebviewPanel(
		COMPARE_VIEW_TYPE,
		options.title,
		{ viewColumn: options.viewColumn ?? vscode.ViewColumn.Active, preserveFocus: false },
		compareWebviewOptions(context.extensionUri),
	);
	return new CompareViewController(context.extensionUri, panel, options);
}

/**
 * Takes over a panel VS Code restored, from the state its webview persisted. Returns the view, or undefined when
 * the state is unusable: the tab then stays open (closing it under the user would be stranger) and says why. A
 * restored panel shows the same two files (re-read, so a deleted file shows inline) but no action buttons: the
 * callbacks that gave them meaning died with the old window. The serializer that calls this is registered in
 * `extension.ts` (activation event `onWebviewPanel:imageStudio.compare`).
 */
export function restoreCompareView(
	extensionUri: vscode.Uri,
	panel: vscode.WebviewPanel,
	state: unknown,
	storageRoots: readonly vscode.Uri[] = [],
): CompareView | undefined {
	const restored = restoreOptions(state, storageRoots);
	if (restored) {
		return new CompareViewController(extensionUri, panel, restored);
	}
	panel.webview.options = compareWebviewOptions(extensionUri);
	panel.webview.html = buildCompareHtml(htmlOptions(panel.webview, extensionUri, panel.title));
	new DisposablePanel(panel).track(
		panel.webview.onDidReceiveMessage((message: unknown) => {
			if (isCompareFromWebview(message) && message.type === 'ready') {
				const unavailable: CompareSide = {
					kind: 'unavailable',
					label: '',
					message: vscode.l10n.t('This comparison could not be restored. Close it and compare the images again.'),
				};
				const init: CompareToWebview = { type: 'init', title: panel.title, before: unavailable, after: unavailable, actions: [], mode: 'sideBySide' };
				void panel.webview.postMessage(init);
			}
		}),
	);
	return undefined;
}

/** See {@link lockedDownWebviewOptions}. */
export const compareWebviewOptions = lockedDownWebviewOptions;

function htmlOptions(webview: vscode.Webview, extensionUri: vscode.Uri, title: string) {
	return {
		cspSource: webview.cspSource,
		scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'media', 'compare.js')).toString(),
		styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'compare', 'compare.css')).toString(),
		nonce: createNonce(),
		title,
		l10n: webviewL10n(),
	};
}

function restoreOptions(state: unknown, storageRoots: readonly vscode.Uri[]): CompareViewOptions | undefined {
	if (!isCompareViewState(state)) {
		return undefined;
	}
	try {
		const before = vscode.Uri.parse(state.before.uri, true);
		const after = vscode.Uri.parse(state.after.uri, true);
		if (!isRestorableUri(before, storageRoots) || !isRestorableUri(after, storageRoots)) {
			return undefined; // Saved state names a file this view never shows: treat like damaged state.
		}
		return { title: state.title, before: { uri: before, label: state.before.label }, after: { uri: after, label: state.after.label } };
	} catch {
		return undefined; // Not a URI (strict parse): treat like damaged state.
	}
}

/**
 * What a restored compare view may read: the review scheme (pending edits), a file in an open workspace folder, or one
 * in the extension's storage. A webview's saved state is not trusted to name anything else.
 */
export function isRestorableUri(uri: vscode.Uri, storageRoots: readonly vscode.Uri[]): boolean {
	if (uri.scheme === REVIEW_SCHEME) {
		return true;
	}
	if (uri.path.split('/').some((segment) => segment === '.' || segment === '..')) {
		return false;
	}
	if (vscode.workspace.getWorkspaceFolder(uri)) {
		return true;
	}
	return storageRoots.some(
		(root) => uri.scheme === root.scheme && uri.authority === root.authority && uri.path.startsWith(`${root.path.replace(/\/+$/, '')}/`),
	);
}

class CompareViewController extends DisposablePanel implements CompareView {
	private _mode: CompareMode = 'sideBySide';
	private _runningAction: CompareAction | undefined;
	/** Both sides, read once: every `ready` (the webview is rebuilt after being hidden) gets the same bytes. */
	private readonly _sides: Promise<[CompareSide, CompareSide]>;
	private readonly _actions: readonly CompareAction[];

	constructor(
		extensionUri: vscode.Uri,
		panel: vscode.WebviewPanel,
		private readonly _options: CompareViewOptions,
	) {
		super(panel);
		this._actions = dedupe(_options.actions ?? []);
		panel.title = _options.title;
		panel.webview.options = compareWebviewOptions(extensionUri);
		// Registered before the HTML is set, so the first `ready` cannot be missed.
		this.track(panel.webview.onDidReceiveMessage((message: unknown) => this._onMessage(message)));
		panel.webview.html = buildCompareHtml(htmlOptions(panel.webview, extensionUri, _options.title));
		this._sides = Promise.all([readSide(_options.before.uri, _options.before.label), readSide(_options.after.uri, _options.after.label)]);
	}

	private _onMessage(message: unknown): void {
		if (!isCompareFromWebview(message)) {
			this._options.log?.warn(`Compare view: ignored an unexpected webview message (${describeMessage(message)}).`);
			return;
		}
		switch (message.type) {
			case 'ready':
				void this._postInit();
				return;
			case 'modeChanged':
				this._mode = message.mode;
				return;
			case 'action':
				void this._runAction(message.action);
				return;
		}
	}

	private async _postInit(): Promise<void> {
		const [before, after] = await this._sides;
		if (this.isDisposed) {
			return;
		}
		const state: CompareViewState = {
			version: 1,
			title: this._options.title,
			before: { uri: this._options.before.uri.toString(), label: this._options.before.label },
			after: { uri: this._options.after.uri.toString(), label: this._options.after.label },
		};
		await this._post({ type: 'init', title: this._options.title, before, after, actions: this._actions, mode: this._mode, state });
		if (this._runningAction) {
			// The webview was rebuilt while an action ran: keep its buttons disabled.
			await this._post({ type: 'actionStatus', action: this._runningAction, status: 'running' });
		}
	}

	private async _runAction(action: CompareAction): Promise<void> {
		// Only actions we offered, one at a time: a stale or forged click must not run anything.
		if (!this._actions.includes(action) || this._runningAction || !this._options.onAction) {
			this._options.log?.warn(
				`Compare view: ignored "${COMPARE_ACTION_LABELS[action]}" (${this._runningAction ? 'another action is running' : 'not offered'}).`,
			);
			return;
		}
		this._runningAction = action;
		void this._post({ type: 'actionStatus', action, status: 'running' }); // Not awaited: the action need not wait for the webview.
		let status: 'done' | 'failed' = 'done';
		try {
			await this._options.onAction(action);
		} catch (error) {
			status = 'failed';
			this._options.log?.error(
				`Compare view: "${COMPARE_ACTION_LABELS[action]}" failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
			);
		} finally {
			this._runningAction = undefined;
		}
		await this._post({ type: 'actionStatus', action, status });
	}

	private _post(message: CompareToWebview): Promise<void> {
		return this.postToWebview(message);
	}
}

/** Reads and types one file. Never throws: every failure becomes an inline message naming the file. */
async function readSide(uri: vscode.Uri, label: string): Promise<CompareSide> {
	const unavailable = (message: string): CompareSide => ({ kind: 'unavailable', label, message });
	let bytes: Uint8Array;
	try {
		const stat = await vscode.workspace.fs.stat(uri);
		if (stat.type & vscode.FileType.Directory) {
			return unavailable(vscode.l10n.t('{0} is a folder, not an image.', label));
		}
		if (stat.size > MAX_COMPARE_IMAGE_BYTES) {
			return unavailable(
				vscode.l10n.t(
					'{0} is too large to compare ({1}; the limit is {2}).',
					label,
					formatMegabytes(stat.size),
					formatMegabytes(MAX_COMPARE_IMAGE_BYTES),
				),
			);
		}
		bytes = await vscode.workspace.fs.readFile(uri);
	} catch (error) {
		if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') {
			return unavailable(vscode.l10n.t('{0} no longer exists.', label));
		}
		return unavailable(vscode.l10n.t('{0} cannot be read: {1}', label, errorMessage(error)));
	}
	const type = sniffImageType(bytes);
	if (!type) {
		return unavailable(
			bytes.length === 0
				? vscode.l10n.t('{0} is empty.', label)
				: vscode.l10n.t('{0} is not an image this view can show (PNG, JPEG, WebP, GIF or BMP).', label),
		);
	}
	if (!isDisplayable(type.mimeType)) {
		return unavailable(vscode.l10n.t('{0} is {1}, which this view cannot show (PNG, JPEG, WebP, GIF or BMP).', label, type.extension.toUpperCase()));
	}
	const dimensions = readImageDimensions(bytes);
	// A copy with its own exact-size buffer: a Node Buffer may be a view into a shared pool, and the whole
	// underlying ArrayBuffer is what crosses postMessage.
	const copy = new Uint8Array(bytes.byteLength);
	copy.set(bytes);
	return { kind: 'image', label, mimeType: type.mimeType, bytes: copy, width: dimensions?.width, height: dimensions?.height };
}

function isDisplayable(mimeType: string): mimeType is DisplayableMimeType {
	return (DISPLAYABLE_MIME_TYPES as readonly string[]).includes(mimeType);
}

function dedupe(actions: readonly CompareAction[]): CompareAction[] {
	return [...new Set(actions)];
}

function formatMegabytes(bytes: number): string {
	return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
