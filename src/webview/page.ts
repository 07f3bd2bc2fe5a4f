/**
 * The page shell every webview of ours uses (compare, studio): a strict CSP with a fresh nonce, escaped text, one
 * stylesheet and one script. Pure (no `vscode` import): the caller turns resource paths into webview URIs.
 */
import { randomBytes } from 'crypto';

/** A CSP nonce: 128 bits from the OS CSPRNG (a timestamp or Math.random nonce can be guessed). */
export function createNonce(): string {
	return randomBytes(16).toString('base64');
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
	return value.replace(/[&<>"'`]/g, (char) => HTML_ESCAPES[char]);
}

const HTML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
	'`': '&#96;',
};

/**
 * The CSP of the compare view: our script by nonce only; styles, images and fonts from the extension; blob: for the images.
 * `styleNonce` (a second nonce, never the script's) also lets `<style nonce>` blocks apply. The studio needs that for
 * Google's search entry point: a srcdoc frame inherits this policy on top of its own, so its `<style>` applies only with
 * a nonce. That nonce goes into Google's HTML, so it must not be the one that runs scripts (the frame itself is
 * sandboxed without scripts; inline `style=""` attributes stay blocked).
 */
export function compareContentSecurityPolicy(cspSource: string, nonce: string, options?: { readonly styleNonce?: string }): string {
	return [
		`default-src 'none'`,
		`script-src 'nonce-${nonce}'`,
		options?.styleNonce ? `style-src ${cspSource} 'nonce-${options.styleNonce}'` : `style-src ${cspSource}`,
		`img-src ${cspSource} blob: data:`,
		`font-src ${cspSource}`,
	].join('; ');
}

/**
 * The display language of a page and its strings: `lang` for `<html lang>`, `contents` the extension's l10n bundle of
 * that language (`vscode.l10n.bundle`, English text → translation; empty in English). See ./l10n.ts.
 */
export interface PageL10n {
	readonly lang: string;
	readonly contents: Readonly<Record<string, string>>;
}

const ENGLISH: PageL10n = { lang: 'en', contents: {} };

/**
 * The page shell every webview of ours uses: the CSP meta first, one stylesheet, one nonce'd script, and `main`
 * (already escaped HTML) for what shows before the script's first render. Everything visible after that is built by
 * the script with `textContent`. The l10n bundle travels as escaped JSON in `<body data-l10n>` (data, not a script:
 * the CSP and the one-script rule stay as they are); media/shared/l10n.ts hands it to `@vscode/l10n` before the page
 * renders.
 */
export function buildWebviewPage(
	options: { cspSource: string; scriptUri: string; styleUri: string; nonce: string; title: string; styleNonce?: string; l10n?: PageL10n },
	main: string,
): string {
	const csp = compareContentSecurityPolicy(options.cspSource, options.nonce, { styleNonce: options.styleNonce });
	const l10n = options.l10n ?? ENGLISH;
	// The script reads the style nonce from this empty element's `nonce` property (Chromium hides the attribute).
	const styleNonceHolder = options.styleNonce ? `\n\t<style id="style-nonce" nonce="${escapeHtml(options.styleNonce)}"></style>` : '';
	return /* html */ `<!DOCTYPE html>
<html lang="${escapeHtml(l10n.lang)}">
<head>
	<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
	<meta charset="UTF-8">
	<meta name="viewport" content="width=device-width, initial-scale=1.0">
	<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">${styleNonceHolder}
	<title>${escapeHtml(options.title)}</title>
</head>
<body data-l10n="${escapeHtml(JSON.stringify(l10n.contents))}">
	${main}
	<script nonce="${escapeHtml(options.nonce)}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>
`;
}
