import * as vscode from 'vscode';
import type { PageL10n } from './page';

/**
 * What a webview page needs to show the display language: VS Code's bundle of our strings for it (`vscode.l10n.bundle`,
 * undefined in English or a language we have no translation for) and the matching `<html lang>`. Read per render, so a
 * page rebuilt after a language change gets the new bundle.
 */
export function webviewL10n(): PageL10n {
	const bundle = vscode.l10n.bundle;
	return bundle ? { lang: vscode.env.language, contents: bundle } : { lang: 'en', contents: {} };
}
