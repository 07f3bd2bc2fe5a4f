/**
 * The history the studio sends with each turn, in the only shapes Google documents (issue #8). Pure: no `vscode`, so
 * the plain-Node unit tests cover every shape.
 *
 * Rules (https://ai.google.dev/gemini-api/docs/thought-signatures, https://ai.google.dev/gemini-api/docs/gemini-3):
 * - Return each signature exactly as received, on the part it came with; never merge, split or move signed parts.
 *   Image generation and editing are strictly validated: "Signatures are guaranteed on the first part after the
 *   thoughts of the response (text or inlineData) and on every subsequent inlineData part. You must return all of
 *   these signatures." So the model's own turns go back verbatim: every part in order, thought parts included.
 * - For history the model did not produce, the same pages give placeholder values that skip validation
 *   (`skip_thought_signature_validator`, `context_engineering_is_the_way_to_go`). They are the only documented way to
 *   shorten or rewrite history, so:
 *   - an image left out of a model turn becomes a short text note carrying the placeholder (never a signature taken
 *     from another part; a note in a user turn carries none, as user parts never do);
 *   - a turn from another model (the conversation switched model) goes back with the placeholder on every one of its
 *     parts, and without its thought parts.
 * - Size: the whole conversation goes back while `contents` as JSON (base64 included) stays under a byte budget
 *   (`imageStudio.studio.maxRequestMB`); past it, and past the model's images-per-request limit, the OLDEST images
 *   are left out first, attachments and model images alike. The new turn's own attachments are never left out.
 */
import * as l10n from '@vscode/l10n';
import { isReplayable, type ImageReader, type StoredImageRef, type StoredPart, type StudioSession, type StudioTurn, type WireContent } from './session';

/** The value Gemini documents for history it did not produce: it skips the signature check of that part. */
export const SKIP_SIGNATURE_VALIDATION = 'skip_thought_signature_validator';

/** The note an image left out of the request is replaced by. */
export const LEFT_OUT_IMAGE_TEXT = '(An earlier image, left out to keep the request small.)';

/** The note an image of a reply is stored as when it was not kept (not a readable image, or beyond the reply limit). */
export const LEFT_OUT_REPLY_IMAGE_TEXT = '(An image of this reply, left out: it was not a readable image, or one too many.)';

/** The part a turn from another model is reduced to when nothing but thoughts was in it. */
export const EMPTY_FOREIGN_REPLY_TEXT = '(A reply from another model, with nothing to show.)';

/** Bytes per "MB" of `imageStudio.studio.maxRequestMB`: decimal, the smaller reading of Google's "MB". */
export const BYTES_PER_MB = 1_000_000;

export interface HistoryLimits {
	/** Largest size of `contents` as JSON, in bytes (base64 included). */
	readonly maxBytes: number;
	/** Most images (inlineData parts) one request may carry. */
	readonly maxImages: number;
}

export const NO_HISTORY_LIMITS: HistoryLimits = { maxBytes: Number.POSITIVE_INFINITY, maxImages: Number.POSITIVE_INFINITY };

/** The turn about to be sent. */
export interface NextTurn {
	readonly prompt: string;
	readonly attachments?: readonly StoredImageRef[];
	/** The model it goes to; earlier turns of other models are replayed as foreign history. Absent: none are. */
	readonly model?: string;
}

/** Why an image was left out. */
export type LeftOutReason = 'imageLimit' | 'size';

/** One image of the request, in the order the request carries them. */
interface ImageSlot {
	readonly kind: 'image';
	readonly file: string;
	readonly mimeType: string;
	readonly role: 'user' | 'model';
	/** The part's other fields, sent as they are when the image goes (a model part's thought flag and signature…). */
	readonly fields: Readonly<Record<string, unknown>>;
	/** An attachment of the new turn: never left out. */
	readonly current: boolean;
	/** Base64 characters of the image data. */
	readonly base64Length: number;
	leftOut?: LeftOutReason;
}

interface FixedPart {
	readonly kind: 'fixed';
	readonly part: Record<string, unknown>;
}

interface DraftContent {
	readonly role: 'user' | 'model';
	readonly parts: (ImageSlot | FixedPart)[];
}

export interface HistoryPlan {
	/** The files whose bytes go with the request: read these, then call `contents`. */
	readonly filesToSend: readonly string[];
	/** Earlier images left out, by reason. */
	readonly leftOut: Readonly<Record<LeftOutReason, number>>;
	/** Size of `contents` as JSON, in bytes. */
	readonly bytes: number;
	/** Images the request carries. */
	readonly imageCount: number;
	/** Set when the request is over a limit even without any earlier image (the new turn's attachments alone). */
	readonly overLimit?: LeftOutReason;
	/** The request's `contents`, with the image data from `readImage` (called only for `filesToSend`). */
	contents(readImage: ImageReader): WireContent[];
}

/** Base64 characters of `byteLength` bytes. */
export function base64Length(byteLength: number): number {
	return 4 * Math.ceil(byteLength / 3);
}

/**
 * Whether the next turn replays `turn` as history the model did not produce: another model's turn, or one whose
 * signatures Gemini refused (a conversation continued after a signature 400).
 */
export function isForeignTurn(turn: StudioTurn, nextModel: string | undefined): boolean {
	return turn.replayWithPlaceholders === true || (nextModel !== undefined && turn.model !== nextModel);
}

/** The models whose turns the next request would replay as another model's history (none when the model is unchanged). */
export function foreignModels(session: StudioSession, nextModel: string): string[] {
	return [...new Set(session.turns.filter((turn) => isReplayable(turn) && turn.model !== nextModel).map((turn) => turn.model))];
}

/**
 * Plans the request's `contents`: every replayable earlier turn (user parts, then the model's parts), then the new
 * user turn; the oldest images left out while the request is over `limits`. `imageByteLength(file)` is the size of a
 * stored image file (no bytes are read to plan).
 */
export function planHistory(session: StudioSession, next: NextTurn, limits: HistoryLimits, imageByteLength: (file: string) => number): HistoryPlan {
	const drafts: DraftContent[] = [];
	const slot = (ref: StoredImageRef, role: 'user' | 'model', fields: Record<string, unknown>, current: boolean): ImageSlot => ({
		kind: 'image',
		file: ref.file,
		mimeType: ref.mimeType,
		role,
		fields,
		current,
		base64Length: base64Length(imageByteLength(ref.file)),
	});
	const userDraft = (prompt: string, attachments: readonly StoredImageRef[], current: boolean): DraftContent => ({
		role: 'user',
		parts: [{ kind: 'fixed', part: { text: prompt } }, ...attachments.map((attachment) => slot(attachment, 'user', {}, current))],
	});
	for (const turn of session.turns.filter(isReplayable)) {
		drafts.push(userDraft(turn.prompt, turn.attachments, false));
		const parts = isForeignTurn(turn, next.model) ? foreignParts(turn.response!) : [...turn.response!];
		drafts.push({
			role: 'model',
			parts: parts.map((part) => {
				if (!part.inlineFile) {
					return { kind: 'fixed', part: { ...part } };
				}
				const { inlineFile, ...fields } = part;
				return slot(inlineFile, 'model', fields, false);
			}),
		});
	}
	drafts.push(userDraft(next.prompt, next.attachments ?? [], true));

	const slots = drafts.flatMap((draft) => draft.parts.filter((part): part is ImageSlot => part.kind === 'image'));
	const earlier = slots.filter((image) => !image.current);
	let bytes = Buffer.byteLength(JSON.stringify(materialise(drafts, () => '')), 'utf8') + slots.reduce((total, image) => total + image.base64Length, 0);
	let imageCount = slots.length;
	const leaveOut = (image: ImageSlot, reason: LeftOutReason) => {
		const sent = Buffer.byteLength(JSON.stringify(imagePart(image, '')), 'utf8') + image.base64Length;
		image.leftOut = reason;
		bytes += Buffer.byteLength(JSON.stringify(leftOutPart(image)), 'utf8') - sent;
		imageCount--;
	};
	for (const image of earlier) {
		if (imageCount <= limits.maxImages) {
			break;
		}
		leaveOut(image, 'imageLimit');
	}
	for (const image of earlier) {
		if (bytes <= limits.maxBytes) {
			break;
		}
		if (!image.leftOut) {
			leaveOut(image, 'size');
		}
	}
	const sent = slots.filter((image) => !image.leftOut);
	return {
		filesToSend: [...new Set(sent.map((image) => image.file))],
		leftOut: {
			imageLimit: earlier.filter((image) => image.leftOut === 'imageLimit').length,
			size: earlier.filter((image) => image.leftOut === 'size').length,
		},
		bytes,
		imageCount,
		overLimit: imageCount > limits.maxImages ? 'imageLimit' : bytes > limits.maxBytes ? 'size' : undefined,
		contents: (readImage) => materialise(drafts, (image) => toBase64(readImage(image.file))),
	};
}

/**
 * The whole conversation as `contents`, with the image sizes taken from `readImage` (convenient where the images are
 * in memory, as in the tests; the studio plans with file sizes and reads only what it sends).
 */
export function buildContents(session: StudioSession, next: NextTurn, readImage: ImageReader, limits: HistoryLimits = NO_HISTORY_LIMITS): WireContent[] {
	return planHistory(session, next, limits, (file) => readImage(file).byteLength).contents(readImage);
}

/**
 * Another model's reply as history for this one: its thought parts dropped (they belong to the other model's
 * reasoning) and the placeholder on every remaining part, also on parts that had no signature.
 */
function foreignParts(parts: readonly StoredPart[]): StoredPart[] {
	const kept = parts.filter((part) => part.thought !== true).map((part) => ({ ...part, thoughtSignature: SKIP_SIGNATURE_VALIDATION }));
	return kept.length > 0 ? kept : [{ text: EMPTY_FOREIGN_REPLY_TEXT, thoughtSignature: SKIP_SIGNATURE_VALIDATION }];
}

function materialise(drafts: readonly DraftContent[], data: (image: ImageSlot) => string): WireContent[] {
	return drafts.map((draft) => ({
		role: draft.role,
		parts: draft.parts.map((part) => (part.kind === 'fixed' ? part.part : part.leftOut ? leftOutPart(part) : imagePart(part, data(part)))),
	}));
}

function imagePart(image: ImageSlot, data: string): Record<string, unknown> {
	return { ...image.fields, inlineData: { mimeType: image.mimeType, data } };
}

/**
 * The note in place of a left-out image. In a model turn it carries the placeholder (the image's own signature must
 * not move onto another part) and keeps the image's thought flag, so the turn keeps its shape; in a user turn, none.
 */
function leftOutPart(image: ImageSlot): Record<string, unknown> {
	if (image.role === 'user') {
		return { text: LEFT_OUT_IMAGE_TEXT };
	}
	return { ...(image.fields.thought === true ? { thought: true } : {}), text: LEFT_OUT_IMAGE_TEXT, thoughtSignature: SKIP_SIGNATURE_VALIDATION };
}

/**
 * A reply's parts as the studio stores them: each image part that was not kept becomes a note carrying the
 * placeholder signature (its own signature cannot move to another part), keeping its thought flag, so the turn keeps
 * its shape and never holds image data Gemini would refuse when the history goes back.
 */
export function withoutLeftOutImages<T extends Record<string, unknown>>(
	parts: readonly T[],
	leftOut: readonly { readonly index: number }[],
): (T | Record<string, unknown>)[] {
	const indexes = new Set(leftOut.map((part) => part.index));
	return parts.map((part, index) =>
		indexes.has(index)
			? { ...(part.thought === true ? { thought: true } : {}), text: LEFT_OUT_REPLY_IMAGE_TEXT, thoughtSignature: SKIP_SIGNATURE_VALIDATION }
			: part,
	);
}

/** What to say on a turn whose reply had images that were not kept (undefined when it had none). */
export function leftOutReplyNotice(leftOut: readonly { readonly reason: 'unreadable' | 'limit' }[]): string | undefined {
	const unreadable = leftOut.filter((part) => part.reason === 'unreadable').length;
	const overLimit = leftOut.length - unreadable;
	const sentences: string[] = [];
	if (unreadable > 0) {
		sentences.push(
			unreadable === 1
				? l10n.t('1 image of the reply was not a readable PNG, JPEG or WebP image and was left out.')
				: l10n.t('{0} images of the reply were not a readable PNG, JPEG or WebP image and were left out.', unreadable),
		);
	}
	if (overLimit > 0) {
		sentences.push(
			overLimit === 1
				? l10n.t('1 image of the reply was beyond the number of images one reply may hold and was left out.')
				: l10n.t('{0} images of the reply were beyond the number of images one reply may hold and were left out.', overLimit),
		);
	}
	return sentences.length > 0 ? sentences.join(' ') : undefined;
}

/** What to say on a turn when earlier images were left out (undefined when none were). */
export function leftOutNotice(
	plan: Pick<HistoryPlan, 'leftOut'>,
	model: { displayName: string; maxInputImages: number },
	maxRequestMB: number,
): string | undefined {
	const sentences: string[] = [];
	const { imageLimit, size } = plan.leftOut;
	if (imageLimit > 0) {
		sentences.push(
			imageLimit === 1
				? l10n.t(
						'{0} accepts at most {1} images per request, so 1 earlier image was left out of this one (the oldest first).',
						model.displayName,
						model.maxInputImages,
					)
				: l10n.t(
						'{0} accepts at most {1} images per request, so {2} earlier images were left out of this one (the oldest first).',
						model.displayName,
						model.maxInputImages,
						imageLimit,
					),
		);
	}
	if (size > 0) {
		const also = imageLimit > 0;
		sentences.push(
			size === 1
				? also
					? l10n.t(
							'Also, 1 earlier image was left out to keep the request under {0} MB (imageStudio.studio.maxRequestMB; the oldest first).',
							maxRequestMB,
						)
					: l10n.t('1 earlier image was left out to keep the request under {0} MB (imageStudio.studio.maxRequestMB; the oldest first).', maxRequestMB)
				: also
					? l10n.t(
							'Also, {1} earlier images were left out to keep the request under {0} MB (imageStudio.studio.maxRequestMB; the oldest first).',
							maxRequestMB,
							size,
						)
					: l10n.t(
							'{1} earlier images were left out to keep the request under {0} MB (imageStudio.studio.maxRequestMB; the oldest first).',
							maxRequestMB,
							size,
						),
		);
	}
	return sentences.length > 0 ? sentences.join(' ') : undefined;
}

function toBase64(bytes: Uint8Array): string {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
