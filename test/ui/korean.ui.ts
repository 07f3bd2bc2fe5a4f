// UI: VS Code in Korean. A code-server of its own, started with `--locale ko` and a Korean language pack installed
// (test/fixtures/ko-language-pack: offline there is no Marketplace pack, and without an installed pack VS Code ignores
// the locale and stays English). Checks that the extension host really runs in Korean (the extension logs
// `vscode.env.language` when its features load), that the palette lists the commands under their titles from
// package.nls.ko.json, that the API key box (src/secrets/, vscode.l10n.t) is titled and labelled from
// l10n/bundle.l10n.ko.json, that an asset manifest's problem (src/assets/, @vscode/l10n configured by the features
// bundle) reaches the Problems panel in Korean, and that the studio webview shows its prompt box's placeholder.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { repoRoot, startCodeServer, testHostScripts } from '../runners/codeServerHost';
import { studioFrame } from './studioDriver';
import type { UiContext } from './uiContext';
import {
	describeQuickInput,
	editorTab,
	explorerRow,
	openCommand,
	quickInputBox,
	quickInputRows,
	quickInputTitle,
	sleep,
	waitForWorkbench,
	waitUntil,
} from './workbench';

const PACK_ID = 'image-studio-tests.ko-language-pack-fixture';
const PACK_VERSION = '1.0.0';
/** The studio prompt box's English placeholder (media/studio/composer.ts): its Korean comes from the bundle. */
const STUDIO_PLACEHOLDER = 'Describe an image, or how to change the last one (Enter sends, Shift+Enter for a new line, ↑ recalls earlier prompts)';
const HANGUL = /[\uac00-\ud7a3]/;

function readJson<T>(file: string): T {
	return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/**
 * Installs the fixture pack into `extensionsDir` and records it in `userDataDir/languagepacks.json`, the cache VS
 * Code's server reads when it resolves the display language (it writes that cache only when a pack is installed
 * through its extension management, which a copied folder bypasses).
 */
function installKoreanPack(extensionsDir: string, userDataDir: string): void {
	const packDir = path.join(extensionsDir, `${PACK_ID}-${PACK_VERSION}`);
	fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'ko-language-pack'), packDir, { recursive: true });
	fs.mkdirSync(userDataDir, { recursive: true });
	const languagePacks = {
		ko: {
			hash: `${PACK_ID}-${PACK_VERSION}`.replace(/[^a-z0-9]/gi, ''),
			extensions: [{ extensionIdentifier: { id: PACK_ID }, version: PACK_VERSION }],
			translations: { vscode: path.join(packDir, 'translations', 'main.i18n.json') },
			label: '한국어',
		},
	};
	fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify(languagePacks));
}

/** The texts of the palette's rows (label and the English alias VS Code adds under a translated title). */
async function paletteRows(page: Page): Promise<string[]> {
	return page
		.locator(quickInputRows)
		.allInnerTexts()
		.catch(() => []);
}

/** The lines of the extension's log channel (its file under the server's user data dir), once it has some. */
function extensionLog(userDataDir: string): string {
	const found: string[] = [];
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				walk(full);
			} else if (entry.name === 'Gemini Image Studio.log') {
				found.push(fs.readFileSync(full, 'utf8'));
			}
		}
	};
	walk(path.join(userDataDir, 'logs'));
	return found.join('\n');
}

export async function run(ctx: UiContext): Promise<void> {
	const { page } = ctx;
	const nlsKo = readJson<Record<string, string>>(path.join(repoRoot, 'package.nls.ko.json'));
	const bundleKo = readJson<Record<string, string>>(path.join(repoRoot, 'l10n', 'bundle.l10n.ko.json'));
	const category = nlsKo['command.category'];
	const openStudioKo = nlsKo['command.openStudio.title'];
	const generateKo = nlsKo['command.generate.title'];
	assert.ok(HANGUL.test(openStudioKo) && HANGUL.test(generateKo), `package.nls.ko.json has no Korean command titles: ${openStudioKo}, ${generateKo}`);

	const MANIFEST_PROBLEM = 'The manifest needs an "assets" array.';
	assert.ok(HANGUL.test(bundleKo[MANIFEST_PROBLEM] ?? ''), `no Korean for "${MANIFEST_PROBLEM}"`);
	fs.writeFileSync(path.join(ctx.workspaceDir, 'broken.imagestudio.json'), '{}\n');

	const host = await testHostScripts().ensureTestHost();
	const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gis-ui-korean-'));
	installKoreanPack(path.join(runDir, 'exts'), path.join(runDir, 'ud'));
	const server = await startCodeServer({
		host,
		runDir,
		settings: { 'imageStudio.endpoint': ctx.fake.url },
		logFile: path.join(runDir, 'cs.log'),
		args: ['--locale', 'ko'],
	});
	try {
		await page.goto(server.url(ctx.workspaceDir, [['extensionDevelopmentPath', server.remoteUri(repoRoot)]]), {
			waitUntil: 'domcontentloaded',
			timeout: 60_000,
		});
		await waitForWorkbench(page);

		// (a) The palette: typing the Korean title finds the command, shown under its Korean title.
		await openCommand(page, `${category}: ${generateKo}`, generateKo);
		const rows = await paletteRows(page);
		assert.ok(
			rows.some((row) => row.startsWith(`${category}: ${generateKo}`)),
			`no palette row titled "${category}: ${generateKo}"; rows: ${JSON.stringify(rows)}`,
		);
		await page.locator(quickInputRows).first().hover();
		await ctx.screenshot('korean-1-palette');

		// (b) A runtime string through vscode.l10n.t: Set Gemini API Key's box (no key is stored in this profile).
		await openCommand(page, `${category}: ${nlsKo['command.setApiKey.title']}`, nlsKo['command.setApiKey.title']);
		await page.keyboard.press('Enter');
		const keyBox = page.locator(quickInputBox).filter({ visible: true }).first();
		await waitUntil(
			async () =>
				(await keyBox.getAttribute('placeholder').catch(() => '')) === bundleKo['API key'] &&
				(await quickInputTitle(page)) === bundleKo['Gemini API Key'],
			30_000,
			async () => `no Korean API key box ("${bundleKo['Gemini API Key']}" / "${bundleKo['API key']}"); quick input: ${await describeQuickInput(page)}`,
		);
		await ctx.screenshot('korean-2-api-key-box');
		await page.keyboard.press('Escape');

		// Running a command loaded the features, which log the display language the extension host runs in.
		const logLine = /Display language (\S+);/;
		await waitUntil(
			async () => logLine.test(extensionLog(path.join(runDir, 'ud'))),
			30_000,
			() => Promise.resolve(`the extension logged no display language; log: ${extensionLog(path.join(runDir, 'ud')).slice(-2000)}`),
		);
		const language = logLine.exec(extensionLog(path.join(runDir, 'ud')))?.[1];
		assert.strictEqual(language, 'ko', 'vscode.env.language in the extension host');

		// (c) A vscode-free floor: the asset manifest engine's problem, in the Problems panel (Ctrl+Shift+M).
		await explorerRow(page, 'broken.imagestudio.json').click();
		await editorTab(page, 'broken.imagestudio.json').waitFor({ timeout: 15_000 });
		await page.keyboard.press('Control+Shift+M');
		const markers = page.locator('.markers-panel').first();
		await waitUntil(
			async () => (await markers.innerText().catch(() => '')).includes(bundleKo[MANIFEST_PROBLEM]),
			30_000,
			async () => `the Problems panel does not show "${bundleKo[MANIFEST_PROBLEM]}": ${JSON.stringify(await markers.innerText().catch(() => ''))}`,
		);
		await ctx.screenshot('korean-3-manifest-problem');

		// (d) The studio: its prompt box's placeholder is the Korean of l10n/bundle.l10n.ko.json.
		await openCommand(page, `${category}: ${openStudioKo}`, openStudioKo);
		await page.keyboard.press('Enter');
		const expected = bundleKo[STUDIO_PLACEHOLDER];
		assert.ok(expected, `l10n/bundle.l10n.ko.json has no Korean for the studio's placeholder "${STUDIO_PLACEHOLDER}"`);
		const frame = await studioFrame(page);
		let placeholder = '';
		await waitUntil(
			async () => {
				placeholder = await frame.evaluate<string>(`document.querySelector('textarea.studio-prompt')?.placeholder ?? ''`).catch(() => '');
				return placeholder === expected;
			},
			15_000,
			() => Promise.resolve(`the studio's placeholder is ${JSON.stringify(placeholder)}, not the Korean ${JSON.stringify(expected)}`),
		);
		await sleep(500);
		await ctx.screenshot('korean-4-studio');
	} finally {
		await server.stop();
		fs.rmSync(runDir, { recursive: true, force: true });
	}
}
