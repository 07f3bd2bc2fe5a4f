/**
 * The provenance record of a generated or edited image: its recipe (prompt, model, controls, the hashes of the images
 * sent), what came back (finish reason, tokens, estimated cost) and the hash of the result. Records are read back from
 * extension storage and from image files, where anyone may have written anything: {@link parseProvenanceRecord} is
 * strict (known keys only, bounded sizes, fixed formats) and answers undefined for anything else. Node built-ins only.
 */

export type ProvenanceKind = 'generate' | 'edit' | 'compose' | 'studio' | 'asset' | 'batch';

export const PROVENANCE_KINDS: readonly ProvenanceKind[] = ['generate', 'edit', 'compose', 'studio', 'asset', 'batch'];

/** One image sent with the request. `name`: its workspace-relative path when known (a hint; the hash decides). */
export interface ProvenanceInput {
	readonly sha256: string;
	readonly mimeType: string;
	readonly name?: string;
}

export interface ProvenanceUsage {
	readonly inputTokens: number;
	readonly outputTokens: number;
	readonly thoughtTokens: number;
}

export interface ProvenanceRecord {
	readonly version: 1;
	readonly kind: ProvenanceKind;
	readonly prompt: string;
	readonly model: string;
	readonly aspectRatio?: string;
	readonly imageSize?: string;
	readonly thinkingLevel?: string;
	readonly inputs: readonly ProvenanceInput[];
	/** The image this one was made from and replaced or sits beside (an edit's original). */
	readonly parentSha256?: string;
	readonly finishReason?: string;
	readonly usage?: ProvenanceUsage;
	/** Estimated price of the request in US dollars (catalog prices; absent for a model without one). */
	readonly costUsd?: number;
	/** ISO 8601 time the result arrived. */
	readonly createdAt: string;
	/**
	 * SHA-256 of the image bytes as Gemini's reply (or the asset conversion) produced them. For a plain file that is the
	 * hash of the file; when the record is embedded in the file, the file's bytes differ by the metadata itself.
	 */
	readonly resultSha256: string;
	readonly extension: { readonly name: string; readonly version: string };
}

/** Bounds of a record read back: generous for real recipes, small enough that a hostile file cannot blow up memory or the UI. */
export const PROVENANCE_LIMITS = {
	maxPromptChars: 100_000,
	maxInputs: 32,
	maxNameChars: 1024,
	/** Serialized record, in UTF-16 code units. */
	maxJsonChars: 400_000,
} as const;

const KEYS = new Set([
	'version',
	'kind',
	'prompt',
	'model',
	'aspectRatio',
	'imageSize',
	'thinkingLevel',
	'inputs',
	'parentSha256',
	'finishReason',
	'usage',
	'costUsd',
	'createdAt',
	'resultSha256',
	'extension',
]);
const SHA256 = /^[a-f0-9]{64}$/;
const MODEL = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,127}$/;
const ASPECT_RATIO = /^\d{1,2}:\d{1,2}$/;
const IMAGE_SIZE = /^(512|1K|2K|4K)$/;
const THINKING_LEVEL = /^(minimal|low|medium|high)$/i;
const FINISH_REASON = /^[A-Z][A-Z_]{0,63}$/;
const MIME_TYPE = /^image\/(png|jpeg|webp|heic|heif|gif)$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

function isCount(value: unknown): value is number {
	return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= 1e12;
}

function optional(value: unknown, check: (value: unknown) => boolean): boolean {
	return value === undefined || check(value);
}

function matches(pattern: RegExp): (value: unknown) => boolean {
	return (value) => typeof value === 'string' && pattern.test(value);
}

function isInput(value: unknown): value is ProvenanceInput {
	if (!isPlainObject(value) || Object.keys(value).some((key) => !['sha256', 'mimeType', 'name'].includes(key))) {
		return false;
	}
	return (
		matches(SHA256)(value.sha256) &&
		matches(MIME_TYPE)(value.mimeType) &&
		optional(value.name, (name) => typeof name === 'string' && name.length > 0 && name.length <= PROVENANCE_LIMITS.maxNameChars && !CONTROL.test(name))
	);
}

function isUsage(value: unknown): value is ProvenanceUsage {
	return (
		isPlainObject(value) &&
		Object.keys(value).every((key) => ['inputTokens', 'outputTokens', 'thoughtTokens'].includes(key)) &&
		isCount(value.inputTokens) &&
		isCount(value.outputTokens) &&
		isCount(value.thoughtTokens)
	);
}

/** Why `value` is not a provenance record, or undefined when it is one. */
export function provenanceProblem(value: unknown): string | undefined {
	if (!isPlainObject(value)) {
		return 'not an object';
	}
	const unknown = Object.keys(value).find((key) => !KEYS.has(key));
	if (unknown !== undefined) {
		return `unknown field "${unknown.slice(0, 40)}"`;
	}
	const checks: [string, boolean][] = [
		['version', value.version === 1],
		['kind', PROVENANCE_KINDS.includes(value.kind as ProvenanceKind)],
		['prompt', typeof value.prompt === 'string' && value.prompt.length > 0 && value.prompt.length <= PROVENANCE_LIMITS.maxPromptChars],
		['model', matches(MODEL)(value.model)],
		['aspectRatio', optional(value.aspectRatio, matches(ASPECT_RATIO))],
		['imageSize', optional(value.imageSize, matches(IMAGE_SIZE))],
		['thinkingLevel', optional(value.thinkingLevel, matches(THINKING_LEVEL))],
		['inputs', Array.isArray(value.inputs) && value.inputs.length <= PROVENANCE_LIMITS.maxInputs && value.inputs.every(isInput)],
		['parentSha256', optional(value.parentSha256, matches(SHA256))],
		['finishReason', optional(value.finishReason, matches(FINISH_REASON))],
		['usage', optional(value.usage, isUsage)],
		['costUsd', optional(value.costUsd, (cost) => typeof cost === 'number' && Number.isFinite(cost) && cost >= 0 && cost <= 1_000_000)],
		['createdAt', typeof value.createdAt === 'string' && ISO_TIME.test(value.createdAt) && !Number.isNaN(Date.parse(value.createdAt))],
		['resultSha256', matches(SHA256)(value.resultSha256)],
		[
			'extension',
			isPlainObject(value.extension) &&
				Object.keys(value.extension).every((key) => key === 'name' || key === 'version') &&
				matches(/^[A-Za-z0-9._-]{1,100}$/)(value.extension.name) &&
				matches(/^[A-Za-z0-9.+-]{1,40}$/)(value.extension.version),
		],
	];
	const failed = checks.find(([, ok]) => !ok);
	return failed ? `bad "${failed[0]}"` : undefined;
}

/** The value as a record when it is exactly one (see {@link provenanceProblem}); undefined otherwise. */
export function parseProvenanceRecord(value: unknown): ProvenanceRecord | undefined {
	return provenanceProblem(value) === undefined ? (value as ProvenanceRecord) : undefined;
}

/** A record from JSON text (a stored file, an embedded chunk): undefined for oversized, unparsable or invalid text. */
export function parseProvenanceJson(text: string): ProvenanceRecord | undefined {
	if (text.length > PROVENANCE_LIMITS.maxJsonChars) {
		return undefined;
	}
	try {
		return parseProvenanceRecord(JSON.parse(text));
	} catch {
		return undefined;
	}
}

/**
 * The record as JSON, with the keys in a fixed order and every character outside printable ASCII that XML 1.0 or a
 * strict UTF-8 reader could object to (lone surrogates, U+FFFE/U+FFFF, C1 controls) escaped as `\uXXXX`: the text is
 * valid inside a PNG iTXt chunk and, once `&<>` are escaped, inside an XMP packet.
 */
export function serializeProvenance(record: ProvenanceRecord): string {
	const ordered: Record<string, unknown> = {};
	for (const key of KEYS) {
		const value = (record as unknown as Record<string, unknown>)[key];
		if (value !== undefined) {
			ordered[key] = value;
		}
	}
	// JSON.stringify already escapes C0 controls and lone surrogates; these remain.
	return JSON.stringify(ordered).replace(/[\u007f-\u009f\ufffe\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
