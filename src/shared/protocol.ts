// Over 400 lines: every message of both webviews and its validating guard belong together (one contract, one file).
/**
 * The host <-> webview message contract, shared by the extension host (src/) and the webview bundles (media/).
 * Must not import `vscode`: the browser bundles and the plain-Node unit tests compile it too.
 *
 * Each view gets its own pair of discriminated unions on `type` (one per direction). Messages coming FROM a webview
 * are untrusted input (a compromised or buggy webview can post anything), so each view also exports a type guard
 * that checks shapes, sizes and known values; the host drops whatever fails it. Messages TO a webview come from our
 * own host code and are typed only.
 *
 * The handshake is the same for every view: the webview posts `ready` first, the host queues until then (and answers
 * every later `ready` again, because a hidden webview without `retainContextWhenHidden` is rebuilt when shown).
 */

// ---------------------------------------------------------------------------------------------------------------
// Validation helpers shared by every view's guards.
// ---------------------------------------------------------------------------------------------------------------

/** Longest string accepted from a webview; nothing legitimate comes close, a 50 MB string must not get through. */
export const MAX_WEBVIEW_STRING_LENGTH = 10 * 1024;

/** A short, bounded description of a rejected message for the log (never the whole thing: it may be huge). */
export function describeMessage(message: unknown): string {
	if (typeof message === 'object' && message !== null && 'type' in message) {
		return `type ${JSON.stringify(String((message as { type: unknown }).type).slice(0, 40))}`;
	}
	return typeof message;
}

/** A plain data object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `value` has no own keys besides `allowed`: extra fields and extra nesting are rejected, not ignored. */
export function hasOnlyKeys(value: Record<string, unknown>, allowed: readonly string[]): boolean {
	return Object.keys(value).every((key) => allowed.includes(key));
}

export function isBoundedString(value: unknown, maxLength = MAX_WEBVIEW_STRING_LENGTH): value is string {
	return typeof value === 'string' && value.length <= maxLength;
}

export function isOneOf<T extends string>(value: unknown, known: readonly T[]): value is T {
	return typeof value === 'string' && (known as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Compare view (src/review/compareView.ts <-> media/compare/).
// ---------------------------------------------------------------------------------------------------------------

/** Follow-ups the host may offer under a comparison; the webview shows a button for each one it is sent. */
export const COMPARE_ACTIONS = ['replace', 'saveAsNew', 'discard', 'editAgain'] as const;
export type CompareAction = (typeof COMPARE_ACTIONS)[number];

/** Button labels, here so that host code (tests, logs) and the webview name actions the same way. */
export const COMPARE_ACTION_LABELS: Readonly<Record<CompareAction, string>> = {
	replace: 'Replace Original',
	saveAsNew: 'Save as New File',
	discard: 'Discard',
	editAgain: 'Edit Again',
};

export const COMPARE_MODES = ['sideBySide', 'swipe', 'onion', 'difference'] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

/** Image types a webview (Chromium) can decode; anything else is reported inline instead of sent. */
export const DISPLAYABLE_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/bmp'] as const;
export type DisplayableMimeType = (typeof DISPLAYABLE_MIME_TYPES)[number];

/** One side of a comparison that could be read and typed. */
export interface CompareImage {
	readonly kind: 'image';
	readonly label: string;
	readonly mimeType: DisplayableMimeType;
	/** The file's bytes: typed arrays cross postMessage efficiently, and work where asWebviewUri does not (web, remote). */
	readonly bytes: Uint8Array;
	/** From the file header when known (PNG, JPEG); the webview measures the decoded image anyway. */
	readonly width?: number;
	readonly height?: number;
}

/** One side of a comparison that cannot be shown (missing, unreadable, too large, not a displayable image). */
export interface CompareUnavailable {
	readonly kind: 'unavailable';
	readonly label: string;
	/** Short, user-facing reason, rendered inline with textContent. */
	readonly message: string;
}

export type CompareSide = CompareImage | CompareUnavailable;

/**
 * What the compare webview persists with `setState`, and all a restored panel gets back after a window reload:
 * URIs (as strings), labels and the title. Never image data: the files are re-read on restore.
 */
export interface CompareViewState {
	readonly version: 1;
	readonly title: string;
	readonly before: { readonly uri: string; readonly label: string };
	readonly after: { readonly uri: string; readonly label: string };
}

export type CompareToWebview =
	| {
			readonly type: 'init';
			readonly title: string;
			readonly before: CompareSide;
			readonly after: CompareSide;
			/** Buttons to show, in this order; empty for a plain comparison (and for a restored panel). */
			readonly actions: readonly CompareAction[];
			/** The mode to start in: the last one the webview reported, so hiding and showing the panel keeps it. */
			readonly mode: CompareMode;
			/** For the webview to hand to `setState`, so the panel survives a window reload; absent when nothing can be restored. */
			readonly state?: CompareViewState;
	  }
	| {
			/** Progress of an action the user clicked; buttons stay disabled while one runs (no double Replace). */
			readonly type: 'actionStatus';
			readonly action: CompareAction;
			readonly status: 'running' | 'done' | 'failed';
	  };

export type CompareFromWebview =
	{ readonly type: 'ready' } | { readonly type: 'action'; readonly action: CompareAction } | { readonly type: 'modeChanged'; readonly mode: CompareMode };

/** Type guard for messages from the compare webview: exact shapes, known values only, no extra fields. */
export function isCompareFromWebview(value: unknown): value is CompareFromWebview {
	if (!isRecord(value)) {
		return false;
	}
	switch (value.type) {
		case 'ready':
			return hasOnlyKeys(value, ['type']);
		case 'action':
			return hasOnlyKeys(value, ['type', 'action']) && isOneOf(value.action, COMPARE_ACTIONS);
		case 'modeChanged':
			return hasOnlyKeys(value, ['type', 'mode']) && isOneOf(value.mode, COMPARE_MODES);
		default:
			return false;
	}
}

/** Type guard for persisted webview state handed back by VS Code on restore: it was written by the webview. */
export function isCompareViewState(value: unknown): value is CompareViewState {
	return (
		isRecord(value) &&
		hasOnlyKeys(value, ['version', 'title', 'before', 'after']) &&
		value.version === 1 &&
		isBoundedString(value.title) &&
		isPersistedSide(value.before) &&
		isPersistedSide(value.after)
	);
}

function isPersistedSide(value: unknown): value is CompareViewState['before'] {
	return isRecord(value) && hasOnlyKeys(value, ['uri', 'label']) && isBoundedString(value.uri) && value.uri.length > 0 && isBoundedString(value.label);
}

// ---------------------------------------------------------------------------------------------------------------
// Studio chat panel (src/studio/studioPanel.ts <-> media/studio/).
// ---------------------------------------------------------------------------------------------------------------

/** Longest prompt the studio accepts from its webview (the Gemini limit is in tokens; this bounds the message). */
export const MAX_STUDIO_PROMPT_LENGTH = 8 * 1024;
/** Longest id (session, turn, image file name) the studio accepts from its webview. */
export const MAX_STUDIO_ID_LENGTH = 120;
/** Longest conversation title. */
export const MAX_STUDIO_TITLE_LENGTH = 120;

/** Largest image the studio webview may post (paste or drop); the host then checks the model's own limit. */
export const MAX_STUDIO_ATTACHMENT_BYTES = 20 * 1024 * 1024;
/** Most URIs one drop may carry. */
export const MAX_STUDIO_DROP_URIS = 20;

/** What the model is asked to answer with: `responseModalities` TEXT+IMAGE, or IMAGE alone. */
export const STUDIO_OUTPUT_MODES = ['textAndImage', 'imageOnly'] as const;
export type StudioOutputMode = (typeof STUDIO_OUTPUT_MODES)[number];

/** Image sizes as the API spells them; the host checks the chosen one against the model's catalog entry. */
export const STUDIO_IMAGE_SIZES = ['512', '1K', '2K', '4K'] as const;

/** `thinkingConfig.thinkingLevel` values as the API spells them; the host checks the chosen one against the model. */
export const STUDIO_THINKING_LEVELS = ['MINIMAL', 'LOW', 'MEDIUM', 'HIGH'] as const;
export type StudioThinkingLevel = (typeof STUDIO_THINKING_LEVELS)[number];

/** The per-turn controls under the prompt box. Absent ratio/size/thinking level = the model's default. */
export interface StudioRequestOptions {
	readonly aspectRatio?: string;
	readonly imageSize?: string;
	readonly output: StudioOutputMode;
	/** Ground the answer in Google Search (only sent when the model has it). */
	readonly googleSearch: boolean;
	/** `thinkingConfig.thinkingLevel`; absent: nothing is sent and the model decides. */
	readonly thinkingLevel?: StudioThinkingLevel;
}

export type StudioModelStatus = 'ga' | 'preview' | 'deprecated' | 'shutDown' | 'unknown';

/** A model the studio offers (the API's list annotated by the catalog), with what its controls may offer. */
export interface StudioModelView {
	readonly id: string;
	readonly displayName: string;
	/** One line for the model control's tooltip: capabilities and price, "capabilities not known", "deprecated: use …". */
	readonly detail: string;
	/**
	 * `deprecated` and `shutDown` models are marked in the control; an `unknown` one (listed by the API, not in the
	 * catalog) says "capabilities not known" and gets every control with every value, since the API decides.
	 */
	readonly status: StudioModelStatus;
	readonly aspectRatios: readonly string[];
	/** Empty when the model takes no size. */
	readonly imageSizes: readonly string[];
	readonly defaultImageSize?: string;
	readonly supportsGoogleSearch: boolean;
	readonly maxInputImages: number;
	/** `thinkingLevel` values the model takes; empty: no thinking control. */
	readonly thinkingLevels: readonly StudioThinkingLevel[];
	/** The level the model uses when none is sent. */
	readonly defaultThinkingLevel?: StudioThinkingLevel;
}

/** An image waiting for the next turn (not stored yet): its bytes are shown through a blob: URL. */
export interface StudioPendingAttachmentView {
	readonly id: string;
	readonly name: string;
	readonly mimeType: string;
	readonly bytes: Uint8Array;
}

/** An image the user sent with a turn, kept in the session folder and shown through `asWebviewUri`. */
export interface StudioAttachmentView {
	/** File name in the session folder. */
	readonly id: string;
	readonly name: string;
	readonly mimeType: string;
	/** `webview.asWebviewUri` of the stored file. */
	readonly src: string;
	/** `webview.asWebviewUri` of its small WebP thumbnail, shown as the chip; absent: none (yet), `src` is shown. */
	readonly thumbnailUri?: string;
	/** The thumbnail is being made (a conversation stored before thumbnails): nothing is shown until a `thumbnails` message. */
	readonly thumbnailPending?: true;
}

/** One part of a turn as the webview shows it: text (Markdown, sanitised by the webview) or image, final or a thought. */
export type StudioPartView =
	| { readonly kind: 'text'; readonly text: string; readonly thought: boolean }
	| {
			readonly kind: 'image';
			/** The image's file name in the session folder: what the image actions name. */
			readonly imageId: string;
			readonly mimeType: string;
			/** `webview.asWebviewUri` of the stored file: no image bytes or base64 cross postMessage or webview state. */
			readonly src: string;
			/**
			 * `webview.asWebviewUri` of the image's thumbnail (256 px WebP beside it): what a collapsed image (an older
			 * turn's, a thought's) shows; `src` loads only when it is expanded or its turn is the newest. Absent: no
			 * thumbnail (yet, or it could not be made), `src` is shown. Actions always use the full image.
			 */
			readonly thumbnailUri?: string;
			/**
			 * The thumbnail is being made (a conversation stored before thumbnails): a collapsed image shows an empty
			 * frame rather than decoding the full file, until a `thumbnails` message says it was made (or could not be).
			 */
			readonly thumbnailPending?: true;
			readonly thought: boolean;
			/** Label of what "Compare" puts on the left (an attachment of the turn, else the previous image); absent: no Compare. */
			readonly compareWith?: string;
	  };

/** Token counts of one turn (from `usageMetadata`) and its estimated price (from the catalog). */
export interface StudioUsageView {
	readonly inputTokens: number;
	readonly outputTokens: number;
	readonly thoughtTokens: number;
	readonly imageCount: number;
	/** Estimated price in US dollars; absent when the model has no price in the catalog. */
	readonly costUsd?: number;
}

/** Google Search grounding of a turn. */
export interface StudioGroundingView {
	/** Web sources, shown as links (http/https only; the webview checks again). */
	readonly sources: readonly { readonly title: string; readonly uri: string }[];
	readonly queries: readonly string[];
	/** Google's `searchEntryPoint.renderedContent`: untrusted HTML, shown only in a sandboxed, CSP-locked frame. */
	readonly searchEntryPointHtml?: string;
}

export interface StudioTurnView {
	readonly id: string;
	readonly prompt: string;
	readonly model: string;
	readonly status: 'pending' | 'done' | 'failed';
	/** The controls the turn was sent with. */
	readonly options?: StudioRequestOptions;
	/** Images the user sent with the turn. */
	readonly attachments?: readonly StudioAttachmentView[];
	/** The model's reply parts in order (empty while pending or after a failure). */
	readonly parts: readonly StudioPartView[];
	readonly usage?: StudioUsageView;
	readonly grounding?: StudioGroundingView;
	/** Something to know about how the turn was sent (e.g. the model changed and earlier signatures were not replayed). */
	readonly notice?: string;
	/** The ImageStudioError message of a failed turn, rendered inline with textContent. */
	readonly error?: string;
	/** A failed turn the user may send again (same prompt, attachments and options) with Retry. */
	readonly retryable?: boolean;
	/**
	 * A failed turn whose history Gemini did not accept (a thought-signature 400): the id of the last answered turn
	 * before it, which its "Continue from here" continues a new conversation from. Such a turn is never retryable.
	 */
	readonly continueFrom?: string;
}

/** A stored conversation in the session list. */
export interface StudioSessionSummary {
	readonly id: string;
	readonly title: string;
	readonly updatedAt: string;
	readonly turnCount: number;
}

/** What the studio webview persists with `setState`: only the session id; the host re-reads the session from disk. */
export interface StudioViewState {
	readonly version: 1;
	readonly sessionId: string;
}

/** The per-image actions of the studio. Copy is answered with `imageBytes`; the webview writes the clipboard. */
export const STUDIO_IMAGE_ACTIONS = ['save', 'insert', 'compare', 'useAsAttachment', 'copy'] as const;
export type StudioImageAction = (typeof STUDIO_IMAGE_ACTIONS)[number];

export type StudioToWebview =
	| {
			readonly type: 'init';
			readonly sessionId: string;
			readonly title: string;
			readonly models: readonly StudioModelView[];
			readonly model: string;
			/** The controls the next turn starts with (the last turn's, else the settings'). */
			readonly options: StudioRequestOptions;
			readonly turns: readonly StudioTurnView[];
			readonly busy: boolean;
			readonly state?: StudioViewState;
			/** Shown above the conversation, e.g. when the session could not be restored. */
			readonly notice?: string;
	  }
	| { readonly type: 'turn'; readonly turn: StudioTurnView }
	/** The models to offer changed (a fresh list from the API); `model` is the conversation's. */
	| { readonly type: 'models'; readonly models: readonly StudioModelView[]; readonly model: string }
	/** A turn left the conversation (its failed attempt was retried). */
	| { readonly type: 'turnRemoved'; readonly turnId: string }
	/**
	 * Thumbnails made for a turn shown with `thumbnailPending` (images and attachments, by file name): each image
	 * swaps in place to its thumbnail, or to its full file when `thumbnailUri` is absent (it could not be made).
	 */
	| { readonly type: 'thumbnails'; readonly turnId: string; readonly images: readonly { readonly imageId: string; readonly thumbnailUri?: string }[] }
	| { readonly type: 'busy'; readonly busy: boolean }
	/** The outcome of a per-image action, shown next to the image. */
	| { readonly type: 'imageActionResult'; readonly imageId: string; readonly action: StudioImageAction; readonly ok: boolean; readonly message: string }
	/** The bytes of one image, for Copy (the webview converts to PNG and writes the clipboard). */
	| { readonly type: 'imageBytes'; readonly imageId: string; readonly mimeType: string; readonly bytes: Uint8Array }
	/** The images waiting for the next turn, and why the last ones asked for were refused (if so). */
	| { readonly type: 'attachments'; readonly attachments: readonly StudioPendingAttachmentView[]; readonly errors: readonly string[] }
	/** Every stored conversation of the workspace, newest first, and how many could not be read. */
	| { readonly type: 'sessions'; readonly sessions: readonly StudioSessionSummary[]; readonly currentId: string; readonly damaged: number }
	/** A transient message above the composer (e.g. "Model changed: …"). */
	| { readonly type: 'notice'; readonly message: string; readonly severity: 'info' | 'warning' | 'error' };

export type StudioFromWebview =
	| { readonly type: 'ready' }
	| { readonly type: 'send'; readonly prompt: string; readonly model: string; readonly options: StudioRequestOptions }
	/** Sends a failed turn again; it replaces the failed one. */
	| { readonly type: 'retry'; readonly turnId: string }
	| { readonly type: 'cancel' }
	| { readonly type: 'modelChanged'; readonly model: string }
	/** The controls changed: remembered for the conversation. */
	| { readonly type: 'optionsChanged'; readonly options: StudioRequestOptions }
	| { readonly type: 'imageAction'; readonly action: StudioImageAction; readonly turnId: string; readonly imageId: string }
	/** Asks the host for a file picker. */
	| { readonly type: 'attach' }
	/** A pasted or dropped file's bytes; the host types them by content. */
	| { readonly type: 'attachBytes'; readonly name: string; readonly bytes: Uint8Array }
	/** Files dropped from the Explorer (`text/uri-list`). */
	| { readonly type: 'attachUris'; readonly uris: readonly string[] }
	| { readonly type: 'removeAttachment'; readonly id: string }
	/**
	 * Session list: start a new conversation, switch to a stored one, rename or delete one. A delete asks nothing: it is
	 * undoable (the conversation moves to the studio trash for a week, and the notification offers Undo).
	 */
	| { readonly type: 'newSession' }
	| { readonly type: 'openSession'; readonly sessionId: string }
	| { readonly type: 'renameSession'; readonly sessionId: string; readonly title: string }
	| { readonly type: 'deleteSession'; readonly sessionId: string }
	/** Starts a new conversation holding the history up to and including this turn. */
	| { readonly type: 'continueFrom'; readonly turnId: string };

/** A session, turn or image id: a plain file name, never `.`, `..` or hidden. */
function isStudioId(value: unknown): value is string {
	return isBoundedString(value, MAX_STUDIO_ID_LENGTH) && /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(value);
}

/** Type guard for the per-turn controls: known values only, no extra fields. */
export function isStudioRequestOptions(value: unknown): value is StudioRequestOptions {
	return (
		isRecord(value) &&
		hasOnlyKeys(value, ['aspectRatio', 'imageSize', 'output', 'googleSearch', 'thinkingLevel']) &&
		(value.aspectRatio === undefined || (typeof value.aspectRatio === 'string' && /^\d{1,2}:\d{1,2}$/.test(value.aspectRatio))) &&
		(value.imageSize === undefined || isOneOf(value.imageSize, STUDIO_IMAGE_SIZES)) &&
		isOneOf(value.output, STUDIO_OUTPUT_MODES) &&
		typeof value.googleSearch === 'boolean' &&
		(value.thinkingLevel === undefined || isOneOf(value.thinkingLevel, STUDIO_THINKING_LEVELS))
	);
}

/** Type guard for messages from the studio webview: exact shapes, bounded strings, no extra fields. */
export function isStudioFromWebview(value: unknown): value is StudioFromWebview {
	if (!isRecord(value)) {
		return false;
	}
	switch (value.type) {
		case 'ready':
		case 'cancel':
		case 'attach':
		case 'newSession':
			return hasOnlyKeys(value, ['type']);
		case 'attachBytes':
			return (
				hasOnlyKeys(value, ['type', 'name', 'bytes']) &&
				isBoundedString(value.name, 200) &&
				value.bytes instanceof Uint8Array &&
				value.bytes.byteLength > 0 &&
				value.bytes.byteLength <= MAX_STUDIO_ATTACHMENT_BYTES
			);
		case 'attachUris':
			return (
				hasOnlyKeys(value, ['type', 'uris']) &&
				Array.isArray(value.uris) &&
				value.uris.length > 0 &&
				value.uris.length <= MAX_STUDIO_DROP_URIS &&
				value.uris.every((uri) => isBoundedString(uri, 2048) && uri.length > 0)
			);
		case 'removeAttachment':
			return hasOnlyKeys(value, ['type', 'id']) && isStudioId(value.id);
		case 'send':
			return (
				hasOnlyKeys(value, ['type', 'prompt', 'model', 'options']) &&
				isBoundedString(value.prompt, MAX_STUDIO_PROMPT_LENGTH) &&
				value.prompt.trim().length > 0 &&
				isStudioId(value.model) &&
				isStudioRequestOptions(value.options)
			);
		case 'retry':
		case 'continueFrom':
			return hasOnlyKeys(value, ['type', 'turnId']) && isStudioId(value.turnId);
		case 'modelChanged':
			return hasOnlyKeys(value, ['type', 'model']) && isStudioId(value.model);
		case 'optionsChanged':
			return hasOnlyKeys(value, ['type', 'options']) && isStudioRequestOptions(value.options);
		case 'imageAction':
			return (
				hasOnlyKeys(value, ['type', 'action', 'turnId', 'imageId']) &&
				isOneOf(value.action, STUDIO_IMAGE_ACTIONS) &&
				isStudioId(value.turnId) &&
				isStudioId(value.imageId)
			);
		case 'openSession':
		case 'deleteSession':
			return hasOnlyKeys(value, ['type', 'sessionId']) && isStudioId(value.sessionId);
		case 'renameSession':
			return (
				hasOnlyKeys(value, ['type', 'sessionId', 'title']) &&
				isStudioId(value.sessionId) &&
				isBoundedString(value.title, MAX_STUDIO_TITLE_LENGTH) &&
				value.title.trim().length > 0
			);
		default:
			return false;
	}
}

/** Type guard for the studio's persisted webview state. */
export function isStudioViewState(value: unknown): value is StudioViewState {
	return isRecord(value) && hasOnlyKeys(value, ['version', 'sessionId']) && value.version === 1 && isStudioId(value.sessionId);
}

// ---------------------------------------------------------------------------------------------------------------
// Variations view: several candidates of one prompt in a grid; the user keeps some, only those are written.
// ---------------------------------------------------------------------------------------------------------------

/** Most candidates one variations run makes (the `count` argument's limit). */
export const MAX_VARIATIONS = 8;

/** One candidate, as its bytes (typed by the host from its magic bytes), in the order it was asked for. */
export interface VariationCandidate {
	readonly index: number;
	readonly mimeType: DisplayableMimeType;
	readonly bytes: Uint8Array;
	readonly width: number;
	readonly height: number;
}

export type VariationsToWebview =
	/** The whole state: sent after every `ready` (a rebuilt webview starts again from it). */
	| {
			readonly type: 'init';
			readonly title: string;
			readonly prompt: string;
			readonly total: number;
			readonly candidates: readonly VariationCandidate[];
			readonly failed: readonly { readonly index: number; readonly message: string }[];
			/** Requests still running. */
			readonly pending: number;
			/** Workspace-relative paths written so far (after a save). */
			readonly saved: readonly string[];
	  }
	| { readonly type: 'candidate'; readonly candidate: VariationCandidate }
	| { readonly type: 'failed'; readonly index: number; readonly message: string }
	| { readonly type: 'saved'; readonly paths: readonly string[] }
	| { readonly type: 'error'; readonly message: string };

export type VariationsFromWebview =
	| { readonly type: 'ready' }
	/** Write the candidates with these indexes (each once), then close. */
	| { readonly type: 'save'; readonly keep: readonly number[] }
	/** Write nothing and close. */
	| { readonly type: 'discardAll' };

export function isVariationsFromWebview(value: unknown): value is VariationsFromWebview {
	if (!isRecord(value)) {
		return false;
	}
	switch (value.type) {
		case 'ready':
		case 'discardAll':
			return hasOnlyKeys(value, ['type']);
		case 'save':
			return (
				hasOnlyKeys(value, ['type', 'keep']) &&
				Array.isArray(value.keep) &&
				value.keep.length > 0 &&
				value.keep.length <= MAX_VARIATIONS &&
				value.keep.every((index) => Number.isInteger(index) && index >= 0 && index < MAX_VARIATIONS) &&
				new Set(value.keep).size === value.keep.length
			);
		default:
			return false;
	}
}
