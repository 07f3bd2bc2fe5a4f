/**
 * Code lenses on an asset manifest: above the file, "Generate Missing (n)", "Regenerate Changed (m)" and "Submit as
 * Batch"; above each asset, its status and Generate / Regenerate / Open. Output hashes are cached by size and
 * modification time, so typing in a manifest of large images does not hash them all again.
 */
import * as vscode from 'vscode';
import { parseLock } from '../assets/lockFile';
import { parseManifest } from '../assets/manifest';
import { AssetPlan, AssetStatus, planAssets } from '../assets/plan';
import type { AssetFilesPort } from '../assets/ports';
import { isManifestUri } from './manifestDiagnostics';
import { lockUriFor } from './manifestLocation';
import { WorkspaceAssetFiles } from './workspaceAssetFiles';
import type { Services } from '../services';

/** The status lens of an asset, its icon and its words (looked up when shown: the display language is known then). */
function statusText(status: AssetStatus): string {
	switch (status) {
		case 'missing':
			return `$(circle-large-outline) ${vscode.l10n.t('missing')}`;
		case 'changed':
			return `$(diff-modified) ${vscode.l10n.t('recipe changed')}`;
		case 'edited':
			return `$(edit) ${vscode.l10n.t('edited by hand (kept)')}`;
		case 'upToDate':
			return `$(pass) ${vscode.l10n.t('up to date')}`;
	}
}

export class ManifestCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
	private readonly _onDidChange = new vscode.EventEmitter<void>();
	readonly onDidChangeCodeLenses = this._onDidChange.event;
	private readonly _hashes = new Map<string, { size: number; mtime: number; bytes: Uint8Array }>();

	constructor(private readonly _services: Pick<Services, 'store' | 'edits' | 'log'>) {}

	/** Shows the statuses again (after a run, a validation, or a change to the lock or an output). */
	refresh(): void {
		this._hashes.clear();
		this._onDidChange.fire();
	}

	async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
		if (!isManifestUri(document.uri)) {
			return [];
		}
		const parsed = parseManifest(document.getText());
		if (parsed.fatal) {
			return [];
		}
		const root = vscode.Uri.joinPath(document.uri, '..');
		const files = this._cached(new WorkspaceAssetFiles(this._services, root, lockUriFor(document.uri)));
		const { lock } = parseLock(await files.readLock());
		const { plans } = await planAssets(parsed.assets, lock, files);
		if (token.isCancellationRequested) {
			return [];
		}
		const manifest = document.uri.toString();
		const top = new vscode.Range(0, 0, 0, 0);
		const count = (status: AssetStatus) => plans.filter((plan) => plan.outputs.some((output) => output.status === status)).length;
		const lenses = [
			new vscode.CodeLens(top, {
				title: `$(sparkle) ${vscode.l10n.t('Generate Missing ({0})', count('missing'))}`,
				command: 'imageStudio.generateMissingAssets',
				arguments: [{ manifest, confirm: true }],
			}),
			new vscode.CodeLens(top, {
				title: `$(sync) ${vscode.l10n.t('Regenerate Changed ({0})', count('changed'))}`,
				command: 'imageStudio.regenerateChangedAssets',
				arguments: [{ manifest, confirm: true }],
			}),
			new vscode.CodeLens(top, {
				title: `$(cloud-upload) ${vscode.l10n.t('Submit Missing as Batch (half price)')}`,
				command: 'imageStudio.submitAssetsBatch',
				arguments: [{ manifest, confirm: true }],
			}),
		];
		const inBatch = new Set((lock.pendingBatches ?? []).flatMap((batch) => batch.outputs.map((output) => output.assetId)));
		for (const plan of plans) {
			lenses.push(...assetLenses(document, manifest, root, plan, inBatch.has(plan.asset.id)));
		}
		return lenses;
	}

	/** The port with `read` cached by size and modification time. */
	private _cached(files: WorkspaceAssetFiles): AssetFilesPort {
		const read = async (relativePath: string): Promise<Uint8Array | undefined> => {
			const uri = files.uri(relativePath);
			const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
			if (!stat || stat.type !== vscode.FileType.File) {
				return undefined;
			}
			const key = uri.toString();
			const hit = this._hashes.get(key);
			if (hit && hit.size === stat.size && hit.mtime === stat.mtime) {
				return hit.bytes;
			}
			const bytes = await files.read(relativePath);
			if (bytes) {
				this._hashes.set(key, { size: stat.size, mtime: stat.mtime, bytes });
			}
			return bytes;
		};
		return {
			read,
			exists: (path) => files.exists(path),
			writeNew: () => Promise.reject(new Error('read only')),
			replaceWithBackup: () => Promise.reject(new Error('read only')),
			readLock: () => files.readLock(),
			writeLock: () => Promise.reject(new Error('read only')),
		};
	}

	dispose(): void {
		this._onDidChange.dispose();
	}
}

function assetLenses(document: vscode.TextDocument, manifest: string, root: vscode.Uri, plan: AssetPlan, inBatch: boolean): vscode.CodeLens[] {
	const start = document.positionAt(plan.asset.offset);
	const range = new vscode.Range(start, start);
	const lenses = [
		new vscode.CodeLens(range, {
			title: inBatch ? `$(cloud-upload) ${vscode.l10n.t('waiting in a batch job')}` : statusText(plan.status),
			tooltip: inBatch ? vscode.l10n.t('Its result is saved when the batch job finishes (Show Batch Jobs).') : undefined,
			command: inBatch ? 'imageStudio.showAssetBatches' : '',
		}),
	];
	const generate = plan.status === 'missing';
	lenses.push(
		new vscode.CodeLens(range, {
			title: generate ? `$(sparkle) ${vscode.l10n.t('Generate')}` : `$(sync) ${vscode.l10n.t('Regenerate')}`,
			tooltip: generate
				? vscode.l10n.t('Generate {0}', plan.asset.outputs.join(', '))
				: vscode.l10n.t('Regenerate {0} (the current files are backed up first)', plan.asset.outputs.join(', ')),
			command: 'imageStudio.generateAssets',
			arguments: [{ manifest, ids: [plan.asset.id], confirm: true }],
		}),
	);
	const existing = plan.outputs.find((output) => output.exists);
	if (existing) {
		lenses.push(
			new vscode.CodeLens(range, {
				title: `$(go-to-file) ${vscode.l10n.t('Open')}`,
				command: 'vscode.open',
				arguments: [vscode.Uri.joinPath(root, ...existing.path.split('/'))],
			}),
		);
	}
	return lenses;
}
