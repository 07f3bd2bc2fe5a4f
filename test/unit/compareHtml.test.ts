import * as assert from 'assert';
import { buildCompareHtml } from '../../src/review/compareHtml';
import { buildWebviewPage, compareContentSecurityPolicy, createNonce, escapeHtml } from '../../src/webview/page';

const CSP_SOURCE = 'https://*.vscode-cdn.net';
const base = {
	cspSource: CSP_SOURCE,
	scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/media/compare.js',
	styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/compare/compare.css',
	nonce: 'bm9uY2Utbm9uY2Utbm9uY2U+Lw==',
	title: 'before.png ↔ after.png',
};

/** The CSP directives of the page, by name. */
function cspOf(html: string): Map<string, string> {
	const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
	assert.ok(match, 'a CSP meta tag');
	const policy = match[1].replace(/&#39;/g, "'");
	return new Map(
		policy
			.split(';')
			.map((part) => part.trim())
			.filter(Boolean)
			.map((part) => {
				const [name, ...values] = part.split(/\s+/);
				return [name, values.join(' ')] as [string, string];
			}),
	);
}

describe('compare view HTML', () => {
	it('puts the CSP meta first in <head>', () => {
		const html = buildCompareHtml(base);
		const head = /<head>\s*([\s\S]*?)<\/head>/.exec(html);
		assert.ok(head, 'has a head');
		assert.match(head[1], /^<meta http-equiv="Content-Security-Policy" /);
	});

	it('locks the CSP down: nothing by default, scripts only by nonce, resources only from the extension', () => {
		const csp = cspOf(buildCompareHtml(base));
		assert.strictEqual(csp.get('default-src'), "'none'");
		assert.strictEqual(csp.get('script-src'), `'nonce-${base.nonce}'`);
		assert.strictEqual(csp.get('style-src'), CSP_SOURCE);
		assert.strictEqual(csp.get('img-src'), `${CSP_SOURCE} blob: data:`);
		assert.strictEqual(csp.get('font-src'), CSP_SOURCE);
		const scriptSrc = csp.get('script-src') ?? '';
		for (const forbidden of ["'unsafe-eval'", "'unsafe-inline'", '*', 'http:', 'https:', 'vscode-resource:']) {
			assert.ok(!scriptSrc.split(' ').includes(forbidden), `script-src must not allow ${forbidden}`);
		}
		assert.ok(![...csp.values()].join(' ').includes('unsafe'), 'no unsafe-* anywhere');
	});

	it('loads exactly one script, with the nonce, and the stylesheet', () => {
		const html = buildCompareHtml(base);
		const scripts = html.match(/<script\b[^>]*>/g) ?? [];
		assert.strictEqual(scripts.length, 1);
		assert.ok(scripts[0].includes(`nonce="${escapeHtml(base.nonce)}"`), scripts[0]);
		assert.ok(scripts[0].includes(`src="${base.scriptUri}"`), scripts[0]);
		assert.ok(html.includes(`<link rel="stylesheet" href="${base.styleUri}">`));
		assert.ok(!/<script\b[^>]*>[^<]+<\/script>/.test(html), 'no inline script body');
		assert.ok(!/\son\w+=/i.test(html), 'no inline event handlers');
		assert.ok(!/\sstyle=/i.test(html), 'no inline styles (the CSP would block them)');
	});

	it('escapes a hostile title everywhere it appears', () => {
		const title = '"><img src=x onerror=alert(1)><script>alert(2)</script>\'`&';
		const html = buildCompareHtml({ ...base, title });
		assert.ok(!html.includes('<img'), 'no injected element');
		assert.ok(!html.includes('<script>alert'), 'no injected script');
		const attribute = /data-title="([^"]*)"/.exec(html);
		assert.ok(attribute, 'the data attribute is intact');
		assert.ok(attribute[1].endsWith('&#39;&#96;&amp;'), 'the whole title stays inside the attribute');
		assert.ok(html.includes('<title>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;&#39;&#96;&amp;</title>'));
		assert.ok(html.includes('data-title="&quot;&gt;&lt;img'), 'escaped in the data attribute too');
	});

	it('escapes URIs and the nonce as attribute values', () => {
		const html = buildCompareHtml({ ...base, scriptUri: 'https://x/a.js"><script>alert(1)</script>', nonce: 'a"b' });
		assert.ok(!html.includes('<script>alert(1)'));
		assert.ok(html.includes('src="https://x/a.js&quot;&gt;&lt;script&gt;'));
		assert.ok(html.includes('nonce="a&quot;b"'));
	});

	it('escapeHtml covers the characters that matter in text and quoted attributes', () => {
		assert.strictEqual(escapeHtml(`<a href="x" title='y'>&\`</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
		assert.strictEqual(escapeHtml('plain name.png'), 'plain name.png');
		assert.strictEqual(escapeHtml('&amp;'), '&amp;amp;', 'escapes exactly once per call');
	});

	it('makes 128-bit base64 nonces that differ every time', () => {
		const nonces = new Set(Array.from({ length: 200 }, () => createNonce()));
		assert.strictEqual(nonces.size, 200);
		for (const nonce of nonces) {
			assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/);
			assert.strictEqual(Buffer.from(nonce, 'base64').length, 16);
		}
	});

	it('the policy helper matches what the page carries', () => {
		assert.strictEqual(
			compareContentSecurityPolicy('vscode-webview://abc', 'N'),
			"default-src 'none'; script-src 'nonce-N'; style-src vscode-webview://abc; img-src vscode-webview://abc blob: data:; font-src vscode-webview://abc",
		);
	});

	it('a style nonce is a second nonce: styles with it apply, scripts with it do not run', () => {
		const html = buildWebviewPage(
			{ cspSource: 'vscode-webview://abc', scriptUri: 's.js', styleUri: 's.css', nonce: 'SCRIPT', title: 't', styleNonce: 'STYLE' },
			'<main></main>',
		);
		const csp = /Content-Security-Policy" content="([^"]*)"/.exec(html)![1].replace(/&#39;/g, "'");
		assert.match(csp, /script-src 'nonce-SCRIPT';/);
		assert.match(csp, /style-src vscode-webview:\/\/abc 'nonce-STYLE';/);
		assert.doesNotMatch(csp, /unsafe-inline/);
		assert.match(html, /<style id="style-nonce" nonce="STYLE"><\/style>/);
		assert.doesNotMatch(html, /<script[^>]*nonce="STYLE"/);
	});
});
