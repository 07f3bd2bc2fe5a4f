// FakeGeminiOptions: what a test or the CLI can switch (keys, models, limits, Files API faults, delays), and the
// defaults reset() returns to.
import type { FakeImageMime } from './images';
import { DEFAULT_SHUT_DOWN_MODELS, ExtraModel } from './modelTable';
import type { ScriptedReply } from './scriptedReplies';

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
	/**
	 * Batch API: `batches.get` calls after which a job succeeds (the first ones answer RUNNING). Default 1: the first
	 * poll after creation sees SUCCEEDED. Read when the job is created.
	 */
	batchCompletesAfterPolls: number;
	/** Batch API: a larger batchGenerateContent body gets 400 (Google's inline limit is 20 MB, batch-mode guide). */
	maxBatchInlineBytes: number;
	/**
	 * Requests-per-minute quota on generate requests (rateQuota.ts): beyond it, a per-minute 429 with RetryInfo.
	 * Undefined: no quota.
	 */
	quotaPerMinute?: number;
	/** The quota's window in ms (default 60 000); a shorter window scales the minute down for fast tests. */
	quotaWindowMs: number;
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
		batchCompletesAfterPolls: 1,
		maxBatchInlineBytes: 20 * 1024 * 1024,
		quotaPerMinute: undefined,
		quotaWindowMs: 60_000,
	};
}
