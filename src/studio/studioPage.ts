/** The studio's page shell, webview options and tab title (the page itself is built by media/studio/). */
import * as vscode from 'vscode';
import { webviewL10n } from '../webview/l10n';
import { buildWebviewPage, createNonce, escapeHtml } from '../webview/page';
import { lockedDownWebviewOptions } from '../webview/webviewOptions';
import type { StudioSession } from './session';

/** The page shell; everything visible is built by the script with textContent. */
export function buildStudioHtml(options: { cspSource: string; scriptUri: string; styleUri: string; nonce: string; title: string }): string {
	// The style nonce lets Google's search suggestions (a sandboxed srcdoc frame, which inherits this CSP) keep their <style>.
	return buildWebviewPage(
		{ ...options, styleNonce: createNonce(), l10n: webviewL10n() },
		`<main id="studio-root" class="studio-root" aria-busy="true">
		<p class="studio-loading" role="status">${escapeHtml(vscode.l10n.t('Loading conversation…'))}</p>
	</main>`,
	);
}

/** The studio's webview options: the locked-down ones, plus the session storage as a resource root (images by URI). */
export function studioWebviewOptions(extensionUri: vscode.Uri, sessionsRoot: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
	const options = lockedDownWebviewOptions(extensionUri);
	return { ...options, localResourceRoots: [...(options.localResourceRoots ?? []), sessionsRoot] };
}

/** The panel's tab title: the conversation's once it has a turn. */
export function titleOf(session: StudioSession): string {
	return session.turns.length > 0 ? vscode.l10n.t('Studio: {0}', session.title) : vscode.l10n.t('Gemini Studio');
}
