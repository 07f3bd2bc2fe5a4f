/**
 * Keeps track of the Gemini requests in flight so they can be cancelled from anywhere: the progress notification's
 * Cancel button, or the "Cancel Image Requests" command when the notification was dismissed.
 */
import { AsyncLocalStorage } from 'async_hooks';
import type * as vscode from 'vscode';

export interface TrackedRequest extends vscode.Disposable {
	readonly signal: AbortSignal;
	cancel(): void;
}

export class RequestTracker {
	private readonly _active = new Set<AbortController>();
	/** A caller's own cancel signal (a language-model tool's token), seen by every request begun inside `withSignal`. */
	private readonly _outer = new AsyncLocalStorage<AbortSignal>();

	/** Runs `work` so that every request it begins is also aborted by `signal`. */
	withSignal<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
		return this._outer.run(signal, work);
	}

	get activeCount(): number {
		return this._active.size;
	}

	begin(): TrackedRequest {
		const controller = new AbortController();
		this._active.add(controller);
		const outer = this._outer.getStore();
		const onOuterAbort = () => controller.abort();
		if (outer?.aborted) {
			controller.abort();
		}
		outer?.addEventListener('abort', onOuterAbort, { once: true });
		return {
			signal: controller.signal,
			cancel: () => controller.abort(),
			dispose: () => {
				outer?.removeEventListener('abort', onOuterAbort);
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
