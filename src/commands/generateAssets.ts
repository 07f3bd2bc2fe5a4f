import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import { isArgsObject } from '../core/args';
import { readMaxCostUsd } from '../core/cost';
import { ImageStudioError } from '../core/errors';
import type { RunMode } from '../assets/plan';
import type { RunAssetsResult } from '../assets/runner';
import type { AssetsWorkbench } from '../assetsWorkbench/assetsWorkbench';
import { resolveManifest } from '../assetsWorkbench/manifestLocation';

/**
 * The argument object of the asset commands. `manifest`: a workspace-relative path or URI string (default: the
 * manifest in the active editor, or the only one in the workspace).
 */
export interface AssetCommandArgs {
	readonly manifest?: string;
	/** Only these assets, every one of their outputs (existing files are backed up first). */
	readonly ids?: readonly string[];
	/** `missing`, `changed` or `all` (default: the command's own). */
	readonly mode?: 'missing' | 'changed' | 'all';
	/** With `changed`: also replace outputs edited by hand (backed up first). */
	readonly force?: boolean;
	/** Refuse (sending nothing) when the run's estimate is above this many US dollars. */
	readonly maxCostUsd?: number;
	/**
	 * Behave as from the palette: ask before spending more than `imageStudio.confirmAboveUsd`, ask for a key or a
	 * manifest when needed. The code lenses pass it; scripts leave it out and are never asked anything.
	 */
	readonly confirm?: boolean;
}

/**
 * `imageStudio.generateAssets`: runs an asset manifest (by default what is missing). The code lenses call it per
 * asset with `ids`. Returns what happened to every asset, or undefined when it could not run (after saying why).
 */
export class GenerateAssetsCommand implements Command {
	readonly id: string = 'imageStudio.generateAssets';
	readonly title: string = vscode.l10n.t('Generate Assets');
	readonly writesWorkspace = true;
	protected readonly defaultMode: 'missing' | 'changed' = 'missing';

	constructor(private readonly _assets: AssetsWorkbench) {}

	async execute(args?: unknown): Promise<RunAssetsResult | undefined> {
		const options = isArgsObject(args) ? readAssetArgs(args) : {};
		const interactive = !isArgsObject(args) || options.confirm === true;
		const manifest = await resolveManifest(options.manifest, interactive);
		if (!manifest) {
			return undefined;
		}
		const mode: RunMode = options.ids ? { ids: options.ids } : (options.mode ?? this.defaultMode);
		return this._assets.run({ manifest, mode, force: options.force, interactive, maxCostUsd: options.maxCostUsd });
	}
}

/** Checks an argument object field by field; a wrong field is an error, never ignored. */
export function readAssetArgs(args: Record<string, unknown>): AssetCommandArgs {
	const known = new Set(['manifest', 'ids', 'mode', 'force', 'maxCostUsd', 'confirm']);
	const unknown = Object.keys(args).filter((key) => !known.has(key));
	if (unknown.length > 0) {
		throw new ImageStudioError(
			'invalidInput',
			unknown.length === 1
				? vscode.l10n.t('Unknown argument {0}; the asset commands take {1}.', `"${unknown[0]}"`, [...known].join(', '))
				: vscode.l10n.t('Unknown arguments {0}; the asset commands take {1}.', unknown.map((key) => `"${key}"`).join(', '), [...known].join(', ')),
		);
	}
	if (args.manifest !== undefined && typeof args.manifest !== 'string') {
		throw new ImageStudioError('invalidInput', vscode.l10n.t('"manifest" must be a workspace-relative path or a URI string.'));
	}
	if (args.ids !== undefined && !(Array.isArray(args.ids) && args.ids.length > 0 && args.ids.every((id) => typeof id === 'string' && id.length > 0))) {
		throw new ImageStudioError('invalidInput', vscode.l10n.t('"ids" must be a non-empty list of asset ids.'));
	}
	if (args.mode !== undefined && !['missing', 'changed', 'all'].includes(args.mode as string)) {
		throw new ImageStudioError('invalidInput', vscode.l10n.t('"mode" must be "missing", "changed" or "all".'));
	}
	for (const flag of ['force', 'confirm']) {
		if (args[flag] !== undefined && typeof args[flag] !== 'boolean') {
			throw new ImageStudioError('invalidInput', vscode.l10n.t('"{0}" must be true or false.', flag));
		}
	}
	return {
		manifest: args.manifest as string | undefined,
		ids: args.ids as string[] | undefined,
		mode: args.mode as AssetCommandArgs['mode'],
		force: args.force as boolean | undefined,
		maxCostUsd: readMaxCostUsd(args.maxCostUsd),
		confirm: args.confirm as boolean | undefined,
	};
}
