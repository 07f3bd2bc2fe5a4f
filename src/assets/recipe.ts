/**
 * An asset's recipe: everything that decides what Gemini is asked for. Its hash (sha256 of a canonical JSON: sorted
 * keys, no spaces) is what the lock file remembers, so a changed prompt, style, model, ratio, size, count or reference
 * image makes the asset "changed", and reordering keys in the manifest does not.
 */
import { sha256 } from '../core/hash';
import type { ResolvedAsset } from './manifest';

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) {
		return `[${value.map(canonicalJson).join(',')}]`;
	}
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, item]) => item !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

/**
 * The recipe hash of an asset, given the sha256 of each reference image's bytes (in the manifest's order: the order
 * is part of the request). Version 1 of the recipe: bump `v` when its fields change meaning.
 */
export function recipeHash(asset: Pick<ResolvedAsset, 'prompt' | 'model' | 'aspectRatio' | 'imageSize' | 'count'>, referenceHashes: readonly string[]): string {
	const recipe = {
		v: 1,
		prompt: asset.prompt,
		model: asset.model,
		aspectRatio: asset.aspectRatio,
		imageSize: asset.imageSize ?? null,
		count: asset.count,
		references: referenceHashes,
	};
	return sha256(Buffer.from(canonicalJson(recipe), 'utf8'));
}
