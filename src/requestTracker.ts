/**
 * Keeps track of the Gemini requests in flight so they can be cancelled from anywhere: the progress notification's
 * Cancel button, or the "Cancel Image Requests" command when the notification was dismissed.
 */
import type * as vscode from 'vscode';

export interface TrackedRequest extends vscode.Disposable {
	readonly signal: AbortSignal;
	cancel(): void;
}

export class RequestTracker {
	private readonly _active = new Set<AbortController>();

	get activeCount(): number {
		return this._active.size;
	}

	begin(): TrackedRequest {
		const controller = new AbortController();
		this._active.add(controller);
		return {
			signal: controller.signal,
			cancel: () => controller.abort(),
			dispose: () => {
				this._active.delete(controller);
			},
		};
	}

	/** Aborts every request in flight; returns how many there were. */
	cancelAll(): number {
		const count = this._active.size;
		for (const controller of this._active) {
			controller.abort();
		}
		this._active.clear();
		return count;
	}
}
