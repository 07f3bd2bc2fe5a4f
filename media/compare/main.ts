// Webview entry point of the image compare view (built by esbuild.js into dist/media/compare.js).
// Handshake: post `ready`, then render whatever `init` the host answers with (src/review/compareView.ts).
import * as l10n from '@vscode/l10n';
import type { CompareFromWebview, CompareToWebview, CompareViewState } from '../../src/shared/protocol';
import { connectToHost } from '../shared/host';
import { loadPageStrings } from '../shared/l10n';
import { CompareUi } from './view';

// The display language's strings first: everything below builds visible text.
loadPageStrings();
const host = connectToHost<CompareFromWebview, CompareViewState>();

const root = document.getElementById('compare-root');
if (root) {
	const ui = new CompareUi(root, {
		modeChanged: (mode) => host.post({ type: 'modeChanged', mode }),
		action: (action) => host.post({ type: 'action', action }),
	});

	host.listen<CompareToWebview>({
		init: (message) => {
			if (message.state) {
				// Only URIs, labels and the title: enough for the serializer to re-read the files after a reload.
				host.setState(message.state);
			}
			ui.show(message).catch((error: unknown) =>
				ui.showFatal(l10n.t('The comparison could not be shown: {0}', error instanceof Error ? error.message : String(error))),
			);
		},
		actionStatus: (message) => ui.actionStatus(message.action, message.status),
	});
}
