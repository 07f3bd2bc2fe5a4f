/**
 * How an image is linked from a text document ("Insert" in the studio): a relative path, wrapped by the document's
 * language. Pure (no `vscode`), so the unit tests cover every language and awkward path.
 */
import { escapeHtml } from '../webview/page';

/** The link text for an image in a document of `languageId`. */
export function insertionText(languageId: string, relativePath: string, alt: string): string {
	switch (languageId) {
		case 'markdown':
		case 'mdx':
			return `![${alt.replace(/[[\]\\]/g, '')}](${/[\s()<>]/.test(relativePath) ? `<${relativePath.replace(/[<>]/g, encodeURIComponent)}>` : relativePath})`;
		case 'html':
		case 'vue':
		case 'svelte':
		case 'php':
			return `<img src="${escapeHtml(relativePath)}" alt="${escapeHtml(alt)}">`;
		case 'javascriptreact':
		case 'typescriptreact':
			// JSX needs the element closed; braces would start an expression.
			return `<img src="${escapeHtml(relativePath).replace(/[{}]/g, encodeURIComponent)}" alt="${escapeHtml(alt).replace(/[{}]/g, '')}" />`;
		case 'css':
		case 'scss':
		case 'sass':
		case 'less':
			return `url("${relativePath.replace(/["\\\n]/g, (c) => (c === '\n' ? '' : `\\${c}`))}")`;
		default:
			return relativePath;
	}
}

/** The path of `filePath` relative to the folder of `documentPath` (both absolute, `/`-separated), without `./`. */
export function relativeImagePath(documentPath: string, filePath: string): string {
	const from = documentPath.split('/').slice(0, -1);
	const to = filePath.split('/');
	let common = 0;
	while (common < from.length && common < to.length - 1 && from[common] === to[common]) {
		common++;
	}
	return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}

/** Alt text from a prompt: one line, at most 100 characters. */
export function altFromPrompt(prompt: string): string {
	const flat = prompt.replace(/\s+/g, ' ').trim();
	return flat.length > 100 ? `${flat.slice(0, 99)}…` : flat;
}
