// The Files API's resumable uploads (gemini-wire.md §3, §10): `POST /upload/{ver}/files` opens a session, requests to
// its upload URL carry the bytes (`upload`, `upload, finalize`, `finalize`, `query`, `cancel`), and the finalizing one
// stores the file in the FileStore (files.ts). Scripted upload faults (`options.failUploads`) strike here.
import { randomBytes } from 'node:crypto';
import type * as http from 'node:http';
import { Exchange, JSON_TYPE, UploadRecord, headerOf, send, sendJson } from './exchange';
import { FileStore, fileResource } from './files';
import { MSG_INTERNAL, googleError, invalidArgument } from './googleErrors';
import type { FakeGeminiOptions } from './options';

type Json = any;

// Fields of the File resource a create/upload request may carry (output-only ones are ignored).
const FILE_FIELDS = new Set([
	'name',
	'displayName',
	'display_name',
	'mimeType',
	'mime_type',
	'sizeBytes',
	'size_bytes',
	'createTime',
	'create_time',
	'updateTime',
	'update_time',
	'expirationTime',
	'expiration_time',
	'sha256Hash',
	'sha256_hash',
	'uri',
	'downloadUri',
	'download_uri',
	'state',
	'source',
	'error',
	'videoMetadata',
	'video_metadata',
]);

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

/** The open (and finalized) upload sessions by upload id. */
export class UploadSessions {
	private readonly sessions = new Map<string, UploadSession>();

	constructor(private readonly store: FileStore) {}

	/** Forgets every session (their upload URLs then get 404). */
	clear(): void {
		this.sessions.clear();
	}

	/** `POST /upload/{ver}/files` with `x-goog-upload-command: start` → 200 + `x-goog-upload-url`. */
	start(ex: Exchange, parseError: boolean, options: FakeGeminiOptions, fallbackOrigin: string | undefined): void {
		const { rec } = ex;
		const bad = (message: string, field?: string): void =>
			sendJson(ex, 400, field ? invalidArgument([{ field, description: message }]) : googleError(400, message, 'INVALID_ARGUMENT'));
		const protocol = headerOf(rec, 'x-goog-upload-protocol')?.trim().toLowerCase();
		const command = headerOf(rec, 'x-goog-upload-command')?.trim().toLowerCase();
		if (protocol !== 'resumable' || command !== 'start') {
			bad(
				`fake-gemini implements only the resumable protocol here (x-goog-upload-protocol: resumable, x-goog-upload-command: start); got protocol ${JSON.stringify(protocol ?? null)}, command ${JSON.stringify(command ?? null)}.`,
			);
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
		if (declared !== undefined && declared > options.maxUploadBytes) {
			bad(`File size ${declared} bytes exceeds the limit of ${options.maxUploadBytes} bytes.`);
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
			const pending = [...this.sessions.values()].some((s) => s.requestedName === requestedName && s.fileName === undefined);
			if (this.store.files.has(requestedName) || pending) {
				sendJson(ex, 409, googleError(409, `File ${requestedName} already exists.`, 'ALREADY_EXISTS'));
				return;
			}
		}
		if (options.failUploads === 'start') {
			sendJson(ex, 503, googleError(503, 'The service is currently unavailable.', 'UNAVAILABLE'));
			return;
		}
		const origin = originOf(ex.req, fallbackOrigin);
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
		this.sessions.set(session.id, session);
		const uploadUrl = `${origin}/upload/${session.apiVersion}/files?upload_id=${session.id}&upload_protocol=resumable`;
		send(ex, 200, 'text/plain; charset=utf-8', '', {
			'x-goog-upload-status': 'active',
			'x-goog-upload-url': uploadUrl,
			'x-goog-upload-control-url': uploadUrl,
			'x-goog-upload-chunk-granularity': '262144',
		});
	}

	/** A request to an upload URL: `upload`, `upload, finalize`, `finalize`, `query` or `cancel`. */
	chunk(ex: Exchange, data: Buffer, options: FakeGeminiOptions): void {
		const { rec } = ex;
		const uploadId = new URLSearchParams(rec.query).get('upload_id') ?? '';
		const commands = (headerOf(rec, 'x-goog-upload-command') ?? '')
			.toLowerCase()
			.split(',')
			.map((c) => c.trim())
			.filter((c) => c !== '');
		const offsetHeader = headerOf(rec, 'x-goog-upload-offset')?.trim();
		const offset = offsetHeader === undefined ? undefined : /^\d+$/.test(offsetHeader) ? Number(offsetHeader) : Number.NaN;
		const record: UploadRecord = { uploadId, command: commands.join(', '), offset, bytes: data.length };
		rec.upload = record;
		const bad = (message: string): void => sendJson(ex, 400, googleError(400, message, 'INVALID_ARGUMENT'));
		const session = this.sessions.get(uploadId);
		if (!session) {
			sendJson(ex, 404, googleError(404, 'Upload session not found: the upload_id is unknown or was cancelled.', 'NOT_FOUND'));
			return;
		}
		const command = record.command;
		if (!['upload', 'upload, finalize', 'finalize', 'query', 'cancel'].includes(command)) {
			bad(
				`Invalid X-Goog-Upload-Command ${JSON.stringify(headerOf(rec, 'x-goog-upload-command') ?? null)}; expected upload, "upload, finalize", finalize, query or cancel.`,
			);
			return;
		}
		const status = (s: string): Record<string, string> => ({ 'x-goog-upload-status': s, 'x-goog-upload-size-received': String(session.received) });
		if (session.fileName !== undefined) {
			const file = this.store.files.get(session.fileName);
			if (command === 'query' && file) {
				send(ex, 200, JSON_TYPE, JSON.stringify({ file: fileResource(file) }), status('final'));
			} else {
				bad('The upload session is already finalized.');
			}
			return;
		}
		if (command === 'query') {
			send(ex, 200, 'text/plain; charset=utf-8', '', status('active'));
			return;
		}
		if (command === 'cancel') {
			this.sessions.delete(session.id);
			send(ex, 200, 'text/plain; charset=utf-8', '', status('cancelled'));
			return;
		}
		const upload = command.startsWith('upload');
		const finalize = command.endsWith('finalize');
		if (options.failUploads === 'chunk' || (options.failUploads === 'finalize' && finalize)) {
			sendJson(ex, 500, googleError(500, MSG_INTERNAL, 'INTERNAL'));
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
		if (total > options.maxUploadBytes) {
			bad(`File size ${total} bytes exceeds the limit of ${options.maxUploadBytes} bytes.`);
			return;
		}
		if (data.length > 0) {
			session.chunks.push(data);
			session.received = total;
		}
		if (!finalize) {
			send(ex, 200, 'text/plain; charset=utf-8', '', status('active'));
			return;
		}
		const bytes = Buffer.concat(session.chunks, session.received);
		session.chunks = [];
		const file = this.store.create(
			{
				requestedName: session.requestedName,
				origin: session.origin,
				apiVersion: session.apiVersion,
				mimeType: session.mimeType,
				displayName: session.displayName,
				bytes,
			},
			options.fileProcessingMs,
		);
		session.fileName = file.name;
		record.fileName = file.name;
		send(ex, 200, JSON_TYPE, JSON.stringify({ file: fileResource(file) }), status('final'));
	}
}

/** Scheme and host as the client addressed us (falls back to the listen URL). */
function originOf(req: http.IncomingMessage, fallback: string | undefined): string {
	const host = req.headers.host;
	return host ? `http://${host}` : (fallback ?? 'http://127.0.0.1');
}
