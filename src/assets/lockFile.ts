/**
 * The lock file (`assets.imagestudio.lock.json`, beside the manifest): per asset the recipe hash it was generated
 * from and the sha256 of each output as written, so a run can tell missing, changed and hand-edited assets apart;
 * and the batch jobs submitted but not collected yet. Read tolerantly (a damaged lock is reported and treated as
 * empty: at worst assets look missing or edited, never silently overwritten); written whole (the port writes it
 * atomically, temp + rename).
 */
import * as l10n from '@vscode/l10n';

export const LOCK_FILE_NAME = 'assets.imagestudio.lock.json';
export const LOCK_VERSION = 1;

export interface LockOutput {
	/** Manifest-relative path. */
	readonly path: string;
	/** sha256 (hex) of the bytes written. */
	readonly sha256: string;
	/** The recipe hash this output was generated from (outputs of one asset can differ after a partial run). */
	readonly recipe: string;
}

export interface LockEntry {
	/** The recipe hash of the last generation of this asset. */
	readonly recipe: string;
	readonly outputs: readonly LockOutput[];
	readonly model: string;
	/** ISO time of the last generation. */
	readonly generatedAt: string;
	/** Estimated cost of the last generation, in US dollars, where the catalog has a price. */
	readonly costUsd?: number;
}

/** One output a pending batch job will produce. */
export interface PendingBatchOutput {
	/** The batch entry key, `${assetId}#${n}` (n from 1). */
	readonly key: string;
	readonly assetId: string;
	readonly path: string;
	readonly recipe: string;
}

export interface PendingBatch {
	/** The job's resource name (`batches/…`). */
	readonly name: string;
	readonly model: string;
	readonly submittedAt: string;
	readonly outputs: readonly PendingBatchOutput[];
	/** Estimated cost at the batch price, where known. */
	readonly estimatedCostUsd?: number;
}

export interface AssetLock {
	readonly version: typeof LOCK_VERSION;
	readonly assets: Readonly<Record<string, LockEntry>>;
	readonly pendingBatches?: readonly PendingBatch[];
}

export function emptyLock(): AssetLock {
	return { version: LOCK_VERSION, assets: {} };
}

const HEX64 = /^[0-9a-f]{64}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseOutput(value: unknown): LockOutput | undefined {
	if (!isRecord(value) || typeof value.path !== 'string' || typeof value.sha256 !== 'string' || !HEX64.test(value.sha256)) {
		return undefined;
	}
	return { path: value.path, sha256: value.sha256, recipe: typeof value.recipe === 'string' ? value.recipe : '' };
}

function parseEntry(value: unknown): LockEntry | undefined {
	if (!isRecord(value) || typeof value.recipe !== 'string' || !Array.isArray(value.outputs) || typeof value.model !== 'string') {
		return undefined;
	}
	const outputs = value.outputs.map(parseOutput);
	if (outputs.some((output) => output === undefined)) {
		return undefined;
	}
	return {
		recipe: value.recipe,
		outputs: outputs as LockOutput[],
		model: value.model,
		generatedAt: typeof value.generatedAt === 'string' ? value.generatedAt : '',
		...(typeof value.costUsd === 'number' && Number.isFinite(value.costUsd) ? { costUsd: value.costUsd } : {}),
	};
}

function parsePendingBatch(value: unknown): PendingBatch | undefined {
	if (!isRecord(value) || typeof value.name !== 'string' || typeof value.model !== 'string' || !Array.isArray(value.outputs)) {
		return undefined;
	}
	const outputs: PendingBatchOutput[] = [];
	for (const output of value.outputs) {
		if (
			!isRecord(output) ||
			typeof output.key !== 'string' ||
			typeof output.assetId !== 'string' ||
			typeof output.path !== 'string' ||
			typeof output.recipe !== 'string'
		) {
			return undefined;
		}
		outputs.push({ key: output.key, assetId: output.assetId, path: output.path, recipe: output.recipe });
	}
	return {
		name: value.name,
		model: value.model,
		submittedAt: typeof value.submittedAt === 'string' ? value.submittedAt : '',
		outputs,
		...(typeof value.estimatedCostUsd === 'number' ? { estimatedCostUsd: value.estimatedCostUsd } : {}),
	};
}

/**
 * Reads a lock file's text. Never throws: damaged text, another version or damaged entries give a `problem` and are
 * left out (an entry left out makes its asset look edited or missing, so nothing is overwritten on its account).
 */
export function parseLock(text: string | undefined): { lock: AssetLock; problem?: string } {
	if (text === undefined || text.trim() === '') {
		return { lock: emptyLock() };
	}
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch (error) {
		return { lock: emptyLock(), problem: l10n.t('The lock file is not valid JSON ({0}); it is treated as empty.', (error as Error).message) };
	}
	if (!isRecord(raw) || raw.version !== LOCK_VERSION || !isRecord(raw.assets)) {
		return { lock: emptyLock(), problem: l10n.t('The lock file is not a version {0} lock; it is treated as empty.', LOCK_VERSION) };
	}
	const assets: Record<string, LockEntry> = {};
	const damaged: string[] = [];
	for (const [id, value] of Object.entries(raw.assets)) {
		const entry = parseEntry(value);
		if (entry) {
			assets[id] = entry;
		} else {
			damaged.push(id);
		}
	}
	const pendingBatches: PendingBatch[] = [];
	for (const value of Array.isArray(raw.pendingBatches) ? raw.pendingBatches : []) {
		const batch = parsePendingBatch(value);
		if (batch) {
			pendingBatches.push(batch);
		} else {
			damaged.push('a pending batch');
		}
	}
	return {
		lock: { version: LOCK_VERSION, assets, ...(pendingBatches.length > 0 ? { pendingBatches } : {}) },
		...(damaged.length > 0
			? { problem: l10n.t('Damaged lock entries were ignored: {0}.', `${damaged.slice(0, 5).join(', ')}${damaged.length > 5 ? ', …' : ''}`) }
			: {}),
	};
}

/** The lock's text: assets by id in sorted order, tab-indented, with a final newline (stable diffs in git). */
export function serializeLock(lock: AssetLock): string {
	const assets: Record<string, LockEntry> = {};
	for (const id of Object.keys(lock.assets).sort()) {
		assets[id] = lock.assets[id];
	}
	const value = { version: LOCK_VERSION, assets, ...(lock.pendingBatches && lock.pendingBatches.length > 0 ? { pendingBatches: lock.pendingBatches } : {}) };
	return `${JSON.stringify(value, undefined, '\t')}\n`;
}

/** The lock path beside a manifest path (`x/assets.imagestudio.json` → `x/assets.imagestudio.lock.json`). */
export function lockPathFor(manifestPath: string): string {
	return manifestPath.replace(/\.json$/i, '') + '.lock.json';
}
