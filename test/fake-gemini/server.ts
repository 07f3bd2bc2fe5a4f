// A faithful local stand-in for the Gemini API (gemini-wire.md §3–§7, §14),
// for unit, integration and manual tests. It speaks the exact wire format the
// real @google/genai SDK expects, renders real images of the requested size,
// and can be scripted to fail in every way the extension must survive
// (security.md "Faults survived"). Only node built-ins, pngjs and jpeg-js.
import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
	GoogleErrorBody, googleError, googleHtmlErrorPage, googleStatusFor, invalidArgument, apiKeyInvalid,
	unregisteredCaller, unauthenticated, permissionDenied, modelNotFound, resourceExhausted,
	MSG_INTERNAL, MSG_OVERLOADED, MSG_DEADLINE,
} from './googleErrors';
import { FakeImageMime, expectedDimensions, promptSeed, renderFakeImage, sniffImageMime } from './images';
import { DEFAULT_SHUT_DOWN_MODELS, ExtraModel, FakeModel, ModelCapabilities, findFakeModel, listedModels, methodFor } from './modelTable';
import { listModelsPage, modelResource } from './modelsList';
import { SignatureLedger } from './signatures';
import { validateRequest } from './validation';

export { expectedDimensions, promptSeed, renderFakeImage, VALID_ASPECT_RATIOS, VALID_IMAGE_SIZES } from './images';
export type { FakeImageMime } from './images';
export type { GoogleErrorBody } from './googleErrors';
export {
	DEFAULT_EXTRA_CAPABILITIES, DEFAULT_SHUT_DOWN_MODELS, EXTENDED_ASPECT_RATIOS, MODEL_TABLE, STANDARD_ASPECT_RATIOS, findFakeModel,
} from './modelTable';
export type { ExtraModel, FakeModel, ModelCapabilities, ThinkingLevelName } from './modelTable';
export { SKIP_SIGNATURE_VALUES, decodeFakeSignature } from './signatures';
export { modelResource } from './modelsList';

export interface RecordedRequest {
	/** 1-based, unique for the server's lifetime (not reset by reset()). */
	id: number;
	method: string;
	/** URL path without the query, e.g. `/v1beta/models/gemini-3-pro-image:generateContent`. */
	path: string;
	/** Query string without the leading `?`, e.g. `alt=sse`; empty when none. */
	query: string;
	headers: Record<string, string | string[] | undefined>;
	apiVersion?: string;
	model?: string;
	/**
	 * `generateContent`, `streamGenerateContent`, `countTokens`, `get` (GET model), `list`;
	 * Files API: `upload.start`, `upload.chunk` (every request to an upload URL),
	 * `files.get`, `files.delete`, `files.list`.
	 */
	action?: string;
	/** Parsed JSON, or undefined when the body was empty, not JSON, binary (upload data) or cut off. */
	body: any;
	/** The body as UTF-8; upload data (`upload.chunk`) is never kept here, only `<N bytes of upload data>`. */
	rawBody: string;
	/** Bytes of request body received (also counts bytes dropped over a size limit). */
	bodyBytes?: number;
	/** `upload.chunk` only: what the upload request said and, once finalized, the file it created. */
	upload?: UploadRecord;
	/**
	 * generateContent/streamGenerateContent/countTokens: the `files/<id>` names
	 * of the `fileData` parts (contents and systemInstruction, in order; the raw
	 * uri when it is not a Files API uri), set when there is at least one,
	 * whether or not the file exists or the request was accepted.
	 */
	referencedFiles?: string[];
	receivedAt: number;
	/** The client closed the connection before we finished replying (abort, timeout). */
	closedByClient: boolean;
	/** HTTP status we sent, once headers went out. */
	status?: number;
	/** When the exchange ended (reply finished or connection closed). */
	finishedAt?: number;
}

/** What one request to an upload URL carried (RecordedRequest.upload). */
export interface UploadRecord {
	/** The `upload_id` query parameter ('' when missing). */
	uploadId: string;
	/** `x-goog-upload-command`, normalized: `upload`, `upload, finalize`, `finalize`, `query`, `cancel`. */
	command: string;
	/** `x-goog-upload-offset` as a number (NaN when not an integer), undefined when absent. */
	offset?: number;
	/** Bytes in this request's body. */
	bytes: number;
	/** `files/<id>` when this request finalized the upload. */
	fileName?: string;
}

/** A file uploaded through the Files API (gemini-wire.md §10), as the fake stores it. */
export interface UploadedFile {
	/** `files/<id>`; the key in FakeGemini.uploadedFiles. */
	name: string;
	/** `<origin>/<apiVersion>/files/<id>`, what the client puts in `fileData.fileUri`. */
	uri: string;
	mimeType: string;
	displayName?: string;
	/** Exactly the bytes that arrived, chunks joined in offset order. */
	bytes: Buffer;
	sizeBytes: number;
	/** Hex SHA-256 of bytes (the resource's `sha256Hash` is base64 of this hex string). */
	sha256: string;
	/** PROCESSING while `options.fileProcessingMs` runs, then ACTIVE. */
	state: 'PROCESSING' | 'ACTIVE';
	/** API version of the upload path (`v1beta` with the extension's client). */
	apiVersion: string;
	createTime: string;
	updateTime: string;
	/** createTime + 48 h (not enforced: delete the map entry to simulate expiry). */
	expirationTime: string;
}

interface ReplyBase {
	/** Wait this long before replying (replaces options.defaultDelayMs for this reply). */
	delayMs?: number;
}

/** A successful image reply (the default when the queue is empty). */
export interface ImageReply extends ReplyBase {
	kind: 'image';
	/** Overrides the model's mime (the table's: Gemini 3 models image/jpeg, 2.5 image/png). */
	mimeType?: FakeImageMime;
	/** Number of final images (default 1). Image i uses seed + i. */
	count?: number;
	/** A text part before the images. */
	text?: string;
	/**
	 * Put a `thought: true` text part and a `thought: true` interim image first.
	 * Default: whatever the request's thinkingConfig.includeThoughts says.
	 */
	thoughts?: boolean;
	/** Override the pixel size computed from imageConfig. */
	width?: number;
	height?: number;
	/** Override the seed derived from the prompt text. */
	seed?: number;
	/** Add groundingMetadata (default: when the request has a googleSearch tool). */
	grounding?: boolean;
	/** Override the search entry point HTML (to test escaping). */
	renderedContent?: string;
	/** Default STOP. */
	finishReason?: string;
	/** Streaming only: pause between SSE events. */
	chunkDelayMs?: number;
}

/** Text only, no image, finishReason STOP. */
export interface TextReply extends ReplyBase {
	kind: 'text';
	text?: string;
}

/** 200 with body `{}`. */
export interface NoCandidatesReply extends ReplyBase {
	kind: 'noCandidates';
}

/** `promptFeedback.blockReason` (default PROHIBITED_CONTENT), no candidates. */
export interface PromptBlockedReply extends ReplyBase {
	kind: 'promptBlocked';
	blockReason?: string;
	blockReasonMessage?: string;
}

/** One candidate with `content: {}` and the given finishReason (IMAGE_SAFETY, NO_IMAGE, …). */
export interface FinishReasonReply extends ReplyBase {
	kind: 'finishReason';
	finishReason: string;
	/** Sent like Google does; the SDK drops it (gemini-wire.md §5). */
	finishMessage?: string;
	/** Leave `content` out altogether instead of `{}`. */
	omitContent?: boolean;
	safetyRatings?: unknown[];
}

/**
 * A Google-format JSON error. Defaults by status: 400 API_KEY_INVALID,
 * 401 ACCESS_TOKEN_TYPE_UNSUPPORTED, 403 PERMISSION_DENIED, 404 model not
 * found, 429 QuotaFailure + RetryInfo, 500 INTERNAL, 503 overloaded,
 * 504 DEADLINE_EXCEEDED; anything else a bare {code, message, status}.
 */
export interface ErrorReply extends ReplyBase {
	kind: 'error';
	status: number;
	/**
	 * Replaces the default message (details stay unless `details` is given;
	 * for 400 a custom message drops the API_KEY_INVALID details).
	 */
	message?: string;
	/** Replaces the Google status string, e.g. INVALID_ARGUMENT. */
	errorStatus?: string;
	/** Replaces the details array ([] removes it). */
	details?: unknown[];
	/** 429: RetryInfo.retryDelay (default "15s"); null leaves RetryInfo out. */
	retryDelay?: string | null;
	/** 429: the quota is per day (quotaId contains "PerDay"). */
	perDay?: boolean;
	/**
	 * 429: the key's project has no billing and the model no free tier (limit 0, `-FreeTier` quota id, RetryInfo
	 * still sent; gemini-wire.md §7). What every generate request of an `options.freeTierKeys` key gets.
	 */
	freeTierNoBilling?: boolean;
	/** Default `application/json; charset=UTF-8`; e.g. `text/plain` to test wrapping. */
	contentType?: string;
	/** Send `[{"error":…}]`, a shape that occurs in the wild. */
	wrapInArray?: boolean;
	/** Streaming only: 200, one image chunk, then `data: {"error":…}`. */
	midStream?: boolean;
}

/** An HTML error page (Google front-end style unless `body` is given). */
export interface HtmlReply extends ReplyBase {
	kind: 'html';
	/** Default 502. */
	status?: number;
	body?: string;
}

/** Anything: status, content type and body string, e.g. malformed JSON. */
export interface RawReply extends ReplyBase {
	kind: 'raw';
	/** Default 200. */
	status?: number;
	/** Default `application/json; charset=UTF-8`. */
	contentType?: string;
	body: string;
	headers?: Record<string, string>;
}

/**
 * 200 and a prefix of a valid image reply, then the socket is destroyed
 * (or, with `end`, the response ends cleanly so the client sees bad JSON /
 * an incomplete SSE event).
 */
export interface TruncatedReply extends ReplyBase {
	kind: 'truncated';
	/** Bytes of the body to send; default half of it (streaming: the first event plus half the second). */
	afterBytes?: number;
	end?: boolean;
}

/** An image part whose data is broken. */
export interface CorruptBase64Reply extends ReplyBase {
	kind: 'corruptBase64';
	/**
	 * invalidBase64 (default): characters outside base64; notAnImage: valid
	 * base64 of HTML; truncatedImage: first half of a real image;
	 * mimeMismatch: PNG bytes labelled image/jpeg (JPEG bytes labelled PNG for 2.5).
	 */
	variant?: 'invalidBase64' | 'notAnImage' | 'truncatedImage' | 'mimeMismatch';
}

/** Accept the request and never finish until the client closes. */
export interface StallReply extends ReplyBase {
	kind: 'stall';
	/** beforeHeaders (default), afterHeaders (200 sent, no body), midBody (half a body / first SSE event). */
	phase?: 'beforeHeaders' | 'afterHeaders' | 'midBody';
}

/** Destroy the socket without any reply (ECONNRESET / "other side closed"). */
export interface DisconnectReply extends ReplyBase {
	kind: 'disconnect';
}

/** Delay wrapper: waits delayMs (plus the inner reply's own delay), then replies. */
export interface DelayReply {
	kind: 'delay';
	delayMs: number;
	reply: ScriptedReply;
}

export type ScriptedReply =
	| ImageReply | TextReply | NoCandidatesReply | PromptBlockedReply | FinishReasonReply | ErrorReply
	| HtmlReply | RawReply | TruncatedReply | CorruptBase64Reply | StallReply | DisconnectReply | DelayReply;

export const SCRIPTED_REPLY_KINDS: readonly ScriptedReply['kind'][] = [
	'image', 'text', 'noCandidates', 'promptBlocked', 'finishReason', 'error', 'html', 'raw', 'truncated',
	'corruptBase64', 'stall', 'disconnect', 'delay',
];

export interface FakeGeminiOptions {
	/**
	 * Models whose table entry signs (Gemini 3 image models): reject (400 INVALID_ARGUMENT) a request whose model turns
	 * carry a signature this server never issued, one issued for another model, for another kind of part or other
	 * content, one used twice, signatures of two responses in one turn or out of issued order, an image without a
	 * signature, or a part returned without the signature it was issued with. {@link SKIP_SIGNATURE_VALUES} always
	 * pass. On by default (as strict as Google's strictest documented reading, gemini-wire.md §9).
	 */
	strictSignatures: boolean;
	/** Delay before every generate reply that sets none itself. */
	defaultDelayMs: number;
	/** Models answered with 404 NOT_FOUND and left out of models.list, as after Google's shutdown dates. */
	shutDownModels: string[];
	/**
	 * Models added to the table at run time (e.g. one known only from models.list): listed, served, validated by
	 * their capabilities (merged over an image model's defaults). An entry with a table ID replaces it.
	 */
	extraModels: ExtraModel[];
	/** models.list returns at most this many entries per page, whatever pageSize asks (Google may return fewer). */
	modelsPerPage: number;
	/** When set, any other key gets 400 API_KEY_INVALID. */
	validKeys?: string[];
	/**
	 * Keys of projects without billing: every generate request with one gets the free-tier 429 (limit 0,
	 * `resourceExhausted({ freeTierNoBilling: true })`), before its body is looked at.
	 */
	freeTierKeys: string[];
	/** Missing/empty key → 403 (true, like Google). */
	requireApiKey: boolean;
	/** Exact model id → output mime, overriding the table's. */
	modelMime: Record<string, FakeImageMime>;
	/** Reply used when the queue is empty (default: an image, or text when IMAGE was not requested). */
	defaultReply?: ScriptedReply;
	/** Larger request bodies get 400 (Google's inline limit is 100 MB). Not applied to /upload/ paths. */
	maxBodyBytes: number;
	/**
	 * Files API: a larger declared file size (at `start`) or request body to an
	 * /upload/ path gets 400. Default 2 GiB, Google's per-file limit.
	 */
	maxUploadBytes: number;
	/**
	 * Files API faults: `start` → 503 UNAVAILABLE on `POST /upload/{ver}/files`;
	 * `chunk` → 500 INTERNAL on every upload/finalize request to an upload URL;
	 * `finalize` → 500 only on the request that would finalize (earlier chunks
	 * are stored). Applies while set; the session survives, bytes of a failed
	 * request are not stored.
	 */
	failUploads?: 'start' | 'chunk' | 'finalize';
	/**
	 * Files API: new files stay PROCESSING this long (ms) before turning ACTIVE.
	 * Default 0: ACTIVE at once, as uploaded images are.
	 */
	fileProcessingMs: number;
}

export function defaultFakeGeminiOptions(): FakeGeminiOptions {
	return {
		strictSignatures: true,
		defaultDelayMs: 0,
		shutDownModels: [...DEFAULT_SHUT_DOWN_MODELS],
		extraModels: [],
		modelsPerPage: 2,
		validKeys: undefined,
		freeTierKeys: [],
		requireApiKey: true,
		modelMime: {},
		defaultReply: undefined,
		maxBodyBytes: 100 * 1024 * 1024,
		maxUploadBytes: 2 * 1024 * 1024 * 1024,
		failUploads: undefined,
		fileProcessingMs: 0,
	};
}

// Fields of the File resource a create/upload request may carry (output-only ones are ignored).
const FILE_FIELDS = new Set([
	'name', 'displayName', 'display_name', 'mimeType', 'mime_type', 'sizeBytes', 'size_bytes', 'createTime',
	'create_time', 'updateTime', 'update_time', 'expirationTime', 'expiration_time', 'sha256Hash', 'sha256_hash',
	'uri', 'downloadUri', 'download_uri', 'state', 'source', 'error', 'videoMetadata', 'video_metadata',
]);

/** Files live 48 hours (gemini-wire.md §10). */
const FILE_TTL_MS = 48 * 60 * 60 * 1000;

const JSON_TYPE = 'application/json; charset=UTF-8';
const SSE_TYPE = 'text/event-stream';
const MAX_LOGGED_RAW = 4096;

/** What the server knows about one generate request while building a reply. */
interface GenerateContext {
	id: number;
	model: string;
	/** The table's capabilities of the model (signing, token counts). */
	caps: ModelCapabilities;
	/** `imageConfig.imageSize` asked for (default 1K). */
	imageSize: string;
	mime: FakeImageMime;
	width: number;
	height: number;
	seed: number;
	promptText: string;
	promptTextTokens: number;
	promptImageTokens: number;
	includeThoughts: boolean;
	googleSearch: boolean;
	wantsImage: boolean;
}

interface Exchange {
	rec: RecordedRequest;
	req: http.IncomingMessage;
	res: http.ServerResponse;
	recorded: boolean;
	closed: boolean;
	/** We destroyed the socket on purpose: not a client close. */
	serverDestroyed: boolean;
	timers: Set<NodeJS.Timeout>;
	onClose: (() => void)[];
}

/** A resumable upload between `start` and `finalize`. */
interface UploadSession {
	id: string;
	apiVersion: string;
	/** Scheme and host the client used, for the file's uri. */
	origin: string;
	mimeType: string;
	displayName?: string;
	/** `files/<id>` asked for in the start body. */
	requestedName?: string;
	/** From `x-goog-upload-header-content-length` / `file.sizeBytes`; undefined when not declared. */
	declaredSize?: number;
	chunks: Buffer[];
	received: number;
	/** Set once finalized. */
	fileName?: string;
}

interface Waiter {
	predicate: (r: RecordedRequest) => boolean;
	resolve: (r: RecordedRequest) => void;
	reject: (e: Error) => void;
	timer: NodeJS.Timeout;
}

type Json = any;

/**
 * The fake server. Events: `'request'` (a request's body arrived and it was
 * recorded), `'settled'` (its exchange ended: replied, or closed by either
 * side), `'control'` (method, path) for `/__fake/` calls.
 */
export class FakeGemini extends EventEmitter {
	readonly requests: RecordedRequest[] = [];
	/** Files API: finalized uploads by name (`files/<id>`). Delete an entry to simulate expiry. */
	readonly uploadedFiles = new Map<string, UploadedFile>();
	options: FakeGeminiOptions;
	private readonly queue: ScriptedReply[] = [];
	private readonly uploadSessions = new Map<string, UploadSession>();
	private readonly fileTimers = new Set<NodeJS.Timeout>();
	/** Every signature issued, with what it is bound to (model, response, part kind and content). */
	private readonly signatures = new SignatureLedger();
	private readonly sockets = new Set<Socket>();
	private readonly exchanges = new Set<Exchange>();
	private waiters: Waiter[] = [];
	private server?: http.Server;
	private nextId = 1;
	private baseUrl?: string;

	/**
	 * `baseOptions` are applied over the defaults now and again by every reset() (the CLI's flags survive
	 * `POST /__fake/reset`).
	 */
	constructor(private readonly baseOptions: Partial<FakeGeminiOptions> = {}) {
		super();
		this.options = this.initialOptions();
	}

	private initialOptions(): FakeGeminiOptions {
		return { ...defaultFakeGeminiOptions(), ...structuredClone(this.baseOptions) };
	}

	/** Base URL (no version path) once started. */
	get url(): string {
		if (!this.baseUrl) {
			throw new Error('FakeGemini is not started');
		}
		return this.baseUrl;
	}

	/** Scripted replies not consumed yet. */
	get queued(): number {
		return this.queue.length;
	}

	start(port = 0, host = '127.0.0.1'): Promise<string> {
		if (this.server) {
			return Promise.reject(new Error('FakeGemini already started'));
		}
		const server = http.createServer((req, res) => this.handle(req, res));
		// Slow uploads and long stalls are the point of some tests.
		server.requestTimeout = 0;
		server.headersTimeout = 0;
		server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		this.server = server;
		return new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, host, () => {
				server.off('error', reject);
				const addr = server.address() as AddressInfo;
				const h = host.includes(':') ? `[${host}]` : host;
				this.baseUrl = `http://${h}:${addr.port}`;
				resolve(this.baseUrl);
			});
		});
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		this.baseUrl = undefined;
		for (const w of this.waiters) {
			clearTimeout(w.timer);
			w.reject(new Error('FakeGemini stopped'));
		}
		this.waiters = [];
		this.clearFileTimers();
		if (!server) {
			return;
		}
		const closed = new Promise<void>(resolve => server.close(() => resolve()));
		for (const ex of this.exchanges) {
			// Our own teardown, not a client abort.
			ex.serverDestroyed = true;
		}
		for (const socket of this.sockets) {
			socket.destroy();
		}
		this.sockets.clear();
		await closed;
	}

	enqueue(...replies: ScriptedReply[]): void {
		this.queue.push(...replies);
	}

	/**
	 * Clears the queue, the request log, the options (back to the defaults and
	 * the constructor's base options), uploaded files and open upload sessions
	 * (issued signatures survive).
	 */
	reset(): void {
		this.queue.length = 0;
		this.requests.length = 0;
		this.options = this.initialOptions();
		this.uploadedFiles.clear();
		this.uploadSessions.clear();
		this.clearFileTimers();
	}

	/** The uploaded file a `fileData.fileUri` (or a `files/<id>` name) refers to, if it exists. */
	fileByUri(uriOrName: string): UploadedFile | undefined {
		const id = fileIdOf(uriOrName) ?? /^files\/([a-z0-9-]+)$/.exec(uriOrName)?.[1];
		return id === undefined ? undefined : this.uploadedFiles.get(`files/${id}`);
	}

	/** Merges known option keys, e.g. from JSON. */
	setOptions(patch: Partial<FakeGeminiOptions>): FakeGeminiOptions {
		const defaults = defaultFakeGeminiOptions();
		for (const key of Object.keys(defaults) as (keyof FakeGeminiOptions)[]) {
			if (Object.prototype.hasOwnProperty.call(patch, key)) {
				(this.options as unknown as Record<string, unknown>)[key] = patch[key];
			}
		}
		return this.options;
	}

	/**
	 * Resolves with the first recorded request (already recorded, or later)
	 * matching the predicate. Records are re-checked when their body arrives
	 * and when their exchange ends, so `r => r.closedByClient` works.
	 */
	waitForRequest(predicate: (r: RecordedRequest) => boolean = () => true, timeoutMs = 5000): Promise<RecordedRequest> {
		const found = this.requests.find(predicate);
		if (found) {
			return Promise.resolve(found);
		}
		return new Promise((resolve, reject) => {
			const waiter: Waiter = {
				predicate,
				resolve,
				reject,
				timer: setTimeout(() => {
					this.waiters = this.waiters.filter(w => w !== waiter);
					reject(new Error(`waitForRequest timed out after ${timeoutMs} ms (${this.requests.length} requests recorded)`));
				}, timeoutMs),
			};
			this.waiters.push(waiter);
		});
	}

	/** Whether this server issued the signature (strict mode accepts it only where it was issued, see signatures.ts). */
	issuedSignature(signature: string): boolean {
		return this.signatures.modelOf(signature) !== undefined;
	}

	/** The model a signature was issued for (undefined: not issued by this server). */
	signatureModel(signature: string): string | undefined {
		return this.signatures.modelOf(signature);
	}

	/** The table entry (or extra model) for an ID, unless unknown or shut down. */
	model(id: string): FakeModel | undefined {
		return this.options.shutDownModels.includes(id) ? undefined : findFakeModel(id, this.options.extraModels);
	}

	// ---- plumbing -------------------------------------------------------

	private notify(rec: RecordedRequest): void {
		const matched = this.waiters.filter(w => w.predicate(rec));
		if (matched.length === 0) {
			return;
		}
		this.waiters = this.waiters.filter(w => !matched.includes(w));
		for (const w of matched) {
			clearTimeout(w.timer);
			w.resolve(rec);
		}
	}

	private record(ex: Exchange): void {
		if (!ex.recorded) {
			ex.recorded = true;
			this.requests.push(ex.rec);
			this.emit('request', ex.rec);
			this.notify(ex.rec);
		}
	}

	private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
		const url = new URL(req.url ?? '/', 'http://fake.invalid');
		if (url.pathname.startsWith('/__fake/')) {
			this.handleControl(req, res, url);
			return;
		}
		const rec: RecordedRequest = {
			id: this.nextId++,
			method: req.method ?? 'GET',
			path: url.pathname,
			query: url.search.replace(/^\?/, ''),
			headers: { ...req.headers },
			body: undefined,
			rawBody: '',
			receivedAt: Date.now(),
			closedByClient: false,
		};
		const ex: Exchange = { rec, req, res, recorded: false, closed: false, serverDestroyed: false, timers: new Set(), onClose: [] };
		this.route(ex, url);
		// Upload data is binary and may be large: never decoded into rawBody.
		const binary = rec.action === 'upload.chunk';
		const limit = url.pathname.startsWith('/upload/') ? this.options.maxUploadBytes : this.options.maxBodyBytes;
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		this.exchanges.add(ex);
		// Aborts and our own resets surface as stream errors; 'close' handles them.
		req.on('error', () => undefined);
		res.on('error', () => undefined);
		res.on('close', () => {
			ex.closed = true;
			this.exchanges.delete(ex);
			if (!res.writableFinished && !ex.serverDestroyed) {
				rec.closedByClient = true;
			}
			rec.finishedAt = Date.now();
			for (const t of ex.timers) {
				clearTimeout(t);
			}
			for (const f of ex.onClose.splice(0)) {
				f();
			}
			if (!ex.recorded) {
				// Closed mid-upload: keep what arrived, for the log.
				rec.bodyBytes = size;
				rec.rawBody = binary ? uploadDataPlaceholder(size) : Buffer.concat(chunks).toString('utf8');
			}
			this.record(ex);
			this.emit('settled', rec);
			this.notify(rec);
		});
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) {
				tooLarge = true;
				chunks.length = 0;
			} else {
				chunks.push(chunk);
			}
		});
		req.on('end', () => {
			const data = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
			chunks.length = 0;
			rec.bodyBytes = size;
			rec.rawBody = binary ? uploadDataPlaceholder(size) : data.toString('utf8');
			let parseError = false;
			if (!binary && rec.rawBody.trim() !== '') {
				try {
					rec.body = JSON.parse(rec.rawBody);
				} catch {
					parseError = true;
				}
			}
			this.record(ex);
			if (tooLarge) {
				this.sendJson(ex, 400, googleError(400, `Request payload size exceeds the limit: ${limit} bytes.`, 'INVALID_ARGUMENT'));
				return;
			}
			this.dispatch(ex, parseError, data).catch(err => {
				if (!ex.closed && !ex.res.headersSent) {
					this.sendJson(ex, 500, googleError(500, `fake-gemini internal error: ${String(err)}`, 'INTERNAL'));
				} else if (!ex.closed) {
					this.destroy(ex);
				}
			});
		});
	}

	/** Fills apiVersion/model/action from the path. */
	private route(ex: Exchange, url: URL): void {
		const method = ex.rec.method;
		const up = /^\/upload\/(v1|v1beta|v1alpha)\/files$/.exec(url.pathname);
		if (up) {
			ex.rec.apiVersion = up[1];
			if (url.searchParams.has('upload_id') && (method === 'POST' || method === 'PUT')) {
				ex.rec.action = 'upload.chunk';
			} else if (method === 'POST') {
				ex.rec.action = 'upload.start';
			}
			return;
		}
		const files = /^\/(v1|v1beta|v1alpha)\/files(?:\/([^/:]+))?$/.exec(url.pathname);
		if (files) {
			ex.rec.apiVersion = files[1];
			if (files[2] === undefined) {
				ex.rec.action = method === 'GET' ? 'files.list' : undefined;
			} else {
				ex.rec.action = method === 'GET' ? 'files.get' : method === 'DELETE' ? 'files.delete' : undefined;
			}
			return;
		}
		const m = /^\/(v1|v1beta|v1alpha)\/models(?:\/([^/:]+)(?::([A-Za-z]+))?)?$/.exec(url.pathname);
		if (!m) {
			return;
		}
		ex.rec.apiVersion = m[1];
		if (m[2] === undefined) {
			ex.rec.action = 'list';
			return;
		}
		try {
			ex.rec.model = decodeURIComponent(m[2]);
		} catch {
			ex.rec.model = m[2];
		}
		ex.rec.action = m[3] ?? (ex.rec.method === 'GET' ? 'get' : undefined);
	}

	private async dispatch(ex: Exchange, parseError: boolean, data: Buffer): Promise<void> {
		const { rec } = ex;
		if (rec.action?.startsWith('upload.') || rec.action?.startsWith('files.')) {
			this.dispatchFiles(ex, parseError, data);
			return;
		}
		const known = rec.apiVersion !== undefined && (
			(rec.method === 'GET' && (rec.action === 'list' || rec.action === 'get'))
			|| (rec.method === 'POST' && (rec.action === 'generateContent' || rec.action === 'streamGenerateContent' || rec.action === 'countTokens'))
		);
		if (!known) {
			if (rec.model && rec.action && rec.method === 'POST') {
				this.sendJson(ex, 404, modelNotFound(rec.model, rec.apiVersion ?? 'v1beta', rec.action));
			} else {
				this.sendJson(ex, 404, googleError(404, 'Requested entity was not found.', 'NOT_FOUND'));
			}
			return;
		}
		if (!this.checkKey(ex)) {
			return;
		}
		if (rec.action === 'list') {
			const page = listModelsPage(new URLSearchParams(rec.query), listedModels(this.options.extraModels, this.options.shutDownModels), this.options.modelsPerPage);
			this.sendJson(ex, page.status, page.body);
			return;
		}
		const modelId = rec.model as string;
		const action = rec.action as string;
		// Unknown, shut down, or not serving this method (embeddings, Imagen): Google's 404 (gemini-wire.md §7).
		const model = this.model(modelId);
		if (!model || (action !== 'get' && !model.capabilities.methods.includes(methodFor(action)))) {
			this.sendJson(ex, 404, modelNotFound(modelId, rec.apiVersion as string, action));
			return;
		}
		if (action === 'get') {
			this.sendJson(ex, 200, modelResource(model));
			return;
		}
		if (action !== 'countTokens' && this.options.freeTierKeys.includes(this.apiKeyOf(ex) ?? '')) {
			this.sendJson(ex, 429, resourceExhausted({ model: modelId, freeTierNoBilling: true }));
			return;
		}
		if (parseError || rec.body === undefined || typeof rec.body !== 'object' || Array.isArray(rec.body) || rec.body === null) {
			this.sendJson(ex, 400, googleError(400, parseError
				? 'Invalid JSON payload received. Unexpected token.'
				: 'Invalid JSON payload received. Expected an object.', 'INVALID_ARGUMENT'));
			return;
		}
		const referenced = referencedFileNames(rec.body);
		if (referenced.length > 0) {
			rec.referencedFiles = referenced;
		}
		const invalid = validateRequest(rec.body, {
			model,
			countTokens: action === 'countTokens',
			fileDataProblem: (part, where) => this.fileDataProblem(part, where),
			fileDataMime: (fileData) => fileData.mimeType ?? fileData.mime_type ?? this.fileByUri(String(fileData.fileUri ?? fileData.file_uri ?? ''))?.mimeType,
		});
		if (invalid) {
			// 400 except a missing file (403 PERMISSION_DENIED).
			this.sendJson(ex, invalid.error.code, invalid);
			return;
		}
		const ctx = this.context(rec, model);
		if (action === 'countTokens') {
			const total = ctx.promptTextTokens + ctx.promptImageTokens;
			this.sendJson(ex, 200, { totalTokens: total, promptTokensDetails: promptDetails(ctx) });
			return;
		}
		if (this.options.strictSignatures && model.capabilities.signatures) {
			const sigError = this.signatures.check(rec.body.contents, modelId);
			if (sigError) {
				this.sendJson(ex, 400, sigError);
				return;
			}
		}
		// Consumed only by requests that pass validation: a rejected request
		// never reaches the model, so it should not eat the scripted outcome.
		let reply: ScriptedReply = this.queue.shift()
			?? (this.options.defaultReply ? structuredClone(this.options.defaultReply) : undefined)
			?? (ctx.wantsImage ? { kind: 'image' } : { kind: 'text' });
		let delay = 0;
		let delaySet = false;
		while (reply.kind === 'delay') {
			delay += reply.delayMs;
			delaySet = true;
			reply = reply.reply;
		}
		if (reply.delayMs !== undefined) {
			delay += reply.delayMs;
			delaySet = true;
		}
		if (!delaySet) {
			delay = this.options.defaultDelayMs;
		}
		if (!await this.sleep(ex, delay)) {
			return;
		}
		const stream = action === 'streamGenerateContent';
		const sse = stream && /(^|&)alt=sse(&|$)/.test(rec.query);
		await this.execute(ex, ctx, reply, stream, sse);
	}

	/** Replies 403/400 like Google and returns false when the key is missing or not valid. */
	private checkKey(ex: Exchange): boolean {
		const key = this.apiKeyOf(ex);
		if (!key) {
			if (this.options.requireApiKey) {
				this.sendJson(ex, 403, unregisteredCaller());
				return false;
			}
		} else if (this.options.validKeys && !this.options.validKeys.includes(key)) {
			this.sendJson(ex, 400, apiKeyInvalid());
			return false;
		}
		return true;
	}

	private apiKeyOf(ex: Exchange): string | undefined {
		const h = ex.rec.headers['x-goog-api-key'];
		const header = Array.isArray(h) ? h[0] : h;
		if (header && header.trim() !== '') {
			return header;
		}
		// Google also accepts ?key=; the SDK never uses it (gemini-wire.md §2).
		const q = new URLSearchParams(ex.rec.query).get('key');
		return q && q.trim() !== '' ? q : undefined;
	}

	// ---- validation (the rest is in validation.ts) -----------------------

	/**
	 * A `fileData` part must name a Files API uri this server issued, for an
	 * ACTIVE file whose bytes suit the (given or stored) image mime type. Unknown or
	 * deleted files get Google's 403 (3p: "You do not have permission to access
	 * the File <id> or it may not exist.").
	 */
	private fileDataProblem(part: Json, where: string): GoogleErrorBody | undefined {
		const fd = typeof part === 'object' && part !== null ? part.fileData ?? part.file_data : undefined;
		if (fd === undefined) {
			return undefined;
		}
		if (typeof fd !== 'object' || fd === null) {
			return invalidArgument([{ field: `${where}.file_data`, description: 'must be an object' }]);
		}
		const uri = fd.fileUri ?? fd.file_uri;
		if (typeof uri !== 'string' || uri === '') {
			return invalidArgument([{ field: `${where}.file_data.file_uri`, description: 'file_uri is empty' }]);
		}
		const id = fileIdOf(uri);
		if (id === undefined) {
			return invalidArgument([{ field: `${where}.file_data.file_uri`, description: `Unsupported file uri ${JSON.stringify(uri)}; the fake accepts only Files API uris (<origin>/<version>/files/<id>).` }]);
		}
		const file = this.uploadedFiles.get(`files/${id}`);
		if (!file) {
			return fileNotFound(id);
		}
		if (file.state !== 'ACTIVE') {
			return googleError(400, `The File ${id} is not in an ACTIVE state and usage is not allowed.`, 'FAILED_PRECONDITION');
		}
		// Whether the model takes this mime is checked in validation.ts; here, that the bytes are what it says.
		const mime = fd.mimeType ?? fd.mime_type ?? file.mimeType;
		if (typeof mime === 'string' && mime.toLowerCase().startsWith('image/') && !sniffImageMime(file.bytes.subarray(0, 64))) {
			return googleError(400, 'Unable to process input image. Please retry or report in https://developers.generativeai.google/guide/troubleshooting', 'INVALID_ARGUMENT');
		}
		return undefined;
	}

	// ---- reply building -------------------------------------------------

	private context(rec: RecordedRequest, model: FakeModel): GenerateContext {
		const body = rec.body;
		const contents: Json[] = Array.isArray(body.contents) ? body.contents : body.generateContentRequest?.contents ?? [];
		const promptText = promptTextOf(body);
		let chars = 0;
		let images = 0;
		const count = (c: Json): void => {
			for (const p of (c?.parts ?? []) as Json[]) {
				if (typeof p?.text === 'string') {
					chars += p.text.length;
				}
				if (p?.inlineData) {
					images++;
				}
				const fd = p?.fileData ?? p?.file_data;
				if (fd && typeof fd === 'object') {
					const mime = fd.mimeType ?? fd.mime_type ?? this.fileByUri(String(fd.fileUri ?? fd.file_uri ?? ''))?.mimeType;
					if (typeof mime === 'string' && mime.toLowerCase().startsWith('image/')) {
						images++;
					}
				}
			}
		};
		contents.forEach(count);
		count(body.systemInstruction);
		const caps = model.capabilities;
		const ic = body.generationConfig?.imageConfig ?? {};
		const { width, height } = expectedDimensions(ic.aspectRatio ?? '1:1', ic.imageSize ?? '1K');
		const modalities: string[] | undefined = body.generationConfig?.responseModalities;
		return {
			id: rec.id,
			model: model.id,
			caps,
			imageSize: ic.imageSize ?? '1K',
			mime: this.options.modelMime[model.id] ?? caps.outputMimeType,
			width,
			height,
			seed: promptSeed(promptText),
			promptText,
			promptTextTokens: Math.max(1, Math.ceil(chars / 4)),
			promptImageTokens: images * caps.inputImageTokens,
			includeThoughts: body.generationConfig?.thinkingConfig?.includeThoughts === true,
			googleSearch: Array.isArray(body.tools) && body.tools.some((t: Json) => t && (t.googleSearch || t.google_search)),
			// Validation let through only modalities the model has; without any, an image model draws.
			wantsImage: modalities ? modalities.includes('IMAGE') : caps.outputModalities.includes('IMAGE'),
		};
	}

	/** Signs where Google does (signatures.ts), for models whose table entry signs. */
	private signParts(ctx: GenerateContext, parts: Json[]): Json[] {
		return ctx.caps.signatures ? this.signatures.signResponse(ctx.id, ctx.model, parts) : parts;
	}

	private envelope(ctx: GenerateContext, extra: Json): Json {
		return {
			...extra,
			modelVersion: ctx.model,
			responseId: createHash('sha256').update(`fake-gemini:${ctx.id}`).digest('base64url').slice(0, 22),
		};
	}

	private imageResponse(ctx: GenerateContext, reply: ImageReply | TextReply): Json {
		const parts: Json[] = [];
		let thoughtTokens = 0;
		let imageCount = 0;
		let mime = ctx.mime;
		if (reply.kind === 'image') {
			mime = reply.mimeType ?? ctx.mime;
			const width = reply.width ?? ctx.width;
			const height = reply.height ?? ctx.height;
			const seed = reply.seed ?? ctx.seed;
			if (reply.thoughts ?? ctx.includeThoughts) {
				// Interim "thought" image: same ratio, quarter size, different seed.
				const tw = Math.max(8, Math.round(width / 4 / 8) * 8);
				const th = Math.max(8, Math.round(height / 4 / 8) * 8);
				parts.push({ text: '**Composing the image**\n\nI am sketching the layout before rendering the final image.', thought: true });
				parts.push({ inlineData: { mimeType: mime, data: renderFakeImage(mime, tw, th, (seed ^ 0x5bd1e995) >>> 0).toString('base64') }, thought: true });
				thoughtTokens = 258;
			}
			if (reply.text !== undefined) {
				parts.push({ text: reply.text });
			}
			imageCount = Math.max(0, reply.count ?? 1);
			for (let i = 0; i < imageCount; i++) {
				parts.push({ inlineData: { mimeType: mime, data: renderFakeImage(mime, width, height, (seed + i) >>> 0).toString('base64') } });
			}
		} else {
			parts.push({ text: reply.text ?? `Fake Gemini text reply to: ${ctx.promptText.slice(0, 200)}` });
		}
		const textChars = parts.filter(p => p.thought !== true && typeof p.text === 'string').reduce((n, p) => n + p.text.length, 0);
		const textTokens = Math.ceil(textChars / 4);
		const imageTokens = imageCount * (ctx.caps.outputImageTokensBySize?.[ctx.imageSize] ?? ctx.caps.outputImageTokens);
		const prompt = ctx.promptTextTokens + ctx.promptImageTokens;
		const candidatesTokensDetails: Json[] = [];
		if (textTokens > 0) {
			candidatesTokensDetails.push({ modality: 'TEXT', tokenCount: textTokens });
		}
		if (imageTokens > 0) {
			candidatesTokensDetails.push({ modality: 'IMAGE', tokenCount: imageTokens });
		}
		const usageMetadata: Json = {
			promptTokenCount: prompt,
			candidatesTokenCount: textTokens + imageTokens,
			totalTokenCount: prompt + textTokens + imageTokens + thoughtTokens,
			promptTokensDetails: promptDetails(ctx),
			candidatesTokensDetails,
		};
		if (thoughtTokens > 0) {
			usageMetadata.thoughtsTokenCount = thoughtTokens;
		}
		const candidate: Json = {
			content: { role: 'model', parts: this.signParts(ctx, parts) },
			finishReason: (reply.kind === 'image' ? reply.finishReason : undefined) ?? 'STOP',
			index: 0,
		};
		const grounding = reply.kind === 'image' ? reply.grounding : undefined;
		if (grounding === true || (grounding !== false && ctx.googleSearch)) {
			candidate.groundingMetadata = groundingMetadata(ctx, reply.kind === 'image' ? reply.renderedContent : undefined);
		}
		return this.envelope(ctx, { candidates: [candidate], usageMetadata });
	}

	private corruptResponse(ctx: GenerateContext, reply: CorruptBase64Reply): Json {
		const good = this.imageResponse(ctx, { kind: 'image', thoughts: false, grounding: false });
		const part = good.candidates[0].content.parts.find((p: Json) => p.inlineData);
		const real = renderFakeImage(ctx.mime, ctx.width, ctx.height, ctx.seed);
		switch (reply.variant ?? 'invalidBase64') {
			case 'invalidBase64':
				part.inlineData.data = '%%not*base64!!' + part.inlineData.data.slice(0, 64) + '~~';
				break;
			case 'notAnImage':
				part.inlineData.data = Buffer.from('<!DOCTYPE html><html><body>Not an image</body></html>').toString('base64');
				break;
			case 'truncatedImage':
				part.inlineData.data = real.subarray(0, Math.floor(real.length / 2)).toString('base64');
				break;
			case 'mimeMismatch': {
				const other: FakeImageMime = ctx.mime === 'image/jpeg' ? 'image/png' : 'image/jpeg';
				part.inlineData.data = renderFakeImage(other, ctx.width, ctx.height, ctx.seed).toString('base64');
				break;
			}
		}
		return good;
	}

	/** A 200 body for the reply kinds that have one. */
	private successBody(ctx: GenerateContext, reply: ScriptedReply): Json {
		switch (reply.kind) {
			case 'image':
			case 'text':
				return this.imageResponse(ctx, reply);
			case 'corruptBase64':
				return this.corruptResponse(ctx, reply);
			case 'noCandidates':
				return {};
			case 'promptBlocked': {
				const promptFeedback: Json = { blockReason: reply.blockReason ?? 'PROHIBITED_CONTENT' };
				if (reply.blockReasonMessage !== undefined) {
					promptFeedback.blockReasonMessage = reply.blockReasonMessage;
				}
				const prompt = ctx.promptTextTokens + ctx.promptImageTokens;
				return this.envelope(ctx, { promptFeedback, usageMetadata: { promptTokenCount: prompt, totalTokenCount: prompt, promptTokensDetails: promptDetails(ctx) } });
			}
			case 'finishReason': {
				const candidate: Json = {};
				if (!reply.omitContent) {
					candidate.content = {};
				}
				candidate.finishReason = reply.finishReason;
				if (reply.finishMessage !== undefined) {
					candidate.finishMessage = reply.finishMessage;
				}
				if (reply.safetyRatings !== undefined) {
					candidate.safetyRatings = reply.safetyRatings;
				}
				candidate.index = 0;
				const prompt = ctx.promptTextTokens + ctx.promptImageTokens;
				return this.envelope(ctx, { candidates: [candidate], usageMetadata: { promptTokenCount: prompt, totalTokenCount: prompt, promptTokensDetails: promptDetails(ctx) } });
			}
			default:
				// Fault kinds reuse a normal image reply as the body they cut short.
				return this.imageResponse(ctx, { kind: 'image', thoughts: false, grounding: false });
		}
	}

	/**
	 * SSE chunks like Gemini 3 Pro Image live (gemini-wire.md §6): each thought
	 * part alone, then the answer parts, then `{"parts":[{"text":""}]}` with
	 * finishReason and the final usage. Bodies without parts go as one chunk.
	 */
	private streamChunks(full: Json): Json[] {
		const cand = full.candidates?.[0];
		const parts: Json[] | undefined = cand?.content?.parts;
		if (!parts || parts.length === 0) {
			return [full];
		}
		const usage = full.usageMetadata ?? {};
		const partialUsage = { promptTokenCount: usage.promptTokenCount, totalTokenCount: usage.promptTokenCount, promptTokensDetails: usage.promptTokensDetails };
		const chunk = (ps: Json[], last: boolean): Json => {
			const c: Json = { content: { role: 'model', parts: ps } };
			if (last) {
				c.finishReason = cand.finishReason;
				if (cand.groundingMetadata) {
					c.groundingMetadata = cand.groundingMetadata;
				}
			}
			c.index = 0;
			return { candidates: [c], usageMetadata: last ? usage : partialUsage, modelVersion: full.modelVersion, responseId: full.responseId };
		};
		const out: Json[] = [];
		const answer: Json[] = [];
		for (const p of parts) {
			if (p.thought === true) {
				out.push(chunk([p], false));
			} else {
				answer.push(p);
			}
		}
		if (answer.length > 0) {
			out.push(chunk(answer, false));
		}
		out.push(chunk([{ text: '' }], true));
		return out;
	}

	private async execute(ex: Exchange, ctx: GenerateContext, reply: ScriptedReply, stream: boolean, sse: boolean): Promise<void> {
		const streamBody = (chunks: Json[]): string => sse
			? chunks.map(c => `data: ${JSON.stringify(c)}\r\n\r\n`).join('')
			: JSON.stringify(chunks);
		const contentType = sse ? SSE_TYPE : JSON_TYPE;
		switch (reply.kind) {
			case 'image':
			case 'text':
			case 'noCandidates':
			case 'promptBlocked':
			case 'finishReason':
			case 'corruptBase64': {
				const full = this.successBody(ctx, reply);
				if (!stream) {
					this.sendJson(ex, 200, full);
					return;
				}
				const chunks = this.streamChunks(full);
				const interval = reply.kind === 'image' ? reply.chunkDelayMs ?? 0 : 0;
				if (!sse) {
					this.send(ex, 200, JSON_TYPE, JSON.stringify(chunks));
					return;
				}
				this.writeHead(ex, 200, SSE_TYPE);
				for (const [i, c] of chunks.entries()) {
					if (i > 0 && !await this.sleep(ex, interval)) {
						return;
					}
					if (ex.closed) {
						return;
					}
					ex.res.write(`data: ${JSON.stringify(c)}\r\n\r\n`);
				}
				ex.res.end();
				return;
			}
			case 'error': {
				const body = errorBody(reply, ctx.model, ex.rec.apiVersion ?? 'v1beta', ex.rec.action ?? 'generateContent');
				const payload = reply.wrapInArray ? [body] : body;
				if (stream && sse && reply.midStream) {
					const first = this.streamChunks(this.successBody(ctx, { kind: 'image', thoughts: false, grounding: false }))
						.filter(c => c.candidates?.[0]?.content?.parts?.some((p: Json) => p.inlineData))[0];
					this.writeHead(ex, 200, SSE_TYPE);
					ex.res.write(`data: ${JSON.stringify(first)}\r\n\r\n`);
					ex.res.end(`data: ${JSON.stringify(payload)}\r\n\r\n`);
					return;
				}
				this.send(ex, reply.status, reply.contentType ?? JSON_TYPE, JSON.stringify(payload));
				return;
			}
			case 'html':
				this.send(ex, reply.status ?? 502, 'text/html; charset=UTF-8', reply.body ?? googleHtmlErrorPage(reply.status ?? 502));
				return;
			case 'raw':
				this.send(ex, reply.status ?? 200, reply.contentType ?? JSON_TYPE, reply.body, reply.headers);
				return;
			case 'truncated': {
				const full = this.successBody(ctx, { kind: 'image', thoughts: false, grounding: false });
				let text: string;
				let cut: number;
				if (stream) {
					const events = this.streamChunks(full).map(c => sse ? `data: ${JSON.stringify(c)}\r\n\r\n` : JSON.stringify(c));
					text = sse ? events.join('') : `[${events.join(',')}]`;
					cut = sse ? events[0].length + Math.floor((events[1]?.length ?? 0) / 2) : Math.floor(text.length / 2);
				} else {
					text = JSON.stringify(full);
					cut = Math.floor(text.length / 2);
				}
				const bytes = Buffer.from(text, 'utf8');
				const prefix = bytes.subarray(0, Math.min(bytes.length, reply.afterBytes ?? cut));
				this.writeHead(ex, 200, stream ? contentType : JSON_TYPE);
				if (reply.end) {
					ex.res.end(prefix);
					return;
				}
				ex.res.write(prefix, () => {
					// Give the bytes a moment to reach the client before the reset.
					const t = setTimeout(() => this.destroy(ex), 20);
					ex.timers.add(t);
				});
				return;
			}
			case 'stall': {
				const phase = reply.phase ?? 'beforeHeaders';
				if (phase === 'beforeHeaders') {
					return;
				}
				this.writeHead(ex, 200, stream ? contentType : JSON_TYPE);
				if (phase === 'afterHeaders') {
					ex.res.flushHeaders();
					return;
				}
				const full = this.successBody(ctx, { kind: 'image', thoughts: false, grounding: false });
				const text = stream ? streamBody(this.streamChunks(full).slice(0, 1)) : JSON.stringify(full);
				ex.res.write(stream && sse ? text : text.slice(0, Math.floor(text.length / 2)));
				return;
			}
			case 'disconnect':
				this.destroy(ex);
				return;
			case 'delay':
				// Unwrapped in dispatch(); here only for exhaustiveness.
				return this.execute(ex, ctx, reply.reply, stream, sse);
		}
	}

	// ---- Files API (gemini-wire.md §3, §10) -------------------------------

	private dispatchFiles(ex: Exchange, parseError: boolean, data: Buffer): void {
		const { rec } = ex;
		// The upload URL is the credential for its session (Google's resumable
		// protocol); the SDK still sends its key, and it is recorded, not checked.
		if (rec.action === 'upload.chunk') {
			this.uploadChunk(ex, data);
			return;
		}
		if (!this.checkKey(ex)) {
			return;
		}
		switch (rec.action) {
			case 'upload.start':
				this.uploadStart(ex, parseError);
				return;
			case 'files.list':
				this.listFiles(ex);
				return;
			case 'files.get':
			case 'files.delete': {
				const id = decodeURIComponentSafe(rec.path.slice(rec.path.lastIndexOf('/') + 1));
				const file = this.uploadedFiles.get(`files/${id}`);
				if (!file) {
					this.sendJson(ex, 403, fileNotFound(id));
					return;
				}
				if (rec.action === 'files.get') {
					this.sendJson(ex, 200, fileResource(file));
				} else {
					this.uploadedFiles.delete(file.name);
					this.sendJson(ex, 200, {});
				}
				return;
			}
			default:
				this.sendJson(ex, 404, googleError(404, 'Requested entity was not found.', 'NOT_FOUND'));
		}
	}

	private listFiles(ex: Exchange): void {
		const q = new URLSearchParams(ex.rec.query);
		const pageSize = Math.min(100, Math.max(1, Number.parseInt(q.get('pageSize') ?? '10', 10) || 10));
		const start = Number.parseInt(q.get('pageToken') ?? '0', 10) || 0;
		// Newest first, like Google.
		const all = [...this.uploadedFiles.values()].reverse();
		const page = all.slice(start, start + pageSize);
		const body: Json = {};
		if (page.length > 0) {
			body.files = page.map(fileResource);
		}
		if (start + pageSize < all.length) {
			body.nextPageToken = String(start + pageSize);
		}
		this.sendJson(ex, 200, body);
	}

	/** `POST /upload/{ver}/files` with `x-goog-upload-command: start` → 200 + `x-goog-upload-url`. */
	private uploadStart(ex: Exchange, parseError: boolean): void {
		const { rec } = ex;
		const bad = (message: string, field?: string): void => this.sendJson(ex, 400, field
			? invalidArgument([{ field, description: message }])
			: googleError(400, message, 'INVALID_ARGUMENT'));
		const protocol = headerOf(rec, 'x-goog-upload-protocol')?.trim().toLowerCase();
		const command = headerOf(rec, 'x-goog-upload-command')?.trim().toLowerCase();
		if (protocol !== 'resumable' || command !== 'start') {
			bad(`fake-gemini implements only the resumable protocol here (x-goog-upload-protocol: resumable, x-goog-upload-command: start); got protocol ${JSON.stringify(protocol ?? null)}, command ${JSON.stringify(command ?? null)}.`);
			return;
		}
		if (parseError) {
			bad('Invalid JSON payload received. Unexpected token.');
			return;
		}
		const body: Json = rec.body ?? {};
		if (typeof body !== 'object' || body === null || Array.isArray(body)) {
			bad('Invalid JSON payload received. Expected an object.');
			return;
		}
		for (const k of Object.keys(body)) {
			if (k !== 'file') {
				bad(`Invalid JSON payload received. Unknown name "${k}": Cannot find field.`);
				return;
			}
		}
		const meta: Json = body.file ?? {};
		if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
			bad('Invalid JSON payload received. Expected an object.', 'file');
			return;
		}
		for (const k of Object.keys(meta)) {
			if (!FILE_FIELDS.has(k)) {
				bad(`Invalid JSON payload received. Unknown name "${k}" at 'file': Cannot find field.`);
				return;
			}
		}
		let declared: number | undefined;
		const sizeHeader = headerOf(rec, 'x-goog-upload-header-content-length');
		if (sizeHeader !== undefined) {
			if (!/^\d+$/.test(sizeHeader.trim())) {
				bad(`Invalid X-Goog-Upload-Header-Content-Length: ${JSON.stringify(sizeHeader)}.`);
				return;
			}
			declared = Number(sizeHeader.trim());
		}
		const sizeField = meta.sizeBytes ?? meta.size_bytes;
		if (sizeField !== undefined) {
			if (!/^\d+$/.test(String(sizeField))) {
				bad(`Invalid value at 'file.size_bytes' (TYPE_INT64), ${JSON.stringify(sizeField)}`, 'file.size_bytes');
				return;
			}
			if (declared !== undefined && Number(sizeField) !== declared) {
				bad(`file.sizeBytes ${String(sizeField)} does not match X-Goog-Upload-Header-Content-Length ${declared}.`, 'file.size_bytes');
				return;
			}
			declared = Number(sizeField);
		}
		if (declared !== undefined && declared > this.options.maxUploadBytes) {
			bad(`File size ${declared} bytes exceeds the limit of ${this.options.maxUploadBytes} bytes.`);
			return;
		}
		const mimeType = meta.mimeType ?? meta.mime_type ?? headerOf(rec, 'x-goog-upload-header-content-type');
		if (typeof mimeType !== 'string' || !/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/.test(mimeType.trim())) {
			bad(`Invalid or missing MIME type ${JSON.stringify(mimeType ?? null)}.`, 'file.mime_type');
			return;
		}
		const displayName = meta.displayName ?? meta.display_name;
		if (displayName !== undefined && (typeof displayName !== 'string' || displayName.length > 512)) {
			bad('The display name must be a string of no more than 512 characters.', 'file.display_name');
			return;
		}
		const requestedName = meta.name;
		if (requestedName !== undefined) {
			if (typeof requestedName !== 'string' || !/^files\/[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/.test(requestedName)) {
				bad('The file id must be 1–40 lowercase letters, digits or dashes, not starting or ending with a dash.', 'file.name');
				return;
			}
			const pending = [...this.uploadSessions.values()].some(s => s.requestedName === requestedName && s.fileName === undefined);
			if (this.uploadedFiles.has(requestedName) || pending) {
				this.sendJson(ex, 409, googleError(409, `File ${requestedName} already exists.`, 'ALREADY_EXISTS'));
				return;
			}
		}
		if (this.options.failUploads === 'start') {
			this.sendJson(ex, 503, googleError(503, 'The service is currently unavailable.', 'UNAVAILABLE'));
			return;
		}
		const origin = originOf(ex.req, this.baseUrl);
		const session: UploadSession = {
			id: randomBytes(33).toString('base64url'),
			apiVersion: rec.apiVersion ?? 'v1beta',
			origin,
			mimeType: mimeType.trim(),
			displayName,
			requestedName,
			declaredSize: declared,
			chunks: [],
			received: 0,
		};
		this.uploadSessions.set(session.id, session);
		const uploadUrl = `${origin}/upload/${session.apiVersion}/files?upload_id=${session.id}&upload_protocol=resumable`;
		this.send(ex, 200, 'text/plain; charset=utf-8', '', {
			'x-goog-upload-status': 'active',
			'x-goog-upload-url': uploadUrl,
			'x-goog-upload-control-url': uploadUrl,
			'x-goog-upload-chunk-granularity': '262144',
		});
	}

	/** A request to an upload URL: `upload`, `upload, finalize`, `finalize`, `query` or `cancel`. */
	private uploadChunk(ex: Exchange, data: Buffer): void {
		const { rec } = ex;
		const uploadId = new URLSearchParams(rec.query).get('upload_id') ?? '';
		const commands = (headerOf(rec, 'x-goog-upload-command') ?? '').toLowerCase().split(',').map(c => c.trim()).filter(c => c !== '');
		const offsetHeader = headerOf(rec, 'x-goog-upload-offset')?.trim();
		const offset = offsetHeader === undefined ? undefined : /^\d+$/.test(offsetHeader) ? Number(offsetHeader) : Number.NaN;
		const record: UploadRecord = { uploadId, command: commands.join(', '), offset, bytes: data.length };
		rec.upload = record;
		const bad = (message: string): void => this.sendJson(ex, 400, googleError(400, message, 'INVALID_ARGUMENT'));
		const session = this.uploadSessions.get(uploadId);
		if (!session) {
			this.sendJson(ex, 404, googleError(404, 'Upload session not found: the upload_id is unknown or was cancelled.', 'NOT_FOUND'));
			return;
		}
		const command = record.command;
		if (!['upload', 'upload, finalize', 'finalize', 'query', 'cancel'].includes(command)) {
			bad(`Invalid X-Goog-Upload-Command ${JSON.stringify(headerOf(rec, 'x-goog-upload-command') ?? null)}; expected upload, "upload, finalize", finalize, query or cancel.`);
			return;
		}
		const status = (s: string): Record<string, string> => ({ 'x-goog-upload-status': s, 'x-goog-upload-size-received': String(session.received) });
		if (session.fileName !== undefined) {
			const file = this.uploadedFiles.get(session.fileName);
			if (command === 'query' && file) {
				this.send(ex, 200, JSON_TYPE, JSON.stringify({ file: fileResource(file) }), status('final'));
			} else {
				bad('The upload session is already finalized.');
			}
			return;
		}
		if (command === 'query') {
			this.send(ex, 200, 'text/plain; charset=utf-8', '', status('active'));
			return;
		}
		if (command === 'cancel') {
			this.uploadSessions.delete(session.id);
			this.send(ex, 200, 'text/plain; charset=utf-8', '', status('cancelled'));
			return;
		}
		const upload = command.startsWith('upload');
		const finalize = command.endsWith('finalize');
		if (this.options.failUploads === 'chunk' || (this.options.failUploads === 'finalize' && finalize)) {
			this.sendJson(ex, 500, googleError(500, MSG_INTERNAL, 'INTERNAL'));
			return;
		}
		if (upload) {
			if (offset === undefined || Number.isNaN(offset)) {
				bad(`Missing or invalid X-Goog-Upload-Offset ${JSON.stringify(offsetHeader ?? null)}.`);
				return;
			}
			if (offset !== session.received) {
				bad(`Invalid X-Goog-Upload-Offset ${offset}: the server has received ${session.received} bytes.`);
				return;
			}
		} else if (data.length > 0) {
			bad('A finalize command without upload must have an empty body.');
			return;
		}
		const total = session.received + data.length;
		if (session.declaredSize !== undefined && total > session.declaredSize) {
			bad(`Upload exceeds the declared size: ${total} bytes received, X-Goog-Upload-Header-Content-Length was ${session.declaredSize}.`);
			return;
		}
		if (finalize && session.declaredSize !== undefined && total !== session.declaredSize) {
			bad(`Upload size mismatch: ${total} bytes received, X-Goog-Upload-Header-Content-Length was ${session.declaredSize}.`);
			return;
		}
		if (total > this.options.maxUploadBytes) {
			bad(`File size ${total} bytes exceeds the limit of ${this.options.maxUploadBytes} bytes.`);
			return;
		}
		if (data.length > 0) {
			session.chunks.push(data);
			session.received = total;
		}
		if (!finalize) {
			this.send(ex, 200, 'text/plain; charset=utf-8', '', status('active'));
			return;
		}
		const file = this.createFile(session);
		record.fileName = file.name;
		this.send(ex, 200, JSON_TYPE, JSON.stringify({ file: fileResource(file) }), status('final'));
	}

	private createFile(session: UploadSession): UploadedFile {
		let name = session.requestedName;
		while (name === undefined || this.uploadedFiles.has(name)) {
			name = `files/${randomFileId()}`;
		}
		const id = name.slice('files/'.length);
		const bytes = Buffer.concat(session.chunks, session.received);
		session.chunks = [];
		session.fileName = name;
		const now = Date.now();
		const createTime = new Date(now).toISOString();
		const processing = this.options.fileProcessingMs > 0;
		const file: UploadedFile = {
			name,
			uri: `${session.origin}/${session.apiVersion}/files/${id}`,
			mimeType: session.mimeType,
			displayName: session.displayName,
			bytes,
			sizeBytes: bytes.length,
			sha256: createHash('sha256').update(bytes).digest('hex'),
			state: processing ? 'PROCESSING' : 'ACTIVE',
			apiVersion: session.apiVersion,
			createTime,
			updateTime: createTime,
			expirationTime: new Date(now + FILE_TTL_MS).toISOString(),
		};
		if (file.displayName === undefined) {
			delete file.displayName;
		}
		this.uploadedFiles.set(name, file);
		if (processing) {
			const t = setTimeout(() => {
				this.fileTimers.delete(t);
				file.state = 'ACTIVE';
				file.updateTime = new Date().toISOString();
			}, this.options.fileProcessingMs);
			t.unref();
			this.fileTimers.add(t);
		}
		return file;
	}

	private clearFileTimers(): void {
		for (const t of this.fileTimers) {
			clearTimeout(t);
		}
		this.fileTimers.clear();
	}

	// ---- low-level I/O --------------------------------------------------

	private sleep(ex: Exchange, ms: number): Promise<boolean> {
		if (ex.closed) {
			return Promise.resolve(false);
		}
		if (ms <= 0) {
			return Promise.resolve(true);
		}
		return new Promise(resolve => {
			const t = setTimeout(() => {
				ex.timers.delete(t);
				resolve(!ex.closed);
			}, ms);
			ex.timers.add(t);
			ex.onClose.push(() => resolve(false));
		});
	}

	private writeHead(ex: Exchange, status: number, contentType: string, extra?: Record<string, string | number>): void {
		ex.rec.status = status;
		ex.res.writeHead(status, {
			'content-type': contentType,
			'x-fake-gemini-request-id': String(ex.rec.id),
			...extra,
		});
	}

	private send(ex: Exchange, status: number, contentType: string, body: string, headers?: Record<string, string>): void {
		if (ex.closed) {
			return;
		}
		this.writeHead(ex, status, contentType, { ...headers, 'content-length': Buffer.byteLength(body) });
		ex.res.end(body);
	}

	private sendJson(ex: Exchange, status: number, body: unknown): void {
		this.send(ex, status, JSON_TYPE, JSON.stringify(body));
	}

	private destroy(ex: Exchange): void {
		ex.serverDestroyed = true;
		ex.req.socket.destroy();
	}

	// ---- control API (/__fake/) ------------------------------------------

	private handleControl(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
		const chunks: Buffer[] = [];
		req.on('error', () => undefined);
		res.on('error', () => undefined);
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			this.emit('control', req.method ?? 'GET', url.pathname);
			const reply = (status: number, body: unknown): void => {
				const text = JSON.stringify(body);
				res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text) });
				res.end(text);
			};
			let body: Json;
			const raw = Buffer.concat(chunks).toString('utf8');
			if (raw.trim() !== '') {
				try {
					body = JSON.parse(raw);
				} catch (e) {
					reply(400, { error: `invalid JSON: ${String(e)}` });
					return;
				}
			}
			const route = `${req.method} ${url.pathname}`;
			switch (route) {
				case 'POST /__fake/enqueue': {
					const list: unknown[] = Array.isArray(body) ? body : body === undefined ? [] : [body];
					const bad = list.find(r => !isScriptedReply(r));
					if (bad !== undefined) {
						reply(400, { error: `not a ScriptedReply: ${JSON.stringify(bad)}`, kinds: SCRIPTED_REPLY_KINDS });
						return;
					}
					this.enqueue(...(list as ScriptedReply[]));
					reply(200, { queued: this.queue.length });
					return;
				}
				case 'GET /__fake/requests':
					reply(200, this.requests.map(sanitizeRequest));
					return;
				case 'POST /__fake/reset':
					this.reset();
					reply(200, { ok: true });
					return;
				case 'POST /__fake/options':
					if (typeof body !== 'object' || body === null || Array.isArray(body)) {
						reply(400, { error: 'expected a JSON object of options' });
						return;
					}
					reply(200, this.setOptions(body));
					return;
				case 'GET /__fake/options':
					reply(200, this.options);
					return;
				case 'GET /__fake/files':
					reply(200, [...this.uploadedFiles.values()].map(fileResource));
					return;
				default:
					reply(404, { error: `unknown control route ${route}`, routes: ['POST /__fake/enqueue', 'GET /__fake/requests', 'POST /__fake/reset', 'POST /__fake/options', 'GET /__fake/options', 'GET /__fake/files'] });
			}
		});
	}
}

// ---- helpers --------------------------------------------------------------

/** The File resource as Google returns it (int64 sizeBytes as a string). */
export function fileResource(f: UploadedFile): Json {
	const r: Json = { name: f.name };
	if (f.displayName !== undefined) {
		r.displayName = f.displayName;
	}
	return {
		...r,
		mimeType: f.mimeType,
		sizeBytes: String(f.sizeBytes),
		createTime: f.createTime,
		updateTime: f.updateTime,
		expirationTime: f.expirationTime,
		// Proto bytes holding the hex digest, so base64 of the hex string (3p).
		sha256Hash: Buffer.from(f.sha256, 'ascii').toString('base64'),
		uri: f.uri,
		state: f.state,
		source: 'UPLOADED',
	};
}

/** The id in a Files API uri (`<origin>/<ver>/files/<id>`, any host), else undefined. */
export function fileIdOf(uri: string): string | undefined {
	return /^(?:https?:\/\/[^/?#]+)?\/(?:v1|v1beta|v1alpha)\/files\/([a-z0-9-]+)$/.exec(uri)?.[1];
}

/** `files/<id>` for every fileData part of a generate/countTokens body, in order. */
function referencedFileNames(body: Json): string[] {
	const names: string[] = [];
	if (typeof body !== 'object' || body === null) {
		return names;
	}
	const contents: Json[] = Array.isArray(body.contents) ? body.contents
		: Array.isArray(body.generateContentRequest?.contents) ? body.generateContentRequest.contents : [];
	for (const c of [...contents, body.systemInstruction]) {
		for (const p of (Array.isArray(c?.parts) ? c.parts : []) as Json[]) {
			const fd = p?.fileData ?? p?.file_data;
			const uri = fd?.fileUri ?? fd?.file_uri;
			if (typeof uri === 'string') {
				const id = fileIdOf(uri);
				names.push(id !== undefined ? `files/${id}` : uri);
			}
		}
	}
	return names;
}

function fileNotFound(id: string): GoogleErrorBody {
	return googleError(403, `You do not have permission to access the File ${id} or it may not exist.`, 'PERMISSION_DENIED');
}

function randomFileId(): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
	return [...randomBytes(12)].map(b => alphabet[b % alphabet.length]).join('');
}

function headerOf(rec: RecordedRequest, name: string): string | undefined {
	const v = rec.headers[name];
	return Array.isArray(v) ? v.join(', ') : v;
}

/** Scheme and host as the client addressed us (falls back to the listen URL). */
function originOf(req: http.IncomingMessage, fallback: string | undefined): string {
	const host = req.headers.host;
	return host ? `http://${host}` : fallback ?? 'http://127.0.0.1';
}

function uploadDataPlaceholder(bytes: number): string {
	return `<${bytes} bytes of upload data>`;
}

function decodeURIComponentSafe(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

/** Text of the last user turn (the prompt), which seeds the image. */
export function promptTextOf(body: Json): string {
	const contents: Json[] = Array.isArray(body?.contents) ? body.contents : [];
	for (let i = contents.length - 1; i >= 0; i--) {
		const c = contents[i];
		if (c && (c.role === undefined || c.role === 'user')) {
			return ((c.parts ?? []) as Json[]).filter(p => typeof p?.text === 'string').map(p => p.text as string).join('\n');
		}
	}
	return '';
}

function promptDetails(ctx: GenerateContext): Json[] {
	const details: Json[] = [{ modality: 'TEXT', tokenCount: ctx.promptTextTokens }];
	if (ctx.promptImageTokens > 0) {
		details.push({ modality: 'IMAGE', tokenCount: ctx.promptImageTokens });
	}
	return details;
}

function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' }[c] as string));
}

function groundingMetadata(ctx: GenerateContext, renderedContent?: string): Json {
	const query = ctx.promptText.trim().split(/\s+/).slice(0, 6).join(' ') || 'image reference';
	return {
		searchEntryPoint: {
			renderedContent: renderedContent ?? '<style>.container{display:flex;gap:8px}.chip{border-radius:16px;padding:4px 12px;border:1px solid #ccc}</style>'
				+ `<div class="container"><a class="chip" href="https://www.google.com/search?q=${encodeURIComponent(query)}">${escapeHtml(query)}</a></div>`,
		},
		groundingChunks: [
			{ web: { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/fake-1', title: 'example.com' } },
			{ web: { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/fake-2', title: 'wikipedia.org' } },
		],
		groundingSupports: [],
		webSearchQueries: [query],
	};
}

function errorBody(reply: ErrorReply, model: string, apiVersion: string, action: string): GoogleErrorBody {
	let body: GoogleErrorBody;
	switch (reply.status) {
		// A custom 400 message means "some other bad request", not a bad key.
		case 400: body = reply.message !== undefined ? googleError(400, reply.message, 'INVALID_ARGUMENT') : apiKeyInvalid(); break;
		case 401: body = unauthenticated(); break;
		case 403: body = permissionDenied(); break;
		case 404: body = modelNotFound(model, apiVersion, action); break;
		case 429: body = resourceExhausted({ model, retryDelay: reply.retryDelay, perDay: reply.perDay, freeTierNoBilling: reply.freeTierNoBilling }); break;
		case 500: body = googleError(500, MSG_INTERNAL, 'INTERNAL'); break;
		case 503: body = googleError(503, MSG_OVERLOADED, 'UNAVAILABLE'); break;
		case 504: body = googleError(504, MSG_DEADLINE, 'DEADLINE_EXCEEDED'); break;
		default: body = googleError(reply.status, `Fake Gemini error ${reply.status}.`, googleStatusFor(reply.status)); break;
	}
	if (reply.message !== undefined) {
		body.error.message = reply.message;
	}
	if (reply.errorStatus !== undefined) {
		body.error.status = reply.errorStatus;
	}
	if (reply.details !== undefined) {
		if (reply.details.length > 0) {
			body.error.details = reply.details;
		} else {
			delete body.error.details;
		}
	}
	return body;
}

export function isScriptedReply(r: unknown): r is ScriptedReply {
	if (typeof r !== 'object' || r === null) {
		return false;
	}
	const kind = (r as { kind?: unknown }).kind;
	if (!SCRIPTED_REPLY_KINDS.includes(kind as ScriptedReply['kind'])) {
		return false;
	}
	if (kind === 'delay') {
		return typeof (r as DelayReply).delayMs === 'number' && isScriptedReply((r as DelayReply).reply);
	}
	if (kind === 'error') {
		return typeof (r as ErrorReply).status === 'number';
	}
	if (kind === 'finishReason') {
		return typeof (r as FinishReasonReply).finishReason === 'string';
	}
	if (kind === 'raw') {
		return typeof (r as RawReply).body === 'string';
	}
	return true;
}

/** A JSON-safe copy for GET /__fake/requests: no image payloads, short raw body. */
export function sanitizeRequest(r: RecordedRequest): RecordedRequest {
	const strip = (v: Json): Json => {
		if (Array.isArray(v)) {
			return v.map(strip);
		}
		if (typeof v !== 'object' || v === null) {
			return v;
		}
		const out: Json = {};
		for (const [k, val] of Object.entries(v)) {
			if ((k === 'inlineData' || k === 'inline_data') && val && typeof (val as Json).data === 'string') {
				out[k] = { ...(val as Json), data: `<${(val as Json).data.length} base64 chars>` };
			} else {
				out[k] = strip(val);
			}
		}
		return out;
	};
	return {
		...r,
		body: strip(r.body),
		rawBody: r.rawBody.length > MAX_LOGGED_RAW
			? `${r.rawBody.slice(0, MAX_LOGGED_RAW)}…[${r.rawBody.length} chars]`
			: r.rawBody,
	};
}
