/**
 * The models a user can pick: the API's own list (cached per endpoint for a day, refreshed in the background) with the
 * catalog's knowledge laid over it. The list decides what exists; the catalog adds capabilities, prices, deprecation
 * and replacements for the models it knows, and a listed model it does not know shows "capabilities not known".
 * When the list cannot be had (offline, 403, no key) the catalog stands in, quietly: logged once per endpoint.
 *
 * No `vscode`: the cache is anything with `get`/`update` (VS Code's `globalState`), the lister is injected.
 */
import * as l10n from '@vscode/l10n';
import { availableModels, estimateImagePriceUsd, findModel, MODEL_CATALOG, ModelInfo, ModelStatus, unknownModelInfo } from './modelCatalog';
import { normaliseEndpoint } from './geminiClient';
import { closestModelIds, ListedModel } from './modelList';
import { errorMessage } from '../core/errors';

/** A day: Google adds and deprecates models every few weeks, and a stale list is refreshed in the background. */
export const MODEL_LIST_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const CACHE_KEY_PREFIX = 'imageStudio.modelList:';

/** What is cached per endpoint: names and labels only, never the key. */
export interface CachedModelList {
	readonly fetchedAt: number;
	readonly models: readonly { readonly id: string; readonly displayName?: string; readonly description?: string }[];
}

export interface ModelListCache {
	get<T>(key: string): T | undefined;
	update(key: string, value: unknown): PromiseLike<void>;
}

/** Lists the image models of `endpoint` with `apiKey` (the SDK's `models.list`, filtered). */
export type ImageModelLister = (endpoint: string, apiKey: string) => Promise<ListedModel[]>;

export interface ModelChoice {
	readonly id: string;
	readonly label: string;
	/** The catalog entry, or open capabilities for a model it does not know. */
	readonly info: ModelInfo;
	/** The catalog knows the model's sizes, ratios and price. */
	readonly known: boolean;
	/** Listed by the API (false: from the catalog, because no list could be had). */
	readonly listed: boolean;
	readonly status: ModelStatus | 'unknown';
	/** One line for pickers: capabilities and price, "capabilities not known", or "deprecated: use …". */
	readonly detail: string;
}

export interface ModelDirectoryLog {
	info(message: string): void;
	warn(message: string): void;
}

export class ModelDirectory {
	private readonly _refreshing = new Map<string, Promise<readonly ModelChoice[]>>();
	private readonly _failuresLogged = new Set<string>();
	private readonly _listeners = new Set<(endpoint: string) => void>();

	constructor(
		private readonly _cache: ModelListCache,
		private readonly _lister: ImageModelLister,
		private readonly _log: ModelDirectoryLog,
		private readonly _now: () => number = Date.now,
	) {}

	/** Told when a fresh list for an endpoint has arrived. */
	onDidChange(listener: (endpoint: string) => void): { dispose(): void } {
		this._listeners.add(listener);
		return { dispose: () => this._listeners.delete(listener) };
	}

	/** The cached list of `endpoint` (any age), if one was ever fetched. */
	cached(endpoint: string): CachedModelList | undefined {
		endpoint = endpointKey(endpoint);
		const value = this._cache.get<CachedModelList>(CACHE_KEY_PREFIX + endpoint);
		return isCachedList(value) ? value : undefined;
	}

	/** The choices as known now, without waiting: the cached list (any age), else the catalog. */
	choices(endpoint: string): readonly ModelChoice[] {
		return buildChoices(this.cached(endpoint));
	}

	/**
	 * The choices for a picker: a fresh cached list at once; a stale one at once with a refresh in the background; none
	 * yet, then waits for the list (failing quietly to the catalog).
	 */
	async load(endpoint: string, apiKey: string | undefined): Promise<readonly ModelChoice[]> {
		endpoint = endpointKey(endpoint);
		const cached = this.cached(endpoint);
		if (cached && this._now() - cached.fetchedAt < MODEL_LIST_MAX_AGE_MS) {
			return buildChoices(cached);
		}
		if (!apiKey) {
			return buildChoices(cached);
		}
		if (cached) {
			void this.refresh(endpoint, apiKey).catch(() => undefined);
			return buildChoices(cached);
		}
		try {
			return await this.refresh(endpoint, apiKey);
		} catch {
			return buildChoices(undefined);
		}
	}

	/** Starts a background refresh when the cached list is missing or older than a day. */
	refreshIfStale(endpoint: string, apiKey: string | undefined): void {
		endpoint = endpointKey(endpoint);
		const cached = this.cached(endpoint);
		if (apiKey && (!cached || this._now() - cached.fetchedAt >= MODEL_LIST_MAX_AGE_MS)) {
			void this.refresh(endpoint, apiKey).catch(() => undefined);
		}
	}

	/**
	 * Fetches the list now and caches it. Rejects with the lister's error (the "Refresh Model List" command shows it);
	 * the first failure per endpoint is also logged, later ones are not.
	 */
	refresh(endpoint: string, apiKey: string): Promise<readonly ModelChoice[]> {
		endpoint = endpointKey(endpoint);
		const running = this._refreshing.get(endpoint);
		if (running) {
			return running;
		}
		const promise = (async () => {
			try {
				const listed = await this._lister(endpoint, apiKey);
				const list: CachedModelList = {
					fetchedAt: this._now(),
					models: listed.map((model) => ({ id: model.id, displayName: model.displayName, description: model.description?.slice(0, 200) })),
				};
				await this._cache.update(CACHE_KEY_PREFIX + endpoint, list);
				this._failuresLogged.delete(endpoint);
				this._log.info(`Model list of ${endpoint}: ${list.models.map((model) => model.id).join(', ') || 'no image models'}`);
				for (const listener of this._listeners) {
					listener(endpoint);
				}
				return buildChoices(list);
			} catch (error) {
				if (!this._failuresLogged.has(endpoint)) {
					this._failuresLogged.add(endpoint);
					this._log.warn(`Could not list the models of ${endpoint}; using the built-in catalog instead. ${errorMessage(error)}`);
				}
				throw error;
			} finally {
				this._refreshing.delete(endpoint);
			}
		})();
		this._refreshing.set(endpoint, promise);
		return promise;
	}

	/** IDs of the image models the endpoint listed last time, or undefined when no list was ever fetched. */
	listedIds(endpoint: string): string[] | undefined {
		return this.cached(endpoint)?.models.map((model) => model.id);
	}

	/** The listed (else catalog) image models closest to `id`, for "model not found" messages. */
	closest(endpoint: string, id: string, count = 3): string[] {
		const candidates = this.listedIds(endpoint) ?? availableModels().map((model) => model.id);
		return closestModelIds(id, candidates, count);
	}
}

/** The cache key of an endpoint setting: the SDK base URL it stands for ("" and Google's URL are one endpoint). */
export function endpointKey(endpoint: string): string {
	try {
		return normaliseEndpoint(endpoint);
	} catch {
		return endpoint.trim();
	}
}

function isCachedList(value: unknown): value is CachedModelList {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as CachedModelList).fetchedAt === 'number' &&
		Array.isArray((value as CachedModelList).models) &&
		(value as CachedModelList).models.every((model) => typeof model?.id === 'string')
	);
}

const STATUS_ORDER: Record<ModelChoice['status'], number> = { ga: 0, preview: 1, unknown: 2, deprecated: 3, shutDown: 4 };

/**
 * The choices from a list (or the catalog without one), best first: GA models in catalog order, previews, listed
 * models the catalog does not know, then deprecated ones. Shut-down models appear only if the API still lists them.
 */
export function buildChoices(list: CachedModelList | undefined): ModelChoice[] {
	const choices: ModelChoice[] = [];
	if (list) {
		for (const entry of list.models) {
			const info = findModel(entry.id);
			choices.push(info ? knownChoice(info, true) : unknownChoice(entry.id, entry.displayName, entry.description));
		}
	} else {
		// No list: every catalog model Google still serves (shut-down ones are not offered unless the API lists them).
		for (const info of MODEL_CATALOG.filter((model) => model.status !== 'shutDown')) {
			choices.push(knownChoice(info, false));
		}
	}
	const catalogIndex = new Map(MODEL_CATALOG.map((model, index) => [model.id, index]));
	const catalogOrder = (id: string) => catalogIndex.get(id) ?? Number.MAX_SAFE_INTEGER;
	return choices.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || catalogOrder(a.id) - catalogOrder(b.id));
}

function knownChoice(info: ModelInfo, listed: boolean): ModelChoice {
	return { id: info.id, label: info.displayName, info, known: true, listed, status: info.status, detail: describeModel(info) };
}

function unknownChoice(id: string, displayName: string | undefined, description: string | undefined): ModelChoice {
	const label = displayName && displayName.trim() !== '' ? displayName.trim() : id;
	return {
		id,
		label,
		info: unknownModelInfo(id, label, description ?? l10n.t('Capabilities not known.')),
		known: false,
		listed: true,
		status: 'unknown',
		detail: l10n.t('capabilities not known'),
	};
}

/** "1K 2K 4K · 14 aspect ratios · from $0.034 per image", with the deprecation first where there is one. */
export function describeModel(info: ModelInfo): string {
	const parts: string[] = [];
	if (info.status === 'deprecated' || info.status === 'shutDown') {
		const status = info.status === 'deprecated' ? l10n.t('deprecated') : info.shutDownOn ? l10n.t('shut down {0}', info.shutDownOn) : l10n.t('shut down');
		parts.push(info.replacement ? l10n.t('{0}: use {1}', status, info.replacement) : status);
	}
	parts.push(info.imageSizes.length > 0 ? info.imageSizes.join(' ') : l10n.t('fixed size'));
	parts.push(l10n.t('{0} aspect ratios', info.aspectRatios.length));
	const cheapest = info.imageSizes.length > 0 ? estimateImagePriceUsd(info, info.imageSizes[0]) : estimateImagePriceUsd(info, undefined);
	if (cheapest !== undefined) {
		parts.push(l10n.t('from ${0} per image', cheapest.toFixed(3)));
	}
	return parts.join(' · ');
}
