// The localisation check (`npm run lint` runs it). Fails when:
//   (a) l10n/bundle.l10n.json is stale: `@vscode/l10n-dev export` over src/ and media/ gives other strings;
//   (b) a key of l10n/bundle.l10n.json or package.nls.json has no entry in a translation (bundle.l10n.<lang>.json,
//       package.nls.<lang>.json), a translation keeps a key nobody uses any more, drops a {0} placeholder, or is not
//       sorted (sorted flat files merge cleanly);
//   (c) a "%key%" in package.json has no entry in package.nls.json, or package.nls.json has a key package.json never uses.
// Usage: node scripts/check-l10n.js [--root <dir>] [--only <path,path…>] [--write]
//   --root   the project to check (default: this repository; the unit test passes a fixture)
//   --only   while the strings are being wrapped: require translations only for the strings found under these paths
//   --write  regenerate l10n/bundle.l10n.json and sort the translation files (then check)
// Translations: every language that has a package.nls.<lang>.json or l10n/bundle.l10n.<lang>.json (today: ko).
'use strict';
const childProcess = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const args = process.argv.slice(2);
const option = (name) => {
	const index = args.indexOf(name);
	return index >= 0 ? args[index + 1] : undefined;
};
const root = path.resolve(option('--root') ?? path.join(__dirname, '..'));
const only = option('--only')
	?.split(',')
	.map((p) => p.trim())
	.filter(Boolean);
const write = args.includes('--write');
const SOURCES = ['src', 'media'];
const l10nDevCli = require.resolve('@vscode/l10n-dev/dist/cli.js', { paths: [__dirname, root] });

const problems = [];

function readJson(file, fallback) {
	if (!fs.existsSync(file)) {
		return fallback;
	}
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch (error) {
		problems.push(`${path.relative(root, file)} is not valid JSON: ${error.message}`);
		return fallback;
	}
}

/** `@vscode/l10n-dev export` over `paths` (relative to root); the strings it finds ({} when none). */
function exportStrings(paths) {
	const existing = paths.filter((p) => fs.existsSync(path.join(root, p)));
	if (existing.length === 0) {
		return {};
	}
	const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-l10n-'));
	try {
		const result = childProcess.spawnSync(process.execPath, [l10nDevCli, 'export', '--outDir', outDir, ...existing], { cwd: root, encoding: 'utf8' });
		if (result.status !== 0) {
			throw new Error(`@vscode/l10n-dev export failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
		}
		const file = path.join(outDir, 'bundle.l10n.json');
		return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
	} finally {
		fs.rmSync(outDir, { recursive: true, force: true });
	}
}

/** The English text of an entry (`"text"` or `{ message, comment }`). */
const messageOf = (value) => (typeof value === 'string' ? value : value && typeof value.message === 'string' ? value.message : undefined);
const placeholders = (text) => [...new Set(String(text).match(/\{[^{}]+\}/g) ?? [])].sort();
const sortedObject = (object) =>
	Object.fromEntries(
		Object.keys(object)
			.sort()
			.map((key) => [key, object[key]]),
	);
const sameJson = (a, b) => JSON.stringify(sortedObject(a)) === JSON.stringify(sortedObject(b));
const rel = (file) => path.relative(root, file);

/** Which languages have a translation: the <lang> of package.nls.<lang>.json and l10n/bundle.l10n.<lang>.json. */
function languages() {
	const found = new Set();
	for (const name of fs.readdirSync(root)) {
		const match = /^package\.nls\.([A-Za-z-]+)\.json$/.exec(name);
		if (match) {
			found.add(match[1]);
		}
	}
	const l10nDir = path.join(root, 'l10n');
	if (fs.existsSync(l10nDir)) {
		for (const name of fs.readdirSync(l10nDir)) {
			const match = /^bundle\.l10n\.([A-Za-z-]+)\.json$/.exec(name);
			if (match) {
				found.add(match[1]);
			}
		}
	}
	return [...found].sort();
}

/** Compares a translation file with the English keys it must cover; `required` = keys it must have (default: all). */
function checkTranslation(file, english, required, what) {
	const translated = readJson(file, undefined);
	if (translated === undefined) {
		problems.push(`${rel(file)} is missing: it must translate ${what}.`);
		return;
	}
	if (typeof translated !== 'object' || translated === null || Array.isArray(translated)) {
		problems.push(`${rel(file)} must be a flat JSON object of key → translation.`);
		return;
	}
	const missing = [...required].filter((key) => !(key in translated) || typeof translated[key] !== 'string' || translated[key].trim() === '');
	if (missing.length > 0) {
		problems.push(
			`${rel(file)} has no translation for ${missing.length} key(s) of ${what}:\n${missing.map((key) => `    ${JSON.stringify(key)}`).join('\n')}`,
		);
	}
	const orphans = Object.keys(translated).filter((key) => !(key in english));
	if (orphans.length > 0) {
		problems.push(
			`${rel(file)} translates ${orphans.length} key(s) that ${what} no longer has (remove them):\n${orphans.map((key) => `    ${JSON.stringify(key)}`).join('\n')}`,
		);
	}
	for (const [key, value] of Object.entries(translated)) {
		const source = messageOf(english[key]);
		if (source !== undefined && typeof value === 'string' && placeholders(source).join() !== placeholders(value).join()) {
			problems.push(
				`${rel(file)}: the translation of ${JSON.stringify(key)} has placeholders ${placeholders(value).join(' ') || '(none)'}, the English ${placeholders(source).join(' ') || '(none)'}.`,
			);
		}
	}
	if (write) {
		fs.writeFileSync(file, JSON.stringify(sortedObject(translated), null, 2) + '\n');
	} else if (JSON.stringify(Object.keys(translated)) !== JSON.stringify(Object.keys(translated).sort())) {
		problems.push(`${rel(file)}: keep the keys sorted (node scripts/check-l10n.js --write sorts them).`);
	}
}

function collectManifestKeys(value, keys) {
	if (typeof value === 'string') {
		const match = /^%([^%\s]+)%$/.exec(value);
		if (match) {
			keys.add(match[1]);
		}
	} else if (Array.isArray(value)) {
		value.forEach((item) => collectManifestKeys(item, keys));
	} else if (value && typeof value === 'object') {
		Object.values(value).forEach((item) => collectManifestKeys(item, keys));
	}
	return keys;
}

function main() {
	// (a) The committed English bundle is what the sources say.
	const bundleFile = path.join(root, 'l10n', 'bundle.l10n.json');
	const exported = exportStrings(SOURCES);
	if (write) {
		fs.mkdirSync(path.dirname(bundleFile), { recursive: true });
		fs.writeFileSync(bundleFile, JSON.stringify(exported, null, 2) + '\n');
	}
	const bundle = readJson(bundleFile, {});
	if (!sameJson(bundle, exported)) {
		const added = Object.keys(exported).filter((key) => !(key in bundle));
		const removed = Object.keys(bundle).filter((key) => !(key in exported));
		problems.push(
			`l10n/bundle.l10n.json is stale: run \`npx @vscode/l10n-dev export --outDir l10n ${SOURCES.join(' ')}\` (or node scripts/check-l10n.js --write).` +
				(added.length ? `\n  new in the sources:\n${added.map((key) => `    ${JSON.stringify(key)}`).join('\n')}` : '') +
				(removed.length ? `\n  gone from the sources:\n${removed.map((key) => `    ${JSON.stringify(key)}`).join('\n')}` : ''),
		);
	}

	// (c) Every %key% of package.json is in package.nls.json, and package.nls.json has nothing else.
	const manifest = readJson(path.join(root, 'package.json'), {});
	const nls = readJson(path.join(root, 'package.nls.json'), {});
	const used = collectManifestKeys(manifest, new Set());
	const undefinedKeys = [...used].filter((key) => typeof nls[key] !== 'string');
	if (undefinedKeys.length > 0) {
		problems.push(
			`package.json uses ${undefinedKeys.length} key(s) that package.nls.json does not define:\n${undefinedKeys.map((key) => `    %${key}%`).join('\n')}`,
		);
	}
	const unusedKeys = Object.keys(nls).filter((key) => !used.has(key));
	if (unusedKeys.length > 0) {
		problems.push(
			`package.nls.json defines ${unusedKeys.length} key(s) that package.json never uses:\n${unusedKeys.map((key) => `    ${key}`).join('\n')}`,
		);
	}

	// (b) Every language translates every key.
	const requiredRuntime = new Set(Object.keys(only ? exportStrings(only) : bundle));
	for (const language of languages()) {
		checkTranslation(path.join(root, 'package.nls.' + language + '.json'), nls, new Set(Object.keys(nls)), 'package.nls.json');
		checkTranslation(path.join(root, 'l10n', `bundle.l10n.${language}.json`), bundle, requiredRuntime, 'l10n/bundle.l10n.json');
	}

	if (problems.length > 0) {
		console.error(`check-l10n: ${problems.length} problem(s)\n- ${problems.join('\n- ')}`);
		process.exit(1);
	}
	console.log(
		`check-l10n: ${Object.keys(bundle).length} runtime and ${Object.keys(nls).length} manifest strings, translated into ${languages().join(', ') || '(no language)'}${only ? ` (runtime strings required only under ${only.join(', ')})` : ''}.`,
	);
}

main();
