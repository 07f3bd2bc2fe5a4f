/**
 * The one error type the extension shows to users: a code, a short message that says what to do, and the buttons a
 * notification offers. Every floor throws it; src/gemini/errors.ts maps Google's replies into it. No `vscode`.
 */
import * as l10n from '@vscode/l10n';

export type ImageStudioErrorCode =
	| 'noKey'
	| 'badKey'
	| 'permissionDenied'
	| 'modelNotFound'
	| 'modelShutDown'
	| 'dailyQuota'
	/** A 429 on a free-tier quota with limit 0: the key's project has no billing, and image models have no free tier. */
	| 'billingRequired'
	/** A 400 about thought signatures: the conversation's history was not accepted; retrying the same history never helps. */
	| 'invalidHistory'
	| 'rateLimited'
	| 'serverUnavailable'
	| 'timeout'
	| 'cancelled'
	| 'network'
	| 'promptBlocked'
	| 'imageBlocked'
	| 'noImage'
	| 'badRequest'
	| 'badResponse'
	| 'invalidInput'
	| 'noWorkspace'
	| 'untrustedWorkspace'
	| 'outputFolder'
	| 'writeFailed'
	| 'inputImage'
	| 'changedOnDisk'
	| 'readOnly'
	| 'notFound'
	/** A run's estimated price is above the caller's `maxCostUsd`, or the user declined it: nothing was sent. */
	| 'overBudget';

/** Follow-up a notification offers as a button. */
export type ErrorAction =
	| { readonly kind: 'setApiKey' }
	| { readonly kind: 'useModel'; readonly model: string }
	| { readonly kind: 'openSettings'; readonly setting: string }
	| { readonly kind: 'openUrl'; readonly title: string; readonly url: string };

export class ImageStudioError extends Error {
	override readonly name = 'ImageStudioError';
	constructor(
		readonly code: ImageStudioErrorCode,
		/** Short, user-facing: what happened and what to do. */
		message: string,
		readonly options: {
			/** Longer text for the log channel (never shown in a notification, never containing the key). */
			readonly detail?: string;
			readonly retryAfterMs?: number;
			readonly httpStatus?: number;
			readonly actions?: readonly ErrorAction[];
			/** Warnings are for outcomes the user chose or can expect (cancel, a safety refusal). */
			readonly severity?: 'error' | 'warning';
			readonly cause?: unknown;
		} = {},
	) {
		super(message);
	}

	get severity(): 'error' | 'warning' {
		return this.options.severity ?? 'error';
	}
}

/** The message of anything thrown, for logs and wrapped messages. */
export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** The one wording of the Restricted Mode refusal, for commands and webview actions that write into the workspace. */
export function untrustedWorkspaceError(what: string): ImageStudioError {
	return new ImageStudioError(
		'untrustedWorkspace',
		l10n.t('{0} is not available in Restricted Mode: Gemini Image Studio does not write into an untrusted workspace. Trust the workspace first.', what),
	);
}
