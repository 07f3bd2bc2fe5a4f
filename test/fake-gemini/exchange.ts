// One HTTP exchange as the fake sees it: the request as recorded (RecordedRequest, what tests inspect) and the
// response being written, with the low-level writes every module replies through. No routes, no replies.
import type * as http from 'node:http';

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
	 * `files.get`, `files.delete`, `files.list`, `files.download`; Batch API: `batchGenerateContent`, `batches.get`,
	 * `batches.cancel`, `batches.delete`.
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

/** A request and its response while the fake handles it. */
export interface Exchange {
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

export const JSON_TYPE = 'application/json; charset=UTF-8';
export const SSE_TYPE = 'text/event-stream';

/** Waits ms unless the exchange closes first: true to go on, false when it closed. */
export function sleep(ex: Exchange, ms: number): Promise<boolean> {
	if (ex.closed) {
		return Promise.resolve(false);
	}
	if (ms <= 0) {
		return Promise.resolve(true);
	}
	return new Promise((resolve) => {
		const t = setTimeout(() => {
			ex.timers.delete(t);
			resolve(!ex.closed);
		}, ms);
		ex.timers.add(t);
		ex.onClose.push(() => resolve(false));
	});
}

export function writeHead(ex: Exchange, status: number, contentType: string, extra?: Record<string, string | number>): void {
	ex.rec.status = status;
	ex.res.writeHead(status, {
		'content-type': contentType,
		'x-fake-gemini-request-id': String(ex.rec.id),
		...extra,
	});
}

/** Status, type and the whole body at once (nothing when the client already left). */
export function send(ex: Exchange, status: number, contentType: string, body: string, headers?: Record<string, string>): void {
	if (ex.closed) {
		return;
	}
	writeHead(ex, status, contentType, { ...headers, 'content-length': Buffer.byteLength(body) });
	ex.res.end(body);
}

export function sendJson(ex: Exchange, status: number, body: unknown): void {
	send(ex, status, JSON_TYPE, JSON.stringify(body));
}

/** Resets the connection on purpose (not counted as a client close). */
export function destroy(ex: Exchange): void {
	ex.serverDestroyed = true;
	ex.req.socket.destroy();
}

/** A request header as one string (repeated ones joined with ", "). */
export function headerOf(rec: RecordedRequest, name: string): string | undefined {
	const v = rec.headers[name];
	return Array.isArray(v) ? v.join(', ') : v;
}
