/**
 * The one way our webview panels (studio, compare) own their `vscode.WebviewPanel` and what hangs off it: every
 * subscription and emitter is tracked here and disposed exactly once, whether the user closes the tab or the owner
 * disposes the view; `isDisposed` says which side of that line we are on.
 */
import * as vscode from 'vscode';

export class DisposablePanel implements vscode.Disposable {
	private readonly _disposables: vscode.Disposable[] = [];
	private readonly _onDidDispose = new vscode.EventEmitter<void>();
	/** Fires once, when the panel is closed (by the user or by `dispose`), before anything tracked is torn down. */
	readonly onDidDispose: vscode.Event<void> = this._onDidDispose.event;
	private _disposed = false;

	constructor(readonly panel: vscode.WebviewPanel) {
		this.track(panel.onDidDispose(() => this.dispose()));
	}

	get isDisposed(): boolean {
		return this._disposed;
	}

	/** Disposes `disposable` with the panel (at once when the panel is already gone); returns it. */
	track<T extends vscode.Disposable>(disposable: T): T {
		if (this._disposed) {
			disposable.dispose();
		} else {
			this._disposables.push(disposable);
		}
		return disposable;
	}

	dispose(): void {
		if (this._disposed) {
			return;
		}
		this._disposed = true;
		this.onWillDispose();
		// Fired before tearing down, so listeners run while the panel object is still meaningful.
		this._onDidDispose.fire();
		this._onDidDispose.dispose();
		for (const disposable of this._disposables.splice(0)) {
			disposable.dispose();
		}
		this.panel.dispose();
	}

	/** What a subclass stops first when the panel goes (a running request, say); `isDisposed` is already true. */
	protected onWillDispose(): void {
		// Nothing by default.
	}

	/** Posts to the webview unless the panel is gone; a panel closed while posting is not an error. */
	protected async postToWebview(message: unknown): Promise<void> {
		if (this._disposed) {
			return;
		}
		try {
			await this.panel.webview.postMessage(message);
		} catch {
			// Closed while posting: nothing left to update.
		}
	}
}
