// Webview entry point of the image compare view (built by esbuild.js into dist/media/compare.js).
// Handshake: post `ready`, then render whatever `init` the host answers with (src/review/compareView.ts).
import { isRecord, type CompareFromWebview, type CompareToWebview } from '../../src/shared/protocol';
import { CompareUi } from './view';

interface VsCodeApi {
	postMessage(message: CompareFromWebview): void;
	setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// Module scope inside the bundle's IIFE, never on `window`: nothing else in the page can post as us.
const vscode = acquireVsCodeApi();

function post(message: CompareFromWebview): void {
	vscode.postMessage(message);
}

const root = document.getElementById('compare-root');
if (root) {
	const ui = new CompareUi(root, {
		modeChanged: (mode) => post({ type: 'modeChanged', mode }),
		action: (action) => post({ type: 'action', action }),
	});

	window.addEventListener('message', (event: MessageEvent<unknown>) => {
		// Only the host posts here; still, ignore anything that is not one of our messages.
		const message = event.data;
		if (!isRecord(message) || typeof message.type !== 'string') {
			return;
		}
		const typed = message as CompareToWebview;
		switch (typed.type) {
			case 'init':
				if (typed.state) {
					// Only URIs, labels and the title: enough for the serializer to re-read the files after a reload.
					vscode.setState(typed.state);
				}
				ui.show(typed).catch((error: unknown) => ui.showFatal(`The comparison could not be shown: ${error instanceof Error ? error.message : String(error)}`));
				return;
			case 'actionStatus':
				ui.actionStatus(typed.action, typed.status);
				return;
		}
	});

	post({ type: 'ready' });
}
