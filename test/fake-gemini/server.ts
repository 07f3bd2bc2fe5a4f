// Over 400 lines: the public entry re-exports what every test imports (30 lines) beside the FakeGemini class.
// A faithful local stand-in for the Gemini API (gemini-wire.md §3–§7, §14),
// for unit, integration and manual tests. It speaks the exact wire format the
// real @google/genai SDK expects, renders real images of the requested size,
// and can be scripted to fail in every way the extension must survive
// (security.md "Faults survived"). Only node built-ins, pngjs and jpeg-js.
//
// This module is the public entry (tests import from here) and the FakeGemini class: the HTTP server, the request
// log and its waiters, options, and the first checks of an API request (route, key, model). The rest has a module
// each (README.md lists them).
import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleControl } from './control';
import { Exchange, RecordedRequest, destroy, sendJson } from './exchange';
import { FileStore, UploadedFile } from './files';
import { BatchStore, FakeBatch, FakeBatchState } from './batches';
import { GenerateEnv, answerGenerate } from './generate';
import { googleError, modelNotFound } from './googleErrors';
import { FakeModel, findFakeModel, listedModels, methodFor } from './modelTable';
import { listModelsPage, modelResource } from './modelsList';
import { FakeGeminiOptions, defaultFakeGeminiOptions } from './options';
import { isBatchesAction, isFilesAction, isModelsRoute, keyRejection, routeNotFound, routeRequest } from './routing';
import type { ScriptedReply } from './scriptedReplies';
import { SignatureLedger } from './signatures';
import { UploadSessions } from './uploads';
import { RateQuota } from './rateQuota';

export { expectedDimensions, promptSeed, renderFakeImage, VALID_ASPECT_RATIOS, VALID_IMAGE_SIZES } from './images';
export type { FakeImageMime } from './images';
export type { GoogleErrorBody } from './googleErrors';
export { DEFAULT_EXTRA_CAPABILITIES, DEFAULT_SHUT_DOWN_MODELS, EXTENDED_ASPECT_RATIOS, MODEL_TABLE, STANDARD_ASPECT_RATIOS, findFakeModel } from './modelTable';
export type { ExtraModel, FakeModel, ModelCapabilities, ThinkingLevelName } from './modelTable';
export { SKIP_SIGNATURE_VALUES, decodeFakeSignature } from './signatures';
export { modelResource } from './modelsList';
export type { RecordedRequest, UploadRecord } from './exchange';
export type { UploadedFile } from './files';
export type { FakeBatch, FakeBatchEntry, FakeBatchState } from './batches';
export { operation as batchOperation } from './batches';
export { fileIdOf, fileResource } from './files';
export type {
	CorruptBase64Reply,
	DelayReply,
	DisconnectReply,
	ErrorReply,
	FinishReasonReply,
	HtmlReply,
	ImageReply,
	NoCandidatesReply,
	PromptBlockedReply,
	RawReply,
	ScriptedReply,
	StallReply,
	TextReply,
	TruncatedReply,
} from './scriptedReplies';
export { SCRIPTED_REPLY_KINDS, isScriptedReply } from './scriptedReplies';
export type { FakeGeminiOptions } from './options';
export { defaultFakeGeminiOptions } from './options';
export { promptTextOf } from './replies';
export { sanitizeRequest } from './control';

interface Waiter {
	predicate: (r: RecordedRequest) => boolean;
	resolve: (r: RecordedRequest) => void;
	reject: (e: Error) => void;
	timer: NodeJS.Timeout;
}

/**
 * The fake server. Events: `'request'` (a request's body arrived and it was
 * recorded), `'settled'` (its exchange ended: replied, or closed by either
 * side), `'control'` (method, path) for `/__fake/` calls.
 */
export class FakeGemini extends EventEmitter {
	readonly requests: RecordedRequest[] = [];
	/** The Files API's files; uploadedFiles is its map. */
	private readonly fileStore = new FileStore();
	/** Files API: finalized uploads by name (`files/<id>`). Delete an entry to simulate expiry. */
	readonly uploadedFiles: Map<string, UploadedFile> = this.fileStore.files;
	options: FakeGeminiOptions;
	private readonly batchStore = new BatchStore();
	/** Batch API jobs by name (`batches/<id>`), in memory: what each received and the answers prepared for it. */
	readonly batches: Map<string, FakeBatch> = this.batchStore.batches;
	private readonly queue: ScriptedReply[] = [];
	private readonly uploadSessions = new UploadSessions(this.fileStore);
	private readonly quota = new RateQuota();
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
		this.fileStore.clearTimers();
		if (!server) {
			return;
		}
		const closed = new Promise<void>((resolve) => server.close(() => resolve()));
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
		this.fileStore.clearTimers();
		this.batchStore.clear();
		this.quota.clear();
	}

	/** Moves a batch job to a state, as Google would (FAILED with `message` as its error); false when unknown. */
	forceBatchState(name: string, state: FakeBatchState, message?: string): boolean {
		const batch = this.batches.get(name);
		if (batch) {
			this.batchStore.setState(batch, state, { files: this.fileStore, options: this.options }, this.url, message);
		}
		return batch !== undefined;
	}

	/** The uploaded file a `fileData.fileUri` (or a `files/<id>` name) refers to, if it exists. */
	fileByUri(uriOrName: string): UploadedFile | undefined {
		return this.fileStore.byUri(uriOrName);
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
					this.waiters = this.waiters.filter((w) => w !== waiter);
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
		const matched = this.waiters.filter((w) => w.predicate(rec));
		if (matched.length === 0) {
			return;
		}
		this.waiters = this.waiters.filter((w) => !matched.includes(w));
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
			handleControl(this, req, res, url);
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
		routeRequest(rec, url);
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
				sendJson(ex, 400, googleError(400, `Request payload size exceeds the limit: ${limit} bytes.`, 'INVALID_ARGUMENT'));
				return;
			}
			this.dispatch(ex, parseError, data).catch((err) => {
				if (!ex.closed && !ex.res.headersSent) {
					sendJson(ex, 500, googleError(500, `fake-gemini internal error: ${String(err)}`, 'INTERNAL'));
				} else if (!ex.closed) {
					destroy(ex);
				}
			});
		});
	}

	/** Answers an API request once its body arrived, checking in the order README.md lists. */
	private async dispatch(ex: Exchange, parseError: boolean, data: Buffer): Promise<void> {
		const { rec } = ex;
		if (isFilesAction(rec)) {
			this.dispatchFiles(ex, parseError, data);
			return;
		}
		if (isBatchesAction(rec)) {
			if (this.checkKey(ex)) {
				this.batchStore.serve(ex, this.generateEnv(), this.url);
			}
			return;
		}
		if (!isModelsRoute(rec)) {
			sendJson(ex, 404, routeNotFound(rec));
			return;
		}
		if (!this.checkKey(ex)) {
			return;
		}
		if (rec.action === 'list') {
			const page = listModelsPage(
				new URLSearchParams(rec.query),
				listedModels(this.options.extraModels, this.options.shutDownModels),
				this.options.modelsPerPage,
			);
			sendJson(ex, page.status, page.body);
			return;
		}
		const modelId = rec.model as string;
		const action = rec.action as string;
		// Unknown, shut down, or not serving this method (embeddings, Imagen): Google's 404 (gemini-wire.md §7).
		const model = this.model(modelId);
		if (!model || (action !== 'get' && !model.capabilities.methods.includes(methodFor(action)))) {
			sendJson(ex, 404, modelNotFound(modelId, rec.apiVersion as string, action));
			return;
		}
		if (action === 'get') {
			sendJson(ex, 200, modelResource(model));
			return;
		}
		if (action === 'batchGenerateContent') {
			this.batchStore.create(ex, model, parseError, this.generateEnv());
			return;
		}
		await answerGenerate(ex, model, action, parseError, this.generateEnv());
	}

	private generateEnv(): GenerateEnv {
		return { options: this.options, files: this.fileStore, signatures: this.signatures, nextScripted: () => this.queue.shift(), quota: this.quota };
	}

	/** Files API requests: upload sessions (uploads.ts) and file resources (files.ts). */
	private dispatchFiles(ex: Exchange, parseError: boolean, data: Buffer): void {
		const { rec } = ex;
		// The upload URL is the credential for its session (Google's resumable
		// protocol); the SDK still sends its key, and it is recorded, not checked.
		if (rec.action === 'upload.chunk') {
			this.uploadSessions.chunk(ex, data, this.options);
			return;
		}
		if (!this.checkKey(ex)) {
			return;
		}
		if (rec.action === 'upload.start') {
			this.uploadSessions.start(ex, parseError, this.options, this.baseUrl);
			return;
		}
		this.fileStore.serve(ex);
	}

	/** Replies 403/400 like Google and returns false when the key is missing or not valid. */
	private checkKey(ex: Exchange): boolean {
		const rejection = keyRejection(ex.rec, this.options);
		if (rejection) {
			sendJson(ex, rejection.status, rejection.body);
			return false;
		}
		return true;
	}
}

function uploadDataPlaceholder(bytes: number): string {
	return `<${bytes} bytes of upload data>`;
}
