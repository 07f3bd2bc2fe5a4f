// The header above the conversation: the stored conversations (switch, new, rename in place, delete), a mark when
// some could not be read, and the usage total of the open one.
import * as l10n from '@vscode/l10n';
import { MAX_STUDIO_TITLE_LENGTH, type StudioFromWebview, type StudioSessionSummary, type StudioTurnView } from '../../src/shared/protocol';
import { h } from '../shared/dom';
import { codicon, formatCount, formatUsd, iconButton } from './widgets';

/** What the header reads of the conversation on screen. */
export interface ShownTurns {
	/** How many turns are shown. */
	count(): number;
	/** The shown turns, oldest first. */
	views(): Iterable<StudioTurnView>;
}

export class SessionsHeader {
	readonly element = h('header', { className: 'studio-header' });
	private readonly _sessions = h('select', { className: 'studio-sessions' });
	private readonly _renameInput = h('input', { className: 'studio-rename-input' });
	private readonly _newSession = iconButton('studio-new-session', 'add', l10n.t('New conversation'));
	private readonly _renameSession = iconButton('studio-rename-session', 'edit', l10n.t('Rename this conversation'));
	private readonly _deleteSession = iconButton('studio-delete-session', 'trash', l10n.t('Delete this conversation (Undo brings it back)'));
	private readonly _sessionTotal = h('span', { className: 'studio-session-total' });
	private readonly _damaged = h('span', { className: 'studio-sessions-damaged' });

	private _sessionId = '';
	private _sessionTitle = '';
	private _sessionList: readonly StudioSessionSummary[] = [];

	constructor(
		private readonly _post: (message: StudioFromWebview) => void,
		private readonly _turns: ShownTurns,
	) {
		this._sessions.setAttribute('aria-label', l10n.t('Conversation'));
		this._sessions.title = l10n.t('Switch to a stored conversation');
		this._sessions.addEventListener('change', () => {
			const id = this._sessions.value;
			if (id && id !== this._sessionId) {
				this._post({ type: 'openSession', sessionId: id });
			}
		});
		this._renameInput.type = 'text';
		this._renameInput.maxLength = MAX_STUDIO_TITLE_LENGTH;
		this._renameInput.setAttribute('aria-label', l10n.t('Conversation title'));
		this._renameInput.hidden = true;
		this._renameInput.addEventListener('keydown', (event) => {
			if (event.key === 'Enter' && !event.isComposing) {
				event.preventDefault();
				this._finishRename(true);
			} else if (event.key === 'Escape') {
				event.preventDefault();
				event.stopPropagation();
				this._finishRename(false);
			}
		});
		this._renameInput.addEventListener('blur', () => this._finishRename(false));
		this._newSession.addEventListener('click', () => this._post({ type: 'newSession' }));
		this._renameSession.addEventListener('click', () => this._startRename());
		this._deleteSession.addEventListener('click', () => {
			if (this._sessionId) {
				this._post({ type: 'deleteSession', sessionId: this._sessionId });
			}
		});
		this._sessionTotal.setAttribute('aria-label', l10n.t('Usage of this conversation'));
		this._damaged.hidden = true;
		this._damaged.append(codicon('warning'));
		const sessionBox = h('div', { className: 'studio-session-picker' }, this._sessions, this._renameInput, this._damaged);
		const actions = h('div', { className: 'studio-header-actions' }, this._newSession, this._renameSession, this._deleteSession);
		this.element.append(sessionBox, actions, this._sessionTotal);
	}

	/** The conversation `init` opened (listed before it is stored, until the host's list has it). */
	open(sessionId: string, title: string): void {
		this._sessionId = sessionId;
		this._sessionTitle = title;
	}

	/** The host's list of stored conversations. */
	sessions(sessions: readonly StudioSessionSummary[], currentId: string, damaged: number): void {
		this._sessionList = sessions;
		if (currentId) {
			this._sessionId = currentId;
		}
		const current = sessions.find((session) => session.id === this._sessionId);
		if (current) {
			this._sessionTitle = current.title;
		}
		this._damaged.hidden = damaged <= 0;
		const damagedNote =
			damaged <= 0
				? ''
				: damaged === 1
					? l10n.t('1 stored conversation could not be read (see the log).')
					: l10n.t('{0} stored conversations could not be read (see the log).', damaged);
		this._damaged.title = damagedNote;
		this._damaged.setAttribute('aria-label', damagedNote);
		this._sessions.title = damagedNote ? l10n.t('Switch to a stored conversation. {0}', damagedNote) : l10n.t('Switch to a stored conversation');
		this.renderSessions();
	}

	/** The session list, with the shown conversation counting what it shows. */
	renderSessions(): void {
		const options = this._sessionList.map((session) => {
			const current = session.id === this._sessionId;
			// The current conversation counts what it shows: the list may predate its latest turn.
			const count = current ? Math.max(session.turnCount, this._turns.count()) : session.turnCount;
			const option = h('option', { text: sessionLabel(current ? this._sessionTitle || session.title : session.title, count) });
			option.value = session.id;
			option.title = l10n.t('Last changed {0}', session.updatedAt);
			return option;
		});
		if (this._sessionId && !this._sessionList.some((session) => session.id === this._sessionId)) {
			// A new conversation is stored with its first turn; until then it is listed from what init said.
			const count = this._turns.count();
			const option = h('option', { text: sessionLabel(this._sessionTitle || l10n.t('New conversation'), count) });
			option.value = this._sessionId;
			options.unshift(option);
		}
		this._sessions.replaceChildren(...options);
		this._sessions.value = this._sessionId;
		this._deleteSession.disabled = !this._sessionList.some((session) => session.id === this._sessionId);
	}

	/** Tokens and estimated price of the shown conversation's answered turns. */
	renderTotal(): void {
		let input = 0;
		let output = 0;
		let thinking = 0;
		let cost = 0;
		let priced = false;
		let counted = 0;
		for (const turn of this._turns.views()) {
			if (turn.status === 'done' && turn.usage) {
				counted++;
				input += turn.usage.inputTokens;
				output += turn.usage.outputTokens;
				thinking += turn.usage.thoughtTokens;
				if (turn.usage.costUsd !== undefined) {
					cost += turn.usage.costUsd;
					priced = true;
				}
			}
		}
		this._sessionTotal.replaceChildren();
		this._sessionTotal.hidden = counted === 0;
		if (counted > 0) {
			const tokens =
				thinking > 0
					? l10n.t('Session: {0} input · {1} output · {2} thinking tokens', formatCount(input), formatCount(output), formatCount(thinking))
					: l10n.t('Session: {0} input · {1} output tokens', formatCount(input), formatCount(output));
			const text = priced ? `${tokens} · ${formatUsd(cost)}` : tokens;
			this._sessionTotal.append(codicon('graph'), h('span', { text }));
			this._sessionTotal.title =
				counted === 1
					? l10n.t('1 answered turn. Prices are estimates from the model catalog.')
					: l10n.t('{0} answered turns. Prices are estimates from the model catalog.', counted);
		}
	}

	private _startRename(): void {
		if (!this._sessionId) {
			return;
		}
		this._renameInput.value = this._sessionTitle;
		this._sessions.hidden = true;
		this._renameInput.hidden = false;
		this._renameInput.focus();
		this._renameInput.select();
	}

	private _finishRename(commit: boolean): void {
		if (this._renameInput.hidden) {
			return;
		}
		const title = this._renameInput.value.trim().slice(0, MAX_STUDIO_TITLE_LENGTH);
		this._renameInput.hidden = true;
		this._sessions.hidden = false;
		if (commit && title && title !== this._sessionTitle && this._sessionId) {
			this._sessionTitle = title;
			this._post({ type: 'renameSession', sessionId: this._sessionId, title });
			this.renderSessions();
		}
		this._renameSession.focus();
	}
}

/** A conversation in the list: its title and how many turns it has. */
function sessionLabel(title: string, turns: number): string {
	return turns === 1 ? l10n.t('{0} (1 turn)', title) : l10n.t('{0} ({1} turns)', title, turns);
}
