/**
 * The "Get Started with Gemini Image Studio" walkthrough (package.json `contributes.walkthroughs`): opened once on
 * the first activation after install, never again unasked, and each step marked done when its action succeeded.
 * Kept light (vscode only): `extension.ts` calls it at activation.
 */
import * as vscode from 'vscode';
import { API_KEY_SECRET_NAME } from '../secrets/secretName';

/** The walkthrough's `id` in package.json. */
export const WALKTHROUGH_ID = 'getStarted';

/** Set (global state) once the first activation has offered the walkthrough. */
export const WALKTHROUGH_SHOWN_KEY = 'imageStudio.walkthrough.shown';

/**
 * What the steps' `completionEvents` wait for: `onContext:imageStudio.walkthrough.<milestone>`, each set by the
 * code that did the work, only once it succeeded.
 */
export type WalkthroughMilestone = 'apiKeyStored' | 'imageSaved' | 'editReviewed' | 'studioTurnDone' | 'assetRunDone';

/** Marks a walkthrough step done (VS Code remembers a completed step, so a context key for this window is enough). */
export function markWalkthroughStep(milestone: WalkthroughMilestone): void {
	void Promise.resolve(vscode.commands.executeCommand('setContext', `imageStudio.walkthrough.${milestone}`, true)).catch(() => undefined);
}

/** Opens the walkthrough (the "Get Started" command, and the first run). */
export function openWalkthrough(extensionId: string, toSide = false): Thenable<unknown> {
	return vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extensionId}#${WALKTHROUGH_ID}`, toSide);
}

/**
 * On the first activation of this profile: remembers that it happened and opens the walkthrough, unless the user
 * turned off walkthroughs on install (`workbench.welcomePage.walkthroughs.openOnInstall`, which the UI test hosts also
 * use to keep their windows quiet). Any later activation does nothing, and neither does the Test mode of the
 * integration tests.
 */
export function openWalkthroughOnFirstRun(context: vscode.ExtensionContext): void {
	// Integration tests run the extension in Test mode: a welcome tab would take the editor from them.
	if (context.extensionMode === vscode.ExtensionMode.Test || context.globalState.get<boolean>(WALKTHROUGH_SHOWN_KEY) === true) {
		return;
	}
	void Promise.resolve(context.globalState.update(WALKTHROUGH_SHOWN_KEY, true)).catch(() => undefined);
	if (vscode.workspace.getConfiguration('workbench.welcomePage.walkthroughs').get<boolean>('openOnInstall') === false) {
		return;
	}
	// A key already stored means an earlier version was set up (this flag is newer than the key): no welcome for
	// someone updating, only the key step ticked off.
	void Promise.resolve(context.secrets.get(API_KEY_SECRET_NAME)).then(
		(stored) => {
			if (stored?.trim()) {
				markWalkthroughStep('apiKeyStored');
				return undefined;
			}
			return openWalkthrough(context.extension.id);
		},
		() => openWalkthrough(context.extension.id),
	);
}
