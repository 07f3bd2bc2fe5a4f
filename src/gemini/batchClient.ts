/**
 * Gemini Batch API (https://ai.google.dev/gemini-api/docs/batch-mode): many image requests of one model as one job, at
 * half the price, answered within 24 hours. Small jobs go inline (`src: InlinedRequest[]`); larger ones as a JSONL file
 * uploaded through the Files API. Results come back inline or as a JSONL file downloaded from Google. No `vscode`; the
 * SDK only through {@link callGemini} (timeouts, retries, error mapping) like the image generator.
 */
import * as l10n from '@vscode/l10n';
import { ImageStudioError } from '../core/errors';
import { CallOptions, ImageRequest, normaliseEndpoint, ImageRequestBody, buildImageRequest, callGemini, replyLimits, signalBoundClient } from './geminiClient';
import { ErrorContext, errorFromHttp, redactError } from './errors';
import { ParsedImageResponse, WireResponse, parseImageResponse } from './responseParser';

/** One request of a batch; `key` comes back with its result. All entries of one job share `request.model`. */
export interface BatchEntry {
	readonly key: string;
	readonly request: ImageRequest;
}

export type BatchState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'expired';

/** The outcome of one entry: its parsed images, or why it has none. */
export interface BatchEntryResult {
	readonly key: string;
	readonly response?: ParsedImageResponse;
	readonly error?: ImageStudioError;
}

export interface BatchJobStatus {
	/** `batches/…` */
	readonly name: string;
	readonly state: BatchState;
	readonly model?: string;
	readonly createTime?: string;
	readonly updateTime?: string;
	/** Present when state is succeeded (and when partial results exist). */
	readonly results?: readonly BatchEntryResult[];
	/** Job-level failure text. */
	readonly error?: string;
}

export interface BatchClient {
	submit(entries: readonly BatchEntry[], options: CallOptions & { displayName: string }): Promise<BatchJobStatus>;
	get(name: string, options: CallOptions): Promise<BatchJobStatus>;
	cancel(name: string, options: CallOptions): Promise<void>;
}

/**
 * Inline requests suit "smaller batches that keep the total request size under 20MB"; larger ones go as an input file
 * (https://ai.google.dev/gemini-api/docs/batch-mode, "Creating a batch job").
 */
export const BATCH_INLINE_LIMIT_BYTES = 20 * 1024 * 1024;

/**
 * The MIME type of the uploaded input file. Google's batch guide (https://ai.google.dev/gemini-api/docs/batch-mode,
 * "Input file") uploads the JSONL file with the type `jsonl`; the Files API wants `type/subtype`, hence
 * `application/jsonl`. Which spelling Google's upload server records was not checked offline.
 */
export const BATCH_INPUT_MIME_TYPE = 'application/jsonl';

/** The options of the client itself (not of one call). */
export interface BatchClientOptions {
	/** Serialized inline requests above this go as a JSONL file instead ({@link BATCH_INLINE_LIMIT_BYTES}). */
	readonly inlineLimitBytes?: number;
}

/** The SDK's `BatchJob` fields read here (structural: the SDK's class and plain JSON both fit). */
interface SdkBatchJob {
	name?: string;
	state?: string;
	model?: string;
	createTime?: string;
	updateTime?: string;
	dest?: { fileName?: string; inlinedResponses?: SdkInlinedResponse[] };
}

interface SdkInlinedResponse {
	response?: unknown;
	metadata?: Record<string, unknown>;
	error?: { code?: number; message?: string; status?: string; details?: unknown[] };
}

/** One line of a results file: `{"key", "response"}` or `{"key", "error"}` (a status object). */
interface ResultLine {
	key?: unknown;
	response?: unknown;
	error?: SdkInlinedResponse['error'];
}

const BATCH_NAME = /^batches\/[^/]+$/;

export class GeminiBatchClient implements BatchClient {
	private readonly inlineLimitBytes: number;
	/**
	 * The keys of the jobs this client submitted, in order: results without `metadata` are matched by position to them
	 * (a job submitted elsewhere gets its results' positions, "0", "1", …, as keys).
	 */
	private readonly submittedKeys = new Map<string, readonly string[]>();

	constructor(options: BatchClientOptions = {}) {
		this.inlineLimitBytes = options.inlineLimitBytes ?? BATCH_INLINE_LIMIT_BYTES;
	}

	async submit(entries: readonly BatchEntry[], options: CallOptions & { displayName: string }): Promise<BatchJobStatus> {
		if (entries.length === 0) {
			throw new ImageStudioError('invalidInput', l10n.t('A batch needs at least one request.'));
		}
		const model = entries[0].request.model;
		const other = entries.find((e) => e.request.model !== model);
		if (other) {
			throw new ImageStudioError('invalidInput', l10n.t('All requests of one batch must use the same model ({0}, not {1}).', model, other.request.model));
		}
		const keys = new Set<string>();
		for (const entry of entries) {
			if (keys.has(entry.key)) {
				throw new ImageStudioError('invalidInput', l10n.t('Two requests of the batch have the key "{0}": keys must be unique.', entry.key));
			}
			keys.add(entry.key);
		}
		const bodies = await Promise.all(entries.map((e) => buildImageRequest(e.request)));
		const inlined = bodies.map((body, i) => ({ contents: body.contents, config: body.config, metadata: { key: entries[i].key } }));
		const inline = Buffer.byteLength(JSON.stringify(inlined)) <= this.inlineLimitBytes;
		const job = await callGemini(model, options, async (ai, signal, baseUrl) => {
			let src: unknown = inlined;
			if (!inline) {
				// https://ai.google.dev/gemini-api/docs/batch-mode, "Input file": one `{"key", "request"}` per line, where
				// `request` is a GenerateContentRequest (REST JSON: `generationConfig`, not the SDK's `config`).
				const jsonl = bodies.map((body, i) => JSON.stringify({ key: entries[i].key, request: wireRequest(body) })).join('\n') + '\n';
				const uploaded = await signalBoundClient(options, baseUrl, signal).files.upload({
					file: new Blob([jsonl], { type: BATCH_INPUT_MIME_TYPE }),
					config: { mimeType: BATCH_INPUT_MIME_TYPE, displayName: `${options.displayName}.jsonl`, abortSignal: signal },
				});
				if (!uploaded.name) {
					throw new ImageStudioError(
						'badResponse',
						l10n.t('Uploading the batch input file through the Gemini Files API returned no file name. Try again.'),
					);
				}
				options.onUpload?.({ displayName: `${options.displayName}.jsonl`, bytes: Buffer.byteLength(jsonl) });
				src = uploaded.name;
			}
			return (await ai.batches.create({
				model,
				src: src as never,
				config: { displayName: options.displayName, abortSignal: signal },
			})) as SdkBatchJob;
		});
		const keysInOrder = entries.map((e) => e.key);
		if (job.name) {
			this.submittedKeys.set(job.name, keysInOrder);
		}
		return this.status(job, options, model, keysInOrder);
	}

	async get(name: string, options: CallOptions): Promise<BatchJobStatus> {
		checkName(name);
		// The SDK drops the Operation's `error` (the job-level failure): the raw reply is kept on the way past.
		let raw: { error?: { message?: string }; metadata?: { model?: string } } | undefined;
		const job = await callGemini(name, options, async (_ai, signal, baseUrl) => {
			const client = signalBoundClient(options, baseUrl, signal, async (response) => {
				if (response.ok) {
					raw = (await response
						.clone()
						.json()
						.catch(() => undefined)) as typeof raw;
				}
			});
			return (await client.batches.get({ name, config: { abortSignal: signal } })) as SdkBatchJob;
		}).catch((error: unknown) => {
			throw jobNotFound(error, name);
		});
		const status = await this.status(job, options, stripModels(job.model ?? raw?.metadata?.model) ?? name, this.submittedKeys.get(name));
		const error = raw?.error?.message;
		return error ? { ...status, error } : status;
	}

	async cancel(name: string, options: CallOptions): Promise<void> {
		checkName(name);
		await callGemini(name, options, (ai, signal) => ai.batches.cancel({ name, config: { abortSignal: signal } })).catch((error: unknown) => {
			throw jobNotFound(error, name);
		});
	}

	/** The job as a {@link BatchJobStatus}; downloads and parses the results file when there is one. */
	private async status(job: SdkBatchJob, options: CallOptions, model: string, keys?: readonly string[]): Promise<BatchJobStatus> {
		if (!job.name) {
			throw new ImageStudioError('badResponse', l10n.t('Gemini answered the batch request without a job name. Try again.'), {
				detail: JSON.stringify(job).slice(0, 2000),
			});
		}
		const context: ErrorContext = { model, endpoint: normaliseEndpoint(options.endpoint, { allowInsecure: options.allowInsecureEndpoint }) };
		let lines: ResultLine[] | undefined;
		if (job.dest?.inlinedResponses) {
			lines = job.dest.inlinedResponses.map((r) => ({ key: r.metadata?.key, response: r.response, error: r.error }));
		} else if (job.dest?.fileName) {
			const fileName = job.dest.fileName;
			const text = await callGemini(model, options, (_ai, signal, baseUrl) => downloadFile(baseUrl, fileName, options.apiKey, signal));
			lines = parseResultLines(text);
		}
		const base: BatchJobStatus = {
			name: job.name,
			state: batchState(job.state),
			model: stripModels(job.model) ?? model,
			...(job.createTime ? { createTime: job.createTime } : {}),
			...(job.updateTime ? { updateTime: job.updateTime } : {}),
		};
		return lines ? { ...base, results: lines.map((line, i) => entryResult(line, i, keys, context, options)) } : base;
	}
}

/** SDK and wire states (`JOB_STATE_*` from the SDK, `BATCH_STATE_*` on the wire) as a {@link BatchState}. */
export function batchState(state: string | undefined): BatchState {
	const s = (state ?? '').replace(/^(JOB|BATCH)_STATE_/, '');
	switch (s) {
		case 'RUNNING':
		case 'CANCELLING':
		case 'UPDATING':
			return 'running';
		case 'SUCCEEDED':
		case 'PARTIALLY_SUCCEEDED':
			return 'succeeded';
		case 'FAILED':
			return 'failed';
		case 'CANCELLED':
			return 'cancelled';
		case 'EXPIRED':
			return 'expired';
		default:
			// PENDING, QUEUED, PAUSED, UNSPECIFIED, and anything new: not done.
			return 'pending';
	}
}

/** google.rpc.Code → the HTTP status Google maps it to (https://cloud.google.com/apis/design/errors#handling_errors). */
const GRPC_TO_HTTP: Record<number, number> = {
	1: 499,
	2: 500,
	3: 400,
	4: 504,
	5: 404,
	6: 409,
	7: 403,
	8: 429,
	9: 400,
	10: 409,
	11: 400,
	12: 501,
	13: 500,
	14: 503,
	15: 500,
	16: 401,
};

/** A per-entry error (a google.rpc.Status, or an HTTP-style Google error) as an {@link ImageStudioError}. */
export function entryError(error: NonNullable<SdkInlinedResponse['error']>, context: ErrorContext): ImageStudioError {
	const code = typeof error.code === 'number' ? error.code : 2;
	const httpStatus = code >= 100 ? code : (GRPC_TO_HTTP[code] ?? 500);
	return errorFromHttp(httpStatus, JSON.stringify({ error }), context);
}

function entryResult(line: ResultLine, index: number, keys: readonly string[] | undefined, context: ErrorContext, options: CallOptions): BatchEntryResult {
	// Matched by `metadata.key`; without it (gemini-wire.md §11: it may be missing), by order.
	const key = typeof line.key === 'string' ? line.key : (keys?.[index] ?? String(index));
	if (line.error) {
		// Redacted like every error callGemini makes: a per-request message may quote what was sent.
		return { key, error: redactError(entryError(line.error, context), [options.apiKey]) };
	}
	try {
		return { key, response: parseImageResponse(line.response as WireResponse, replyLimits(options)) };
	} catch (error) {
		return {
			key,
			error:
				error instanceof ImageStudioError
					? error
					: new ImageStudioError('badResponse', l10n.t('Gemini sent a batch result that could not be read: {0}', String(error))),
		};
	}
}

/** The lines of a results file; a line that is not JSON becomes an error result in its place. */
export function parseResultLines(text: string): ResultLine[] {
	return text
		.split('\n')
		.filter((line) => line.trim() !== '')
		.map((line) => {
			try {
				const value = JSON.parse(line) as unknown;
				if (value && typeof value === 'object' && !Array.isArray(value)) {
					return value as ResultLine;
				}
			} catch {
				// Reported below.
			}
			return { error: { code: 500, message: `Unreadable line in the batch results file: ${line.slice(0, 120)}` } };
		});
}

/** The REST form of a request body: the SDK's `config` fields are `generationConfig` (gemini-wire.md §4). */
function wireRequest(body: ImageRequestBody): Record<string, unknown> {
	return { contents: body.contents, generationConfig: body.config };
}

/** A 404 on a job: the context's "model" is the job's name, so the model wording would mislead. */
function jobNotFound(error: unknown, name: string): unknown {
	if (error instanceof ImageStudioError && error.options.httpStatus === 404) {
		return new ImageStudioError('notFound', l10n.t('The batch job {0} was not found: it was deleted, or belongs to another API key.', name), {
			detail: error.options.detail,
			httpStatus: 404,
			cause: error,
		});
	}
	return error;
}

function checkName(name: string): void {
	if (!BATCH_NAME.test(name)) {
		throw new ImageStudioError('invalidInput', l10n.t('"{0}" is not a batch job name (batches/…).', name.slice(0, 80)));
	}
}

function stripModels(model: string | undefined): string | undefined {
	return model?.replace(/^models\//, '');
}

/**
 * Downloads a results file: `GET /download/v1beta/{file}:download?alt=media` with the key header, as the REST sample
 * of Google's batch guide does with curl (https://ai.google.dev/gemini-api/docs/batch-mode, "Retrieving results"; the
 * URL is from that sample, not checked against the live API). The SDK 3.3.0 Node `files.download` asks
 * `/v1beta/files/{id}:download?alt=media` instead and only writes to a path on disk. A non-2xx reply throws the SDK's
 * ApiError shape for the error mapping.
 */
async function downloadFile(baseUrl: string, fileName: string, apiKey: string, signal: AbortSignal): Promise<string> {
	const response = await fetch(`${baseUrl}/download/v1beta/${fileName}:download?alt=media`, { headers: { 'x-goog-api-key': apiKey }, signal });
	const text = await response.text();
	if (!response.ok) {
		let message = text;
		try {
			JSON.parse(text);
		} catch {
			message = JSON.stringify({ error: { message: text.slice(0, 2000), code: response.status, status: response.statusText } });
		}
		throw Object.assign(new Error(message), { name: 'ApiError', status: response.status });
	}
	return text;
}
