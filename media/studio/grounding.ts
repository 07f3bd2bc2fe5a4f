// Google Search grounding of a turn: source links, the queries, and Google's search entry point (untrusted HTML)
// in a frame that can run nothing: `sandbox=""` (no scripts, opaque origin) and a CSP of its own.
import * as l10n from '@vscode/l10n';
import type { StudioGroundingView } from '../../src/shared/protocol';
import { h } from '../shared/dom';
import { codicon } from './widgets';

/** http(s) URLs only; anything else is shown as text. */
export function safeWebUrl(value: string): string | undefined {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
	} catch {
		return undefined;
	}
}

function escapeAttribute(value: string): string {
	return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Elements dropped from Google's HTML: no refresh or base URL games, no stylesheet or frame loads, no forms. */
const DROPPED_ELEMENTS = 'meta, base, link, form, script, noscript, iframe, frame, frameset, object, embed, portal';

/**
 * The frame document for `renderedContent`. The content is parsed (DOMParser: no regex can be tricked by nesting such
 * as `<me<meta>ta>`) and the elements above removed. A srcdoc frame inherits the page's CSP as well as obeying its
 * own, so its `<style>` blocks need the page's style nonce; the nonce is useless to the frame for anything else (no
 * scripts run in a frame without `allow-scripts`). Without a nonce the styles are dropped.
 */
export function searchEntryDocument(renderedContent: string, styleNonce: string | undefined): string {
	const nonce = styleNonce ? escapeAttribute(styleNonce) : undefined;
	const styleSource = nonce ? `'nonce-${nonce}'` : `'none'`;
	const parsed = new DOMParser().parseFromString(renderedContent, 'text/html');
	parsed.querySelectorAll(DROPPED_ELEMENTS).forEach((element) => element.remove());
	parsed.querySelectorAll('style').forEach((style) => (styleNonce ? style.setAttribute('nonce', styleNonce) : style.remove()));
	const body = parsed.head.innerHTML + parsed.body.innerHTML;
	const frameStyle = nonce ? `<style nonce="${nonce}">html,body{margin:0;padding:0;background:transparent;overflow:hidden}</style>` : '';
	return (
		`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${styleSource}; img-src https: data:">` +
		`<meta charset="utf-8">${frameStyle}${body}`
	);
}

export function renderGrounding(grounding: StudioGroundingView, styleNonce: string | undefined): HTMLElement | undefined {
	const hasSources = grounding.sources.length > 0;
	const hasQueries = grounding.queries.length > 0;
	const hasEntry = !!grounding.searchEntryPointHtml && grounding.searchEntryPointHtml.trim() !== '';
	if (!hasSources && !hasQueries && !hasEntry) {
		return undefined;
	}
	const container = h('div', { className: 'studio-grounding' });
	container.setAttribute('role', 'group');
	container.setAttribute('aria-label', l10n.t('Google Search grounding'));
	const heading = h('div', { className: 'studio-grounding-heading' });
	heading.append(codicon('search'), h('span', { text: l10n.t('Grounded with Google Search') }));
	container.append(heading);

	if (hasEntry) {
		const frame = h('iframe', { className: 'studio-search-entry' });
		// Empty sandbox: no scripts, no same-origin, no forms, no popups, no top navigation.
		frame.setAttribute('sandbox', '');
		frame.setAttribute('referrerpolicy', 'no-referrer');
		frame.title = l10n.t('Google Search suggestions');
		frame.tabIndex = -1;
		frame.srcdoc = searchEntryDocument(grounding.searchEntryPointHtml!, styleNonce);
		container.append(frame);
	}

	if (hasQueries) {
		// The entry point's chips cannot be followed from inside the sandbox, so the queries are links here too.
		const queries = h('ul', { className: 'studio-grounding-queries' });
		queries.setAttribute('aria-label', l10n.t('Search queries'));
		for (const query of grounding.queries.slice(0, 20)) {
			const item = h('li');
			const link = h('a', { text: query });
			link.href = `https://www.google.com/search?q=${encodeURIComponent(query)}`;
			link.title = l10n.t('Search Google for “{0}”', query);
			item.append(link);
			queries.append(item);
		}
		container.append(queries);
	}

	if (hasSources) {
		const list = h('ul', { className: 'studio-grounding-sources' });
		list.setAttribute('aria-label', l10n.t('Sources'));
		for (const source of grounding.sources.slice(0, 50)) {
			const item = h('li');
			const href = safeWebUrl(source.uri);
			const title = source.title.trim() || (href ? new URL(href).hostname : source.uri);
			if (href) {
				const link = h('a', { text: title });
				link.href = href;
				link.title = href;
				link.rel = 'noopener noreferrer';
				item.append(link);
			} else {
				item.append(h('span', { className: 'studio-grounding-unlinked', text: title }));
			}
			list.append(item);
		}
		container.append(list);
	}
	return container;
}
