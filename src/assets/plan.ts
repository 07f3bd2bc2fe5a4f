/**
 * What a run would do: each asset's status from the manifest, the lock and the files on disk, and which outputs a
 * mode selects. An output is `missing` (no file), `changed` (made from another recipe), `edited` (its bytes differ
 * from what was written, or it was never written by a run: someone else's file, never replaced by "changed" unless
 * forced) or `upToDate`. An asset takes the most pressing status of its outputs: missing, edited, changed, upToDate.
 */
import * as l10n from '@vscode/l10n';
import { ImageStudioError, errorMessage } from '../core/errors';
import { sha256 } from '../core/hash';
import type { AssetLock } from './lockFile';
import type { ResolvedAsset } from './manifest';
import type { AssetFilesPort } from './ports';
import { recipeHash } from './recipe';

export type AssetStatus = 'missing' | 'changed' | 'edited' | 'upToDate';

export interface OutputPlan {
	readonly path: string;
	readonly status: AssetStatus;
	/** The file exists now (a write must replace it, with a backup, rather than create it). */
	readonly exists: boolean;
}

export interface AssetPlan {
	readonly asset: ResolvedAsset;
	readonly status: AssetStatus;
	readonly recipe: string;
	readonly outputs: readonly OutputPlan[];
	/** The reference images' bytes, read once for the recipe and reused for the request. */
	readonly references: readonly { readonly path: string; readonly bytes: Uint8Array }[];
}

/** Which assets a run takes: by status, everything, or the given ids (those two regenerate every output). */
export type RunMode = 'missing' | 'changed' | 'all' | { readonly ids: readonly string[] };

const STATUS_ORDER: readonly AssetStatus[] = ['missing', 'edited', 'changed', 'upToDate'];

/**
 * Plans every asset. An asset whose reference vanished since validation, or whose files cannot be read (a link out
 * of the folder, no permission), is returned in `unreadable` with the reason; the others are planned.
 */
export async function planAssets(
	assets: readonly ResolvedAsset[],
	lock: AssetLock,
	files: Pick<AssetFilesPort, 'read'>,
): Promise<{ plans: AssetPlan[]; unreadable: { id: string; message: string }[] }> {
	const plans: AssetPlan[] = [];
	const unreadable: { id: string; message: string }[] = [];
	const referenceCache = new Map<string, Uint8Array | undefined>();
	for (const asset of assets) {
		try {
			plans.push(await planAsset(asset, lock, files, referenceCache));
		} catch (error) {
			unreadable.push({ id: asset.id, message: errorMessage(error) });
		}
	}
	return { plans, unreadable };
}

async function planAsset(
	asset: ResolvedAsset,
	lock: AssetLock,
	files: Pick<AssetFilesPort, 'read'>,
	referenceCache: Map<string, Uint8Array | undefined>,
): Promise<AssetPlan> {
	{
		const references: { path: string; bytes: Uint8Array }[] = [];
		let missingReference: string | undefined;
		for (const reference of asset.references) {
			if (!referenceCache.has(reference)) {
				referenceCache.set(reference, await files.read(reference));
			}
			const bytes = referenceCache.get(reference);
			if (!bytes) {
				missingReference = reference;
				break;
			}
			references.push({ path: reference, bytes });
		}
		if (missingReference !== undefined) {
			throw new ImageStudioError('inputImage', l10n.t('The reference "{0}" could not be read.', missingReference));
		}
		const recipe = recipeHash(
			asset,
			references.map((reference) => sha256(reference.bytes)),
		);
		const entry = lock.assets[asset.id];
		const outputs: OutputPlan[] = [];
		for (const path of asset.outputs) {
			const bytes = await files.read(path);
			const recorded = entry?.outputs.find((output) => output.path === path);
			let status: AssetStatus;
			if (!bytes) {
				status = 'missing';
			} else if (!recorded || recorded.sha256 !== sha256(bytes)) {
				status = 'edited';
			} else {
				status = (recorded.recipe || entry?.recipe) === recipe ? 'upToDate' : 'changed';
			}
			outputs.push({ path, status, exists: bytes !== undefined });
		}
		const status = STATUS_ORDER.find((candidate) => outputs.some((output) => output.status === candidate)) ?? 'upToDate';
		return { asset, status, recipe, outputs, references };
	}
}

/**
 * The outputs a mode regenerates, per asset: `missing` only missing files; `changed` outputs made from another recipe
 * (hand-edited ones too only when `force`: an edit is the user's work); `all` and ids every output. Assets with nothing
 * selected are left out.
 */
export function selectOutputs(plans: readonly AssetPlan[], mode: RunMode, force = false): { plan: AssetPlan; outputs: OutputPlan[] }[] {
	const ids = typeof mode === 'object' ? new Set(mode.ids) : undefined;
	const selected: { plan: AssetPlan; outputs: OutputPlan[] }[] = [];
	for (const plan of plans) {
		let outputs: OutputPlan[];
		if (ids) {
			outputs = ids.has(plan.asset.id) ? [...plan.outputs] : [];
		} else if (mode === 'all') {
			outputs = [...plan.outputs];
		} else if (mode === 'missing') {
			outputs = plan.outputs.filter((output) => output.status === 'missing');
		} else {
			outputs = plan.outputs.filter((output) => output.status === 'changed' || (force && output.status === 'edited'));
		}
		if (outputs.length > 0) {
			selected.push({ plan, outputs });
		}
	}
	return selected;
}
