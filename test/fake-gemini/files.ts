// The Files API's files (gemini-wire.md §10): the store of uploaded files and their PROCESSING → ACTIVE timers, the
// File resource, files.get / files.delete / files.list, and whether a `fileData` part of a generate request names a
// usable file. Upload sessions, which create the files, are in uploads.ts.
import { createHash, randomBytes } from 'node:crypto';
import { Exchange, sendJson, writeHead } from './exchange';
import { GoogleErrorBody, googleError, invalidArgument } from './googleErrors';
import { sniffImageMime } from './images';

type Json = any;

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

/** Files live 48 hours (gemini-wire.md §10). */
const FILE_TTL_MS = 48 * 60 * 60 * 1000;

/** What a finished upload session turns into a file (uploads.ts). */
export interface NewFile {
	/** `files/<id>` asked for at `start`; otherwise a random free one. */
	requestedName?: string;
	/** Scheme and host the client used, for the file's uri. */
	origin: string;
	apiVersion: string;
	mimeType: string;
	displayName?: string;
	bytes: Buffer;
}

/** The uploaded files by name; FakeGemini.uploadedFiles is its map. */
export class FileStore {
	readonly files = new Map<string, UploadedFile>();
	private readonly timers = new Set<NodeJS.Timeout>();

	/** The file a `fileData.fileUri` (or a `files/<id>` name) refers to, if it exists. */
	byUri(uriOrName: string): UploadedFile | undefined {
		const id = fileIdOf(uriOrName) ?? /^files\/([a-z0-9-]+)$/.exec(uriOrName)?.[1];
		return id === undefined ? undefined : this.files.get(`files/${id}`);
	}

	/** Stores a new file; with `processingMs` > 0 it stays PROCESSING that long, then turns ACTIVE. */
	create(init: NewFile, processingMs: number): UploadedFile {
		let name = init.requestedName;
		while (name === undefined || this.files.has(name)) {
			name = `files/${randomFileId()}`;
		}
		const id = name.slice('files/'.length);
		const bytes = init.bytes;
		const now = Date.now();
		const createTime = new Date(now).toISOString();
		const processing = processingMs > 0;
		const file: UploadedFile = {
			name,
			uri: `${init.origin}/${init.apiVersion}/files/${id}`,
			mimeType: init.mimeType,
			displayName: init.displayName,
			bytes,
			sizeBytes: bytes.length,
			sha256: createHash('sha256').update(bytes).digest('hex'),
			state: processing ? 'PROCESSING' : 'ACTIVE',
			apiVersion: init.apiVersion,
			createTime,
			updateTime: createTime,
			expirationTime: new Date(now + FILE_TTL_MS).toISOString(),
		};
		if (file.displayName === undefined) {
			delete file.displayName;
		}
		this.files.set(name, file);
		if (processing) {
			const t = setTimeout(() => {
				this.timers.delete(t);
				file.state = 'ACTIVE';
				file.updateTime = new Date().toISOString();
			}, processingMs);
			t.unref();
			this.timers.add(t);
		}
		return file;
	}

	/** Stops the PROCESSING → ACTIVE timers (files keep their state). */
	clearTimers(): void {
		for (const t of this.timers) {
			clearTimeout(t);
		}
		this.timers.clear();
	}

	/** `files.get`, `files.delete`, `files.list` and `files.download` (the key was checked by the caller). */
	serve(ex: Exchange): void {
		const { rec } = ex;
		switch (rec.action) {
			case 'files.list':
				this.list(ex);
				return;
			case 'files.download': {
				// https://ai.google.dev/gemini-api/docs/batch-mode ("Retrieving results"): GET /download/v1beta/{file}:download?alt=media.
				const id = decodeURIComponentSafe(/\/files\/([^/:]+):download$/.exec(rec.path)?.[1] ?? '');
				const file = this.files.get(`files/${id}`);
				if (!file) {
					sendJson(ex, 403, fileNotFound(id));
					return;
				}
				if (new URLSearchParams(rec.query).get('alt') !== 'media') {
					sendJson(ex, 400, invalidArgument([{ field: 'alt', description: 'downloads need alt=media' }]));
					return;
				}
				writeHead(ex, 200, file.mimeType, { 'content-length': file.bytes.length });
				ex.res.end(file.bytes);
				return;
			}
			case 'files.get':
			case 'files.delete': {
				const id = decodeURIComponentSafe(rec.path.slice(rec.path.lastIndexOf('/') + 1));
				const file = this.files.get(`files/${id}`);
				if (!file) {
					sendJson(ex, 403, fileNotFound(id));
					return;
				}
				if (rec.action === 'files.get') {
					sendJson(ex, 200, fileResource(file));
				} else {
					this.files.delete(file.name);
					sendJson(ex, 200, {});
				}
				return;
			}
			default:
				sendJson(ex, 404, googleError(404, 'Requested entity was not found.', 'NOT_FOUND'));
		}
	}

	private list(ex: Exchange): void {
		const q = new URLSearchParams(ex.rec.query);
		const pageSize = Math.min(100, Math.max(1, Number.parseInt(q.get('pageSize') ?? '10', 10) || 10));
		const start = Number.parseInt(q.get('pageToken') ?? '0', 10) || 0;
		// Newest first, like Google.
		const all = [...this.files.values()].reverse();
		const page = all.slice(start, start + pageSize);
		const body: Json = {};
		if (page.length > 0) {
			body.files = page.map(fileResource);
		}
		if (start + pageSize < all.length) {
			body.nextPageToken = String(start + pageSize);
		}
		sendJson(ex, 200, body);
	}

	/**
	 * A `fileData` part must name a Files API uri this server issued, for an
	 * ACTIVE file whose bytes suit the (given or stored) image mime type. Unknown or
	 * deleted files get Google's 403 (3p: "You do not have permission to access
	 * the File <id> or it may not exist.").
	 */
	fileDataProblem(part: Json, where: string): GoogleErrorBody | undefined {
		const fd = typeof part === 'object' && part !== null ? (part.fileData ?? part.file_data) : undefined;
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
			return invalidArgument([
				{
					field: `${where}.file_data.file_uri`,
					description: `Unsupported file uri ${JSON.stringify(uri)}; the fake accepts only Files API uris (<origin>/<version>/files/<id>).`,
				},
			]);
		}
		const file = this.files.get(`files/${id}`);
		if (!file) {
			return fileNotFound(id);
		}
		if (file.state !== 'ACTIVE') {
			return googleError(400, `The File ${id} is not in an ACTIVE state and usage is not allowed.`, 'FAILED_PRECONDITION');
		}
		// Whether the model takes this mime is checked in validation.ts; here, that the bytes are what it says.
		const mime = fd.mimeType ?? fd.mime_type ?? file.mimeType;
		if (typeof mime === 'string' && mime.toLowerCase().startsWith('image/') && !sniffImageMime(file.bytes.subarray(0, 64))) {
			return googleError(
				400,
				'Unable to process input image. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
				'INVALID_ARGUMENT',
			);
		}
		return undefined;
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
export function referencedFileNames(body: Json): string[] {
	const names: string[] = [];
	if (typeof body !== 'object' || body === null) {
		return names;
	}
	const contents: Json[] = Array.isArray(body.contents)
		? body.contents
		: Array.isArray(body.generateContentRequest?.contents)
			? body.generateContentRequest.contents
			: [];
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
	return [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join('');
}

function decodeURIComponentSafe(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}
