// generateContent, streamGenerateContent and countTokens once the route, the key and the model passed (server.ts):
// the free-tier 429, the JSON, request validation (validation.ts), the token count, strict signatures
// (signatures.ts), then the next scripted reply (or the default), its delay, and sending it (sendReply.ts).
import { Exchange, sendJson, sleep } from './exchange';
import { FileStore, referencedFileNames } from './files';
import { googleError, resourceExhausted } from './googleErrors';
import type { FakeModel } from './modelTable';
import type { FakeGeminiOptions } from './options';
import { buildContext, promptDetails } from './replies';
import { apiKeyOf } from './routing';
import { ScriptedReply, unwrapDelay } from './scriptedReplies';
import { sendScriptedReply } from './sendReply';
import type { SignatureLedger } from './signatures';
import { validateRequest } from './validation';
import { RateQuota, protoDuration } from './rateQuota';

/** What answering a generate request needs from the server. */
export interface GenerateEnv {
	options: FakeGeminiOptions;
	files: FileStore;
	signatures: SignatureLedger;
	/** Takes the next scripted reply off the queue (undefined when it is empty). */
	nextScripted(): ScriptedReply | undefined;
	/** The requests-per-minute quota's state (options.quotaPerMinute). */
	quota?: RateQuota;
}

/**
 * Answers a generate or countTokens request (`action`) for `model`, which serves that method. `parseError`: the
 * body was not JSON. Rejected requests do not consume a scripted reply.
 */
export async function answerGenerate(ex: Exchange, model: FakeModel, action: string, parseError: boolean, env: GenerateEnv): Promise<void> {
	const { rec } = ex;
	const modelId = rec.model as string;
	if (action !== 'countTokens' && env.options.freeTierKeys.includes(apiKeyOf(rec) ?? '')) {
		sendJson(ex, 429, resourceExhausted({ model: modelId, freeTierNoBilling: true }));
		return;
	}
	const quotaWaitMs = action === 'countTokens' ? undefined : env.quota?.admit(Date.now(), env.options.quotaPerMinute, env.options.quotaWindowMs);
	if (quotaWaitMs !== undefined) {
		sendJson(ex, 429, resourceExhausted({ model: modelId, retryDelay: protoDuration(quotaWaitMs) }));
		return;
	}
	if (parseError || rec.body === undefined || typeof rec.body !== 'object' || Array.isArray(rec.body) || rec.body === null) {
		sendJson(
			ex,
			400,
			googleError(
				400,
				parseError ? 'Invalid JSON payload received. Unexpected token.' : 'Invalid JSON payload received. Expected an object.',
				'INVALID_ARGUMENT',
			),
		);
		return;
	}
	const referenced = referencedFileNames(rec.body);
	if (referenced.length > 0) {
		rec.referencedFiles = referenced;
	}
	const invalid = validateRequest(rec.body, {
		model,
		countTokens: action === 'countTokens',
		fileDataProblem: (part, where) => env.files.fileDataProblem(part, where),
		fileDataMime: (fileData) => fileData.mimeType ?? fileData.mime_type ?? env.files.byUri(String(fileData.fileUri ?? fileData.file_uri ?? ''))?.mimeType,
	});
	if (invalid) {
		// 400 except a missing file (403 PERMISSION_DENIED).
		sendJson(ex, invalid.error.code, invalid);
		return;
	}
	const ctx = buildContext(rec, model, {
		modelMime: env.options.modelMime,
		fileMime: (uri) => env.files.byUri(uri)?.mimeType,
		signatures: env.signatures,
	});
	if (action === 'countTokens') {
		const total = ctx.promptTextTokens + ctx.promptImageTokens;
		sendJson(ex, 200, { totalTokens: total, promptTokensDetails: promptDetails(ctx) });
		return;
	}
	if (env.options.strictSignatures && model.capabilities.signatures) {
		const sigError = env.signatures.check(rec.body.contents, modelId);
		if (sigError) {
			sendJson(ex, 400, sigError);
			return;
		}
	}
	// Consumed only by requests that pass validation: a rejected request
	// never reaches the model, so it should not eat the scripted outcome.
	const { reply, delay } = unwrapDelay(
		env.nextScripted() ??
			(env.options.defaultReply ? structuredClone(env.options.defaultReply) : undefined) ??
			(ctx.wantsImage ? { kind: 'image' } : { kind: 'text' }),
		env.options.defaultDelayMs,
	);
	if (!(await sleep(ex, delay))) {
		return;
	}
	const stream = action === 'streamGenerateContent';
	const sse = stream && /(^|&)alt=sse(&|$)/.test(rec.query);
	await sendScriptedReply(ex, ctx, reply, stream, sse);
}
