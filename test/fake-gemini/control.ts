// The `/__fake/` control routes (JSON, no API key, not recorded) through which a test or the black-box runner scripts
// a fake running as a process (cli.ts): enqueue replies, read the request log and the files, reset, read and merge
// options.
import type * as http from 'node:http';
import { JSON_TYPE, RecordedRequest } from './exchange';
import { FakeBatch, FakeBatchState, operation } from './batches';
import { UploadedFile, fileResource } from './files';
import type { FakeGeminiOptions } from './options';
import { SCRIPTED_REPLY_KINDS, ScriptedReply, isScriptedReply } from './scriptedReplies';

type Json = any;

const MAX_LOGGED_RAW = 4096;

/** What the control routes act on (the FakeGemini). */
export interface ControlTarget {
	readonly requests: readonly RecordedRequest[];
	readonly uploadedFiles: ReadonlyMap<string, UploadedFile>;
	readonly batches: ReadonlyMap<string, FakeBatch>;
	forceBatchState(name: string, state: FakeBatchState, message?: string): boolean;
	readonly options: FakeGeminiOptions;
	/** Scripted replies not consumed yet. */
	readonly queued: number;
	enqueue(...replies: ScriptedReply[]): void;
	reset(): void;
	setOptions(patch: Partial<FakeGeminiOptions>): FakeGeminiOptions;
	/** Announces each call as the `'control'` event (method, path) once its body arrived. */
	emit(event: 'control', method: string, path: string): boolean;
}

/** Answers one `/__fake/` request. */
export function handleControl(target: ControlTarget, req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
	const chunks: Buffer[] = [];
	req.on('error', () => undefined);
	res.on('error', () => undefined);
	req.on('data', (c: Buffer) => chunks.push(c));
	req.on('end', () => {
		target.emit('control', req.method ?? 'GET', url.pathname);
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
				const bad = list.find((r) => !isScriptedReply(r));
				if (bad !== undefined) {
					reply(400, { error: `not a ScriptedReply: ${JSON.stringify(bad)}`, kinds: SCRIPTED_REPLY_KINDS });
					return;
				}
				target.enqueue(...(list as ScriptedReply[]));
				reply(200, { queued: target.queued });
				return;
			}
			case 'GET /__fake/requests':
				reply(200, target.requests.map(sanitizeRequest));
				return;
			case 'POST /__fake/reset':
				target.reset();
				reply(200, { ok: true });
				return;
			case 'POST /__fake/options':
				if (typeof body !== 'object' || body === null || Array.isArray(body)) {
					reply(400, { error: 'expected a JSON object of options' });
					return;
				}
				reply(200, target.setOptions(body));
				return;
			case 'GET /__fake/options':
				reply(200, target.options);
				return;
			case 'GET /__fake/files':
				reply(200, [...target.uploadedFiles.values()].map(fileResource));
				return;
			case 'GET /__fake/batches':
				reply(200, [...target.batches.values()].map(operation));
				return;
			case 'POST /__fake/batches/state': {
				const states: FakeBatchState[] = [
					'BATCH_STATE_PENDING',
					'BATCH_STATE_RUNNING',
					'BATCH_STATE_SUCCEEDED',
					'BATCH_STATE_FAILED',
					'BATCH_STATE_CANCELLED',
					'BATCH_STATE_EXPIRED',
				];
				if (typeof body?.name !== 'string' || !states.includes(body.state)) {
					reply(400, { error: 'expected {"name": "batches/…", "state": "BATCH_STATE_…", "message"?}', states });
					return;
				}
				const found = target.forceBatchState(body.name, body.state, typeof body.message === 'string' ? body.message : undefined);
				reply(found ? 200 : 404, found ? operation(target.batches.get(body.name) as FakeBatch) : { error: `unknown batch ${body.name}` });
				return;
			}
			default:
				reply(404, {
					error: `unknown control route ${route}`,
					routes: [
						'POST /__fake/enqueue',
						'GET /__fake/requests',
						'POST /__fake/reset',
						'POST /__fake/options',
						'GET /__fake/options',
						'GET /__fake/files',
						'GET /__fake/batches',
						'POST /__fake/batches/state',
					],
				});
		}
	});
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
		rawBody: r.rawBody.length > MAX_LOGGED_RAW ? `${r.rawBody.slice(0, MAX_LOGGED_RAW)}…[${r.rawBody.length} chars]` : r.rawBody,
	};
}
