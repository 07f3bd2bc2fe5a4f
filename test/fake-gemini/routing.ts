// Routing: which API route a request is (path and method → apiVersion, model and action on its record), whether the
// fake serves it, Google's 404 for the rest, and the API key gate (gemini-wire.md §2, §7).
import type { RecordedRequest } from './exchange';
import { GoogleErrorBody, apiKeyInvalid, googleError, modelNotFound, unregisteredCaller } from './googleErrors';
import type { FakeGeminiOptions } from './options';

/** Fills apiVersion/model/action of the record from the path (left unset where the path says nothing). */
export function routeRequest(rec: RecordedRequest, url: URL): void {
	const method = rec.method;
	const up = /^\/upload\/(v1|v1beta|v1alpha)\/files$/.exec(url.pathname);
	if (up) {
		rec.apiVersion = up[1];
		if (url.searchParams.has('upload_id') && (method === 'POST' || method === 'PUT')) {
			rec.action = 'upload.chunk';
		} else if (method === 'POST') {
			rec.action = 'upload.start';
		}
		return;
	}
	const download = /^\/download\/(v1|v1beta|v1alpha)\/files\/([^/:]+):download$/.exec(url.pathname);
	if (download) {
		rec.apiVersion = download[1];
		rec.action = method === 'GET' ? 'files.download' : undefined;
		return;
	}
	const batches = /^\/(v1|v1beta|v1alpha)\/batches\/([^/:]+)(:cancel)?$/.exec(url.pathname);
	if (batches) {
		rec.apiVersion = batches[1];
		if (batches[3]) {
			rec.action = method === 'POST' ? 'batches.cancel' : undefined;
		} else {
			rec.action = method === 'GET' ? 'batches.get' : method === 'DELETE' ? 'batches.delete' : undefined;
		}
		return;
	}
	const files = /^\/(v1|v1beta|v1alpha)\/files(?:\/([^/:]+))?$/.exec(url.pathname);
	if (files) {
		rec.apiVersion = files[1];
		if (files[2] === undefined) {
			rec.action = method === 'GET' ? 'files.list' : undefined;
		} else {
			rec.action = method === 'GET' ? 'files.get' : method === 'DELETE' ? 'files.delete' : undefined;
		}
		return;
	}
	const m = /^\/(v1|v1beta|v1alpha)\/models(?:\/([^/:]+)(?::([A-Za-z]+))?)?$/.exec(url.pathname);
	if (!m) {
		return;
	}
	rec.apiVersion = m[1];
	if (m[2] === undefined) {
		rec.action = 'list';
		return;
	}
	try {
		rec.model = decodeURIComponent(m[2]);
	} catch {
		rec.model = m[2];
	}
	rec.action = m[3] ?? (rec.method === 'GET' ? 'get' : undefined);
}

/** A Files API request (upload sessions: uploads.ts; file resources: files.ts). */
export function isFilesAction(rec: RecordedRequest): boolean {
	return (rec.action?.startsWith('upload.') || rec.action?.startsWith('files.')) === true;
}

/** batches.get, batches.cancel, batches.delete (batches.ts). */
export function isBatchesAction(rec: RecordedRequest): boolean {
	return rec.action?.startsWith('batches.') === true;
}

/** models.list, models.get (GET) or generateContent, streamGenerateContent, countTokens, batchGenerateContent (POST) of a known version. */
export function isModelsRoute(rec: RecordedRequest): boolean {
	return (
		rec.apiVersion !== undefined &&
		((rec.method === 'GET' && (rec.action === 'list' || rec.action === 'get')) ||
			(rec.method === 'POST' &&
				(rec.action === 'generateContent' ||
					rec.action === 'streamGenerateContent' ||
					rec.action === 'countTokens' ||
					rec.action === 'batchGenerateContent')))
	);
}

/** Google's 404 for a route the fake does not serve: the model's "not found … for <action>" when a POST names one. */
export function routeNotFound(rec: RecordedRequest): GoogleErrorBody {
	return rec.model && rec.action && rec.method === 'POST'
		? modelNotFound(rec.model, rec.apiVersion ?? 'v1beta', rec.action)
		: googleError(404, 'Requested entity was not found.', 'NOT_FOUND');
}

/** Google's reply to a missing key (403, when required) or one not in `validKeys` (400); undefined: it passes. */
export function keyRejection(rec: RecordedRequest, options: FakeGeminiOptions): { status: number; body: GoogleErrorBody } | undefined {
	const key = apiKeyOf(rec);
	if (!key) {
		if (options.requireApiKey) {
			return { status: 403, body: unregisteredCaller() };
		}
	} else if (options.validKeys && !options.validKeys.includes(key)) {
		return { status: 400, body: apiKeyInvalid() };
	}
	return undefined;
}

/** The request's API key: `x-goog-api-key`, else `?key=`. */
export function apiKeyOf(rec: RecordedRequest): string | undefined {
	const h = rec.headers['x-goog-api-key'];
	const header = Array.isArray(h) ? h[0] : h;
	if (header && header.trim() !== '') {
		return header;
	}
	// Google also accepts ?key=; the SDK never uses it (gemini-wire.md §2).
	const q = new URLSearchParams(rec.query).get('key');
	return q && q.trim() !== '' ? q : undefined;
}
