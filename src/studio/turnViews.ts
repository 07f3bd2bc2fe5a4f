/** How a stored turn is shown in the webview, and what its images are compared with. Pure (no `vscode`). */
import * as l10n from '@vscode/l10n';
import type { StudioAttachmentView, StudioPartView, StudioTurnView } from '../shared/protocol';
import { isReplayable, type StudioSession, type StudioTurn } from './session';

/**
 * The webview's view of one turn of `session`. `src` turns a stored file into a URI the webview can load, `thumbnail`
 * gives the URI of its thumbnail when there is one, or `pending` when it is being made; `running` names the turn in flight, if any (a turn without reply
 * that is not running was interrupted).
 */
export function turnView(
	session: StudioSession,
	turn: StudioTurn,
	src: (file: string) => string,
	thumbnail: (file: string) => string | 'pending' | undefined,
	running: { sessionId: string; turnId: string } | undefined,
): StudioTurnView {
	const compareWith = compareSource(session, turn);
	const parts: StudioPartView[] = [];
	for (const part of turn.response ?? []) {
		const thought = part.thought === true;
		if (part.inlineFile) {
			parts.push({
				kind: 'image',
				imageId: part.inlineFile.file,
				mimeType: part.inlineFile.mimeType,
				src: src(part.inlineFile.file),
				...thumbnailFields(thumbnail(part.inlineFile.file)),
				thought,
				compareWith: thought ? undefined : compareWith?.label,
			});
		} else if (typeof part.text === 'string' && part.text !== '') {
			parts.push({ kind: 'text', text: part.text, thought });
		}
	}
	const attachments: StudioAttachmentView[] = turn.attachments.map((attachment) => ({
		id: attachment.file,
		name: attachment.file,
		mimeType: attachment.mimeType,
		src: src(attachment.file),
		...thumbnailFields(thumbnail(attachment.file)),
	}));
	const isRunning = running?.sessionId === session.id && running.turnId === turn.id;
	const interrupted = !turn.response && turn.error === undefined && !isRunning;
	const failed = turn.error !== undefined || interrupted;
	return {
		id: turn.id,
		prompt: turn.prompt,
		attachments,
		model: turn.model,
		options: turn.options,
		status: failed ? 'failed' : turn.response ? 'done' : 'pending',
		parts,
		usage: turn.usage,
		grounding: turn.grounding,
		notice: turn.notice,
		error: turn.error ?? (interrupted ? l10n.t('This turn was interrupted before Gemini answered.') : undefined),
		retryable: failed && turn.error !== undefined && turn.errorCode !== 'invalidHistory' ? true : undefined,
		continueFrom: turn.errorCode === 'invalidHistory' ? lastAnsweredBefore(session, turn)?.id : undefined,
	};
}

/** The last answered turn before `turn`: where a conversation whose history Gemini refused can continue from. */
function lastAnsweredBefore(session: StudioSession, turn: StudioTurn): StudioTurn | undefined {
	const index = session.turns.indexOf(turn);
	return session.turns
		.slice(0, index < 0 ? 0 : index)
		.filter(isReplayable)
		.pop();
}

function thumbnailFields(thumbnail: string | undefined): { thumbnailUri?: string; thumbnailPending?: true } {
	return thumbnail === 'pending' ? { thumbnailPending: true } : thumbnail ? { thumbnailUri: thumbnail } : {};
}

/** The stored image files of a turn (attachments and reply images): what has, or needs, a thumbnail. */
export function turnImageFiles(turn: StudioTurn): string[] {
	const files = turn.attachments.map((attachment) => attachment.file);
	for (const part of turn.response ?? []) {
		if (part.inlineFile) {
			files.push(part.inlineFile.file);
		}
	}
	return files;
}

/**
 * What "Compare" shows on the left of a turn's image: the turn's first attachment, else the latest earlier final image.
 * `label` names it in a sentence ("Compare with the attached image"), `name` on its own (the compare view's side).
 */
export function compareSource(session: StudioSession, turn: StudioTurn): { file: string; label: string; name: string } | undefined {
	if (turn.attachments.length > 0) {
		return { file: turn.attachments[0].file, label: l10n.t('the attached image'), name: l10n.t('attached image') };
	}
	const index = session.turns.indexOf(turn);
	for (let earlier = index - 1; earlier >= 0; earlier--) {
		const image = [...(session.turns[earlier].response ?? [])].reverse().find((part) => part.inlineFile && part.thought !== true);
		if (image?.inlineFile) {
			return { file: image.inlineFile.file, label: l10n.t('the image of turn {0}', earlier + 1), name: l10n.t('image of turn {0}', earlier + 1) };
		}
	}
	return undefined;
}
