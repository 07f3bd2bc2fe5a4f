// Over 400 lines (by a little): one turn's steps read top to bottom; splitting them would scatter one flow.
/**
 * One studio turn from prompt to stored reply: the history that goes with it, the request, the reply's parts and
 * images stored beside session.json, and the turn saved; also Retry of a failed turn and Cancel of the running one.
 * A panel has one runner; at most one turn runs at a time.
 */
import * as l10n from '@vscode/l10n';
import { readConfig } from '../config';
import { errorMessage, ImageStudioError } from '../core/errors';
import type { ChatReply } from '../gemini/chatClient';
import { estimateRequestCostUsd, findModel, ImageSize, ModelInfo, resolveModel } from '../gemini/modelCatalog';
import { DEFAULT_RETRY_POLICY } from '../gemini/retryPolicy';
import { requireApiKey } from '../generation/requestImages';
import type { TrackedRequest } from '../requestTracker';
import type { Services } from '../services';
import type { StudioRequestOptions, StudioToWebview, StudioTurnView } from '../shared/protocol';
import type { Attachments, PendingAttachment } from './attachments';
import { BYTES_PER_MB, foreignModels, leftOutNotice, leftOutReplyNotice, planHistory, withoutLeftOutImages } from './historyBuilder';
import { isReplayable, StoredImageRef, storeModelParts, StudioSession, StudioTurn, titleFromPrompt, WireContent } from './session';
import type { StudioSessionStore } from './sessionStore';
import { RequestControls, requestControls } from './studioModels';
import { markWalkthroughStep } from '../walkthrough/walkthrough';

/** The outcome of one turn, returned to `imageStudio.openStudio` callers. */
export interface StudioTurnResult {
	readonly sessionId: string;
	readonly turnId: string;
	readonly ok: boolean;
	readonly imageCount: number;
	readonly error?: string;
}

/** The controls a new conversation starts with: everything left to the model, text and images, no grounding. */
export const DEFAULT_STUDIO_OPTIONS: StudioRequestOptions = { output: 'textAndImage', googleSearch: false };

/** What the runner needs from its panel. */
export interface TurnRunnerHost {
	/** The conversation shown. */
	session(): StudioSession;
	post(message: StudioToWebview): Promise<void>;
	isDisposed(): boolean;
	/** The webview's view of a turn of the conversation shown. */
	view(turn: StudioTurn): StudioTurnView;
	/** The conversation got its title from its first turn. */
	retitle(session: StudioSession): void;
	/** A conversation got its first turn (the store is kept within its limit, and every panel's list is told). */
	conversationAdded(): void;
	/** The conversation's model changed (a turn sent from a command with another model): the control shows it. */
	modelChanged(): void;
}

/** A turn to run: a new one, or a failed one sent again. */
interface TurnInput {
	readonly prompt: string;
	readonly model: string;
	readonly options: StudioRequestOptions;
	/** Images not stored yet (pending chips): written into the session folder when the turn joins the session. */
	readonly fresh: readonly PendingAttachment[];
	/** Images already in the session folder (a retried turn's). */
	readonly stored: readonly StoredImageRef[];
	/** The failed turn this one is sent again for: it leaves the conversation once this one joins it. */
	readonly replaces?: StudioTurn;
}

/** One turn on its way: what the steps of `_run` read and add to. */
interface Attempt {
	readonly input: TurnInput;
	readonly session: StudioSession;
	readonly turnId: string;
	/** Every image of the turn as a file of the session folder: the retried turn's, then the fresh ones. */
	readonly attachments: readonly StoredImageRef[];
	readonly notices: string[];
	readonly tracked: TrackedRequest;
	/** The turn as it is stored: replaced while it is prepared, changed in place once it joined the session. */
	turn: StudioTurn;
}

/** What `_prepare` found: the model, the request's controls and its contents. */
interface PreparedRequest {
	readonly model: ModelInfo;
	readonly controls: RequestControls;
	readonly contents: WireContent[];
}

export class TurnRunner {
	private _running: { sessionId: string; turnId: string; cancel(): void } | undefined;

	constructor(
		private readonly _services: Services,
		private readonly _store: StudioSessionStore,
		private readonly _attachments: Attachments,
		private readonly _host: TurnRunnerHost,
	) {}

	/** The turn in flight, if any. */
	get running(): { readonly sessionId: string; readonly turnId: string } | undefined {
		return this._running;
	}

	/** Aborts the turn in flight, if any; it then fails as cancelled. */
	cancel(): void {
		this._running?.cancel();
	}

	/** Sends one turn with the whole history; resolves when it is answered, failed or cancelled. Never throws. */
	async send(prompt: string, model: string | undefined, interactive: boolean, options?: Partial<StudioRequestOptions>): Promise<StudioTurnResult> {
		const session = this._host.session();
		const text = prompt.trim();
		const modelId = model ?? session.model;
		const merged: StudioRequestOptions = { ...nextTurnOptions(session), ...definedOnly(options ?? {}) };
		if (this._running) {
			return { sessionId: session.id, turnId: '', ok: false, imageCount: 0, error: l10n.t('Another turn is still running in this conversation.') };
		}
		const fresh = text === '' ? [] : this._attachments.takeAll();
		return this._run({ prompt: text, model: modelId, options: merged, fresh, stored: [] }, interactive);
	}

	/** Sends a failed turn again (same prompt, images, model and controls); the failed attempt leaves the conversation. */
	async retry(turnId: string): Promise<StudioTurnResult> {
		const session = this._host.session();
		const failed = session.turns.find((turn) => turn.id === turnId);
		if (this._running || !failed || failed.error === undefined || failed.errorCode === 'invalidHistory') {
			const error = this._running
				? l10n.t('Another turn is still running in this conversation.')
				: failed?.errorCode === 'invalidHistory'
					? l10n.t("Gemini did not accept this conversation's history, so sending it again would fail again. Continue from an earlier turn instead.")
					: l10n.t('Only a failed turn can be retried.');
			void this._host.post({ type: 'notice', message: error, severity: 'warning' });
			return { sessionId: session.id, turnId, ok: false, imageCount: 0, error };
		}
		return this._run(
			{
				prompt: failed.prompt,
				model: failed.model,
				options: failed.options ?? nextTurnOptions(session),
				fresh: [],
				stored: failed.attachments,
				replaces: failed,
			},
			true,
		);
	}

	private async _run(input: TurnInput, interactive: boolean): Promise<StudioTurnResult> {
		const attempt = this._begin(input);
		try {
			const prepared = await this._prepare(attempt);
			await this._join(attempt);
			const reply = await this._request(attempt, prepared, interactive);
			await this._storeReply(attempt, prepared, reply);
			markWalkthroughStep('studioTurnDone');
			return { sessionId: attempt.session.id, turnId: attempt.turnId, ok: true, imageCount: reply.imageCount };
		} catch (error) {
			return this._fail(attempt, error);
		} finally {
			await this._finish(attempt);
		}
	}

	/** Names the turn, makes its model and controls the conversation's, and marks it running. */
	private _begin(input: TurnInput): Attempt {
		const session = this._host.session();
		const turnId = `t${session.turns.length + 1}-${Date.now().toString(36)}`;
		const modelId = input.model;
		const modelChanged = session.model !== modelId;
		session.model = modelId;
		session.options = input.options;
		if (modelChanged) {
			this._host.modelChanged();
		}
		const attachments: StoredImageRef[] = [
			...input.stored,
			...input.fresh.map((attachment, index) => ({ file: `${turnId}-a${index}.${attachment.extension}`, mimeType: attachment.mimeType })),
		];
		const notices: string[] = [];
		const switchNotice = modelSwitchNotice(session, modelId);
		if (switchNotice) {
			notices.push(switchNotice);
		}
		const turn: StudioTurn = { id: turnId, model: modelId, prompt: input.prompt, attachments, options: input.options, createdAt: new Date().toISOString() };
		const tracked = this._services.requests.begin();
		this._running = { sessionId: session.id, turnId, cancel: () => tracked.cancel() };
		return { input, session, turnId, attachments, notices, tracked, turn };
	}

	/** Checks the prompt, model and controls, and builds the history, before the turn joins the session. */
	private async _prepare(attempt: Attempt): Promise<PreparedRequest> {
		const { input, session, attachments, notices } = attempt;
		if (input.prompt === '') {
			throw new ImageStudioError('invalidInput', l10n.t('Type a prompt first.'));
		}
		const resolution = resolveModel(input.model);
		if (resolution.kind === 'invalid') {
			throw new ImageStudioError('invalidInput', l10n.t('"{0}" is not a Gemini image model.', input.model.slice(0, 80)));
		}
		const controls = requestControls(resolution.model, resolution.kind === 'known', input.options);
		notices.push(...controls.notices);
		attempt.turn = { ...attempt.turn, notice: notices.length > 0 ? notices.join(' ') : undefined };
		// Built before the new turn joins the session: failed and pending turns are never replayed.
		const fresh = new Map<string, Uint8Array>();
		input.fresh.forEach((attachment, index) => fresh.set(attachments[input.stored.length + index].file, attachment.bytes));
		const history = await this._history(session, { prompt: input.prompt, attachments, model: input.model }, resolution.model, fresh);
		if (history.notice) {
			notices.push(history.notice);
			attempt.turn = { ...attempt.turn, notice: notices.join(' ') };
		}
		return { model: resolution.model, controls, contents: history.contents };
	}

	/** Stores the new images and the turn (in place of the failed one it retries), and shows it pending. */
	private async _join(attempt: Attempt): Promise<void> {
		const { input, session, attachments, turn } = attempt;
		if (input.fresh.length > 0) {
			void this._attachments.postChips([]);
			// Stored as files beside session.json, never as base64 in it.
			for (let index = 0; index < input.fresh.length; index++) {
				await this._store.writeImage(session.id, attachments[input.stored.length + index].file, input.fresh[index].bytes);
			}
		}
		// The new attachments' thumbnails, and any an attachment reused from an earlier turn still lacks.
		await this._thumbnails(
			session.id,
			attachments.map((attachment) => attachment.file),
		);
		if (input.replaces && session.turns.includes(input.replaces)) {
			session.turns.splice(session.turns.indexOf(input.replaces), 1);
			void this._host.post({ type: 'turnRemoved', turnId: input.replaces.id });
		}
		session.turns.push(turn);
		if (session.turns.length === 1) {
			session.title = titleFromPrompt(input.prompt);
			this._host.retitle(session);
		}
		// On disk before the request: a window closed or crashed mid-request leaves an interrupted turn, not orphan files.
		await this._saveSession(session);
		void this._host.post({ type: 'turn', turn: this._host.view(turn) });
		void this._host.post({ type: 'busy', busy: true });
	}

	/** Sends the request (with the key, retries and the turn's cancel signal) and waits for the reply. */
	private async _request(attempt: Attempt, prepared: PreparedRequest, interactive: boolean): Promise<ChatReply> {
		const { input, session, tracked } = attempt;
		const { controls, contents } = prepared;
		const apiKey = await requireApiKey(this._services, interactive);
		const config = readConfig();
		const started = Date.now();
		const reply = await this._services.chat.send(
			{
				model: input.model,
				contents,
				includeThoughts: prepared.model.supportsThinking,
				aspectRatio: controls.aspectRatio,
				imageSize: controls.imageSize,
				imageOnly: input.options.output === 'imageOnly',
				googleSearch: controls.googleSearch,
				thinkingLevel: controls.thinkingLevel,
			},
			{
				apiKey: apiKey.key,
				endpoint: config.endpoint,
				timeoutMs: config.requestTimeoutMs,
				retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries: config.maxRetries },
				signal: tracked.signal,
				onRetry: ({ retry, delayMs, error }) =>
					this._services.log.warn(`Studio: attempt ${retry} failed (${error.code}: ${error.message}); retrying in ${delayMs} ms`),
			},
		);
		this._services.log.info(
			`Studio: turn ${session.turns.length} of ${session.id} answered in ${Date.now() - started} ms (${reply.parts.length} part(s), ${reply.imageCount} image(s), ${reply.usage.inputTokens} input token(s), history of ${contents.length} content(s)).`,
		);
		return reply;
	}

	/** Keeps the reply's parts exactly as received, its images as files, and its usage, price and grounding. */
	private async _storeReply(attempt: Attempt, prepared: PreparedRequest, reply: ChatReply): Promise<void> {
		const { session, turnId, turn } = attempt;
		// Unreadable images (and any beyond the reply limit) are neither stored nor sent back: Gemini would refuse the
		// history, and every later turn of the conversation would fail.
		const parts = withoutLeftOutImages(reply.parts as Record<string, unknown>[], reply.leftOutParts);
		const leftOut = leftOutReplyNotice(reply.leftOutParts);
		if (leftOut) {
			this._services.log.warn(`Studio: turn ${turnId} of ${session.id}: ${leftOut}`);
			turn.notice = turn.notice ? `${turn.notice} ${leftOut}` : leftOut;
		}
		const stored = storeModelParts(parts, (index, extension) => `${turnId}-p${index}.${extension}`);
		for (const image of stored.images) {
			await this._store.writeImage(session.id, image.file, image.bytes);
		}
		await this._thumbnails(
			session.id,
			stored.images.map((image) => image.file),
		);
		const usage = { ...reply.usage, imageCount: reply.imageCount };
		turn.usage = { ...usage, costUsd: estimateRequestCostUsd(prepared.model, usage, prepared.controls.imageSize as ImageSize | undefined) };
		void this._services.usage.record({ source: 'studio', model: prepared.model.id, images: reply.imageCount, costUsd: turn.usage.costUsd });
		turn.grounding = reply.grounding;
		turn.response = stored.parts;
	}

	/** Writes the thumbnails of stored images (once each); one that cannot be made is logged, and the full image is shown. */
	private async _thumbnails(sessionId: string, files: readonly string[]): Promise<void> {
		for (const file of files) {
			const outcome = await this._store.thumbnails.ensure(sessionId, file);
			if (!outcome.ok) {
				this._services.log.warn(`Studio: no thumbnail for ${file} of ${sessionId} (the full image is shown): ${outcome.reason}`);
			}
		}
	}

	/** Records why the turn failed, on the turn and in the log (or a notification that can offer "Set API Key"). */
	private _fail(attempt: Attempt, error: unknown): StudioTurnResult {
		const { session, turnId, turn } = attempt;
		const mapped = error instanceof ImageStudioError ? error : undefined;
		const message = mapped?.message ?? errorMessage(error);
		turn.error = message;
		turn.errorCode = mapped?.code;
		if (mapped?.code === 'noKey' || mapped?.code === 'badKey') {
			// The inline message cannot offer "Set API Key"; the notification can.
			this._services.notifier.error(mapped, l10n.t('Studio'));
		} else {
			this._services.log.error(`Studio: turn failed: ${message}${mapped?.options.detail ? `\n${mapped.options.detail}` : ''}`);
		}
		return { sessionId: session.id, turnId, ok: false, imageCount: 0, error: message };
	}

	/** Answered, failed or cancelled: saves and shows the turn, or gives a refused turn's images back to the composer. */
	private async _finish(attempt: Attempt): Promise<void> {
		const { input, session, turn, tracked } = attempt;
		tracked.dispose();
		this._running = undefined;
		if (session.turns.includes(turn)) {
			await this._saveSession(session).catch(() => undefined);
			if (session === this._host.session() && !this._host.isDisposed()) {
				void this._host.post({ type: 'turn', turn: this._host.view(turn) });
			}
			if (session.turns.length === 1) {
				this._host.conversationAdded();
			}
		} else if (turn.error) {
			// Refused before it joined the conversation: the new images wait for the next try.
			this._attachments.putBack(input.fresh);
			void this._attachments.postChips([]);
			void this._host.post({
				type: 'turn',
				turn: { id: turn.id, prompt: turn.prompt, model: turn.model, status: 'failed', parts: [], error: turn.error },
			});
		}
		void this._host.post({ type: 'busy', busy: false });
	}

	/** Saves the conversation; a failure is said in the panel (the turn would otherwise be lost on reload) and rethrown. */
	private async _saveSession(session: StudioSession): Promise<void> {
		session.updatedAt = new Date().toISOString();
		try {
			await this._store.save(session);
		} catch (error) {
			const message = l10n.t('The conversation could not be saved, so this turn will be missing after a reload: {0}', errorMessage(error));
			this._services.log.error(`Studio: session ${session.id}: ${message}`);
			void this._host.post({ type: 'notice', message, severity: 'error' });
			throw error;
		}
	}

	/**
	 * The request's contents (./historyBuilder.ts): the whole conversation while it fits the byte budget and the model's
	 * images-per-request limit, else without its oldest images (said on the turn). Plans with the stored files' sizes
	 * and reads only the images it sends.
	 */
	private async _history(
		session: StudioSession,
		next: { prompt: string; attachments: readonly StoredImageRef[]; model: string },
		model: ModelInfo,
		fresh: ReadonlyMap<string, Uint8Array>,
	): Promise<{ contents: WireContent[]; notice?: string }> {
		const maxRequestMB = readConfig().studioMaxRequestMB;
		const store = this._store;
		const missing = (file: string) => new ImageStudioError('badResponse', l10n.t('An image of this conversation ({0}) is missing from its storage.', file));
		const sizes = new Map<string, number>();
		for (const turn of session.turns.filter(isReplayable)) {
			const files = [
				...turn.attachments.map((attachment) => attachment.file),
				...turn.response!.flatMap((part) => (part.inlineFile ? [part.inlineFile.file] : [])),
			];
			for (const file of files) {
				if (!sizes.has(file)) {
					sizes.set(file, await store.imageSize(session.id, file).catch(() => Promise.reject(missing(file))));
				}
			}
		}
		fresh.forEach((bytes, file) => sizes.set(file, bytes.byteLength));
		for (const attachment of next.attachments) {
			if (!sizes.has(attachment.file)) {
				sizes.set(attachment.file, await store.imageSize(session.id, attachment.file).catch(() => Promise.reject(missing(attachment.file))));
			}
		}
		const plan = planHistory(session, next, { maxBytes: maxRequestMB * BYTES_PER_MB, maxImages: model.maxInputImages }, (file) => sizes.get(file) ?? 0);
		if (plan.overLimit === 'imageLimit') {
			throw new ImageStudioError(
				'inputImage',
				l10n.t('{0} accepts at most {1} images per request; remove some attachments.', model.displayName, model.maxInputImages),
			);
		}
		if (plan.overLimit === 'size') {
			throw new ImageStudioError(
				'inputImage',
				l10n.t(
					"This turn's attachments come to {0} MB as sent, more than imageStudio.studio.maxRequestMB ({1} MB). Attach fewer or smaller images, or raise the setting.",
					(plan.bytes / BYTES_PER_MB).toFixed(1),
					maxRequestMB,
				),
			);
		}
		const images = new Map<string, Uint8Array>();
		for (const file of plan.filesToSend) {
			images.set(file, fresh.get(file) ?? (await store.readImage(session.id, file).catch(() => Promise.reject(missing(file)))));
		}
		return { contents: plan.contents((file) => images.get(file)!), notice: leftOutNotice(plan, model, maxRequestMB) };
	}
}

/** The controls the next turn of a conversation starts with: its last ones, completed with the defaults. */
export function nextTurnOptions(session: StudioSession): StudioRequestOptions {
	return { ...DEFAULT_STUDIO_OPTIONS, ...session.options };
}

/**
 * What to tell the user when the next turn goes to another model than earlier ones: Gemini only accepts a model's own
 * thought signatures, so the other model's turns are sent as history without them (and without their thoughts).
 */
export function modelSwitchNotice(session: StudioSession, nextModel: string): string | undefined {
	const foreign = foreignModels(session, nextModel);
	const last = session.turns.filter(isReplayable).pop();
	if (foreign.length === 0 || !last || last.model === nextModel) {
		return undefined; // Said once, on the first turn after the switch.
	}
	const name = (id: string) => findModel(id)?.displayName ?? id;
	const earlier = foreign.map(name).reduce((list, next) => l10n.t('{0} and {1}', list, next));
	return l10n.t(
		"{0} continues a conversation started with {1}: it gets the earlier prompts, text and images, but not the other model's reasoning (thought signatures only work with the model that made them).",
		name(nextModel),
		earlier,
	);
}

function definedOnly<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
