// `GET /{ver}/models` and `GET /{ver}/models/{m}` (gemini-wire.md §13; https://ai.google.dev/api/models): Google's
// Model resource, and paging by `pageSize`/`pageToken`. Google's default page size is 50, at most 1000, and "a page may
// hold fewer than asked": the fake always does (`modelsPerPage`, default 2), so a client that stops after the first
// page, or trusts the page size, is caught.
import { GoogleErrorBody, invalidArgument } from './googleErrors';
import type { FakeModel } from './modelTable';

type Json = any;

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;
const TOKEN_PREFIX = 'fake-models:';

/** Google's Model resource for an entry of the table. */
export function modelResource(model: FakeModel): Json {
	const caps = model.capabilities;
	const resource: Json = {
		name: `models/${model.id}`,
		version: model.version,
		displayName: model.displayName,
		description: model.description,
		inputTokenLimit: caps.inputTokenLimit,
		outputTokenLimit: caps.outputTokenLimit,
		supportedGenerationMethods: [...caps.methods],
	};
	if (caps.methods.includes('generateContent')) {
		// Sampling defaults Google lists for generate models.
		Object.assign(resource, { temperature: 1, topP: 0.95, topK: 64, maxTemperature: 2 });
	}
	if (caps.thinking) {
		resource.thinking = true;
	}
	return resource;
}

/** An opaque-looking token for the entry at `offset`. */
function pageToken(offset: number): string {
	return Buffer.from(`${TOKEN_PREFIX}${offset}`).toString('base64url');
}

/** The offset a token stands for; undefined when this fake did not hand it out for a list of `total` entries. */
function offsetOf(token: string, total: number): number | undefined {
	if (!/^[A-Za-z0-9_-]+$/.test(token)) {
		return undefined;
	}
	const m = new RegExp(`^${TOKEN_PREFIX}(\\d+)$`).exec(Buffer.from(token, 'base64url').toString());
	const offset = m ? Number(m[1]) : Number.NaN;
	return Number.isSafeInteger(offset) && offset > 0 && offset < total ? offset : undefined;
}

/**
 * One page of `models`: `{ models, nextPageToken? }`, or a 400 for a bad `pageSize`/`pageToken`. No `nextPageToken` on
 * the last page (the SDK's pager stops only when it is absent) and never an empty page.
 */
export function listModelsPage(
	query: URLSearchParams,
	models: readonly FakeModel[],
	modelsPerPage: number,
): { status: 200; body: Json } | { status: 400; body: GoogleErrorBody } {
	const sizeParam = query.get('pageSize');
	let pageSize = DEFAULT_PAGE_SIZE;
	if (sizeParam !== null) {
		if (!/^-?\d+$/.test(sizeParam) || Number(sizeParam) < 0) {
			return {
				status: 400,
				body: invalidArgument([{ field: 'page_size', description: `Invalid page size ${JSON.stringify(sizeParam)}: must be a non-negative integer.` }]),
			};
		}
		pageSize = Number(sizeParam) === 0 ? DEFAULT_PAGE_SIZE : Math.min(Number(sizeParam), MAX_PAGE_SIZE);
	}
	const token = query.get('pageToken');
	let offset = 0;
	if (token !== null && token !== '') {
		const at = offsetOf(token, models.length);
		if (at === undefined) {
			return { status: 400, body: invalidArgument([{ field: 'page_token', description: 'Invalid page token.' }]) };
		}
		offset = at;
	}
	const take = Math.max(1, Math.min(pageSize, modelsPerPage));
	const page = models.slice(offset, offset + take);
	const body: Json = { models: page.map(modelResource) };
	if (offset + take < models.length) {
		body.nextPageToken = pageToken(offset + take);
	}
	return { status: 200, body };
}
