// The Batch API (gemini-wire.md §3, §11; https://ai.google.dev/gemini-api/docs/batch-mode and
// https://ai.google.dev/api/batch-mode): `models/{m}:batchGenerateContent` with inline requests or a JSONL input file,
// `batches.get` moving PENDING → RUNNING → SUCCEEDED under test control, `:cancel`, DELETE, and the results inline or as
// a JSONL file in the file store (downloaded through files.ts). Every request of a job is validated as generateContent
// validates one (validation.ts) and answered as generateContent answers it (replies.ts), consuming the scripted
// replies in order when the job is created.
import { Exchange, sendJson } from './exchange';
import { BatchEnv, FakeBatchEntry, parseBatch } from './batchInput';
import { googleError } from './googleErrors';
import type { FakeModel } from './modelTable';
import { buildContext, errorBody, successBody } from './replies';
import { unwrapDelay } from './scriptedReplies';

type Json = any;

export type { BatchEnv, FakeBatchEntry } from './batchInput';

export type FakeBatchState =
	'BATCH_STATE_PENDING' | 'BATCH_STATE_RUNNING' | 'BATCH_STATE_SUCCEEDED' | 'BATCH_STATE_FAILED' | 'BATCH_STATE_CANCELLED' | 'BATCH_STATE_EXPIRED';

const TERMINAL: readonly FakeBatchState[] = ['BATCH_STATE_SUCCEEDED', 'BATCH_STATE_FAILED', 'BATCH_STATE_CANCELLED', 'BATCH_STATE_EXPIRED'];

/** A batch job as the fake keeps it (in memory, for the server's lifetime; reset() clears them). */
export interface FakeBatch {
	/** `batches/<id>` */
	name: string;
	model: string;
	displayName: string;
	state: FakeBatchState;
	createTime: string;
	updateTime: string;
	endTime?: string;
	/** batches.get calls so far. */
	polls: number;
	/** Polls after which the job succeeds (options.batchCompletesAfterPolls when it was created). */
	completesAfterPolls: number;
	entries: FakeBatchEntry[];
	/** `files/<id>` of the input file, when the job was created from one. */
	inputFile?: string;
	/** `files/<id>` of the results file, once a job from an input file succeeded. */
	responsesFile?: string;
	/** The Operation's error when FAILED (a google.rpc.Status). */
	error?: { code: number; message: string };
	/** The id of the recorded batchGenerateContent request. */
	requestId: number;
}

/** google.rpc.Code of a Google status name (the `code` of a per-request error in a job's output). */
const GRPC_CODES: Record<string, number> = {
	CANCELLED: 1,
	UNKNOWN: 2,
	INVALID_ARGUMENT: 3,
	DEADLINE_EXCEEDED: 4,
	NOT_FOUND: 5,
	ALREADY_EXISTS: 6,
	PERMISSION_DENIED: 7,
	RESOURCE_EXHAUSTED: 8,
	FAILED_PRECONDITION: 9,
	ABORTED: 10,
	OUT_OF_RANGE: 11,
	UNIMPLEMENTED: 12,
	INTERNAL: 13,
	UNAVAILABLE: 14,
	DATA_LOSS: 15,
	UNAUTHENTICATED: 16,
};

const METADATA_TYPE = 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch';
const OUTPUT_TYPE = 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput';

export class BatchStore {
	readonly batches = new Map<string, FakeBatch>();
	/** Ids for the responses of batch entries, apart from request ids (responseId and signatures derive from them). */
	private nextResponseId = 1_000_000_000;

	clear(): void {
		this.batches.clear();
	}

	/** `POST /{ver}/models/{m}:batchGenerateContent` once the key and the model passed. */
	create(ex: Exchange, model: FakeModel, parseError: boolean, env: BatchEnv): void {
		const { rec } = ex;
		if (parseError || typeof rec.body !== 'object' || rec.body === null || Array.isArray(rec.body)) {
			sendJson(ex, 400, googleError(400, 'Invalid JSON payload received. Expected an object.', 'INVALID_ARGUMENT'));
			return;
		}
		if (Buffer.byteLength(rec.rawBody) > env.options.maxBatchInlineBytes) {
			sendJson(ex, 400, googleError(400, `Request payload size exceeds the limit: ${env.options.maxBatchInlineBytes} bytes.`, 'INVALID_ARGUMENT'));
			return;
		}
		const parsed = parseBatch(rec.body, model, env);
		if ('error' in parsed) {
			sendJson(ex, parsed.error.error.code, parsed.error);
			return;
		}
		// Answered now, in order, so scripted replies apply per request as they do for generateContent.
		for (const entry of parsed.entries) {
			this.answer(entry, model, env);
		}
		const now = new Date().toISOString();
		let id = '';
		while (id === '' || this.batches.has(`batches/${id}`)) {
			id = Math.random().toString(36).slice(2, 14).padEnd(12, '0');
		}
		const batch: FakeBatch = {
			name: `batches/${id}`,
			model: model.id,
			displayName: parsed.displayName,
			state: 'BATCH_STATE_PENDING',
			createTime: now,
			updateTime: now,
			polls: 0,
			completesAfterPolls: env.options.batchCompletesAfterPolls,
			entries: parsed.entries,
			inputFile: parsed.inputFile,
			requestId: rec.id,
		};
		if (batch.inputFile === undefined) {
			delete batch.inputFile;
		}
		this.batches.set(batch.name, batch);
		sendJson(ex, 200, operation(batch));
	}

	/** `GET /{ver}/batches/{id}`, `POST …:cancel`, `DELETE` (the key was checked by the caller). */
	serve(ex: Exchange, env: BatchEnv, origin: string): void {
		const { rec } = ex;
		const id = /\/batches\/([^/:]+)/.exec(rec.path)?.[1] ?? '';
		const batch = this.batches.get(`batches/${id}`);
		if (!batch) {
			sendJson(ex, 404, googleError(404, 'Requested entity was not found.', 'NOT_FOUND'));
			return;
		}
		switch (rec.action) {
			case 'batches.get':
				batch.polls++;
				if (!TERMINAL.includes(batch.state)) {
					this.setState(batch, batch.polls >= batch.completesAfterPolls ? 'BATCH_STATE_SUCCEEDED' : 'BATCH_STATE_RUNNING', env, origin);
				}
				sendJson(ex, 200, operation(batch));
				return;
			case 'batches.cancel':
				if (batch.state === 'BATCH_STATE_CANCELLED') {
					sendJson(ex, 200, {});
					return;
				}
				if (TERMINAL.includes(batch.state)) {
					sendJson(
						ex,
						400,
						googleError(
							400,
							`The batch ${batch.name} is already in a terminal state (${batch.state}) and cannot be cancelled.`,
							'FAILED_PRECONDITION',
						),
					);
					return;
				}
				this.setState(batch, 'BATCH_STATE_CANCELLED', env, origin);
				sendJson(ex, 200, {});
				return;
			case 'batches.delete':
				this.batches.delete(batch.name);
				sendJson(ex, 200, {});
				return;
			default:
				sendJson(ex, 404, googleError(404, 'Requested entity was not found.', 'NOT_FOUND'));
		}
	}

	/**
	 * Moves a job to a state (tests: `forceState`); SUCCEEDED writes the results file of a job from an input file.
	 * FAILED carries `message` as the Operation's error.
	 */
	setState(batch: FakeBatch, state: FakeBatchState, env: Pick<BatchEnv, 'files' | 'options'>, origin: string, message?: string): void {
		batch.state = state;
		batch.updateTime = new Date().toISOString();
		if (TERMINAL.includes(state)) {
			batch.endTime = batch.updateTime;
		}
		if (state === 'BATCH_STATE_FAILED') {
			batch.error = { code: 13, message: message ?? 'The batch failed: an internal error has occurred.' };
		}
		if (state === 'BATCH_STATE_SUCCEEDED' && batch.inputFile !== undefined && batch.responsesFile === undefined) {
			const lines = batch.entries.map((e) => JSON.stringify(e.error ? { key: e.key, error: e.error } : { key: e.key, response: e.response }));
			const file = env.files.create(
				{
					origin,
					apiVersion: 'v1beta',
					mimeType: 'application/jsonl',
					displayName: `${batch.name}-responses`,
					bytes: Buffer.from(lines.join('\n') + '\n'),
				},
				0,
			);
			batch.responsesFile = file.name;
		}
	}

	/** Prepares the answer of one entry, as generateContent would answer its request. */
	private answer(entry: FakeBatchEntry, model: FakeModel, env: BatchEnv): void {
		const id = this.nextResponseId++;
		const ctx = buildContext({ id, body: entry.request } as never, model, {
			modelMime: env.options.modelMime,
			fileMime: (uri) => env.files.byUri(uri)?.mimeType,
			signatures: env.signatures,
		});
		// A delay means nothing inside a job: unwrapped and ignored.
		const { reply } = unwrapDelay(
			env.nextScripted() ??
				(env.options.defaultReply ? structuredClone(env.options.defaultReply) : undefined) ??
				(ctx.wantsImage ? { kind: 'image' } : { kind: 'text' }),
			0,
		);
		switch (reply.kind) {
			case 'error': {
				const body = errorBody(reply, model.id, 'v1beta', 'generateContent').error;
				entry.error = { code: GRPC_CODES[body.status ?? ''] ?? 2, message: body.message, ...(body.details ? { details: body.details } : {}) };
				return;
			}
			case 'html':
			case 'raw':
			case 'truncated':
			case 'stall':
			case 'disconnect':
				// Transport faults have no meaning inside a job: the request failed on Google's side.
				entry.error = {
					code: 13,
					message: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
				};
				return;
			default:
				entry.response = successBody(ctx, reply);
		}
	}
}

/**
 * The job as Google's long-running Operation: `metadata` is the GenerateContentBatch (what the SDK reads: state,
 * times, model, `output`), `done` and `response` (the output again) or `error` once it ended. `@type` names as seen
 * from the API (3p; unverified).
 */
export function operation(batch: FakeBatch): Json {
	const total = batch.entries.length;
	const done = TERMINAL.includes(batch.state);
	const failed = batch.entries.filter((e) => e.error).length;
	const succeeded = batch.state === 'BATCH_STATE_SUCCEEDED';
	const metadata: Json = {
		'@type': METADATA_TYPE,
		model: `models/${batch.model}`,
		displayName: batch.displayName,
		createTime: batch.createTime,
		updateTime: batch.updateTime,
		...(batch.endTime ? { endTime: batch.endTime } : {}),
		batchStats: succeeded
			? { requestCount: String(total), successfulRequestCount: String(total - failed), ...(failed > 0 ? { failedRequestCount: String(failed) } : {}) }
			: { requestCount: String(total), pendingRequestCount: String(total) },
		state: batch.state,
		name: batch.name,
	};
	const op: Json = { name: batch.name, metadata };
	if (succeeded) {
		const output =
			batch.responsesFile !== undefined
				? { responsesFile: batch.responsesFile }
				: {
						inlinedResponses: {
							inlinedResponses: batch.entries.map((e) => ({
								...(e.error ? { error: e.error } : { response: e.response }),
								...(e.metadata !== undefined ? { metadata: e.metadata } : {}),
							})),
						},
					};
		metadata.output = output;
		op.response = { '@type': OUTPUT_TYPE, ...output };
	}
	if (done) {
		op.done = true;
		if (batch.state === 'BATCH_STATE_FAILED' && batch.error) {
			op.error = batch.error;
			delete op.response;
		}
	}
	return op;
}
