/**
 * Points `@vscode/l10n` (what the floors without `vscode` translate with: core/, gemini/, assets/, codecs/, imageTools/)
 * at the bundle VS Code loaded for the display language (`l10n/bundle.l10n.<language>.json`). Each esbuild bundle has
 * its own copy of `@vscode/l10n` (dist/extension.js, dist/features.js, dist/codecs.js), so each entry calls this; the
 * codecs bundle gets the same contents when it loads. In English there is no bundle and `l10n.t` returns the key.
 */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { useCodecsL10nBundle } from './codecs/loadCodecs';

export function configureL10n(): void {
	const contents = vscode.l10n.bundle;
	if (contents) {
		l10n.config({ contents });
		useCodecsL10nBundle(contents);
	}
}
