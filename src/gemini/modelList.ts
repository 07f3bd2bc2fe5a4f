/**
 * The API's own list of models (`models.list`), reduced to the image models. The list is the truth about what exists;
 * the catalog only annotates it. Nothing in a model entry says "outputs images" (gemini-wire.md §13), so an entry
 * counts as an image model when the catalog knows it, or when its ID, display name or description says so.
 *
 * `GET /v1beta/models?pageSize=N&pageToken=T`: default page size 50, at most 1000, and a page may hold fewer than
 * asked (https://ai.google.dev/api/models#method:-models.list). The SDK's pager follows `nextPageToken`.
 */
import { API_VERSION, CallOptions, callGemini } from './geminiClient';
import { findModel } from './modelCatalog';

/** One entry of `models.list`, as much of it as the extension keeps (names only: never the key). */
export interface ListedModel {
	readonly id: string;
	readonly displayName?: string;
	readonly description?: string;
	/** `supportedGenerationMethods`; absent when the entry did not say. */
	readonly methods?: readonly string[];
}

/** Asked per page; Google allows up to 1000 and may return fewer. */
const PAGE_SIZE = 1000;
/** A hostile or broken endpoint could hand out page tokens forever. */
const MAX_MODELS = 5000;

const IMAGE_WORDS = /\bimage\b|\bimages\b|nano[\s-]?banana/i;
/** Entries that mention images but do not make them (embeddings, understanding-only models, Imagen's `predict`). */
const NOT_IMAGE_OUTPUT = /embedding|\baqa\b|^imagen-|^veo-|-tts\b|live|native-audio/i;

/** Whether a listed model makes images with `generateContent`. */
export function isImageModel(entry: ListedModel): boolean {
	if (entry.methods && !entry.methods.includes('generateContent')) {
		return false;
	}
	if (findModel(entry.id)) {
		return true;
	}
	if (NOT_IMAGE_OUTPUT.test(entry.id)) {
		return false;
	}
	if (/image|nano-banana/i.test(entry.id)) {
		return true;
	}
	const words = `${entry.displayName ?? ''} ${entry.description ?? ''}`;
	// "Nano Banana …" or a description about generating/editing images; "image understanding" alone is not enough.
	return /nano[\s-]?banana/i.test(words) || (IMAGE_WORDS.test(words) && /generat|edit/i.test(words));
}

/** Lists every model the endpoint offers (all pages), without filtering. */
export async function listModels(options: CallOptions): Promise<ListedModel[]> {
	return callGemini('(model list)', options, async (ai, signal) => {
		const pager = await ai.models.list({ config: { pageSize: PAGE_SIZE, abortSignal: signal } });
		const models: ListedModel[] = [];
		for await (const model of pager) {
			const id = typeof model.name === 'string' ? model.name.replace(/^models\//, '') : '';
			if (id === '' || id.length > 200) {
				continue;
			}
			models.push({
				id,
				displayName: typeof model.displayName === 'string' ? model.displayName.slice(0, 200) : undefined,
				description: typeof model.description === 'string' ? model.description.slice(0, 500) : undefined,
				methods: Array.isArray(model.supportedActions)
					? model.supportedActions.filter((method): method is string => typeof method === 'string')
					: undefined,
			});
			if (models.length >= MAX_MODELS) {
				break;
			}
		}
		return models;
	});
}

/** The image models the endpoint lists. */
export async function listImageModels(options: CallOptions): Promise<ListedModel[]> {
	return (await listModels(options)).filter(isImageModel);
}

/**
 * The listed IDs closest to `id`, best first: for "model not found" messages. Edit distance over the whole ID, with
 * shared dash-separated words counting in favour.
 */
export function closestModelIds(id: string, candidates: readonly string[], count = 3): string[] {
	const words = new Set(id.toLowerCase().split(/[-_.]/));
	return [...new Set(candidates)]
		.filter((candidate) => candidate !== id)
		.map((candidate) => {
			const shared = candidate
				.toLowerCase()
				.split(/[-_.]/)
				.filter((word) => words.has(word)).length;
			return { candidate, score: editDistance(id.toLowerCase(), candidate.toLowerCase()) - 2 * shared };
		})
		.sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
		.slice(0, count)
		.map((entry) => entry.candidate);
}

function editDistance(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		previous = current;
	}
	return previous[b.length];
}

export { API_VERSION };
