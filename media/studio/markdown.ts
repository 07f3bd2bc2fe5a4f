// The model's text as sanitised Markdown. Two layers: markdown-it never emits raw HTML (`html: false` escapes it),
// images or links other than http(s)/mailto; DOMPurify then removes anything that still looks active. The result is
// a DocumentFragment: no HTML string of model text is ever assigned to innerHTML.
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

const SAFE_LINK = /^(?:https?:|mailto:)/i;

const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
// An image in model text would be a request to any URL the model names (and img-src blocks it anyway).
markdown.disable('image');
// No command:, vscode:, file:, javascript: or relative links: the webview opens http(s) links in the browser.
markdown.validateLink = (url: string) => SAFE_LINK.test(url.trim());

const purifier = DOMPurify(window);
purifier.addHook('afterSanitizeAttributes', (node) => {
	if (node.tagName === 'A') {
		const href = node.getAttribute('href') ?? '';
		if (SAFE_LINK.test(href)) {
			// Where the link goes, visible on hover (the webview opens it outside VS Code).
			node.setAttribute('title', href);
			node.setAttribute('rel', 'noopener noreferrer');
		} else {
			node.removeAttribute('href');
		}
	}
});

const PURIFY_CONFIG = {
	USE_PROFILES: { html: true },
	ALLOWED_URI_REGEXP: SAFE_LINK,
	FORBID_TAGS: [
		'style',
		'iframe',
		'form',
		'img',
		'script',
		'input',
		'button',
		'textarea',
		'select',
		'object',
		'embed',
		'link',
		'meta',
		'base',
		'svg',
		'math',
	],
	FORBID_ATTR: ['style', 'srcset', 'action', 'formaction'],
	ALLOW_DATA_ATTR: false,
	RETURN_DOM_FRAGMENT: true as const,
};

/** Renders Markdown text into a sanitised fragment. */
export function renderMarkdown(text: string): DocumentFragment {
	const html = markdown.render(text);
	return purifier.sanitize(html, PURIFY_CONFIG);
}
