/**
 * The compare webview's HTML, on the shared page shell (src/webview/page.ts). Pure (no `vscode` import) so the
 * plain-Node unit tests can check the CSP and the escaping: the caller turns resource paths into webview URIs.
 */
import * as l10n from '@vscode/l10n';
import { buildWebviewPage, escapeHtml, type PageL10n } from '../webview/page';

export interface CompareHtmlOptions {
	/** `webview.cspSource`. */
	readonly cspSource: string;
	/** `asWebviewUri` of dist/media/compare.js. */
	readonly scriptUri: string;
	/** `asWebviewUri` of media/compare/compare.css. */
	readonly styleUri: string;
	/** From `createNonce()`: a fresh one per render. */
	readonly nonce: string;
	/** Panel title (file names: attacker-chosen text as far as the HTML is concerned). */
	readonly title: string;
	/** The display language's strings for the page (src/webview/l10n.ts); English when absent. */
	readonly l10n?: PageL10n;
}

/** The compare view's shell: the title (escaped) and a placeholder for the time before `init` arrives. */
export function buildCompareHtml(options: CompareHtmlOptions): string {
	return buildWebviewPage(
		options,
		`<main id="compare-root" class="compare-root" data-title="${escapeHtml(options.title)}" aria-busy="true">
		<p class="compare-loading" role="status">${escapeHtml(l10n.t('Loading images…'))}</p>
	</main>`,
	);
}
