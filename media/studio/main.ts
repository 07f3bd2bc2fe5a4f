// Webview entry point of the studio chat panel (built by esbuild.js into dist/media/studio.js).
// Handshake: post `ready`, then render the `init` the host answers with (src/studio/studioPanel.ts).
// The rooms: the sessions header (./sessionsHeader.ts), the notice banner (./notice.ts), the conversation
// (./turnView.ts) and the composer (./composer.ts); this file builds them and hands them the host's messages.
import type { StudioFromWebview, StudioToWebview, StudioViewState } from '../../src/shared/protocol';
import { connectToHost } from '../shared/host';
import { loadPageStrings } from '../shared/l10n';
import { Composer } from './composer';
import { Notice } from './notice';
import { SessionsHeader } from './sessionsHeader';
import { TurnView } from './turnView';

// The display language's strings first: everything below builds visible text.
loadPageStrings();
const host = connectToHost<StudioFromWebview, StudioViewState>();
const post = (message: StudioFromWebview): void => host.post(message);

// The page's style nonce (a second nonce: never the one that runs scripts), from the empty <style id="style-nonce">
// of the page shell. Only the search entry point frame uses it, for its <style> blocks (see ./grounding.ts).
const pageNonce = document.querySelector<HTMLStyleElement>('style#style-nonce')?.nonce || undefined;

const root = document.getElementById('studio-root');
if (root) {
	// The rooms call one another only from event handlers, so the conversation may name the header and the composer
	// built right after it.
	const turns: TurnView = new TurnView(post, pageNonce, {
		turnShown: (added, promptsBefore) => {
			composer.promptsGrew(promptsBefore);
			header.renderTotal();
			if (added) {
				header.renderSessions();
			}
		},
		turnRemoved: () => {
			header.renderTotal();
			composer.promptsShrank();
		},
	});
	const header = new SessionsHeader(post, turns);
	const notice = new Notice();
	const composer = new Composer({ post, prompts: () => turns.prompts(), sent: () => turns.stickToBottom() });

	const busy = (value: boolean): void => {
		composer.busy(value);
		root.classList.toggle('studio-busy', value);
		turns.busy(value);
	};

	host.listen<StudioToWebview>({
		init: (message) => {
			if (message.state) {
				// Only the session id: the host re-reads the conversation from its storage after a reload.
				host.setState(message.state);
			}
			root.removeAttribute('aria-busy');
			root.replaceChildren(header.element, notice.element, turns.element, composer.element);
			header.open(message.sessionId, message.title);
			notice.show(message.notice ?? '', 'warning');
			composer.init(message.models, message.model, message.options);
			turns.show(message.turns);
			header.renderTotal();
			header.renderSessions();
			composer.resetHistory();
			busy(message.busy);
			turns.scrollToBottom();
			composer.focus();
		},
		turn: (message) => turns.turn(message.turn),
		models: (message) => composer.models(message.models, message.model),
		turnRemoved: (message) => turns.turnRemoved(message.turnId),
		thumbnails: (message) => turns.thumbnails(message.turnId, message.images),
		busy: (message) => busy(message.busy),
		imageActionResult: (message) => turns.imageActionResult(message.imageId, message.action, message.ok, message.message),
		imageBytes: (message) => {
			if (message.bytes instanceof Uint8Array) {
				turns.imageBytes(message.imageId, message.mimeType, message.bytes);
			}
		},
		attachments: (message) => composer.attachments(message.attachments, message.errors),
		sessions: (message) => header.sessions(message.sessions, message.currentId, message.damaged),
		notice: (message) => notice.show(message.message, message.severity),
	});
}
