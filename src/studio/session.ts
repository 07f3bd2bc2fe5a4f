/**
 * The studio's conversation model and its session.json. Pure (no `vscode`). Gemini 3 rejects a turn whose earlier
 * model parts come back without their exact `thoughtSignature`, so model parts are kept exactly as received (thought
 * parts included) and only the inline image data is moved out into files (`inlineFile`), to be put back byte for byte
 * when the history is sent (./historyBuilder.ts builds that history).
 */

import * as l10n from '@vscode/l10n';
import { isRecord, isStudioRequestOptions, type StudioGroundingView, type StudioRequestOptions, type StudioUsageView } from '../shared/protocol';
import { errorMessage } from '../core/errors';

/** An image kept as a file in the session folder. */
export interface StoredImageRef {
	/** File name inside the session folder (no path). */
	readonly file: string;
	readonly mimeType: string;
}

/** A model part as received, except that `inlineData` is replaced by `inlineFile`. Unknown fields are kept. */
export interface StoredPart {
	readonly [key: string]: unknown;
	readonly text?: string;
	readonly thought?: boolean;
	readonly thoughtSignature?: string;
	readonly inlineFile?: StoredImageRef;
}

export interface StudioTurn {
	readonly id: string;
	/** Model the turn was sent to. */
	readonly model: string;
	readonly prompt: string;
	/** Images the user attached to this turn. */
	readonly attachments: readonly StoredImageRef[];
	/** The controls the turn was sent with (absent in sessions from before they existed). */
	readonly options?: StudioRequestOptions;
	/** The model's parts; undefined while pending or after a failure. */
	response?: StoredPart[];
	/** Token counts and estimated price of the reply. */
	usage?: StudioUsageView;
	/** Google Search grounding of the reply. */
	grounding?: StudioGroundingView;
	/** How the turn was sent, when the user should know (model changed, grounding not available…). */
	notice?: string;
	/** The user-facing error message of a failed turn. */
	error?: string;
	/** The `ImageStudioError` code of a failed turn (absent in sessions from before it was kept). */
	errorCode?: string;
	/**
	 * Replay this turn with the documented placeholder instead of its signatures, as history the model did not produce
	 * in this conversation: set on the turns a conversation continued after Gemini refused their signatures.
	 */
	replayWithPlaceholders?: boolean;
	readonly createdAt: string;
}

export interface StudioSession {
	readonly version: 1;
	readonly id: string;
	title: string;
	/** The model the next turn uses. */
	model: string;
	/** The controls the next turn starts with. */
	options?: StudioRequestOptions;
	readonly createdAt: string;
	updatedAt: string;
	readonly turns: StudioTurn[];
}

/** A Gemini `Content` as sent in `contents`. */
export interface WireContent {
	readonly role: 'user' | 'model';
	readonly parts: Record<string, unknown>[];
}

/** Reads an image file of the session; the builder never decides where files live. */
export type ImageReader = (file: string) => Uint8Array;

export const SESSION_FILE = 'session.json';
const MAX_TITLE_LENGTH = 80;

export function createSession(id: string, model: string, now = new Date()): StudioSession {
	return { version: 1, id, title: l10n.t('New conversation'), model, createdAt: now.toISOString(), updatedAt: now.toISOString(), turns: [] };
}

/** A short title from the first prompt. */
export function titleFromPrompt(prompt: string): string {
	const flat = prompt.replace(/\s+/g, ' ').trim();
	return flat.length > MAX_TITLE_LENGTH ? `${flat.slice(0, MAX_TITLE_LENGTH - 1)}…` : flat || l10n.t('New conversation');
}

/** True when a turn goes into the history: it got a non-empty model reply (failed and empty turns are dropped, as the SDK's chats do). */
export function isReplayable(turn: StudioTurn): boolean {
	return turn.error === undefined && Array.isArray(turn.response) && turn.response.length > 0;
}

/**
 * "Continue from this turn": a new session holding copies of the turns up to and including `turnId` (signatures,
 * usage and all), and the image files the copy needs. Undefined when the turn is not in the session. When Gemini
 * refused the conversation's signatures (`withoutSignatures`), the copies are replayed with the documented placeholder
 * instead, as history the model did not produce: the same signatures would only be refused again.
 */
export function continueSession(
	session: StudioSession,
	turnId: string,
	newId: string,
	now = new Date(),
	options: { withoutSignatures?: boolean } = {},
): { session: StudioSession; files: string[] } | undefined {
	const index = session.turns.findIndex((turn) => turn.id === turnId);
	if (index < 0) {
		return undefined;
	}
	const turns = JSON.parse(JSON.stringify(session.turns.slice(0, index + 1))) as StudioTurn[];
	if (options.withoutSignatures) {
		turns.forEach((turn) => (turn.replayWithPlaceholders = true));
	}
	const files = new Set<string>();
	for (const turn of turns) {
		turn.attachments.forEach((attachment) => files.add(attachment.file));
		turn.response?.forEach((part) => part.inlineFile && files.add(part.inlineFile.file));
	}
	// A copy of a copy keeps its title ("Continued: " once, in the display language's wording).
	const title = session.title.startsWith(l10n.t('Continued: {0}', '')) ? session.title : titleFromPrompt(l10n.t('Continued: {0}', session.title));
	return {
		session: {
			version: 1,
			id: newId,
			title,
			model: session.model,
			options: session.options,
			createdAt: now.toISOString(),
			updatedAt: now.toISOString(),
			turns,
		},
		files: [...files],
	};
}

/**
 * Splits received model parts into stored parts and image files. `name(index, extension)` names the file of the part
 * at `index`. Parts without inline data are kept as they are (a deep copy).
 */
export function storeModelParts(
	parts: readonly Record<string, unknown>[],
	name: (index: number, extension: string) => string,
): { parts: StoredPart[]; images: { file: string; mimeType: string; bytes: Uint8Array }[] } {
	const stored: StoredPart[] = [];
	const images: { file: string; mimeType: string; bytes: Uint8Array }[] = [];
	parts.forEach((part, index) => {
		const copy = JSON.parse(JSON.stringify(part)) as Record<string, unknown>;
		const inline = copy.inlineData as { mimeType?: unknown; data?: unknown } | undefined;
		if (inline && typeof inline.data === 'string') {
			const mimeType = typeof inline.mimeType === 'string' ? inline.mimeType : 'application/octet-stream';
			const file = name(index, extensionFor(mimeType));
			const { inlineData: _inlineData, ...rest } = copy;
			images.push({ file, mimeType, bytes: fromBase64(inline.data) });
			stored.push({ ...rest, inlineFile: { file, mimeType } });
		} else {
			stored.push(copy);
		}
	});
	return { parts: stored, images };
}

function extensionFor(mimeType: string): string {
	switch (mimeType) {
		case 'image/jpeg':
			return 'jpg';
		case 'image/png':
			return 'png';
		case 'image/webp':
			return 'webp';
		default:
			return 'bin';
	}
}

function fromBase64(data: string): Uint8Array {
	return new Uint8Array(Buffer.from(data, /[-_]/.test(data) ? 'base64url' : 'base64'));
}

// ---------------------------------------------------------------------------------------------------------------
// session.json: written by us, but read back from disk, so checked before use.
// ---------------------------------------------------------------------------------------------------------------

const FILE_NAME = /^[A-Za-z0-9._-]{1,120}$/;

function isImageRef(value: unknown): value is StoredImageRef {
	return isRecord(value) && typeof value.file === 'string' && FILE_NAME.test(value.file) && !value.file.startsWith('.') && typeof value.mimeType === 'string';
}

function isStoredPart(value: unknown): value is StoredPart {
	return (
		isRecord(value) &&
		value.inlineData === undefined &&
		(value.text === undefined || typeof value.text === 'string') &&
		(value.thought === undefined || typeof value.thought === 'boolean') &&
		(value.thoughtSignature === undefined || typeof value.thoughtSignature === 'string') &&
		(value.inlineFile === undefined || isImageRef(value.inlineFile))
	);
}

function isTurn(value: unknown): value is StudioTurn {
	return (
		isRecord(value) &&
		typeof value.id === 'string' &&
		FILE_NAME.test(value.id) &&
		typeof value.model === 'string' &&
		typeof value.prompt === 'string' &&
		typeof value.createdAt === 'string' &&
		Array.isArray(value.attachments) &&
		value.attachments.every(isImageRef) &&
		(value.response === undefined || (Array.isArray(value.response) && value.response.every(isStoredPart))) &&
		(value.error === undefined || typeof value.error === 'string') &&
		(value.errorCode === undefined || (typeof value.errorCode === 'string' && value.errorCode.length <= 40)) &&
		(value.replayWithPlaceholders === undefined || typeof value.replayWithPlaceholders === 'boolean') &&
		(value.notice === undefined || typeof value.notice === 'string') &&
		(value.options === undefined || isStudioRequestOptions(value.options)) &&
		(value.usage === undefined || isUsage(value.usage)) &&
		(value.grounding === undefined || isGrounding(value.grounding))
	);
}

function isCount(value: unknown): boolean {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isUsage(value: unknown): boolean {
	return (
		isRecord(value) &&
		isCount(value.inputTokens) &&
		isCount(value.outputTokens) &&
		isCount(value.thoughtTokens) &&
		isCount(value.imageCount) &&
		(value.costUsd === undefined || isCount(value.costUsd))
	);
}

function isGrounding(value: unknown): boolean {
	return (
		isRecord(value) &&
		Array.isArray(value.sources) &&
		value.sources.every(
			(source) => isRecord(source) && typeof source.title === 'string' && typeof source.uri === 'string' && /^https?:\/\//i.test(source.uri),
		) &&
		Array.isArray(value.queries) &&
		value.queries.every((query) => typeof query === 'string') &&
		(value.searchEntryPointHtml === undefined || typeof value.searchEntryPointHtml === 'string')
	);
}

/** Parses a session.json; throws an Error saying what is wrong (the caller reports it and skips the session). */
export function parseSession(text: string, expectedId: string): StudioSession {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		throw new Error(`not valid JSON (${errorMessage(error)})`);
	}
	if (!isRecord(value) || value.version !== 1) {
		throw new Error('not a version 1 studio session');
	}
	if (value.id !== expectedId) {
		throw new Error(`its id does not match its folder (${JSON.stringify(String(value.id).slice(0, 40))})`);
	}
	if (typeof value.title !== 'string' || typeof value.model !== 'string' || typeof value.createdAt !== 'string' || typeof value.updatedAt !== 'string') {
		throw new Error('title, model or dates are missing');
	}
	if (value.options !== undefined && !isStudioRequestOptions(value.options)) {
		throw new Error('its options are malformed');
	}
	if (!Array.isArray(value.turns) || !value.turns.every(isTurn)) {
		throw new Error('a turn is malformed');
	}
	return value as unknown as StudioSession;
}

export function serializeSession(session: StudioSession): string {
	return JSON.stringify(session, null, '\t') + '\n';
}
