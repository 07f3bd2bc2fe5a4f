// The input of a batchGenerateContent request (https://ai.google.dev/api/batch-mode#GenerateContentBatch): the
// `batch` envelope and its unknown fields, inline requests or the lines of an uploaded JSONL input file
// (https://ai.google.dev/gemini-api/docs/batch-mode, "Input file"), and each request validated as generateContent
// validates one (validation.ts, signatures.ts). The jobs themselves are in batches.ts.
import type { FileStore } from './files';
import { GoogleErrorBody, googleError, invalidArgument } from './googleErrors';
import type { FakeModel } from './modelTable';
import type { FakeGeminiOptions } from './options';
import type { ScriptedReply } from './scriptedReplies';
import type { SignatureLedger } from './signatures';
import { validateRequest } from './validation';

type Json = any;

/** One request of a job and the answer the fake prepared for it when the job was created. */
export interface FakeBatchEntry {
	/** The GenerateContentRequest as received. */
	request: Json;
	/** Inline requests: their `metadata`, returned with the response as received. */
	metadata?: Json;
	/** Input file lines: their `key`. */
	key?: string;
	/** A GenerateContentResponse, or a google.rpc.Status when the scripted reply was an error. */
	response?: Json;
	error?: Json;
}

/** What answering a batch request needs from the server. */
export interface BatchEnv {
	options: FakeGeminiOptions;
	files: FileStore;
	signatures: SignatureLedger;
	nextScripted(): ScriptedReply | undefined;
}

/** Fields of GenerateContentBatch (https://ai.google.dev/api/batch-mode#GenerateContentBatch), both spellings. */
const BATCH_FIELDS = new Set([
	'name',
	'displayName',
	'display_name',
	'model',
	'inputConfig',
	'input_config',
	'output',
	'createTime',
	'create_time',
	'endTime',
	'end_time',
	'updateTime',
	'update_time',
	'batchStats',
	'batch_stats',
	'state',
	'priority',
	'webhookConfig',
	'webhook_config',
]);

function unknownField(name: string): GoogleErrorBody {
	const description = `Invalid JSON payload received. Unknown name "${name}": Cannot find field.`;
	return googleError(400, description, 'INVALID_ARGUMENT', [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ description }] }]);
}

/**
 * The `batch` of a batchGenerateContent body: its display name and entries (inline, or the lines of an uploaded JSONL
 * file), every request validated as generateContent validates one; or the first problem.
 */
export function parseBatch(
	body: Json,
	model: FakeModel,
	env: BatchEnv,
): { error: GoogleErrorBody } | { displayName: string; entries: FakeBatchEntry[]; inputFile?: string } {
	for (const k of Object.keys(body)) {
		if (k !== 'batch') {
			return { error: unknownField(k) };
		}
	}
	const batch = body.batch;
	if (typeof batch !== 'object' || batch === null || Array.isArray(batch)) {
		return { error: invalidArgument([{ field: 'batch', description: 'batch is required' }]) };
	}
	for (const k of Object.keys(batch)) {
		if (!BATCH_FIELDS.has(k)) {
			return { error: unknownField(`batch.${k}`) };
		}
	}
	const displayName = batch.displayName ?? batch.display_name;
	if (typeof displayName !== 'string' || displayName.trim() === '') {
		return { error: invalidArgument([{ field: 'batch.display_name', description: 'display_name is required' }]) };
	}
	const modelName = batch.model;
	if (modelName !== undefined && modelName !== `models/${model.id}`) {
		return { error: invalidArgument([{ field: 'batch.model', description: `must match the model of the URL (models/${model.id})` }]) };
	}
	const input = batch.inputConfig ?? batch.input_config;
	if (typeof input !== 'object' || input === null || Array.isArray(input)) {
		return { error: invalidArgument([{ field: 'batch.input_config', description: 'input_config is required' }]) };
	}
	for (const k of Object.keys(input)) {
		if (!['requests', 'fileName', 'file_name'].includes(k)) {
			return { error: unknownField(`batch.input_config.${k}`) };
		}
	}
	const fileName = input.fileName ?? input.file_name;
	if ((input.requests !== undefined) === (fileName !== undefined)) {
		return { error: invalidArgument([{ field: 'batch.input_config', description: 'exactly one of requests, file_name must be set' }]) };
	}
	const entries = fileName !== undefined ? fileEntries(fileName, env) : inlineEntries(input.requests);
	if ('error' in entries) {
		return entries;
	}
	if (entries.length === 0) {
		return { error: invalidArgument([{ field: 'batch.input_config.requests.requests', description: 'requests must not be empty' }]) };
	}
	for (const [i, entry] of entries.entries()) {
		const problem = requestProblem(entry.request, model, env);
		if (problem) {
			// Which request: Google's text is unknown here; the fake says the index in a BadRequest detail.
			const details = [
				...(problem.error.details ?? []),
				{
					'@type': 'type.googleapis.com/google.rpc.BadRequest',
					fieldViolations: [{ field: `batch.input_config.requests.requests[${i}].request`, description: problem.error.message }],
				},
			];
			return { error: { error: { ...problem.error, details } } };
		}
	}
	return fileName !== undefined ? { displayName, entries, inputFile: String(fileName) } : { displayName, entries };
}

/** The first problem of one GenerateContentRequest of a job (generateContent's validation and signature checks). */
function requestProblem(request: Json, model: FakeModel, env: BatchEnv): GoogleErrorBody | undefined {
	if (typeof request !== 'object' || request === null || Array.isArray(request)) {
		return invalidArgument([{ field: 'request', description: 'request is required' }]);
	}
	if (request.model !== undefined && request.model !== `models/${model.id}`) {
		return invalidArgument([{ field: 'request.model', description: `must be the batch's model (models/${model.id})` }]);
	}
	return (
		validateRequest(request, {
			model,
			countTokens: false,
			fileDataProblem: (part, where) => env.files.fileDataProblem(part, where),
			fileDataMime: (fd) => fd.mimeType ?? fd.mime_type ?? env.files.byUri(String(fd.fileUri ?? fd.file_uri ?? ''))?.mimeType,
		}) ?? (env.options.strictSignatures && model.capabilities.signatures ? env.signatures.check(request.contents, model.id) : undefined)
	);
}

function fileEntries(fileName: unknown, env: BatchEnv): FakeBatchEntry[] | { error: GoogleErrorBody } {
	const file = typeof fileName === 'string' ? env.files.byUri(fileName) : undefined;
	if (!file) {
		const id = String(fileName).replace(/^files\//, '');
		return { error: googleError(403, `You do not have permission to access the File ${id} or it may not exist.`, 'PERMISSION_DENIED') };
	}
	const entries: FakeBatchEntry[] = [];
	const lines = file.bytes.toString('utf8').split('\n');
	for (const [i, line] of lines.entries()) {
		if (line.trim() === '') {
			continue;
		}
		let value: Json;
		try {
			value = JSON.parse(line);
		} catch {
			return { error: invalidArgument([{ field: `${file.name} line ${i + 1}`, description: 'not valid JSON' }]) };
		}
		if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).some((k) => k !== 'key' && k !== 'request')) {
			return { error: invalidArgument([{ field: `${file.name} line ${i + 1}`, description: 'each line must be {"key", "request"}' }]) };
		}
		entries.push(value.key === undefined ? { request: value.request } : { request: value.request, key: String(value.key) });
	}
	return entries;
}

function inlineEntries(requests: Json): FakeBatchEntry[] | { error: GoogleErrorBody } {
	if (typeof requests !== 'object' || requests === null || Array.isArray(requests)) {
		return { error: invalidArgument([{ field: 'batch.input_config.requests', description: 'must be an object with a requests list' }]) };
	}
	for (const k of Object.keys(requests)) {
		if (k !== 'requests') {
			return { error: unknownField(`batch.input_config.requests.${k}`) };
		}
	}
	if (requests.requests === undefined) {
		return [];
	}
	if (!Array.isArray(requests.requests)) {
		return { error: invalidArgument([{ field: 'batch.input_config.requests.requests', description: 'must be a list' }]) };
	}
	const entries: FakeBatchEntry[] = [];
	for (const [i, r] of (requests.requests as Json[]).entries()) {
		if (typeof r !== 'object' || r === null || Array.isArray(r)) {
			return { error: invalidArgument([{ field: `batch.input_config.requests.requests[${i}]`, description: 'must be an object' }]) };
		}
		for (const k of Object.keys(r)) {
			if (k !== 'request' && k !== 'metadata') {
				return { error: unknownField(`batch.input_config.requests.requests[${i}].${k}`) };
			}
		}
		entries.push(r.metadata === undefined ? { request: r.request } : { request: r.request, metadata: r.metadata });
	}
	return entries;
}
