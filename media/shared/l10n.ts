// The page's strings in VS Code's display language: the host puts its l10n bundle (English text → translation) on
// `<body data-l10n>` (src/webview/page.ts); this hands it to `@vscode/l10n`, whose `l10n.t` every view then calls.
import * as l10n from '@vscode/l10n';

/** Loads the page's bundle. Call first thing in a view's entry point, before anything calls `l10n.t`. */
export function loadPageStrings(): void {
	const raw = document.body.dataset.l10n;
	if (!raw) {
		return;
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch {
		return; // English, then: a broken bundle must not stop the view.
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		return;
	}
	const contents: Record<string, string> = {};
	for (const [key, value] of Object.entries(parsed)) {
		if (typeof value === 'string') {
			contents[key] = value;
		}
	}
	l10n.config({ contents });
}
